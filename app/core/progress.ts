// The ONE progress comment of a generation run, as a pure function of the run's state. The GitHub job edits the
// comment with this text as stages finish; nothing here knows about GitHub's API.
import type { KeptFile, StageReport } from "./pipeline/pipeline.ts";
import type { PlannerName, TokenUsage } from "./planners/types.ts";

export const PROGRESS_STEPS = ["plan", "db", "api", "ui", "files"] as const;
export type ProgressStepName = (typeof PROGRESS_STEPS)[number];
export type ProgressStepStatus = "pending" | "running" | "committed" | "unchanged" | "failed" | "skipped";

export interface ProgressStep {
  status: ProgressStepStatus;
  commit?: string;
  changed: number;
  durationMs?: number;
  error?: string;
}

export type RunPhase = "queued" | "running" | "done" | "failed";

export interface ProgressState {
  kind: "generate" | "regenerate";
  phase: RunPhase;
  /** https://github.com/owner/repo, for commit links. */
  repositoryUrl: string;
  branch: string;
  /** The comment command that retries or changes the app, e.g. /regenerate. */
  command: string;
  instructions?: string;
  steps: Record<ProgressStepName, ProgressStep>;
  planner?: PlannerName;
  model?: string;
  usage?: TokenUsage;
  notes: string[];
  kept: KeptFile[];
  pullRequest?: { number: number; url: string };
  /** What failed, in words a person can act on. */
  error?: string;
}

/** Hidden marker that identifies appgen's progress comments. */
export const PROGRESS_MARKER = "<!-- appgen:progress -->";

const STEP_LABELS: Record<ProgressStepName, string> = {
  plan: "Plan the manifest (`appgen/manifest.json`)",
  db: "Database: migrations, row-level security, seed",
  api: "API: OpenAPI 3.1 description",
  ui: "UI specification",
  files: "Next.js project files",
};

export function initialProgress(fields: Pick<ProgressState, "kind" | "repositoryUrl" | "branch" | "command"> & { instructions?: string }): ProgressState {
  const steps = Object.fromEntries(PROGRESS_STEPS.map((name) => [name, { status: "pending", changed: 0 }])) as Record<ProgressStepName, ProgressStep>;
  const state: ProgressState = { ...fields, phase: "queued", steps, notes: [], kept: [] };
  if (fields.instructions === undefined) delete state.instructions;
  return state;
}

/** The state after one pipeline report; the input is not changed. */
export function applyStageReport(state: ProgressState, report: StageReport): ProgressState {
  if (report.stage === "fix") return state;
  const step: ProgressStep = { status: report.status, changed: report.changed.length };
  if (report.status !== "running") step.durationMs = report.durationMs;
  if (report.commit) step.commit = report.commit;
  if (report.error) step.error = report.error;
  const kept = [...state.kept, ...report.kept.filter((k) => !state.kept.some((s) => s.path === k.path))];
  return { ...state, phase: "running", steps: { ...state.steps, [report.stage]: step }, kept };
}

/** Marks a failed run: the step that was running fails, later steps are skipped. */
export function failProgress(state: ProgressState, error: string): ProgressState {
  const steps = { ...state.steps };
  let failedSeen = false;
  for (const name of PROGRESS_STEPS) {
    const step = steps[name];
    if (step.status === "running" || (step.status === "failed" && !failedSeen)) {
      steps[name] = { ...step, status: "failed" };
      failedSeen = true;
    } else if (step.status === "pending") {
      steps[name] = { ...step, status: "skipped" };
    }
  }
  return { ...state, phase: "failed", steps, error };
}

const ICONS: Record<ProgressStepStatus, string> = {
  pending: "⬜",
  running: "⏳",
  committed: "✅",
  unchanged: "✅",
  failed: "❌",
  skipped: "⏭️",
};

export function renderProgress(state: ProgressState): string {
  const lines: string[] = [PROGRESS_MARKER, `### ${heading(state)}`, ""];
  if (state.instructions) lines.push(`> ${state.command} ${oneLine(state.instructions)}`, "");
  for (const name of PROGRESS_STEPS) lines.push(stepLine(state, name, state.steps[name]));
  lines.push("");

  const facts: string[] = [];
  if (state.pullRequest) facts.push(`Pull request: #${state.pullRequest.number}`);
  facts.push(`Branch: \`${state.branch}\``);
  if (state.planner) facts.push(`Planner: ${plannerLabel(state.planner, state.model)}`);
  if (state.usage && state.usage.totalTokens > 0) {
    facts.push(`Tokens: ${state.usage.totalTokens.toLocaleString("en-US")} (${state.usage.promptTokens.toLocaleString("en-US")} prompt + ${state.usage.completionTokens.toLocaleString("en-US")} completion)`);
  }
  const total = PROGRESS_STEPS.reduce((sum, name) => sum + (state.steps[name].durationMs ?? 0), 0);
  if (state.phase === "done" || state.phase === "failed") facts.push(`Time: ${duration(total)}`);
  lines.push(facts.join(" · "), "");

  for (const note of state.notes) lines.push(`> [!NOTE]\n> ${oneLine(note)}`, "");

  if (state.kept.length) {
    lines.push(`**Kept ${state.kept.length} file${state.kept.length === 1 ? "" : "s"} a person changed** (appgen did not overwrite ${state.kept.length === 1 ? "it" : "them"}):`);
    for (const file of state.kept) lines.push(`- \`${file.path}\` (${KEPT_REASONS[file.reason]})`);
    lines.push("");
  }

  if (state.phase === "failed") {
    lines.push("> [!WARNING]", `> ${oneLine(state.error ?? "the run stopped")}`, ">", `> Comment \`${state.command}\` on the pull request to retry; appgen resumes from what is already on \`${state.branch}\`.`, "");
  } else if (state.phase === "done" && !changedAnything(state)) {
    lines.push(`Nothing changed: the ${state.kind === "regenerate" ? "re-planned " : ""}manifest and every generated file are already on \`${state.branch}\`, so appgen committed nothing.`, "");
  } else if (state.phase === "done") {
    lines.push(`Comment \`${state.command} <what to change>\` on the pull request to change the app.`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

const KEPT_REASONS: Record<KeptFile["reason"], string> = {
  edited: "edited by a person",
  deleted: "deleted by a person",
  foreign: "not written by appgen",
};

function heading(state: ProgressState): string {
  const what = state.kind === "regenerate" ? "Regenerating the app" : "Generating the app";
  switch (state.phase) {
    case "queued":
      return `${what}: queued`;
    case "running":
      return `${what}…`;
    case "done":
      return state.kind === "regenerate" ? "Regenerated the app" : "Generated the app";
    case "failed":
      return `${what} failed`;
  }
}

function stepLine(state: ProgressState, name: ProgressStepName, step: ProgressStep): string {
  const checked = step.status === "committed" || step.status === "unchanged" ? "x" : " ";
  const parts = [`- [${checked}] ${ICONS[step.status]} ${STEP_LABELS[name]}`];
  if (step.status === "committed" && step.commit) {
    parts.push(`— [\`${step.commit.slice(0, 7)}\`](${state.repositoryUrl}/commit/${step.commit}), ${step.changed} file${step.changed === 1 ? "" : "s"}`);
  } else if (step.status === "unchanged") {
    parts.push("— unchanged");
  } else if (step.status === "failed" && step.error) {
    parts.push(`— ${oneLine(step.error)}`);
  }
  if (step.durationMs !== undefined && step.status !== "skipped") parts.push(`(${duration(step.durationMs)})`);
  return parts.join(" ");
}

function changedAnything(state: ProgressState): boolean {
  return PROGRESS_STEPS.some((name) => state.steps[name].status === "committed");
}

function plannerLabel(planner: PlannerName, model: string | undefined): string {
  if (planner === "llm") return model ? `LLM (\`${model}\`)` : "LLM";
  if (planner === "explicit") return "the manifest block in the issue";
  return "offline";
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Keeps a message on one markdown line (notes and errors can hold newlines and stray HTML). */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/</g, "&lt;").trim();
}
