import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { AppMetrics } from "../app/metrics.ts";
import { readPrice } from "../app/settings.ts";
import { startServer } from "../app/server.ts";
import { githubApi, useGitHubApi } from "./helpers/github-api.ts";
import {
  announce,
  labeledRunMocks,
  labeledPayload,
  MemoryRepo,
  newSide,
  noConfig,
  permission,
  pullCreate,
  testApp,
  type TestApp,
} from "./handlers/harness.ts";

useGitHubApi();

let app: TestApp | undefined;
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

/** Prometheus text exposition as { "name{labels}": value }, comments dropped. */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    map.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return map;
}

describe("/metrics", () => {
  it("counts a generation, its stages, the queue and GitHub's rate limit, scraped over HTTP", async () => {
    app = await testApp();
    const github = githubApi().defaultReplyHeaders({ "x-ratelimit-remaining": "4321" });
    const repo = new MemoryRepo();
    const side = newSide();
    noConfig(github);
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    repo.intercept([
      "getRef",
      "listTree",
      "createRef",
      "createTree",
      "createCommit",
      "updateRef",
      "getContent",
      "putContent",
    ]);
    pullCreate(github, side);

    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();

    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    const running = await startServer(
      {
        appId: 1,
        privateKey: pem,
        webhookSecret: "s",
        port: 0,
        host: "127.0.0.1",
        logLevel: "silent",
        baseUrl: "https://api.github.com",
        llm: undefined,
      },
      { metrics: app.deps.metrics },
    );
    try {
      const response = await fetch(`http://127.0.0.1:${running.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
      const scraped = samples(await response.text());
      expect(scraped.get('appgen_generations_total{outcome="done",trigger="label"}')).toBe(1);
      for (const stage of ["plan", "db", "api", "ui", "files"]) {
        expect(scraped.get(`appgen_stage_duration_seconds_count{stage="${stage}",status="committed"}`)).toBe(1);
      }
      expect(scraped.get("appgen_queue_depth")).toBe(0);
      expect(scraped.get("appgen_github_rate_limit_remaining")).toBe(4321);
      // The offline planner spends no tokens and the cost counter exists at zero.
      expect(scraped.get("appgen_llm_cost_usd_total")).toBe(0);
      expect(scraped.get("appgen_autofix_attempts_total")).toBe(0);
    } finally {
      await running.close();
    }
  });

  it("tags every log line of a run with its run id", async () => {
    app = await testApp();
    const { github, repo, side } = labeledRunMocks();

    await app.receive("issues", labeledPayload(), "delivery-run-42");
    await app.deps.queue.drain();

    const runLines = app.logs.filter((line) => line.job === "Codertocat/Hello-World#7");
    expect(runLines.length).toBeGreaterThanOrEqual(2);
    expect(runLines.every((line) => line.runId === "delivery-run-42")).toBe(true);
    expect(runLines.map((line) => line.msg)).toContain("generation finished");
  });
});

describe("AppMetrics", () => {
  it("prices tokens when a price is set, and counts queue depth up and down", async () => {
    const metrics = new AppMetrics({ usdPerMillionTokens: 2.5 });
    metrics.tokensSpent({ promptTokens: 1_200, completionTokens: 300 });
    metrics.jobQueued();
    metrics.jobQueued();
    metrics.jobFinished();
    const scraped = samples(await metrics.render());
    expect(scraped.get('appgen_llm_tokens_total{kind="prompt"}')).toBe(1200);
    expect(scraped.get('appgen_llm_tokens_total{kind="completion"}')).toBe(300);
    expect(scraped.get("appgen_llm_cost_usd_total")).toBeCloseTo(0.00375, 10);
    expect(scraped.get("appgen_queue_depth")).toBe(1);
    expect(metrics.costOf(1_000_000)).toBe(2.5);
    expect(new AppMetrics().costOf(1_000_000)).toBeUndefined();
  });

  it("fails a scrape, instead of hanging, when a shared queue does not answer", async () => {
    const metrics = new AppMetrics({ depthTimeoutMs: 50 });
    metrics.queueDepthFrom(() => new Promise<number>(() => {}));
    await expect(metrics.render()).rejects.toThrow("no answer from the queue within 50 ms");
    metrics.queueDepthFrom(async () => 7);
    expect(samples(await metrics.render()).get("appgen_queue_depth")).toBe(7);
  });

  it.each([
    [undefined, undefined],
    ["", undefined],
    ["3", 3],
    ["0.15", 0.15],
    ["-1", undefined],
    ["cheap", undefined],
  ])("reads APPGEN_LLM_USD_PER_MILLION_TOKENS=%s as %s", (value, expected) => {
    expect(readPrice(value === undefined ? {} : { APPGEN_LLM_USD_PER_MILLION_TOKENS: value })).toBe(expected);
  });
});
