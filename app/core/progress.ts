// The ONE progress comment of a generation run, as a pure function of the run's state. The GitHub job edits the
// comment with this text as stages finish; nothing here knows about GitHub's API.
import { markdownText } from "./escape.ts";
import type { KeptFile, MigrationReport, StageReport } from "./pipeline/pipeline.ts";
import type { PlannerName, TokenUsage } from "./planners/types.ts";
import type { Diagnostic } from "./schema-types/diagnostics.ts";

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
  /** The change's database migration (after the app's first), with what it may lose. */
  migration?: MigrationReport;
  /** What the prompt asked for that the plan cannot express (the manifest's not_planned). */
  notPlanned?: string[];
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

export function initialProgress(
  fields: Pick<ProgressState, "kind" | "repositoryUrl" | "branch" | "command"> & { instructions?: string },
): ProgressState {
  const steps = Object.fromEntries(PROGRESS_STEPS.map((name) => [name, { status: "pending", changed: 0 }])) as Record<
    ProgressStepName,
    ProgressStep
  >;
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
  const next: ProgressState = { ...state, phase: "running", steps: { ...state.steps, [report.stage]: step }, kept };
  if (report.migration) next.migration = report.migration;
  return next;
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
    facts.push(
      `Tokens: ${state.usage.totalTokens.toLocaleString("en-US")} (${state.usage.promptTokens.toLocaleString("en-US")} prompt + ${state.usage.completionTokens.toLocaleString("en-US")} completion)`,
    );
  }
  const total = PROGRESS_STEPS.reduce((sum, name) => sum + (state.steps[name].durationMs ?? 0), 0);
  if (state.phase === "done" || state.phase === "failed") facts.push(`Time: ${duration(total)}`);
  lines.push(facts.join(" · "), "");

  for (const note of state.notes) lines.push(`> [!NOTE]\n> ${oneLine(note)}`, "");

  if (state.migration) lines.push(...renderMigrationReport(state.migration), "");
  if (state.notPlanned?.length) lines.push(...renderNotPlanned(state.notPlanned), "");

  if (state.kept.length) {
    lines.push(
      `**Kept ${state.kept.length} file${state.kept.length === 1 ? "" : "s"} a person changed** (appgen did not overwrite ${state.kept.length === 1 ? "it" : "them"}):`,
    );
    for (const file of state.kept) lines.push(`- \`${file.path}\` (${KEPT_REASONS[file.reason]})`);
    lines.push("");
  }

  if (state.phase === "failed") {
    lines.push(
      "> [!WARNING]",
      `> ${oneLine(state.error ?? "the run stopped")}`,
      ">",
      `> Comment \`${state.command}\` on the pull request to retry; appgen resumes from what is already on \`${state.branch}\`.`,
      "",
    );
  } else if (state.phase === "done" && !changedAnything(state)) {
    lines.push(
      `Nothing changed: the ${state.kind === "regenerate" ? "re-planned " : ""}manifest and every generated file are already on \`${state.branch}\`, so appgen committed nothing.`,
      "",
    );
  } else if (state.phase === "done") {
    lines.push(`Comment \`${state.command} <what to change>\` on the pull request to change the app.`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/**
 * What the prompt asked for and the app does not do, for the progress comment and the pull request: said once,
 * plainly, rather than dropped without a word.
 */
export function renderNotPlanned(requests: readonly string[]): string[] {
  return [
    "#### Not built",
    "",
    "The issue asks for these, and appgen cannot express them yet; the app does not do them:",
    "",
    ...requests.map((request) => `- ${markdownText(request)}`),
  ];
}

/**
 * The migration a change adds, for the progress comment and the pull request: what it changes and, under a warning,
 * what it loses or where it may stop on existing rows — before anyone merges and deploys it.
 */
export function renderMigrationReport(migration: MigrationReport): string[] {
  const lines = [
    "#### Database migration",
    "",
    `\`${migration.path}\` is applied to the deployed database before the new code goes live (earlier migrations are never changed):`,
    ...migration.changes.map((change) => `- ${markdownText(change)}`),
  ];
  if (migration.warnings.length) {
    lines.push(
      "",
      "> [!WARNING]",
      "> Merging this changes data the deployed app already holds:",
      ...migration.warnings.map((w) => `> - ${markdownText(w)}`),
    );
  }
  return lines;
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
    parts.push(
      `— [\`${step.commit.slice(0, 7)}\`](${state.repositoryUrl}/commit/${step.commit}), ${step.changed} file${step.changed === 1 ? "" : "s"}`,
    );
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
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/</g, "&lt;")
    .trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Sections added to a posted comment (the progress comment, the pull request body) after the run that wrote it:
// auto-fix attempts and the deployment. Each sits between its own hidden markers, so a later event replaces it in
// place and the rest of the text stays as the run left it.

export type SectionName = "fix" | "deploy" | "card" | "preview" | "screenshots";

const sectionStart = (name: SectionName) => `<!-- appgen:${name} -->`;
const sectionEnd = (name: SectionName) => `<!-- /appgen:${name} -->`;

/** A named section as it stands in a body, between its markers (what withSection replaces). */
export function sectionBlock(name: SectionName, section: string): string {
  return `${sectionStart(name)}\n${section.trim()}\n${sectionEnd(name)}`;
}

/** `body` with the named section replaced by `section` (or appended when it has none yet). */
export function withSection(body: string, name: SectionName, section: string): string {
  const block = sectionBlock(name, section);
  const start = body.indexOf(sectionStart(name));
  const end = body.indexOf(sectionEnd(name), start);
  if (start !== -1 && end !== -1) return `${body.slice(0, start)}${block}${body.slice(end + sectionEnd(name).length)}`;
  return `${body.trimEnd()}\n\n${block}\n`;
}

/** One auto-fix commit, as read back from the branch's history. */
export interface FixAttemptSummary {
  /** The Appgen-Autofix trailer: 1 for the first attempt since the last generation. */
  number: number;
  commit: string;
  /** deterministic or llm (the Appgen-Fixer trailer); undefined for commits without it. */
  fixer: string | undefined;
  /** What the commit changed and why, one line. */
  summary: string;
  files: string[];
}

export type FixOutcome =
  /** A fix is committed; the checks run on it. */
  | { kind: "checking" }
  /** Self-hosted mode: the fix workflow was dispatched on the user's runner. */
  | { kind: "dispatched"; attempt: number; workflowUrl: string }
  | { kind: "passed"; runUrl: string }
  | { kind: "handed-over"; reason: string }
  /** The attempt could not be made (a failure outside the fix itself); the next failed run tries again. */
  | { kind: "error"; message: string };

export interface FixProgress {
  repositoryUrl: string;
  /** Oldest first. */
  attempts: FixAttemptSummary[];
  maxAttempts: number;
  /** The failed run that started the latest step. */
  failedRunUrl?: string;
  outcome: FixOutcome;
}

export function renderFixSection(fix: FixProgress): string {
  const lines = [
    `#### Auto-fix: ${fix.attempts.length} of ${fix.maxAttempts} attempt${fix.maxAttempts === 1 ? "" : "s"} used`,
    "",
  ];
  if (fix.attempts.length) {
    lines.push("| Attempt | Commit | Fixer | What changed |", "|---|---|---|---|");
    for (const attempt of fix.attempts) {
      const commit = `[\`${attempt.commit.slice(0, 7)}\`](${fix.repositoryUrl}/commit/${attempt.commit})`;
      const files = attempt.files.length ? ` (${attempt.files.map((f) => `\`${tableCell(f)}\``).join(", ")})` : "";
      lines.push(`| ${attempt.number} | ${commit} | ${attempt.fixer ?? "—"} | ${tableCell(attempt.summary)}${files} |`);
    }
    lines.push("");
  }
  const failed = fix.failedRunUrl ? ` ([failed run](${fix.failedRunUrl}))` : "";
  switch (fix.outcome.kind) {
    case "checking":
      lines.push(`⏳ The checks failed${failed}; appgen pushed a fix and the checks are running on it.`);
      break;
    case "dispatched":
      lines.push(
        `⏳ The checks failed${failed}; appgen started [the fix workflow](${fix.outcome.workflowUrl}) on your runner (attempt ${fix.outcome.attempt}).`,
      );
      break;
    case "passed":
      lines.push(`✅ The checks pass after the fix ([run](${fix.outcome.runUrl})).`);
      break;
    case "handed-over":
      lines.push(`🛑 Handed over to a person${failed}: ${oneLine(fix.outcome.reason)}`);
      break;
    case "error":
      lines.push(`⚠️ The checks failed${failed}, and ${oneLine(fix.outcome.message)}`);
      break;
  }
  return lines.join("\n");
}

export interface DeployProgress {
  state: "started" | "success" | "failure";
  /** The live app (success). */
  url?: string;
  /** Where the deployment's log is (failure), or the workflow runs (started). */
  logUrl?: string;
  description?: string;
  environment?: string;
}

export function renderDeploySection(deploy: DeployProgress): string {
  const where = deploy.environment ? ` to ${tableCell(deploy.environment)}` : "";
  switch (deploy.state) {
    case "started":
      return `#### Deployment\n\n⏳ Deploying${where}${deploy.logUrl ? ` ([workflow runs](${deploy.logUrl}))` : ""}.`;
    case "success":
      return `#### Deployment\n\n🚀 Live${where}: ${deploy.url ? safeUrl(deploy.url) : "deployed, but the deployment recorded no URL"}`;
    case "failure":
      return `#### Deployment\n\n❌ The deployment${where} failed${deploy.description ? `: ${oneLine(deploy.description)}` : ""}${deploy.logUrl ? ` ([log](${deploy.logUrl}))` : ""}.`;
  }
}

export interface PreviewProgress {
  state: "success" | "failure";
  /** https://github.com/owner/repo, for the commit link. */
  repositoryUrl: string;
  /** The previewed commit (the pull request's head). */
  sha: string;
  /** The preview (success). */
  url?: string;
  /** The preview workflow's run (failure). */
  logUrl?: string;
  description?: string;
}

/** The pull request's preview deployment: one section, replaced on every push's status, never a comment of its own. */
export function renderPreviewSection(preview: PreviewProgress): string {
  const commit = `[\`${preview.sha.slice(0, 7)}\`](${preview.repositoryUrl}/commit/${preview.sha})`;
  if (preview.state === "success") {
    return [
      "#### Preview",
      "",
      preview.url
        ? `🔎 Preview of ${commit}: ${safeUrl(preview.url)}`
        : `🔎 ${commit} was deployed as a preview, but the deployment recorded no URL; the project's page on Vercel shows it.`,
      "",
      "Every push to this pull request deploys a new preview (its own database, with the seed's demo users); this line follows the latest.",
    ].join("\n");
  }
  const log = preview.logUrl ? httpUrl(preview.logUrl) : undefined;
  return [
    "#### Preview",
    "",
    `❌ The preview of ${commit} failed${preview.description ? `: ${oneLine(preview.description)}` : ""}${log ? ` ([log](${log}))` : ""}.`,
  ].join("\n");
}

/** An http(s) URL fit for a Markdown link target, or undefined. */
export function httpUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (!/^https?:$/.test(parsed.protocol)) return undefined;
  return parsed.href.replace(/[()<>\s]/g, encodeURIComponent);
}

/** A URL from a webhook payload shown as a link only when it is http(s); anything else as inert code. */
export function safeUrl(url: string): string {
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)
    ? `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`
    : `\`${url.replace(/`/g, "'")}\``;
}

/** Text from tools and models inside a markdown table cell: one line, no pipes, no HTML, no mentions. */
export function tableCell(text: string): string {
  return oneLine(text).replace(/\|/g, "\\|").replace(/@/g, "@\u200b");
}

export const NEEDS_HUMAN_MARKER = "<!-- appgen:needs-human -->";
const DIAGNOSIS_ROWS = 10;

export interface HandOver {
  branch: string;
  /** Why appgen stopped, as a sentence a person can act on. */
  reason: string;
  failedRunUrl: string;
  /** The failing diagnostics, most useful first; the first few are shown. */
  diagnostics: Diagnostic[];
  label: string;
  command: string;
}

/** The comment that hands a failing pull request to a person: why, the top diagnostics as a table, what to do. */
export function renderHandOverComment(handOver: HandOver): string {
  const lines = [
    NEEDS_HUMAN_MARKER,
    "### appgen needs a person to fix the checks",
    "",
    `The checks on \`${handOver.branch}\` failed ([run](${handOver.failedRunUrl})), and appgen stopped: ${oneLine(handOver.reason)}`,
    "",
  ];
  const shown = handOver.diagnostics.slice(0, DIAGNOSIS_ROWS);
  if (shown.length) {
    lines.push("| Step | Where | Code | Problem |", "|---|---|---|---|");
    for (const d of shown) {
      const where = d.file
        ? `\`${tableCell(`${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}`)}\``
        : "—";
      lines.push(
        `| ${d.step} | ${where} | ${d.code ? `\`${tableCell(d.code)}\`` : "—"} | ${tableCell(firstLine(d.message)).slice(0, 300)} |`,
      );
    }
    if (handOver.diagnostics.length > shown.length)
      lines.push(
        "",
        `… and ${handOver.diagnostics.length - shown.length} more in the run's \`appgen-diagnostics\` artifact or log.`,
      );
  } else {
    lines.push("appgen found no diagnostic it could read; the run's log says what failed.");
  }
  lines.push(
    "",
    `**What to do:** fix the problems on \`${handOver.branch}\` (appgen keeps the files you edit), or comment \`${handOver.command} <what to change>\` to re-plan the app. ` +
      `The \`${handOver.label}\` label stops further auto-fix commits on this pull request; remove it to let appgen try again.`,
  );
  return `${lines.join("\n")}\n`;
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
