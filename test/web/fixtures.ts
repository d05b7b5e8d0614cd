// Run records for the dashboard tests: a complete, plausible run with overrides, and a way to record runs in a real
// store the way the app does.
import type { DailyLimits, RunRecord, RunStore } from "../../app/core/runs.ts";

export function runRecord(overrides: Partial<RunRecord> & { id: string }): RunRecord {
  const repository = overrides.repository ?? "acme/shop";
  return {
    installationId: 1,
    repository,
    repositoryUrl: `https://github.example/${repository}`,
    issueNumber: 1,
    requestedBy: "alice",
    trigger: "label",
    status: "done",
    queuedAt: "2030-01-10T10:00:00.000Z",
    startedAt: "2030-01-10T10:00:01.000Z",
    finishedAt: "2030-01-10T10:00:31.000Z",
    stages: [],
    tokens: 0,
    check: "unknown",
    autofixAttempts: 0,
    ...overrides,
  };
}

/** The tests seed history; quotas are tested elsewhere, so no seeded run may be refused. */
const GENEROUS_LIMITS: DailyLimits = {
  dayStart: "1970-01-01T00:00:00.000Z",
  generationsPerDay: Number.MAX_SAFE_INTEGER,
  tokensPerDay: undefined,
};

/** Records each run as the app does: admitted as queued, then one patch per stage, then one with the outcome. */
export async function recordRuns(store: RunStore, runs: readonly RunRecord[]): Promise<void> {
  for (const run of runs) {
    const {
      id,
      installationId,
      repository,
      repositoryUrl,
      issueNumber,
      requestedBy,
      trigger,
      queuedAt,
      stages,
      ...outcome
    } = run;
    const queued: RunRecord = {
      id,
      installationId,
      repository,
      repositoryUrl,
      issueNumber,
      requestedBy,
      trigger,
      queuedAt,
      status: "queued",
      stages: [],
      tokens: 0,
      check: "unknown",
      autofixAttempts: 0,
    };
    const admission = await store.admit(queued, GENEROUS_LIMITS);
    if (!admission.admitted)
      throw new Error(`The store refused to admit run ${id} (${admission.limit} limit, ${admission.used} used).`);
    for (const stage of stages) await store.update(id, { stage });
    await store.update(id, outcome);
  }
}
