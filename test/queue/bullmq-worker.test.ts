// `npm run worker`'s environment (readSettings with role worker: the server's variables plus REDIS_URL and APPGEN_WORKER_CONCURRENCY), npm start's
// REDIS_URL check, and a worker process that gets SIGTERM mid-job: it finishes the job, then exits 0.
import { generateKeyPairSync } from "node:crypto";
import { spawn } from "node:child_process";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../app/core/config.ts";
import { readSettings } from "../../app/settings.ts";
import { BullMqQueue } from "../../app/queue/bullmq.ts";
import type { Job } from "../../app/ports.ts";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";

const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
const base = { APP_ID: "12345", PRIVATE_KEY: pem, WEBHOOK_SECRET: "s3cret" };

describe("worker environment", () => {
  it.each([
    ["REDIS_URL missing", {}, /REDIS_URL is not set/],
    [
      "concurrency not a number",
      { REDIS_URL: "redis://127.0.0.1:6379", APPGEN_WORKER_CONCURRENCY: "two" },
      /APPGEN_WORKER_CONCURRENCY 'two'/,
    ],
    [
      "concurrency zero",
      { REDIS_URL: "redis://127.0.0.1:6379", APPGEN_WORKER_CONCURRENCY: "0" },
      /APPGEN_WORKER_CONCURRENCY '0'/,
    ],
    [
      "REDIS_URL not a Redis URL",
      { REDIS_URL: "http://127.0.0.1:6379" },
      /REDIS_URL 'http:\/\/127.0.0.1:6379' is not a Redis URL/,
    ],
  ])("refuses %s", (_, env, problem) => {
    const result = readSettings({ ...base, ...env }, { role: "worker" });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it("stops on a malformed ceiling like the server, and carries the ceilings otherwise", () => {
    const bad = readSettings(
      { ...base, REDIS_URL: "redis://127.0.0.1:6379", APPGEN_GENERATIONS_PER_DAY: "-1", APPGEN_LLM_MODELS: "o3" },
      { role: "worker" },
    );
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(" ")[0])).toEqual([
      "APPGEN_GENERATIONS_PER_DAY",
      "APPGEN_LLM_MODELS",
    ]);
    const good = readSettings(
      {
        ...base,
        REDIS_URL: "redis://127.0.0.1:6379",
        APPGEN_GENERATIONS_PER_DAY: "5",
        APPGEN_LLM_MODELS: "gpt-4o-mini,o3",
      },
      { role: "worker" },
    );
    expect(good.ok && good.settings.limits).toEqual({
      generationsPerDay: 5,
      llmTokensPerDay: undefined,
      defaultModel: "gpt-4o-mini",
      models: ["gpt-4o-mini", "o3"],
    });
  });

  it("reports the server's problems too, all at once", () => {
    const result = readSettings({ REDIS_URL: "redis://127.0.0.1:6379" }, { role: "worker" });
    expect(result.ok ? [] : result.problems.map((p) => p.split(" ")[0])).toEqual([
      "APP_ID",
      "PRIVATE_KEY",
      "WEBHOOK_SECRET",
    ]);
  });

  it("accepts REDIS_URL with a default concurrency of 1, or the one given", () => {
    const result = readSettings({ ...base, REDIS_URL: "redis://user:pw@redis.internal:6380/2" }, { role: "worker" });
    expect(result.ok && [result.settings.redisUrl, result.settings.worker?.concurrency]).toEqual([
      "redis://user:pw@redis.internal:6380/2",
      1,
    ]);
    const four = readSettings(
      { ...base, REDIS_URL: "rediss://redis.internal:6380", APPGEN_WORKER_CONCURRENCY: "4" },
      { role: "worker" },
    );
    expect(four.ok && four.settings.worker?.concurrency).toBe(4);
  });

  it("npm start takes REDIS_URL as optional and checks it", () => {
    const without = readSettings(base);
    expect(without.ok && without.settings.redisUrl).toBeUndefined();
    const withRedis = readSettings({ ...base, REDIS_URL: "redis://127.0.0.1:6379" });
    expect(withRedis.ok && withRedis.settings.redisUrl).toBe("redis://127.0.0.1:6379");
  });
});

describe("a worker process on SIGTERM", () => {
  let fake: FakeGitHub;
  let redis: RedisServer;
  beforeAll(async () => {
    [fake, redis] = await Promise.all([startFakeGitHub({ owner: "acme", repo: "term" }), startRedis()]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([fake?.stop(), redis?.stop()]);
  });

  it("finishes the active generation, then exits 0", async () => {
    const issue = fake.createIssue({ title: "A library", body: "Track books, members and loans." });
    const number = issue.number as number;
    // The webhook server would have posted the progress comment before queueing; post it as the App does.
    const octokit = await new Probot({
      appId: fake.appId,
      privateKey: fake.privateKey,
      baseUrl: fake.apiUrl,
      logLevel: "fatal",
    }).auth(fake.installationId);
    const { data: comment } = await octokit.rest.issues.createComment({
      owner: "acme",
      repo: "term",
      issue_number: number,
      body: "<!-- appgen:progress -->\nqueued",
    });
    const queue = new BullMqQueue({ redisUrl: redis.url, queueName: "sigterm" });
    const job: Job = {
      id: "delivery-sigterm",
      data: {
        kind: "generate",
        installationId: fake.installationId,
        repository: { owner: "acme", repo: "term", htmlUrl: "http://example.invalid/acme/term", defaultBranch: "main" },
        issueNumber: number,
        trigger: { kind: "label", title: "A library", body: "Track books, members and loans." },
        config: DEFAULT_CONFIG,
        comment: { issueNumber: number, id: comment.id },
      },
    };
    queue.enqueue(`acme/term#${number}`, job);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", new URL("../helpers/queue-worker-child.ts", import.meta.url).pathname],
      {
        env: {
          ...process.env,
          APP_ID: String(fake.appId),
          PRIVATE_KEY: fake.privateKey,
          WEBHOOK_SECRET: "s",
          GHE_HOST: fake.host,
          GHE_PROTOCOL: "http",
          REDIS_URL: redis.url,
          LOG_LEVEL: "silent",
          APPGEN_QUEUE_NAME: "sigterm",
          APPGEN_TEST_SLOW_COMMIT_MS: "300",
        },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    while ((await queue.queue.getJobState("delivery-sigterm")) !== "active")
      await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(await queue.queue.getJobState("delivery-sigterm")).toBe("completed");
    const log = await fake.git(["log", "--format=%B%x1e", `refs/heads/appgen/issue-${number}`]);
    expect(log.match(/Appgen-Stage: \w+/g)).toEqual([
      "Appgen-Stage: card",
      "Appgen-Stage: files",
      "Appgen-Stage: ui",
      "Appgen-Stage: api",
      "Appgen-Stage: db",
      "Appgen-Stage: plan",
    ]);
    expect(fake.violations).toEqual([]);
    await queue.close();
  }, 60_000);
});
