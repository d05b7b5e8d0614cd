// End to end: our real HTTP server (Probot's middleware on node:http, retry and throttle plugins on, installation
// tokens from a JWT; only the throttle plugin off, as its one-second spacing of writes would dominate the test's time) receives signed webhook deliveries over HTTP and drives a GitHub-compatible server on 127.0.0.1
// whose repository is a real git repository. The test then reads the branch with git.
//
// "The life of an app" runs twice: with the in-process queue, and in the documented scale-out mode (REDIS_URL, the
// server only queues, two `npm run worker` processes run every kind of job).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrailers, TRAILERS } from "../../app/core/pipeline/commit-message.ts";
import type { Diagnostic, DiagnosticsReport } from "../../app/core/schema-types/diagnostics.ts";
import { startServer, WEBHOOK_PATH, type RunningServer } from "../../app/server.ts";
import { sendWebhook, startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { renderMarkdown } from "../helpers/markdown.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";

const SECRET = "integration-secret";
let fake: FakeGitHub;
let app: RunningServer;
let hook: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ owner: "acme", repo: "shop" });
  const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
    ...o,
    throttle: { ...o.throttle, enabled: false },
  }));
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
    },
    { Octokit },
  );
  hook = `http://127.0.0.1:${app.port}${WEBHOOK_PATH}`;
}, 30_000);

afterAll(async () => {
  await app?.close();
  await fake?.stop();
});

async function stagesOn(
  branch: string,
): Promise<{ stage: string | undefined; sha: string | undefined; subject: string }[]> {
  const log = await fake.git(["log", "--format=%H%x1f%B%x1e", `refs/heads/${branch}`]);
  return log
    .split("\x1e")
    .map((r) => r.trim())
    .filter(Boolean)
    .map((record) => {
      const [sha, message = ""] = record.split("\x1f");
      const trailers = parseTrailers(message);
      return {
        stage: trailers["Appgen-Stage"],
        sha: trailers["Appgen-Manifest-Sha"],
        subject: message.split("\n")[0] ?? "",
      };
    });
}

function progressComment(issueNumber: number): string {
  const comments = fake.state.commentsOn(issueNumber).filter((c) => c.body.startsWith("<!-- appgen:progress -->"));
  return comments.at(-1)?.body ?? "";
}

describe("the GitHub App against a GitHub-compatible server", () => {
  it("labels → branch, manifest commit, draft PR, one commit per stage; within the request budget", async () => {
    const issue = fake.createIssue({
      title: "A shop back office",
      body: "Track products, orders and customers. Staff update order status.",
    });
    const number = issue.number as number;
    const before = fake.requests.length;
    const delivered = await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: number }),
    });
    expect(delivered.status).toBe(200);
    await app.deps.queue.drain();

    const branch = `appgen/issue-${number}`;
    const stages = await stagesOn(branch);
    expect(stages.slice(0, 6).map((s) => s.stage)).toEqual(["card", "files", "ui", "api", "db", "plan"]);
    expect(new Set(stages.slice(1, 6).map((s) => s.sha)).size).toBe(1);
    const dir = await fake.checkout(branch);
    const manifest = JSON.parse(await readFile(join(dir, "appgen/manifest.json"), "utf8"));
    expect(manifest.entities.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(["product", "order", "customer"]),
    );
    expect(await readFile(join(dir, "package.json"), "utf8")).toContain("next");

    const pulls = fake.state.pulls();
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.pull).toMatchObject({ head: branch, draft: true });
    expect(pulls[0]?.body).toContain(`Closes #${number}`);
    expect(progressComment(number)).toContain("### Generated the app");
    expect(fake.state.reactions.map((r) => r.content)).toContain("eyes");

    const requests = fake.requests.slice(before);
    // The app card is the last commit: one read and one PUT /contents after the stages, within the budget.
    expect(stages[0]?.stage).toBe("card");
    expect(await readFile(join(dir, "appgen/card.svg"), "utf8")).toContain("checks pending");
    expect(requests.filter((r) => r.operationId === "repos/create-or-update-file-contents")).toHaveLength(1);
    expect(requests.length).toBeLessThanOrEqual(30);
    expect(fake.violations).toEqual([]);
  }, 60_000);

  it("a redelivery does nothing; /regenerate keeps a person's commit and pushes only changes", async () => {
    const issue = fake.createIssue({
      title: "A CRM for a small sales team",
      body: "Track leads, companies and deals. Sales reps log calls with contacts.",
    });
    const number = issue.number as number;
    const payload = fake.payloads.issuesLabeled({ issueNumber: number });
    const first = await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload });
    await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload, deliveryId: first.deliveryId });
    await app.deps.queue.drain();
    expect(fake.state.commentsOn(number)).toHaveLength(1);

    const branch = `appgen/issue-${number}`;
    await fake.pushAsHuman({
      branch,
      files: { "appgen/ui.json": '{"mine": true}\n' },
      message: "tweak the UI by hand",
    });
    const pull = fake.state.pulls().find((p) => p.pull?.head === branch)!;
    const commitsBefore = (await stagesOn(branch)).length;
    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issue_comment",
      payload: fake.payloads.issueComment({
        issueNumber: pull.number,
        body: "/regenerate add a priority field to deals",
      }),
    });
    await app.deps.queue.drain();

    const stages = await stagesOn(branch);
    expect(stages[stages.length - commitsBefore]?.subject).toBe("tweak the UI by hand");
    expect(stages.slice(0, stages.length - commitsBefore).map((s) => s.stage)).toContain("plan");
    const dir = await fake.checkout(branch);
    expect(await readFile(join(dir, "appgen/ui.json"), "utf8")).toBe('{"mine": true}\n');
    const comment = progressComment(pull.number);
    expect(comment).toContain("### Regenerated the app");
    expect(comment).toContain("- `appgen/ui.json` (edited by a person)");
    expect(fake.state.reactions.some((r) => r.commentId !== undefined && r.content === "eyes")).toBe(true);
    expect(fake.violations.map((v) => v.message)).toEqual([]);
  }, 60_000);

  it("retries a transient GitHub 500 (Probot's retry plugin) and rejects a bad signature", async () => {
    const issue = fake.createIssue({ title: "Gym", body: "Track members and classes." });
    const number = issue.number as number;
    fake.failNext({ method: "POST", path: /\/git\/commits$/, status: 500 });
    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: number }),
    });
    await app.deps.queue.drain();
    expect(fake.pendingFailures()).toBe(0);
    expect(progressComment(number)).toContain("### Generated the app");

    const forged = await sendWebhook({
      url: hook,
      secret: SECRET,
      signWith: "wrong",
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: number }),
    });
    expect(forged.status).toBe(400);
  }, 60_000);

  it("after a merge, a new issue adds one migration; /regenerate rewrites it; the PR warns about what it drops", async () => {
    const manifest = (fields: string) =>
      `Please build this:\n\n\`\`\`yaml appgen\nname: Library\nentities:\n  - name: book\n    fields:\n${fields}\`\`\`\n`;
    const first = fake.createIssue({
      title: "A library",
      body: manifest("      - { name: title, type: text, required: true }\n      - { name: isbn, type: text }\n"),
    });
    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: first.number as number }),
    });
    await app.deps.queue.drain();
    // The pull request is merged: main now has the first migration, as a deployed database does.
    await fake.git(["update-ref", "refs/heads/main", `refs/heads/appgen/issue-${first.number}`]);
    const mainFiles = await fake.git(["ls-tree", "-r", "--name-only", "main", "supabase/migrations"]);
    expect(mainFiles.trim().split("\n")).toEqual(["supabase/migrations/20250101000000_appgen_schema.sql"]);

    const second = fake.createIssue({
      title: "Drop the ISBN, add authors",
      body: manifest("      - { name: title, type: text, required: true }\n      - { name: author, type: text }\n"),
    });
    const number = second.number as number;
    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issues",
      payload: fake.payloads.issuesLabeled({ issueNumber: number }),
    });
    await app.deps.queue.drain();
    const branch = `appgen/issue-${number}`;
    const migrationsOn = async () =>
      (await fake.git(["ls-tree", "-r", "--name-only", branch, "supabase/migrations"])).trim().split("\n");
    const added = (await migrationsOn()).filter((p) => !p.endsWith("_appgen_schema.sql"));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^supabase\/migrations\/\d{14}_drop_isbn_from_books_and_1_more\.sql$/);
    expect(
      await fake.git([
        "diff",
        "--name-only",
        "main",
        branch,
        "--",
        "supabase/migrations/20250101000000_appgen_schema.sql",
      ]),
    ).toBe("");
    const pull = fake.state.pulls().find((p) => p.pull?.head === branch)!;
    expect(pull.body).toContain("#### Database migration");
    expect(renderMarkdown(pull.body ?? "")).toContain("<li>Drops books.isbn: its values are lost.</li>");
    expect(renderMarkdown(progressComment(number))).toContain("<li>Drops books.isbn: its values are lost.</li>");

    await sendWebhook({
      url: hook,
      secret: SECRET,
      event: "issue_comment",
      payload: fake.payloads.issueComment({ issueNumber: pull.number, body: "/regenerate add a pages field to books" }),
    });
    await app.deps.queue.drain();
    const rewritten = (await migrationsOn()).filter((p) => !p.endsWith("_appgen_schema.sql"));
    expect(rewritten).toHaveLength(1);
    expect(rewritten[0]!.slice(0, 35)).toBe(added[0]!.slice(0, 35));
    const dir = await fake.checkout(branch);
    expect(await readFile(join(dir, rewritten[0]!), "utf8")).toMatch(/add column "pages"/);
    expect(fake.violations.map((v) => v.message)).toEqual([]);
  }, 90_000);
});

// ---------------------------------------------------------------------------------------------------------------
// The life of an app, in both queue modes.

const WORKER_CHILD = new URL("../helpers/queue-worker-child.ts", import.meta.url).pathname;

function diagnosticsZip(diagnostics: Diagnostic[]): Uint8Array {
  const report: DiagnosticsReport = {
    version: 1,
    ok: false,
    app_dir: "/home/runner/work/shop/shop",
    started_at: "2026-01-01T12:00:00.000Z",
    duration_ms: 30_000,
    steps: [{ step: "lint", status: "failed", duration_ms: 8_000, command: "pnpm lint", diagnostics }],
  };
  return zipSync({ "diagnostics.json": strToU8(JSON.stringify(report)) });
}

const preferConst = (file: string, name: string): Diagnostic => ({
  step: "lint",
  file,
  line: 2,
  column: 7,
  code: "prefer-const",
  severity: "error",
  message: `'${name}' is never reassigned. Use 'const' instead.`,
});
const twice = (name: string) =>
  `export function ${name}(value: number): number {\n  let result = value * 2;\n  return result;\n}\n`;

describe.each([
  { mode: "in-process queue", workers: 0 },
  { mode: "REDIS_URL with two worker processes", workers: 2 },
])("the life of an app ($mode)", ({ workers }) => {
  const secret = "life-secret";
  let fake: FakeGitHub;
  let redis: RedisServer | undefined;
  let server: RunningServer;
  let url: string;
  const dataDir = mkdtempSync(join(tmpdir(), "appgen-life-runs-"));
  const children: ChildProcess[] = [];
  const answers: { event: string; status: number }[] = [];

  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: "acme", repo: "shop" });
    if (workers) redis = await startRedis();
    const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
      ...o,
      throttle: { ...o.throttle, enabled: false },
    }));
    server = await startServer(
      {
        appId: fake.appId,
        privateKey: fake.privateKey,
        webhookSecret: secret,
        port: 0,
        host: "127.0.0.1",
        logLevel: "silent",
        baseUrl: fake.apiUrl,
        llm: undefined,
        runStore: { kind: "file", path: join(dataDir, "runs.jsonl") },
        ...(redis ? { redisUrl: redis.url } : {}),
      },
      { Octokit },
    );
    url = `http://127.0.0.1:${server.port}${WEBHOOK_PATH}`;
    for (let i = 0; i < workers; i++) children.push(await spawnWorker());
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await server?.close();
    await Promise.all([fake?.stop(), redis?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function spawnWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER_CHILD], {
      env: {
        ...process.env,
        APP_ID: String(fake.appId),
        PRIVATE_KEY: fake.privateKey,
        WEBHOOK_SECRET: secret,
        GHE_HOST: fake.host,
        GHE_PROTOCOL: "http",
        REDIS_URL: redis!.url,
        LOG_LEVEL: "silent",
        APPGEN_DATA_DIR: dataDir,
        APPGEN_TEST_PROGRESS_MS: "5000",
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      child.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    return child;
  }

  /** Delivers a webhook and waits until every job it queued has finished (in this process or in the workers). */
  async function deliver(event: string, payload: unknown): Promise<void> {
    const answer = await sendWebhook({ url, secret, event, payload });
    answers.push({ event, status: answer.status });
    await server.deps.queue.drain();
  }

  async function commitsOn(ref: string): Promise<{ sha: string; author: string; message: string }[]> {
    const log = await fake.git(["log", "--format=%H%x1f%an%x1f%B%x1e", ref]);
    return log
      .split("\x1e")
      .map((r) => r.trim())
      .filter(Boolean)
      .map((record) => {
        const [sha = "", author = "", message = ""] = record.split("\x1f");
        return { sha, author, message };
      });
  }

  /** The latest progress comment on an issue or pull request. */
  function progressOf(issueNumber: number): string {
    return (
      fake.state
        .commentsOn(issueNumber)
        .filter((c) => c.body.startsWith("<!-- appgen:progress -->"))
        .at(-1)?.body ?? ""
    );
  }

  async function failingRun(branch: string, diagnostics: Diagnostic[]): Promise<void> {
    const run = await fake.completeWorkflowRun({
      branch,
      conclusion: "failure",
      artifacts: { "appgen-diagnostics": diagnosticsZip(diagnostics) },
    });
    await deliver("workflow_run", await fake.payloads.workflowRunCompleted(run));
  }

  it("generation, /regenerate, auto-fix rounds up to the hand-over, screenshots, a preview per push, deploy report: every job completes, no webhook answers 5xx", async () => {
    const issue = fake.createIssue({
      title: "A shop back office",
      body: "Track products, orders and customers. Staff update order status.",
    });
    const number = issue.number as number;
    const branch = `appgen/issue-${number}`;

    // 1. The label: a whole generation within the request budget.
    const before = fake.requests.length;
    await deliver("issues", fake.payloads.issuesLabeled({ issueNumber: number }));
    expect((await commitsOn(branch)).slice(0, 6).map((c) => parseTrailers(c.message)[TRAILERS.stage])).toEqual([
      "card",
      "files",
      "ui",
      "api",
      "db",
      "plan",
    ]);
    // A worker process authenticates once per installation and hour (Probot caches the token): not the generation's cost.
    const generationRequests = fake.requests
      .slice(before)
      .filter((r) => r.operationId !== "apps/create-installation-access-token");
    expect(generationRequests.length).toBeLessThanOrEqual(30);
    const pull = fake.state.pulls().find((p) => p.pull?.head === branch)!;
    expect(pull.body).toContain("<!-- appgen:card -->");
    expect(pull.body).toContain("🟡 checks pending");

    // 2. /regenerate re-plans and pushes only what changed.
    const beforeRegenerate = (await commitsOn(branch)).length;
    await deliver(
      "issue_comment",
      fake.payloads.issueComment({ issueNumber: pull.number, body: "/regenerate add a priority field to orders" }),
    );
    const regenerated = (await commitsOn(branch))
      .slice(0, -beforeRegenerate)
      .map((c) => parseTrailers(c.message)[TRAILERS.stage]);
    expect(regenerated).toContain("plan");
    expect(fake.state.commentsOn(pull.number).at(-1)?.body).toContain("### Regenerated the app");

    // 3. A person adds code the linter flags twice; the checks fail three times.
    await fake.pushAsHuman({
      branch,
      files: { "lib/twice.ts": twice("twice"), "lib/thrice.ts": twice("thrice") },
      message: "add helpers by hand",
    });
    await failingRun(branch, [preferConst("lib/twice.ts", "result")]);
    let [latest] = await commitsOn(branch);
    expect(parseTrailers(latest!.message)).toMatchObject({ [TRAILERS.stage]: "fix", [TRAILERS.autofix]: "1" });
    expect(await readFile(join(await fake.checkout(branch), "lib/twice.ts"), "utf8")).toContain("const result");

    await failingRun(branch, [preferConst("lib/thrice.ts", "result")]);
    [latest] = await commitsOn(branch);
    expect(parseTrailers(latest!.message)).toMatchObject({ [TRAILERS.stage]: "fix", [TRAILERS.autofix]: "2" });
    const afterFixes = latest!.sha;
    expect(fake.state.pullByNumber(pull.number)?.body).toMatch(/🟡 checks pending \|[^\n]*\| 2 \|/);

    await failingRun(branch, [
      {
        step: "typecheck",
        file: "lib/twice.ts",
        line: 1,
        column: 1,
        code: "TS2322",
        severity: "error",
        message: "Type 'string' is not assignable to type 'number'.",
      },
    ]);
    // 4. The hand-over: label, diagnosis, the card on the pull request says failing; the branch does not move.
    expect(await fake.branchHead(branch)).toBe(afterFixes);
    expect(fake.state.pullByNumber(pull.number)?.labels).toContain("appgen:needs-human");
    expect(
      fake.state.commentsOn(pull.number).some((c) => c.body.includes("### appgen needs a person to fix the checks")),
    ).toBe(true);
    expect(fake.state.pullByNumber(pull.number)?.body).toContain("🔴 checks failing");

    // After the hand-over the person's pushes are theirs alone: neither a failure nor a pass moves the head.
    const persons = await fake.pushAsHuman({
      branch,
      files: { "lib/twice.ts": twice("twice").replace("let", "const") },
      message: "fix the type by hand",
    });
    await failingRun(branch, [preferConst("lib/thrice.ts", "result")]);
    expect(await fake.branchHead(branch)).toBe(persons);
    // The passing run published its pictures on appgen-screenshots (as the CI's screenshots job does, [skip ci]).
    const folder = `${pull.number}/${persons}`;
    await fake.pushAsHuman({
      branch: "appgen-screenshots",
      author: "github-actions[bot]",
      message: `appgen: screenshots of #${pull.number} at ${persons.slice(0, 7)} [skip ci]`,
      files: {
        [`${folder}/index.json`]: JSON.stringify({
          version: 1,
          pages: [
            {
              name: "dashboard",
              title: "Dashboard",
              path: "/",
              desktop: "dashboard-desktop.png",
              phone: "dashboard-phone.png",
            },
            {
              name: "list-orders",
              title: "Orders",
              path: "/orders",
              desktop: "list-orders-desktop.png",
              phone: "list-orders-phone.png",
            },
          ],
        }),
        [`${folder}/dashboard-desktop.png`]: "png",
        [`${folder}/dashboard-phone.png`]: "png",
        [`${folder}/list-orders-desktop.png`]: "png",
        [`${folder}/list-orders-phone.png`]: "png",
      },
    });
    const passed = await fake.completeWorkflowRun({ branch, conclusion: "success" });
    await deliver("workflow_run", await fake.payloads.workflowRunCompleted(passed));
    expect(await fake.branchHead(branch)).toBe(persons);
    expect(fake.state.pullByNumber(pull.number)?.body).toContain("🟢 checks passing");
    const blob = `${fake.url}/acme/shop/blob/appgen-screenshots/${folder}`;
    expect(progressOf(pull.number)).toContain(
      `<img src="${blob}/list-orders-phone.png?raw=true" alt="Orders, phone" width="160">`,
    );

    // 5. A preview of the pull request's head: its URL in the progress comment within seconds, by an edit, while
    // the branch stays where the person left it; a late status of an older push does not replace it.
    const comments = fake.state.comments.length;
    const previewUrl = "https://shop-git-appgen-issue-1-acme.vercel.app";
    const started = Date.now();
    await deliver(
      "deployment_status",
      fake.payloads.deploymentStatus({
        sha: persons,
        state: "success",
        environmentUrl: previewUrl,
        preview: { branch, pullRequest: pull.number },
      }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(progressOf(pull.number)).toContain(`🔎 Preview of [\`${persons.slice(0, 7)}\`]`);
    expect(progressOf(pull.number)).toContain(`<${previewUrl}>`);
    await deliver(
      "deployment_status",
      fake.payloads.deploymentStatus({
        sha: afterFixes,
        state: "success",
        environmentUrl: "https://shop-git-older-acme.vercel.app",
        preview: { branch, pullRequest: pull.number },
      }),
    );
    expect(progressOf(pull.number)).toContain(`<${previewUrl}>`);
    expect(progressOf(pull.number)).not.toContain("shop-git-older");
    expect(progressOf(pull.number).match(/<!-- appgen:preview -->/g)).toHaveLength(1);
    expect(fake.state.comments.length).toBe(comments);
    expect(await fake.branchHead(branch)).toBe(persons);

    // 6. Merged and deployed: the URL on the pull request and the issue, the card on the base branch ([skip ci]).
    const merge = await fake.mergePull(pull.number);
    await deliver(
      "deployment_status",
      fake.payloads.deploymentStatus({ sha: merge, state: "success", environmentUrl: "https://shop-acme.vercel.app" }),
    );
    for (const on of [pull.number, number])
      expect(
        fake.state.commentsOn(on).some((c) => c.body.startsWith("🚀 The app is live: <https://shop-acme.vercel.app>")),
      ).toBe(true);
    const [cardOnMain] = await commitsOn("refs/heads/main");
    expect(cardOnMain!.message).toMatch(
      /^appgen\(card\): app card — deployed to https:\/\/shop-acme\.vercel\.app \[skip ci\]\n/,
    );
    expect(await fake.git(["show", "main:appgen/card.svg"])).toContain("shop-acme.vercel.app");
    expect((await server.deps.runs.list({ issueNumber: number, limit: 1 }))[0]?.deployUrl).toBe(
      "https://shop-acme.vercel.app",
    );

    // Every appgen commit, on the branch and on main, names its stage and its manifest.
    const appgenCommits = [...(await commitsOn(branch)), cardOnMain!].filter((c) => c.author === fake.botLogin);
    expect(appgenCommits.length).toBeGreaterThanOrEqual(10);
    for (const commit of appgenCommits) {
      const trailers = parseTrailers(commit.message);
      expect(trailers[TRAILERS.stage], commit.message).toBeDefined();
      expect(trailers[TRAILERS.manifestSha], commit.message).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.map((a) => a.event)).toEqual([
      "issues",
      "issue_comment",
      "workflow_run",
      "workflow_run",
      "workflow_run",
      "workflow_run",
      "workflow_run",
      "deployment_status",
      "deployment_status",
      "deployment_status",
    ]);
    expect(fake.violations).toEqual([]);
  }, 180_000);
});
