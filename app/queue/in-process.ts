// JobQueue in one process: a promise chain per key serialises runs for the same issue, and a bounded memory of job
// ids drops redelivered webhooks. State lives in memory only; git is what survives a restart.
import type { Job, JobQueue } from "../ports.ts";

export interface InProcessQueueOptions {
  /** How many job ids to remember for de-duplication. */
  rememberIds?: number;
  /** Called when a job throws; jobs are expected to report their own failures, so this is a last resort. */
  onError?(error: unknown, key: string, job: Job): void;
}

export class InProcessQueue implements JobQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  private readonly rememberIds: number;
  private readonly onError: (error: unknown, key: string, job: Job) => void;
  private closed = false;

  constructor(options: InProcessQueueOptions = {}) {
    this.rememberIds = options.rememberIds ?? 10_000;
    this.onError = options.onError ?? (() => {});
  }

  enqueue(key: string, job: Job): boolean {
    if (this.closed || this.seen.has(job.id)) return false;
    this.remember(job.id);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const tail = previous.then(() => this.runSafely(key, job));
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
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

  private async runSafely(key: string, job: Job): Promise<void> {
    try {
      await job.run();
    } catch (error) {
      try {
        this.onError(error, key, job);
      } catch {
        // A failing error reporter must not stop the queue.
      }
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
