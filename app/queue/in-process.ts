// JobQueue in one process: a promise chain per key serialises runs for the same issue, and a bounded memory of job
// ids drops redelivered webhooks. State lives in memory only; git is what survives a restart.
//
// As a QueueInspector it shows the jobs it holds: waiting (accepted, its key's predecessor still runs), active, and
// failed (run() threw — jobs report their own failures, so this is the last resort). Finished jobs are forgotten;
// failed ones are kept, up to a bound, so that they can be retried. There is no backoff here, hence never "delayed".
import type { Job, JobQueue, QueueInspector, QueueJobState, QueueJobView } from "../ports.ts";

export interface InProcessQueueOptions {
  /** How many job ids to remember for de-duplication. */
  rememberIds?: number;
  /** How many failed jobs to keep for the dashboard and retry; the oldest are dropped first. */
  rememberFailed?: number;
  /** Called when a job throws; jobs are expected to report their own failures, so this is a last resort. */
  onError?(error: unknown, key: string, job: Job): void;
  /** Milliseconds since the epoch, for enqueuedAt (tests pin it). */
  now?(): number;
}

interface TrackedJob {
  job: Job;
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

export class InProcessQueue implements JobQueue, QueueInspector {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  /** Waiting and active jobs, in the order they were accepted. */
  private readonly live = new Map<string, TrackedJob>();
  /** Failed jobs, oldest first. */
  private readonly failed = new Map<string, TrackedJob>();
  private readonly rememberIds: number;
  private readonly rememberFailed: number;
  private readonly onError: (error: unknown, key: string, job: Job) => void;
  private readonly now: () => number;
  private closed = false;

  constructor(options: InProcessQueueOptions = {}) {
    this.rememberIds = options.rememberIds ?? 10_000;
    this.rememberFailed = options.rememberFailed ?? 200;
    this.onError = options.onError ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  enqueue(key: string, job: Job): boolean {
    if (this.closed || this.seen.has(job.id)) return false;
    this.remember(job.id);
    this.schedule({ job, key, state: "waiting", attempts: 0, enqueuedAt: new Date(this.now()).toISOString() });
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

  private schedule(tracked: TrackedJob): void {
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

  private async runSafely(tracked: TrackedJob): Promise<void> {
    const { key, job } = tracked;
    tracked.state = "active";
    tracked.attempts += 1;
    // Identity check: with a small id memory the same id can be accepted again while this run is still tracked.
    const forget = () => {
      if (this.live.get(job.id) === tracked) this.live.delete(job.id);
    };
    try {
      await job.run();
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

  private keepFailed(tracked: TrackedJob): void {
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

function view(id: string, tracked: TrackedJob): QueueJobView {
  return {
    id,
    key: tracked.key,
    state: tracked.state,
    attempts: tracked.attempts,
    enqueuedAt: tracked.enqueuedAt,
    ...(tracked.failedReason === undefined ? {} : { failedReason: tracked.failedReason }),
  };
}
