// The webhook server with REDIS_URL adds generation jobs to BullMQ; worker processes run them against the git-backed
// fake GitHub. A worker killed mid-job (SIGKILL) loses the job to BullMQ's stalled-job check, another worker runs it,
// and the branch ends with one commit per stage: the re-run commits only what was missing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import { startServer, WEBHOOK_PATH, type RunningServer } from "../../app/server.ts";
import { startWorker, type RunningWorker } from "../../app/worker.ts";
import { sendWebhook, startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";

const SECRET = "queue-secret";
const LOCK_MS = 2_000;
const CHILD = new URL("../helpers/queue-worker-child.ts", import.meta.url).pathname;
const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
  ...o,
  throttle: { ...o.throttle, enabled: false },
}));

let fake: FakeGitHub;
let redis: RedisServer;
let app: RunningServer;
let hook: string;
// The server and every worker, in this process or a child, share one embedded run store.
const dataDir = mkdtempSync(join(tmpdir(), "appgen-queue-runs-"));
const runStore = { kind: "file" as const, path: join(dataDir, "runs.jsonl") };
const children = new Set<ChildProcess>();
const workers: RunningWorker[] = [];

beforeAll(async () => {
  [fake, redis] = await Promise.all([startFakeGitHub({ owner: "acme", repo: "shop" }), startRedis()]);
  app = await startServer(
    {
      appId: fake.appId,
      privateKey: fake.privateKey,
      webhookSecret: SECRET,
      port: 0,
      host: "127.0.0.1",
      logLevel: "silent",
      baseUrl: fake.apiUrl,
      llm: undefined,
      redisUrl: redis.url,
      runStore,
    },
    { Octokit },
  );
  hook = `http://127.0.0.1:${app.port}${WEBHOOK_PATH}`;
}, 30_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const worker of workers) await worker.close();
  await app?.close();
  await Promise.all([fake?.stop(), redis?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

function workerConfig() {
  return {
    appId: fake.appId,
    privateKey: fake.privateKey,
    webhookSecret: SECRET,
    port: 0,
    logLevel: "silent" as const,
    baseUrl: fake.apiUrl,
    redisUrl: redis.url,
    runStore,
    worker: { concurrency: 1, metricsPort: 0 },
  };
}

async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: {
      ...process.env,
      APP_ID: String(fake.appId),
      PRIVATE_KEY: fake.privateKey,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: fake.host,
      GHE_PROTOCOL: "http",
      REDIS_URL: redis.url,
      LOG_LEVEL: "silent",
      APPGEN_DATA_DIR: dataDir,
      APPGEN_TEST_LOCK_MS: String(LOCK_MS),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker child exited with ${code} before it was ready`)));
  });
  return child;
}

/** The Appgen-Stage of each commit appgen made on the branch, newest first (the base branch's commits have none). */
async function stagesOn(branch: string): Promise<string[]> {
  const log = await fake.git(["log", "--format=%B%x1e", `refs/heads/${branch}`]).catch(() => "");
  return log
    .split("\x1e")
    .map((r) => r.trim())
    .filter(Boolean)
    .map((message) => parseTrailers(message)["Appgen-Stage"] ?? "")
    .filter(Boolean);
}

describe("generations through BullMQ and worker processes", () => {
  it("a worker process runs a queued generation; a SIGKILLed worker's job completes on another worker without duplicate commits", async () => {
    const first = fake.createIssue({ title: "A shop back office", body: "Track products, orders and customers." });
    const child = await spawnWorker({ APPGEN_TEST_SLOW_COMMIT_MS: "0" });
    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: first.number as number }),
    });
    await app.deps.queue.drain();
    expect(await stagesOn(`appgen/issue-${first.number as number}`)).toEqual([
      "card",
      "files",
      "ui",
      "api",
      "db",
      "plan",
    ]);
    child.kill("SIGKILL");

    const issue = fake.createIssue({
      title: "A gym",
      body: "Track members, classes and trainers. Members book classes.",
    });
    const number = issue.number as number;
    const branch = `appgen/issue-${number}`;
    const doomed = await spawnWorker({ APPGEN_TEST_SLOW_COMMIT_MS: "400" });
    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: number }),
    });
    while ((await stagesOn(branch)).length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = new Promise((resolve) => doomed.once("exit", resolve));
    doomed.kill("SIGKILL");
    await exited;
    const committedBeforeKill = await stagesOn(branch);
    expect(committedBeforeKill.length).toBeLessThan(5);

    workers.push(await startWorker(workerConfig(), { Octokit, lockMs: LOCK_MS, progressIntervalMs: 0 }));
    await app.deps.queue.drain();
    const stages = await stagesOn(branch);
    expect(stages).toEqual(["card", "files", "ui", "api", "db", "plan"]);
    expect(fake.state.pulls().filter((p) => p.pull?.head === branch)).toHaveLength(1);
    const comments = fake.state.commentsOn(number).filter((c) => c.body.startsWith("<!-- appgen:progress -->"));
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("### Generated the app");
    expect(fake.violations).toEqual([]);

    // The workers recorded both runs in the server's store; the re-run's stage timings replaced the dead attempt's.
    const runs = await app.deps.runs.list();
    expect(runs.map((r) => [r.issueNumber, r.status])).toEqual([
      [number, "done"],
      [first.number, "done"],
    ]);
    expect(runs[0]?.stages.map((s) => s.stage)).toEqual(["plan", "db", "api", "ui", "files"]);
    expect(runs[0]?.pullRequest?.number).toBeGreaterThan(0);

    // The worker that finished the job exports what it did on its own /metrics.
    const worker = workers[0]!;
    const metrics = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^appgen_generations_total\{outcome="done",trigger="label"\} 1$/m);
    expect(metrics).toMatch(/^appgen_stage_duration_seconds_count\{stage="files",status="(committed|unchanged)"\} 1$/m);
    expect((await fetch(`http://127.0.0.1:${worker.metricsPort}/healthz`)).status).toBe(200);
  }, 90_000);
});
