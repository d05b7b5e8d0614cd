// The fake GitHub driven by real clients (octokit's App and Octokit, Probot pointed at it as a GHES host,
// @octokit/webhooks receiving its deliveries), checked against the git repository it keeps.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, generateKeyPairSync } from "node:crypto";
import { createNodeMiddleware, Webhooks } from "@octokit/webhooks";
import { App, Octokit } from "octokit";
import { createProbot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendWebhook, startFakeGitHub, type FakeGitHub } from "./index.ts";

const OWNER = "acme";
const REPO = "shop";
const repo = { owner: OWNER, repo: REPO };

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({ owner: OWNER, repo: REPO });
});

afterEach(async () => {
  await fake.stop();
});

const NoRetryOctokit = Octokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });

function githubApp(privateKey = fake.privateKey, appId = fake.appId): App {
  return new App({ appId, privateKey, Octokit: NoRetryOctokit.defaults({ baseUrl: fake.apiUrl }) });
}

function installationOctokit(): Promise<Octokit> {
  return githubApp().getInstallationOctokit(fake.installationId);
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; data: { message: string; errors?: { message?: string; field?: string }[] } }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as { status: number; response: { data: { message: string } } };
    return { status, data: response.data };
  }
  throw new Error("expected the request to fail");
}

function expectNoViolations(): void {
  expect(fake.violations).toEqual([]);
}

describe("Git Data API on a real repository", () => {
  it("commits one tree (inline content, a deletion) on top of the branch and moves it: git log shows the commit", async () => {
    const octokit = await installationOctokit();
    const ref = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    const base = await octokit.rest.git.getCommit({ ...repo, commit_sha: ref.data.object.sha });
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: "appgen/manifest.json", mode: "100644", type: "blob", content: '{"name":"shop"}\n' },
        { path: "README.md", mode: "100644", type: "blob", sha: null },
      ],
    });
    const message = "appgen: plan the manifest\n\nAppgen-Stage: plan\nAppgen-Manifest-Sha: 1234\n";
    const commit = await octokit.rest.git.createCommit({
      ...repo,
      message,
      tree: tree.data.sha,
      parents: [base.data.sha],
    });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/appgen/issue-1", sha: commit.data.sha });

    expect(await fake.git(["log", "--format=%H%n%P%n%an <%ae>%n%B", "-1", "appgen/issue-1"])).toBe(
      `${commit.data.sha}\n${base.data.sha}\n${fake.botLogin} <${fake.state.user(fake.botLogin).id}+${fake.botLogin}@users.noreply.github.com>\n${message}\n`,
    );
    expect((await fake.git(["ls-tree", "-r", "--name-only", "appgen/issue-1"])).split("\n").filter(Boolean)).toEqual([
      "appgen/manifest.json",
    ]);
    const checkout = await fake.checkout("appgen/issue-1");
    expect(await readFile(`${checkout}/appgen/manifest.json`, "utf8")).toBe('{"name":"shop"}\n');

    const listed = await octokit.rest.git.getTree({ ...repo, tree_sha: "appgen/issue-1", recursive: "1" });
    expect(listed.data.tree.map((e) => [e.path, e.type])).toEqual([
      ["appgen", "tree"],
      ["appgen/manifest.json", "blob"],
    ]);
    const read = await octokit.rest.git.getCommit({ ...repo, commit_sha: commit.data.sha });
    expect(read.data.message).toBe(message);
    expect(read.data.html_url).toBe(`${fake.url}/${OWNER}/${REPO}/commit/${commit.data.sha}`);
    const history = await octokit.rest.repos.listCommits({ ...repo, sha: "appgen/issue-1" });
    expect(history.data.map((c) => [c.sha, c.commit.message, c.author?.login])).toEqual([
      [commit.data.sha, message.trimEnd(), fake.botLogin],
      [base.data.sha, "Initial commit", OWNER],
    ]);
    expect((await octokit.rest.repos.getCommit({ ...repo, ref: "appgen/issue-1" })).data.sha).toBe(commit.data.sha);

    const nextTree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: tree.data.sha,
      tree: [{ path: "appgen/openapi.json", mode: "100644", type: "blob", content: "{}\n" }],
    });
    const next = await octokit.rest.git.createCommit({
      ...repo,
      message: "appgen: api\n",
      tree: nextTree.data.sha,
      parents: [commit.data.sha],
    });
    const moved = await octokit.rest.git.updateRef({
      ...repo,
      ref: "heads/appgen/issue-1",
      sha: next.data.sha,
      force: false,
    });
    expect(moved.data).toMatchObject({
      ref: "refs/heads/appgen/issue-1",
      object: { sha: next.data.sha, type: "commit" },
    });
    expect(await fake.branchHead("appgen/issue-1")).toBe(next.data.sha);
    expectNoViolations();
  });

  it("stores blobs by content and serves them base64-encoded", async () => {
    const octokit = await installationOctokit();
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    const created = await octokit.rest.git.createBlob({
      ...repo,
      content: bytes.toString("base64"),
      encoding: "base64",
    });
    expect(created.data.sha).toBe(
      createHash("sha1")
        .update(Buffer.concat([Buffer.from("blob 5\0"), bytes]))
        .digest("hex"),
    );
    expect(await fake.git(["cat-file", "-s", created.data.sha])).toBe("5\n");
    const fetched = await octokit.rest.git.getBlob({ ...repo, file_sha: created.data.sha });
    expect(Buffer.from(fetched.data.content, "base64")).toEqual(bytes);
    expectNoViolations();
  });

  it("rejects a non-fast-forward update with 422 and keeps the commit a person pushed; force moves it", async () => {
    const octokit = await installationOctokit();
    const start = (await fake.branchHead("main")) as string;
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: (await fake.git(["rev-parse", `${start}^{tree}`])).trim(),
      tree: [{ path: "a.txt", mode: "100644", type: "blob", content: "a\n" }],
    });
    const appgenCommit = await octokit.rest.git.createCommit({
      ...repo,
      message: "appgen\n",
      tree: tree.data.sha,
      parents: [start],
    });
    const human = await fake.pushAsHuman({
      branch: "main",
      files: { "notes.md": "mine\n" },
      message: "A person's commit\n",
      author: "alice",
    });

    const rejected = await failure(
      octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: appgenCommit.data.sha, force: false }),
    );
    expect(rejected).toMatchObject({ status: 422, data: { message: "Update is not a fast forward" } });
    expect(await fake.branchHead("main")).toBe(human);
    expect(await fake.git(["log", "-1", "--format=%an %s", "main"])).toBe("alice A person's commit\n");

    await octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: appgenCommit.data.sha, force: true });
    expect(await fake.branchHead("main")).toBe(appgenCommit.data.sha);
    expectNoViolations();
  });

  it.each([
    [
      "deleting a path that is not in the base tree",
      { path: "missing.txt", mode: "100644", type: "blob", sha: null },
      "GitRPC::BadObjectState",
    ],
    [
      "both sha and content",
      { path: "a.txt", mode: "100644", type: "blob", sha: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", content: "x" },
      "Must supply either tree.sha or tree.content. Request will be rejected if both are present.",
    ],
    [
      "a path that climbs out of the tree",
      { path: "../etc/passwd", mode: "100644", type: "blob", content: "x" },
      "tree.path contains a malformed path component",
    ],
    [
      "a blob that does not exist",
      { path: "a.txt", mode: "100644", type: "blob", sha: "1".repeat(40) },
      `tree.sha ${"1".repeat(40)} is not a valid blob`,
    ],
  ] as const)("rejects a tree with %s (422)", async (_, entry, message) => {
    const octokit = await installationOctokit();
    const baseTree = (await fake.git(["rev-parse", "main^{tree}"])).trim();
    const rejected = await failure(octokit.rest.git.createTree({ ...repo, base_tree: baseTree, tree: [{ ...entry }] }));
    expect(rejected).toMatchObject({ status: 422, data: { message } });
    expectNoViolations();
  });

  it("refuses to create a branch twice or from a commit that does not exist", async () => {
    const octokit = await installationOctokit();
    const head = (await fake.branchHead("main")) as string;
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/feature", sha: head });
    expect(await failure(octokit.rest.git.createRef({ ...repo, ref: "refs/heads/feature", sha: head }))).toMatchObject({
      status: 422,
      data: { message: "Reference already exists" },
    });
    expect(
      await failure(octokit.rest.git.createRef({ ...repo, ref: "refs/heads/other", sha: "2".repeat(40) })),
    ).toMatchObject({ status: 422, data: { message: "Object does not exist" } });
    expect(await failure(octokit.rest.git.getRef({ ...repo, ref: "heads/nope" }))).toMatchObject({ status: 404 });
    const matching = await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/f" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/feature"]);
    expectNoViolations();
  });
});

describe("issues, comments, reactions and labels", () => {
  it("creates, edits, lists page by page and deletes comments, with URLs on the fake host", async () => {
    const octokit = await installationOctokit();
    const issue = fake.createIssue({ title: "A shop", body: "Sell things" });
    const first = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number as number,
      body: "Working on it",
    });
    expect(first.data.html_url).toBe(
      `${fake.url}/${OWNER}/${REPO}/issues/${String(issue.number)}#issuecomment-${first.data.id}`,
    );
    expect(first.data.user?.login).toBe(fake.botLogin);

    const edited = await octokit.rest.issues.updateComment({ ...repo, comment_id: first.data.id, body: "- [x] plan" });
    expect(edited.data.body).toBe("- [x] plan");
    for (let i = 0; i < 34; i += 1)
      await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number as number, body: `comment ${i}` });
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issue.number as number,
      per_page: 10,
    });
    expect(all).toHaveLength(35);
    expect(all[0]?.body).toBe("- [x] plan");
    expect(fake.requests.filter((r) => r.operationId === "issues/list-comments")).toHaveLength(4);

    await octokit.rest.issues.deleteComment({ ...repo, comment_id: first.data.id });
    expect(await failure(octokit.rest.issues.getComment({ ...repo, comment_id: first.data.id }))).toMatchObject({
      status: 404,
    });
    expect((await octokit.rest.issues.get({ ...repo, issue_number: issue.number as number })).data.comments).toBe(34);
    expectNoViolations();
  });

  it("rejects a comment longer than GitHub's 65536 characters", async () => {
    const octokit = await installationOctokit();
    const issue = fake.createIssue({ title: "A shop" });
    const rejected = await failure(
      octokit.rest.issues.createComment({ ...repo, issue_number: issue.number as number, body: "x".repeat(65_537) }),
    );
    expect(rejected.status).toBe(422);
    expect(rejected.data.errors?.[0]?.message).toContain("65536");
    expectNoViolations();
  });

  it("adds a reaction once (201, then 200 for the same one) and labels an issue", async () => {
    const octokit = await installationOctokit();
    const issue = fake.createIssue({ title: "A shop" });
    const number = issue.number as number;
    expect(
      (await octokit.rest.reactions.createForIssue({ ...repo, issue_number: number, content: "eyes" })).status,
    ).toBe(201);
    expect(
      (await octokit.rest.reactions.createForIssue({ ...repo, issue_number: number, content: "eyes" })).status,
    ).toBe(200);
    const labels = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: ["generate", "appgen"],
    });
    expect(labels.data.map((l) => l.name)).toEqual(["generate", "appgen"]);
    const read = await octokit.rest.issues.get({ ...repo, issue_number: number });
    expect(read.data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["generate", "appgen"]);
    expect(read.data.reactions?.eyes).toBe(1);
    expectNoViolations();
  });

  it("adds a reaction to a comment once and counts it on the comment, not on its issue", async () => {
    const octokit = await installationOctokit();
    const issue = fake.createIssue({ title: "A shop" });
    const number = issue.number as number;
    const { data: posted } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: "/regenerate",
    });
    expect(
      (await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: posted.id, content: "eyes" })).status,
    ).toBe(201);
    expect(
      (await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: posted.id, content: "eyes" })).status,
    ).toBe(200);
    const listed = await octokit.rest.reactions.listForIssueComment({ ...repo, comment_id: posted.id });
    expect(listed.data.map((r) => r.content)).toEqual(["eyes"]);
    expect((await octokit.rest.issues.getComment({ ...repo, comment_id: posted.id })).data.reactions?.eyes).toBe(1);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: number })).data.reactions?.eyes).toBe(0);
    expectNoViolations();
  });

  it.each([
    ["the owner", OWNER, undefined, "admin", "admin"],
    ["a writer", "wendy", "write", "write", "write"],
    ["a maintainer (legacy permission says write)", "max", "maintain", "write", "maintain"],
    ["a triager (legacy permission says read)", "tina", "triage", "read", "triage"],
    ["anyone else on a public repository", "rita", undefined, "read", "read"],
  ] as const)("reports the permission of %s", async (_, login, granted, permission, roleName) => {
    if (granted) fake.setPermission(login, granted);
    const octokit = await installationOctokit();
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    expect([data.permission, data.role_name, data.user?.login]).toEqual([permission, roleName, login]);
    expectNoViolations();
  });
});

describe("pull requests", () => {
  async function branchWithCommit(octokit: Octokit, branch: string): Promise<string> {
    const head = (await fake.branchHead("main")) as string;
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: head });
    return fake.pushAsHuman({ branch, files: { "app.txt": "v1\n" }, message: "work\n" });
  }

  it("opens a draft pull request once: a second one for the same head is 422 'already exists'", async () => {
    const octokit = await installationOctokit();
    const issue = fake.createIssue({ title: "A shop" });
    const headSha = await branchWithCommit(octokit, "appgen/issue-1");
    const opened = await octokit.rest.pulls.create({
      ...repo,
      head: "appgen/issue-1",
      base: "main",
      title: "A shop",
      body: `Closes #${String(issue.number)}`,
      draft: true,
    });
    expect(opened.status).toBe(201);
    expect(opened.data).toMatchObject({
      number: 2,
      draft: true,
      state: "open",
      head: { ref: "appgen/issue-1", sha: headSha },
      base: { ref: "main" },
      commits: 1,
      changed_files: 1,
    });
    expect(opened.data.html_url).toBe(`${fake.url}/${OWNER}/${REPO}/pull/2`);

    const again = await failure(
      octokit.rest.pulls.create({ ...repo, head: "appgen/issue-1", base: "main", title: "A shop" }),
    );
    expect(again.status).toBe(422);
    expect(again.data.errors?.[0]?.message).toBe(`A pull request already exists for ${OWNER}:appgen/issue-1.`);

    const later = await fake.pushAsHuman({ branch: "appgen/issue-1", files: { "app.txt": "v2\n" }, message: "more\n" });
    const found = await octokit.rest.pulls.list({ ...repo, head: `${OWNER}:appgen/issue-1`, state: "open" });
    expect(found.data.map((p) => [p.number, p.head.sha])).toEqual([[2, later]]);
    const asIssue = await octokit.rest.issues.get({ ...repo, issue_number: 2 });
    expect(asIssue.data.pull_request?.html_url).toBe(opened.data.html_url);
    expectNoViolations();
  });

  it("filters by head only in owner:branch form, as GitHub does", async () => {
    const octokit = await installationOctokit();
    await branchWithCommit(octokit, "one");
    await branchWithCommit(octokit, "two");
    await octokit.rest.pulls.create({ ...repo, head: "one", base: "main", title: "one" });
    await octokit.rest.pulls.create({ ...repo, head: "two", base: "main", title: "two" });
    expect((await octokit.rest.pulls.list({ ...repo, head: `${OWNER}:two` })).data.map((p) => p.title)).toEqual([
      "two",
    ]);
    expect((await octokit.rest.pulls.list({ ...repo, head: "two" })).data.map((p) => p.title)).toEqual(["two", "one"]);
    expectNoViolations();
  });

  it("refuses a pull request without commits or from a missing branch, and edits title, body and state", async () => {
    const octokit = await installationOctokit();
    await octokit.rest.git.createRef({
      ...repo,
      ref: "refs/heads/empty",
      sha: (await fake.branchHead("main")) as string,
    });
    const empty = await failure(octokit.rest.pulls.create({ ...repo, head: "empty", base: "main", title: "nothing" }));
    expect(empty.data.errors?.[0]?.message).toBe("No commits between main and empty");
    expect(
      await failure(octokit.rest.pulls.create({ ...repo, head: "ghost", base: "main", title: "ghost" })),
    ).toMatchObject({ status: 422, data: { errors: [{ field: "head" }] } });

    await branchWithCommit(octokit, "feature");
    const opened = await octokit.rest.pulls.create({ ...repo, head: "feature", base: "main", title: "Feature" });
    const updated = await octokit.rest.pulls.update({
      ...repo,
      pull_number: opened.data.number,
      body: "Closes #1",
      state: "closed",
    });
    expect([updated.data.body, updated.data.state]).toEqual(["Closes #1", "closed"]);
    expect((await octokit.rest.pulls.list({ ...repo, state: "open" })).data).toEqual([]);
    expectNoViolations();
  });
});

describe("contract with GitHub's REST description", () => {
  it("records a misspelt body field, an unknown query parameter and an unknown route as violations", async () => {
    const octokit = await installationOctokit();
    const baseTree = (await fake.git(["rev-parse", "main^{tree}"])).trim();
    await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
      ...repo,
      bse_tree: baseTree,
      tree: [{ path: "a", mode: "100644", type: "blob", content: "a" }],
    });
    await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...repo, haed: "acme:x" });
    await failure(octokit.request("GET /repos/{owner}/{repo}/pull-requests", repo));
    await failure(
      octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
        ...repo,
        ref: "heads/main",
        sha: 42 as unknown as string,
      }),
    );

    expect(fake.violations.map((v) => [v.kind, v.message])).toEqual([
      ["request", 'body has unknown field "bse_tree"'],
      [
        "request",
        'query parameter "haed" is not a parameter of pulls/list (known: state, head, base, sort, direction, per_page, page)',
      ],
      ["unknown-route", `GET /repos/${OWNER}/${REPO}/pull-requests is not an operation of GitHub's REST API`],
      ["request", "body/sha must be string"],
    ]);
    expect(fake.requests[fake.requests.length - 4]?.violations).toEqual(['body has unknown field "bse_tree"']);
  });

  it("answers the next matching requests with an injected failure, then serves normally", async () => {
    const octokit = await installationOctokit();
    fake.failNext({ method: "PATCH", path: /\/git\/refs\/heads\/main$/, status: 502, times: 2 });
    const head = (await fake.branchHead("main")) as string;
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/side", sha: head });
    const side = await fake.pushAsHuman({ branch: "side", files: { "x.txt": "x" }, message: "x\n" });

    for (const attempt of [1, 2]) {
      expect(
        await failure(octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: side })),
        `attempt ${attempt}`,
      ).toMatchObject({ status: 502 });
    }
    expect(await fake.branchHead("main")).toBe(head);
    expect(fake.pendingFailures()).toBe(0);
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: side });
    expect(await fake.branchHead("main")).toBe(side);
    expect(fake.requests.filter((r) => r.injected).map((r) => r.status)).toEqual([502, 502]);
    expectNoViolations();
  });
});

describe("App authentication", () => {
  it("exchanges the App's JWT for an installation token and uses it for repository requests", async () => {
    const app = githubApp();
    const { data: installation } = await app.octokit.rest.apps.getRepoInstallation(repo);
    expect(installation).toMatchObject({ id: fake.installationId, app_id: fake.appId, account: { login: OWNER } });
    const octokit = await app.getInstallationOctokit(installation.id);
    await octokit.rest.repos.get(repo);
    expect(fake.requests.map((r) => [r.operationId, r.auth, r.status])).toEqual([
      ["apps/get-repo-installation", "app", 200],
      ["apps/create-installation-access-token", "app", 201],
      ["repos/get", "installation", 200],
    ]);
    expectNoViolations();
  });

  it.each([
    [
      "a JWT signed with another key",
      () =>
        generateKeyPairSync("rsa", { modulusLength: 2048 })
          .privateKey.export({ type: "pkcs1", format: "pem" })
          .toString(),
      undefined,
    ],
    ["a JWT for another App id", undefined, 999],
  ])("rejects %s with 401", async (_, otherKey, otherAppId) => {
    const app = githubApp(otherKey ? otherKey() : fake.privateKey, otherAppId ?? fake.appId);
    expect(await failure(app.octokit.rest.apps.getAuthenticated())).toMatchObject({ status: 401 });
    expect(
      await failure(app.getInstallationOctokit(fake.installationId).then((o) => o.rest.repos.get(repo))),
    ).toMatchObject({ status: 401 });
    expect(fake.requests.map((r) => [r.operationId, r.auth])).toEqual([
      ["apps/get-authenticated", "invalid"],
      ["apps/create-installation-access-token", "invalid"],
    ]);
  });

  it("refuses repository requests without a token and App endpoints with an installation token", async () => {
    const anonymous = new NoRetryOctokit({ baseUrl: fake.apiUrl });
    expect(await failure(anonymous.rest.repos.get(repo))).toMatchObject({
      status: 401,
      data: { message: "Requires authentication" },
    });
    // Octokit's App auth switches to the JWT for /app routes by itself, so the token goes over plain fetch.
    const { token } = (await (await installationOctokit()).auth({ type: "installation" })) as { token: string };
    const response = await fetch(`${fake.apiUrl}/app`, { headers: { authorization: `token ${token}` } });
    expect(response.status).toBe(401);
  });
});

describe("Probot pointed at the fake as a GitHub Enterprise Server", () => {
  it("authenticates through GHE_HOST and reads config, falling back to the org's .github repository (404)", async () => {
    await fake.pushAsHuman({ branch: "main", files: { ".github/appgen.yml": "label: build\n" }, message: "config\n" });
    const probot = createProbot({
      env: {
        GHE_HOST: fake.host,
        GHE_PROTOCOL: "http",
        APP_ID: String(fake.appId),
        PRIVATE_KEY: fake.privateKey,
        WEBHOOK_SECRET: "secret",
        LOG_LEVEL: "fatal",
      },
      overrides: {
        Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
          ...o,
          retry: { enabled: false },
          throttle: { ...(o.throttle as object), enabled: false },
        })),
      },
    });
    const octokit = await probot.auth(fake.installationId);
    const present = await octokit.config.get({ ...repo, path: ".github/appgen.yml" });
    expect(present.config).toEqual({ label: "build" });
    const absent = await octokit.config.get({ ...repo, path: ".github/other.yml" });
    expect(absent.config).toEqual({});
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST /app/installations/${fake.installationId}/access_tokens 201`,
      `GET /repos/${OWNER}/${REPO}/contents/.github/appgen.yml 200`,
      `GET /repos/${OWNER}/${REPO}/contents/.github/other.yml 404`,
      `GET /repos/${OWNER}/.github/contents/.github/other.yml 404`,
    ]);
    expectNoViolations();
  });
});

describe("webhook deliveries", () => {
  let receiver: Server | undefined;

  afterEach(async () => {
    if (receiver) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    receiver = undefined;
  });

  async function startReceiver(
    secret: string,
  ): Promise<{ url: string; received: { id: string; name: string; payload: unknown }[] }> {
    const webhooks = new Webhooks({ secret });
    const received: { id: string; name: string; payload: unknown }[] = [];
    webhooks.onAny((event) => {
      received.push({ id: event.id, name: event.name, payload: event.payload });
    });
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    receiver = createServer(createNodeMiddleware(webhooks, { path: "/hooks", log: quiet }));
    await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, received };
  }

  it("signs deliveries so @octokit/webhooks accepts them, and a wrong secret is refused", async () => {
    const { url, received } = await startReceiver("s3cret");
    const issue = fake.createIssue({ title: "A shop" });
    const payload = fake.payloads.issuesLabeled({
      issueNumber: issue.number as number,
      label: "generate",
      sender: OWNER,
    });
    const delivered = await sendWebhook({ url, secret: "s3cret", event: "issues", payload, deliveryId: "d-1" });
    expect(delivered.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      id: "d-1",
      name: "issues",
      payload: {
        action: "labeled",
        label: { name: "generate" },
        issue: { number: issue.number },
        installation: { id: fake.installationId },
      },
    });

    const forged = await sendWebhook({ url, secret: "s3cret", signWith: "guess", event: "issues", payload });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(received).toHaveLength(1);
  });

  it("builds payloads after changing the fake's state, as GitHub does", async () => {
    const octokit = await installationOctokit();
    const issue = fake.createIssue({ title: "A shop" });
    const number = issue.number as number;
    const labelled = fake.payloads.issuesLabeled({ issueNumber: number });
    expect(labelled).toMatchObject({
      repository: { full_name: `${OWNER}/${REPO}`, html_url: `${fake.url}/${OWNER}/${REPO}` },
      sender: { login: OWNER },
    });
    const created = fake.payloads.issueComment({
      issueNumber: number,
      body: "/regenerate add a price",
      sender: "wendy",
    });
    const edited = fake.payloads.issueComment({
      issueNumber: number,
      body: "/regenerate",
      sender: "wendy",
      action: "edited",
      commentId: (created.comment as { id: number }).id,
    });
    expect(edited).toMatchObject({
      action: "edited",
      changes: { body: { from: "/regenerate add a price" } },
      comment: { body: "/regenerate" },
    });

    const comments = await octokit.rest.issues.listComments({ ...repo, issue_number: number });
    expect(comments.data.map((c) => [c.user?.login, c.body])).toEqual([["wendy", "/regenerate"]]);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: number })).data.labels).toMatchObject([
      { name: "generate" },
    ]);
    expectNoViolations();
  });
});

it("stop() closes the server and removes the repository", async () => {
  const other = await startFakeGitHub({ owner: OWNER, repo: "other" });
  const checkout = await other.checkout("main");
  await other.stop();
  expect(existsSync(other.repoDir)).toBe(false);
  expect(existsSync(checkout)).toBe(false);
  await expect(fetch(`${other.apiUrl}/app`)).rejects.toThrow();
});
