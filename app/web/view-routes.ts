// The pages: the dashboard (runs of a period with their statistics, and the queue), a person's app cards, and the
// card images. Every one filters runs through the viewer's access (app/web/access.ts).
import { renderCardSvg } from "../core/card.ts";
import { choosePeriod, runStatistics } from "../core/run-stats.ts";
import { cardOfRun, latestRunPerApp } from "../core/runs.ts";
import type { QueueJobState, QueueJobView } from "../ports.ts";
import {
  canRerun,
  canRetryJobs,
  canSeeQueueKey,
  canSeeRun,
  seesEverything,
  viewerLogin,
  visibleRuns,
  type Viewer,
} from "./access.ts";
import { commonHeaders, DASHBOARD_PATH, Refusal, sendHtml } from "./http.ts";
import { dashboardPage, userPage } from "./pages.ts";
import type { DashboardContext, Route, ViewerExchange } from "./routes.ts";
import { csrfToken } from "./session.ts";

const TABLE_ROWS = 200;
export const RUNS_SCANNED = 5000;
const QUEUE_ROWS = 200;
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const NOTICES: Record<string, string> = {
  retried: "The job is back in the queue.",
  "retry-missing": "That job is no longer failed (it may have been retried already).",
  rerun: "The generation was queued again.",
  "rerun-refused": "The generation could not be queued again.",
};

export type QueueView =
  { jobs: QueueJobView[]; counts: Record<QueueJobState, number>; canRetry: boolean } | { unavailable: string };

/** The queue as the viewer may see it: everything for operators and the token, otherwise only their own jobs. */
export async function queueView(context: DashboardContext, viewer: Viewer): Promise<QueueView> {
  const { queue } = context.options;
  if (!queue) return { unavailable: "This server has no queue to inspect." };
  const states: QueueJobState[] = ["failed", "active", "waiting", "delayed"];
  if (seesEverything(viewer)) {
    const [counts, jobs] = await Promise.all([queue.counts(), queue.jobs(states, QUEUE_ROWS)]);
    return { counts, jobs, canRetry: canRetryJobs(viewer) };
  }
  // Totals would tell a person about other installations' work: count only the jobs they may see.
  const jobs = (await queue.jobs(states, RUNS_SCANNED)).filter((job) => canSeeQueueKey(viewer, job.key));
  const counts: Record<QueueJobState, number> = { waiting: 0, active: 0, delayed: 0, failed: 0 };
  for (const job of jobs) counts[job.state] += 1;
  return { counts, jobs: jobs.slice(0, QUEUE_ROWS), canRetry: canRetryJobs(viewer) };
}

export function viewRoutes(context: DashboardContext): Route[] {
  const { options, secret } = context;

  async function dashboard({ res, url, viewer, session, chrome }: ViewerExchange): Promise<void> {
    const choice = choosePeriod(
      {
        period: url.searchParams.get("period"),
        since: url.searchParams.get("since"),
        until: url.searchParams.get("until"),
      },
      options.now(),
    );
    const inPeriod = await visibleRuns(options.runs, viewer, {
      ...(choice.since ? { since: choice.since } : {}),
      ...(choice.until ? { until: choice.until } : {}),
      limit: RUNS_SCANNED,
    });
    const repositories = [...new Set(inPeriod.map((run) => run.repository))].sort();
    const repository = url.searchParams.get("repo") || undefined;
    const runs = repository ? inPeriod.filter((run) => run.repository === repository) : inPeriod;
    const notice = url.searchParams.get("notice");
    sendHtml(
      res,
      200,
      dashboardPage({
        chrome,
        csrf: session ? csrfToken(session, secret) : undefined,
        choice,
        repository,
        repositories,
        runs: runs.slice(0, TABLE_ROWS),
        hiddenRuns: Math.max(0, runs.length - TABLE_ROWS),
        stats: runStatistics(runs),
        canRerun: (run) => canRerun(viewer, run),
        queue: await queueView(context, viewer),
        seesNothing: viewer.kind === "user" && !viewer.admin.length && !viewer.repos.length,
        flash: notice ? NOTICES[notice] : undefined,
      }),
    );
  }

  async function userView({ res, viewer, chrome }: ViewerExchange, [login = ""]: string[]): Promise<void> {
    if (!LOGIN_PATTERN.test(login)) throw new Refusal(404, "Not found", "That is not a GitHub login.");
    const runs = await visibleRuns(options.runs, viewer, { requestedBy: login, limit: RUNS_SCANNED });
    const cards = latestRunPerApp(runs).map((run) => ({ run, hasCard: cardOfRun(run) !== undefined }));
    const own = viewerLogin(viewer)?.toLowerCase() === login.toLowerCase();
    sendHtml(res, 200, userPage({ chrome, login, cards, own }));
  }

  async function cardSvg({ res, viewer }: ViewerExchange, [runId = ""]: string[]): Promise<void> {
    const run = await options.runs.get(runId);
    const card = run && canSeeRun(viewer, run) ? cardOfRun(run) : undefined;
    if (!card) throw new Refusal(404, "Not found", "No such card.");
    res.writeHead(200, {
      ...commonHeaders(),
      "content-type": "image/svg+xml; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(renderCardSvg(card));
  }

  return [
    { access: "viewer", method: "GET", path: DASHBOARD_PATH, handle: dashboard },
    { access: "viewer", method: "GET", path: /^\/appgen\/u\/([^/]+)$/, handle: userView },
    { access: "viewer", method: "GET", path: /^\/appgen\/cards\/([^/]+)\.svg$/, handle: cardSvg },
  ];
}
