// A RunStore in memory for the dashboard tests (a test double of the port until the real stores land): the same
// patch and query semantics as the real stores, through the shared helpers of app/core/runs.ts.
import { applyRunPatch, byNewest, matchesRunQuery, type Admission, type DailyLimits, type RunPatch, type RunQuery, type RunRecord, type RunStore } from "../../app/core/runs.ts";

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();
  /** Queries received, so a test can see the store was asked (and how). */
  readonly queries: RunQuery[] = [];

  constructor(initial: readonly RunRecord[] = []) {
    for (const run of initial) this.runs.set(run.id, run);
  }

  async admit(run: RunRecord, limits: DailyLimits): Promise<Admission> {
    const { generations, tokens } = await this.usage(run.installationId, limits.dayStart);
    if (generations >= limits.generationsPerDay) return { admitted: false, limit: "generations", used: generations };
    if (limits.tokensPerDay !== undefined && tokens >= limits.tokensPerDay) return { admitted: false, limit: "tokens", used: tokens };
    this.runs.set(run.id, run);
    return { admitted: true };
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const run = this.runs.get(id);
    if (run) this.runs.set(id, applyRunPatch(run, patch));
  }

  async updateLatest(repository: string, issueNumber: number, patch: RunPatch): Promise<RunRecord | undefined> {
    const latest = [...this.runs.values()].filter((run) => run.repository === repository && run.issueNumber === issueNumber).sort(byNewest)[0];
    if (!latest) return undefined;
    const next = applyRunPatch(latest, patch);
    this.runs.set(latest.id, next);
    return next;
  }

  async get(id: string): Promise<RunRecord | undefined> {
    return this.runs.get(id);
  }

  async list(query: RunQuery = {}): Promise<RunRecord[]> {
    this.queries.push(query);
    return [...this.runs.values()].filter((run) => matchesRunQuery(run, query)).sort(byNewest).slice(0, query.limit ?? 500);
  }

  async usage(installationId: number, since: string): Promise<{ generations: number; tokens: number }> {
    const runs = [...this.runs.values()].filter((run) => run.installationId === installationId && run.queuedAt >= since);
    return { generations: runs.length, tokens: runs.reduce((sum, run) => sum + run.tokens, 0) };
  }

  async close(): Promise<void> {}
}
