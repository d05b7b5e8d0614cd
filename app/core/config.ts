// A repository's .github/appgen.yml is untrusted input: validated by schemas/config.schema.json, checked against the
// operator's ceilings (app/core/limits.ts), then completed with defaults so the rest of the app reads one
// fully-specified, effective object and never repeats a default.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import { appFolderProblem } from "./app-folder.ts";
import { AppgenError, type Problem } from "./errors.ts";
import { DEFAULT_LICENSE_POLICY, type LicensePolicy } from "./diagnostics/dependencies.ts";
import { decideLimits, DEFAULT_GENERATIONS_PER_DAY, type OperatorLimits } from "./limits.ts";
import type { AppgenConfig } from "./schema-types/config.ts";

export type { AppgenConfig } from "./schema-types/config.ts";

export const CONFIG_FILE = "appgen.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export interface ResolvedConfig {
  label: string;
  command: string;
  /** undefined: the repository's default branch. */
  baseBranch: string | undefined;
  /** Folder of the app in the repository; "" for the root. */
  path: string;
  draft: boolean;
  runnerLabels: string[];
  /** model undefined: the server's APPGEN_LLM_MODEL. A model set here is one the operator allows. */
  llm: { enabled: boolean; model: string | undefined };
  /**
   * Effective limits: generationsPerDay and llmTokensPerDay are the repository's values where it lowered the
   * operator's, else the operator's (llmTokensPerDay undefined: no budget at all).
   */
  limits: { maxIssueBytes: number; generationsPerDay: number; maxAutofix: number; llmTokensPerDay: number | undefined };
  autofix: { mode: AutofixMode; runnerLabels: string[] };
  /** The licence check's allow-list (`licenses`); optional only for jobs queued before it existed: then the default. */
  licenses?: { allow: string[]; allowPackages: string[] };
}

export type AutofixMode = "app" | "self-hosted";

export const DEFAULT_CONFIG: ResolvedConfig = {
  label: "generate",
  command: "/regenerate",
  baseBranch: undefined,
  path: "",
  draft: true,
  runnerLabels: ["ubuntu-latest"],
  llm: { enabled: true, model: undefined },
  limits: {
    maxIssueBytes: 64 * 1024,
    generationsPerDay: DEFAULT_GENERATIONS_PER_DAY,
    maxAutofix: 2,
    llmTokensPerDay: undefined,
  },
  autofix: { mode: "app", runnerLabels: ["ubuntu-latest"] },
  licenses: { allow: [...DEFAULT_LICENSE_POLICY.allow], allowPackages: [...DEFAULT_LICENSE_POLICY.allowPackages] },
};

/**
 * The licence policy of a parsed .github/appgen.yml for `appgen check`, which needs nothing else from it: the whole
 * file is validated (CONFIG_INVALID as for the App), the operator's ceilings are the App's business.
 */
export function licensePolicyFromConfig(input: unknown, source = CONFIG_PATH): LicensePolicy {
  if (input === null || input === undefined) return DEFAULT_LICENSE_POLICY;
  if (!checkConfig(input)) {
    const problems = (checkConfig.errors ?? []).map((error) => configProblem(error, input));
    throw new AppgenError(
      "CONFIG_INVALID",
      `${source} is not a valid appgen configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}).`,
      problems,
    );
  }
  return {
    allow: input.licenses?.allow ?? DEFAULT_LICENSE_POLICY.allow,
    allowPackages: input.licenses?.allow_packages ?? DEFAULT_LICENSE_POLICY.allowPackages,
  };
}

/** The licence policy a resolved config (or a job's copy of one, perhaps from before the key existed) asks for. */
export function licensePolicyOf(config: Pick<ResolvedConfig, "licenses">): LicensePolicy {
  return config.licenses ?? DEFAULT_LICENSE_POLICY;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const checkConfig = ajv.compile<AppgenConfig>(configSchema);

/**
 * Validates a parsed config file (null or undefined: no file), checks it against the operator's limits and fills in
 * the defaults. Throws CONFIG_INVALID with one problem per mistake, or CONFIG_NOT_ALLOWED with one problem per value
 * above the operator's ceiling (or a model the operator does not offer), each naming the key and the fix.
 */
export function resolveConfig(input: unknown, operator: OperatorLimits, source = CONFIG_PATH): ResolvedConfig {
  if (input === null || input === undefined) input = {};
  if (!checkConfig(input)) {
    const problems = (checkConfig.errors ?? []).map((error) => configProblem(error, input));
    throw new AppgenError(
      "CONFIG_INVALID",
      `${source} is not a valid appgen configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}).`,
      problems,
    );
  }
  const path = input.path ?? DEFAULT_CONFIG.path;
  const folder = appFolderProblem(path);
  if (folder)
    throw new AppgenError("CONFIG_INVALID", `${source} is not a valid appgen configuration (1 problem).`, [
      { path: "/path", ...folder },
    ]);
  const decided = decideLimits(
    {
      generationsPerDay: input.limits?.generations_per_day,
      llmTokensPerDay: input.limits?.llm_tokens_per_day,
      model: input.llm?.model,
    },
    operator,
  );
  if (!decided.ok) {
    const n = decided.problems.length;
    throw new AppgenError(
      "CONFIG_NOT_ALLOWED",
      `${source} asks for more than this appgen server allows (${n} problem${n === 1 ? "" : "s"}).`,
      decided.problems,
    );
  }
  return {
    label: input.label ?? DEFAULT_CONFIG.label,
    command: input.command ?? DEFAULT_CONFIG.command,
    baseBranch: input.base_branch,
    path,
    draft: input.draft ?? DEFAULT_CONFIG.draft,
    runnerLabels: input.runner_labels ?? [...DEFAULT_CONFIG.runnerLabels],
    llm: { enabled: input.llm?.enabled ?? DEFAULT_CONFIG.llm.enabled, model: decided.limits.model },
    limits: {
      maxIssueBytes: input.limits?.max_issue_bytes ?? DEFAULT_CONFIG.limits.maxIssueBytes,
      generationsPerDay: decided.limits.generationsPerDay,
      maxAutofix: input.limits?.max_autofix ?? DEFAULT_CONFIG.limits.maxAutofix,
      llmTokensPerDay: decided.limits.llmTokensPerDay,
    },
    // The fix workflow runs where the checks run unless it is given runners of its own (a GPU for the model).
    autofix: {
      mode: input.autofix?.mode ?? DEFAULT_CONFIG.autofix.mode,
      runnerLabels: input.autofix?.runner_labels ?? input.runner_labels ?? [...DEFAULT_CONFIG.autofix.runnerLabels],
    },
    // Each list replaces its default, so a repository can also narrow the licences or drop the libvips exception.
    licenses: {
      allow: input.licenses?.allow ?? [...DEFAULT_LICENSE_POLICY.allow],
      allowPackages: input.licenses?.allow_packages ?? [...DEFAULT_LICENSE_POLICY.allowPackages],
    },
  };
}

function configProblem(error: ErrorObject, input: unknown): Problem {
  const path = error.instancePath || "/";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const allowed = Object.keys(propertiesAt(error.schemaPath)).join(", ");
      return {
        path,
        message: `unknown key '${String(params.additionalProperty)}'`,
        fix: `remove it or correct its spelling; allowed here: ${allowed}`,
      };
    }
    case "type":
      return { path, message: `must be ${String(params.type)}` };
    case "pattern": {
      // The app folder's structural rules word their own problem; the pattern only repeats them for editors.
      const value = (input as { path?: unknown }).path;
      const folder = path === "/path" && typeof value === "string" ? appFolderProblem(value) : undefined;
      if (folder) return { path, ...folder };
      return {
        path,
        message: `does not match ${String(params.pattern)}`,
        fix: PATTERN_FIXES[path] ?? "change the value to match the pattern",
      };
    }
    case "enum":
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "minimum":
    case "maximum":
      return { path, message: `must be ${error.keyword === "minimum" ? ">=" : "<="} ${String(params.limit)}` };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

const PATTERN_FIXES: Record<string, string> = {
  "/command": "use a slash and a lower-case word, e.g. /regenerate",
  "/base_branch": "use an existing branch name, e.g. main",
  "/path": "use a relative folder such as apps/crm (letters, digits, '.', '_', '-' and '/'), or '' for the root",
};

function propertiesAt(schemaPath: string): Record<string, unknown> {
  const parts = schemaPath.replace(/^#\/?/, "").split("/").slice(0, -1);
  let node: unknown = configSchema;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  return ((node as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
}
