// Generated from schemas/diagnostics.schema.json by `npm run schemas`. Do not edit.

/**
 * A check step, as the generated CI workflow names it. audit (pnpm audit of the production dependencies) and licenses (their licences against the allow-list) are reported like the others but never sent to the auto-fix model.
 *
 * This interface was referenced by `DiagnosticsReport`'s JSON-Schema
 * via the `definition` "step".
 */
export type Step = "install" | "audit" | "licenses" | "lint" | "typecheck" | "build" | "database" | "start" | "e2e";

/**
 * What `appgen check --json` prints and what the diagnose Action reads: the outcome of each check step of a generated app, with the tools' output parsed into diagnostics.
 */
export interface DiagnosticsReport {
  /**
   * Report format version.
   */
  version: 1;
  /**
   * True when no step failed. Steps skipped on request (--skip-e2e) do not count against it; steps skipped because another failed imply a failure.
   */
  ok: boolean;
  /**
   * Absolute path of the checked app.
   */
  app_dir: string;
  /**
   * When the first step started (UTC, ISO 8601).
   */
  started_at: string;
  /**
   * Wall-clock time of the whole check; less than the sum of the steps when steps ran in parallel.
   */
  duration_ms: number;
  /**
   * One entry per step, in plan order.
   */
  steps: StepReport[];
}
/**
 * This interface was referenced by `DiagnosticsReport`'s JSON-Schema
 * via the `definition` "stepReport".
 */
export interface StepReport {
  step: Step;
  status: "passed" | "failed" | "skipped";
  duration_ms: number;
  /**
   * Start of the step, in milliseconds after the report's started_at; absent for a skipped step.
   */
  started_ms?: number;
  /**
   * The command line the step ran, or a description of the work for steps that are not one command.
   */
  command: string;
  /**
   * One line about the outcome, e.g. '12 passed' or why the step was skipped.
   */
  summary?: string;
  /**
   * Absolute path of the step's full output, kept after the check.
   */
  log_file?: string;
  /**
   * Problems parsed from the step's output, most useful first. A failed step has at least one.
   */
  diagnostics: Diagnostic[];
}
/**
 * This interface was referenced by `DiagnosticsReport`'s JSON-Schema
 * via the `definition` "diagnostic".
 */
export interface Diagnostic {
  step: Step;
  /**
   * Path relative to the app's root, with forward slashes.
   */
  file?: string;
  line?: number;
  column?: number;
  /**
   * The tool's own identifier: TS2322, an ESLint rule id, ERR_PNPM_OUTDATED_LOCKFILE, module-not-found…
   */
  code?: string;
  severity: "error" | "warning";
  /**
   * The tool's message without colour codes; multi-line when the tool gives detail lines.
   */
  message: string;
}
