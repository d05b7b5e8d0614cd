// The job behind a label or a /regenerate comment, run off the webhook's request path: plan and commit through the
// shared pipeline on the issue's branch, open (or find) the pull request, and keep the one progress comment current.
// Every failure ends here as words in that comment; nothing is thrown back at the queue.
import { isDeepStrictEqual } from "node:util";
import type { Logger } from "pino";
import { cardFromManifest, type AppCard } from "../core/card.ts";
import { licensePolicyOf, type ResolvedConfig } from "../core/config.ts";
import type { GenerationRepository, GenerationTrigger } from "../core/jobs.ts";
import { AppgenError, describeError } from "../core/errors.ts";
import { manifestSha256, type Manifest } from "../core/manifest/index.ts";
import type { RunPatch, RunStore } from "../core/runs.ts";
import { runPipeline, type MigrationReport, type StageReport } from "../core/pipeline/pipeline.ts";
import { planApp } from "../core/planners/chain.ts";
import { issueSizeRefusal } from "../core/limits.ts";
import { NO_USAGE, type PlanResult } from "../core/planners/types.ts";
import { applyStageReport, failProgress, initialProgress, type ProgressState } from "../core/progress.ts";
import { branchForIssue, pullRequestText } from "../core/pull-request.ts";
import { commitCard } from "./card-commit.ts";
import { IssueBranchHost } from "./issue-branch-host.ts";
import type { AppMetrics } from "../metrics.ts";
import type { Forge, LlmModels } from "../ports.ts";
import { githubPlanners } from "./planners.ts";
import { ProgressComment } from "./progress-comment.ts";

export type { GenerationTrigger } from "../core/jobs.ts";

export interface GenerationRequest {
  /** The job's repository on its forge: the branch, comments, the pull request. */
  forge: Forge;
  log: Logger;
  repository: GenerationRepository;
  issueNumber: number;
  trigger: GenerationTrigger;
  config: ResolvedConfig;
  /** The server's models; undefined plans offline. */
  models: LlmModels | undefined;
  /** The progress comment the handler posted before it queued the job. */
  comment: { issueNumber: number; id: number };
  progressIntervalMs: number;
  now(): number;
  metrics?: AppMetrics;
  /** Writes what happens to the run's record in the run store (tokens spent there count against the daily budget). */
  record?(patch: RunPatch): Promise<void>;
  /** Wall clock in milliseconds, for the run record's times. */
  clock?(): number;
}

export interface GenerationOutcome {
  status: "done" | "failed";
  changed: boolean;
  pullRequest?: { number: number; url: string };
  error?: unknown;
}

/** The first progress state of a run, as the handler posts it before the job starts. */
export function queuedProgress(
  request: Pick<GenerationRequest, "repository" | "issueNumber" | "trigger" | "config">,
): ProgressState {
  return initialProgress({
    kind: request.trigger.kind === "label" ? "generate" : "regenerate",
    repositoryUrl: request.repository.htmlUrl,
    branch: branchForIssue(request.issueNumber),
    command: request.config.command,
    ...(request.trigger.kind === "regenerate" && request.trigger.instructions
      ? { instructions: request.trigger.instructions }
      : {}),
  });
}

export async function runGeneration(request: GenerationRequest): Promise<GenerationOutcome> {
  const { log, repository, issueNumber, trigger, config } = request;
  const { owner, repo } = repository;
  const branch = branchForIssue(issueNumber);
  const base = config.baseBranch ?? repository.defaultBranch;
  let state = queuedProgress(request);

  const record = request.record ?? (async () => {});
  const clock = request.clock ?? Date.now;
  const at = () => new Date(clock()).toISOString();
  const comment = new ProgressComment({
    forge: request.forge,
    issueNumber: request.comment.issueNumber,
    minIntervalMs: request.progressIntervalMs,
    now: request.now,
  });
  comment.adopt(request.comment.id, state);
  const startedAt = at();
  await record({ status: "running", startedAt });

  const host = new IssueBranchHost(request.forge.branch(branch), base);
  const { planners, options, model } = githubPlanners(request.models, config.llm);
  let planned: PlanResult | undefined;
  let pullRequest = trigger.kind === "regenerate" ? trigger.pullRequest : undefined;
  let pullRequestBodyStale = false;

  const plan = async (previous: Manifest | undefined): Promise<PlanResult> => {
    planned = await planFor(previous);
    return planned;
  };

  async function planFor(previous: Manifest | undefined): Promise<PlanResult> {
    if (trigger.kind === "label") {
      // The handler refused an oversized issue already; a job's data is checked again where it is planned from.
      const prompt = issuePrompt(
        ...issueWithinLimit(
          { title: trigger.title, body: trigger.body },
          config.limits.maxIssueBytes,
          `apply the \`${config.label}\` label again`,
        ),
      );
      return planApp(previous ? { prompt, previous } : { prompt }, planners, options);
    }
    if (!previous) {
      // Nothing was planned yet (the first run failed early): plan from the issue, as the label would have. The
      // issue may have been edited since the label, so its size is checked again, by the label's own rule.
      const issue = await request.forge.getIssue(issueNumber);
      const prompt = issuePrompt(
        ...issueWithinLimit(
          { title: issue.title, body: issue.body ?? "" },
          config.limits.maxIssueBytes,
          `comment \`${config.command}\` again`,
        ),
      );
      return planApp(
        { prompt, ...(trigger.instructions ? { instructions: trigger.instructions } : {}) },
        planners,
        options,
      );
    }
    if (!trigger.instructions) {
      return {
        manifest: previous,
        planner: "explicit",
        usage: NO_USAGE,
        notes: ["re-rendered every stage from appgen/manifest.json on the branch"],
      };
    }
    return planApp({ prompt: previous.prompt, previous, instructions: trigger.instructions }, planners, options);
  }

  async function openPullRequest(manifest: Manifest, manifestSha: string): Promise<void> {
    const tokens = planned?.usage.totalTokens ?? 0;
    const cost = request.metrics?.costOf(tokens);
    const card = {
      ...cardFromManifest(manifest),
      check: "pending" as const,
      autofixAttempts: 0,
      ...(tokens ? { tokens } : {}),
      ...(tokens && cost !== undefined ? { costUsd: cost } : {}),
    };
    const text = pullRequestText({
      manifest,
      issueNumber,
      manifestSha,
      command: config.command,
      path: config.path,
      card,
      ...(planned ? { planner: planned.planner } : {}),
      ...(migration ? { migration } : {}),
    });
    if (pullRequest) {
      if (!pullRequestBodyStale) return;
      await request.forge.updatePullRequest(pullRequest.number, { title: text.title, body: text.body });
      pullRequestBodyStale = false;
      return;
    }
    if (!host.branchExists) return; // nothing committed yet: GitHub refuses a pull request without commits
    const found = await request.forge.ensurePullRequest({
      head: branch,
      base,
      draft: config.draft,
      title: text.title,
      body: text.body,
    });
    pullRequest = { number: found.number, url: found.url };
    log.info(
      { pullRequest: found.number, created: found.created },
      found.created ? "opened the pull request" : "found the existing pull request",
    );
  }

  let manifestInfo: { manifest: Manifest; sha: string } | undefined;
  let migration: MigrationReport | undefined;
  const onProgress = async (report: StageReport): Promise<void> => {
    state = applyStageReport(state, report);
    if (report.status === "running") return;
    request.metrics?.stageFinished(report.stage, report.status, report.durationMs);
    if (report.stage !== "fix")
      await record({
        stage: { stage: report.stage, status: report.status, durationMs: Math.round(report.durationMs) },
      });
    if (report.stage === "plan" && planned && planned.usage.totalTokens > 0)
      request.metrics?.tokensSpent(planned.usage);
    if (report.stage === "plan" && planned) {
      const tokens = planned.usage.totalTokens;
      const cost = tokens ? request.metrics?.costOf(tokens) : undefined;
      await record({
        tokens,
        planner: planned.planner,
        ...(cost !== undefined ? { costUsd: cost } : {}),
        ...(planned.planner === "llm" && model ? { model } : {}),
        app: cardFromManifest(planned.manifest),
      });
    }
    if (report.stage === "db" && report.migration && !isDeepStrictEqual(report.migration, migration)) {
      // Reviewers see what the migration loses in the pull request itself, before they merge and deploy it.
      migration = report.migration;
      pullRequestBodyStale = true;
    }
    if (report.stage === "plan" && planned) {
      state = {
        ...state,
        ...(planned.planner === "explicit" && trigger.kind === "regenerate" ? {} : { planner: planned.planner }),
        notes: planned.notes,
        usage: planned.usage,
        notPlanned: planned.manifest.not_planned ?? [],
      };
      if (planned.planner === "llm" && model) state.model = model;
      pullRequestBodyStale = report.status === "committed" && trigger.kind === "regenerate";
    }
    if (manifestInfo && report.status !== "failed") {
      const before = pullRequest;
      await openPullRequest(manifestInfo.manifest, manifestInfo.sha);
      if (pullRequest) state = { ...state, pullRequest };
      if (pullRequest && pullRequest !== before) await record({ pullRequest });
    }
    await comment.update(state);
  };

  try {
    const result = await runPipeline({
      host,
      root: config.path,
      // The deploy workflow runs on pushes to the branch the pull request merges into.
      // appgen-fix.yml goes into the project only when the repository fixes on its own runners.
      stageOptions: {
        workflows: {
          runsOn: config.runnerLabels,
          defaultBranch: base,
          licenses: licensePolicyOf(config),
          ...(config.autofix.mode === "self-hosted" ? { fixRunsOn: config.autofix.runnerLabels } : {}),
        },
      },
      now: request.now,
      plan: async (previous) => {
        const result = await plan(previous);
        manifestInfo = { manifest: result.manifest, sha: manifestSha256(result.manifest) };
        return result;
      },
      onProgress,
    });
    const finishedAt = at();
    // The card goes with the app it describes: only a run that changed the app commits one, right after its stage
    // commits and naming the same manifest. Later status changes never touch the branch (see card-commit.ts).
    if (result.changed) {
      const card = generatedCard(
        result.manifest,
        planned,
        Date.parse(finishedAt) - Date.parse(startedAt),
        request.metrics,
      );
      await commitCard({
        forge: request.forge,
        log,
        branch,
        root: config.path,
        card,
        manifestSha: manifestSha256(result.manifest),
        reason: "generated, checks pending",
      });
      await record({ check: "pending", autofixAttempts: 0 });
    }
    state = { ...state, phase: "done" };
    await comment.flush(state);
    log.info({ changed: result.changed, head: result.head, pullRequest: pullRequest?.number }, "generation finished");
    request.metrics?.generationFinished("done", trigger.kind);
    await record({ status: "done", finishedAt, ...(pullRequest ? { pullRequest } : {}) });
    return { status: "done", changed: result.changed, ...(pullRequest ? { pullRequest } : {}) };
  } catch (error) {
    log.warn({ err: error, issue: issueNumber }, "generation failed");
    request.metrics?.generationFinished("failed", trigger.kind);
    await record({
      status: "failed",
      finishedAt: at(),
      error: errorOf(error, request.forge),
      ...(pullRequest ? { pullRequest } : {}),
    });
    state = failProgress(state, failureText(error, request.forge));
    if (pullRequest) state.pullRequest = pullRequest;
    try {
      await comment.flush(state);
    } catch (commentError) {
      log.error({ err: commentError }, "appgen could not report the failure in its progress comment");
    }
    return { status: "failed", changed: false, error };
  }
}

/** The card of a finished generation: what the run record says of it (cardOfRun), checks pending, no fix yet. */
function generatedCard(
  manifest: Manifest,
  planned: PlanResult | undefined,
  generationMs: number,
  metrics: AppMetrics | undefined,
): AppCard {
  const tokens = planned?.usage.totalTokens ?? 0;
  const cost = tokens ? metrics?.costOf(tokens) : undefined;
  return {
    ...cardFromManifest(manifest),
    check: "pending",
    autofixAttempts: 0,
    ...(generationMs >= 0 ? { generationMs } : {}),
    ...(tokens ? { tokens } : {}),
    ...(cost !== undefined ? { costUsd: cost } : {}),
  };
}

/** A run's record writer that never fails the run: the store being down costs the dashboard a line, not an app. */
export function recordTo(store: RunStore, runId: string, log: Logger): (patch: RunPatch) => Promise<void> {
  return async (patch) => {
    try {
      await store.update(runId, patch);
    } catch (error) {
      log.warn({ err: error, runId }, "the run store could not record the run's progress");
    }
  };
}

function errorOf(error: unknown, forge: Pick<Forge, "describeFailure">): { code: string; message: string } {
  return { code: error instanceof AppgenError ? error.code : "UNEXPECTED", message: failureText(error, forge) };
}

/** The issue's title and body when they fit limits.max_issue_bytes; else INPUT_TOO_LARGE with the label path's refusal. */
function issueWithinLimit(
  issue: { title: string; body: string },
  maxIssueBytes: number,
  retry: string,
): [title: string, body: string] {
  const refusal = issueSizeRefusal(issue, maxIssueBytes, retry);
  if (refusal) throw new AppgenError("INPUT_TOO_LARGE", refusal);
  return [issue.title, issue.body];
}

export function issuePrompt(title: string, body: string): string {
  return body.trim() ? `${title.trim()}\n\n${body.trim()}` : title.trim();
}

/** What a person reads in the comment: appgen's own errors verbatim, GitHub's with the request that failed. */
export function failureText(error: unknown, forge: Pick<Forge, "describeFailure">): string {
  if (error instanceof AppgenError) return describeError(error);
  return forge.describeFailure(error) ?? `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
