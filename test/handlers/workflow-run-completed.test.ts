// workflow_run.completed → auto-fix, through Probot with real webhook examples: every GitHub request is validated
// against GitHub's REST description, the branch lives in a MemoryRepo behind the Git Data API routes, and the model
// is a real OpenAI-compatible server on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { cardFromManifest, CARD_PATH, renderCardSection, renderCardSvg } from "../../app/core/card.ts";
import { withSection } from "../../app/core/progress.ts";
import { parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import { cardOfRun, type RunRecord } from "../../app/core/runs.ts";
import { manifestSha256 } from "../../app/core/manifest/index.ts";
import { cardCommitMessage } from "../../app/core/pipeline/commit-message.ts";
import { REDACTED } from "../../app/core/redact.ts";
import {
  branchCommits,
  BRANCH,
  commentOn,
  diagnosticsArtifact,
  FORMAT,
  generatedRepo,
  head,
  ISSUE,
  labelPull,
  MANIFEST,
  newCommentLog,
  OPEN_PULL_BODY,
  noArtifact,
  openPull,
  preferConst,
  progressComment,
  PROGRESS_BODY,
  PULL,
  receive,
  report,
  RUN_ID,
  screenshotsLookup,
  stageMessage,
  UTILS,
  workflowRunPayload,
  failedJobLog,
  type CommentLog,
} from "../github/check-runs.ts";
import { completion } from "../helpers/fake-openai-server.ts";
import { renderMarkdown } from "../helpers/markdown.ts";
import { githubApi, useGitHubApi, type GitHubApi } from "../helpers/github-api.ts";
import {
  configFile,
  FAKE_OPENAI_KEY,
  MemoryRepo,
  noConfig,
  parsedSvg,
  REPO_PATH,
  testApp,
  useFakeOpenAi,
  type TestApp,
} from "./harness.ts";

useGitHubApi();

// getContent: the pull request's card is drawn from the branch's manifest when the run store has no record.
const FIX_ROUTES = ["listTree", "getBlob", "createTree", "createCommit", "updateRef", "getContent"] as const;
let app: TestApp | undefined;
const model = useFakeOpenAi();
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
  expect(model.server().pending()).toBe(0);
});

function llmApp(): Promise<TestApp> {
  return testApp({
    llm: model.llm(),
  });
}

/** Routes of one failed run on the branch, up to the diagnostics; answers the pull request body's edits. */
function failedRun(github: GitHubApi, repo: MemoryRepo, options: { labels?: string[] } = {}): string[] {
  noConfig(github);
  const { bodies } = openPull(github, { ...options, headSha: head(repo) });
  branchCommits(github, repo);
  return bodies;
}

/** The card section a status change writes into the pull request body. */
function pullCard(card: Parameters<typeof renderCardSection>[0]): string {
  return withSection(OPEN_PULL_BODY, "card", renderCardSection(card));
}

/** One failed run that gets a fix. The Git Data routes persist, so a test intercepts them once (`git`). */
async function fixOnce(
  repo: MemoryRepo,
  lint: ReturnType<typeof preferConst>,
  log: CommentLog,
  git = repo.intercept([...FIX_ROUTES]),
) {
  app ??= await testApp();
  const github = githubApi();
  const bodies = failedRun(github, repo);
  const { blobs } = diagnosticsArtifact(github, report([lint]));
  progressComment(github, log);
  const parent = head(repo);
  await receive(
    app,
    "workflow_run",
    workflowRunPayload({ headSha: parent, headMessage: repo.commits.get(parent)!.message }),
  );
  expect(blobs.isDone()).toBe(true);
  return { git, parent, bodies };
}

describe("workflow_run.completed with a failure", () => {
  it("commits a fix (Appgen-Autofix: 1) from the run's diagnostics artifact and shows it in the progress comment", async () => {
    const repo = generatedRepo();
    const log = newCommentLog();
    const { git, parent, bodies } = await fixOnce(repo, preferConst("lib/utils.ts", "result"), log);

    const [tree, commit, ref] = git.requests.filter((r) => r.method !== "GET");
    const parentTree = repo.commits.get(parent)!.tree;
    // The fix commit holds the fix only; the attempt goes on the pull request's card (drawn from the manifest: this
    // app's run store has no record).
    expect(tree?.body).toEqual({
      base_tree: parentTree,
      tree: [
        { path: "lib/utils.ts", mode: "100644", type: "blob", content: UTILS.replace("let result", "const result") },
      ],
    });
    expect(bodies).toEqual([pullCard({ ...cardFromManifest(MANIFEST), check: "pending", autofixAttempts: 1 })]);
    const message = (commit?.body as { message: string }).message;
    expect(commit?.body).toEqual({ message, tree: expect.stringMatching(/^[0-9a-f]{40}$/), parents: [parent] });
    const manifestSha = parseTrailers(repo.commits.get(parent)!.message)["Appgen-Manifest-Sha"];
    expect(manifestSha).toMatch(/^[0-9a-f]{64}$/);
    expect(message).toBe(
      [
        "appgen(fix): fix failing checks",
        "",
        "lib/utils.ts: declared result with const (never reassigned)",
        "",
        "- lib/utils.ts",
        "",
        "Appgen-Stage: fix",
        `Appgen-Manifest-Sha: ${manifestSha}`,
        "Appgen-Autofix: 1",
        "Appgen-Fixer: deterministic",
        "",
      ].join("\n"),
    );
    expect(ref?.body).toEqual({ sha: head(repo), force: false });
    expect(repo.files(BRANCH).get("lib/utils.ts")).toContain("const result = value * 2;");

    expect(log.edited).toHaveLength(1);
    const edited = log.edited[0]!.body;
    expect(edited.startsWith(PROGRESS_BODY.trimEnd())).toBe(true);
    expect(edited).toContain("#### Auto-fix: 1 of 2 attempts used");
    expect(edited).toContain(
      `| 1 | [\`${head(repo).slice(0, 7)}\`](https://github.com/Codertocat/Hello-World/commit/${head(repo)}) | deterministic |`,
    );
    expect(edited).toContain(
      `⏳ The checks failed ([failed run](https://github.com/Codertocat/Hello-World/actions/runs/${RUN_ID})); appgen pushed a fix`,
    );
    expect(await app!.deps.metrics.render()).toMatch(/^appgen_autofix_attempts_total 1$/m);
  });

  it("makes a second fix on the next failure, and then hands over: label and diagnosis, no third commit", async () => {
    const repo = generatedRepo();
    const log = newCommentLog();
    const { git } = await fixOnce(repo, preferConst("lib/utils.ts", "result"), log);
    await fixOnce(repo, preferConst("lib/format.ts", "text"), newCommentLog(), git);
    const commits = git.requests
      .filter((r) => r.path.endsWith("/git/commits"))
      .map((r) => (r.body as { message: string }).message);
    expect(commits).toHaveLength(2);
    const secondMessage = commits[1]!;
    expect(parseTrailers(secondMessage)["Appgen-Autofix"]).toBe("2");
    expect(repo.files(BRANCH).get("lib/format.ts")).toBe(FORMAT.replace("let text", "const text"));

    const github = githubApi();
    const bodies = failedRun(github, repo);
    diagnosticsArtifact(
      github,
      report([
        {
          step: "typecheck",
          file: "lib/app-config.ts",
          line: 1,
          column: 14,
          code: "TS2322",
          severity: "error",
          message: "Type 'string' is not assignable to type 'number'.\n  more detail",
        },
      ]),
    );
    const third = newCommentLog();
    labelPull(github, third);
    commentOn(github, third, PULL);
    progressComment(github, third, `${PROGRESS_BODY}\n<!-- appgen:fix -->\nold section\n<!-- /appgen:fix -->\n`);
    const before = head(repo);
    await receive(
      app!,
      "workflow_run",
      workflowRunPayload({ headSha: before, headMessage: repo.commits.get(before)!.message }),
    );

    // No commit at all: from the hand-over on, the branch is the person's.
    expect(head(repo)).toBe(before);
    expect(third.labels).toEqual([{ issue: PULL, labels: ["appgen:needs-human"] }]);
    expect(third.created).toHaveLength(1);
    const diagnosis = third.created[0]!.body;
    expect(diagnosis).toContain("### appgen needs a person to fix the checks");
    expect(diagnosis).toContain("2 auto-fix attempts did not make the checks pass (limits.max_autofix is 2).");
    expect(diagnosis).toContain(
      "| typecheck | `lib/app-config.ts:1:14` | `TS2322` | Type 'string' is not assignable to type 'number'. |",
    );
    const edited = third.edited[0]!.body;
    expect(edited).not.toContain("old section");
    expect(edited).toContain("#### Auto-fix: 2 of 2 attempts used");
    expect(edited.match(/^\| [12] \| /gm)).toHaveLength(2);
    expect(edited).toContain("🛑 Handed over to a person");
    // The card says so in the pull request body, not in a commit.
    expect(bodies).toEqual([pullCard({ ...cardFromManifest(MANIFEST), check: "failing", autofixAttempts: 2 })]);
    expect(repo.files(BRANCH).has(CARD_PATH)).toBe(false);
  });

  it("hands over at the maximum even when the run's diagnostics cannot be read", async () => {
    app = await testApp();
    const repo = generatedRepo();
    for (const n of [1, 2])
      repo.commitAsPerson(
        BRANCH,
        { [`lib/fix-${n}.ts`]: "export {};\n" },
        stageMessage("fix", [`lib/fix-${n}.ts`], { "Appgen-Autofix": String(n) }),
      );
    const github = githubApi();
    failedRun(github, repo);
    github
      .get(`${REPO_PATH}/actions/runs/${RUN_ID}/artifacts`)
      .query({ name: "appgen-diagnostics", per_page: "10" })
      .reply(500, { message: "Server Error" });
    repo.intercept(["getContent"]);
    const log = newCommentLog();
    labelPull(github, log);
    commentOn(github, log, PULL);
    progressComment(github, log);
    await receive(app, "workflow_run", workflowRunPayload({ headSha: head(repo) }));
    expect(log.labels).toHaveLength(1);
    expect(log.created[0]!.body).toContain("appgen found no diagnostic it could read");
  });

  it("does nothing more on a pull request already labelled appgen:needs-human", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const github = githubApi();
    failedRun(github, repo, { labels: ["appgen:needs-human"] });
    await receive(app, "workflow_run", workflowRunPayload({ headSha: head(repo) }));
    expect(app.logs.some((l) => l.reason === "the pull request is labelled appgen:needs-human")).toBe(true);
  });

  it("ignores a run of a commit the branch has moved past", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const stale = head(repo);
    repo.commitAsPerson(BRANCH, { "lib/utils.ts": "export const x = 1;\n" }, "a person's commit");
    const github = githubApi();
    failedRun(github, repo);
    await receive(app, "workflow_run", workflowRunPayload({ headSha: stale }));
    expect(head(repo)).not.toBe(stale);
    expect(app.logs.some((l) => String(l.reason).startsWith("the branch moved on since this run"))).toBe(true);
  });

  it("falls back to the failed job's log (trimmed, redacted) when the run has no diagnostics artifact", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const github = githubApi();
    failedRun(github, repo);
    noArtifact(github);
    repo.intercept(["listTree", "getBlob", "getContent"]);
    const jobLog = [
      "2025-06-01T12:00:01.0000000Z ##[group]Run actions/checkout@v5",
      "2025-06-01T12:00:01.1000000Z ##[endgroup]",
      '2025-06-01T12:00:02.0000000Z ##[group]Run pnpm lint --format json --output-file "$APPGEN_LOGS/eslint.json" > "$APPGEN_LOGS/lint.log" 2>&1 & lint=$!',
      '2025-06-01T12:00:02.0100000Z pnpm typecheck > "$APPGEN_LOGS/typecheck.log" 2>&1 & typecheck=$!',
      "2025-06-01T12:00:02.0200000Z env:",
      "2025-06-01T12:00:02.0300000Z   GITHUB_TOKEN: ghs_abcdefghijklmnopqrstuvwxyz0123456789",
      "2025-06-01T12:00:02.0400000Z ##[endgroup]",
      "2025-06-01T12:00:09.0000000Z ##[error]pnpm typecheck failed",
      "2025-06-01T12:00:09.1000000Z ##[group]lint",
      "2025-06-01T12:00:09.2000000Z ##[endgroup]",
      "2025-06-01T12:00:09.3000000Z ##[group]typecheck",
      "2025-06-01T12:00:09.4000000Z \u001b[96mlib/app-config.ts\u001b[0m(1,14): \u001b[91merror\u001b[0m\u001b[90m TS2322: \u001b[0mType 'string' is not assignable to type 'number'.",
      "2025-06-01T12:00:09.5000000Z ##[endgroup]",
      "2025-06-01T12:00:09.6000000Z ##[error]Process completed with exit code 1.",
    ].join("\n");
    const { blobs } = failedJobLog(github, jobLog);
    const log = newCommentLog();
    labelPull(github, log);
    commentOn(github, log, PULL);
    progressComment(github, log);
    // No model configured: the type error has no deterministic fixer, so appgen hands over with the diagnosis.
    await receive(app, "workflow_run", workflowRunPayload({ headSha: head(repo) }));
    expect(blobs.isDone()).toBe(true);
    const diagnosis = log.created[0]!.body;
    expect(diagnosis).toContain(
      "| typecheck | `lib/app-config.ts:1:14` | `TS2322` | Type 'string' is not assignable to type 'number'. |",
    );
    expect(diagnosis).toContain("FIX_NOT_POSSIBLE");
    expect(diagnosis).not.toContain("ghs_");
  });
});

describe("a model's patch that reaches outside the implicated files", () => {
  const typeError = {
    step: "typecheck" as const,
    file: "lib/app-config.ts",
    line: 1,
    column: 14,
    code: "TS2322",
    severity: "error" as const,
    message: "Type 'string' is not assignable to type 'number'.",
  };

  it.each([
    [
      "a workflow under .github/",
      "--- a/.github/workflows/appgen-ci.yml\n+++ b/.github/workflows/appgen-ci.yml\n@@ -1,1 +1,1 @@\n-name: appgen CI\n+name: pwned\n",
      "PATCH_PROTECTED_PATH",
    ],
    [
      "a path that climbs out of the app",
      "--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1,1 +1,1 @@\n-root:x:0:0\n+root::0:0\n",
      "PATCH_OUTSIDE_APP",
    ],
  ])("refuses %s: no commit, the comment says why", async (_name, diff, code) => {
    app = await llmApp();
    const repo = generatedRepo();
    const github = githubApi();
    failedRun(github, repo);
    diagnosticsArtifact(github, report([typeError]));
    repo.intercept(["listTree", "getBlob", "getContent"]);
    const log = newCommentLog();
    labelPull(github, log);
    commentOn(github, log, PULL);
    progressComment(github, log);
    model.server().enqueue(completion(`I fixed the type.\n\n\`\`\`diff\n${diff}\`\`\`\n`));
    const before = head(repo);

    await receive(app, "workflow_run", workflowRunPayload({ headSha: before }));

    expect(head(repo)).toBe(before);
    expect(model.server().requests).toHaveLength(1);
    const prompt = model.server().requests[0]!.raw;
    expect(prompt).toContain("lib/app-config.ts");
    expect(prompt).not.toContain(FAKE_OPENAI_KEY);
    expect(log.labels).toEqual([{ issue: PULL, labels: ["appgen:needs-human"] }]);
    const diagnosis = log.created[0]!.body;
    expect(diagnosis).toContain(`the fix was refused: ${code}:`);
    expect(diagnosis).toContain("| typecheck | `lib/app-config.ts:1:14` | `TS2322` |");
    expect(log.edited[0]!.body).toContain("🛑 Handed over to a person");
    expect(log.edited[0]!.body).not.toContain(REDACTED);
    model.server().requests.length = 0;
  });

  it("commits a model's patch to the implicated file, with Appgen-Fixer: llm", async () => {
    app = await llmApp();
    const repo = generatedRepo();
    const log = newCommentLog();
    const github = githubApi();
    failedRun(github, repo);
    diagnosticsArtifact(github, report([{ ...typeError, file: "lib/app-config.ts" }]));
    const git = repo.intercept([...FIX_ROUTES]);
    progressComment(github, log);
    model
      .server()
      .enqueue(
        completion(
          'The constant should be a string.\n\n```diff\n--- a/lib/app-config.ts\n+++ b/lib/app-config.ts\n@@ -1,1 +1,1 @@\n-export const appName = "Expenses";\n+export const appName: string = "Expenses";\n```\n',
        ),
      );
    await receive(app, "workflow_run", workflowRunPayload({ headSha: head(repo) }));

    const commit = git.requests.find((r) => r.path.endsWith("/git/commits"))?.body as { message: string };
    expect(parseTrailers(commit.message)).toMatchObject({
      "Appgen-Stage": "fix",
      "Appgen-Autofix": "1",
      "Appgen-Fixer": "llm",
    });
    expect(commit.message).toContain("The constant should be a string.");
    expect(repo.files(BRANCH).get("lib/app-config.ts")).toBe('export const appName: string = "Expenses";\n');
    expect(log.edited[0]!.body).toContain("| llm | The constant should be a string. (`lib/app-config.ts`) |");
    model.server().requests.length = 0;
  });
});

describe("workflow_run.completed that needs no fix", () => {
  it("reports a success right after a fix in the progress comment", async () => {
    app = await testApp();
    const repo = generatedRepo();
    repo.commitAsPerson(
      BRANCH,
      { "lib/utils.ts": UTILS.replace("let", "const") },
      stageMessage("fix", ["lib/utils.ts"], { "Appgen-Autofix": "1", "Appgen-Fixer": "deterministic" }),
    );
    const github = githubApi();
    const bodies = failedRun(github, repo);
    const log = newCommentLog();
    progressComment(github, log);
    repo.intercept(["getContent"]);
    const before = head(repo);
    screenshotsLookup(github, before);
    await receive(
      app,
      "workflow_run",
      workflowRunPayload({ conclusion: "success", headSha: before, headMessage: repo.commits.get(before)!.message }),
    );
    expect(head(repo)).toBe(before);
    expect(bodies).toEqual([pullCard({ ...cardFromManifest(MANIFEST), check: "passing", autofixAttempts: 1 })]);
    expect(log.edited[0]!.body).toContain(
      `✅ The checks pass after the fix ([run](https://github.com/Codertocat/Hello-World/actions/runs/${RUN_ID})).`,
    );
    expect(log.edited[0]!.body).toContain("#### Auto-fix: 1 of 2 attempts used");
  });

  it.each([
    ["a cancelled run", { conclusion: "cancelled" as const }, "the run's conclusion is cancelled"],
    ["a fork's branch", { fork: true }, "the run is on a fork's branch"],
    [
      "a branch that is not appgen's",
      { branch: "feature/login" },
      "the run's branch 'feature/login' is not an appgen branch",
    ],
    [
      "another workflow",
      { path: ".github/workflows/release.yml" },
      "the run is of .github/workflows/release.yml, not .github/workflows/appgen-ci.yml",
    ],
  ])("ignores %s without a request", async (_name, options, reason) => {
    app = await testApp();
    githubApi();
    await receive(app, "workflow_run", workflowRunPayload({ headSha: "a".repeat(40), ...options }));
    expect(app.ignored()).toEqual(reason ? [reason] : []);
  });

  it("ignores a failure when limits.max_autofix is 0", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const github = githubApi();
    configFile(github, "limits:\n  max_autofix: 0\n");
    const { bodies } = openPull(github);
    branchCommits(github, repo);
    repo.intercept(["getContent"]);
    const before = head(repo);
    await receive(app, "workflow_run", workflowRunPayload({ headSha: before }));
    expect(app.logs.some((l) => l.reason === "auto-fix is off (limits.max_autofix is 0)")).toBe(true);
    expect(head(repo)).toBe(before);
    expect(bodies).toEqual([pullCard({ ...cardFromManifest(MANIFEST), check: "failing", autofixAttempts: 0 })]);
  });
});

describe("autofix.mode: self-hosted", () => {
  it("dispatches appgen-fix.yml on the branch with the attempt, and fixes nothing itself", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const github = githubApi();
    configFile(github, "autofix:\n  mode: self-hosted\n  runner_labels: [self-hosted, gpu]\n");
    openPull(github);
    branchCommits(github, repo);
    repo.intercept(["getContent"]);
    github.post(`${REPO_PATH}/actions/workflows/appgen-fix.yml/dispatches`).reply(204);
    const log = newCommentLog();
    progressComment(github, log);
    const before = head(repo);
    await receive(app, "workflow_run", workflowRunPayload({ headSha: before }));

    const dispatch = github.requests.find((r) => r.method === "POST");
    expect(dispatch?.operation?.operationId).toBe("actions/create-workflow-dispatch");
    expect(dispatch?.body).toEqual({ ref: BRANCH, inputs: { attempt: "1", failed_run_id: String(RUN_ID) } });
    expect(head(repo)).toBe(before);
    expect(log.edited[0]!.body).toContain(
      "appgen started [the fix workflow](https://github.com/Codertocat/Hello-World/actions/workflows/appgen-fix.yml) on your runner (attempt 1)",
    );
  });

  it("says what to do when GitHub cannot start the workflow (no appgen-fix.yml on the branch)", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const github = githubApi();
    configFile(github, "autofix:\n  mode: self-hosted\n");
    openPull(github);
    branchCommits(github, repo);
    github.post(`${REPO_PATH}/actions/workflows/appgen-fix.yml/dispatches`).reply(404, {
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
      status: "404",
    });
    const log = newCommentLog();
    progressComment(github, log);
    await receive(app, "workflow_run", workflowRunPayload({ headSha: head(repo) }));
    expect(log.edited[0]!.body).toContain(
      "GitHub could not start appgen-fix.yml on this branch (Not Found): the workflow is missing",
    );
  });

  it("at the maximum hands over without reading the run's diagnostics (they stay on the user's side)", async () => {
    app = await testApp();
    const repo = generatedRepo();
    for (const n of [1, 2])
      repo.commitAsPerson(
        BRANCH,
        { [`lib/fix-${n}.ts`]: "export {};\n" },
        stageMessage("fix", [`lib/fix-${n}.ts`], { "Appgen-Autofix": String(n) }),
      );
    const github = githubApi();
    configFile(github, "autofix:\n  mode: self-hosted\n");
    openPull(github);
    branchCommits(github, repo);
    const log = newCommentLog();
    labelPull(github, log);
    commentOn(github, log, PULL);
    progressComment(github, log);
    repo.intercept(["getContent"]);
    await receive(app, "workflow_run", workflowRunPayload({ headSha: head(repo) }));
    expect(log.labels).toHaveLength(1);
    expect(log.created[0]!.body).toContain("appgen found no diagnostic it could read; the run's log says what failed.");
  });
});

describe("the app card and the run store", () => {
  const RUN: RunRecord = {
    id: "delivery-generation",
    installationId: 1,
    repository: "Codertocat/Hello-World",
    repositoryUrl: "https://github.com/Codertocat/Hello-World",
    issueNumber: ISSUE,
    requestedBy: "Codertocat",
    trigger: "label",
    status: "done",
    queuedAt: "2025-06-01T11:58:00.000Z",
    startedAt: "2025-06-01T11:58:00.000Z",
    finishedAt: "2025-06-01T11:59:34.000Z",
    stages: [],
    tokens: 1_500,
    costUsd: 0.0123,
    app: cardFromManifest(MANIFEST),
    check: "pending",
    autofixAttempts: 0,
  };

  /** The generation's run in the store, and its card committed on the branch as the generation left it. */
  async function generatedWithCard(): Promise<MemoryRepo> {
    app = await testApp();
    await app.deps.runs.admit(RUN, {
      dayStart: "2025-06-01T00:00:00.000Z",
      generationsPerDay: 10,
      tokensPerDay: undefined,
    });
    const repo = generatedRepo();
    repo.commitAsPerson(
      BRANCH,
      { [CARD_PATH]: renderCardSvg(cardOfRun(RUN)!) },
      cardCommitMessage("generated, checks pending", manifestSha256(MANIFEST)),
    );
    return repo;
  }

  async function stored(): Promise<RunRecord> {
    return (await app!.deps.runs.get(RUN.id))!;
  }

  function success(repo: MemoryRepo) {
    return workflowRunPayload({
      conclusion: "success",
      headSha: head(repo),
      headMessage: repo.commits.get(head(repo))!.message,
    });
  }

  it("a success records 'checks passing' and shows it on the pull request's card, never in a commit; the next success costs only the screenshots lookup", async () => {
    const repo = await generatedWithCard();
    const before = head(repo);
    const github = githubApi();
    const bodies = failedRun(github, repo);
    screenshotsLookup(github, before);
    await receive(app!, "workflow_run", success(repo));

    expect((await stored()).check).toBe("passing");
    expect(head(repo)).toBe(before);
    expect(bodies).toEqual([pullCard(cardOfRun(await stored())!)]);
    expect(bodies[0]).toContain("🟢 checks passing");
    expect(bodies[0]).toContain("1,500");
    // The committed card stays what the generation wrote.
    expect(parsedSvg(repo.files(BRANCH).get(CARD_PATH)!).title).toBe(MANIFEST.name);
    expect(repo.files(BRANCH).get(CARD_PATH)).toContain("checks pending");

    // A re-run of the checks passes again: the store already says passing, so the card costs not one request; only
    // the run's screenshots are looked for (none were published).
    const again = githubApi();
    screenshotsLookup(again, before);
    await receive(app!, "workflow_run", success(repo));
    expect(head(repo)).toBe(before);
    expect(again.requests.map((r) => r.operation?.operationId)).toEqual(["pulls/list", "repos/get-content"]);
  });

  it("without the run store's record, a success draws the card from the branch's manifest", async () => {
    app = await testApp();
    const repo = generatedRepo();
    const before = head(repo);
    const github = githubApi();
    const bodies = failedRun(github, repo);
    screenshotsLookup(github, before);
    const git = repo.intercept(["getContent"]);
    await receive(app, "workflow_run", success(repo));
    expect(head(repo)).toBe(before);
    expect(git.requests.map((r) => r.path.split("/contents/")[1]?.split("?")[0])).toEqual(["appgen%2Fmanifest.json"]);
    expect(bodies).toEqual([pullCard({ ...cardFromManifest(MANIFEST), check: "passing", autofixAttempts: 0 })]);
  });

  it("counts fix attempts across card commits; the fix commit holds the fix only and the card shows the new count", async () => {
    const repo = await generatedWithCard();
    repo.commitAsPerson(
      BRANCH,
      { "lib/format.ts": FORMAT.replace("let", "const") },
      stageMessage("fix", ["lib/format.ts"], { "Appgen-Autofix": "1", "Appgen-Fixer": "deterministic" }),
    );
    await app!.deps.runs.update(RUN.id, { autofixAttempts: 1 });
    // A card commit an older appgen pushed after a fix: looked through, as every card commit is.
    repo.commitAsPerson(
      BRANCH,
      { [CARD_PATH]: renderCardSvg(cardOfRun(await stored())!) },
      cardCommitMessage("auto-fix attempt 1", manifestSha256(MANIFEST)),
    );
    // The run store knows the app, so the card needs no read of the manifest.
    const { git, bodies } = await fixOnce(
      repo,
      preferConst("lib/utils.ts", "result"),
      newCommentLog(),
      repo.intercept(FIX_ROUTES.filter((r) => r !== "getContent")),
    );

    const message = repo.log(BRANCH)[0]!;
    expect(parseTrailers(message)).toMatchObject({
      "Appgen-Stage": "fix",
      "Appgen-Autofix": "2",
      "Appgen-Manifest-Sha": manifestSha256(MANIFEST),
    });
    expect(await stored()).toMatchObject({ check: "pending", autofixAttempts: 2 });
    const tree = git.requests.find((r) => r.path.endsWith("/git/trees"))?.body as { tree: { path: string }[] };
    expect(tree.tree.map((entry) => entry.path)).toEqual(["lib/utils.ts"]);
    expect(bodies).toEqual([pullCard(cardOfRun(await stored())!)]);
    expect(bodies[0]).toMatch(/\| 2 \|$/m);
  });

  it("a hand-over records 'failing' and shows it on the pull request's card; the branch does not move", async () => {
    const repo = await generatedWithCard();
    for (const n of [1, 2])
      repo.commitAsPerson(
        BRANCH,
        { [`lib/fix-${n}.ts`]: "export {};\n" },
        stageMessage("fix", [`lib/fix-${n}.ts`], { "Appgen-Autofix": String(n) }),
      );
    const before = head(repo);
    const github = githubApi();
    const bodies = failedRun(github, repo);
    noArtifact(github);
    github
      .get(`${REPO_PATH}/actions/runs/${RUN_ID}/jobs`)
      .query({ filter: "latest", per_page: "100" })
      .reply(200, { total_count: 0, jobs: [] });
    const log = newCommentLog();
    labelPull(github, log);
    commentOn(github, log, PULL);
    progressComment(github, log);
    await receive(app!, "workflow_run", workflowRunPayload({ headSha: before }));

    expect(log.labels).toHaveLength(1);
    expect(await stored()).toMatchObject({ check: "failing", autofixAttempts: 2 });
    expect(head(repo)).toBe(before);
    expect(bodies).toEqual([pullCard(cardOfRun(await stored())!)]);
    expect(bodies[0]).toContain("🔴 checks failing");
  });
});

describe("screenshots of a passing run", () => {
  const RUN: RunRecord = {
    id: "delivery-generation",
    installationId: 1,
    repository: "Codertocat/Hello-World",
    repositoryUrl: "https://github.com/Codertocat/Hello-World",
    issueNumber: ISSUE,
    requestedBy: "Codertocat",
    trigger: "label",
    status: "done",
    queuedAt: "2025-06-01T11:58:00.000Z",
    startedAt: "2025-06-01T11:58:00.000Z",
    finishedAt: "2025-06-01T11:59:34.000Z",
    stages: [],
    tokens: 0,
    app: cardFromManifest(MANIFEST),
    check: "passing",
    autofixAttempts: 0,
  };
  const INDEX = JSON.stringify({
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
        name: "list-expenses",
        title: "Expenses <b>|</b> @team",
        path: "/expenses",
        desktop: "list-expenses-desktop.png",
        phone: "list-expenses-phone.png",
      },
    ],
  });

  /** An app whose checks already pass in the run store: a success then only looks for its pictures. */
  async function passingApp(): Promise<MemoryRepo> {
    app = await testApp();
    await app.deps.runs.admit(RUN, {
      dayStart: "2025-06-01T00:00:00.000Z",
      generationsPerDay: 10,
      tokensPerDay: undefined,
    });
    return generatedRepo();
  }

  const success = (sha: string) => workflowRunPayload({ conclusion: "success", headSha: sha, headMessage: "app" });

  it("puts the pictures the run published on appgen-screenshots into the progress comment, edited in place", async () => {
    const repo = await passingApp();
    const before = head(repo);
    const github = githubApi();
    screenshotsLookup(github, before, INDEX);
    const log = newCommentLog();
    progressComment(github, log);
    await receive(app!, "workflow_run", success(before));

    expect(log.created).toEqual([]);
    expect(log.edited).toHaveLength(1);
    const body = log.edited[0]!.body;
    expect(body.startsWith(PROGRESS_BODY.trimEnd())).toBe(true);
    const blob = `https://github.com/Codertocat/Hello-World/blob/appgen-screenshots/${PULL}/${before}`;
    expect(body).toContain("<!-- appgen:screenshots -->\n#### Screenshots\n");
    expect(body).toContain(
      `| Dashboard<br>/ | <a href="${blob}/dashboard-desktop.png"><img src="${blob}/dashboard-desktop.png?raw=true" alt="Dashboard, desktop" width="480"></a> | <a href="${blob}/dashboard-phone.png"><img src="${blob}/dashboard-phone.png?raw=true" alt="Dashboard, phone" width="160"></a> |`,
    );
    // The app's own titles are text: no HTML, no table cell break, no mention.
    expect(body).toContain("| Expenses &lt;b\\>\\|&lt;/b\\> @\u200bteam<br>/expenses |");
    expect(body).toContain('alt="Expenses &#60;b&#62;&#124;&#60;/b&#62; @team, desktop"');
    // As GitHub renders it: a table of two rows, three cells each, four pictures — the title broke nothing.
    const html = renderMarkdown(body);
    expect(html.match(/<img src="[^"]+\?raw=true"/g)).toHaveLength(4);
    expect(html.match(/<td>/g)).toHaveLength(6);
    expect(head(repo)).toBe(before);
  });

  it("shows nothing for a run of a commit that is no longer the pull request's head, nor without pictures", async () => {
    const repo = await passingApp();
    const older = head(repo);
    repo.commitAsPerson(BRANCH, { "lib/later.ts": "export {};\n" }, "a later push");
    const github = githubApi();
    github
      .get(`${REPO_PATH}/pulls`)
      .query({ head: `Codertocat:${BRANCH}`, state: "open", per_page: "1" })
      .reply(() => [
        200,
        [{ number: PULL, html_url: "x", body: "", labels: [], head: { ref: BRANCH, sha: head(repo) } }],
      ]);
    await receive(app!, "workflow_run", success(older));
    expect(
      app!.logs.some(
        (l) =>
          l.msg === "screenshots not shown" &&
          l.reason === `${older.slice(0, 7)} is no longer the head of #${PULL} (${head(repo).slice(0, 7)} is)`,
      ),
    ).toBe(true);

    screenshotsLookup(github, head(repo));
    await receive(app!, "workflow_run", success(head(repo)));
    expect(app!.logs.some((l) => l.reason === `appgen-screenshots has no ${PULL}/${head(repo)}/index.json`)).toBe(true);
  });

  it("refuses an index that does not match its schema, and says why in the log", async () => {
    const repo = await passingApp();
    const github = githubApi();
    screenshotsLookup(
      github,
      head(repo),
      JSON.stringify({
        version: 1,
        pages: [{ name: "x", title: "X", path: "/", desktop: "../x.png", phone: "x.png" }],
      }),
    );
    await receive(app!, "workflow_run", success(head(repo)));
    expect(app!.logs.find((l) => l.msg === "screenshots not shown: their index is invalid")?.problem).toMatch(
      /^index\.json does not match schemas\/screenshots\.schema\.json: \/pages\/0\/desktop must match pattern/,
    );
  });
});
