// The one place a queued job runs, whichever queue carried it: the in-process queue (npm start without REDIS_URL),
// a BullMQ worker process (npm run worker), a dashboard re-run and a crash recovery all end here with the job's data.
// The job authenticates as its installation with the App's key (services.authenticate), so nothing of the webhook
// that queued it is needed: the data is checked against schemas/job.schema.json first.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import {
  isGenerationJob,
  parseJobData,
  type AutofixJob,
  type DeployReportJob,
  type GenerationJob,
  type ScreenshotsJob,
} from "../core/jobs.ts";
import type { RunStore } from "../core/runs.ts";
import type { AppMetrics } from "../metrics.ts";
import type { Forge, LlmModels, OpenForge } from "../ports.ts";
import { runAutofix } from "./autofix.ts";
import { reportDeployment, showDeployment } from "./deploy.ts";
import { recordTo, runGeneration } from "./generation.ts";
import { reportPreview } from "./preview.ts";
import { showScreenshots } from "./screenshots.ts";

export interface JobServices {
  /** An Octokit acting as the installation (Probot's app.auth: an installation token from the App's key). */
  authenticate(installationId: number): Promise<ProbotOctokit>;
  log: Logger;
  runs: RunStore;
  /** The server's models; undefined plans and fixes offline. */
  models: LlmModels | undefined;
  /** The job's repository on its forge (GitHubForge). */
  openForge: OpenForge;
  metrics: AppMetrics;
  /** Minimum milliseconds between two edits of a progress comment. */
  progressIntervalMs: number;
  /** Wall clock (run records) and monotonic clock (durations), in milliseconds. */
  clock(): number;
  now(): number;
}

export interface JobContext {
  key: string;
  /** The job's id: the delivery (or re-run) id, which is also the run id of a generation. */
  jobId: string;
  attempt: number;
}

/**
 * Runs one job. A generation reports its own failure in its progress comment; auto-fix and deploy reports log
 * theirs (the next check run, or a redelivery, tries again). Invalid data throws JOB_INVALID, which a queue keeps
 * as a failed job for the dashboard.
 */
export async function runJob(value: unknown, services: JobServices, job: JobContext): Promise<void> {
  const data = parseJobData(value);
  const log = services.log.child({
    job: job.key,
    runId: job.jobId,
    kind: data.kind,
    ...(job.attempt > 1 ? { attempt: job.attempt } : {}),
  });
  const octokit = await services.authenticate(data.installationId);
  services.metrics.observeRateLimit(octokit);
  const forge = services.openForge(octokit, data.repository);
  if (isGenerationJob(data)) return generate(data, forge, log, services, job);
  if (data.kind === "autofix") return autofix(data, forge, log, services);
  if (data.kind === "screenshots") return screenshots(data, forge, log);
  return deployReport(data, forge, log, services);
}

async function screenshots(data: ScreenshotsJob, forge: Forge, log: Logger): Promise<void> {
  try {
    await showScreenshots({
      forge,
      log,
      repository: data.repository,
      issueNumber: data.issueNumber,
      branch: data.branch,
      run: data.run,
    });
  } catch (error) {
    // Pictures are a courtesy: logged, and the next passing run shows its own.
    log.error({ err: error }, "screenshots report failed");
  }
}

async function generate(
  data: GenerationJob,
  forge: Forge,
  log: Logger,
  services: JobServices,
  job: JobContext,
): Promise<void> {
  // The job id is the run id the webhook server admitted; tokens recorded here count against the daily budget.
  const record = recordTo(services.runs, job.jobId, log);
  // A job taken over from a dead worker (BullMQ's stalled-job check does not count that as an attempt) starts its
  // stage timings afresh; git keeps what was committed before.
  await record({ stages: [] });
  await runGeneration({
    forge,
    log,
    metrics: services.metrics,
    record,
    clock: services.clock,
    repository: data.repository,
    issueNumber: data.issueNumber,
    trigger: data.trigger,
    config: data.config,
    comment: data.comment,
    models: services.models,
    progressIntervalMs: services.progressIntervalMs,
    now: services.now,
  });
}

async function autofix(data: AutofixJob, forge: Forge, log: Logger, services: JobServices): Promise<void> {
  try {
    const outcome = await runAutofix({
      forge,
      log,
      repository: data.repository,
      issueNumber: data.issueNumber,
      branch: data.branch,
      run: data.run,
      config: data.config,
      models: services.models,
      runs: services.runs,
    });
    if (outcome.action === "fixed" || outcome.action === "dispatched") services.metrics.autofixStarted();
  } catch (error) {
    // GitHub failing after Probot's retries: logged; the next failed run (or a re-run of the check) tries again.
    log.error({ err: error }, "auto-fix failed");
  }
}

async function deployReport(data: DeployReportJob, forge: Forge, log: Logger, services: JobServices): Promise<void> {
  try {
    if (data.preview) {
      await reportPreview({
        forge,
        log,
        repository: data.repository,
        preview: data.preview,
        sha: data.deployment.sha,
        status: data.status,
      });
      return;
    }
    const outcome = await reportDeployment({
      forge,
      log,
      repository: data.repository,
      deployment: data.deployment,
      status: data.status,
    });
    const url = data.status.environmentUrl;
    if (!outcome.reported || data.status.state !== "success" || !url) return;
    if (data.root === undefined) {
      log.warn(
        "app card not updated: the repository's configuration could not be read when the deployment was reported",
      );
      return;
    }
    await showDeployment({
      forge,
      log,
      repository: data.repository,
      runs: services.runs,
      issueNumber: outcome.issueNumber,
      pullRequest: outcome.pullRequest,
      baseBranch: outcome.baseBranch,
      root: data.root,
      url,
    });
  } catch (error) {
    log.error({ err: error }, "deployment report failed");
  }
}
