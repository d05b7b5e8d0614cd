// Use-case code against the Forge port, with the in-memory forge: who may trigger a run, how the progress comment
// coalesces its edits, deploy reporting, the card commit, a failed run's diagnostics and a whole generation. No
// HTTP: what a job asks of GitHub is the forge's call list.
import { strToU8, zipSync } from "fflate";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { cardFromManifest } from "../../app/core/card.ts";
import { DEFAULT_CONFIG } from "../../app/core/config.ts";
import { stageOf } from "../../app/core/pipeline/commit-message.ts";
import { parseManifest } from "../../app/core/manifest/index.ts";
import { initialProgress, PROGRESS_MARKER, type ProgressState } from "../../app/core/progress.ts";
import { commitCard } from "../../app/github/card-commit.ts";
import { reportDeployment } from "../../app/github/deploy.ts";
import { runGeneration } from "../../app/github/generation.ts";
import { fetchRunDiagnostics, reportFromJobLogs } from "../../app/github/logs.ts";
import { checkSender } from "../../app/github/permissions.ts";
import { ProgressComment } from "../../app/github/progress-comment.ts";
import { MemoryForge } from "../helpers/memory-forge.ts";

describe("checkSender", () => {
  it.each([
    ["admin", true, "admin"],
    ["maintain", true, "maintain"],
    ["write", true, "write"],
    ["triage", false, "triage"],
    ["read", false, "read"],
  ])("a collaborator with role %s may trigger: %s", async (role, allowed, permission) => {
    const forge = new MemoryForge();
    forge.collaborators.set("octocat", role);
    expect(await checkSender(forge, { login: "octocat", type: "User" })).toEqual({ allowed, permission });
  });

  it("refuses someone who is no collaborator, and bots without asking", async () => {
    const forge = new MemoryForge();
    expect(await checkSender(forge, { login: "stranger", type: "User" })).toEqual({
      allowed: false,
      permission: "none",
    });
    expect(await checkSender(forge, { login: "renovate[bot]", type: "Bot" })).toEqual({
      allowed: false,
      permission: "bot",
    });
    expect(forge.calls).toEqual(["permissionOf"]);
  });
});

describe("ProgressComment", () => {
  const state = (note: string): ProgressState => ({
    ...initialProgress({
      kind: "generate",
      repositoryUrl: "https://github.com/octo-org/hello",
      branch: "appgen/issue-1",
      command: "/regenerate",
    }),
    notes: [note],
  });

  it("creates once, coalesces edits within the interval, and always writes the final state", async () => {
    const forge = new MemoryForge();
    let now = 0;
    const comment = new ProgressComment({ forge, issueNumber: 1, minIntervalMs: 1_000, now: () => now });
    const id = await comment.create(state("queued"));
    now = 10;
    await comment.update(state("planning"));
    await comment.update(state("db"));
    expect(forge.calls).toEqual(["createComment"]);
    now = 2_000;
    await comment.update(state("api"));
    await comment.flush(state("done"));
    await comment.flush(state("done"));
    expect(forge.calls).toEqual(["createComment", "updateComment", "updateComment"]);
    expect(forge.comments).toHaveLength(1);
    expect(forge.comments[0]).toMatchObject({ id, issueNumber: 1 });
  });
});

describe("deploy reporting on the in-memory forge", () => {
  const log = pino({ level: "silent" });
  const repository = { owner: "octo-org", repo: "hello", htmlUrl: "https://github.com/octo-org/hello" };

  it("reports a live URL on the pull request and the issue, and in the progress comment's deploy section", async () => {
    const forge = new MemoryForge();
    const pull = await forge.ensurePullRequest({
      head: "appgen/issue-7",
      base: "main",
      draft: true,
      title: "Tasks",
      body: "Closes #7",
    });
    const progress = await forge.createComment(7, `${PROGRESS_MARKER}\n### Generated the app`);
    forge.commitPulls.set("abc1234def", [
      {
        number: pull.number,
        body: "Closes #7",
        merged: true,
        headRef: "appgen/issue-7",
        baseRef: "main",
        fromFork: false,
      },
    ]);
    const outcome = await reportDeployment({
      forge,
      log,
      repository,
      deployment: { sha: "abc1234def", environment: "production" },
      status: { state: "success", environmentUrl: "https://tasks.vercel.app" },
    });
    expect(outcome).toMatchObject({ reported: true, issueNumber: 7, baseBranch: "main" });
    const live = forge.comments.filter((c) => c.body.startsWith("🚀 The app is live: <https://tasks.vercel.app>"));
    expect(live.map((c) => c.issueNumber)).toEqual([pull.number, 7]);
    expect(forge.pulls[0]?.body).toContain("https://tasks.vercel.app");
    expect(forge.comments.find((c) => c.id === progress.id)?.body).toContain("https://tasks.vercel.app");
  });

  it("ignores a deployment of a commit no merged appgen pull request has, asking nothing else", async () => {
    const forge = new MemoryForge();
    forge.commitPulls.set("f00", [
      { number: 3, body: "", merged: true, headRef: "feature/x", baseRef: "main", fromFork: false },
    ]);
    const outcome = await reportDeployment({
      forge,
      log,
      repository,
      deployment: { sha: "f00", environment: "production" },
      status: { state: "success", environmentUrl: "https://x.vercel.app" },
    });
    expect(outcome).toEqual({ reported: false, reason: "no merged appgen pull request has commit f00" });
    expect(forge.calls).toEqual(["pullRequestsOfCommit"]);
  });

  it("skips the card commit on a protected base branch", async () => {
    const forge = new MemoryForge();
    forge.protectedBranches.add("main");
    const card = {
      ...cardFromManifest(
        parseManifest("name: Tasks\nentities:\n  - name: task\n    fields:\n      - { name: title, type: text }\n"),
      ),
      check: "passing" as const,
      autofixAttempts: 0,
    };
    expect(
      await commitCard({
        forge,
        log,
        branch: "main",
        root: "",
        card,
        manifestSha: "0".repeat(64),
        reason: "deployed",
        skipCi: true,
      }),
    ).toBe("skipped");
    expect(forge.calls).toEqual(["readText", "writeText"]);
  });
});

describe("a failed run's diagnostics on the in-memory forge", () => {
  const log = [
    '2025-06-01T12:00:00.0000000Z ##[group]Run pnpm build 2>&1 | tee "$APPGEN_LOGS/build.log"',
    "2025-06-01T12:00:00.1000000Z ##[endgroup]",
    "2025-06-01T12:00:01.0000000Z ./app/page.tsx:3:10",
    "2025-06-01T12:00:01.1000000Z Type error: Cannot find name 'Button'.",
    "2025-06-01T12:00:02.0000000Z ##[error]Process completed with exit code 1.",
  ].join("\n");
  const run = { runId: 41, startedAt: "2025-06-01T12:00:00Z", appPath: "" };

  it("uses the artifact when the run uploaded a valid one", async () => {
    const forge = new MemoryForge();
    const built = reportFromJobLogs([log], { startedAt: run.startedAt, appPath: "" });
    forge.artifacts.set(41, [
      {
        id: 7,
        name: "appgen-diagnostics",
        expired: false,
        zip: zipSync({ "diagnostics.json": strToU8(JSON.stringify(built)) }),
      },
    ]);
    const found = await fetchRunDiagnostics(forge, run);
    expect(found.source).toBe("artifact");
    expect(forge.calls).toEqual(["findArtifact", "downloadArtifact"]);
  });

  it("falls back to the failed jobs' logs, saying why", async () => {
    const forge = new MemoryForge();
    forge.artifacts.set(41, [{ id: 7, name: "appgen-diagnostics", expired: true, zip: new Uint8Array() }]);
    forge.jobs.set(41, [
      { id: 1, conclusion: "success", log: "" },
      { id: 2, conclusion: "failure", log },
    ]);
    const found = await fetchRunDiagnostics(forge, run);
    expect(found).toMatchObject({
      source: "logs",
      note: "the run's appgen-diagnostics artifact has expired",
      report: { ok: false, steps: [{ step: "build", status: "failed" }] },
    });
    expect(forge.calls).toEqual(["findArtifact", "runJobs", "jobLog"]);
  });
});

describe("a generation on the in-memory forge", () => {
  it("commits one commit per stage on the issue's branch, opens the draft pull request, keeps one progress comment, and a second run commits nothing", async () => {
    const forge = new MemoryForge();
    await forge
      .branch("main")
      .commit({ parent: undefined, message: "Initial commit", changes: [{ path: "README.md", content: "# hello\n" }] });
    const progress = await forge.createComment(7, `${PROGRESS_MARKER}\nqueued`);
    const request = {
      forge,
      log: pino({ level: "silent" }),
      repository: {
        owner: forge.owner,
        repo: forge.repo,
        htmlUrl: "https://github.com/octo-org/hello",
        defaultBranch: "main",
      },
      issueNumber: 7,
      trigger: { kind: "label" as const, title: "A library", body: "Track books, members and loans." },
      config: DEFAULT_CONFIG,
      models: undefined,
      comment: { issueNumber: 7, id: progress.id },
      progressIntervalMs: 0,
      now: () => 0,
    };
    const first = await runGeneration(request);
    expect(first).toMatchObject({ status: "done", changed: true, pullRequest: { number: expect.any(Number) } });
    const stages = (forge.commits.get("appgen/issue-7") ?? []).map((c) => stageOf(c.message));
    expect(stages).toEqual(["card", "files", "ui", "api", "db", "plan"]);
    expect(forge.pulls).toMatchObject([{ head: "appgen/issue-7", base: "main", draft: true }]);
    expect(forge.comments.filter((c) => c.body.startsWith(PROGRESS_MARKER))).toHaveLength(1);
    expect(forge.comments[0]?.body).toContain("### Generated the app");

    const again = await runGeneration({
      ...request,
      trigger: {
        kind: "regenerate",
        instructions: "",
        pullRequest: { number: forge.pulls[0]?.number ?? 0, url: forge.pulls[0]?.url ?? "" },
      },
    });
    expect(again).toMatchObject({ status: "done", changed: false });
    expect(forge.commits.get("appgen/issue-7")).toHaveLength(6);
  });
});
