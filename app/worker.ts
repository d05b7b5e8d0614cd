// `npm run worker`: runs queued generations from BullMQ (REDIS_URL) beside one or more webhook servers. The same
// environment as `npm start` (checked by the same reader), plus REDIS_URL (required here) and
// APPGEN_WORKER_CONCURRENCY (default 1). A job is data; the worker authenticates as the job's installation through
// Probot and runs the same generation the in-process queue would. SIGTERM/SIGINT: take no new job and let the active
// ones finish; a job cut off by a hard kill is handed to another worker by BullMQ's stalled-job check, and the
// re-run commits only what the branch is missing (the pipeline is idempotent on git state).
import { fileURLToPath } from "node:url";
import { Probot, type ProbotOctokit } from "probot";
import { runGeneration } from "./github/generation.ts";
import type { GenerationJobData } from "./handlers/start-run.ts";
import { startQueueWorker, type QueueWorker } from "./queue/bullmq.ts";
import { readServerConfig, type ServerConfig } from "./server.ts";

export interface WorkerConfig extends ServerConfig {
  redisUrl: string;
  concurrency: number;
}

export type WorkerConfigResult = { ok: true; config: WorkerConfig } | { ok: false; problems: string[] };

export function readWorkerConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): WorkerConfigResult {
  const server = readServerConfig(env, cwd);
  const problems = server.ok ? [] : [...server.problems];
  if (!env.REDIS_URL?.trim()) problems.push("REDIS_URL is not set. A worker takes its jobs from Redis: set REDIS_URL to the same redis://host:port the webhook server (npm start) uses.");
  const concurrencyText = env.APPGEN_WORKER_CONCURRENCY?.trim();
  const concurrency = concurrencyText === undefined || concurrencyText === "" ? 1 : Number(concurrencyText);
  if (!/^[1-9][0-9]*$/.test(concurrencyText || "1") || concurrency > 64) problems.push(`APPGEN_WORKER_CONCURRENCY '${concurrencyText}' is not a number of jobs from 1 to 64. Use e.g. 1 (one generation at a time per worker process).`);
  if (!server.ok || problems.length) return { ok: false, problems };
  return { ok: true, config: { ...server.config, redisUrl: server.config.redisUrl ?? "", concurrency } };
}

export interface WorkerOverrides {
  Octokit?: typeof ProbotOctokit;
  queueName?: string;
  /** See QueueWorkerOptions.lockMs: how soon a dead worker's job is given to another one. */
  lockMs?: number;
  progressIntervalMs?: number;
}

export interface RunningWorker {
  probot: Probot;
  queueWorker: QueueWorker;
  /** Takes no new job, waits for the active ones, disconnects. */
  close(): Promise<void>;
}

export async function startWorker(config: WorkerConfig, overrides: WorkerOverrides = {}): Promise<RunningWorker> {
  const probot = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    logLevel: config.logLevel === "silent" ? "fatal" : config.logLevel,
    baseUrl: config.baseUrl,
    ...(overrides.Octokit ? { Octokit: overrides.Octokit } : {}),
  });
  const queueWorker = await startQueueWorker<GenerationJobData>({
    redisUrl: config.redisUrl,
    concurrency: config.concurrency,
    ...(overrides.queueName ? { queueName: overrides.queueName } : {}),
    ...(overrides.lockMs ? { lockMs: overrides.lockMs } : {}),
    run: async (data, job) => {
      // Probot's auth answers an Octokit with the installation's token (renewed by its auth strategy as needed).
      const octokit = await probot.auth(data.installationId);
      await runGeneration({
        octokit,
        log: probot.log.child({ job: job.key, runId: job.jobId, attempt: job.attempt }),
        repository: data.repository,
        issueNumber: data.issueNumber,
        trigger: data.trigger,
        config: data.config,
        llm: config.llm,
        comment: { issueNumber: data.comment.issueNumber, id: Promise.resolve(data.comment.id) },
        progressIntervalMs: overrides.progressIntervalMs ?? 5_000,
        now: () => performance.now(),
      });
    },
  });
  probot.log.info({ concurrency: config.concurrency, api: config.baseUrl, llm: config.llm ? config.llm.model : "offline" }, "appgen worker is taking jobs");
  return { probot, queueWorker, close: () => queueWorker.close() };
}

async function main(): Promise<void> {
  const result = readWorkerConfig(process.env);
  if (!result.ok) {
    process.stderr.write(`appgen worker cannot start:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  const running = await startWorker(result.config);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.probot.log.info({ signal }, "worker shutting down: finishing the active generations (a second signal stops at once)");
      process.once(signal, () => process.exit(1));
      void running.close().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
