// Who is looking and what they may see. Pure decisions, so every page and the JSON API filter the same way.
import type { RunQuery, RunRecord, RunStore } from "../core/runs.ts";
import { byNewest } from "../core/runs.ts";
import type { AdministeredInstallation } from "./session.ts";

export type Viewer =
  /** The admin token (headless use): everything, no login. */
  | { kind: "token" }
  /** A signed-in operator (APPGEN_OPERATORS): everything. */
  | { kind: "operator"; login: string }
  /** A signed-in person: installations they administer and repositories they can access. */
  | { kind: "user"; login: string; admin: readonly AdministeredInstallation[]; repos: readonly string[] };

export function seesEverything(viewer: Viewer): boolean {
  return viewer.kind !== "user";
}

export function viewerLogin(viewer: Viewer): string | undefined {
  return viewer.kind === "token" ? undefined : viewer.login;
}

export function canSeeRun(viewer: Viewer, run: Pick<RunRecord, "installationId" | "repository">): boolean {
  if (viewer.kind !== "user") return true;
  if (viewer.admin.some((installation) => installation.id === run.installationId)) return true;
  const repository = run.repository.toLowerCase();
  return viewer.repos.some((repo) => repo.toLowerCase() === repository);
}

/** A queue key is `owner/repo#issue`; visible when the viewer administers the owner's installation or can access the repository. */
export function canSeeQueueKey(viewer: Viewer, key: string): boolean {
  if (viewer.kind !== "user") return true;
  const repository = key.replace(/#\d+$/, "").toLowerCase();
  const owner = repository.split("/")[0] ?? "";
  if (viewer.admin.some((installation) => installation.account.toLowerCase() === owner)) return true;
  return viewer.repos.some((repo) => repo.toLowerCase() === repository);
}

/** Retrying queue jobs acts on every installation's queue: operators and the admin token only. */
export function canRetryJobs(viewer: Viewer): boolean {
  return viewer.kind !== "user";
}

/** Re-running a failed generation spends its installation's quota: operators, the admin token, and its installation's admins. */
export function canRerun(viewer: Viewer, run: Pick<RunRecord, "installationId">): boolean {
  if (viewer.kind !== "user") return true;
  return viewer.admin.some((installation) => installation.id === run.installationId);
}

/**
 * The runs a viewer may see that match a query, newest first. A person's runs come from two store queries (their
 * installations, their repositories) so a store's row limit never hides their runs behind other people's.
 */
export async function visibleRuns(store: RunStore, viewer: Viewer, query: RunQuery): Promise<RunRecord[]> {
  if (viewer.kind !== "user") return store.list(query);
  const wanted = query.repositories?.map((r) => r.toLowerCase());
  const repos = wanted ? viewer.repos.filter((repo) => wanted.includes(repo.toLowerCase())) : viewer.repos;
  const lists = await Promise.all([
    viewer.admin.length
      ? store.list({ ...query, installationIds: viewer.admin.map((installation) => installation.id) })
      : [],
    repos.length ? store.list({ ...query, repositories: repos }) : [],
  ]);
  const byId = new Map<string, RunRecord>();
  for (const run of lists.flat()) if (canSeeRun(viewer, run)) byId.set(run.id, run);
  return [...byId.values()].sort(byNewest).slice(0, query.limit ?? 500);
}
