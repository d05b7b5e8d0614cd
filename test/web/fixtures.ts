// Run records for the dashboard tests: a complete, plausible run with overrides.
import type { RunRecord } from "../../app/core/runs.ts";

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
