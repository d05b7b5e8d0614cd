// End to end: our real HTTP server (Probot's middleware on node:http, retry and throttle plugins on, installation
// tokens from a JWT; only the throttle plugin off, as its one-second spacing of writes would dominate the test's time) receives signed webhook deliveries over HTTP and drives a GitHub-compatible server on 127.0.0.1
// whose repository is a real git repository. The test then reads the branch with git.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import { startServer, WEBHOOK_PATH, type RunningServer } from "../../app/server.ts";
import { sendWebhook, startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { renderMarkdown } from "../helpers/markdown.ts";

const SECRET = "integration-secret";
let fake: FakeGitHub;
let app: RunningServer;
let hook: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ owner: "acme", repo: "shop" });
  const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({ ...o, throttle: { ...o.throttle, enabled: false } }));
  app = await startServer({ appId: fake.appId, privateKey: fake.privateKey, webhookSecret: SECRET, port: 0, host: "127.0.0.1", logLevel: "silent", baseUrl: fake.apiUrl, llm: undefined }, { Octokit });
  hook = `http://127.0.0.1:${app.port}${WEBHOOK_PATH}`;
}, 30_000);

afterAll(async () => {
  await app?.close();
  await fake?.stop();
});

async function stagesOn(branch: string): Promise<{ stage: string | undefined; sha: string | undefined; subject: string }[]> {
  const log = await fake.git(["log", "--format=%H%x1f%B%x1e", `refs/heads/${branch}`]);
  return log.split("\x1e").map((r) => r.trim()).filter(Boolean).map((record) => {
    const [sha, message = ""] = record.split("\x1f");
    const trailers = parseTrailers(message);
    return { stage: trailers["Appgen-Stage"], sha: trailers["Appgen-Manifest-Sha"], subject: message.split("\n")[0] ?? "" };
  });
}

function progressComment(issueNumber: number): string {
  const comments = fake.state.commentsOn(issueNumber).filter((c) => c.body.startsWith("<!-- appgen:progress -->"));
  return comments.at(-1)?.body ?? "";
}

describe("the GitHub App against a GitHub-compatible server", () => {
  it("labels → branch, manifest commit, draft PR, one commit per stage; within the request budget", async () => {
    const issue = fake.createIssue({ title: "A shop back office", body: "Track products, orders and customers. Staff update order status." });
    const number = issue.number as number;
    const before = fake.requests.length;
    const delivered = await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload: fake.payloads.issuesLabeled({ issueNumber: number }) });
    expect(delivered.status).toBe(200);
    await app.deps.queue.drain();

    const branch = `appgen/issue-${number}`;
    const stages = await stagesOn(branch);
    expect(stages.slice(0, 6).map((s) => s.stage)).toEqual(["card", "files", "ui", "api", "db", "plan"]);
    expect(new Set(stages.slice(1, 6).map((s) => s.sha)).size).toBe(1);
    const dir = await fake.checkout(branch);
    const manifest = JSON.parse(await readFile(join(dir, "appgen/manifest.json"), "utf8"));
    expect(manifest.entities.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(["product", "order", "customer"]));
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
    const issue = fake.createIssue({ title: "A CRM for a small sales team", body: "Track leads, companies and deals. Sales reps log calls with contacts." });
    const number = issue.number as number;
    const payload = fake.payloads.issuesLabeled({ issueNumber: number });
    const first = await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload });
    await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload, deliveryId: first.deliveryId });
    await app.deps.queue.drain();
    expect(fake.state.commentsOn(number)).toHaveLength(1);

    const branch = `appgen/issue-${number}`;
    await fake.pushAsHuman({ branch, files: { "appgen/ui.json": "{\"mine\": true}\n" }, message: "tweak the UI by hand" });
    const pull = fake.state.pulls().find((p) => p.pull?.head === branch)!;
    const commitsBefore = (await stagesOn(branch)).length;
    await sendWebhook({ url: hook, secret: SECRET, event: "issue_comment", payload: fake.payloads.issueComment({ issueNumber: pull.number, body: "/regenerate add a priority field to deals" }) });
    await app.deps.queue.drain();

    const stages = await stagesOn(branch);
    expect(stages[stages.length - commitsBefore]?.subject).toBe("tweak the UI by hand");
    expect(stages.slice(0, stages.length - commitsBefore).map((s) => s.stage)).toContain("plan");
    const dir = await fake.checkout(branch);
    expect(await readFile(join(dir, "appgen/ui.json"), "utf8")).toBe("{\"mine\": true}\n");
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
    await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload: fake.payloads.issuesLabeled({ issueNumber: number }) });
    await app.deps.queue.drain();
    expect(fake.pendingFailures()).toBe(0);
    expect(progressComment(number)).toContain("### Generated the app");

    const forged = await sendWebhook({ url: hook, secret: SECRET, signWith: "wrong", event: "issues", payload: fake.payloads.issuesLabeled({ issueNumber: number }) });
    expect(forged.status).toBe(400);
  }, 60_000);

  it("after a merge, a new issue adds one migration; /regenerate rewrites it; the PR warns about what it drops", async () => {
    const manifest = (fields: string) => `Please build this:\n\n\`\`\`yaml appgen\nname: Library\nentities:\n  - name: book\n    fields:\n${fields}\`\`\`\n`;
    const first = fake.createIssue({ title: "A library", body: manifest("      - { name: title, type: text, required: true }\n      - { name: isbn, type: text }\n") });
    await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload: fake.payloads.issuesLabeled({ issueNumber: first.number as number }) });
    await app.deps.queue.drain();
    // The pull request is merged: main now has the first migration, as a deployed database does.
    await fake.git(["update-ref", "refs/heads/main", `refs/heads/appgen/issue-${first.number}`]);
    const mainFiles = await fake.git(["ls-tree", "-r", "--name-only", "main", "supabase/migrations"]);
    expect(mainFiles.trim().split("\n")).toEqual(["supabase/migrations/20250101000000_appgen_schema.sql"]);

    const second = fake.createIssue({ title: "Drop the ISBN, add authors", body: manifest("      - { name: title, type: text, required: true }\n      - { name: author, type: text }\n") });
    const number = second.number as number;
    await sendWebhook({ url: hook, secret: SECRET, event: "issues", payload: fake.payloads.issuesLabeled({ issueNumber: number }) });
    await app.deps.queue.drain();
    const branch = `appgen/issue-${number}`;
    const migrationsOn = async () => (await fake.git(["ls-tree", "-r", "--name-only", branch, "supabase/migrations"])).trim().split("\n");
    const added = (await migrationsOn()).filter((p) => !p.endsWith("_appgen_schema.sql"));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^supabase\/migrations\/\d{14}_drop_isbn_from_books_and_1_more\.sql$/);
    expect(await fake.git(["diff", "--name-only", "main", branch, "--", "supabase/migrations/20250101000000_appgen_schema.sql"])).toBe("");
    const pull = fake.state.pulls().find((p) => p.pull?.head === branch)!;
    expect(pull.body).toContain("#### Database migration");
    expect(renderMarkdown(pull.body ?? "")).toContain("<li>Drops books.isbn: its values are lost.</li>");
    expect(renderMarkdown(progressComment(number))).toContain("<li>Drops books.isbn: its values are lost.</li>");

    await sendWebhook({ url: hook, secret: SECRET, event: "issue_comment", payload: fake.payloads.issueComment({ issueNumber: pull.number, body: "/regenerate add a pages field to books" }) });
    await app.deps.queue.drain();
    const rewritten = (await migrationsOn()).filter((p) => !p.endsWith("_appgen_schema.sql"));
    expect(rewritten).toHaveLength(1);
    expect(rewritten[0]!.slice(0, 35)).toBe(added[0]!.slice(0, 35));
    const dir = await fake.checkout(branch);
    expect(await readFile(join(dir, rewritten[0]!), "utf8")).toMatch(/add column "pages"/);
    expect(fake.violations.map((v) => v.message)).toEqual([]);
  }, 90_000);
});
