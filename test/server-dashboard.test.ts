// The run store and the dashboard inside the real server: generations driven by signed webhooks against the
// git-backed fake GitHub are recorded (status, stages, tokens, PR, app), shown to the admin token and to nobody
// else, survive a restart, and a failed generation is re-run from the dashboard to completion.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../app/core/runs.ts";
import { startServer, WEBHOOK_PATH, type RunningServer } from "../app/server.ts";
import type { Settings } from "../app/settings.ts";
import { sendWebhook, startFakeGitHub, type FakeGitHub } from "./helpers/fake-github/index.ts";

const SECRET = "dashboard-secret";
const TOKEN = "a".repeat(48);
let fake: FakeGitHub;
let app: RunningServer;
let config: Settings;
const dataDir = mkdtempSync(join(tmpdir(), "appgen-runs-"));
const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
  ...o,
  retry: { enabled: false },
  throttle: { ...o.throttle, enabled: false },
}));

beforeAll(async () => {
  fake = await startFakeGitHub({ owner: "acme", repo: "shop" });
  config = {
    appId: fake.appId,
    privateKey: fake.privateKey,
    webhookSecret: SECRET,
    port: 0,
    host: "127.0.0.1",
    logLevel: "silent",
    baseUrl: fake.apiUrl,
    llm: undefined,
    runStore: { kind: "file", path: join(dataDir, "runs.jsonl") },
    dashboard: { adminToken: TOKEN, sessionSecret: "s".repeat(64), operators: [] },
  };
  app = await startServer(config, { Octokit });
}, 30_000);

afterAll(async () => {
  await app?.close();
  await fake?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${app.port}`;

async function runs(): Promise<RunRecord[]> {
  const response = await fetch(`${base()}/appgen/api/runs?period=all`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { runs: RunRecord[] }).runs;
}

async function label(title: string, body: string): Promise<number> {
  const issue = fake.createIssue({ title, body });
  const delivered = await sendWebhook({
    url: `${base()}${WEBHOOK_PATH}`,
    secret: SECRET,
    event: "issues",
    payload: fake.payloads.issuesLabeled({ issueNumber: issue.number as number }),
  });
  expect(delivered.status).toBe(200);
  await app.deps.queue.drain();
  return issue.number as number;
}

describe("runs in the server's store and dashboard", () => {
  it("records a generation and shows it to the admin token only", async () => {
    const number = await label("A shop back office", "Track products, orders and customers.");
    const [run] = await runs();
    expect(run).toMatchObject({
      repository: "acme/shop",
      issueNumber: number,
      requestedBy: "acme",
      trigger: "label",
      status: "done",
      tokens: 0,
      planner: "offline",
      check: "pending",
      autofixAttempts: 0,
    });
    expect(run?.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
      "plan:committed",
      "db:committed",
      "api:committed",
      "ui:committed",
      "files:committed",
    ]);
    expect(run?.pullRequest?.number).toBeGreaterThan(0);
    expect(run?.app?.counts.entities).toBeGreaterThanOrEqual(3);
    expect(Date.parse(run!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run!.startedAt!));
    expect(run).not.toHaveProperty("job"); // the job data (config, comment ids) stays on the server

    const anonymous = await fetch(`${base()}/appgen/api/runs`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("acme/shop");
    const page = await fetch(`${base()}/appgen`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/^\/appgen\/login/);
    const wrong = await fetch(`${base()}/appgen/api/runs`, { headers: { authorization: `Bearer ${"b".repeat(48)}` } });
    expect(wrong.status).toBe(401);
    const html = await (await fetch(`${base()}/appgen`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(html).toContain("acme/shop");
  }, 60_000);

  it("re-runs a failed generation from the dashboard; it completes on the same branch and comment", async () => {
    // GitHub refusing the stage commit (not retried: retries are off in this test) fails the generation.
    fake.failNext({ method: "POST", path: /\/git\/commits$/, status: 422, times: 1 });
    const number = await label("A library", "Books, members and loans.");
    const failed = (await runs()).find((r) => r.issueNumber === number);
    expect(failed).toMatchObject({ status: "failed", error: { code: "UNEXPECTED" } });
    expect(failed?.error?.message).toMatch(/GitHub answered 422 to POST/);

    const rerun = await fetch(`${base()}/appgen/runs/rerun`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ runId: failed!.id }).toString(),
    });
    expect(rerun.status).toBe(200);
    const { runId } = (await rerun.json()) as { runId: string };
    await app.deps.queue.drain();

    const retried = (await runs()).find((r) => r.id === runId);
    expect(retried).toMatchObject({
      issueNumber: number,
      trigger: "retry",
      requestedBy: "admin-token",
      status: "done",
    });
    expect(retried?.stages.map((s) => s.stage)).toEqual(["plan", "db", "api", "ui", "files"]);
    const progress = fake.state.commentsOn(number).filter((c) => c.body.startsWith("<!-- appgen:progress -->"));
    expect(progress).toHaveLength(1);
    expect(progress[0]?.body).toContain("Generated the app");

    const again = await fetch(`${base()}/appgen/runs/rerun`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ runId }).toString(),
    });
    expect(again.status).toBe(409); // only failed generations are re-run
  }, 90_000);

  it("after a crash between the progress comment and the queue, the next start queues the generation again", async () => {
    // The first server "dies" with the job accepted but never run: its queue drops every job.
    const crashed = await startServer(config, {
      Octokit,
      queue: { enqueue: () => true, drain: async () => {}, close: async () => {} },
    });
    const issue = fake.createIssue({ title: "A bakery", body: "Products, orders and customers." });
    const number = issue.number as number;
    const delivered = await sendWebhook({
      url: `http://127.0.0.1:${crashed.port}${WEBHOOK_PATH}`,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: number }),
    });
    expect(delivered.status).toBe(200);
    await crashed.close();
    expect((await runs()).find((r) => r.issueNumber === number)?.status).toBe("queued");

    await app.close();
    app = await startServer(config, { Octokit });
    await app.deps.queue.drain();
    const recovered = (await runs()).filter((r) => r.issueNumber === number);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ status: "done", trigger: "label" });
    expect(recovered[0]?.stages.map((s) => s.stage)).toEqual(["plan", "db", "api", "ui", "files"]);
    const progress = fake.state.commentsOn(number).filter((c) => c.body.startsWith("<!-- appgen:progress -->"));
    expect(progress).toHaveLength(1);
    expect(progress[0]?.body).toContain("Generated the app");

    // Nothing is left to recover on the next start.
    await app.close();
    app = await startServer(config, { Octokit });
    await app.deps.queue.drain();
    expect((await runs()).filter((r) => r.issueNumber === number)).toEqual(recovered);
  }, 90_000);

  it("keeps the history across a restart", async () => {
    const before = await runs();
    await app.close();
    app = await startServer(config, { Octokit });
    expect(await runs()).toEqual(before);
  }, 30_000);
});
