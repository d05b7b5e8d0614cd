// JobQueue on BullMQ (Redis), chosen when REDIS_URL is set: the webhook server only adds jobs, worker processes
// (`npm run worker`) run them. A job is data (JobData for the app); the worker rebuilds what it needs from it.
//
// Per-key serialisation (BullMQ's groups are a Pro feature): before running, a worker takes the key's lock in Redis
// with SET NX PX and renews it while the job runs. A job whose key is locked is moved back to the delayed set and
// tried again a moment later (BullMQ's DelayedError pattern; it does not count as a failed attempt). A worker that
// dies leaves its lock to expire after `lockMs`, the same time after which BullMQ's stalled-job check gives the job
// to another worker. Jobs of one key therefore never overlap; under contention they are not strictly FIFO, which
// is fine because every run reconciles the branch with the manifest (the pipeline is idempotent on git state).
//
// De-duplication: the job id is the webhook's delivery id, and BullMQ ignores an add with an id it already holds.
import { randomUUID } from "node:crypto";
import {
  DelayedError,
  Job as BullJobClass,
  Queue,
  Worker,
  type Job as BullJob,
  type JobType as BullJobType,
} from "bullmq";
import { Redis } from "ioredis";
import type { JobData } from "../core/jobs.ts";
import type { Job, JobQueue, JobRunner, QueueInspector, QueueJobState, QueueJobView } from "../ports.ts";
import { failureReason } from "./in-process.ts";

export const DEFAULT_QUEUE_NAME = "appgen-generations";

interface StoredJob<T> {
  key: string;
  data: T;
}

export interface BullMqQueueOptions {
  redisUrl: string;
  queueName?: string;
  /** Attempts per job, including the first; failures are retried with exponential backoff. */
  attempts?: number;
  /** The first retry's delay; each further retry waits twice as long. */
  backoffMs?: number;
  /** How many finished jobs Redis keeps (completed and failed each), for the dashboard and for drain(). */
  keepJobs?: number;
  onError?(error: unknown, key: string, job: Job<unknown>): void;
}

function connectionOptions(redisUrl: string) {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/** BullMQ's states behind each state the dashboard shows; priority and parent/child waits are all "waiting" to it. */
const BULL_STATES: Record<QueueJobState, readonly BullJobType[]> = {
  waiting: ["waiting", "prioritized", "waiting-children"],
  active: ["active"],
  delayed: ["delayed"],
  failed: ["failed"],
};

export class BullMqQueue<T = JobData> implements JobQueue<T>, QueueInspector {
  readonly queue: Queue;
  private readonly pending = new Set<Promise<void>>();
  private readonly added = new Set<string>();
  private closed = false;
  private readonly options: Required<Omit<BullMqQueueOptions, "onError">> & Pick<BullMqQueueOptions, "onError">;

  constructor(options: BullMqQueueOptions) {
    this.options = { queueName: DEFAULT_QUEUE_NAME, attempts: 3, backoffMs: 5_000, keepJobs: 1_000, ...options };
    this.queue = new Queue(this.options.queueName, { connection: connectionOptions(options.redisUrl) });
  }

  enqueue(key: string, job: Job<T>): boolean {
    if (this.closed) return false;
    const adding = (async () => {
      const stored: StoredJob<T> = { key, data: job.data };
      await this.queue.add("run", stored, {
        jobId: job.id,
        attempts: this.options.attempts,
        backoff: { type: "exponential", delay: this.options.backoffMs },
        removeOnComplete: { count: this.options.keepJobs },
        removeOnFail: { count: this.options.keepJobs },
      });
      this.added.add(job.id);
    })().catch((error: unknown) => this.options.onError?.(error, key, job));
    this.pending.add(adding);
    void adding.finally(() => this.pending.delete(adding));
    return true;
  }

  /** Waits for every job added so far to complete or fail for good (polls Redis: workers may be other processes). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
    for (const id of [...this.added]) {
      for (;;) {
        const state = await this.queue.getJobState(id);
        if (state === "completed" || state === "failed" || state === "unknown") break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      this.added.delete(id);
    }
  }

  async counts(): Promise<Record<QueueJobState, number>> {
    const bull = await this.queue.getJobCounts(...new Set(Object.values(BULL_STATES).flat()));
    const sum = (state: QueueJobState) => BULL_STATES[state].reduce((total, type) => total + (bull[type] ?? 0), 0);
    return { waiting: sum("waiting"), active: sum("active"), delayed: sum("delayed"), failed: sum("failed") };
  }

  /** Jobs in the given states, grouped in the order of `states`, newest first within a state. */
  async jobs(states: readonly QueueJobState[], limit: number): Promise<QueueJobView[]> {
    const views: QueueJobView[] = [];
    const listed = new Set<string>();
    for (const state of new Set(states)) {
      if (views.length >= limit) break;
      // Asking per state tells each job's state without a getState round trip per job.
      const found = await this.queue.getJobs([...BULL_STATES[state]], 0, limit - views.length - 1, false);
      for (const job of found) {
        // A job can finish, or move between lists, while the lists are read.
        if (!job?.id || listed.has(job.id) || views.length >= limit) continue;
        listed.add(job.id);
        views.push(jobView(job as BullJob<Partial<StoredJob<unknown>>>, state));
      }
    }
    return views;
  }

  /** Puts a failed job back in line with its attempts reset (a retry by hand gets the full backoff again). */
  async retry(id: string): Promise<boolean> {
    const job = await BullJobClass.fromId(this.queue, id);
    if (!job || (await job.getState()) !== "failed") return false;
    try {
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch (error) {
      // Someone else retried or removed it between our look and the move.
      if ((await job.getState()) !== "failed") return false;
      throw error;
    }
  }

  /** Stops accepting jobs and waits until the accepted ones are in Redis; workers run them (they survive us). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.size) await Promise.all([...this.pending]);
    await this.queue.close();
  }
}

function jobView(job: BullJob<Partial<StoredJob<unknown>>>, state: QueueJobState): QueueJobView {
  return {
    id: job.id ?? "",
    key: typeof job.data?.key === "string" ? job.data.key : "",
    state,
    attempts: job.attemptsMade,
    enqueuedAt: new Date(job.timestamp).toISOString(),
    ...(state === "failed" && job.failedReason ? { failedReason: failureReason(job.failedReason) } : {}),
  };
}

export interface QueueWorkerOptions<T> {
  redisUrl: string;
  queueName?: string;
  concurrency?: number;
  /** How long a worker's claim on a job and on its key lasts without renewal; a dead worker's job restarts after it. */
  lockMs?: number;
  /** How long a job whose key is busy waits before it is tried again. */
  busyRetryMs?: number;
  run: JobRunner<T>;
}

export interface QueueWorker {
  readonly worker: Worker;
  /** Stops taking jobs and lets the active ones finish (SIGTERM). */
  close(): Promise<void>;
}

const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RENEW_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export async function startQueueWorker<T>(options: QueueWorkerOptions<T>): Promise<QueueWorker> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const lockMs = options.lockMs ?? 30_000;
  const busyRetryMs = options.busyRetryMs ?? 250;
  const locks = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const lockKey = (key: string) => `appgen:key-lock:${queueName}:${key}`;

  const processor = async (job: BullJob<StoredJob<T>>, token?: string): Promise<void> => {
    const { key, data } = job.data;
    const owner = `${job.id}:${randomUUID()}`;
    const taken = await locks.set(lockKey(key), owner, "PX", lockMs, "NX");
    if (taken !== "OK") {
      await job.moveToDelayed(Date.now() + busyRetryMs, token);
      throw new DelayedError();
    }
    const renewal = setInterval(
      () => {
        void locks.eval(RENEW_LOCK, 1, lockKey(key), owner, String(lockMs)).catch(() => {});
      },
      Math.max(100, Math.floor(lockMs / 3)),
    );
    try {
      await options.run(data, { key, jobId: job.id ?? "", attempt: job.attemptsMade + 1 });
    } finally {
      clearInterval(renewal);
      await locks.eval(RELEASE_LOCK, 1, lockKey(key), owner).catch(() => {});
    }
  };

  const worker = new Worker<StoredJob<T>>(queueName, processor, {
    connection: connectionOptions(options.redisUrl),
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
  });
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  return {
    worker,
    close: () =>
      (closing ??= (async () => {
        await worker.close();
        locks.disconnect();
      })()),
  };
}
