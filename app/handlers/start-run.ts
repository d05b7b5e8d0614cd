// The common tail of both triggers: admit the run, react 👀, post the progress comment, keep the job's data in the
// run's record, queue it. The webhook is answered once the job is queued; the generation runs in the queue. Jobs are
// data: the comment is posted before the job exists, so the job carries its id, never a promise of it.
import type { Context } from "probot";
import type { ResolvedConfig } from "../core/config.ts";
import { generationJob, jobKey, type GenerationRepository, type GenerationTrigger } from "../core/jobs.ts";
import { failProgress, renderProgress } from "../core/progress.ts";
import { utcDayStart, type DailyLimits, type RunRecord } from "../core/runs.ts";
import { queuedProgress, recordTo } from "../github/generation.ts";
import { quotaRefusal } from "../github/limits.ts";
import { enqueueJob, type AppDeps } from "./deps.ts";

export interface RunStart {
  repository: GenerationRepository;
  issueNumber: number;
  trigger: GenerationTrigger;
  config: ResolvedConfig;
  /** Where the progress comment goes: the issue (label) or the pull request (/regenerate). */
  commentOn: number;
  /** What gets the 👀: the issue, or the comment that asked. */
  reactTo: { issueNumber: number } | { commentId: number };
  /** Login of the person who asked. */
  requestedBy: string;
  /** How to ask again, for a quota refusal: e.g. "apply the `generate` label again". */
  retryHint: string;
}

export async function startRun(context: Context, deps: AppDeps, start: RunStart): Promise<void> {
  const { octokit, log } = context;
  const { owner, repo } = start.repository;
  const forge = deps.openForge(octokit, { owner, repo });
  const installationId = (context.payload as { installation?: { id?: number } }).installation?.id ?? 0;
  const runId = context.id;

  // The run store counts the installation's generations and tokens of the day, across every process. The config's
  // limits are already the effective ones: the repository's where it lowered the operator's, else the operator's.
  const limits: DailyLimits = {
    dayStart: utcDayStart(deps.clock()),
    generationsPerDay: start.config.limits.generationsPerDay,
    tokensPerDay: start.config.limits.llmTokensPerDay,
  };
  // A run that changes nothing leaves the app as it was: its checks, fixes and deployment carry over.
  const [previous] = await deps.runs.list({
    repositories: [`${owner}/${repo}`],
    issueNumber: start.issueNumber,
    limit: 1,
  });
  const carried = previous
    ? {
        check: previous.check,
        autofixAttempts: previous.autofixAttempts,
        ...(previous.deployUrl ? { deployUrl: previous.deployUrl } : {}),
        ...(previous.app ? { app: previous.app } : {}),
      }
    : {};
  const admission = await deps.runs.admit(
    { ...queuedRun(runId, installationId, start, deps.clock()), ...carried },
    limits,
  );
  if (!admission.admitted) {
    deps.metrics.generationFinished("refused", start.trigger.kind);
    log.info(
      { installation: installationId, limit: admission.limit, used: admission.used },
      "daily limit reached; said so on the issue or pull request",
    );
    await forge.createComment(
      start.commentOn,
      quotaRefusal(admission, limits, deps.clock(), start.retryHint, deps.limits),
    );
    return;
  }
  const key = jobKey(owner, repo, start.issueNumber);
  const runLog = log.child({ job: key, runId });
  const record = recordTo(deps.runs, runId, runLog);

  const react = forge
    .react(start.reactTo, "eyes")
    .catch((error: unknown) => log.warn({ err: error }, "could not add the 👀 reaction"));
  const queued = queuedProgress(start);
  let commentId: number;
  try {
    ({ id: commentId } = await forge.createComment(start.commentOn, renderProgress(queued)));
  } catch (error) {
    await react;
    await record({
      status: "failed",
      finishedAt: new Date(deps.clock()).toISOString(),
      error: { code: "NOT_QUEUED", message: "appgen could not post its progress comment" },
    });
    throw error; // GitHub failed after Probot's retries: the delivery is released and may come again
  }
  const job = generationJob({
    installationId,
    repository: start.repository,
    issueNumber: start.issueNumber,
    trigger: start.trigger,
    config: start.config,
    comment: { issueNumber: start.commentOn, id: commentId },
  });
  // Kept in the run's record before it reaches the queue, so a server that dies in between can recover it.
  await record({ job });
  deps.metrics.observeRateLimit(octokit);
  const accepted = enqueueJob(deps, runId, job);
  await react;
  if (!accepted) {
    const message = "the queue refused the job (redelivery or shutting down)";
    await record({
      status: "failed",
      finishedAt: new Date(deps.clock()).toISOString(),
      error: { code: "NOT_QUEUED", message },
    });
    await forge
      .updateComment(
        commentId,
        renderProgress(
          failProgress(queued, `appgen is shutting down and did not start this run; ${start.retryHint} in a minute.`),
        ),
      )
      .catch((error: unknown) =>
        log.warn({ err: error }, "could not say in the progress comment that the run was not queued"),
      );
    log.warn({ key }, `run not started: ${message}`);
    return;
  }
  log.info({ key, trigger: start.trigger.kind }, "generation queued");
}

function queuedRun(id: string, installationId: number, start: RunStart, nowMs: number): RunRecord {
  return {
    id,
    installationId,
    repository: `${start.repository.owner}/${start.repository.repo}`,
    repositoryUrl: start.repository.htmlUrl,
    issueNumber: start.issueNumber,
    requestedBy: start.requestedBy,
    trigger: start.trigger.kind,
    status: "queued",
    queuedAt: new Date(nowMs).toISOString(),
    stages: [],
    tokens: 0,
    check: "pending",
    autofixAttempts: 0,
    ...(start.trigger.kind === "regenerate" ? { pullRequest: start.trigger.pullRequest } : {}),
  };
}
