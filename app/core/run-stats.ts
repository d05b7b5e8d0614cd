// Statistics over a set of runs for the dashboard: success rate and median durations per stage and per run. Pure:
// the caller chooses the runs (period, repository, what the viewer may see).
import type { RunRecord, RunStageName } from "./runs.ts";

export const STAGE_NAMES: readonly RunStageName[] = ["plan", "db", "api", "ui", "files"];

export interface RunStatistics {
  total: number;
  done: number;
  failed: number;
  /** Queued or running: not counted in the success rate. */
  unfinished: number;
  /** done / (done + failed); undefined when nothing finished. */
  successRate: number | undefined;
  /** Median wall time (startedAt → finishedAt) of successful runs; undefined when there is none. */
  medianRunMs: number | undefined;
  /** Per stage: how many timings were counted and their median (stages that finished, committed or unchanged). */
  stages: Record<RunStageName, { count: number; medianMs: number | undefined }>;
}

export function runStatistics(runs: readonly RunRecord[]): RunStatistics {
  let done = 0;
  let failed = 0;
  const runDurations: number[] = [];
  const stageDurations = new Map<RunStageName, number[]>(STAGE_NAMES.map((name) => [name, []]));
  for (const run of runs) {
    if (run.status === "done") done += 1;
    else if (run.status === "failed") failed += 1;
    if (run.status === "done") {
      const duration = runDurationMs(run);
      if (duration !== undefined) runDurations.push(duration);
    }
    // A failed stage's time is time-to-failure; mixing it in would make a stage look faster the more it breaks.
    for (const stage of run.stages)
      if (stage.status !== "failed") stageDurations.get(stage.stage)?.push(stage.durationMs);
  }
  const stages = Object.fromEntries(
    STAGE_NAMES.map((name) => {
      const values = stageDurations.get(name) ?? [];
      return [name, { count: values.length, medianMs: median(values) }];
    }),
  ) as RunStatistics["stages"];
  return {
    total: runs.length,
    done,
    failed,
    unfinished: runs.length - done - failed,
    successRate: done + failed ? done / (done + failed) : undefined,
    medianRunMs: median(runDurations),
    stages,
  };
}

/** Wall time of a run that started and finished, else undefined. */
export function runDurationMs(run: RunRecord): number | undefined {
  if (!run.startedAt || !run.finishedAt) return undefined;
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The median (mean of the two middle values for an even count); undefined for no values. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export const PERIODS = ["24h", "7d", "30d", "all"] as const;
export type Period = (typeof PERIODS)[number];
const PERIOD_MS: Record<Exclude<Period, "all">, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export interface PeriodChoice {
  /** The named period, or "custom" for since/until. */
  period: Period | "custom";
  since?: string;
  until?: string;
}

/**
 * The period a request asks for: `period=24h|7d|30d|all`, or `since`/`until` (ISO dates or times; a bare date
 * `until` includes that day). Anything unreadable falls back to the default, 7 days.
 */
export function choosePeriod(
  input: { period?: string | null; since?: string | null; until?: string | null },
  nowMs: number,
): PeriodChoice {
  const since = parseTime(input.since, false);
  const until = parseTime(input.until, true);
  if (since || until) return { period: "custom", ...(since ? { since } : {}), ...(until ? { until } : {}) };
  const period = (PERIODS as readonly string[]).includes(input.period ?? "") ? (input.period as Period) : "7d";
  if (period === "all") return { period };
  return { period, since: new Date(nowMs - PERIOD_MS[period]).toISOString() };
}

function parseTime(text: string | null | undefined, endOfDay: boolean): string | undefined {
  if (!text) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) return undefined;
  return new Date(dateOnly && endOfDay ? ms + 86_400_000 : ms).toISOString();
}
