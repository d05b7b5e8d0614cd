// From a check step's raw output to diagnostics. Pure and dependency-free: `appgen check` and the diagnose
// GitHub Action (which reads CI logs) call the same functions.
import type { Diagnostic, Step } from "../schema-types/diagnostics.ts";
import { auditVerdict, licensesVerdict, type LicensePolicy } from "./dependencies.ts";
import { parseEslintJson, parseEslintStylish } from "./eslint.ts";
import { parseNextBuildOutput } from "./next-build.ts";
import { parsePlaywrightJson, parsePlaywrightList } from "./playwright.ts";
import { parsePnpmOutput } from "./pnpm.ts";
import { diagnostic, plainLines, uniqueDiagnostics, type ParseOptions } from "./text.ts";
import { parseTypeScriptOutput } from "./typescript.ts";

export {
  AUDIT_COMMAND,
  AUDIT_FAIL_LEVEL,
  auditVerdict,
  DEFAULT_LICENSE_POLICY,
  DEPENDENCY_STEPS,
  licenseAllowed,
  licensesVerdict,
  LICENSES_COMMAND,
  packageAllowed,
  type LicensePolicy,
  type StepVerdict,
} from "./dependencies.ts";
export { parseEslintJson, parseEslintStylish } from "./eslint.ts";
export { parseNextBuildOutput } from "./next-build.ts";
export { parsePlaywrightJson, parsePlaywrightList, summarizePlaywrightJson } from "./playwright.ts";
export { parsePnpmOutput } from "./pnpm.ts";
export { appRelativePath, stripAnsi, type ParseOptions } from "./text.ts";
export { parseTypeScriptOutput } from "./typescript.ts";

export interface StepOutput {
  step: Step;
  /** stdout and stderr of the step, interleaved as they came. */
  log: string;
  /** `eslint -f json` output, when the lint step wrote one. */
  eslintJson?: string | undefined;
  /** Playwright's JSON report, when the e2e step wrote one. */
  playwrightJson?: string | undefined;
  /** The licences the licenses step allows; default DEFAULT_LICENSE_POLICY. */
  licensePolicy?: LicensePolicy | undefined;
  /** Whether the step failed; a failed step always gets at least one diagnostic. */
  failed: boolean;
}

export function diagnoseStep(output: StepOutput, options: ParseOptions = {}): Diagnostic[] {
  const { step, log } = output;
  // The dependency steps read their tool's JSON report, which also decides whether they failed (dependencies.ts).
  if (step === "audit") return auditVerdict(log).diagnostics;
  if (step === "licenses") return licensesVerdict(log, output.licensePolicy).diagnostics;
  // pnpm's own failures (a missing script, a broken package.json) can end any step that runs through pnpm.
  const found = [...parsePnpmOutput(log, { ...options, step })];
  switch (step) {
    case "install":
      break;
    case "lint": {
      const fromJson = output.eslintJson === undefined ? [] : parseEslintJson(output.eslintJson, options);
      found.push(...(fromJson.length ? fromJson : parseEslintStylish(log, options)));
      break;
    }
    case "typecheck":
      found.push(...parseTypeScriptOutput(log, options));
      break;
    case "build":
      found.push(...parseNextBuildOutput(log, options));
      break;
    case "database":
      found.push(...parseDatabaseSetup(log));
      break;
    case "start":
      break;
    case "e2e": {
      const fromJson = output.playwrightJson === undefined ? [] : parsePlaywrightJson(output.playwrightJson, options);
      found.push(...(fromJson.length ? fromJson : parsePlaywrightList(log, options)));
      break;
    }
  }
  const unique = uniqueDiagnostics(found);
  if (output.failed && !unique.some((d) => d.severity === "error")) unique.push(fallbackDiagnostic(step, log));
  return unique;
}

/**
 * db:setup, db:migrate and db:compare (scripts/*.mjs in the generated app) print "<script>: <progress>" lines, then
 * an error line with its details indented below it. A failed migration or seed reads
 * "<file> failed[ at line N]: <error>", so the diagnostic points at the file and line.
 */
function parseDatabaseSetup(log: string): Diagnostic[] {
  const lines = plainLines(log);
  const applied = lines.flatMap((line) => /^db:(?:setup|migrate): applied (\S+)/.exec(line)?.[1] ?? []);
  const found: Diagnostic[] = [];
  lines.forEach((line, index) => {
    const match = /^db:(?:setup|migrate|compare): (.*)$/.exec(line);
    if (!match?.[1] || DATABASE_PROGRESS.test(match[1])) return;
    const details: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (!next.startsWith("  ")) break;
      details.push(next.trimEnd());
    }
    const failed = /^(\S+\.sql) failed(?: at line (\d+))?: /.exec(match[1]);
    const after =
      applied.length && !details.some((detail) => detail.includes("applied before it"))
        ? `\n(after ${applied.at(-1)} was applied)`
        : "";
    found.push(
      diagnostic({
        step: "database",
        severity: "error",
        code: "db-setup",
        file: failed?.[1],
        line: failed?.[2] ? Number(failed[2]) : undefined,
        message: [match[1], ...details].join("\n") + after,
      }),
    );
  });
  return found;
}

const DATABASE_PROGRESS =
  /^(applied \S+$|up to date|skipped |waiting for another migration|\S+ was applied before$|\S+ changed since it was applied|the databases are the same)/;

/** The last lines of a failed step's output, when no parser recognised anything in it. */
export function fallbackDiagnostic(step: Step, log: string, lineCount = 15): Diagnostic {
  const tail = plainLines(log)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() && !/^\[?ELIFECYCLE|^ ELIFECYCLE/.test(line.trim()))
    .slice(-lineCount);
  return diagnostic({
    step,
    severity: "error",
    message: tail.length ? tail.join("\n") : `${step} failed without output`,
  });
}
