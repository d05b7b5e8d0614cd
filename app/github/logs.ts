// What a failed check run tells the auto-fix: the `appgen-diagnostics` artifact the CI workflow uploads (a zip with
// diagnostics.json), or, when the run has none (it failed before the diagnose step, or the artifact expired), the
// failed jobs' logs, trimmed to the failing steps and parsed with the same parsers as `appgen check`. Both are
// untrusted: the artifact is validated against schemas/diagnostics.schema.json, logs are redacted before anything
// reads them.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { unzipSync } from "fflate";
import diagnosticsSchema from "../../schemas/diagnostics.schema.json" with { type: "json" };
import { diagnoseStep, stripAnsi } from "../core/diagnostics/index.ts";
import { redactSecrets } from "../core/redact.ts";
import type { DiagnosticsReport, Step, StepReport } from "../core/schema-types/diagnostics.ts";
import { DIAGNOSTICS_ARTIFACT, DIAGNOSTICS_FILE } from "../core/stages/workflows/index.ts";
import type { Forge } from "../ports.ts";

/** Larger artifacts are not downloaded: diagnostics of a failed check are a few kilobytes. */
export const MAX_ARTIFACT_BYTES = 5 * 1024 * 1024;
export const MAX_DIAGNOSTICS_JSON_BYTES = 2 * 1024 * 1024;
/** Failed jobs whose logs are read, and the size of all trimmed logs together. */
export const MAX_FAILED_JOBS = 3;
export const MAX_TRIMMED_LOG_CHARS = 60_000;
/** Lines kept before and after each error line of a long step output. */
const CONTEXT_LINES = 25;
const TAIL_LINES = 40;

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const checkReport = ajv.compile<DiagnosticsReport>(diagnosticsSchema);

export type DiagnosticsSource = "artifact" | "logs";

export interface RunDiagnostics {
  report: DiagnosticsReport;
  source: DiagnosticsSource;
  /** Why the artifact was not used, when the logs were. */
  note?: string;
}

export interface RunCoordinates {
  runId: number;
  /** run_started_at of the run, for the report built from logs. */
  startedAt: string;
  /** The app's folder in the repository ("" for the root), for the report built from logs. */
  appPath: string;
}

/** The diagnostics of a failed run: its artifact when it has a valid one, else its failed jobs' logs. */
export async function fetchRunDiagnostics(forge: Forge, run: RunCoordinates): Promise<RunDiagnostics> {
  const artifact = await artifactReport(forge, run);
  if (artifact.report) return { report: artifact.report, source: "artifact" };
  const report = await logReport(forge, run);
  return { report, source: "logs", note: artifact.note };
}

async function artifactReport(
  forge: Forge,
  run: RunCoordinates,
): Promise<{ report?: DiagnosticsReport; note: string }> {
  const artifact = await forge.findArtifact(run.runId, DIAGNOSTICS_ARTIFACT);
  if (!artifact) return { note: `the run uploaded no ${DIAGNOSTICS_ARTIFACT} artifact` };
  if (artifact.expired) return { note: `the run's ${DIAGNOSTICS_ARTIFACT} artifact has expired` };
  if (artifact.sizeInBytes > MAX_ARTIFACT_BYTES)
    return {
      note: `the run's ${DIAGNOSTICS_ARTIFACT} artifact is ${artifact.sizeInBytes} bytes, over the ${MAX_ARTIFACT_BYTES} read`,
    };
  const zip = await forge.downloadArtifact(artifact.id);
  if (zip === "expired") return { note: `the run's ${DIAGNOSTICS_ARTIFACT} artifact has expired` };
  const parsed = parseDiagnosticsArtifact(zip);
  return "report" in parsed ? { report: parsed.report, note: "" } : { note: parsed.problem };
}

/** diagnostics.json from the artifact's zip, validated; or what is wrong with it. */
export function parseDiagnosticsArtifact(zip: Uint8Array): { report: DiagnosticsReport } | { problem: string } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => baseName(file.name) === DIAGNOSTICS_FILE && file.originalSize <= MAX_DIAGNOSTICS_JSON_BYTES,
    });
  } catch (error) {
    return {
      problem: `the ${DIAGNOSTICS_ARTIFACT} artifact is not a readable zip (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const entry = Object.entries(files).sort(([a], [b]) => a.length - b.length)[0];
  if (!entry)
    return {
      problem: `the ${DIAGNOSTICS_ARTIFACT} artifact holds no ${DIAGNOSTICS_FILE} (of at most ${MAX_DIAGNOSTICS_JSON_BYTES} bytes)`,
    };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(entry[1]));
  } catch {
    return { problem: `${DIAGNOSTICS_FILE} in the ${DIAGNOSTICS_ARTIFACT} artifact is not JSON` };
  }
  if (!checkReport(json)) {
    const first = checkReport.errors?.[0];
    return {
      problem: `${DIAGNOSTICS_FILE} in the ${DIAGNOSTICS_ARTIFACT} artifact does not match schemas/diagnostics.schema.json (${first?.instancePath || "/"} ${first?.message ?? ""})`,
    };
  }
  // Messages come from the run's output: hide anything that looks like a credential before a model or comment sees it.
  for (const step of json.steps) for (const d of step.diagnostics) d.message = redactSecrets(d.message);
  return { report: json };
}

function baseName(path: string): string {
  return path.split("/").at(-1) ?? path;
}

async function logReport(forge: Forge, run: RunCoordinates): Promise<DiagnosticsReport> {
  const jobs = await forge.runJobs(run.runId);
  const failed = jobs.filter((job) => job.conclusion === "failure").slice(0, MAX_FAILED_JOBS);
  const logs: string[] = [];
  for (const job of failed) logs.push(await forge.jobLog(job.id));
  return reportFromJobLogs(logs, { startedAt: run.startedAt, appPath: run.appPath });
}

// ---------------------------------------------------------------------------------------------------------------
// Job logs: "2025-06-01T12:00:00.1234567Z ##[group]Run pnpm install …" per line. Each step starts with a
// ##[group]Run header (the script and its env, up to ##[endgroup]), then its output; a failed step ends with
// "##[error]Process completed with exit code n.".

const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
const STEP_HEADER = /^##\[group\]Run (.*)$/;
const ERROR_LINE = /##\[error\]|\berror\b|\bERR_|✘|\bFAIL(?:ED)?\b|Error:/i;

/** The log's lines without timestamps, colour codes and carriage returns. */
export function cleanJobLog(raw: string): string[] {
  return stripAnsi(raw)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(TIMESTAMP, ""));
}

export interface LogSection {
  /** The step's first command line (after "Run "), or "" for the job's set-up lines. */
  command: string;
  /** The step's output, after its header group. */
  output: string[];
  failed: boolean;
}

export function splitLogSteps(lines: readonly string[]): LogSection[] {
  const sections: LogSection[] = [];
  let current: LogSection = { command: "", output: [], failed: false };
  let inHeader = false;
  for (const line of lines) {
    const header = STEP_HEADER.exec(line);
    if (header) {
      sections.push(current);
      current = { command: (header[1] ?? "").trim(), output: [], failed: false };
      inHeader = true;
      continue;
    }
    if (inHeader) {
      // The header group shows the script and its env (masked values included): not output, not kept.
      if (line.startsWith("##[endgroup]")) inHeader = false;
      continue;
    }
    if (line.startsWith("##[error]")) current.failed = true;
    current.output.push(line);
  }
  sections.push(current);
  return sections.filter((s) => s.command || s.output.some((l) => l.trim()));
}

/**
 * A job log cut down to what a person or a parser needs: the failed steps, each as its command and its output
 * around the error lines (plus the last lines), ANSI and timestamps stripped, credentials redacted, capped.
 */
export function trimJobLog(raw: string, maxChars = MAX_TRIMMED_LOG_CHARS): string {
  const failed = splitLogSteps(cleanJobLog(raw)).filter((s) => s.failed);
  const text = failed
    .map((s) => [`##[group]Run ${s.command}`, "##[endgroup]", ...keptLines(s.output)].join("\n"))
    .join("\n");
  return redactSecrets(capped(text, maxChars));
}

function keptLines(output: readonly string[]): string[] {
  if (output.length <= 2 * CONTEXT_LINES + TAIL_LINES) return [...output];
  const keep = new Array<boolean>(output.length).fill(false);
  output.forEach((line, i) => {
    // Group markers stay so that sub-steps (lint and typecheck share one step) can still be told apart.
    if (line.startsWith("##[group]") || line.startsWith("##[endgroup]")) keep[i] = true;
    if (ERROR_LINE.test(line))
      for (let j = Math.max(0, i - CONTEXT_LINES); j <= Math.min(output.length - 1, i + CONTEXT_LINES); j++)
        keep[j] = true;
  });
  for (let i = Math.max(0, output.length - TAIL_LINES); i < output.length; i++) keep[i] = true;
  const kept: string[] = [];
  let skipped = 0;
  output.forEach((line, i) => {
    if (keep[i]) {
      if (skipped) kept.push(`… (${skipped} line${skipped === 1 ? "" : "s"} left out)`);
      skipped = 0;
      kept.push(line);
    } else {
      skipped++;
    }
  });
  return kept;
}

function capped(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n… (${text.length - 2 * half} characters left out)\n${text.slice(-half)}`;
}

/** Which check step a CI step's command runs, by the generated workflow's commands (and their npm/yarn forms). */
const STEP_COMMANDS: [RegExp, Step | "static"][] = [
  [/^(?:pnpm|npm|yarn) (?:run )?lint\b.*&/, "static"],
  [/^(?:pnpm|npm|yarn) (?:install|ci)\b/, "install"],
  [/^(?:pnpm|npm|yarn) (?:run )?lint\b/, "lint"],
  [/^(?:pnpm|npm|yarn) (?:run )?typecheck\b|^(?:pnpm |npx )?(?:exec )?tsc\b/, "typecheck"],
  [/^(?:pnpm|npm|yarn) (?:run )?db:setup\b/, "database"],
  [/^(?:pnpm|npm|yarn) (?:run )?build\b/, "build"],
  [/^(?:nohup )?(?:pnpm|npm|yarn) (?:run )?start\b/, "start"],
  [/playwright test\b/, "e2e"],
];

export function stepForCommand(command: string): Step | "static" | undefined {
  return STEP_COMMANDS.find(([pattern]) => pattern.test(command.trim()))?.[1];
}

/**
 * A diagnostics report from job logs. Only the steps of the check (install … e2e) count; a failed step of another
 * kind (checkout, a cache) is not something a patch to the app can fix, so it adds nothing.
 */
export function reportFromJobLogs(
  rawLogs: readonly string[],
  options: { startedAt: string; appPath: string },
): DiagnosticsReport {
  const steps: StepReport[] = [];
  for (const raw of rawLogs) {
    const trimmed = trimJobLog(raw);
    for (const section of splitLogSteps(trimmed.split("\n"))) {
      const step = stepForCommand(section.command);
      if (!step) continue;
      const log = section.output.join("\n");
      if (step === "static") {
        steps.push(...staticSteps(section, log));
        continue;
      }
      steps.push(stepReport(step, section.command, log, true));
    }
  }
  return {
    version: 1,
    ok: false,
    app_dir: options.appPath || ".",
    started_at: options.startedAt,
    duration_ms: 0,
    steps,
  };
}

/** The generated CI runs lint and typecheck in one step, printing each one's output in a group of its own. */
function staticSteps(section: LogSection, log: string): StepReport[] {
  const groups = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of section.output) {
    const group = /^##\[group\](lint|typecheck)\s*$/.exec(line);
    if (group?.[1]) {
      current = [];
      groups.set(group[1], current);
    } else if (line.startsWith("##[endgroup]")) {
      current = undefined;
    } else {
      current?.push(line);
    }
  }
  const annotated = (name: string) => new RegExp(`^##\\[error\\].*\\b${name} failed`, "m").test(log);
  const anyAnnotation = annotated("lint") || annotated("typecheck");
  return (["lint", "typecheck"] as const).flatMap((name) => {
    const failed = anyAnnotation ? annotated(name) : true;
    if (!failed) return [];
    return [stepReport(name, `pnpm ${name}`, (groups.get(name) ?? section.output).join("\n"), true)];
  });
}

function stepReport(step: Step, command: string, log: string, failed: boolean): StepReport {
  return {
    step,
    status: failed ? "failed" : "passed",
    duration_ms: 0,
    command: command.slice(0, 500),
    diagnostics: diagnoseStep({ step, log, failed }),
  };
}
