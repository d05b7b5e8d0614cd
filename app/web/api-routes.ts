// The JSON API for scripts (the admin token) and pages alike: runs of a period with their statistics, and the queue.
// Anonymous requests never get here (they are answered 401); the job data a run keeps is never answered.
import { choosePeriod, runStatistics } from "../core/run-stats.ts";
import type { RunRecord } from "../core/runs.ts";
import { visibleRuns } from "./access.ts";
import { sendJson } from "./http.ts";
import type { DashboardContext, Route, ViewerExchange } from "./routes.ts";
import { queueView, RUNS_SCANNED } from "./view-routes.ts";

export function apiRoutes(context: DashboardContext): Route[] {
  const { options } = context;

  async function runs({ res, url, viewer }: ViewerExchange): Promise<void> {
    const choice = choosePeriod(
      {
        period: url.searchParams.get("period"),
        since: url.searchParams.get("since"),
        until: url.searchParams.get("until"),
      },
      options.now(),
    );
    const repository = url.searchParams.get("repo");
    const requestedBy = url.searchParams.get("requestedBy");
    const found = await visibleRuns(options.runs, viewer, {
      ...(choice.since ? { since: choice.since } : {}),
      ...(choice.until ? { until: choice.until } : {}),
      ...(repository ? { repositories: [repository] } : {}),
      ...(requestedBy ? { requestedBy } : {}),
      limit: RUNS_SCANNED,
    });
    sendJson(res, 200, { period: choice, statistics: runStatistics(found), runs: found.map(withoutJob) });
  }

  return [
    { access: "viewer", method: "GET", path: "/appgen/api/runs", handle: runs },
    {
      access: "viewer",
      method: "GET",
      path: "/appgen/api/queue",
      handle: async ({ res, viewer }) => sendJson(res, 200, await queueView(context, viewer)),
    },
  ];
}

/** The job data may hold what a retry needs (installation, payload); the API answers what the pages show. */
function withoutJob(run: RunRecord): Omit<RunRecord, "job"> {
  const { job: _job, ...rest } = run;
  return rest;
}
