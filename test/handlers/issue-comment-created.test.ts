import { afterEach, describe, expect, it } from "vitest";
import { CARD_PATH } from "../../app/core/card.ts";
import { parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import nock from "nock";
import { githubApi, takeGitHubViolations, useGitHubApi, type GitHubApi } from "../helpers/github-api.ts";
import {
  announce,
  FULL_RUN,
  labeledRunMocks,
  commentPayload,
  configFile,
  labeledPayload,
  MemoryRepo,
  newSide,
  noConfig,
  permission,
  pullGet,
  REPO_PATH,
  testApp,
  type IssueSide,
  type TestApp,
} from "./harness.ts";

useGitHubApi();

const BRANCH = "appgen/issue-7";
const RESUME = ["getRef", "listTree", "getBlob", "createTree", "createCommit", "updateRef"] as const;
let app: TestApp | undefined;

afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

/** Runs a first generation for issue 7 (PR #8), then clears every mock so the test starts from that repository. */
async function generated(): Promise<{ repo: MemoryRepo; side: IssueSide }> {
  app = await testApp();
  const { github, repo, side, git } = labeledRunMocks();
  await app.receive("issues", labeledPayload());
  await app.deps.queue.drain();
  expect(side.edits[0]?.body).toContain("### Generated the app");
  resetMocks(git);
  return { repo, side: newSide() };
}

/** Between two phases of one test: no violation so far, every one-off mock used, then a clean slate. */
function resetMocks(git: GitHubApi): void {
  expect(takeGitHubViolations()).toEqual([]);
  expect(nock.pendingMocks().filter((m) => !git.pendingMocks().includes(m))).toEqual([]);
  nock.cleanAll();
}

function regenerateMocks(side: IssueSide, options: { pullUpdate?: boolean } = {}) {
  const github = githubApi();
  noConfig(github);
  pullGet(github);
  permission(github, "Codertocat", "write");
  announce(github, side, { on: "comment", issue: 8, edits: 1 });
  if (options.pullUpdate) {
    github.patch("/repos/Codertocat/Hello-World/pulls/8").reply((_uri, body: any) => {
      side.pulls.push(body);
      return [200, { number: 8, html_url: "https://github.com/Codertocat/Hello-World/pull/8" }];
    });
  }
  return github;
}

describe("/regenerate", () => {
  it("re-plans with the instructions and commits only what changed", async () => {
    const { repo, side } = await generated();
    const before = repo.log(BRANCH).length;
    const filesBefore = repo.files(BRANCH);
    regenerateMocks(side, { pullUpdate: true });
    repo.intercept([...RESUME, "getContent"]);

    await app!.receive("issue_comment", commentPayload({ body: "/regenerate add a priority field to deals" }));
    await app!.deps.queue.drain();

    expect(side.reactions).toEqual(["eyes"]);
    expect(side.comments[0]).toMatchObject({ issue: 8 });
    const final = side.edits[0]!.body;
    expect(final).toContain("### Regenerated the app");
    expect(final).toContain("> /regenerate add a priority field to deals");
    const manifest = JSON.parse(repo.files(BRANCH).get("appgen/manifest.json")!);
    const deal = manifest.entities.find((e: { name: string }) => e.name === "deal");
    expect(deal.fields.map((f: { name: string }) => f.name)).toContain("priority");
    const added = repo.log(BRANCH).slice(0, repo.log(BRANCH).length - before);
    expect(added.map((m) => parseTrailers(m)["Appgen-Stage"])[added.length - 1]).toBe("plan");
    // A new field changes no fact on the card (same counts, same offline planner): the card is read, not committed.
    expect(added.filter((m) => parseTrailers(m)["Appgen-Stage"] === "card")).toEqual([]);
    expect(repo.files(BRANCH).get(CARD_PATH)).toBe(filesBefore.get(CARD_PATH));
    const changed = [...repo.files(BRANCH)]
      .filter(([path, content]) => filesBefore.get(path) !== content)
      .map(([path]) => path);
    expect(changed).toContain("appgen/manifest.json");
    expect(changed.length).toBeLessThan(filesBefore.size / 2);
    expect(side.pulls[0]?.body).toContain("Closes #7");
  });

  it("an identical /regenerate commits nothing and says so", async () => {
    const { repo, side } = await generated();
    const head = repo.refs.get(BRANCH);
    const [generation] = await app!.deps.runs.list();
    await app!.deps.runs.update(generation!.id, { check: "passing", autofixAttempts: 1 });
    regenerateMocks(side);
    repo.intercept(["getRef", "listTree", "getBlob"]);
    await app!.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    await app!.deps.queue.drain();
    expect(repo.refs.get(BRANCH)).toBe(head);
    expect(side.edits[0]?.body).toContain("Nothing changed");
    // The app did not change, so the new run carries its checks and fixes over.
    const [latest] = await app!.deps.runs.list();
    expect(latest).toMatchObject({
      trigger: "regenerate",
      status: "done",
      check: "passing",
      autofixAttempts: 1,
      app: generation!.app,
    });
    expect(latest?.id).not.toBe(generation!.id);
  });

  it("keeps a file a person committed on the branch, and lists it", async () => {
    const { repo, side } = await generated();
    const page = "appgen/openapi.json";
    repo.commitAsPerson(BRANCH, {
      [page]: '{ "openapi": "3.1.0", "info": { "title": "mine", "version": "1" }, "paths": {} }\n',
    });
    regenerateMocks(side, { pullUpdate: true });
    repo.intercept([...RESUME, "getContent"]);
    await app!.receive("issue_comment", commentPayload({ body: "/regenerate add a priority field to deals" }));
    await app!.deps.queue.drain();
    expect(repo.files(BRANCH).get(page)).toContain("mine");
    expect(repo.log(BRANCH)).toContain("hand edit");
    const final = side.edits[0]!.body;
    expect(final).toContain("### Regenerated the app");
    expect(final).toContain(`- \`${page}\` (edited by a person)`);
  });

  it("ignores a reader", async () => {
    app = await testApp();
    const github = githubApi();
    noConfig(github);
    pullGet(github);
    permission(github, "Codertocat", "read");
    await app.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    expect(app.ignored()).toEqual(["the sender's permission is read; write, maintain or admin is needed"]);
  });

  it.each([
    ["an edited comment", commentPayload({ body: "/regenerate", action: "edited" }), []],
    [
      "a comment on an issue",
      commentPayload({ body: "/regenerate", onIssue: true }),
      ["a comment on an issue, not on a pull request"],
    ],
    [
      "a bot",
      commentPayload({ body: "/regenerate", sender: { login: "appgen[bot]", type: "Bot" } }),
      ["the sender is a bot"],
    ],
    ["a comment without a command", commentPayload({ body: "Nice work!" }), []],
  ])("ignores %s without a request", async (_name, payload, reasons) => {
    app = await testApp();
    githubApi();
    await app.receive("issue_comment", payload);
    expect(app.ignored()).toEqual(reasons);
  });

  it("ignores another pull request and a fork", async () => {
    app = await testApp();
    const github = githubApi();
    noConfig(github, 2);
    pullGet(github, { head: "feature/login" });
    await app.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    pullGet(github, { fork: true });
    await app.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    expect(app.ignored()).toEqual([
      "the pull request's branch 'feature/login' is not an appgen branch",
      "the pull request comes from a fork",
    ]);
  });

  it("resumes a run that failed with a GitHub 500", async () => {
    app = await testApp();
    const { github, repo, side, git } = labeledRunMocks(
      FULL_RUN.filter((r) => r !== "getContent" && r !== "putContent"),
    );
    let trees = 0;
    git.on("request", (req: { method: string; path: string }) => {
      if (req.method === "POST" && req.path.endsWith("/git/trees") && ++trees === 3)
        repo.failures.set("createTree", [500]);
    });
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();
    expect(side.edits[0]?.body).toContain("GitHub answered 500");
    resetMocks(git);

    const retry = newSide();
    regenerateMocks(retry);
    repo.intercept([...RESUME, "getContent", "putContent"]);
    await app.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    await app.deps.queue.drain();
    const stages = repo.log(BRANCH).map((m) => parseTrailers(m)["Appgen-Stage"]);
    expect(stages.slice(0, 6)).toEqual(["card", "files", "ui", "api", "db", "plan"]);
    expect(retry.edits[0]?.body).toContain("### Regenerated the app");
    expect(retry.edits[0]?.body).toMatch(/- \[x\] ✅ Plan the manifest .* — unchanged/);
  });
});

describe("/regenerate before any manifest was committed", () => {
  /** PR #8 on appgen/issue-7, whose branch holds no manifest yet: the run re-reads issue 7 (edited since the label). */
  function mocks(issueBody: string) {
    const github = githubApi();
    const repo = new MemoryRepo();
    const side = newSide();
    configFile(github, "limits:\n  max_issue_bytes: 200\n");
    pullGet(github);
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "comment", issue: 8, edits: 1 });
    github.get(`${REPO_PATH}/issues/7`).reply(200, labeledPayload({ body: issueBody }).issue);
    return { github, repo, side };
  }

  it("refuses an issue edited beyond limits.max_issue_bytes with the label's refusal, and commits nothing", async () => {
    app = await testApp();
    const { repo, side } = mocks("x".repeat(500));
    repo.intercept(["getRef", "listTree"]);
    await app.receive("issue_comment", commentPayload({ body: "/regenerate add a priority field" }));
    await app.deps.queue.drain();

    expect(repo.refs.has(BRANCH)).toBe(false);
    const final = side.edits[0]!.body;
    expect(final).toContain("### Regenerating the app failed");
    expect(final).toContain(
      "INPUT_TOO_LARGE: appgen did not run: this issue is 528 bytes and the limit is 200 bytes. Describe the app more briefly (or raise `limits.max_issue_bytes` in `.github/appgen.yml`), then comment `/regenerate` again.",
    );
    const [run] = await app.deps.runs.list();
    expect(run).toMatchObject({ status: "failed", error: { code: "INPUT_TOO_LARGE" }, tokens: 0 });
  });

  it("plans from the re-read issue when it fits", async () => {
    app = await testApp();
    const { github, repo, side } = mocks("Track books and loans.");
    github
      .patch(`${REPO_PATH}/pulls/8`)
      .reply(() => [200, { number: 8, html_url: "https://github.com/Codertocat/Hello-World/pull/8" }]);
    repo.intercept([...FULL_RUN]);
    await app.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    await app.deps.queue.drain();

    expect(side.edits[0]?.body).toContain("### Regenerated the app");
    expect(JSON.parse(repo.files(BRANCH).get("appgen/manifest.json")!).prompt).toBe(
      "A CRM for a small sales team\n\nTrack books and loans.",
    );
  });
});
