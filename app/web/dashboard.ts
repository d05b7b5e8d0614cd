// The admin dashboard and the user view under /appgen, as one Probot Handler (true = handled). Who is looking comes
// first (admin token, signed session cookie, or nobody: anonymous requests get the sign-in page or a 401 and never
// any run data); every page, the JSON API and the card images then filter runs through the same access rules.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { choosePeriod, runStatistics } from "../core/run-stats.ts";
import { cardOfRun, latestRunPerApp, type RunRecord, type RunStore } from "../core/runs.ts";
import { renderCardSvg } from "../core/card.ts";
import type { QueueInspector, QueueJobState, QueueJobView } from "../ports.ts";
import { canRerun, canRetryJobs, canSeeQueueKey, canSeeRun, seesEverything, viewerLogin, visibleRuns, type Viewer } from "./access.ts";
import type { DashboardAuth } from "../core/schema-types/settings.ts";
import { GitHubSignIn } from "./github-sign-in.ts";
import { dashboardPage, loginPage, messagePage, userPage, type Chrome } from "./pages.ts";
import {
  MAX_COOKIE_VALUE,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  STATE_COOKIE,
  STATE_TTL_MS,
  clearCookie,
  csrfMatches,
  csrfToken,
  newSession,
  parseCookies,
  secretMatches,
  setCookie,
  signCookie,
  verifyCookie,
  type OAuthState,
  type Session,
} from "./session.ts";

export const DASHBOARD_PATH = "/appgen";

export type RerunResult = { ok: true; runId: string } | { ok: false; reason: string };

export interface DashboardOptions {
  runs: RunStore;
  /** The queue to show and retry; without one the queue section says it is unavailable. */
  queue?: QueueInspector;
  /** Re-queues a failed generation as a new run. */
  rerun(runId: string, requestedBy: string): Promise<RerunResult>;
  /** Who may look (schemas/settings.schema.json: admin token, OAuth sign-in, session secret, operators, public URL). */
  auth: DashboardAuth;
  now(): number;
  log: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const TABLE_ROWS = 200;
const RUNS_SCANNED = 5000;
const QUEUE_ROWS = 200;
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const NOTICES: Record<string, string> = {
  retried: "The job is back in the queue.",
  "retry-missing": "That job is no longer failed (it may have been retried already).",
  rerun: "The generation was queued again.",
  "rerun-refused": "The generation could not be queued again.",
};

/** Answers a request with a status and, for pages, what to say; thrown by routes, rendered in one place. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export function createDashboard(options: DashboardOptions): Handler {
  if (options.auth.sessionSecret.length < 32) throw new Error("The dashboard's session secret must be at least 32 characters (APPGEN_SESSION_SECRET).");
  const signIn = options.auth.oauth ? new GitHubSignIn(options.auth.oauth) : undefined;
  const operators = new Set(options.auth.operators.map((login) => login.toLowerCase()));
  const secret = options.auth.sessionSecret;
  const log = options.log;

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    if (url.pathname !== DASHBOARD_PATH && !url.pathname.startsWith(`${DASHBOARD_PATH}/`)) return false;
    try {
      await route(req, res, url);
    } catch (error) {
      if (error instanceof Refusal) {
        sendRefusal(req, res, url, error);
      } else {
        const problem = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
        // Only name/message/stack: an Octokit error object carries the request, which may hold the OAuth client secret.
        log.error({ error: problem, method: req.method, path: url.pathname }, "dashboard request failed");
        if (!res.headersSent) sendHtml(res, 500, messagePage("Something went wrong", "The dashboard could not answer this request. It has been logged; try again in a moment.", { href: DASHBOARD_PATH, label: "Back to the dashboard" }));
        else res.end();
      }
    }
    return true;
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, "") || DASHBOARD_PATH;
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/appgen/login") {
      const reason = url.searchParams.get("reason");
      const notice = reason === "expired" ? "Your session expired. Sign in again." : reason === "invalid" ? "Your session could not be verified. Sign in again." : reason === "signed-out" ? "You are signed out." : undefined;
      return sendHtml(res, 200, loginPage({ next: safeNext(url.searchParams.get("next")), oauthConfigured: !!signIn, ...(notice ? { notice } : {}) }));
    }
    if (method === "GET" && path === "/appgen/auth/start") return startSignIn(req, res, url);
    if (method === "GET" && path === "/appgen/auth/callback") return finishSignIn(req, res, url);

    const identity = identify(req);
    if (identity.kind === "bad-token") throw new Refusal(401, "Not signed in", "The admin token is not valid.");
    if (identity.kind === "anonymous") return refuseAnonymous(req, res, url, identity.reason);
    const { viewer, session } = identity;

    if (method === "POST") {
      const form = await readForm(req);
      // A session is carried by the browser on its own, so its forms need the CSRF token; a bearer token is not.
      if (session && !csrfMatches(session, form.get("csrf") ?? undefined, secret)) throw new Refusal(403, "Form expired", "This form is no longer valid (its security token is missing or wrong). Reload the page and try again.");
      if (path === "/appgen/logout") {
        res.setHeader("set-cookie", clearCookie(SESSION_COOKIE, isSecure(req)));
        return redirect(res, "/appgen/login?reason=signed-out");
      }
      if (path === "/appgen/queue/retry") return retryJob(res, viewer, session, form.get("jobId") ?? "");
      if (path === "/appgen/runs/rerun") return rerunRun(res, viewer, session, form.get("runId") ?? "");
      throw new Refusal(404, "Not found", "There is nothing to post to here.");
    }
    if (method !== "GET" && method !== "HEAD") throw new Refusal(405, "Not allowed", `${method} is not supported here.`);

    const chrome: Chrome = session ? { login: session.login, csrf: csrfToken(session, secret) } : { token: true };
    if (path === DASHBOARD_PATH) return dashboard(res, url, viewer, session, chrome);
    if (path === "/appgen/api/runs") return apiRuns(res, url, viewer);
    if (path === "/appgen/api/queue") return sendJson(res, 200, await queueView(viewer));
    const user = /^\/appgen\/u\/([^/]+)$/.exec(path);
    if (user) return userView(res, decodeURIComponent(user[1] ?? ""), viewer, chrome);
    const card = /^\/appgen\/cards\/([^/]+)\.svg$/.exec(path);
    if (card) return cardSvg(res, decodeURIComponent(card[1] ?? ""), viewer);
    throw new Refusal(404, "Not found", "There is no such page. The dashboard is at /appgen.");
  }

  type Identity = { kind: "viewer"; viewer: Viewer; session: Session | undefined } | { kind: "anonymous"; reason: "none" | "expired" | "invalid" } | { kind: "bad-token" };

  function identify(req: IncomingMessage): Identity {
    const authorization = req.headers.authorization;
    if (authorization) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      if (bearer && options.auth.adminToken && secretMatches(bearer, options.auth.adminToken)) return { kind: "viewer", viewer: { kind: "token" }, session: undefined };
      return { kind: "bad-token" };
    }
    const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!cookie) return { kind: "anonymous", reason: "none" };
    const verified = verifyCookie<Session>("session", cookie, secret, options.now());
    if (!verified.ok) return { kind: "anonymous", reason: verified.reason === "expired" ? "expired" : "invalid" };
    const session = verified.value;
    const viewer: Viewer = operators.has(session.login.toLowerCase())
      ? { kind: "operator", login: session.login }
      : { kind: "user", login: session.login, admin: session.admin, repos: session.repos };
    return { kind: "viewer", viewer, session };
  }

  function refuseAnonymous(req: IncomingMessage, res: ServerResponse, url: URL, reason: "none" | "expired" | "invalid"): void {
    if (reason !== "none") res.setHeader("set-cookie", clearCookie(SESSION_COOKIE, isSecure(req)));
    if (req.method !== "GET" || !wantsPage(url)) {
      const message = reason === "expired" ? "The session expired; sign in again." : "Sign in at /appgen/login or send Authorization: Bearer <APPGEN_ADMIN_TOKEN>.";
      return sendJson(res, 401, { error: "unauthenticated", message });
    }
    const next = `${url.pathname}${url.search}`;
    return redirect(res, `/appgen/login?next=${encodeURIComponent(next)}${reason === "none" ? "" : `&reason=${reason}`}`);
  }

  function startSignIn(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!signIn) throw new Refusal(404, "Sign-in is not configured", "Sign-in with GitHub needs GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET on the server. Use the admin token instead.");
    const state: OAuthState = { state: randomBytes(18).toString("base64url"), next: safeNext(url.searchParams.get("next")), exp: options.now() + STATE_TTL_MS };
    res.setHeader("set-cookie", setCookie(STATE_COOKIE, signCookie("oauth-state", state, secret), { maxAgeSeconds: STATE_TTL_MS / 1000, secure: isSecure(req) }));
    redirect(res, signIn.authorizeUrl(state.state, callbackUrl(req)), 302);
  }

  async function finishSignIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!signIn) throw new Refusal(404, "Sign-in is not configured", "Sign-in with GitHub needs GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET on the server.");
    const secure = isSecure(req);
    const cookie = parseCookies(req.headers.cookie).get(STATE_COOKIE);
    const verified = cookie ? verifyCookie<OAuthState>("oauth-state", cookie, secret, options.now()) : undefined;
    const given = url.searchParams.get("state");
    if (!verified?.ok || !given || !secretMatches(given, verified.value.state)) {
      log.warn({ reason: verified && !verified.ok ? verified.reason : cookie ? "state mismatch" : "no state cookie" }, "dashboard sign-in refused: state");
      res.setHeader("set-cookie", clearCookie(STATE_COOKIE, secure));
      throw new Refusal(400, "Sign-in could not be completed", "The sign-in took too long, or was started in another browser or tab. Start again from the sign-in page.");
    }
    const denied = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (denied || !code) {
      log.info({ error: denied ?? "no code" }, "dashboard sign-in cancelled on GitHub");
      throw new Refusal(400, "Sign-in was cancelled", "GitHub did not authorize the sign-in. Start again from the sign-in page and choose Authorize.");
    }
    let token: string;
    try {
      token = await signIn.exchangeCode(code, callbackUrl(req));
    } catch (error) {
      log.warn({ status: statusOf(error), message: error instanceof Error ? error.message : String(error) }, "dashboard sign-in refused: GitHub did not accept the code");
      throw new Refusal(400, "GitHub refused the sign-in", "GitHub did not accept the sign-in code (it may have been used already or expired). Start again from the sign-in page.");
    }
    const person = await signIn.person(token);
    let session = newSession(person, options.now());
    let value = signCookie("session", session, secret);
    if (value.length > MAX_COOKIE_VALUE) {
      // Browsers drop cookies over 4 KB: keep the administered installations and as many repositories as fit.
      let repos = person.repos;
      while (value.length > MAX_COOKIE_VALUE && repos.length) {
        repos = repos.slice(0, Math.floor(repos.length * 0.8));
        session = { ...session, repos };
        value = signCookie("session", session, secret);
      }
      log.warn({ login: person.login, repositories: person.repos.length, kept: repos.length }, "dashboard session truncated to fit a cookie");
    }
    log.info({ login: person.login, installationsAdministered: person.admin.length, repositories: session.repos.length }, "dashboard sign-in");
    res.setHeader("set-cookie", [setCookie(SESSION_COOKIE, value, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure }), clearCookie(STATE_COOKIE, secure)]);
    redirect(res, verified.value.next);
  }

  async function dashboard(res: ServerResponse, url: URL, viewer: Viewer, session: Session | undefined, chrome: Chrome): Promise<void> {
    const choice = choosePeriod({ period: url.searchParams.get("period"), since: url.searchParams.get("since"), until: url.searchParams.get("until") }, options.now());
    const inPeriod = await visibleRuns(options.runs, viewer, { ...(choice.since ? { since: choice.since } : {}), ...(choice.until ? { until: choice.until } : {}), limit: RUNS_SCANNED });
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
        queue: await queueView(viewer),
        seesNothing: viewer.kind === "user" && !viewer.admin.length && !viewer.repos.length,
        flash: notice ? NOTICES[notice] : undefined,
      }),
    );
  }

  async function queueView(viewer: Viewer): Promise<{ jobs: QueueJobView[]; counts: Record<QueueJobState, number>; canRetry: boolean } | { unavailable: string }> {
    if (!options.queue) return { unavailable: "This server has no queue to inspect." };
    const states: QueueJobState[] = ["failed", "active", "waiting", "delayed"];
    if (seesEverything(viewer)) {
      const [counts, jobs] = await Promise.all([options.queue.counts(), options.queue.jobs(states, QUEUE_ROWS)]);
      return { counts, jobs, canRetry: canRetryJobs(viewer) };
    }
    // Totals would tell a person about other installations' work: count only the jobs they may see.
    const jobs = (await options.queue.jobs(states, RUNS_SCANNED)).filter((job) => canSeeQueueKey(viewer, job.key));
    const counts: Record<QueueJobState, number> = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const job of jobs) counts[job.state] += 1;
    return { counts, jobs: jobs.slice(0, QUEUE_ROWS), canRetry: canRetryJobs(viewer) };
  }

  async function apiRuns(res: ServerResponse, url: URL, viewer: Viewer): Promise<void> {
    const choice = choosePeriod({ period: url.searchParams.get("period"), since: url.searchParams.get("since"), until: url.searchParams.get("until") }, options.now());
    const repository = url.searchParams.get("repo");
    const requestedBy = url.searchParams.get("requestedBy");
    const runs = await visibleRuns(options.runs, viewer, {
      ...(choice.since ? { since: choice.since } : {}),
      ...(choice.until ? { until: choice.until } : {}),
      ...(repository ? { repositories: [repository] } : {}),
      ...(requestedBy ? { requestedBy } : {}),
      limit: RUNS_SCANNED,
    });
    sendJson(res, 200, { period: choice, statistics: runStatistics(runs), runs: runs.map(withoutJob) });
  }

  async function userView(res: ServerResponse, login: string, viewer: Viewer, chrome: Chrome): Promise<void> {
    if (!LOGIN_PATTERN.test(login)) throw new Refusal(404, "Not found", "That is not a GitHub login.");
    const runs = await visibleRuns(options.runs, viewer, { requestedBy: login, limit: RUNS_SCANNED });
    const cards = latestRunPerApp(runs).map((run) => ({ run, hasCard: cardOfRun(run) !== undefined }));
    const own = viewerLogin(viewer)?.toLowerCase() === login.toLowerCase();
    sendHtml(res, 200, userPage({ chrome, login, cards, own }));
  }

  async function cardSvg(res: ServerResponse, runId: string, viewer: Viewer): Promise<void> {
    const run = await options.runs.get(runId);
    const card = run && canSeeRun(viewer, run) ? cardOfRun(run) : undefined;
    if (!card) throw new Refusal(404, "Not found", "No such card.");
    res.writeHead(200, { ...commonHeaders(), "content-type": "image/svg+xml; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" });
    res.end(renderCardSvg(card));
  }

  async function retryJob(res: ServerResponse, viewer: Viewer, session: Session | undefined, jobId: string): Promise<void> {
    if (!canRetryJobs(viewer)) throw new Refusal(403, "Not allowed", "Only operators can retry queue jobs. Ask an operator of appgen.");
    if (!options.queue) throw new Refusal(404, "No queue", "This server has no queue to inspect.");
    const retried = jobId ? await options.queue.retry(jobId) : false;
    log.info({ jobId, by: viewerLogin(viewer) ?? "admin-token", retried }, "dashboard queue retry");
    if (!session) return sendJson(res, retried ? 200 : 404, { retried });
    redirect(res, `/appgen?notice=${retried ? "retried" : "retry-missing"}`);
  }

  async function rerunRun(res: ServerResponse, viewer: Viewer, session: Session | undefined, runId: string): Promise<void> {
    const run: RunRecord | undefined = runId ? await options.runs.get(runId) : undefined;
    if (!run || !canSeeRun(viewer, run)) throw new Refusal(404, "Not found", "There is no such generation.");
    if (!canRerun(viewer, run)) throw new Refusal(403, "Not allowed", "Only operators and administrators of this installation can re-run its generations.");
    if (run.status !== "failed") throw new Refusal(409, "Not failed", "Only a failed generation can be re-run.");
    const by = viewerLogin(viewer) ?? "admin-token";
    const result = await options.rerun(run.id, by);
    log.info({ runId: run.id, by, ok: result.ok, ...(result.ok ? { newRunId: result.runId } : { reason: result.reason }) }, "dashboard re-run");
    if (!session) return sendJson(res, result.ok ? 200 : 409, result);
    redirect(res, `/appgen?notice=${result.ok ? "rerun" : "rerun-refused"}`);
  }

  function sendRefusal(req: IncomingMessage, res: ServerResponse, url: URL, refusal: Refusal): void {
    if (res.headersSent) return void res.end();
    if (!wantsPage(url) || req.headers.authorization) return sendJson(res, refusal.status, { error: refusal.title, message: refusal.message });
    const signInAgain = refusal.status === 400 && url.pathname.startsWith("/appgen/auth/");
    sendHtml(res, refusal.status, messagePage(refusal.title, refusal.message, signInAgain ? { href: "/appgen/login", label: "Go to the sign-in page" } : { href: DASHBOARD_PATH, label: "Back to the dashboard" }));
  }

  function callbackUrl(req: IncomingMessage): string {
    return `${publicOrigin(req)}/appgen/auth/callback`;
  }

  function publicOrigin(req: IncomingMessage): string {
    if (options.auth.publicUrl) return options.auth.publicUrl.replace(/\/+$/, "");
    const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
    return `${proto}://${req.headers.host ?? "localhost"}`;
  }

  function isSecure(req: IncomingMessage): boolean {
    return publicOrigin(req).startsWith("https:");
  }
}

/** The job data may hold what a retry needs (installation, payload); the API answers what the pages show. */
function withoutJob(run: RunRecord): Omit<RunRecord, "job"> {
  const { job: _job, ...rest } = run;
  return rest;
}

/** Pages get redirects to sign-in and HTML errors; the API and images get status codes. */
function wantsPage(url: URL): boolean {
  return !url.pathname.startsWith("/appgen/api/") && !url.pathname.startsWith("/appgen/cards/");
}

/** Only a path under /appgen, never another origin (`//evil`, `/\evil`). */
function safeNext(next: string | null): string {
  if (!next || !/^\/appgen(?:[/?#]|$)/.test(next) || /[\\\s]/.test(next)) return DASHBOARD_PATH;
  return next;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof Error && "status" in error && typeof error.status === "number" ? error.status : undefined;
}

function commonHeaders(): Record<string, string> {
  return { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    ...commonHeaders(),
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...commonHeaders(), "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { ...commonHeaders(), location });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Refusal(413, "Too large", "The form is too large.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (String(req.headers["content-type"] ?? "").startsWith("application/json")) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    } catch {
      throw new Refusal(400, "Bad request", "The body is not valid JSON.");
    }
  }
  return new URLSearchParams(text);
}
