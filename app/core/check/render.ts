// The human form of a check report: one row per step (status, time, what happened), then the first diagnostics
// of each failed step as `file:line:col  code  message`, the form editors and terminals turn into links.
import type { Diagnostic, DiagnosticsReport, StepReport } from "../schema-types/diagnostics.ts";

const MARK: Record<StepReport["status"], string> = { passed: "ok", failed: "FAIL", skipped: "skip" };

export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.file
    ? [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined).join(":")
    : "";
  const [first = "", ...rest] = diagnostic.message.split("\n");
  const head = [where, diagnostic.code, diagnostic.severity === "warning" ? `warning: ${first}` : first]
    .filter(Boolean)
    .join("  ");
  return [head, ...rest.map((line) => `    ${line}`)].join("\n");
}

export function renderStepRow(step: StepReport): string {
  const time = step.status === "skipped" ? "" : formatDuration(step.duration_ms);
  return `${MARK[step.status].padEnd(5)}${step.step.padEnd(10)}${time.padStart(7)}  ${step.summary ?? ""}`.trimEnd();
}

export function renderCheckReport(report: DiagnosticsReport, options: { diagnosticsPerStep?: number } = {}): string {
  const perStep = options.diagnosticsPerStep ?? 5;
  const lines = report.steps.map(renderStepRow);
  for (const step of report.steps.filter((s) => s.status === "failed")) {
    lines.push("", `${step.step}: ${step.command}`);
    for (const diagnostic of step.diagnostics.slice(0, perStep))
      lines.push(formatDiagnostic(diagnostic).replace(/^/gm, "  "));
    const more = step.diagnostics.length - perStep;
    if (more > 0) lines.push(`  … ${more} more`);
    if (step.log_file) lines.push(`  full output: ${step.log_file}`);
  }
  lines.push("", `${report.ok ? "PASSED" : "FAILED"} in ${formatDuration(report.duration_ms)}  ${report.app_dir}`);
  return `${lines.join("\n")}\n`;
}
