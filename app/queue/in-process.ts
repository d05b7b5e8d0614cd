// JobQueue in one process: a promise chain per key serialises runs for the same issue, and a bounded memory of job
// ids drops redelivered webhooks. State lives in memory only; git is what survives a restart.
//
// As a QueueInspector it shows the jobs it holds: waiting (accepted, its key's predecessor still runs), active, and
// failed (the runner threw — jobs report their own failures, so this is the last resort). Finished jobs are forgotten;
// failed ones are kept, up to a bound, so that they can be retried. There is no backoff here, hence never "delayed".
//
// Jobs are data: the runner (the app's runJob, given by process() at start-up) receives a JSON copy of each job's
// data, exactly what a BullMQ worker would read from Redis, so a job that works here works across processes too.
import type { JobData } from "../core/jobs.ts";
import type { Job, JobRunner, LocalJobQueue, QueueInspector, QueueJobState, QueueJobView } from "../ports.ts";

export interface InProcessQueueOptions<T> {
  /** Runs each job; may also be given later with process(). */
  run?: JobRunner<T>;
  /** How many job ids to remember for de-duplication. */
  rememberIds?: number;
  /** How many failed jobs to keep for the dashboard and retry; the oldest are dropped first. */
  rememberFailed?: number;
  /** Called when a job throws; jobs are expected to report their own failures, so this is a last resort. */
  onError?(error: unknown, key: string, job: Job<T>): void;
  /** Milliseconds since the epoch, for enqueuedAt (tests pin it). */
  now?(): number;
}

interface TrackedJob<T> {
  job: Job<T>;
  key: string;
  state: "waiting" | "active" | "failed";
  attempts: number;
  enqueuedAt: string;
  failedReason?: string;
}

const MAX_REASON_LENGTH = 500;

/** The first line of the error's message, short enough for a table cell. */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n", 1)[0] ?? "").slice(0, MAX_REASON_LENGTH);
}

export class InProcessQueue<T = JobData> implements LocalJobQueue<T>, QueueInspector {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  /** Waiting and active jobs, in the order they were accepted. */
  private readonly live = new Map<string, TrackedJob<T>>();
  /** Failed jobs, oldest first. */
  private readonly failed = new Map<string, TrackedJob<T>>();
  private readonly rememberIds: number;
  private readonly rememberFailed: number;
  private readonly onError: (error: unknown, key: string, job: Job<T>) => void;
  private readonly now: () => number;
  private runner: JobRunner<T> | undefined;
  private closed = false;

  constructor(options: InProcessQueueOptions<T> = {}) {
    this.runner = options.run;
    this.rememberIds = options.rememberIds ?? 10_000;
    this.rememberFailed = options.rememberFailed ?? 200;
    this.onError = options.onError ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  /** Sets the runner jobs are handed to (the app does this once, when it is loaded). */
  process(run: JobRunner<T>): void {
    this.runner = run;
  }

  enqueue(key: string, job: Job<T>): boolean {
    if (this.closed || this.seen.has(job.id)) return false;
    // A copy through JSON, as Redis would hold it: what is not data (a function, a promise) does not survive here either.
    const data = JSON.parse(JSON.stringify(job.data ?? null)) as T;
    this.remember(job.id);
    this.schedule({
      job: { id: job.id, data },
      key,
      state: "waiting",
      attempts: 0,
      enqueuedAt: new Date(this.now()).toISOString(),
    });
    return true;
  }

  /** Keys with a job running or waiting. */
  get activeKeys(): string[] {
    return [...this.tails.keys()];
  }

  async drain(): Promise<void> {
    // Jobs may enqueue more jobs while running; loop until nothing is left.
    while (this.tails.size) await Promise.all([...this.tails.values()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  async counts(): Promise<Record<QueueJobState, number>> {
    const counts: Record<QueueJobState, number> = { waiting: 0, active: 0, delayed: 0, failed: this.failed.size };
    for (const tracked of this.live.values()) counts[tracked.state] += 1;
    return counts;
  }

  /** Jobs in the given states, grouped in the order of `states`, newest first within a state. */
  async jobs(states: readonly QueueJobState[], limit: number): Promise<QueueJobView[]> {
    const views: QueueJobView[] = [];
    for (const state of new Set(states)) {
      const source = state === "failed" ? this.failed : this.live;
      for (const [id, tracked] of [...source].reverse()) {
        if (views.length >= limit) return views;
        if (tracked.state === state) views.push(view(id, tracked));
      }
    }
    return views;
  }

  /** Runs a failed job again under its key, after whatever that key is running now. */
  async retry(id: string): Promise<boolean> {
    const tracked = this.failed.get(id);
    if (!tracked || this.closed) return false;
    const { failedReason: _previousReason, ...rest } = tracked;
    this.schedule({ ...rest, state: "waiting" });
    return true;
  }

  private schedule(tracked: TrackedJob<T>): void {
    const { key, job } = tracked;
    this.failed.delete(job.id);
    this.live.set(job.id, tracked);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const tail = previous.then(() => this.runSafely(tracked));
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }

  private async runSafely(tracked: TrackedJob<T>): Promise<void> {
    const { key, job } = tracked;
    tracked.state = "active";
    tracked.attempts += 1;
    // Identity check: with a small id memory the same id can be accepted again while this run is still tracked.
    const forget = () => {
      if (this.live.get(job.id) === tracked) this.live.delete(job.id);
    };
    try {
      if (!this.runner)
        throw new Error("the in-process queue has no runner: call process(runJob) before enqueueing (createApp does)");
      await this.runner(job.data, { key, jobId: job.id, attempt: tracked.attempts });
      forget();
    } catch (error) {
      forget();
      this.keepFailed({ ...tracked, state: "failed", failedReason: failureReason(error) });
      try {
        this.onError(error, key, job);
      } catch {
        // A failing error reporter must not stop the queue.
      }
    }
  }

  private keepFailed(tracked: TrackedJob<T>): void {
    this.failed.delete(tracked.job.id);
    this.failed.set(tracked.job.id, tracked);
    while (this.failed.size > this.rememberFailed) {
      const oldest = this.failed.keys().next().value;
      if (oldest === undefined) break;
      this.failed.delete(oldest);
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > this.rememberIds) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

function view<T>(id: string, tracked: TrackedJob<T>): QueueJobView {
  return {
    id,
    key: tracked.key,
    state: tracked.state,
    attempts: tracked.attempts,
    enqueuedAt: tracked.enqueuedAt,
    ...(tracked.failedReason === undefined ? {} : { failedReason: tracked.failedReason }),
  };
}
