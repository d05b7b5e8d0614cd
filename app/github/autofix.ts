// The job behind a completed check run on an appgen branch. A failure gets a fix commit (deterministic fixers, then
// the model, through the same core as `appgen fix`), or in self-hosted mode the appgen-fix.yml workflow on the
// user's runner; at the maximum the pull request is labelled for a person with a readable diagnosis. A success right
// after a fix is reported. Git is the state: the attempts are the Appgen-Autofix commits since the last generation
// commit, read from one listing of the branch's history, so redeliveries and other instances count the same.
import type { Logger } from "pino";
import type { ResolvedConfig } from "../core/config.ts";
import { AppgenError, describeError } from "../core/errors.ts";
import { AUTOFIX_TRAILER, commitFixAttempt, failingProblems } from "../core/fix/index.ts";
import type { CheckRun } from "../core/jobs.ts";
import { CARD_STAGE, parseTrailers, stageOf, TRAILERS } from "../core/pipeline/commit-message.ts";
import type { RunStore } from "../core/runs.ts";
import {
  PROGRESS_MARKER,
  renderFixSection,
  renderHandOverComment,
  withSection,
  type FixAttemptSummary,
  type FixOutcome,
  type SectionName,
} from "../core/progress.ts";
import type { DiagnosticsReport } from "../core/schema-types/diagnostics.ts";
import type { Forge, Llm, LlmModels, OpenPullRequest, RepoHost } from "../ports.ts";
import { showAppStatus, type CardState } from "./card-commit.ts";
import { fetchRunDiagnostics } from "./logs.ts";

export const NEEDS_HUMAN_LABEL = "appgen:needs-human";
export const FIX_WORKFLOW_FILE = "appgen-fix.yml";
/** Commits of the branch read to count attempts: fix commits and a person's commits since the last generation. */
export const HISTORY_PAGE = 50;

export type { CheckRun } from "../core/jobs.ts";

export interface AutofixRequest {
  /** The repository on its forge: the branch, the pull request, its comments and labels, the run's diagnostics, the fix workflow. */
  forge: Forge;
  log: Logger;
  repository: { owner: string; repo: string; htmlUrl: string };
  issueNumber: number;
  branch: string;
  run: CheckRun;
  config: ResolvedConfig;
  /** The server's models; undefined fixes deterministically only. */
  models: LlmModels | undefined;
  /** The run store, kept current with the app's check status and fix attempts (and the source of its card). */
  runs?: RunStore;
}

export type AutofixOutcome =
  | { action: "ignored"; reason: string }
  | { action: "fixed"; attempt: number; commit: string; fixer: string }
  | { action: "dispatched"; attempt: number }
  | { action: "handed-over"; reason: string }
  | { action: "failed"; reason: string }
  | { action: "reported-success" }
  | { action: "recorded-success" };

type OpenPull = OpenPullRequest;

export async function runAutofix(request: AutofixRequest): Promise<AutofixOutcome> {
  const { forge, log, branch, run, config } = request;
  const ignored = (reason: string): AutofixOutcome => {
    log.info({ branch, run: run.id, reason }, "auto-fix: nothing to do");
    return { action: "ignored", reason };
  };

  const pull = await forge.openPullRequest(branch);
  if (!pull) return ignored(`no open pull request has ${branch} as its head`);
  const commits = await forge.listCommits(branch, HISTORY_PAGE);
  const head = commits[0];
  if (!head || head.sha !== run.headSha)
    return ignored("the branch moved on since this run; the run of its new head decides");
  const attempts = autofixHistory(commits);
  const maxAttempts = config.limits.maxAutofix;
  const section = new FixSection(request, pull, attempts, maxAttempts);

  if (run.conclusion === "success") {
    const afterFix = newestWork(commits.map((c) => c.message)) === "fix";
    if (afterFix) await section.show({ kind: "passed", runUrl: run.htmlUrl }, false);
    await showCheck(request, pull, "passing", attempts.length);
    if (!afterFix) return { action: "recorded-success" };
    log.info({ branch, attempts: attempts.length }, "auto-fix: the checks pass after the fix");
    return { action: "reported-success" };
  }

  if (pull.labels.includes(NEEDS_HUMAN_LABEL)) return ignored(`the pull request is labelled ${NEEDS_HUMAN_LABEL}`);
  if (maxAttempts === 0) {
    await showCheck(request, pull, "failing", attempts.length);
    return ignored("auto-fix is off (limits.max_autofix is 0)");
  }
  const selfHosted = config.autofix.mode === "self-hosted";
  if (attempts.length >= maxAttempts) {
    // In self-hosted mode the run's diagnostics stay where they are: code and output are read on the user's runner only.
    const report = selfHosted
      ? undefined
      : await fetchRunDiagnostics(forge, runCoordinates(request)).then(
          (found) => found.report,
          (error: unknown) => {
            // The hand-over matters more than its table: without diagnostics the comment points at the run's log.
            log.warn(
              { err: error, run: run.id },
              "auto-fix: the run's diagnostics could not be read for the hand-over",
            );
            return undefined;
          },
        );
    const tried = `${attempts.length} auto-fix attempt${attempts.length === 1 ? "" : "s"} did not make the checks pass (limits.max_autofix is ${maxAttempts}).`;
    return handOver(request, pull, section, tried, report);
  }
  const attempt = attempts.length + 1;
  if (selfHosted) return dispatchFixWorkflow(request, section, attempt);

  const { report, source, note } = await fetchRunDiagnostics(forge, runCoordinates(request));
  log.info({ branch, run: run.id, source, note, attempt }, "auto-fix: diagnostics read");
  // The commit goes on the commit the run checked: when a person pushed meanwhile, the branch moved and nothing is written.
  // The fix commit holds only the fix; the new attempt count goes to the run store and the pull request's card.
  const host = pinnedHost(forge.branch(branch), run.headSha);
  try {
    const result = await commitFixAttempt({
      host,
      report,
      attempt,
      root: config.path,
      llm: fixLlm(request.models, config.llm),
    });
    await showStatus(request, pull, { check: "pending", autofixAttempts: attempt });
    section.attempts.push({ ...summarizeFixCommit(result.message), number: attempt, commit: result.commit });
    await section.show({ kind: "checking" }, true);
    log.info(
      { branch, commit: result.commit, attempt, fixer: result.plan.fixer, files: result.plan.changes.length },
      "auto-fix: fix committed",
    );
    return { action: "fixed", attempt, commit: result.commit, fixer: result.plan.fixer };
  } catch (error) {
    if (!(error instanceof AppgenError)) {
      log.error({ err: error, branch }, "auto-fix attempt failed");
      const reason = `appgen could not make a fix (${error instanceof Error ? error.message : String(error)}); the next failed run tries again.`;
      await section.show({ kind: "error", message: reason }, true);
      return { action: "failed", reason };
    }
    if (error.code === "BRANCH_MOVED")
      return ignored("the branch moved while the fix was made; the run of its new head decides");
    return handOver(request, pull, section, `the fix was refused: ${describeError(error)}`, report);
  }
}

function runCoordinates(request: AutofixRequest) {
  const { run, config } = request;
  return { runId: run.id, startedAt: run.startedAt, appPath: config.path };
}

async function handOver(
  request: AutofixRequest,
  pull: OpenPull,
  section: FixSection,
  reason: string,
  report: DiagnosticsReport | undefined,
): Promise<AutofixOutcome> {
  const { forge, branch, run, config, log } = request;
  await forge.addLabels(pull.number, [NEEDS_HUMAN_LABEL]);
  const body = renderHandOverComment({
    branch,
    reason,
    failedRunUrl: run.htmlUrl,
    diagnostics: report ? failingProblems(report) : [],
    label: NEEDS_HUMAN_LABEL,
    command: config.command,
  });
  await forge.createComment(pull.number, body);
  await section.show({ kind: "handed-over", reason }, true);
  // Hand-over means a person takes the branch: from here appgen pushes nothing to it (not even its card).
  await showCheck(request, pull, "failing", section.attempts.length);
  log.info({ branch, pullRequest: pull.number, reason }, "auto-fix: handed over to a person");
  return { action: "handed-over", reason };
}

async function dispatchFixWorkflow(
  request: AutofixRequest,
  section: FixSection,
  attempt: number,
): Promise<AutofixOutcome> {
  const { forge, repository, branch, run, log } = request;
  const workflowUrl = `${repository.htmlUrl}/actions/workflows/${FIX_WORKFLOW_FILE}`;
  const dispatched = await forge.dispatchWorkflow(FIX_WORKFLOW_FILE, branch, {
    attempt: String(attempt),
    failed_run_id: String(run.id),
  });
  if (!dispatched.written) {
    const reason = dispatchFailure(dispatched.refusal, dispatched.reason);
    log.warn({ branch, status: dispatched.status }, "auto-fix: the fix workflow could not be started");
    await section.show({ kind: "error", message: reason }, true);
    return { action: "failed", reason };
  }
  await section.show({ kind: "dispatched", attempt, workflowUrl }, true);
  await showStatus(request, section.pull, { check: "pending", autofixAttempts: attempt });
  log.info({ branch, attempt }, "auto-fix: dispatched the fix workflow on the self-hosted runner");
  return { action: "dispatched", attempt };
}

function dispatchFailure(refusal: "forbidden" | "conflict" | "missing", message: string): string {
  if (refusal === "forbidden")
    return `GitHub refused to start ${FIX_WORKFLOW_FILE} (${message}): the appgen App needs the Actions: write permission for self-hosted auto-fix. Accept the permission request in the App's installation settings.`;
  return `GitHub could not start ${FIX_WORKFLOW_FILE} on this branch (${message}): the workflow is missing or has no workflow_dispatch trigger. Comment the regenerate command so appgen writes it (autofix.mode is self-hosted), or set autofix.mode back to app.`;
}

/** Records the app's check status in the run store and shows it on the pull request's card; never a commit. */
async function showCheck(
  request: AutofixRequest,
  pull: OpenPull,
  check: "passing" | "failing",
  attempts: number,
): Promise<void> {
  await showStatus(request, pull, { check, autofixAttempts: attempts });
}

async function showStatus(request: AutofixRequest, pull: OpenPull, state: CardState): Promise<void> {
  const { forge, log, branch, config } = request;
  await showAppStatus({
    forge,
    log,
    issueNumber: request.issueNumber,
    runs: request.runs,
    patch: state,
    state,
    pull,
    ref: branch,
    root: config.path,
  });
}

/** The model for repairs: the server's, unless the repository's config turns it off or names another model. */
export function fixLlm(models: LlmModels | undefined, config: ResolvedConfig["llm"]): Llm | undefined {
  if (!models || !config.enabled) return undefined;
  return models.forModel(config.model ?? models.defaultModel);
}

/** A RepoHost whose head is the commit the check ran on, so a fix never lands on top of a commit it did not see. */
function pinnedHost(host: RepoHost, head: string): RepoHost {
  return {
    head: async () => head,
    listFiles: (commit) => host.listFiles(commit),
    readFile: (commit, path) => host.readFile(commit, path),
    commit: (request) => host.commit(request),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the attempts back from git.

export interface BranchCommit {
  sha: string;
  message: string;
}

/**
 * The auto-fix commits since the last commit of a generation stage, oldest first; `commits` are newest first. Card
 * commits (the app card's status) are looked through: they neither count nor end the count.
 */
export function autofixHistory(commits: readonly BranchCommit[]): FixAttemptSummary[] {
  const attempts: FixAttemptSummary[] = [];
  for (const commit of commits) {
    const trailers = parseTrailers(commit.message);
    const stage = trailers[TRAILERS.stage];
    if (stage === CARD_STAGE) continue;
    if (stage !== undefined && stage !== "fix") break;
    const number = Number(trailers[AUTOFIX_TRAILER]);
    if (stage === "fix" && Number.isInteger(number) && number > 0)
      attempts.push({ ...summarizeFixCommit(commit.message), number, commit: commit.sha });
  }
  return attempts.reverse();
}

/**
 * The Appgen-Stage of the newest commit that is not a card commit (undefined: a person's commit, or none); `messages`
 * are newest first. "fix" means the checks that just ran are the fix's.
 */
export function newestWork(messages: Iterable<string>): string | undefined {
  for (const message of messages) {
    const stage = stageOf(message);
    if (stage !== CARD_STAGE) return stage;
  }
  return undefined;
}

/** Subject, explanation and file list of a fix commit message (see commitFixAttempt). */
export function summarizeFixCommit(message: string): Omit<FixAttemptSummary, "number" | "commit"> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const subject = (paragraphs[0] ?? "").replace(/^appgen\(fix\):\s*/, "");
  const body = paragraphs.slice(1, -1);
  const isList = (p: string) => p.split("\n").every((line) => line.startsWith("- "));
  const files = body.filter(isList).flatMap((p) =>
    p
      .split("\n")
      .map((line) => line.slice(2))
      .filter((f) => !f.startsWith("… and ")),
  );
  const explanation = body
    .find((p) => !isList(p))
    ?.split("\n")[0]
    ?.trim();
  return { summary: explanation || subject, files, fixer: parseTrailers(message)[TRAILERS.fixer] };
}

// ---------------------------------------------------------------------------------------------------------------
// The fix section of the progress comment.

class FixSection {
  constructor(
    private readonly request: AutofixRequest,
    readonly pull: OpenPull,
    readonly attempts: FixAttemptSummary[],
    private readonly maxAttempts: number,
  ) {}

  async show(outcome: FixOutcome, afterFailure: boolean): Promise<void> {
    const { forge, repository, run, issueNumber } = this.request;
    const text = renderFixSection({
      repositoryUrl: repository.htmlUrl,
      attempts: this.attempts,
      maxAttempts: this.maxAttempts,
      ...(afterFailure ? { failedRunUrl: run.htmlUrl } : {}),
      outcome,
    });
    await updateProgressSection(forge, [this.pull.number, issueNumber], "fix", text);
  }
}

/**
 * Puts a section into the latest progress comment of the pull request (a /regenerate run's) or else of the issue
 * (the first run's). Without one, the section is posted as a comment of its own on the first number, if asked.
 */
export async function updateProgressSection(
  forge: Forge,
  numbers: readonly number[],
  name: SectionName,
  section: string,
  options: { createIfMissing: boolean } = { createIfMissing: true },
): Promise<void> {
  for (const number of numbers) {
    const comments = await forge.listComments(number);
    const progress = comments.filter((c) => c.byBot && c.body.startsWith(PROGRESS_MARKER)).at(-1);
    if (!progress) continue;
    const body = withSection(progress.body, name, section);
    if (body !== progress.body) await forge.updateComment(progress.id, body);
    return;
  }
  const first = numbers[0];
  if (options.createIfMissing && first !== undefined)
    await forge.createComment(first, withSection(PROGRESS_MARKER, name, section));
}
