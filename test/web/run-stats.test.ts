import { describe, expect, it } from "vitest";
import { choosePeriod, median, runStatistics } from "../../app/core/run-stats.ts";
import type { RunStage } from "../../app/core/runs.ts";
import { runRecord } from "./fixtures.ts";

const stage = (name: RunStage["stage"], durationMs: number, status: RunStage["status"] = "committed"): RunStage => ({
  stage: name,
  status,
  durationMs,
});

describe("median", () => {
  it.each([
    [[], undefined],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
  ])("median(%j) = %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("runStatistics", () => {
  const cases = [
    {
      name: "no runs: no rate, no medians",
      runs: [],
      expected: { total: 0, done: 0, failed: 0, unfinished: 0, successRate: undefined, medianRunMs: undefined },
    },
    {
      name: "success rate counts finished runs only",
      runs: [
        runRecord({ id: "a", status: "done" }),
        runRecord({ id: "b", status: "done" }),
        runRecord({ id: "c", status: "done" }),
        runRecord({ id: "d", status: "failed" }),
        runRecord({ id: "e", status: "running", finishedAt: undefined }),
        runRecord({ id: "f", status: "queued", startedAt: undefined, finishedAt: undefined }),
      ],
      expected: { total: 6, done: 3, failed: 1, unfinished: 2, successRate: 0.75, medianRunMs: 30_000 },
    },
    {
      name: "median run time over successful runs (failed runs' time is time to failure)",
      runs: [
        runRecord({ id: "a", startedAt: "2030-01-10T10:00:00Z", finishedAt: "2030-01-10T10:00:10Z" }),
        runRecord({ id: "b", startedAt: "2030-01-10T10:00:00Z", finishedAt: "2030-01-10T10:00:20Z" }),
        runRecord({ id: "c", status: "failed", startedAt: "2030-01-10T10:00:00Z", finishedAt: "2030-01-10T10:00:01Z" }),
      ],
      expected: { total: 3, done: 2, failed: 1, unfinished: 0, successRate: 2 / 3, medianRunMs: 15_000 },
    },
  ];
  it.each(cases)("$name", ({ runs, expected }) => {
    expect(runStatistics(runs)).toMatchObject(expected);
  });

  it("medians per stage over committed and unchanged stages, not failed ones", () => {
    const stats = runStatistics([
      runRecord({ id: "a", stages: [stage("plan", 100), stage("db", 10), stage("files", 500, "unchanged")] }),
      runRecord({ id: "b", stages: [stage("plan", 300), stage("db", 30)] }),
      runRecord({ id: "c", status: "failed", stages: [stage("plan", 200), stage("db", 9_999, "failed")] }),
    ]);
    expect(stats.stages).toEqual({
      plan: { count: 3, medianMs: 200 },
      db: { count: 2, medianMs: 20 },
      api: { count: 0, medianMs: undefined },
      ui: { count: 0, medianMs: undefined },
      files: { count: 1, medianMs: 500 },
    });
  });
});

describe("choosePeriod", () => {
  const now = Date.parse("2030-01-10T12:00:00Z");
  it.each([
    [{}, { period: "7d", since: "2030-01-03T12:00:00.000Z" }],
    [{ period: "24h" }, { period: "24h", since: "2030-01-09T12:00:00.000Z" }],
    [{ period: "30d" }, { period: "30d", since: "2029-12-11T12:00:00.000Z" }],
    [{ period: "all" }, { period: "all" }],
    [{ period: "1y" }, { period: "7d", since: "2030-01-03T12:00:00.000Z" }],
    [{ since: "2030-01-01" }, { period: "custom", since: "2030-01-01T00:00:00.000Z" }],
    [
      { since: "2030-01-01", until: "2030-01-05" },
      { period: "custom", since: "2030-01-01T00:00:00.000Z", until: "2030-01-06T00:00:00.000Z" },
    ],
    [
      { until: "2030-01-05T08:30:00Z", period: "24h" },
      { period: "custom", until: "2030-01-05T08:30:00.000Z" },
    ],
    [{ since: "yesterday" }, { period: "7d", since: "2030-01-03T12:00:00.000Z" }],
  ])("%j -> %j", (input, expected) => {
    expect(choosePeriod(input, now)).toEqual(expected);
  });
});
