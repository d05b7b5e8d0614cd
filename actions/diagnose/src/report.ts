// What the diagnose action makes of a CI run's step logs: the same DiagnosticsReport that `appgen check --json`
// prints (through the same parser, diagnoseStep), the annotations GitHub shows on the changed files, and the job
// summary table. Pure; main.ts does the reading and writing.
import { CHECK_STEPS } from "../../../app/core/check/plan.ts";
import {
  auditVerdict,
  diagnoseStep,
  licensesVerdict,
  parsePlaywrightJson,
  type LicensePolicy,
} from "../../../app/core/diagnostics/index.ts";
import type { Diagnostic, DiagnosticsReport, Step, StepReport } from "../../../app/core/schema-types/diagnostics.ts";

export interface StepLog {
  step: Step;
  /** The step's output, as the workflow tee'd it into `<step>.log`. */
  log: string;
  /** The exit code from `<step>.exit`, when the workflow wrote one. */
  exitCode?: number | undefined;
  eslintJson?: string | undefined;
  playwrightJson?: string | undefined;
}

export interface ReportContext {
  /** Absolute path of the app on the runner; absolute paths in the logs become relative to it. */
  appDir: string;
  startedAt: Date;
  durationMs: number;
  /** Steps the workflow says failed (input `failed-steps`), in addition to what the logs show. */
  failedSteps?: ReadonlySet<Step>;
  /** The licences the licenses step allows (inputs allowed-licenses, allowed-packages); default appgen's. */
  licensePolicy?: LicensePolicy;
}

export function isStep(name: string): name is Step {
  return CHECK_STEPS.some((planned) => planned.step === name);
}

/**
 * One entry per check step in plan order. A step failed when the workflow says so (`<step>.exit` non-zero or
 * `failed-steps`), or when its log shows it: pnpm's "Command failed" line, an ERR_PNPM code, a failed Playwright
 * test or any error diagnostic. A step without a log did not run.
 */
export function reportFromLogs(logs: readonly StepLog[], context: ReportContext): DiagnosticsReport {
  const byStep = new Map(logs.map((log) => [log.step, log]));
  const steps: StepReport[] = CHECK_STEPS.map(({ step, command }): StepReport => {
    const log = byStep.get(step);
    if (!log)
      return {
        step,
        status: "skipped",
        duration_ms: 0,
        command,
        summary: "no log: the step did not run",
        diagnostics: [],
      };
    // The dependency steps' reports decide, not their exit codes: an unreachable audit endpoint is a skip.
    if (step === "audit" || step === "licenses") {
      const verdict = step === "audit" ? auditVerdict(log.log) : licensesVerdict(log.log, context.licensePolicy);
      return {
        step,
        status: verdict.status,
        duration_ms: 0,
        command,
        ...(verdict.summary ? { summary: verdict.summary } : {}),
        diagnostics: verdict.diagnostics,
      };
    }
    const failed = stepFailed(log, context);
    const diagnostics = diagnoseStep(
      { step, log: log.log, eslintJson: log.eslintJson, playwrightJson: log.playwrightJson, failed },
      { appDir: context.appDir },
    );
    const status = failed || diagnostics.some((d) => d.severity === "error") ? "failed" : "passed";
    const summary = countSummary(diagnostics);
    return { step, status, duration_ms: 0, command, ...(summary ? { summary } : {}), diagnostics };
  });
  return {
    version: 1,
    ok: steps.every((s) => s.status !== "failed"),
    app_dir: context.appDir,
    started_at: context.startedAt.toISOString(),
    duration_ms: Math.max(0, Math.round(context.durationMs)),
    steps,
  };
}

function stepFailed(log: StepLog, context: ReportContext): boolean {
  if (context.failedSteps?.has(log.step)) return true;
  if (log.exitCode !== undefined) return log.exitCode !== 0;
  if (/ELIFECYCLE\W.*Command failed/.test(log.log) || /\bERR_PNPM_[A-Z0-9_]+/.test(log.log)) return true;
  if (log.step === "e2e" && log.playwrightJson !== undefined)
    return parsePlaywrightJson(log.playwrightJson).some((d) => d.severity === "error");
  return false;
}

function countSummary(diagnostics: readonly Diagnostic[]): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const parts = [
    errors ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : undefined;
}

export interface Annotation {
  severity: "error" | "warning";
  message: string;
  properties: { title: string; file?: string; startLine?: number; startColumn?: number };
}

/** GitHub limits annotations per step (10 errors and 10 warnings are shown); the first ones of each step matter most. */
export const MAX_ANNOTATIONS = 50;

/**
 * An annotation per diagnostic of a failed step, with its file relative to the repository (GitHub's view), so it
 * lands on the line in the pull request's diff.
 */
export function annotationsOf(report: DiagnosticsReport, appPath: string): Annotation[] {
  const prefix = appPath.replace(/^\.\/?/, "").replace(/\/+$/, "");
  const annotations: Annotation[] = [];
  for (const step of report.steps) {
    if (step.status !== "failed") continue;
    for (const d of step.diagnostics) {
      const properties: Annotation["properties"] = { title: `${step.step}${d.code ? `: ${d.code}` : ""}` };
      if (d.file) properties.file = prefix ? `${prefix}/${d.file}` : d.file;
      if (d.line !== undefined) properties.startLine = d.line;
      if (d.column !== undefined) properties.startColumn = d.column;
      annotations.push({ severity: d.severity, message: d.message, properties });
    }
  }
  return annotations.slice(0, MAX_ANNOTATIONS);
}

export type SummaryCell = string | { data: string; header: true };

/** The job summary: one row per step, then the first diagnostics of each failed step. */
export function summaryTables(
  report: DiagnosticsReport,
  perStep = 10,
): { steps: SummaryCell[][]; diagnostics: SummaryCell[][] } {
  const header = (data: string): SummaryCell => ({ data, header: true });
  const steps: SummaryCell[][] = [[header("step"), header("status"), header("summary")]];
  for (const step of report.steps) steps.push([step.step, STATUS[step.status], escapeCell(step.summary ?? "–")]);
  const diagnostics: SummaryCell[][] = [[header("step"), header("where"), header("code"), header("message")]];
  for (const step of report.steps.filter((s) => s.status === "failed")) {
    for (const d of step.diagnostics.slice(0, perStep)) {
      const where = d.file ? [d.file, d.line, d.column].filter((part) => part !== undefined).join(":") : "";
      diagnostics.push([
        step.step,
        escapeCell(where),
        escapeCell(d.code ?? ""),
        escapeCell(d.message.split("\n")[0] ?? ""),
      ]);
    }
  }
  return { steps, diagnostics };
}

const STATUS: Record<StepReport["status"], string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  skipped: "⏭️ skipped",
};

/** core.summary writes cells as HTML; the tools' messages contain `<`, `>` and `&` (types, JSX). */
function escapeCell(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
