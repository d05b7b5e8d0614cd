// What the operator of an appgen server allows, and what a repository may ask for within it. The operator pays for
// the model and the daily budget, so the operator's values are ceilings: a repository's .github/appgen.yml can only
// lower them, and can only choose among the models the operator lists. The environment is read at the edge
// (readOperatorLimits in app/settings.ts); this module decides, purely.
import type { Problem } from "./errors.ts";
import type { OperatorLimits } from "./schema-types/settings.ts";

/** The model used when APPGEN_LLM_MODEL is unset. */
export const DEFAULT_LLM_MODEL = "gpt-4o-mini";
/** Generations per installation per UTC day when APPGEN_GENERATIONS_PER_DAY is unset. */
export const DEFAULT_GENERATIONS_PER_DAY = 50;

/**
 * The operator's ceilings (APPGEN_GENERATIONS_PER_DAY, APPGEN_LLM_TOKENS_PER_DAY absent: no budget, APPGEN_LLM_MODEL,
 * APPGEN_LLM_MODELS always including the default), part of schemas/settings.schema.json.
 */
export type { OperatorLimits } from "./schema-types/settings.ts";

export const DEFAULT_OPERATOR_LIMITS: OperatorLimits = {
  generationsPerDay: DEFAULT_GENERATIONS_PER_DAY,
  llmTokensPerDay: undefined,
  defaultModel: DEFAULT_LLM_MODEL,
  models: [DEFAULT_LLM_MODEL],
};

/** The values of a repository's config that the operator caps; undefined: not set there. */
export interface RequestedLimits {
  generationsPerDay?: number | undefined;
  llmTokensPerDay?: number | undefined;
  model?: string | undefined;
}

/** What a run gets: the repository's value where it is within the ceiling, else the operator's. */
export interface EffectiveLimits {
  generationsPerDay: number;
  llmTokensPerDay: number | undefined;
  /** undefined: the operator's default model. */
  model: string | undefined;
}

export type LimitsDecision = { ok: true; limits: EffectiveLimits } | { ok: false; problems: Problem[] };

/**
 * The repository's requested limits checked against the operator's: every value above a ceiling, and a model the
 * operator does not list, is a problem quoting the value and what is allowed. Nothing is silently lowered: a
 * repository that asks for more than it may have is told, so it never runs on settings it did not choose.
 */
export function decideLimits(requested: RequestedLimits, operator: OperatorLimits): LimitsDecision {
  const problems: Problem[] = [];
  const ceiling = (
    path: string,
    value: number | undefined,
    max: number | undefined,
    unit: string,
    variable: string,
  ) => {
    if (value === undefined || max === undefined || value <= max) return;
    problems.push({
      path,
      message: `${format(value)} is above this appgen server's ceiling of ${format(max)} ${unit}`,
      fix: `use at most ${format(max)}, or remove the key to get ${format(max)}; a repository can only lower the server's limit (its operator sets ${variable})`,
    });
  };
  ceiling(
    "/limits/generations_per_day",
    requested.generationsPerDay,
    operator.generationsPerDay,
    "generations a day",
    "APPGEN_GENERATIONS_PER_DAY",
  );
  ceiling(
    "/limits/llm_tokens_per_day",
    requested.llmTokensPerDay,
    operator.llmTokensPerDay,
    "LLM tokens a day",
    "APPGEN_LLM_TOKENS_PER_DAY",
  );
  if (requested.model !== undefined && !operator.models.includes(requested.model)) {
    problems.push({
      path: "/llm/model",
      message: `'${requested.model}' is not a model this appgen server offers`,
      fix: `use one of ${operator.models.map((m) => `'${m}'`).join(", ")}, or remove the key to get '${operator.defaultModel}' (the server's operator lists the models in APPGEN_LLM_MODELS)`,
    });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    limits: {
      generationsPerDay: requested.generationsPerDay ?? operator.generationsPerDay,
      llmTokensPerDay: requested.llmTokensPerDay ?? operator.llmTokensPerDay,
      model: requested.model,
    },
  };
}

function format(n: number): string {
  return n.toLocaleString("en-US");
}

/** The UTF-8 size of the text appgen plans from: an issue's title plus its body. */
export function issueBytes(title: string, body: string): number {
  return Buffer.byteLength(title, "utf8") + Buffer.byteLength(body, "utf8");
}

/**
 * The one size check of every issue appgen plans from (a label, or /regenerate re-reading the issue): undefined when
 * the issue fits, else the refusal to post. `retry` says how to ask again, e.g. "apply the `generate` label again".
 */
export function issueSizeRefusal(
  issue: { title: string; body: string },
  maxBytes: number,
  retry: string,
): string | undefined {
  const bytes = issueBytes(issue.title, issue.body);
  if (bytes <= maxBytes) return undefined;
  return `appgen did not run: this issue is ${format(bytes)} bytes and the limit is ${format(maxBytes)} bytes. Describe the app more briefly (or raise \`limits.max_issue_bytes\` in \`.github/appgen.yml\`), then ${retry}.`;
}
