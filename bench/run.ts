// `npm run bench`: speed of the core pipeline on this machine. Goals (issue #2): plan(offline) + db + api + ui grows
// linearly with the number of entities and stays under 100 ms for 50 entities. Prints medians of repeated runs.
//   npm run bench                 every benchmark
//   npm run bench -- stages       only the named ones (stages, generate, redact, apps, github, queue, planner)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { runLocalChecks } from "../app/adapters/local-checks.ts";
import { LocalHost } from "../app/adapters/local-host.ts";
import { runPipeline } from "../app/core/pipeline/pipeline.ts";
import { planFromPrompt } from "../app/core/planners/offline/index.ts";
import { winkTagger } from "../app/core/planners/offline/english.ts";
import { compromiseTagger } from "./compromise-tagger.ts";
import { ARCHETYPES } from "../app/core/planners/offline/vocabulary.ts";
import { NO_USAGE } from "../app/core/planners/types.ts";
import { redactSecrets } from "../app/core/redact.ts";
import { renderOpenApi } from "../app/core/stages/api/index.ts";
import { renderDatabase } from "../app/core/stages/db/index.ts";
import { renderUiSpec } from "../app/core/stages/ui/index.ts";
import {
  HOLDOUT_GOAL,
  meetsGoal,
  scorePlannedEntities,
  totalScores,
  type ItemScore,
  type RequestCorpusItem,
} from "./planner-score.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}

/**
 * A prompt naming things to track, as a person listing a large back-office app would, with as many nouns as it
 * takes for the offline planner to find exactly `count` entities (a few archetypes fold into one another).
 */
export function promptWithEntities(count: number): string {
  const nouns = [...ARCHETYPES.keys()].map((k) => `${k.replaceAll("_", " ")}s`);
  const prompt = (n: number) =>
    `An operations back office to track ${nouns.slice(0, n).join(", ")}. Admins can edit everything.`;
  let n = count;
  while (n < nouns.length && planFromPrompt(prompt(n)).entities.length < count) n++;
  return prompt(n);
}

function benchStages(): void {
  console.log("\nplan (offline) + db + api + ui, median of repeated runs after a warm-up");
  const rows: Record<string, string | number>[] = [];
  for (const count of [5, 50, 200]) {
    const prompt = promptWithEntities(count);
    const runs = count >= 200 ? 7 : 15;
    const samples = {
      plan: [] as number[],
      db: [] as number[],
      api: [] as number[],
      ui: [] as number[],
      total: [] as number[],
    };
    let entities = 0;
    for (let i = 0; i < runs + 2; i++) {
      const [manifest, plan] = time(() => planFromPrompt(prompt));
      const [, db] = time(() => renderDatabase(manifest));
      const [, api] = time(() => renderOpenApi(manifest));
      const [, ui] = time(() => renderUiSpec(manifest));
      entities = manifest.entities.length;
      if (i < 2) continue; // warm-up: JIT and module caches
      samples.plan.push(plan);
      samples.db.push(db);
      samples.api.push(api);
      samples.ui.push(ui);
      samples.total.push(plan + db + api + ui);
    }
    const total = median(samples.total);
    rows.push({
      entities,
      "plan ms": median(samples.plan).toFixed(1),
      "db ms": median(samples.db).toFixed(1),
      "api ms": median(samples.api).toFixed(1),
      "ui ms": median(samples.ui).toFixed(1),
      "total ms": total.toFixed(1),
      "ms per entity": (total / entities).toFixed(2),
      goal: count === 50 ? (total < 100 ? "met (< 100 ms)" : "MISSED (< 100 ms)") : "",
    });
  }
  table(rows);
}

async function benchGenerate(): Promise<void> {
  console.log("\nappgen generate into a new local git repository (CRM prompt, offline), then again unchanged");
  const prompt = "A CRM to track leads, companies and deals. Sales reps log calls and meetings with contacts.";
  const manifest = planFromPrompt(prompt);
  const rows: Record<string, string | number>[] = [];
  for (const run of ["first", "unchanged"]) {
    const samples: Record<string, number[]> = {};
    for (let i = 0; i < 5; i++) {
      const dir = mkdtempSync(join(tmpdir(), "appgen-bench-"));
      try {
        const host = await LocalHost.open(dir, { env: process.env });
        const plan = async () => ({ manifest, planner: "offline" as const, usage: NO_USAGE, notes: [] });
        if (run === "unchanged") await runPipeline({ host, plan });
        const started = performance.now();
        const result = await runPipeline({ host, plan });
        for (const stage of result.stages) (samples[stage.stage] ??= []).push(stage.durationMs);
        (samples.total ??= []).push(performance.now() - started);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    rows.push({
      run,
      ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [`${k} ms`, median(v).toFixed(0)])),
    });
  }
  table(rows);
  const commits = execFileSync("git", ["--version"], { encoding: "utf8" }).trim();
  console.log(`(${commits}; each stage is one commit built with git plumbing)`);
}

function benchRedact(): void {
  console.log("\nsecret redaction on 1 MB inputs (adversarial shapes must stay linear)");
  const rows: Record<string, string | number>[] = [];
  for (const [name, unit] of [
    ["prose", "Track leads and deals. "],
    ["dotted words", "a."],
    ["JWT-like prefixes", "eyJ-"],
    ["assignments", "x_password "],
  ] as const) {
    const text = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
    const samples = Array.from({ length: 5 }, () => time(() => redactSecrets(text))[1]);
    rows.push({ input: name, "ms per MB": median(samples).toFixed(1) });
  }
  table(rows);
}

/** The corpus prompts the apps benchmark generates and checks: ten different domains and shapes. */
export const APP_BENCH_PROMPTS = [
  "crm-pipeline",
  "dental-clinic",
  "school-gradebook",
  "personal-workouts",
  "community-forum",
  "help-desk",
  "japanese-shop",
  "emoji-pizza",
  "hotel-reservations",
  "private-journal",
];

async function benchApps(): Promise<void> {
  console.log("\nprompt -> checked app: plan offline, generate into a new repository, appgen check (warm pnpm store)");
  console.log("goal: under 60 s per app on 2 cores; lint, typecheck and database run side by side\n");
  const corpus = JSON.parse(readFileSync(new URL("../test/fixtures/prompts/corpus.json", import.meta.url), "utf8")) as {
    id: string;
    prompt: string;
  }[];
  const only = process.env.APPGEN_BENCH_APPS?.split(",").filter(Boolean);
  const rows: Record<string, string | number>[] = [];
  const totals: number[] = [];
  for (const id of only ?? APP_BENCH_PROMPTS) {
    const item = corpus.find((c) => c.id === id);
    if (!item) throw new Error(`corpus has no prompt '${id}'`);
    const dir = mkdtempSync(join(tmpdir(), `appgen-bench-app-${id}-`));
    try {
      const started = performance.now();
      const manifest = planFromPrompt(item.prompt);
      await runPipeline({
        host: await LocalHost.open(dir, { env: process.env }),
        plan: async () => ({ manifest, planner: "offline", usage: NO_USAGE, notes: [] }),
      });
      const generated = performance.now() - started;
      const report = await runLocalChecks({ appDir: dir, env: process.env });
      const total = performance.now() - started;
      totals.push(total);
      const seconds = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(1));
      rows.push({
        app: id,
        entities: manifest.entities.length,
        "generate s": seconds(generated),
        ...Object.fromEntries(
          report.steps.map((s) => [
            `${s.step} s`,
            s.status === "passed" ? seconds(s.duration_ms) : s.status.toUpperCase(),
          ]),
        ),
        "total s": seconds(total),
        result: report.ok ? "passed" : "FAILED",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  table(rows);
  const passed = rows.filter((r) => r.result === "passed").length;
  console.log(
    `${passed}/${rows.length} apps passed every check; median total ${(median(totals) / 1000).toFixed(1)} s (goal < 60 s)`,
  );
}

async function benchGitHub(): Promise<void> {
  console.log(
    "\nGitHub requests per full generation (real server + git-backed fake GitHub, offline planner); goal <= 30, flat in files",
  );
  const { ProbotOctokit } = await import("probot");
  const { startServer, WEBHOOK_PATH } = await import("../app/server.ts");
  const { sendWebhook, startFakeGitHub } = await import("../test/helpers/fake-github/index.ts");
  const rows: Record<string, string | number>[] = [];
  for (const count of [3, 20, 60]) {
    const fake = await startFakeGitHub({ owner: "bench", repo: `app-${count}` });
    // Throttling spaces writes a second apart in production; it changes time, not the number of requests.
    const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
      ...o,
      throttle: { ...o.throttle, enabled: false },
    }));
    const app = await startServer(
      {
        appId: fake.appId,
        privateKey: fake.privateKey,
        webhookSecret: "bench",
        port: 0,
        host: "127.0.0.1",
        logLevel: "silent",
        baseUrl: fake.apiUrl,
        llm: undefined,
      },
      { Octokit },
    );
    try {
      const issue = fake.createIssue({ title: "Back office", body: promptWithEntities(count) });
      const before = fake.requests.length;
      const started = performance.now();
      await sendWebhook({
        url: `http://127.0.0.1:${app.port}${WEBHOOK_PATH}`,
        secret: "bench",
        event: "issues",
        payload: fake.payloads.issuesLabeled({ issueNumber: issue.number as number }),
      });
      await app.deps.queue.drain();
      const requests = fake.requests.slice(before);
      const files = (
        await fake.git(["ls-tree", "-r", "--name-only", `refs/heads/appgen/issue-${issue.number as number}`])
      )
        .split("\n")
        .filter(Boolean).length;
      const byKind = (re: RegExp) => requests.filter((r) => re.test(`${r.method} ${r.path}`)).length;
      rows.push({
        entities: count,
        "files on branch": files,
        requests: requests.length,
        "git data": byKind(/\/git\//),
        "issue/PR": byKind(/\/(issues|pulls)/),
        "token+config+permission": byKind(/access_tokens|contents|collaborators/),
        "wall ms": Math.round(performance.now() - started),
        goal: requests.length <= 30 ? "met (<= 30)" : "MISSED (<= 30)",
      });
    } finally {
      await app.close();
      await fake.stop();
    }
  }
  table(rows);
}

/**
 * Queued generations through BullMQ: the webhook server (REDIS_URL) queues APPGEN_BENCH_QUEUE_JOBS (default 200)
 * labeled issues on a paused queue, then 1, 2 and 4 worker processes (test/helpers/queue-worker-child.ts, i.e.
 * app/worker.ts with the throttle plugin off) run them against the git-backed fake GitHub with the offline planner.
 * Each round has a fresh fake GitHub and queue, and gives up after APPGEN_BENCH_QUEUE_TIMEOUT_S (default 600).
 */
async function benchQueue(): Promise<void> {
  const jobs = Number(process.env.APPGEN_BENCH_QUEUE_JOBS ?? 200);
  const timeoutMs = Number(process.env.APPGEN_BENCH_QUEUE_TIMEOUT_S ?? 600) * 1000;
  console.log(
    `\n${jobs} queued generations through BullMQ on a local redis-server, 1/2/4 worker processes (concurrency 1 each), fake GitHub + offline planner on this machine`,
  );
  const { spawn } = await import("node:child_process");
  const { ProbotOctokit } = await import("probot");
  const { startServer, WEBHOOK_PATH } = await import("../app/server.ts");
  const { BullMqQueue } = await import("../app/queue/bullmq.ts");
  const { sendWebhook, startFakeGitHub } = await import("../test/helpers/fake-github/index.ts");
  const { startRedis } = await import("../test/helpers/redis.ts");
  const child = new URL("../test/helpers/queue-worker-child.ts", import.meta.url).pathname;
  const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
    ...o,
    throttle: { ...o.throttle, enabled: false },
  }));
  const redis = await startRedis();
  const rows: Record<string, string | number>[] = [];
  try {
    for (const workers of [1, 2, 4]) {
      const queueName = `bench-${workers}`;
      const fake = await startFakeGitHub({ owner: "bench", repo: `queue-${workers}` });
      // The default daily limit (50 generations per installation) would refuse most of the batch.
      await fake.pushAsHuman({
        branch: "main",
        files: { ".github/appgen.yml": `limits: { generations_per_day: ${Math.min(10_000, jobs * 2)} }\n` },
        message: "appgen settings for the benchmark",
      });
      const queue = new BullMqQueue({ redisUrl: redis.url, queueName, keepJobs: jobs * 2 });
      await queue.queue.pause();
      const app = await startServer(
        {
          appId: fake.appId,
          privateKey: fake.privateKey,
          webhookSecret: "bench",
          port: 0,
          host: "127.0.0.1",
          logLevel: "silent",
          baseUrl: fake.apiUrl,
          llm: undefined,
        },
        { Octokit, queue },
      );
      const processes: import("node:child_process").ChildProcess[] = [];
      try {
        const numbers = Array.from(
          { length: jobs },
          (_, i) =>
            fake.createIssue({ title: `Back office ${i + 1}`, body: promptWithEntities(3 + (i % 5)) }).number as number,
        );
        const url = `http://127.0.0.1:${app.port}${WEBHOOK_PATH}`;
        for (let i = 0; i < numbers.length; i += 8) {
          await Promise.all(
            numbers.slice(i, i + 8).map((issueNumber) =>
              sendWebhook({
                url,
                secret: "bench",
                event: "issues",
                payload: fake.payloads.issuesLabeled({ issueNumber }),
              }),
            ),
          );
        }
        const queuedBy = Date.now() + 60_000;
        while ((await queue.queue.getWaitingCount()) < jobs) {
          if (Date.now() > queuedBy)
            throw new Error(
              `only ${await queue.queue.getWaitingCount()} of ${jobs} generations were queued within a minute`,
            );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const env = {
          ...process.env,
          APP_ID: String(fake.appId),
          PRIVATE_KEY: fake.privateKey,
          WEBHOOK_SECRET: "bench",
          GHE_HOST: fake.host,
          GHE_PROTOCOL: "http",
          REDIS_URL: redis.url,
          LOG_LEVEL: "silent" as const,
          APPGEN_QUEUE_NAME: queueName,
          APPGEN_TEST_PROGRESS_MS: "5000",
        };
        await Promise.all(
          Array.from(
            { length: workers },
            () =>
              new Promise<void>((resolve, reject) => {
                const proc = spawn(process.execPath, ["--import", "tsx", child], {
                  env,
                  stdio: ["ignore", "pipe", "inherit"],
                });
                processes.push(proc);
                proc.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
                proc.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
              }),
          ),
        );
        const started = Date.now();
        await queue.queue.resume();
        let timedOut = false;
        for (;;) {
          const counts = await queue.queue.getJobCounts("completed", "failed");
          if ((counts.completed ?? 0) + (counts.failed ?? 0) >= jobs) break;
          if (Date.now() - started > timeoutMs) {
            timedOut = true;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const wallMs = Date.now() - started;
        const done = await queue.queue.getJobs(["completed"], 0, jobs);
        const failed = await queue.queue.getFailedCount();
        const runMs = done.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0));
        const branches = (await fake.git(["for-each-ref", "--format=%(refname)", "refs/heads/appgen/"]))
          .split("\n")
          .filter(Boolean).length;
        rows.push({
          workers,
          completed: done.length,
          failed,
          branches: branches,
          "wall s": (wallMs / 1000).toFixed(1),
          "jobs per min": ((done.length / wallMs) * 60_000).toFixed(1),
          "median job s": (median(runMs) / 1000).toFixed(2),
          "slowest job s": (Math.max(0, ...runMs) / 1000).toFixed(2),
          "slowest queued->done s": (
            Math.max(0, ...done.map((j) => (j.finishedOn ?? started) - started)) / 1000
          ).toFixed(1),
          note: timedOut ? `TIMED OUT after ${timeoutMs / 1000} s` : "",
        });
        console.log(`  ${workers} worker(s): ${JSON.stringify(rows.at(-1))}`);
      } finally {
        await Promise.all(
          processes.map(
            (proc) =>
              new Promise<void>((resolve) => {
                if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
                proc.once("exit", () => resolve());
                proc.kill("SIGTERM");
                setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
              }),
          ),
        );
        await app.close();
        await fake.stop();
      }
    }
  } finally {
    await redis.stop();
  }
  table(rows);
  console.log("(fake GitHub, redis-server, the webhook server and the workers share this machine's cores)");
}

/**
 * The offline planner on the long feature requests (issue #13): expected entities found, junk, prompts without a
 * domain entity. Per-prompt misses are printed for dev only, so the holdout stays a fair test of tuning on dev.
 */
function benchPlanner(): void {
  console.log("\noffline planner on long feature requests (test/fixtures/prompts/requests-*.json)");
  const rows: Record<string, string | number>[] = [];
  const results: Record<string, ItemScore[]> = {};
  for (const split of ["dev", "holdout"] as const) {
    const items = JSON.parse(
      readFileSync(new URL(`../test/fixtures/prompts/requests-${split}.json`, import.meta.url), "utf8"),
    ) as RequestCorpusItem[];
    for (const item of items) planFromPrompt(item.prompt); // warm-up: JIT and module caches
    const samples: number[] = [];
    const scores = items.map((item) => {
      const [manifest, ms] = time(() => planFromPrompt(item.prompt));
      samples.push(ms);
      return scorePlannedEntities(
        item,
        manifest.entities.map((e) => e.name),
      );
    });
    results[split] = scores;
    const totals = totalScores(scores);
    rows.push({
      set: split,
      prompts: totals.prompts,
      "expected entities": totals.expected,
      found: totals.found,
      "found %": ((100 * totals.found) / Math.max(1, totals.expected)).toFixed(1),
      "junk entities": totals.junk,
      "no domain entity": totals.noDomainEntity,
      "median plan ms": median(samples).toFixed(2),
    });
  }
  table(rows);
  console.log("\ndev misses and junk per prompt:");
  for (const s of results.dev ?? []) {
    if (s.missed.length || s.junk.length)
      console.log(`  ${s.id}: missed [${s.missed.join(", ")}], junk [${s.junk.join(", ")}]`);
  }
  // The English tagger was chosen on this corpus: the same planner with compromise behind the tagger port.
  const comparison: Record<string, string | number>[] = [];
  for (const tagger of [winkTagger, compromiseTagger]) {
    for (const split of ["dev", "holdout"] as const) {
      const items = JSON.parse(
        readFileSync(new URL(`../test/fixtures/prompts/requests-${split}.json`, import.meta.url), "utf8"),
      ) as RequestCorpusItem[];
      const samples: number[] = [];
      const totals = totalScores(
        items.map((item) => {
          const [manifest, ms] = time(() => planFromPrompt(item.prompt, tagger));
          samples.push(ms);
          return scorePlannedEntities(
            item,
            manifest.entities.map((e) => e.name),
          );
        }),
      );
      comparison.push({
        tagger: tagger.name,
        set: split,
        "found %": ((100 * totals.found) / Math.max(1, totals.expected)).toFixed(1),
        "junk entities": totals.junk,
        "no domain entity": totals.noDomainEntity,
        "median plan ms": median(samples).toFixed(2),
      });
    }
  }
  console.log("\nEnglish taggers compared (the planner ships with wink-nlp)");
  table(comparison);
  console.log(
    `\ngoal on holdout: >= ${HOLDOUT_GOAL.foundPercent} % found, ${HOLDOUT_GOAL.junk} junk, ${HOLDOUT_GOAL.noDomainEntity} prompts without a domain entity`,
  );
  console.log(`holdout: ${meetsGoal(totalScores(results.holdout ?? [])) ? "met" : "MISSED"}`);
}

const benches: Record<string, () => void | Promise<void>> = {
  stages: benchStages,
  generate: benchGenerate,
  redact: benchRedact,
  apps: benchApps,
  github: benchGitHub,
  queue: benchQueue,
  planner: benchPlanner,
};
const selected = process.argv.slice(2).filter((a) => a !== "--");
for (const name of selected.length ? selected : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark '${name}'; choose from ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  await bench();
}
