// The dashboard's Re-run: a failed generation runs again from what its record kept (the queue's job data), as a new
// run under the same daily limits, editing the same progress comment. Git decides what the run commits; a re-run
// of a half-finished generation only adds what the branch is missing.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { isGenerationJob, jobDataOrUndefined, jobKey, type GenerationJob } from "../core/jobs.ts";
import { utcDayStart, type DailyLimits, type RunRecord } from "../core/runs.ts";
import { quotaRefusal } from "../github/limits.ts";
import type { RerunResult } from "../web/dashboard.ts";
import { enqueueJob, type AppDeps } from "./deps.ts";

export function rerunner(deps: AppDeps, log: Logger) {
  return async (runId: string, requestedBy: string): Promise<RerunResult> => {
    const previous = await deps.runs.get(runId);
    if (!previous) return { ok: false, reason: `there is no run ${runId}` };
    if (previous.status !== "failed")
      return { ok: false, reason: `run ${runId} did not fail (it is ${previous.status})` };
    const data = jobData(previous.job);
    if (!data)
      return {
        ok: false,
        reason: `run ${runId} was recorded before its job could be kept; apply the label or comment the command on the issue instead`,
      };

    const model = data.config.llm.model;
    if (model !== undefined && !deps.limits.models.includes(model))
      return {
        ok: false,
        reason: `run ${runId} asked for model '${model}', which this appgen server no longer offers (APPGEN_LLM_MODELS: ${deps.limits.models.join(", ")}); apply the label or comment the command again so the repository's current config is read`,
      };

    const id = `retry-${randomUUID()}`;
    // The job's config was checked when it was first admitted; the operator may have lowered a ceiling since.
    const limits: DailyLimits = {
      dayStart: utcDayStart(deps.clock()),
      generationsPerDay: Math.min(data.config.limits.generationsPerDay, deps.limits.generationsPerDay),
      tokensPerDay: lowest(data.config.limits.llmTokensPerDay, deps.limits.llmTokensPerDay),
    };
    const run: RunRecord = {
      ...previous,
      id,
      requestedBy,
      trigger: "retry",
      status: "queued",
      queuedAt: new Date(deps.clock()).toISOString(),
      stages: [],
      tokens: 0,
      check: "pending",
      autofixAttempts: 0,
      job: data,
    };
    for (const key of ["startedAt", "finishedAt", "error", "costUsd", "planner", "model", "deployUrl"] as const)
      delete run[key];
    const admission = await deps.runs.admit(run, limits);
    if (!admission.admitted)
      return { ok: false, reason: quotaRefusal(admission, limits, deps.clock(), "re-run it", deps.limits) };

    const key = jobKey(data.repository.owner, data.repository.repo, data.issueNumber);
    const runLog = log.child({ job: key, runId: id, retryOf: runId });
    if (!enqueueJob(deps, id, data)) {
      await deps.runs.update(id, {
        status: "failed",
        finishedAt: new Date(deps.clock()).toISOString(),
        error: { code: "NOT_QUEUED", message: "the queue is shutting down" },
      });
      return { ok: false, reason: "the queue is shutting down; try again in a moment" };
    }
    runLog.info({ requestedBy }, "failed generation queued again from the dashboard");
    return { ok: true, runId: id };
  };
}

/**
 * Runs a crash left behind: admitted (queued or running) within `sinceMs` and kept with their job data, but in no
 * queue — the server died after posting the progress comment and before the job reached the queue, or (in-process
 * queue) while it ran. Each is queued again under its own id; the pipeline commits only what the branch lacks.
 * `isQueued` answers whether the queue still holds a job (BullMQ); the in-process queue starts empty.
 */
export async function recoverOrphanedRuns(
  deps: AppDeps,
  log: Logger,
  options: { sinceMs: number; isQueued(id: string): Promise<boolean> },
): Promise<string[]> {
  const since = new Date(deps.clock() - options.sinceMs).toISOString();
  const orphans = await deps.runs.list({ since, statuses: ["queued", "running"], limit: 1_000 });
  const recovered: string[] = [];
  for (const run of orphans.reverse()) {
    const data = jobData(run.job);
    if (!data || (await options.isQueued(run.id))) continue;
    const key = jobKey(data.repository.owner, data.repository.repo, data.issueNumber);
    const runLog = log.child({ job: key, runId: run.id });
    if (!enqueueJob(deps, run.id, data)) continue;
    runLog.info({ status: run.status }, "queued again a generation a crash left behind");
    recovered.push(run.id);
  }
  return recovered;
}

function lowest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The generation job a run's record kept (JobData, checked against schemas/job.schema.json), if any. */
function jobData(value: unknown): GenerationJob | undefined {
  const data = jobDataOrUndefined(value);
  return data && isGenerationJob(data) ? data : undefined;
}
