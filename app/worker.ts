// `npm run worker`: runs queued jobs from BullMQ (REDIS_URL) beside one or more webhook servers: generations,
// /regenerate runs, auto-fixes and deploy reports. The same environment as `npm start` (checked by the same reader),
// plus REDIS_URL (required here) and APPGEN_WORKER_CONCURRENCY (default 1). A job is data; the worker authenticates
// as the job's installation through Probot and hands it to runJob, as the in-process queue does. SIGTERM/SIGINT: take no new job and let the active
// ones finish; a job cut off by a hard kill is handed to another worker by BullMQ's stalled-job check, and the
// re-run commits only what the branch is missing (the pipeline is idempotent on git state).
import { fileURLToPath } from "node:url";
import { Probot, type ProbotOctokit } from "probot";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunStore } from "./core/runs.ts";
import { runJob } from "./github/run-job.ts";
import { AppMetrics, priceFromEnv } from "./metrics.ts";
import type { JobData } from "./core/jobs.ts";
import { startQueueWorker, type QueueWorker } from "./queue/bullmq.ts";
import { answerOperations, createProbot, listen, openRunStore, readServerConfig, type ServerConfig } from "./server.ts";

export interface WorkerConfig extends ServerConfig {
  redisUrl: string;
  concurrency: number;
  /** APPGEN_WORKER_METRICS_PORT: where this worker serves /metrics and /healthz; unset: no HTTP. */
  metricsPort?: number;
}

export type WorkerConfigResult = { ok: true; config: WorkerConfig } | { ok: false; problems: string[] };

export function readWorkerConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): WorkerConfigResult {
  const server = readServerConfig(env, cwd);
  const problems = server.ok ? [] : [...server.problems];
  if (!env.REDIS_URL?.trim()) problems.push("REDIS_URL is not set. A worker takes its jobs from Redis: set REDIS_URL to the same redis://host:port the webhook server (npm start) uses.");
  const concurrencyText = env.APPGEN_WORKER_CONCURRENCY?.trim();
  const concurrency = concurrencyText === undefined || concurrencyText === "" ? 1 : Number(concurrencyText);
  if (!/^[1-9][0-9]*$/.test(concurrencyText || "1") || concurrency > 64) problems.push(`APPGEN_WORKER_CONCURRENCY '${concurrencyText}' is not a number of jobs from 1 to 64. Use e.g. 1 (one generation at a time per worker process).`);
  const metricsPortText = env.APPGEN_WORKER_METRICS_PORT?.trim();
  const metricsPort = metricsPortText ? Number(metricsPortText) : undefined;
  if (metricsPortText && (!/^[0-9]+$/.test(metricsPortText) || metricsPort! > 65535)) problems.push(`APPGEN_WORKER_METRICS_PORT '${metricsPortText}' is not a port number. Use a free port from 1 to 65535 per worker process (0 picks one), or unset it.`);
  if (!server.ok || problems.length) return { ok: false, problems };
  return { ok: true, config: { ...server.config, redisUrl: server.config.redisUrl ?? "", concurrency, ...(metricsPort !== undefined ? { metricsPort } : {}) } };
}

export interface WorkerOverrides {
  Octokit?: typeof ProbotOctokit;
  queueName?: string;
  /** See QueueWorkerOptions.lockMs: how soon a dead worker's job is given to another one. */
  lockMs?: number;
  progressIntervalMs?: number;
  /** A run store to use instead of the configured one (tests). */
  runs?: RunStore;
}

export interface RunningWorker {
  probot: Probot;
  queueWorker: QueueWorker;
  metrics: AppMetrics;
  /** The metrics server's port, when one was asked for. */
  metricsPort?: number;
  /** Takes no new job, waits for the active ones, disconnects. */
  close(): Promise<void>;
}

export async function startWorker(config: WorkerConfig, overrides: WorkerOverrides = {}): Promise<RunningWorker> {
  const probot = createProbot(config, overrides.Octokit);
  const runs = overrides.runs ?? openRunStore(config.runStore);
  const metrics = new AppMetrics({ processMetrics: true, usdPerMillionTokens: priceFromEnv(process.env) });
  const queueWorker = await startQueueWorker<JobData>({
    redisUrl: config.redisUrl,
    concurrency: config.concurrency,
    ...(overrides.queueName ? { queueName: overrides.queueName } : {}),
    ...(overrides.lockMs ? { lockMs: overrides.lockMs } : {}),
    // Probot's auth answers an Octokit with the installation's token (renewed by its auth strategy as needed).
    run: (data, job) =>
      runJob(data, {
        authenticate: (installationId) => probot.auth(installationId),
        log: probot.log,
        runs,
        llm: config.llm,
        metrics,
        progressIntervalMs: overrides.progressIntervalMs ?? 5_000,
        clock: Date.now,
        now: () => performance.now(),
      }, job),
  });
  const http = config.metricsPort !== undefined ? await serveMetrics(metrics, config.metricsPort, config.host, probot) : undefined;
  const metricsPort = http ? (http.address() as AddressInfo).port : undefined;
  probot.log.info({ concurrency: config.concurrency, api: config.baseUrl, llm: config.llm ? config.llm.model : "offline", runStore: config.runStore?.kind ?? "memory", metricsPort }, "appgen worker is taking jobs");
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await queueWorker.close();
      if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
      if (!overrides.runs) await runs.close();
    })());
  return { probot, queueWorker, metrics, ...(metricsPort !== undefined ? { metricsPort } : {}), close };
}

/** /metrics and /healthz of one worker process, for Prometheus to scrape beside the webhook server's. */
async function serveMetrics(metrics: AppMetrics, port: number, host: string | undefined, probot: Probot): Promise<Server> {
  const server = createServer((req, res) => {
    if (!answerOperations(req, res, metrics, probot.log)) res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await listen(server, port, host);
  return server;
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
