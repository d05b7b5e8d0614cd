// GitHubHost against mocked GitHub (nock, every request checked against GitHub's REST description): the exact Git
// Data API requests it makes, how it reads GitHub's failures, and that a whole pipeline run costs a number of
// requests that does not grow with the number of generated files.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubHost } from "../../app/adapters/github-host.ts";
import { LocalHost } from "../../app/adapters/local-host.ts";
import { AppgenError } from "../../app/core/errors.ts";
import { assertManifest, type Manifest } from "../../app/core/manifest/index.ts";
import { parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import { gitBlobSha, LEDGER_PATH, MANIFEST_PATH } from "../../app/core/pipeline/ledger.ts";
import { DATABASE_STATE_PATH } from "../../app/core/stages/db/index.ts";
import { runPipeline } from "../../app/core/pipeline/pipeline.ts";
import { NO_USAGE } from "../../app/core/planners/types.ts";
import type { RepoHost } from "../../app/ports.ts";
import {
  contentFileResponse,
  errorResponse,
  fakeSha,
  githubApi,
  gitBlobResponse,
  gitCommitResponse,
  gitRefResponse,
  gitTreeResponse,
  repositoryResponse,
  useGitHubApi,
  verifyGitHubApi,
  type GitHubApi,
} from "../helpers/github-api.ts";

useGitHubApi();

const TOKEN = "ghs_testInstallationToken0123456789";
const TestOctokit = ProbotOctokit.defaults(
  (options: ConstructorParameters<typeof ProbotOctokit>[0] & { throttle?: object }) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...options.throttle, enabled: false },
  }),
);
const REPO = "/repos/octo-org/hello";
const BRANCH = "appgen/issue-4";
const BRANCH_REF = "heads%2Fappgen%2Fissue-4";

function newHost(branch = BRANCH): GitHubHost {
  return new GitHubHost({
    octokit: new TestOctokit({ auth: { token: TOKEN } }),
    owner: "octo-org",
    repo: "hello",
    branch,
  });
}

/** The requests a scope answered, as "METHOD path" lines and bodies: what the inline snapshots pin down. */
function trace(github: GitHubApi) {
  return github.requests.map((r) => ({
    request: `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ""}`,
    ...(r.body === undefined ? {} : { body: r.body }),
  }));
}

const HEAD = fakeSha("head");
const HEAD_TREE = fakeSha("head-tree");
const README = "# hello\n";
const MANIFEST_TEXT = '{"name":"Tasks"}\n';

describe("head", () => {
  it("answers the branch's commit", async () => {
    const github = githubApi();
    github.get(`${REPO}/git/ref/${BRANCH_REF}`).reply(200, gitRefResponse(`heads/${BRANCH}`, HEAD));
    expect(await newHost().head()).toBe(HEAD);
  });

  it("works against GitHub Enterprise Server", async () => {
    const github = githubApi("https://ghe.example.com/api/v3");
    github
      .get(`${REPO}/git/ref/${BRANCH_REF}`)
      .reply(
        200,
        gitRefResponse(`heads/${BRANCH}`, HEAD, { owner: "octo-org", repo: "hello", baseUrl: github.baseUrl }),
      );
    const octokit = new TestOctokit({ auth: { token: TOKEN }, baseUrl: "https://ghe.example.com/api/v3" });
    expect(await new GitHubHost({ octokit, owner: "octo-org", repo: "hello", branch: BRANCH }).head()).toBe(HEAD);
  });

  it.each([
    [404, "Not Found"],
    [409, "Git Repository is empty."],
  ])("answers undefined on %i %s", async (status, message) => {
    const github = githubApi();
    github
      .get(`${REPO}/git/ref/${BRANCH_REF}`)
      .reply(status, errorResponse(status, message, "git/refs#get-a-reference"));
    expect(await newHost().head()).toBeUndefined();
  });

  it("passes other failures on, without the token", async () => {
    const github = githubApi();
    github
      .get(`${REPO}/git/ref/${BRANCH_REF}`)
      .reply(403, errorResponse(403, "Resource not accessible by integration", "git/refs#get-a-reference"));
    const error = await newHost()
      .head()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      message: expect.stringContaining("Resource not accessible by integration"),
    });
    expect(inspect(error, { depth: 20 })).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe("listFiles and readFile", () => {
  const files: [string, string][] = [
    ["README.md", gitBlobSha(README)],
    [MANIFEST_PATH, gitBlobSha(MANIFEST_TEXT)],
    ["src/lib/util.ts", fakeSha("util")],
  ];

  it("lists every blob of the commit with one request, and reads blobs it listed", async () => {
    const github = githubApi();
    github.get(`${REPO}/git/trees/${HEAD}`).query({ recursive: "1" }).reply(200, gitTreeResponse(HEAD_TREE, files));
    github
      .get(`${REPO}/git/blobs/${gitBlobSha(MANIFEST_TEXT)}`)
      .reply(200, gitBlobResponse(gitBlobSha(MANIFEST_TEXT), MANIFEST_TEXT));
    const host = newHost();
    expect(await host.listFiles(HEAD)).toEqual(new Map(files));
    expect(await host.listFiles(HEAD)).toEqual(new Map(files));
    expect(await host.readFile(HEAD, MANIFEST_PATH)).toBe(MANIFEST_TEXT);
    expect(await host.readFile(HEAD, MANIFEST_PATH)).toBe(MANIFEST_TEXT);
    expect(await host.readFile(HEAD, "not/there.txt")).toBeUndefined();
    expect(trace(github).map((t) => t.request)).toEqual([
      `GET ${REPO}/git/trees/${HEAD}?recursive=1`,
      `GET ${REPO}/git/blobs/${gitBlobSha(MANIFEST_TEXT)}`,
    ]);
  });

  it("refuses a truncated listing with a clear error", async () => {
    const github = githubApi();
    github
      .get(`${REPO}/git/trees/${HEAD}`)
      .query({ recursive: "1" })
      .reply(200, gitTreeResponse(HEAD_TREE, files, { truncated: true }));
    const error = await newHost()
      .listFiles(HEAD)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppgenError);
    expect(error).toMatchObject({
      code: "REPOSITORY_UNSUPPORTED",
      message: expect.stringMatching(
        /GitHub truncated the file listing of octo-org\/hello at [0-9a-f]{40}.*smaller repository/,
      ),
    });
  });

  it("reads through the contents API when the commit was not listed", async () => {
    const github = githubApi();
    github
      .get(`${REPO}/contents/appgen%2Fmanifest.json`)
      .query({ ref: HEAD })
      .reply(200, contentFileResponse(MANIFEST_PATH, MANIFEST_TEXT, { ref: HEAD }));
    github
      .get(`${REPO}/contents/appgen%2Fmissing.json`)
      .query({ ref: HEAD })
      .reply(404, errorResponse(404, "Not Found", "repos/contents#get-repository-content"));
    github
      .get(`${REPO}/contents/appgen`)
      .query({ ref: HEAD })
      .reply(200, [contentFileResponse(MANIFEST_PATH, MANIFEST_TEXT, { ref: HEAD })]);
    const host = newHost();
    expect(await host.readFile(HEAD, MANIFEST_PATH)).toBe(MANIFEST_TEXT);
    expect(await host.readFile(HEAD, "appgen/missing.json")).toBeUndefined();
    expect(await host.readFile(HEAD, "appgen")).toBeUndefined();
  });
});

describe("commit", () => {
  const parentFiles: [string, string][] = [
    ["README.md", gitBlobSha(README)],
    ["old.txt", gitBlobSha("old\n")],
  ];
  const NEW_TREE = fakeSha("new-tree");
  const NEW_COMMIT = fakeSha("new-commit");
  const request = {
    parent: HEAD,
    message: "appgen: db stage\n\nAppgen-Stage: db\n",
    changes: [
      { path: "supabase/seed.sql", content: "-- seed\n" },
      { path: "old.txt", content: null },
      { path: "never-existed.txt", content: null },
    ],
  };

  function mockCommit(github: GitHubApi, ref: { status: number; body: object }) {
    github.post(`${REPO}/git/trees`).reply(
      201,
      gitTreeResponse(NEW_TREE, [
        ["README.md", gitBlobSha(README)],
        ["supabase/seed.sql", gitBlobSha("-- seed\n")],
      ]),
    );
    github
      .post(`${REPO}/git/commits`)
      .reply(201, gitCommitResponse({ sha: NEW_COMMIT, tree: NEW_TREE, parents: [HEAD], message: request.message }));
    github.patch(`${REPO}/git/refs/${BRANCH_REF}`).reply(ref.status, ref.body);
  }

  it("makes one tree on the parent's tree, one commit, one fast-forward ref update", async () => {
    const github = githubApi();
    github
      .get(`${REPO}/git/trees/${HEAD}`)
      .query({ recursive: "1" })
      .reply(200, gitTreeResponse(HEAD_TREE, parentFiles));
    mockCommit(github, { status: 200, body: gitRefResponse(`heads/${BRANCH}`, NEW_COMMIT) });
    const host = newHost();
    await host.listFiles(HEAD);
    expect(await host.commit(request)).toBe(NEW_COMMIT);
    expect(trace(github).slice(1)).toMatchInlineSnapshot(`
      [
        {
          "body": {
            "base_tree": "${HEAD_TREE}",
            "tree": [
              {
                "content": "-- seed
      ",
                "mode": "100644",
                "path": "supabase/seed.sql",
                "type": "blob",
              },
              {
                "mode": "100644",
                "path": "old.txt",
                "sha": null,
                "type": "blob",
              },
            ],
          },
          "request": "POST /repos/octo-org/hello/git/trees",
        },
        {
          "body": {
            "message": "appgen: db stage

      Appgen-Stage: db
      ",
            "parents": [
              "${HEAD}",
            ],
            "tree": "${NEW_TREE}",
          },
          "request": "POST /repos/octo-org/hello/git/commits",
        },
        {
          "body": {
            "force": false,
            "sha": "${NEW_COMMIT}",
          },
          "request": "PATCH /repos/octo-org/hello/git/refs/heads%2Fappgen%2Fissue-4",
        },
      ]
    `);
    // The new commit's files are known without asking GitHub.
    expect(await host.listFiles(NEW_COMMIT)).toEqual(
      new Map([
        ["README.md", gitBlobSha(README)],
        ["supabase/seed.sql", gitBlobSha("-- seed\n")],
      ]),
    );
    expect(await host.readFile(NEW_COMMIT, "old.txt")).toBeUndefined();
  });

  it("asks for the parent's tree once when it does not know it, and sends deletions as they are", async () => {
    const github = githubApi();
    github
      .get(`${REPO}/git/commits/${HEAD}`)
      .reply(200, gitCommitResponse({ sha: HEAD, tree: HEAD_TREE, parents: [], message: "Initial commit" }));
    mockCommit(github, { status: 200, body: gitRefResponse(`heads/${BRANCH}`, NEW_COMMIT) });
    await newHost().commit(request);
    const tree = github.requests[1]?.body as { base_tree: string; tree: { path: string }[] };
    expect(tree.base_tree).toBe(HEAD_TREE);
    expect(tree.tree.map((e) => e.path)).toEqual(["supabase/seed.sql", "old.txt", "never-existed.txt"]);
  });

  it.each([["Update is not a fast forward"], ["Reference does not exist"]])(
    "reports BRANCH_MOVED on 422 %s",
    async (message) => {
      const github = githubApi();
      github
        .get(`${REPO}/git/commits/${HEAD}`)
        .reply(200, gitCommitResponse({ sha: HEAD, tree: HEAD_TREE, parents: [], message: "Initial commit" }));
      mockCommit(github, { status: 422, body: errorResponse(422, message, "git/refs#update-a-reference") });
      const error = await newHost()
        .commit(request)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppgenError);
      expect(error).toMatchObject({
        code: "BRANCH_MOVED",
        message: `branch ${BRANCH} of octo-org/hello moved from ${HEAD} while appgen was committing (${message})`,
      });
      expect(inspect(error, { depth: 20 })).not.toContain(TOKEN);
    },
  );

  it("passes on a 422 that is not about the branch", async () => {
    const github = githubApi();
    github
      .get(`${REPO}/git/commits/${HEAD}`)
      .reply(200, gitCommitResponse({ sha: HEAD, tree: HEAD_TREE, parents: [], message: "Initial commit" }));
    mockCommit(github, {
      status: 422,
      body: errorResponse(422, "Object does not exist", "git/refs#update-a-reference"),
    });
    const error = await newHost()
      .commit(request)
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(AppgenError);
    expect(error).toMatchObject({ status: 422 });
  });

  it("creates the branch with the first commit, and reports BRANCH_MOVED when it appeared meanwhile", async () => {
    for (const [status, body] of [
      [201, gitRefResponse(`heads/${BRANCH}`, NEW_COMMIT)],
      [422, errorResponse(422, "Reference already exists", "git/refs#create-a-reference")],
    ] as const) {
      const github = githubApi();
      github
        .post(`${REPO}/git/trees`)
        .reply(201, gitTreeResponse(NEW_TREE, [[MANIFEST_PATH, gitBlobSha(MANIFEST_TEXT)]]));
      github
        .post(`${REPO}/git/commits`)
        .reply(201, gitCommitResponse({ sha: NEW_COMMIT, tree: NEW_TREE, parents: [], message: "plan" }));
      github.post(`${REPO}/git/refs`).reply(status, body);
      const result = await newHost()
        .commit({
          parent: undefined,
          message: "plan",
          changes: [
            { path: MANIFEST_PATH, content: MANIFEST_TEXT },
            { path: "gone.txt", content: null },
          ],
        })
        .catch((e: unknown) => e);
      if (status === 201) expect(result).toBe(NEW_COMMIT);
      else
        expect(result).toMatchObject({
          code: "BRANCH_MOVED",
          message: `branch ${BRANCH} of octo-org/hello was created by someone else while appgen was committing`,
        });
      expect(trace(github).map((t) => t.body)).toEqual([
        { tree: [{ path: MANIFEST_PATH, mode: "100644", type: "blob", content: MANIFEST_TEXT }] },
        { message: "plan", tree: NEW_TREE, parents: [] },
        { ref: `refs/heads/${BRANCH}`, sha: NEW_COMMIT },
      ]);
    }
  });

  it("explains that GitHub cannot commit to an empty repository", async () => {
    const github = githubApi();
    github
      .post(`${REPO}/git/trees`)
      .reply(409, errorResponse(409, "Git Repository is empty.", "git/trees#create-a-tree"));
    const error = await newHost()
      .commit({ parent: undefined, message: "plan", changes: [{ path: MANIFEST_PATH, content: MANIFEST_TEXT }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "REPOSITORY_UNSUPPORTED",
      message: expect.stringContaining("Git Repository is empty. Push a first commit"),
    });
  });
});

describe("branches", () => {
  it("creates the branch at a commit", async () => {
    const github = githubApi();
    github
      .post(`${REPO}/git/refs`, { ref: `refs/heads/${BRANCH}`, sha: HEAD })
      .reply(201, gitRefResponse(`heads/${BRANCH}`, HEAD));
    expect(await newHost().createBranch(HEAD)).toBe(HEAD);
  });

  it("leaves an existing branch alone and answers its head", async () => {
    const github = githubApi();
    const theirs = fakeSha("theirs");
    github
      .post(`${REPO}/git/refs`)
      .reply(422, errorResponse(422, "Reference already exists", "git/refs#create-a-reference"));
    github.get(`${REPO}/git/ref/${BRANCH_REF}`).reply(200, gitRefResponse(`heads/${BRANCH}`, theirs));
    expect(await newHost().createBranch(HEAD)).toBe(theirs);
  });

  it("finds the default branch's head, asking for the repository only when the branch is not given", async () => {
    const github = githubApi();
    github.get(REPO).reply(200, repositoryResponse({ defaultBranch: "trunk" }));
    github.get(`${REPO}/git/ref/heads%2Ftrunk`).reply(200, gitRefResponse("heads/trunk", HEAD));
    github.get(`${REPO}/git/ref/heads%2Fmain`).reply(404, errorResponse(404, "Not Found", "git/refs#get-a-reference"));
    const host = newHost();
    expect(await host.defaultBranchHead()).toEqual({ branch: "trunk", sha: HEAD });
    expect(await host.defaultBranchHead("main")).toEqual({ branch: "main", sha: undefined });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A whole pipeline run against an in-memory git behind the mocked API.

/** Git objects and one branch, answering the Git Data API routes GitHubHost uses, as GitHub would. */
class FakeGit {
  readonly trees = new Map<string, Map<string, string>>();
  readonly commits = new Map<string, { tree: string; parents: string[]; message: string }>();
  readonly blobs = new Map<string, string>();
  readonly refs = new Map<string, string>();

  constructor(files: Record<string, string>, branch: string) {
    const tree = this.writeTree(
      new Map(Object.entries(files).map(([path, content]) => [path, this.writeBlob(content)])),
    );
    this.refs.set(branch, this.writeCommit({ tree, parents: [], message: "Initial commit" }));
  }

  writeBlob(content: string): string {
    const sha = gitBlobSha(content);
    this.blobs.set(sha, content);
    return sha;
  }

  writeTree(files: Map<string, string>): string {
    const sha = hash("tree", JSON.stringify([...files].sort()));
    this.trees.set(sha, files);
    return sha;
  }

  writeCommit(commit: { tree: string; parents: string[]; message: string }): string {
    const sha = hash("commit", JSON.stringify(commit));
    this.commits.set(sha, commit);
    return sha;
  }

  /** Mocks the routes a pipeline run needs on `github`; reply functions, so they can run any number of times. */
  serve(github: GitHubApi, routes: ("ref" | "tree" | "blob" | "createTree" | "createCommit" | "updateRef")[]): void {
    const encodedRef = /\/git\/refs?\/heads%2F(.+)$/;
    const pathSha = (uri: string) => /\/([0-9a-f]{40})(\?|$)/.exec(uri)?.[1] ?? "";
    github.persist();
    for (const route of routes) {
      if (route === "ref") {
        github.get(/\/git\/ref\/heads%2F/).reply((uri) => {
          const branch = decodeURIComponent(encodedRef.exec(uri)?.[1] ?? "");
          const sha = this.refs.get(branch);
          return sha ? [200, gitRefResponse(`heads/${branch}`, sha)] : [404, errorResponse(404, "Not Found")];
        });
      } else if (route === "tree") {
        github
          .get(/\/git\/trees\/[0-9a-f]{40}/)
          .query(true)
          .reply((uri) => {
            const commit = this.commits.get(pathSha(uri));
            const files = commit && this.trees.get(commit.tree);
            return commit && files
              ? [200, gitTreeResponse(commit.tree, files)]
              : [404, errorResponse(404, "Not Found")];
          });
      } else if (route === "blob") {
        github.get(/\/git\/blobs\//).reply((uri) => {
          const sha = pathSha(uri);
          const content = this.blobs.get(sha);
          return content === undefined ? [404, errorResponse(404, "Not Found")] : [200, gitBlobResponse(sha, content)];
        });
      } else if (route === "createTree") {
        github.post(`${REPO}/git/trees`).reply((_uri, body) => {
          const { base_tree, tree } = body as {
            base_tree?: string;
            tree: { path: string; sha?: string | null; content?: string }[];
          };
          const files = new Map(base_tree ? this.trees.get(base_tree) : []);
          for (const entry of tree) {
            if (entry.content !== undefined) files.set(entry.path, this.writeBlob(entry.content));
            else if (!files.delete(entry.path)) return [422, errorResponse(422, "GitRPC::BadObjectState")];
          }
          const sha = this.writeTree(files);
          return [201, gitTreeResponse(sha, files)];
        });
      } else if (route === "createCommit") {
        github.post(`${REPO}/git/commits`).reply((_uri, body) => {
          const commit = body as { tree: string; parents: string[]; message: string };
          return [201, gitCommitResponse({ ...commit, sha: this.writeCommit(commit) })];
        });
      } else {
        github.patch(encodedRef).reply((uri, body) => {
          const branch = decodeURIComponent(encodedRef.exec(uri)?.[1] ?? "");
          const { sha } = body as { sha: string };
          const current = this.refs.get(branch);
          if (!current) return [422, errorResponse(422, "Reference does not exist")];
          if (!this.commits.get(sha)?.parents.includes(current))
            return [422, errorResponse(422, "Update is not a fast forward")];
          this.refs.set(branch, sha);
          return [200, gitRefResponse(`heads/${branch}`, sha)];
        });
      }
    }
  }

  /** The branch's history, oldest first. */
  history(branch: string): { sha: string; message: string; files: Map<string, string> }[] {
    const out: { sha: string; message: string; files: Map<string, string> }[] = [];
    for (let sha = this.refs.get(branch); sha;) {
      const commit = this.commits.get(sha);
      if (!commit) break;
      out.unshift({ sha, message: commit.message, files: this.trees.get(commit.tree) ?? new Map() });
      sha = commit.parents[0];
    }
    return out;
  }
}

function hash(kind: string, text: string): string {
  return createHash("sha1").update(`${kind}\0${text}`).digest("hex");
}

const NOUNS = [
  "customer",
  "invoice",
  "product",
  "supplier",
  "purchase",
  "shipment",
  "warehouse",
  "employee",
  "project",
  "task",
  "ticket",
  "contract",
  "payment",
  "vendor",
  "asset",
  "meeting",
  "lead",
  "campaign",
  "report",
  "budget",
];

/** A manifest with `count` entities, each but the first related to the previous one. */
function manifestWith(count: number): Manifest {
  return assertManifest({
    name: "Back office",
    entities: NOUNS.slice(0, count).map((name, i) => ({
      name,
      fields: [
        { name: "title", type: "text", required: true },
        { name: "notes", type: "long_text" },
        ...(i > 0 ? [{ name: NOUNS[i - 1], type: "relation", relation: { target: NOUNS[i - 1] } }] : []),
      ],
    })),
  });
}

function generate(host: RepoHost, manifest: Manifest) {
  return runPipeline({ host, plan: async () => ({ manifest, planner: "explicit", usage: NO_USAGE, notes: [] }) });
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a pipeline run over GitHubHost", () => {
  async function generateOnGitHub(count: number) {
    const github = githubApi();
    const git = new FakeGit({ "README.md": README }, BRANCH);
    git.serve(github, ["ref", "tree", "createTree", "createCommit", "updateRef"]);
    const result = await generate(newHost(), manifestWith(count));
    verifyGitHubApi(); // and removes this run's mocks, so the next run meets only its own
    return { github, git, result };
  }

  it("costs the same bounded number of requests for 3 and for 20 entities", async () => {
    const small = await generateOnGitHub(3);
    const large = await generateOnGitHub(20);
    const expected = [
      `GET ${REPO}/git/ref/${BRANCH_REF}`,
      `GET ${REPO}/git/trees/${small.git.history(BRANCH)[0]?.sha}?recursive=1`,
      ...["plan", "db", "api", "ui", "files"].flatMap(() => [
        `POST ${REPO}/git/trees`,
        `POST ${REPO}/git/commits`,
        `PATCH ${REPO}/git/refs/${BRANCH_REF}`,
      ]),
    ];
    expect(trace(small.github).map((t) => t.request)).toEqual(expected);
    expect(large.github.requests).toHaveLength(17);
    const fileCount = (run: typeof small) => run.git.history(BRANCH).at(-1)?.files.size ?? 0;
    expect(fileCount(large)).toBeGreaterThan(fileCount(small) + 30);
  });

  it("leaves the same files and commits as the same run on a local repository", async () => {
    const { git, result } = await generateOnGitHub(3);
    const history = git.history(BRANCH);
    expect(history.map((c) => parseTrailers(c.message)["Appgen-Stage"])).toEqual([
      undefined,
      "plan",
      "db",
      "api",
      "ui",
      "files",
    ]);
    expect(history.at(-1)?.sha).toBe(result.head);

    const dir = mkdtempSync(join(tmpdir(), "appgen-github-host-"));
    dirs.push(dir);
    const local = await LocalHost.open(dir, { env: process.env });
    await local.commit({
      parent: undefined,
      message: "Initial commit",
      changes: [{ path: "README.md", content: README }],
    });
    const localResult = await generate(local, manifestWith(3));
    expect(history.at(-1)?.files).toEqual(await local.listFiles(localResult.head ?? ""));
  });

  it("reads the branch back and commits nothing when run again", async () => {
    const { git } = await generateOnGitHub(3);
    const github = githubApi();
    git.serve(github, ["ref", "tree", "blob"]);
    const again = await generate(newHost(), manifestWith(3));
    expect(again.changed).toBe(false);
    expect(
      trace(github)
        .map((t) => t.request.replace(/[0-9a-f]{40}/g, "<sha>"))
        .sort(),
    ).toEqual([
      `GET ${REPO}/git/blobs/<sha>`,
      `GET ${REPO}/git/blobs/<sha>`,
      `GET ${REPO}/git/ref/${BRANCH_REF}`,
      `GET ${REPO}/git/trees/<sha>?recursive=1`,
    ]);
    const pathOf = new Map([...(git.history(BRANCH).at(-1)?.files ?? [])].map(([path, sha]) => [sha, path]));
    const read = github.requests
      .filter((r) => r.path.includes("/git/blobs/"))
      .map((r) => pathOf.get(r.path.split("/").pop() ?? ""));
    // The branch is its own base here: its migrations are applied, and appgen/database.json says for which manifest;
    // it is the manifest's blob, so it costs no request of its own.
    const files = git.history(BRANCH).at(-1)?.files;
    expect(files?.get(DATABASE_STATE_PATH)).toBe(files?.get(MANIFEST_PATH));
    expect(read.map((path) => (path === DATABASE_STATE_PATH ? MANIFEST_PATH : path)).sort()).toEqual([
      LEDGER_PATH,
      MANIFEST_PATH,
    ]);
  });

  it("recomputes a stage on top of a commit pushed while it was running", async () => {
    const github = githubApi();
    const git = new FakeGit({ "README.md": README }, BRANCH);
    git.serve(github, ["ref", "tree", "blob", "createTree", "createCommit", "updateRef"]);
    const host = newHost();
    const commit = host.commit.bind(host);
    let pushed = false;
    host.commit = async (request) => {
      // A person pushes right before appgen's db commit lands.
      if (!pushed && request.message.includes("Appgen-Stage: db")) {
        pushed = true;
        const head = git.refs.get(BRANCH) ?? "";
        const files = new Map(git.trees.get(git.commits.get(head)?.tree ?? ""));
        files.set("NOTES.md", git.writeBlob("mine\n"));
        git.refs.set(BRANCH, git.writeCommit({ tree: git.writeTree(files), parents: [head], message: "Notes" }));
      }
      return commit(request);
    };
    const result = await generate(host, manifestWith(3));
    const history = git.history(BRANCH);
    expect(history.map((c) => c.message.split("\n")[0])).toContain("Notes");
    expect(history.map((c) => parseTrailers(c.message)["Appgen-Stage"])).toEqual([
      undefined,
      "plan",
      undefined,
      "db",
      "api",
      "ui",
      "files",
    ]);
    expect(history.at(-1)?.files.get("NOTES.md")).toBe(gitBlobSha("mine\n"));
    expect(result.head).toBe(history.at(-1)?.sha);
    // A wasted tree + commit and the refused ref update, then the branch is read again (ref, listing, manifest).
    expect(github.requests).toHaveLength(17 + 3 + 3);
  });
});
