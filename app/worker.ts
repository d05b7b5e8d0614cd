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
import { composeWorker } from "./compose.ts";
import type { RunStore } from "./core/runs.ts";
import { runJob } from "./github/run-job.ts";
import type { AppMetrics } from "./metrics.ts";
import type { JobData } from "./core/jobs.ts";
import { startQueueWorker, type QueueWorker } from "./queue/bullmq.ts";
import { answerOperations, createProbot, listen } from "./server.ts";
import { readSettings, type Settings } from "./settings.ts";

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

export async function startWorker(config: Settings, overrides: WorkerOverrides = {}): Promise<RunningWorker> {
  const { redisUrl, worker } = config;
  if (!redisUrl || !worker)
    throw new Error(
      'startWorker needs the settings readSettings(env, { role: "worker" }) returns: REDIS_URL and the worker\'s own settings.',
    );
  const probot = createProbot(config, overrides.Octokit);
  // Probot builds its logger when it initialises; the services take it now, so wait for that first.
  await probot.ready();
  // Probot's auth answers an Octokit with the installation's token (renewed by its auth strategy as needed).
  const services = composeWorker(config, {
    authenticate: (installationId) => probot.auth(installationId),
    log: probot.log,
    processMetrics: true,
    ...(overrides.runs ? { runs: overrides.runs } : {}),
    ...(overrides.progressIntervalMs !== undefined ? { progressIntervalMs: overrides.progressIntervalMs } : {}),
  });
  const { runs, metrics } = services;
  const queueWorker = await startQueueWorker<JobData>({
    redisUrl,
    concurrency: worker.concurrency,
    ...(overrides.queueName ? { queueName: overrides.queueName } : {}),
    ...(overrides.lockMs ? { lockMs: overrides.lockMs } : {}),
    run: (data, job) => runJob(data, services, job),
  });
  const http =
    worker.metricsPort !== undefined ? await serveMetrics(metrics, worker.metricsPort, config.host, probot) : undefined;
  const metricsPort = http ? (http.address() as AddressInfo).port : undefined;
  probot.log.info(
    {
      concurrency: worker.concurrency,
      api: config.baseUrl,
      llm: config.llm ? config.llm.model : "offline",
      runStore: config.runStore?.kind ?? "memory",
      metricsPort,
    },
    "appgen worker is taking jobs",
  );
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
async function serveMetrics(
  metrics: AppMetrics,
  port: number,
  host: string | undefined,
  probot: Probot,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (!answerOperations(req, res, metrics, probot.log))
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await listen(server, port, host);
  return server;
}

async function main(): Promise<void> {
  const result = readSettings(process.env, { role: "worker" });
  if (!result.ok) {
    process.stderr.write(`appgen worker cannot start:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  // Handlers first: the worker may take a job before startWorker resolves, and a signal then must let it finish.
  const starting = startWorker(result.settings);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(1));
      void starting
        .then((running) => {
          running.probot.log.info(
            { signal },
            "worker shutting down: finishing the active generations (a second signal stops at once)",
          );
          return running.close();
        })
        .then(() => process.exit(0));
    });
  }
  await starting;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
