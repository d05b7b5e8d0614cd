// What the handlers share: the queue jobs go to, the run store, the server's models, limits, metrics and clocks.
// Built once by the composition root (app/compose.ts), or a test, and passed to the app function; handlers never
// build an adapter themselves.
import type { ProbotOctokit } from "probot";
import { keyOf, type JobData } from "../core/jobs.ts";
import type { OperatorLimits } from "../core/limits.ts";
import type { RunStore } from "../core/runs.ts";
import type { DashboardOptions } from "../web/dashboard.ts";
import type { AppMetrics } from "../metrics.ts";
import type { JobQueue, LlmModels, OpenForge } from "../ports.ts";
import type { RecentDeliveries } from "./deliveries.ts";

export interface AppDeps {
  queue: JobQueue;
  deliveries: RecentDeliveries;
  /** From OPENAI_API_KEY / OPENAI_BASE_URL / APPGEN_LLM_MODEL; undefined plans offline. */
  models: LlmModels | undefined;
  /** A repository on its forge, for handlers and jobs (GitHubForge). */
  openForge: OpenForge;
  /** Runs for the dashboard, and the daily quotas' counts. */
  runs: RunStore;
  /** Who may see the dashboard under /appgen; undefined: no dashboard (tests of other parts, `probot run`). */
  dashboard?: Pick<DashboardOptions, "auth">;
  /**
   * The operator's ceilings (APPGEN_GENERATIONS_PER_DAY, APPGEN_LLM_TOKENS_PER_DAY, APPGEN_LLM_MODEL(S)): a
   * repository's config may lower them, never raise them, and may name only the listed models.
   */
  limits: OperatorLimits;
  metrics: AppMetrics;
  /** Minimum milliseconds between two edits of a progress comment (the final edit is always made). */
  progressIntervalMs: number;
  /** Wall clock in milliseconds (daily limits) and a monotonic one (durations). */
  clock(): number;
  now(): number;
  /**
   * How a job run in this process acts as its installation; unset: Probot's app.auth (an installation token from the
   * App's key), as a worker process does. Tests that give Probot a fixed token set it.
   */
  authenticate?(installationId: number): Promise<ProbotOctokit>;
}

export { jobKey } from "../core/jobs.ts";

/** Queues a job under its key (see keyOf); false when the queue refused it (an id seen before, or shutting down). */
export function enqueueJob(deps: AppDeps, id: string, data: JobData): boolean {
  const accepted = deps.queue.enqueue(keyOf(data), { id, data });
  if (accepted) deps.metrics.jobQueued();
  return accepted;
}
