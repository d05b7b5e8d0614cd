// What appgen remembers about each generation run, for the dashboard, the user view and the daily quotas. Git stays
// the source of truth for the generated app; a run record is the operator's history of what happened and when.
// Records are plain JSON (they live in Postgres jsonb or in an append-only JSON-lines file).
import type { AppCard, CheckStatus } from "./card.ts";

export type RunStatus = "queued" | "running" | "done" | "failed";
export type RunTrigger = "label" | "regenerate" | "retry";
export type RunStageName = "plan" | "db" | "api" | "ui" | "files";
export type RunStageStatus = "committed" | "unchanged" | "failed";

export interface RunStage {
  stage: RunStageName;
  status: RunStageStatus;
  durationMs: number;
}

export interface RunRecord {
  /** The run id: the webhook delivery that started it (or `retry-…` for a run started from the dashboard). */
  id: string;
  installationId: number;
  /** owner/repo; the owner is the installation's account. */
  repository: string;
  repositoryUrl: string;
  issueNumber: number;
  /** Login of the person who applied the label or wrote the command. */
  requestedBy: string;
  trigger: RunTrigger;
  status: RunStatus;
  /** ISO 8601 times. */
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  stages: RunStage[];
  /** LLM tokens spent by this run (0 for the offline planner). */
  tokens: number;
  costUsd?: number;
  planner?: string;
  model?: string;
  pullRequest?: { number: number; url: string };
  /** What the manifest says about the app, once planned. */
  app?: Pick<AppCard, "name" | "description" | "counts" | "theme">;
  /** The app's state after the run, kept current by check, auto-fix and deploy events. */
  check: CheckStatus;
  autofixAttempts: number;
  deployUrl?: string;
  error?: { code: string; message: string };
  /** What a retry needs to run the same generation again (the queue's job data). */
  job?: unknown;
}

/**
 * A change to a run; `stage` appends one stage timing (so concurrent writers never lose one another's stages), and
 * `stages` replaces them all (a new attempt of the run starts from none).
 */
export type RunPatch = Partial<Omit<RunRecord, "id">> & { stage?: RunStage };

export interface RunQuery {
  /** Runs queued at or after this ISO time. */
  since?: string;
  /** Runs queued before this ISO time. */
  until?: string;
  installationIds?: readonly number[];
  repositories?: readonly string[];
  /** With one repository: the runs of that issue's app. */
  issueNumber?: number;
  requestedBy?: string;
  statuses?: readonly RunStatus[];
  /** At most this many runs, newest first (default 500). */
  limit?: number;
}

export interface DailyLimits {
  /** Start of the current UTC day, ISO. */
  dayStart: string;
  generationsPerDay: number;
  /** undefined: no token budget. */
  tokensPerDay: number | undefined;
}

export type Admission = { admitted: true } | { admitted: false; limit: "generations" | "tokens"; used: number };

/**
 * Where runs are kept: PostgreSQL (DATABASE_URL) or an append-only file (the embedded default). Several processes
 * (webhook server and workers) may write to the same store.
 */
export interface RunStore {
  /**
   * Records a new queued run when its installation is under today's limits, atomically with respect to other
   * admissions of the same installation; otherwise records nothing and says which limit was reached.
   */
  admit(run: RunRecord, limits: DailyLimits): Promise<Admission>;
  /** Applies a patch to a run; unknown ids are ignored (the run may have been admitted by an older version). */
  update(id: string, patch: RunPatch): Promise<void>;
  /** Applies a patch to the newest run of an issue's app and answers the result, or undefined when there is none. */
  updateLatest(repository: string, issueNumber: number, patch: RunPatch): Promise<RunRecord | undefined>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Runs matching the query, newest (queuedAt) first. */
  list(query?: RunQuery): Promise<RunRecord[]>;
  close(): Promise<void>;
}

/** Applies a patch to a record (the one definition of patch semantics both stores share). */
export function applyRunPatch(run: RunRecord, patch: RunPatch): RunRecord {
  const { stage, ...rest } = patch;
  const next: RunRecord = { ...run, ...rest };
  if (stage) next.stages = [...run.stages, stage];
  return next;
}

/** The card of the app a run produced (undefined until the plan named the app). */
export function cardOfRun(run: RunRecord): AppCard | undefined {
  if (!run.app) return undefined;
  const generationMs =
    run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : undefined;
  return {
    ...run.app,
    check: run.check,
    autofixAttempts: run.autofixAttempts,
    ...(run.deployUrl ? { deployUrl: run.deployUrl } : {}),
    ...(generationMs !== undefined && generationMs >= 0 ? { generationMs } : {}),
    ...(run.tokens ? { tokens: run.tokens } : {}),
    ...(run.costUsd !== undefined ? { costUsd: run.costUsd } : {}),
  };
}

/** The newest run per app (repository + issue), newest first: what a portfolio of app cards shows. */
export function latestRunPerApp(runs: readonly RunRecord[]): RunRecord[] {
  const seen = new Set<string>();
  const latest: RunRecord[] = [];
  for (const run of [...runs].sort(byNewest)) {
    const key = `${run.repository}#${run.issueNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    latest.push(run);
  }
  return latest;
}

export function byNewest(a: RunRecord, b: RunRecord): number {
  return a.queuedAt < b.queuedAt ? 1 : a.queuedAt > b.queuedAt ? -1 : a.id < b.id ? 1 : -1;
}

/** Whether a run matches a query's filters (the file store's WHERE clause; Postgres has its own). */
export function matchesRunQuery(run: RunRecord, query: RunQuery): boolean {
  if (query.since && run.queuedAt < query.since) return false;
  if (query.until && run.queuedAt >= query.until) return false;
  if (query.installationIds && !query.installationIds.includes(run.installationId)) return false;
  if (query.repositories && !query.repositories.includes(run.repository)) return false;
  if (query.issueNumber !== undefined && run.issueNumber !== query.issueNumber) return false;
  if (query.requestedBy && run.requestedBy.toLowerCase() !== query.requestedBy.toLowerCase()) return false;
  if (query.statuses && !query.statuses.includes(run.status)) return false;
  return true;
}

/** Generations and LLM tokens of an installation's runs since a time: what the daily limits count. */
export function usageOf(
  runs: Iterable<RunRecord>,
  installationId: number,
  since: string,
): { generations: number; tokens: number } {
  let generations = 0;
  let tokens = 0;
  for (const run of runs) {
    if (run.installationId !== installationId || run.queuedAt < since) continue;
    generations += 1;
    tokens += run.tokens;
  }
  return { generations, tokens };
}

export function utcDayStart(nowMs: number): string {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}
