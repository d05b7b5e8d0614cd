// The composition root: the one module that turns settings into services. It chooses the adapters (run store,
// queue, model endpoint, the forge) and builds the metrics; the server, the workers, `probot run` and the tests
// get their services here, and handlers and jobs receive them, so no use-case module ever builds an adapter.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { FileRunStore } from "./adapters/file-run-store.ts";
import { openGitHubForge } from "./adapters/github-forge.ts";
import { createOpenAiLlm } from "./adapters/openai-llm.ts";
import { PostgresRunStore } from "./adapters/postgres-run-store.ts";
import { DEFAULT_OPERATOR_LIMITS } from "./core/limits.ts";
import type { RunStore } from "./core/runs.ts";
import type { JobServices } from "./github/run-job.ts";
import { RecentDeliveries } from "./handlers/deliveries.ts";
import type { AppDeps } from "./handlers/deps.ts";
import { AppMetrics } from "./metrics.ts";
import type { LlmModels } from "./ports.ts";
import { BullMqQueue } from "./queue/bullmq.ts";
import { InProcessQueue } from "./queue/in-process.ts";
import type { LlmSettings, RunStoreSettings, Settings } from "./settings.ts";

/** The part of the settings services are built from (tests and `probot run` give less than a server reads). */
export type ServiceSettings = Partial<
  Pick<Settings, "llm" | "limits" | "usdPerMillionTokens" | "redisUrl" | "runStore" | "dashboard">
>;

/** Milliseconds between two edits of a progress comment, unless a test asks for another pace. */
const PROGRESS_INTERVAL_MS = 5_000;

/** What the webhook server runs with: the handlers' services, and whether the queue still holds a job (crash recovery). */
export interface ServerServices {
  deps: AppDeps;
  /** Whether the shared queue holds the job (BullMQ is asked by id); the in-process queue starts empty, so never. */
  isQueued(id: string): Promise<boolean>;
}

export interface ServiceOptions {
  /** Process metrics (CPU, memory, event loop): on for servers and workers, off in tests. */
  processMetrics?: boolean;
}

/**
 * The handlers' services from settings; `overrides` replace any of them (tests give a queue, a run store, clocks…).
 * REDIS_URL chooses BullMQ, whose depth then comes from Redis; otherwise jobs run in an in-process queue.
 */
export function composeServer(
  settings: ServiceSettings,
  overrides: Partial<AppDeps> = {},
  options: ServiceOptions = {},
): ServerServices {
  const queue =
    overrides.queue ?? (settings.redisUrl ? new BullMqQueue({ redisUrl: settings.redisUrl }) : new InProcessQueue());
  const metrics =
    overrides.metrics ??
    new AppMetrics({
      processMetrics: options.processMetrics ?? false,
      usdPerMillionTokens: settings.usdPerMillionTokens,
    });
  const deps: AppDeps = {
    queue,
    deliveries: new RecentDeliveries(),
    models: openAiModels(settings.llm),
    openForge: openGitHubForge,
    runs: overrides.runs ?? openRunStore(settings.runStore),
    limits: settings.limits ?? DEFAULT_OPERATOR_LIMITS,
    metrics,
    progressIntervalMs: PROGRESS_INTERVAL_MS,
    clock: () => Date.now(),
    now: () => performance.now(),
    ...(settings.dashboard ? { dashboard: { auth: settings.dashboard } } : {}),
    ...overrides,
  };
  // With BullMQ the jobs run in worker processes: the depth is what Redis holds, not what this process counted.
  if (queue instanceof BullMqQueue)
    deps.metrics.queueDepthFrom(async () =>
      Object.values(await queue.queue.getJobCounts("waiting", "active", "delayed", "prioritized")).reduce(
        (a, b) => a + b,
        0,
      ),
    );
  const isQueued =
    queue instanceof BullMqQueue ? async (id: string) => Boolean(await queue.queue.getJob(id)) : async () => false;
  return { deps, isQueued };
}

/** The handlers' services alone (tests, `probot run`): an in-process queue and an in-memory run store unless given. */
export function composeApp(settings: ServiceSettings = {}, overrides: Partial<AppDeps> = {}): AppDeps {
  return composeServer(settings, overrides).deps;
}

export interface WorkerServiceOptions extends ServiceOptions {
  /** How the worker acts as a job's installation (Probot's app.auth). */
  authenticate(installationId: number): Promise<ProbotOctokit>;
  log: Logger;
  /** A run store to use instead of the configured one (tests). */
  runs?: RunStore;
  progressIntervalMs?: number;
}

/** What runJob needs in a worker process (npm run worker), from the same settings the server reads. */
export function composeWorker(
  settings: ServiceSettings,
  options: WorkerServiceOptions,
): JobServices & { metrics: AppMetrics } {
  return {
    authenticate: options.authenticate,
    log: options.log,
    runs: options.runs ?? openRunStore(settings.runStore),
    models: openAiModels(settings.llm),
    openForge: openGitHubForge,
    metrics: new AppMetrics({
      processMetrics: options.processMetrics ?? false,
      usdPerMillionTokens: settings.usdPerMillionTokens,
    }),
    progressIntervalMs: options.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
    clock: Date.now,
    now: () => performance.now(),
  };
}

/** The configured run store (the server and every worker share it); unset: in memory. */
export function openRunStore(config: RunStoreSettings | undefined): RunStore {
  if (!config) return new FileRunStore();
  return config.kind === "postgres"
    ? new PostgresRunStore({ connectionString: config.connectionString })
    : new FileRunStore({ path: config.path });
}

/** The operator's OpenAI-compatible endpoint as LlmModels; undefined without a key (planning runs offline). */
export function openAiModels(llm: LlmSettings | undefined): LlmModels | undefined {
  if (!llm) return undefined;
  return { defaultModel: llm.model, forModel: (model) => createOpenAiLlm({ ...llm, model }) };
}
