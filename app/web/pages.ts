// Server-rendered pages of the dashboard: plain HTML with inline CSS, no scripts, no external assets. Every value
// goes through `esc` (text and attributes) and every link through `safeHref`, so run data can never become markup.
import type { RunStatistics } from "../core/run-stats.ts";
import { PERIODS, STAGE_NAMES, runDurationMs, type PeriodChoice } from "../core/run-stats.ts";
import type { RunRecord } from "../core/runs.ts";
import type { QueueJobState, QueueJobView } from "../ports.ts";

import { htmlText as esc } from "../core/escape.ts";

export { esc };

/** Only http(s) URLs become links; anything else (javascript:, data:) is dropped. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function link(url: string | undefined, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${esc(href)}">${esc(text)}</a>` : esc(text);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function formatCost(usd: number | undefined): string {
  return usd === undefined ? "—" : `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

function formatTime(iso: string | undefined): string {
  return iso ? `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace("T", " "))}</time>` : "—";
}

const CSS = `
:root{color-scheme:light dark;--bg:#f8fafc;--fg:#0f172a;--muted:#475569;--card:#fff;--line:#e2e8f0;--accent:#2563eb;
--ok:#15803d;--bad:#b91c1c;--warn:#a16207;--info:#1d4ed8}
@media (prefers-color-scheme:dark){:root{--bg:#0b1120;--fg:#e2e8f0;--muted:#94a3b8;--card:#111827;--line:#1f2937;
--accent:#60a5fa;--ok:#4ade80;--bad:#f87171;--warn:#facc15;--info:#93c5fd}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
a{color:var(--accent)}header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1.25rem;border-bottom:1px solid var(--line);background:var(--card)}
header .brand{font-weight:700;font-size:1.1rem;color:var(--fg);text-decoration:none}header nav{display:flex;gap:1rem;flex:1}
header .who{color:var(--muted);display:flex;gap:.75rem;align-items:center}main{max-width:1440px;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:.25rem 0 1rem}h2{font-size:1.15rem;margin:2rem 0 .75rem}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end}.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
select,input,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.35rem .6rem}
button{cursor:pointer;background:var(--accent);color:#fff;border-color:var(--accent);font-weight:600}
button.secondary{background:transparent;color:var(--accent)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:.75rem;margin-bottom:.75rem}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem}.stat b{display:block;font-size:1.5rem}
.stat span{color:var(--muted);font-size:.85rem}.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:10px;background:var(--card)}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.5rem .65rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;white-space:nowrap}tr:last-child td{border-bottom:0}td.num{text-align:right;white-space:nowrap}
.badge{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.8rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.s-done,.s-committed,.s-passing{color:var(--ok)}.s-failed,.s-failing{color:var(--bad)}.s-running,.s-active,.s-pending{color:var(--info)}
.s-queued,.s-waiting,.s-delayed,.s-unchanged,.s-unknown{color:var(--muted)}
.stages{display:flex;flex-wrap:wrap;gap:.25rem;min-width:11rem;max-width:13rem}.muted{color:var(--muted)}.empty{padding:2rem;text-align:center;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr));gap:1rem}
.cards figure{margin:0}.cards img{width:100%;height:auto;display:block;border-radius:14px}
.cards figcaption{display:flex;flex-wrap:wrap;gap:.75rem;padding:.4rem .25rem;font-size:.9rem}
.center{max-width:460px;margin:10vh auto;text-align:center}.center .panel{padding:2rem}
.gh{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border-radius:8px;background:#24292f;color:#fff;text-decoration:none;font-weight:600}
@media (prefers-color-scheme:dark){.gh{background:#f6f8fa;color:#24292f}}
form.inline{display:inline;margin:0}button,td time{white-space:nowrap}.err{display:block;min-width:10rem;font-size:.8rem}`;

export interface Chrome {
  /** Shown in the header; absent for the admin token and anonymous pages. */
  login?: string;
  /** The CSRF token for the sign-out form. */
  csrf?: string;
  token?: boolean;
}

export function layout(title: string, chrome: Chrome, body: string): string {
  const nav =
    chrome.login || chrome.token
      ? `<nav><a href="/appgen">Generations</a>${chrome.login ? `<a href="/appgen/u/${esc(encodeURIComponent(chrome.login))}">My apps</a>` : ""}</nav>`
      : "<nav></nav>";
  const who = chrome.login
    ? `<div class="who">Signed in as <b>${esc(chrome.login)}</b><form class="inline" method="post" action="/appgen/logout"><input type="hidden" name="csrf" value="${esc(chrome.csrf)}"><button class="secondary" type="submit">Sign out</button></form></div>`
    : chrome.token
      ? `<div class="who">admin token</div>`
      : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · appgen</title><style>${CSS}</style></head>
<body><header><a class="brand" href="/appgen">appgen</a>${nav}${who}</header><main>${body}</main></body></html>`;
}

export function messagePage(title: string, message: string, action?: { href: string; label: string }): string {
  return layout(
    title,
    {},
    `<div class="center"><div class="panel"><h1>${esc(title)}</h1><p>${esc(message)}</p>${action ? `<p><a href="${esc(action.href)}">${esc(action.label)}</a></p>` : ""}</div></div>`,
  );
}

export function loginPage(input: { next: string; notice?: string; oauthConfigured: boolean }): string {
  const button = input.oauthConfigured
    ? `<a class="gh" href="/appgen/auth/start?next=${esc(encodeURIComponent(input.next))}">Sign in with GitHub</a>`
    : `<p class="muted">Sign-in with GitHub is not configured on this server. Set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (the GitHub App's OAuth credentials), or use the admin token.</p>`;
  return layout(
    "Sign in",
    {},
    `<div class="center"><div class="panel"><h1>Sign in to appgen</h1>${input.notice ? `<p>${esc(input.notice)}</p>` : ""}<p class="muted">You will see the generations of the installations you administer and of the repositories you can access.</p>${button}</div></div>`,
  );
}

function badge(status: string): string {
  return `<span class="badge s-${esc(status)}">${esc(status)}</span>`;
}

export interface DashboardView {
  chrome: Chrome;
  csrf: string | undefined;
  choice: PeriodChoice;
  repository: string | undefined;
  repositories: string[];
  runs: RunRecord[];
  /** Rows not shown because the table is capped. */
  hiddenRuns: number;
  stats: RunStatistics;
  canRerun(run: RunRecord): boolean;
  queue: { jobs: QueueJobView[]; counts: Record<QueueJobState, number>; canRetry: boolean } | { unavailable: string };
  /** No installation administered and no repository accessible. */
  seesNothing: boolean;
  flash: string | undefined;
}

export function dashboardPage(view: DashboardView): string {
  const periodOptions = PERIODS.map(
    (p) =>
      `<option value="${p}"${view.choice.period === p ? " selected" : ""}>${p === "all" ? "all time" : `last ${p}`}</option>`,
  ).join("");
  const repoOptions = [
    `<option value="">all repositories</option>`,
    ...view.repositories.map(
      (r) => `<option value="${esc(r)}"${r === view.repository ? " selected" : ""}>${esc(r)}</option>`,
    ),
  ].join("");
  const custom =
    view.choice.period === "custom"
      ? `<p class="muted">From ${esc(view.choice.since ?? "the beginning")} until ${esc(view.choice.until ?? "now")}.</p>`
      : "";
  const filters = `<form class="panel filters" method="get" action="/appgen">
<label>Period<select name="period">${periodOptions}</select></label>
<label>Repository<select name="repo">${repoOptions}</select></label>
<button type="submit">Show</button></form>${custom}`;
  const flash = view.flash ? `<p class="panel" role="status">${esc(view.flash)}</p>` : "";
  const body = [
    `<h1>Generations</h1>`,
    flash,
    view.seesNothing
      ? `<div class="panel empty">You do not administer an installation of appgen and cannot access any repository where it is installed, so there is nothing to show yet. Ask an administrator of your organisation to install appgen or give you access.</div>`
      : "",
    filters,
    statisticsSection(view.stats),
    `<h2>Runs</h2>`,
    runsTable(view),
    queueSection(view),
  ];
  return layout("Generations", view.chrome, body.join("\n"));
}

function statisticsSection(stats: RunStatistics): string {
  const rate = stats.successRate === undefined ? "—" : `${Math.round(stats.successRate * 1000) / 10}%`;
  const stat = (value: string, label: string) =>
    `<div class="stat"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
  const stageCells = STAGE_NAMES.map(
    (name) =>
      `<td class="num">${esc(formatDuration(stats.stages[name].medianMs))}<br><span class="muted">${stats.stages[name].count} timed</span></td>`,
  ).join("");
  return `<h2>Statistics</h2><div class="stats">${stat(String(stats.total), "generations")}${stat(rate, `success rate (${stats.done} done / ${stats.done + stats.failed} finished)`)}${stat(formatDuration(stats.medianRunMs), "median generation time")}${stat(String(stats.unfinished), "queued or running")}</div>
<div class="scroll"><table aria-label="median duration per stage"><thead><tr><th>Median per stage</th>${STAGE_NAMES.map((n) => `<th>${esc(n)}</th>`).join("")}</tr></thead><tbody><tr><td class="muted">duration</td>${stageCells}</tr></tbody></table></div>`;
}

function runsTable(view: DashboardView): string {
  if (!view.runs.length) return `<div class="panel empty">No generations you can see in this period.</div>`;
  const rows = view.runs.map((run) => {
    const stages = run.stages
      .map(
        (s) =>
          `<span class="badge s-${esc(s.status)}" title="${esc(s.status)}">${esc(s.stage)} ${esc(formatDuration(s.durationMs))}</span>`,
      )
      .join("");
    const issueUrl = `${run.repositoryUrl}/issues/${run.issueNumber}`;
    const rerun =
      run.status === "failed" && view.canRerun(run) && view.csrf !== undefined
        ? `<form class="inline" method="post" action="/appgen/runs/rerun"><input type="hidden" name="csrf" value="${esc(view.csrf)}"><input type="hidden" name="runId" value="${esc(run.id)}"><button type="submit">Re-run</button></form>`
        : "";
    const error = run.error ? `<span class="muted err">${esc(run.error.code)}: ${esc(run.error.message)}</span>` : "";
    return `<tr data-run="${esc(run.id)}"><td>${link(run.repositoryUrl, run.repository)}${run.app ? `<br><span class="muted">${esc(run.app.name)}</span>` : ""}</td>
<td>${link(issueUrl, `#${run.issueNumber}`)}${run.pullRequest ? `<br>PR ${link(run.pullRequest.url, `#${run.pullRequest.number}`)}` : ""}</td>
<td>${badge(run.status)}<br><span class="muted">${formatTime(run.queuedAt)}</span>${error}</td><td><div class="stages">${stages || '<span class="muted">—</span>'}</div><span class="muted">total ${esc(formatDuration(runDurationMs(run)))}</span></td>
<td class="num">${esc(run.tokens.toLocaleString("en-US"))}<br><span class="muted">${esc(formatCost(run.costUsd))}</span></td><td class="num">${esc(run.autofixAttempts)}</td>
<td>${badge(run.check)}${run.deployUrl ? `<br>${link(run.deployUrl, run.deployUrl.replace(/^https?:\/\//, ""))}` : ""}</td>
<td><a href="/appgen/u/${esc(encodeURIComponent(run.requestedBy))}">${esc(run.requestedBy)}</a></td><td>${rerun}</td></tr>`;
  });
  const more = view.hiddenRuns
    ? `<p class="muted">${view.hiddenRuns} older runs not shown; choose a shorter period or a repository.</p>`
    : "";
  return `<div class="scroll"><table aria-label="generations"><thead><tr><th>Repository</th><th>Issue / PR</th><th>Status / queued (UTC)</th><th>Stages</th><th>Tokens / cost</th><th>Auto-fix</th><th>Checks / deploy</th><th>Requested by</th><th></th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div>${more}`;
}

function queueSection(view: DashboardView): string {
  if ("unavailable" in view.queue) return `<h2>Queue</h2><div class="panel empty">${esc(view.queue.unavailable)}</div>`;
  const { jobs, counts, canRetry } = view.queue;
  const summary = (["waiting", "active", "delayed", "failed"] as const)
    .map((state) => `<div class="stat"><b>${counts[state]}</b><span>${state}</span></div>`)
    .join("");
  const rows = jobs.map((job) => {
    const retry =
      job.state === "failed" && canRetry && view.csrf !== undefined
        ? `<form class="inline" method="post" action="/appgen/queue/retry"><input type="hidden" name="csrf" value="${esc(view.csrf)}"><input type="hidden" name="jobId" value="${esc(job.id)}"><button type="submit">Retry</button></form>`
        : "";
    return `<tr data-job="${esc(job.id)}"><td>${esc(job.key)}</td><td>${badge(job.state)}</td><td class="num">${esc(job.attempts)}</td><td>${formatTime(job.enqueuedAt)}</td><td>${esc(job.failedReason ?? "")}</td><td>${retry}</td></tr>`;
  });
  const table = jobs.length
    ? `<div class="scroll"><table aria-label="queue"><thead><tr><th>Job</th><th>State</th><th>Attempts</th><th>Enqueued (UTC)</th><th>Last failure</th><th></th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`
    : `<div class="panel empty">No jobs in the queue.</div>`;
  return `<h2>Queue</h2><div class="stats">${summary}</div>${table}`;
}

export interface UserCard {
  run: RunRecord;
  /** Whether the run has a card yet (the plan named the app). */
  hasCard: boolean;
}

export function userPage(input: { chrome: Chrome; login: string; cards: UserCard[]; own: boolean }): string {
  const heading = input.own ? "My apps" : `Apps of ${input.login}`;
  const figures = input.cards.map(({ run, hasCard }) => {
    const links = [
      link(`${run.repositoryUrl}/issues/${run.issueNumber}`, `${run.repository}#${run.issueNumber}`),
      run.pullRequest ? link(run.pullRequest.url, `pull request #${run.pullRequest.number}`) : "",
      run.deployUrl ? link(run.deployUrl, "live app") : "",
    ].filter(Boolean);
    const picture = hasCard
      ? `<img src="/appgen/cards/${esc(encodeURIComponent(run.id))}.svg" width="800" height="240" alt="${esc(`${run.app?.name ?? ""}: ${run.app?.description ?? ""}`)}">`
      : `<div class="panel empty">Not planned yet (${esc(run.status)})</div>`;
    const target = safeHref(run.pullRequest?.url) ?? safeHref(run.deployUrl);
    return `<figure data-run="${esc(run.id)}">${target ? `<a href="${esc(target)}">${picture}</a>` : picture}<figcaption>${links.join("")}</figcaption></figure>`;
  });
  const body = figures.length
    ? `<div class="cards">${figures.join("\n")}</div>`
    : `<div class="panel empty">No apps of ${esc(input.login)} that you can see.</div>`;
  return layout(heading, input.chrome, `<h1>${esc(heading)}</h1>${body}`);
}
