// A GitHub-compatible REST server on 127.0.0.1 for integration tests, served GHES-style under /api/v3 so Probot
// can be pointed at it with GHE_HOST=127.0.0.1:<port> and GHE_PROTOCOL=http. State lives in a real bare git
// repository (created with a README commit on the default branch) plus memory for issues, pull requests and
// comments. Every request is matched against GitHub's REST description; anything GitHub would not accept, and any
// answer of the fake that breaks the description, is recorded as a violation for the test to assert on.
import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AppAuthority, AuthError, generateAppKey, type Authenticated } from "./app-auth.ts";
import { FakeCore } from "./core.ts";
import { GitStore } from "./git-store.ts";
import { GitHubOpenApi, type OperationMatch } from "./openapi.ts";
import { errorBody, issue, type Site } from "./representations.ts";
import { HttpError, type Reply, type RouteTable } from "./route-types.ts";
import { actionsRoutes } from "./routes/actions-routes.ts";
import { appRoutes } from "./routes/app-routes.ts";
import { gitRoutes } from "./routes/git-routes.ts";
import { issueRoutes } from "./routes/issue-routes.ts";
import { pullRoutes } from "./routes/pull-routes.ts";
import { repoRoutes } from "./routes/repo-routes.ts";
import { BLOB_PREFIX, FakeState, type Permission, type StoredIssue, type StoredWorkflowRun } from "./state.ts";
import { webhookPayloads, type WebhookPayloads } from "./payloads.ts";

const ROUTES: RouteTable = {
  ...appRoutes,
  ...repoRoutes,
  ...gitRoutes,
  ...issueRoutes,
  ...pullRoutes,
  ...actionsRoutes,
};
const API_PREFIX = "/api/v3";
/** Operations reached with the App's JWT rather than an installation token. */
const APP_OPERATIONS = new Set([
  "GET /app",
  "GET /app/installations",
  "GET /app/installations/{installation_id}",
  "POST /app/installations/{installation_id}/access_tokens",
  "GET /repos/{owner}/{repo}/installation",
]);

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  defaultBranch?: string;
  installationId?: number;
  appId?: number;
  appSlug?: string;
  /** The App's private key (PEM); a fresh one is generated when absent and returned as `privateKey`. */
  privateKeyPem?: string;
  /** Permissions granted to the App (app.yml's default_permissions). */
  appPermissions?: Record<string, string>;
  appEvents?: string[];
  /** README content of the initial commit. */
  readme?: string;
  /** The clock for timestamps, tokens and JWT checks. */
  now?: () => Date;
}

export type ViolationKind = "unknown-route" | "request" | "response" | "unimplemented" | "crash";

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  operationId: string | undefined;
  message: string;
}

export interface RecordedRequest {
  method: string;
  /** Decoded API path without /api/v3 and without the query. */
  path: string;
  query: Record<string, string>;
  /** The documented operation, e.g. "git/create-tree". */
  operationId: string | undefined;
  body: unknown;
  status: number;
  auth: Authenticated["kind"] | "invalid";
  /** Answered by failNext rather than by the fake. */
  injected: boolean;
  violations: string[];
}

export interface InjectedFailure {
  method?: string;
  /** Matched against the decoded API path (without /api/v3), e.g. /\/git\/refs\//. */
  path: RegExp;
  status?: number;
  times?: number;
  message?: string;
}

interface PendingFailure {
  method: string | undefined;
  path: RegExp;
  status: number;
  times: number;
  message: string | undefined;
}

export interface FakeGitHub {
  /** http://127.0.0.1:<port> (html_url base). */
  url: string;
  /** http://127.0.0.1:<port>/api/v3, what Octokit's baseUrl should be. */
  apiUrl: string;
  /** "127.0.0.1:<port>", for GHE_HOST (with GHE_PROTOCOL=http). */
  host: string;
  /** The bare git repository that holds the fake's branches. */
  repoDir: string;
  appId: number;
  installationId: number;
  /** The App's private key (the one given, or the generated one). */
  privateKey: string;
  /** The login of the App's bot account ("<slug>[bot]"). */
  botLogin: string;
  requests: RecordedRequest[];
  violations: Violation[];
  state: FakeState;
  payloads: WebhookPayloads;
  /** The next `times` (default 1) matching requests are answered with `status` (default 500) instead. */
  failNext(failure: InjectedFailure): void;
  /** Injected failures not yet used up. */
  pendingFailures(): number;
  /**
   * Merges the open pull request `number` as a fast-forward of its base (GitHub's "rebase and merge" of a branch
   * that is ahead), marks it merged and closed; answers the merge commit (the base's new head).
   */
  mergePull(number: number): Promise<string>;
  /**
   * A finished run of `path` (default the appgen CI workflow) on `branch` at its head, with artifacts (name -> zip
   * bytes); answers the run, for fake.payloads.workflowRunCompleted.
   */
  completeWorkflowRun(input: {
    branch: string;
    conclusion: "success" | "failure";
    path?: string;
    artifacts?: Record<string, Uint8Array>;
  }): Promise<StoredWorkflowRun>;
  /** A person pushes a commit on `branch` (files: path -> content, null deletes); answers the commit SHA. */
  pushAsHuman(input: {
    branch: string;
    files: Record<string, string | null>;
    message: string;
    author?: string;
  }): Promise<string>;
  /** Files an issue as `user` (default: the repository owner); answers it as the REST API would. */
  createIssue(input: { title: string; body?: string; user?: string; labels?: string[] }): Record<string, unknown>;
  setPermission(login: string, permission: Permission): void;
  branchHead(branch: string): Promise<string | undefined>;
  /** Checks out `branch` into a fresh directory (removed by stop()); answers its path. */
  checkout(branch: string): Promise<string>;
  /** Runs git in the bare repository and answers stdout. */
  git(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const DEFAULT_PERMISSIONS: Record<string, string> = {
  contents: "write",
  pull_requests: "write",
  issues: "write",
  checks: "write",
  actions: "write",
  workflows: "write",
  deployments: "read",
  metadata: "read",
};

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const clock = options.now ?? (() => new Date());
  const root = await mkdtemp(join(tmpdir(), "fake-github-"));
  const repoDir = join(root, `${options.repo}.git`);
  const defaultBranch = options.defaultBranch ?? "main";
  const git = await GitStore.init(repoDir, defaultBranch);
  const api = GitHubOpenApi.load();
  const state = new FakeState(clock);
  const privateKey = options.privateKeyPem ?? generateAppKey();
  const appId = options.appId ?? 1001;
  const authority = new AppAuthority(appId, privateKey, state, clock);

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const site: Site = {
    htmlUrl: url,
    apiUrl: `${url}${API_PREFIX}`,
    owner: options.owner,
    repo: options.repo,
    repoId: 700_000_001,
    defaultBranch,
    createdAt: state.now(),
    appId,
    appSlug: options.appSlug ?? "appgen",
    appOwner: options.owner,
    installationId: options.installationId ?? 4_200_001,
    appPermissions: options.appPermissions ?? DEFAULT_PERMISSIONS,
    appEvents: options.appEvents ?? [
      "issues",
      "issue_comment",
      "pull_request",
      "check_suite",
      "workflow_run",
      "deployment_status",
      "installation",
    ],
  };
  const core = new FakeCore(site, state, git, authority);
  state.setPermission(options.owner, "admin");
  await core.commitFiles({
    branch: defaultBranch,
    files: { "README.md": options.readme ?? `# ${options.repo}\n` },
    message: "Initial commit\n",
    author: state.user(options.owner),
  });

  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const failures: PendingFailure[] = [];
  let rateLimitUsed = 0;

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      violations.push({
        kind: "crash",
        method: req.method ?? "",
        path: req.url ?? "",
        operationId: undefined,
        message: String(error),
      });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(errorBody(500, "Server Error")));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const method = req.method ?? "GET";
    const requestUrl = new URL(req.url ?? "/", url);
    const encodedPath = requestUrl.pathname.startsWith(`${API_PREFIX}/`)
      ? requestUrl.pathname.slice(API_PREFIX.length)
      : undefined;
    const path = safeDecode(encodedPath ?? requestUrl.pathname);
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(requestUrl.searchParams),
      operationId: undefined,
      body: parseJson(rawBody),
      status: 0,
      auth: "none",
      injected: false,
      violations: [],
    };
    requests.push(record);
    const violate = (kind: ViolationKind, message: string) => {
      record.violations.push(message);
      violations.push({ kind, method, path, operationId: record.operationId, message });
    };
    const send = (reply: Reply, match?: OperationMatch) => {
      record.status = reply.status;
      const validated = match && !record.injected && reply.status !== 401 && reply.status < 500 && !reply.raw;
      if (validated)
        for (const problem of api.validateResponse(match, reply.status, reply.body)) violate("response", problem);
      rateLimitUsed += 1;
      const headers: Record<string, string> = {
        "x-github-request-id": randomUUID().toUpperCase().slice(0, 23),
        "x-github-media-type": "github.v3; format=json",
        "x-github-api-version-selected": "2022-11-28",
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": String(Math.max(0, 5000 - rateLimitUsed)),
        "x-ratelimit-used": String(rateLimitUsed),
        "x-ratelimit-reset": String(Math.floor(clock().getTime() / 1000) + 3600),
        "x-ratelimit-resource": "core",
        ...reply.headers,
      };
      if (reply.raw) {
        res.writeHead(reply.status, { ...headers, "content-type": reply.raw.contentType });
        res.end(reply.raw.content);
      } else if (reply.body === undefined) {
        res.writeHead(reply.status, headers);
        res.end();
      } else {
        res.writeHead(reply.status, { ...headers, "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(reply.body));
      }
    };

    if (encodedPath === undefined && requestUrl.pathname.startsWith(BLOB_PREFIX)) {
      // Signed blob storage: the URL is the credential, as on GitHub's storage host.
      const id = Number(/artifacts\/(\d+)\.zip$/.exec(requestUrl.pathname)?.[1]);
      const found = [...state.workflowRuns.values()].flatMap((run) => run.artifacts).find((a) => a.id === id);
      send(
        found
          ? { status: 200, raw: { content: found.content, contentType: "application/zip" } }
          : { status: 404, body: errorBody(404, "BlobNotFound") },
      );
      return;
    }
    if (encodedPath === undefined) {
      violate(
        "unknown-route",
        `${method} ${requestUrl.pathname} is not under ${API_PREFIX}: point the client at ${site.apiUrl}`,
      );
      send({ status: 404, body: errorBody(404, "Not Found") });
      return;
    }
    const match = api.match(method, encodedPath);
    if (!match) {
      violate("unknown-route", `${method} ${path} is not an operation of GitHub's REST API`);
      send({ status: 404, body: errorBody(404, "Not Found") });
      return;
    }
    record.operationId = match.operationId;
    for (const problem of api.validateRequest(match, requestUrl.searchParams, rawBody, req.headers["content-type"]))
      violate("request", problem);

    const failure = failures.find((f) => (!f.method || f.method === method) && f.path.test(path));
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      record.injected = true;
      send({ status: failure.status, body: errorBody(failure.status, failure.message ?? "Server Error") });
      return;
    }

    let auth: Authenticated;
    try {
      auth = authority.identify(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      record.auth = "invalid";
      send({ status: 401, body: errorBody(401, error.message) });
      return;
    }
    record.auth = auth.kind;
    const key = `${method} ${match.template}`;
    if (APP_OPERATIONS.has(key) !== (auth.kind === "app") && auth.kind !== "none") {
      const message =
        auth.kind === "app"
          ? "A JSON web token can only reach /app endpoints; use an installation token"
          : "A JSON web token could not be decoded";
      send({ status: 401, body: errorBody(401, message) });
      return;
    }
    if (auth.kind === "none") {
      send({ status: 401, body: errorBody(401, "Requires authentication") });
      return;
    }
    const owner = match.params.owner;
    const repo = match.params.repo;
    if (
      owner !== undefined &&
      (owner.toLowerCase() !== site.owner.toLowerCase() || repo?.toLowerCase() !== site.repo.toLowerCase())
    ) {
      send({ status: 404, body: errorBody(404, "Not Found") }, match);
      return;
    }
    const handler = ROUTES[key];
    if (!handler) {
      violate(
        "unimplemented",
        `fake-github does not implement ${match.operationId} (${key}); add it to test/helpers/fake-github/routes`,
      );
      send({ status: 501, body: errorBody(501, `fake-github does not implement ${key}`) });
      return;
    }
    let reply: Reply;
    try {
      const json = record.body;
      const body = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
      reply = await handler({
        params: match.params,
        query: requestUrl.searchParams,
        body,
        json,
        headers: req.headers,
        auth,
        fake: core,
        url: requestUrl,
      });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 501) violate("unimplemented", error.message);
      reply = { status: error.status, body: errorBody(error.status, error.message, error.errors) };
    }
    send(reply, match);
  }

  const checkouts: string[] = [];
  return {
    url,
    apiUrl: site.apiUrl,
    host: `127.0.0.1:${port}`,
    repoDir,
    appId,
    installationId: site.installationId,
    privateKey,
    botLogin: core.botUser().login,
    requests,
    violations,
    state,
    payloads: webhookPayloads(core),
    failNext(failure) {
      failures.push({
        method: failure.method?.toUpperCase(),
        path: failure.path,
        status: failure.status ?? 500,
        times: failure.times ?? 1,
        message: failure.message,
      });
    },
    pendingFailures: () => failures.reduce((sum, f) => sum + f.times, 0),
    async mergePull(number) {
      const stored = state.pullByNumber(number);
      if (!stored?.pull || stored.state !== "open") throw new Error(`#${number} is not an open pull request`);
      const head = await core.branchHead(stored.pull.head);
      const base = await core.branchHead(stored.pull.base);
      if (!head || !base || !(await git.isAncestor(base, head)))
        throw new Error(`#${number} cannot be fast-forwarded onto ${stored.pull.base}`);
      if (!(await core.moveRef(`refs/heads/${stored.pull.base}`, head, base)))
        throw new Error(`${stored.pull.base} moved while merging`);
      const now = state.now();
      Object.assign(stored.pull, { mergedAt: now, mergeCommitSha: head });
      Object.assign(stored, { state: "closed", closedAt: now, updatedAt: now });
      return head;
    },
    async completeWorkflowRun(input) {
      const headSha = await core.branchHead(input.branch);
      if (!headSha) throw new Error(`no branch ${input.branch}`);
      const createdAt = state.now();
      const run: StoredWorkflowRun = {
        id: state.nextId("run"),
        name: "appgen CI",
        path: input.path ?? ".github/workflows/appgen-ci.yml",
        headBranch: input.branch,
        headSha,
        conclusion: input.conclusion,
        createdAt,
        artifacts: Object.entries(input.artifacts ?? {}).map(([name, zip]) => ({
          id: state.nextId("artifact"),
          name,
          content: Buffer.from(zip),
          createdAt,
        })),
      };
      state.workflowRuns.set(run.id, run);
      return run;
    },
    pushAsHuman: (input) =>
      core.commitFiles({
        branch: input.branch,
        files: input.files,
        message: input.message,
        author: state.user(input.author ?? options.owner),
      }),
    createIssue(input) {
      const now = state.now();
      const stored: StoredIssue = {
        id: state.nextId("issue"),
        number: state.nextNumber(),
        title: input.title,
        body: input.body ?? null,
        user: state.user(input.user ?? options.owner).login,
        state: "open",
        labels: (input.labels ?? []).map((name) => state.label(name).name),
        locked: false,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      };
      state.issues.set(stored.number, stored);
      return issue(site, state, stored);
    },
    setPermission: (login, permission) => state.setPermission(login, permission),
    branchHead: (branch) => core.branchHead(branch),
    async checkout(branch) {
      const dir = join(root, `checkout-${checkouts.length + 1}`);
      checkouts.push(dir);
      await promisify(execFile)("git", ["clone", "-q", "--branch", branch, repoDir, dir]);
      return dir;
    },
    git: (args) => git.text(args),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
