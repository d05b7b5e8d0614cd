// The common tail of both triggers: claim the delivery, react 👀, post the progress comment, queue the job. The
// webhook is answered as soon as the comment is posted; the generation runs in the queue.
import type { Context } from "probot";
import type { ResolvedConfig } from "../core/config.ts";
import { renderProgress } from "../core/progress.ts";
import { utcDayStart, type DailyLimits, type RunRecord } from "../core/runs.ts";
import { queuedProgress, recordTo, runGeneration, type GenerationTrigger } from "../github/generation.ts";
import { quotaRefusal } from "../github/limits.ts";
import type { SerializableJob } from "../queue/bullmq.ts";
import { jobKey, type AppDeps } from "./deps.ts";

export interface RunStart {
  repository: { owner: string; repo: string; htmlUrl: string; defaultBranch: string };
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

/** A generation job as data, for a worker process (BullMQ) that rebuilds the installation's Octokit from it. */
export interface GenerationJobData {
  installationId: number;
  repository: RunStart["repository"];
  issueNumber: number;
  trigger: GenerationTrigger;
  config: ResolvedConfig;
  /** The progress comment the handler posted. */
  comment: { issueNumber: number; id: number };
}

export async function startRun(context: Context, deps: AppDeps, start: RunStart): Promise<void> {
  const { octokit, log } = context;
  const { owner, repo } = start.repository;
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
  const [previous] = await deps.runs.list({ repositories: [`${owner}/${repo}`], issueNumber: start.issueNumber, limit: 1 });
  const carried = previous ? { check: previous.check, autofixAttempts: previous.autofixAttempts, ...(previous.deployUrl ? { deployUrl: previous.deployUrl } : {}), ...(previous.app ? { app: previous.app } : {}) } : {};
  const admission = await deps.runs.admit({ ...queuedRun(runId, installationId, start, deps.clock()), ...carried }, limits);
  if (!admission.admitted) {
    deps.metrics.generationFinished("refused", start.trigger.kind);
    log.info({ installation: installationId, limit: admission.limit, used: admission.used }, "daily limit reached; said so on the issue or pull request");
    await octokit.rest.issues.createComment({ owner, repo, issue_number: start.commentOn, body: quotaRefusal(admission, limits, deps.clock(), start.retryHint, deps.limits) });
    return;
  }
  let commentPosted!: (id: number) => void;
  let commentFailed!: (error: unknown) => void;
  const commentId = new Promise<number>((resolve, reject) => {
    commentPosted = resolve;
    commentFailed = reject;
  });
  commentId.catch(() => {}); // the job observes a failure; this only keeps it from being unhandled
  const key = jobKey(owner, repo, start.issueNumber);
  const runLog = log.child({ job: key, runId });
  // A queue that carries data (BullMQ) adds the job once the comment is posted; when posting fails, it adds nothing.
  // The job is kept in the run's record first, so a server that dies before the queue has it can recover it.
  const data = commentId.then(async (id): Promise<GenerationJobData> => {
    const job: GenerationJobData = { installationId, repository: start.repository, issueNumber: start.issueNumber, trigger: start.trigger, config: start.config, comment: { issueNumber: start.commentOn, id } };
    await recordTo(deps.runs, runId, runLog)({ job });
    return job;
  });
  data.catch(() => {});

  deps.metrics.observeRateLimit(octokit);
  deps.metrics.jobQueued();
  const job: SerializableJob<GenerationJobData> = {
    id: context.id,
    data,
    run: async () => {
      try {
        await runGeneration({
          octokit,
          // Every line of one run carries its run id (the delivery that started it), so a run's log can be grepped.
          log: runLog,
          metrics: deps.metrics,
          record: recordTo(deps.runs, runId, runLog),
          clock: deps.clock,
          repository: start.repository,
          issueNumber: start.issueNumber,
          trigger: start.trigger,
          config: start.config,
          llm: deps.llm,
          comment: { issueNumber: start.commentOn, id: commentId },
          progressIntervalMs: deps.progressIntervalMs,
          now: deps.now,
        });
      } finally {
        deps.metrics.jobFinished();
      }
    },
  };
  const accepted = deps.queue.enqueue(key, job);
  if (!accepted) {
    deps.metrics.jobFinished();
    await recordTo(deps.runs, runId, runLog)({ status: "failed", finishedAt: new Date(deps.clock()).toISOString(), error: { code: "NOT_QUEUED", message: "the queue refused the job (redelivery or shutting down)" } });
    log.warn({ key }, "run not started: the queue refused the job (redelivery or shutting down)");
    return;
  }

  const react = (
    "commentId" in start.reactTo
      ? octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: start.reactTo.commentId, content: "eyes" })
      : octokit.rest.reactions.createForIssue({ owner, repo, issue_number: start.reactTo.issueNumber, content: "eyes" })
  ).catch((error: unknown) => log.warn({ err: error }, "could not add the 👀 reaction"));
  const body = renderProgress(queuedProgress(start));
  try {
    const { data: posted } = await octokit.rest.issues.createComment({ owner, repo, issue_number: start.commentOn, body });
    commentPosted(posted.id);
    // The in-process queue runs the closure, not the data; wait for the record so a re-run or recovery finds it.
    await data;
  } catch (error) {
    commentFailed(error);
    throw error;
  } finally {
    await react;
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
