// Test harness for the webhook handlers: a Probot with retry and throttle off, real payloads from
// @octokit/webhooks-examples adapted to the scenario, captured logs, and an in-memory git repository served through
// nock (every request still validated against GitHub's REST description by test/helpers/github-api.ts).
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../app/index.ts";
import { composeApp } from "../../app/compose.ts";
import type { AppDeps } from "../../app/handlers/deps.ts";
import type { LlmSettings } from "../../app/settings.ts";
import { gitBlobSha } from "../../app/core/pipeline/ledger.ts";
import { errorResponse, githubApi, gitRefResponse, type GitHubApi } from "../helpers/github-api.ts";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../helpers/fake-openai-server.ts";
import { afterAll, beforeAll } from "vitest";

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const BASE = "master";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const COORDS = { owner: OWNER, repo: REPO };

const require = createRequire(import.meta.url);
type Example = { name: string; examples: Record<string, unknown>[] };
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

function example(name: string, action: string): Record<string, any> {
  const found = examples.find((e) => e.name === name)?.examples.find((x) => x.action === action);
  if (!found) throw new Error(`no ${name}.${action} example`);
  return structuredClone(found) as Record<string, any>;
}

export function labeledPayload(
  options: {
    label?: string;
    title?: string;
    body?: string;
    number?: number;
    sender?: { login: string; type: string };
  } = {},
): Record<string, any> {
  const payload = example("issues", "labeled");
  payload.label.name = options.label ?? "generate";
  payload.issue.number = options.number ?? 7;
  payload.issue.title = options.title ?? "A CRM for a small sales team";
  payload.issue.body = options.body ?? "Track leads, companies and deals. Sales reps log calls with contacts.";
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  if (options.sender) Object.assign(payload.sender, options.sender);
  return payload;
}

export function commentPayload(options: {
  body: string;
  pullNumber?: number;
  action?: "created" | "edited";
  onIssue?: boolean;
  sender?: { login: string; type: string };
}): Record<string, any> {
  const payload = example("issue_comment", options.action ?? "created");
  payload.comment.body = options.body;
  payload.comment.id = 9001;
  payload.issue.number = options.pullNumber ?? 8;
  if (!options.onIssue) {
    payload.issue.pull_request = {
      url: `https://api.github.com${REPO_PATH}/pulls/8`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/8`,
      diff_url: "",
      patch_url: "",
    };
  }
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  if (options.sender) Object.assign(payload.sender, options.sender);
  return payload;
}

export interface TestApp {
  probot: Probot;
  deps: AppDeps;
  logs: Record<string, unknown>[];
  receive(name: "issues" | "issue_comment", payload: Record<string, unknown>, id?: string): Promise<void>;
  /** Reasons of "event ignored" log lines. */
  ignored(): string[];
}

let deliveries = 0;

/** A test Probot with the app's handlers; `llm` is the server's model endpoint, as settings (a fake OpenAI server's). */
export async function testApp(overrides: Partial<AppDeps> & { llm?: LlmSettings } = {}): Promise<TestApp> {
  const { llm, ...deps } = overrides;
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
    ...o,
    retry: { enabled: false },
    throttle: { ...o.throttle, enabled: false },
  }));
  const probot = new Probot({ githubToken: "ghs_test", Octokit, log: pino({ level: "debug" }, sink) });
  let clock = 0;
  // Probot with a fixed token has no App key to make installation tokens with: jobs act with that token.
  const app = composeApp(llm ? { llm } : {}, {
    progressIntervalMs: 60_000,
    now: () => (clock += 10),
    clock: () => Date.parse("2025-06-01T12:00:00Z"),
    authenticate: () => probot.auth(),
    ...deps,
  });
  await probot.load(createApp(app));
  return {
    probot,
    deps: app,
    logs,
    async receive(name, payload, id = `delivery-${++deliveries}`) {
      await probot.receive({ id, name, payload } as never);
    },
    ignored: () => logs.filter((l) => l.msg === "event ignored").map((l) => String(l.reason)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// An in-memory git repository behind the Git Data API routes GitHubHost uses.

interface StoredCommit {
  tree: string;
  parents: string[];
  message: string;
}

function hash(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

export type GitRoute =
  | "getRef"
  | "listTree"
  | "createRef"
  | "createTree"
  | "createCommit"
  | "updateRef"
  | "getBlob"
  | "getContent"
  | "putContent";

export class MemoryRepo {
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, StoredCommit>();
  readonly trees = new Map<string, Map<string, string>>();
  readonly blobs = new Map<string, string>();
  /** Status codes to answer instead, per route, consumed one by one. */
  readonly failures = new Map<GitRoute, number[]>();

  constructor(initial: Record<string, string> = { "README.md": "# Hello-World\n" }) {
    const tree = this.storeTree(new Map(Object.entries(initial).map(([p, c]) => [p, this.storeBlob(c)])));
    const sha = this.storeCommit({ tree, parents: [], message: "Initial commit" });
    this.refs.set(BASE, sha);
  }

  storeBlob(content: string): string {
    const sha = gitBlobSha(content);
    this.blobs.set(sha, content);
    return sha;
  }

  storeTree(files: Map<string, string>): string {
    const sha = hash(
      `tree ${[...files]
        .sort()
        .map(([p, s]) => `${p}:${s}`)
        .join("\n")}`,
    );
    this.trees.set(sha, files);
    return sha;
  }

  storeCommit(commit: StoredCommit): string {
    const sha = hash(`commit ${commit.tree} ${commit.parents.join(",")} ${commit.message} ${this.commits.size}`);
    this.commits.set(sha, commit);
    return sha;
  }

  /** A person's commit on a branch (as a push would make it). */
  commitAsPerson(branch: string, files: Record<string, string | null>, message = "hand edit"): string {
    const head = this.refs.get(branch);
    if (!head) throw new Error(`no branch ${branch}`);
    const tree = new Map(this.trees.get(this.commits.get(head)!.tree)!);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) tree.delete(path);
      else tree.set(path, this.storeBlob(content));
    }
    const sha = this.storeCommit({ tree: this.storeTree(tree), parents: [head], message });
    this.refs.set(branch, sha);
    return sha;
  }

  files(branch: string): Map<string, string> {
    const head = this.refs.get(branch);
    if (!head) throw new Error(`no branch ${branch}`);
    const tree = this.trees.get(this.commits.get(head)!.tree)!;
    return new Map([...tree].map(([path, sha]) => [path, this.blobs.get(sha)!]));
  }

  /** Files on a branch, with the branch protected from everyone's commits (GitHub answers 422 or 409). */
  readonly protectedBranches = new Set<string>();

  /** Commit messages on a branch, newest first. */
  log(branch: string): string[] {
    const messages: string[] = [];
    for (let sha = this.refs.get(branch); sha; sha = this.commits.get(sha)?.parents[0])
      messages.push(this.commits.get(sha)!.message);
    return messages;
  }

  private fail(route: GitRoute): [number, unknown] | undefined {
    const status = this.failures.get(route)?.shift();
    return status === undefined ? undefined : [status, errorResponse(status, "Server Error")];
  }

  /**
   * Persisted interceptors for the named routes (only those: an unused mock fails the test), on a scope of their
   * own because nock's persist() applies to a whole scope.
   */
  intercept(routes: GitRoute[]): GitHubApi {
    const github = githubApi();
    const git = `${REPO_PATH}/git`;
    const url = (base: string, path: string) =>
      `https://github.com/${OWNER}/${REPO}${path}`.replace("https://github.com", base);
    const api = "https://api.github.com" + REPO_PATH;
    for (const route of routes) {
      switch (route) {
        case "getRef":
          github
            .get(new RegExp(`^${git}/ref/heads%2F`))
            .reply((uri) => {
              const branch = decodeURIComponent(uri.split("/ref/heads%2F")[1] ?? "");
              const sha = this.refs.get(branch);
              return (
                this.fail(route) ??
                (sha ? [200, gitRefResponse(`heads/${branch}`, sha, COORDS)] : [404, errorResponse(404, "Not Found")])
              );
            })
            .persist();
          break;
        case "listTree":
          github
            .get(new RegExp(`^${git}/trees/[0-9a-f]{40}\\?recursive=1$`))
            .reply((uri) => {
              const sha = /trees\/([0-9a-f]{40})/.exec(uri)?.[1] ?? "";
              const treeSha = this.commits.get(sha)?.tree ?? sha;
              const files = this.trees.get(treeSha);
              if (!files) return [404, errorResponse(404, "Not Found")];
              return (
                this.fail(route) ?? [
                  200,
                  {
                    sha: treeSha,
                    url: `${api}/git/trees/${treeSha}`,
                    truncated: false,
                    tree: [...files].map(([path, blob]) => ({
                      path,
                      mode: "100644",
                      type: "blob",
                      sha: blob,
                      size: this.blobs.get(blob)!.length,
                      url: `${api}/git/blobs/${blob}`,
                    })),
                  },
                ]
              );
            })
            .persist();
          break;
        case "createRef":
          github
            .post(`${git}/refs`)
            .reply((_uri, body: any) => {
              const failed = this.fail(route);
              if (failed) return failed;
              const branch = String(body.ref).replace(/^refs\/heads\//, "");
              if (this.refs.has(branch))
                return [422, errorResponse(422, "Reference already exists", "git/refs#create-a-reference")];
              this.refs.set(branch, body.sha);
              return [201, gitRefResponse(`heads/${branch}`, body.sha, COORDS)];
            })
            .persist();
          break;
        case "createTree":
          github
            .post(`${git}/trees`)
            .reply((_uri, body: any) => {
              const failed = this.fail(route);
              if (failed) return failed;
              const files = new Map(body.base_tree ? this.trees.get(body.base_tree) : []);
              for (const entry of body.tree) {
                if (entry.sha === null) files.delete(entry.path);
                else files.set(entry.path, entry.content !== undefined ? this.storeBlob(entry.content) : entry.sha);
              }
              const sha = this.storeTree(files);
              return [201, { sha, url: `${api}/git/trees/${sha}`, truncated: false, tree: [] }];
            })
            .persist();
          break;
        case "createCommit":
          github
            .post(`${git}/commits`)
            .reply((_uri, body: any) => {
              const failed = this.fail(route);
              if (failed) return failed;
              const sha = this.storeCommit({ tree: body.tree, parents: body.parents, message: body.message });
              return [
                201,
                {
                  sha,
                  url: `${api}/git/commits/${sha}`,
                  html_url: url("https://github.com", `/commit/${sha}`),
                  tree: { sha: body.tree },
                  parents: body.parents.map((p: string) => ({ sha: p })),
                  message: body.message,
                },
              ];
            })
            .persist();
          break;
        case "updateRef":
          github
            .patch(new RegExp(`^${git}/refs/heads%2F`))
            .reply((uri, body: any) => {
              const failed = this.fail(route);
              if (failed) return failed;
              const branch = decodeURIComponent(uri.split("/refs/heads%2F")[1] ?? "");
              const head = this.refs.get(branch);
              if (!head) return [422, errorResponse(422, "Reference does not exist")];
              if (!body.force && this.commits.get(body.sha)?.parents[0] !== head)
                return [422, errorResponse(422, "Update is not a fast forward")];
              this.refs.set(branch, body.sha);
              return [200, gitRefResponse(`heads/${branch}`, body.sha, COORDS)];
            })
            .persist();
          break;
        case "getContent":
          // The raw read of one file on a branch (or at a commit), as commitCard and manifestCard ask for it.
          github
            .get(new RegExp(`^${REPO_PATH}/contents/appgen%2F|^${REPO_PATH}/contents/[^?]*%2Fappgen%2F`))
            .reply((uri) => {
              const failed = this.fail(route);
              if (failed) return failed;
              const url = new URL(uri, "https://api.github.com");
              const path = decodeURIComponent(url.pathname.split("/contents/")[1] ?? "");
              const ref = url.searchParams.get("ref") ?? BASE;
              const commit = this.refs.get(ref) ?? ref;
              const blob = this.trees.get(this.commits.get(commit)?.tree ?? "")?.get(path);
              if (blob === undefined)
                return [404, errorResponse(404, "Not Found", "repos/contents#get-repository-content")];
              return [200, this.blobs.get(blob)!, { "content-type": "application/vnd.github.raw; charset=utf-8" }];
            })
            .persist();
          break;
        case "putContent":
          github
            .put(new RegExp(`^${REPO_PATH}/contents/`))
            .reply((uri, body: any) => {
              const failed = this.fail(route);
              if (failed) return failed;
              const path = decodeURIComponent(uri.split("/contents/")[1] ?? "");
              const branch = String(body.branch);
              const head = this.refs.get(branch);
              if (!head) return [404, errorResponse(404, "Branch not found")];
              if (this.protectedBranches.has(branch))
                return [
                  422,
                  errorResponse(
                    422,
                    "Changes must be made through a pull request.",
                    "repos/contents#create-or-update-file-contents",
                  ),
                ];
              const tree = new Map(this.trees.get(this.commits.get(head)!.tree)!);
              const existing = tree.get(path);
              if (existing !== undefined && body.sha !== existing)
                return [
                  409,
                  errorResponse(
                    409,
                    `${path} does not match ${body.sha ?? "(no sha)"}`,
                    "repos/contents#create-or-update-file-contents",
                  ),
                ];
              if (existing === undefined && body.sha !== undefined)
                return [422, errorResponse(422, "sha given for a file that does not exist")];
              const blob = this.storeBlob(Buffer.from(String(body.content), "base64").toString("utf8"));
              tree.set(path, blob);
              const sha = this.storeCommit({ tree: this.storeTree(tree), parents: [head], message: body.message });
              this.refs.set(branch, sha);
              return [
                existing === undefined ? 201 : 200,
                { content: { name: path.split("/").pop(), path, sha: blob }, commit: { sha, message: body.message } },
              ];
            })
            .persist();
          break;
        case "getBlob":
          github
            .get(new RegExp(`^${git}/blobs/[0-9a-f]{40}$`))
            .reply((uri) => {
              const sha = uri.split("/blobs/")[1] ?? "";
              const content = this.blobs.get(sha);
              if (content === undefined) return [404, errorResponse(404, "Not Found")];
              return [
                200,
                {
                  sha,
                  node_id: "B_x",
                  size: content.length,
                  url: `${api}/git/blobs/${sha}`,
                  content: Buffer.from(content).toString("base64"),
                  encoding: "base64",
                },
              ];
            })
            .persist();
          break;
      }
    }
    return github;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The issue side: config, permission, reactions, comments, pull requests.

const CONFIG_RE = (repo: string) =>
  new RegExp(`^/repos/${OWNER}/${repo.replace(".", "\\.")}/contents/\\.github%2Fappgen\\.yml`);

/** No .github/appgen.yml in the repository nor in the organisation's .github repository. */
export function noConfig(github: GitHubApi, times = 1): void {
  github
    .get(CONFIG_RE(REPO))
    .times(times)
    .reply(404, errorResponse(404, "Not Found", "repos/contents#get-repository-content"));
  github
    .get(CONFIG_RE(".github"))
    .times(times)
    .reply(404, errorResponse(404, "Not Found", "repos/contents#get-repository-content"));
}

export function configFile(github: GitHubApi, yaml: string): void {
  github.get(CONFIG_RE(REPO)).reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

export function permission(
  github: GitHubApi,
  login: string,
  role: "admin" | "maintain" | "write" | "triage" | "read",
): void {
  const permissionName = role === "maintain" ? "write" : role === "triage" ? "read" : role;
  github
    .get(`${REPO_PATH}/collaborators/${login}/permission`)
    .reply(200, { permission: permissionName, role_name: role, user: null });
}

export interface IssueSide {
  comments: { issue: number; body: string }[];
  edits: { id: number; body: string }[];
  reactions: string[];
  pulls: { title: string; body: string; draft: boolean; head: string; base: string }[];
}

/** Reaction + progress comment (+ its edits, up to `edits` times). */
export function announce(
  github: GitHubApi,
  side: IssueSide,
  options: { on: "issue" | "comment"; issue: number; edits?: number; commentId?: number },
): void {
  const reactionPath =
    options.on === "issue"
      ? `${REPO_PATH}/issues/${options.issue}/reactions`
      : `${REPO_PATH}/issues/comments/${options.commentId ?? 9001}/reactions`;
  github.post(reactionPath).reply((_uri, body: any) => {
    side.reactions.push(body.content);
    return [201, { id: 1, node_id: "R_1", user: null, content: body.content, created_at: "2025-01-01T00:00:00Z" }];
  });
  commentCreate(github, side, options.issue);
  if (options.edits) commentEdits(github, side, options.edits);
}

export function commentCreate(github: GitHubApi, side: IssueSide, issue: number): void {
  github.post(`${REPO_PATH}/issues/${issue}/comments`).reply((_uri, body: any) => {
    side.comments.push({ issue, body: body.body });
    return [
      201,
      {
        id: 5000 + side.comments.length,
        body: body.body,
        html_url: `https://github.com/${OWNER}/${REPO}/issues/${issue}#issuecomment-${5000 + side.comments.length}`,
      },
    ];
  });
}

export function commentEdits(github: GitHubApi, side: IssueSide, times: number): void {
  github
    .patch(new RegExp(`^${REPO_PATH}/issues/comments/\\d+$`))
    .times(times)
    .reply((uri, body: any) => {
      side.edits.push({ id: Number(uri.split("/").pop()), body: body.body });
      return [200, { id: Number(uri.split("/").pop()), body: body.body }];
    });
}

export function pullCreate(
  github: GitHubApi,
  side: IssueSide,
  answer: "created" | "exists" = "created",
  number = 8,
): void {
  github.post(`${REPO_PATH}/pulls`).reply((_uri, body: any) => {
    side.pulls.push(body);
    if (answer === "exists")
      return [
        422,
        {
          message: "Validation Failed",
          errors: [
            {
              resource: "PullRequest",
              code: "custom",
              message: `A pull request already exists for ${OWNER}:${body.head}.`,
            },
          ],
          documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
          status: "422",
        },
      ];
    return [201, { number, html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`, draft: body.draft }];
  });
  if (answer === "exists") {
    github
      .get(`${REPO_PATH}/pulls`)
      .query({ head: `${OWNER}:appgen/issue-7`, state: "open", per_page: "1" })
      .reply(() => [200, [{ number, html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}` }]]);
  }
}

/** GET the pull request the /regenerate comment is on. */
export function pullGet(
  github: GitHubApi,
  options: { number?: number; head?: string; fork?: boolean; state?: "open" | "closed" } = {},
): void {
  const number = options.number ?? 8;
  github.get(`${REPO_PATH}/pulls/${number}`).reply(() => [
    200,
    {
      number,
      state: options.state ?? "open",
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
      head: {
        ref: options.head ?? "appgen/issue-7",
        repo: { full_name: options.fork ? `someone/${REPO}` : `${OWNER}/${REPO}` },
      },
      base: { ref: BASE, repo: { full_name: `${OWNER}/${REPO}` } },
    },
  ]);
}

export function newSide(): IssueSide {
  return { comments: [], edits: [], reactions: [], pulls: [] };
}

/** The Git Data routes of one full generation on a new branch. */
export const FULL_RUN = [
  "getRef",
  "listTree",
  "createRef",
  "createTree",
  "createCommit",
  "updateRef",
  "getContent",
  "putContent",
] as const;

/**
 * The mocks around one generation started by a writer labelling issue 7 in a repository without
 * .github/appgen.yml: 👀, the progress comment and one edit, the pull request, and `routes` of the in-memory git.
 */
export function labeledRunMocks(routes: readonly GitRoute[] = FULL_RUN) {
  const github = githubApi();
  const repo = new MemoryRepo();
  const side = newSide();
  noConfig(github);
  permission(github, OWNER, "write");
  announce(github, side, { on: "issue", issue: 7, edits: 1 });
  const git = repo.intercept([...routes]);
  pullCreate(github, side);
  return { github, repo, side, git };
}

// ---------------------------------------------------------------------------------------------------------------
// The app card on a branch.

/** The card's SVG parsed as XML (throws when it is not well-formed): its root element. */
export function parsedSvg(text: string): Record<string, any> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`the card is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const svg = new XMLParser({ ignoreAttributes: false }).parse(text).svg;
  if (!svg) throw new Error("the card has no <svg> root");
  return svg;
}

/** The API key the fake model server is given; tests check it never reaches a prompt, a comment or a log. */
export const FAKE_OPENAI_KEY = "sk-test-0123456789abcdefghij";

export interface FakeModel {
  /** The running server (started in beforeAll, closed in afterAll). */
  server(): FakeOpenAiServer;
  /** LLM settings that point the app at the server. */
  llm(model?: string): LlmSettings;
}

/** A fake OpenAI-compatible server for the whole test file, on 127.0.0.1. */
export function useFakeOpenAi(): FakeModel {
  let running: FakeOpenAiServer | undefined;
  beforeAll(async () => {
    running = await startFakeOpenAiServer();
  });
  afterAll(async () => {
    await running?.close();
  });
  const server = (): FakeOpenAiServer => {
    if (!running) throw new Error("useFakeOpenAi(): the server starts in beforeAll; use it inside a hook or test");
    return running;
  };
  return {
    server,
    llm: (model = "fake-coder") => ({ apiKey: FAKE_OPENAI_KEY, baseURL: server().baseURL, model, maxRetries: 0 }),
  };
}
