// A QueueInspector over a list of jobs, for the dashboard tests (the real queues get theirs elsewhere).
import type { QueueInspector, QueueJobState, QueueJobView } from "../../app/ports.ts";

export class MemoryQueueInspector implements QueueInspector {
  readonly retried: string[] = [];

  constructor(readonly jobList: QueueJobView[]) {}

  async counts(): Promise<Record<QueueJobState, number>> {
    const counts: Record<QueueJobState, number> = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const job of this.jobList) counts[job.state] += 1;
    return counts;
  }

  async jobs(states: readonly QueueJobState[], limit: number): Promise<QueueJobView[]> {
    return this.jobList.filter((job) => states.includes(job.state)).slice(0, limit);
  }

  async retry(id: string): Promise<boolean> {
    const job = this.jobList.find((j) => j.id === id && j.state === "failed");
    if (!job) return false;
    job.state = "waiting";
    delete job.failedReason;
    this.retried.push(id);
    return true;
  }
}
