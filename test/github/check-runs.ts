// Fixtures for the auto-fix and deploy handler tests: payloads from @octokit/webhooks-examples adapted to an appgen
// branch, a small generated app on a MemoryRepo branch with its stage history, and the GitHub routes the auto-fix
// and deploy jobs use (every request validated against GitHub's REST description by test/helpers/github-api.ts).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { strToU8, zipSync } from "fflate";
import { canonicalJson, manifestSha256, parseManifest, type Manifest } from "../../app/core/manifest/index.ts";
import { commitMessage } from "../../app/core/pipeline/commit-message.ts";
import { PROGRESS_MARKER } from "../../app/core/progress.ts";
import type { Diagnostic, DiagnosticsReport } from "../../app/core/schema-types/diagnostics.ts";
import { errorResponse, type GitHubApi } from "../helpers/github-api.ts";
import { BASE, MemoryRepo, OWNER, REPO, REPO_PATH, type TestApp } from "../handlers/harness.ts";

export const BRANCH = "appgen/issue-7";
export const ISSUE = 7;
export const PULL = 8;
export const RUN_ID = 30433642;
export const ARTIFACT_ID = 1_234_567;
export const HTML = `https://github.com/${OWNER}/${REPO}`;
/** Where GitHub redirects artifact and log downloads (signed blob storage URLs). */
export const BLOBS = "https://productionresultssa0.blob.core.windows.net";

const require = createRequire(import.meta.url);
type Example = { name: string; examples: Record<string, unknown>[] };
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

function example(name: string, action: string, index = 0): Record<string, any> {
  const found = examples.find((e) => e.name === name)?.examples.filter((x) => x.action === action)[index];
  if (!found) throw new Error(`no ${name}.${action} example #${index}`);
  return structuredClone(found) as Record<string, any>;
}

const INSTALLATION = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };

/** The examples' repository, as Codertocat/Hello-World (the harness's coordinates). */
function ourRepository(payload: Record<string, any>): Record<string, any> {
  const repository = example("issues", "labeled").repository;
  payload.repository = repository;
  payload.installation = INSTALLATION;
  return repository;
}

export interface RunOptions {
  conclusion?: "success" | "failure" | "cancelled";
  branch?: string;
  fork?: boolean;
  path?: string;
  headSha: string;
  headMessage?: string;
  runId?: number;
}

export function workflowRunPayload(options: RunOptions): Record<string, any> {
  const payload = example("workflow_run", "completed", 1);
  const repository = ourRepository(payload);
  const run = payload.workflow_run;
  run.id = options.runId ?? RUN_ID;
  run.name = "appgen CI";
  run.path = options.path ?? ".github/workflows/appgen-ci.yml";
  run.event = "pull_request";
  run.conclusion = options.conclusion ?? "failure";
  run.head_branch = options.branch ?? BRANCH;
  run.head_sha = options.headSha;
  run.head_commit = {
    ...run.head_commit,
    id: options.headSha,
    message: options.headMessage ?? "appgen(files): Next.js project\n\nAppgen-Stage: files\n",
  };
  run.html_url = `${HTML}/actions/runs/${run.id}`;
  run.repository = { ...run.repository, full_name: repository.full_name };
  run.head_repository = { ...run.head_repository, full_name: options.fork ? `someone/${REPO}` : repository.full_name };
  run.pull_requests = [];
  return payload;
}

export function pullRequestClosedPayload(options: {
  merged: boolean;
  branch?: string;
  fork?: boolean;
}): Record<string, any> {
  const payload = example("pull_request", "closed");
  const repository = ourRepository(payload);
  const pull = payload.pull_request;
  pull.number = PULL;
  pull.merged = options.merged;
  pull.merged_at = options.merged ? "2025-06-01T12:00:00Z" : null;
  pull.head.ref = options.branch ?? BRANCH;
  pull.head.repo = { ...pull.head.repo, full_name: options.fork ? `someone/${REPO}` : repository.full_name };
  pull.base.ref = BASE;
  payload.number = PULL;
  return payload;
}

export function deploymentStatusPayload(options: {
  state: "success" | "failure" | "error" | "in_progress";
  sha: string;
  environmentUrl?: string;
  logUrl?: string;
  description?: string;
}): Record<string, any> {
  const payload = example("deployment_status", "created");
  ourRepository(payload);
  payload.deployment.sha = options.sha;
  payload.deployment.ref = BASE;
  payload.deployment.environment = "production";
  payload.deployment_status.state = options.state;
  payload.deployment_status.environment = "production";
  payload.deployment_status.environment_url = options.environmentUrl ?? "";
  payload.deployment_status.log_url = options.logUrl ?? "";
  payload.deployment_status.target_url = options.logUrl ?? "";
  payload.deployment_status.description = options.description ?? "";
  return payload;
}

/** A preview's deployment_status (appgen-preview.yml): environment Preview, transient, ref = the head branch. */
export function previewStatusPayload(options: {
  state: "success" | "failure" | "error" | "in_progress";
  sha: string;
  ref?: string;
  pullRequest?: number;
  environmentUrl?: string;
  logUrl?: string;
  description?: string;
}): Record<string, any> {
  const payload = deploymentStatusPayload(options);
  payload.deployment.ref = options.ref ?? BRANCH;
  payload.deployment.environment = "Preview";
  payload.deployment.original_environment = "Preview";
  payload.deployment.transient_environment = true;
  payload.deployment.production_environment = false;
  payload.deployment.payload = { sha: options.sha, pull_request: options.pullRequest ?? PULL };
  payload.deployment_status.environment = "Preview";
  return payload;
}

let deliveries = 0;

export async function receive(
  app: TestApp,
  name: "workflow_run" | "pull_request" | "deployment_status",
  payload: Record<string, unknown>,
): Promise<void> {
  await app.probot.receive({ id: `check-delivery-${++deliveries}`, name, payload } as never);
  await app.deps.queue.drain();
}

// ---------------------------------------------------------------------------------------------------------------
// A small generated app on the branch: the manifest, two files with a `let` that ESLint's prefer-const flags, and
// the stage commits a generation leaves.

export const MANIFEST: Manifest = parseManifest(
  readFileSync(join(import.meta.dirname, "../e2e/manifests/expenses.json"), "utf8"),
);
const SHA = manifestSha256(MANIFEST);

export const UTILS = "export function twice(value: number): number {\n  let result = value * 2;\n  return result;\n}\n";
export const FORMAT = "export function label(name: string): string {\n  let text = name.trim();\n  return text;\n}\n";
export const CONFIG_TS = 'export const appName = "Expenses";\n';

export function stageMessage(
  stage: "plan" | "files" | "fix",
  paths: string[],
  extra: Record<string, string> = {},
): string {
  return commitMessage(stage, MANIFEST, SHA, paths, extra);
}

/** A MemoryRepo whose appgen branch holds the generated app (plan and files commits) on top of the base branch. */
export function generatedRepo(): MemoryRepo {
  const repo = new MemoryRepo();
  repo.refs.set(BRANCH, repo.refs.get(BASE)!);
  repo.commitAsPerson(
    BRANCH,
    { "appgen/manifest.json": canonicalJson(MANIFEST) },
    stageMessage("plan", ["appgen/manifest.json"]),
  );
  repo.commitAsPerson(
    BRANCH,
    { "lib/utils.ts": UTILS, "lib/format.ts": FORMAT, "lib/app-config.ts": CONFIG_TS },
    stageMessage("files", ["lib/utils.ts", "lib/format.ts", "lib/app-config.ts"]),
  );
  return repo;
}

export function head(repo: MemoryRepo, branch = BRANCH): string {
  return repo.refs.get(branch)!;
}

export function preferConst(file: string, name: string): Diagnostic {
  return {
    step: "lint",
    file,
    line: 2,
    column: 7,
    code: "prefer-const",
    severity: "error",
    message: `'${name}' is never reassigned. Use 'const' instead.`,
  };
}

export function report(diagnostics: Diagnostic[]): DiagnosticsReport {
  return {
    version: 1,
    ok: false,
    app_dir: "/home/runner/work/Hello-World/Hello-World",
    started_at: "2025-06-01T12:00:00.000Z",
    duration_ms: 61_000,
    steps: [
      {
        step: "install",
        status: "passed",
        duration_ms: 9_000,
        command: "pnpm install --frozen-lockfile",
        diagnostics: [],
      },
      {
        step: "lint",
        status: diagnostics.some((d) => d.step === "lint") ? "failed" : "passed",
        duration_ms: 8_000,
        command: "pnpm lint",
        diagnostics: diagnostics.filter((d) => d.step === "lint"),
      },
      {
        step: "typecheck",
        status: diagnostics.some((d) => d.step === "typecheck") ? "failed" : "passed",
        duration_ms: 7_000,
        command: "pnpm typecheck",
        diagnostics: diagnostics.filter((d) => d.step === "typecheck"),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Routes.

/** The pull request body as the generation wrote it (its card section comes later, from status changes). */
export const OPEN_PULL_BODY = "<!-- appgen:pull-request -->\nCloses #7\n";

/**
 * The open pull request of the branch, and its body's edits (status changes rewrite the card section there; the
 * edit is optional because not every path changes the status).
 */
/** The head commit openPull answers unless a test names another. */
export const PULL_HEAD = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

export function openPull(
  github: GitHubApi,
  options: { labels?: string[]; found?: boolean; headSha?: string } = {},
): { bodies: string[] } {
  const bodies: string[] = [];
  github
    .get(`${REPO_PATH}/pulls`)
    .query({ head: `${OWNER}:${BRANCH}`, state: "open", per_page: "1" })
    .reply(() => [
      200,
      options.found === false
        ? []
        : [
            {
              number: PULL,
              html_url: `${HTML}/pull/${PULL}`,
              body: OPEN_PULL_BODY,
              labels: (options.labels ?? []).map((name, i) => ({ id: i + 1, name })),
              head: { ref: BRANCH, sha: options.headSha ?? PULL_HEAD },
            },
          ],
    ]);
  github
    .patch(`${REPO_PATH}/pulls/${PULL}`)
    .optionally()
    .reply((_uri, request: any) => {
      bodies.push(request.body);
      return [200, { number: PULL, body: request.body }];
    });
  return { bodies };
}

/** GET /commits?sha=<branch>: the branch's history from the MemoryRepo, newest first (as GitHub lists it). */
export function branchCommits(github: GitHubApi, repo: MemoryRepo, branch = BRANCH): void {
  github
    .get(`${REPO_PATH}/commits`)
    .query({ sha: branch, per_page: "50" })
    .reply(() => {
      const list: { sha: string; commit: { message: string } }[] = [];
      for (let sha = repo.refs.get(branch); sha; sha = repo.commits.get(sha)?.parents[0])
        list.push({ sha, commit: { message: repo.commits.get(sha)!.message } });
      return [200, list];
    });
}

function artifact(size: number): Record<string, unknown> {
  return {
    id: ARTIFACT_ID,
    node_id: "MDg6QXJ0aWZhY3QxMjM0NTY3",
    name: "appgen-diagnostics",
    size_in_bytes: size,
    url: `https://api.github.com${REPO_PATH}/actions/artifacts/${ARTIFACT_ID}`,
    archive_download_url: `https://api.github.com${REPO_PATH}/actions/artifacts/${ARTIFACT_ID}/zip`,
    expired: false,
    created_at: "2025-06-01T12:01:00Z",
    expires_at: "2025-06-15T12:01:00Z",
    updated_at: "2025-06-01T12:01:00Z",
    workflow_run: {
      id: RUN_ID,
      repository_id: 1296269,
      head_repository_id: 1296269,
      head_branch: BRANCH,
      head_sha: "0".repeat(40),
    },
  };
}

/** The run's appgen-diagnostics artifact: listed, then downloaded through GitHub's redirect to blob storage. */
export function diagnosticsArtifact(
  github: GitHubApi,
  diagnostics: DiagnosticsReport | Uint8Array,
): { blobs: nock.Scope } {
  const zip =
    diagnostics instanceof Uint8Array
      ? diagnostics
      : zipSync({ "diagnostics.json": strToU8(JSON.stringify(diagnostics)) });
  github
    .get(`${REPO_PATH}/actions/runs/${RUN_ID}/artifacts`)
    .query({ name: "appgen-diagnostics", per_page: "10" })
    .reply(200, { total_count: 1, artifacts: [artifact(zip.byteLength)] });
  const signed = `/artifacts/${ARTIFACT_ID}.zip?sig=signed`;
  github.get(`${REPO_PATH}/actions/artifacts/${ARTIFACT_ID}/zip`).reply(302, "", { location: `${BLOBS}${signed}` });
  const blobs = nock(BLOBS).get(signed).reply(200, Buffer.from(zip), { "content-type": "application/zip" });
  return { blobs };
}

export function noArtifact(github: GitHubApi): void {
  github
    .get(`${REPO_PATH}/actions/runs/${RUN_ID}/artifacts`)
    .query({ name: "appgen-diagnostics", per_page: "10" })
    .reply(200, { total_count: 0, artifacts: [] });
}

export const JOB_ID = 399444496;

/** The run's jobs (one failed) and the failed job's log, downloaded through the redirect. */
export function failedJobLog(github: GitHubApi, log: string): { blobs: nock.Scope } {
  github
    .get(`${REPO_PATH}/actions/runs/${RUN_ID}/jobs`)
    .query({ filter: "latest", per_page: "100" })
    .reply(() => [
      200,
      {
        total_count: 1,
        jobs: [{ id: JOB_ID, run_id: RUN_ID, name: "check", status: "completed", conclusion: "failure" }],
      },
    ]);
  const signed = `/logs/${JOB_ID}.txt?sig=signed`;
  github.get(`${REPO_PATH}/actions/jobs/${JOB_ID}/logs`).reply(302, "", { location: `${BLOBS}${signed}` });
  const blobs = nock(BLOBS).get(signed).reply(200, log, { "content-type": "text/plain" });
  return { blobs };
}

export interface CommentLog {
  created: { issue: number; body: string }[];
  edited: { id: number; body: string }[];
  labels: { issue: number; labels: string[] }[];
}

export function newCommentLog(): CommentLog {
  return { created: [], edited: [], labels: [] };
}

export const PROGRESS_ID = 5001;
export const PROGRESS_BODY = `${PROGRESS_MARKER}\n### Generated the app\n\n- [x] ✅ Plan the manifest\n`;

function listedComment(issue: number, id: number, body: string, bot: boolean): Record<string, unknown> {
  return {
    id,
    body,
    user: { login: bot ? "appgen[bot]" : "Codertocat", type: bot ? "Bot" : "User" },
    html_url: `${HTML}/issues/${issue}#issuecomment-${id}`,
    created_at: "2025-06-01T12:00:00Z",
  };
}

/**
 * The progress comment on the issue (the label's run), none on the pull request but a person's; then one edit.
 * `body` is what the comment holds now.
 */
export function progressComment(github: GitHubApi, log: CommentLog, body = PROGRESS_BODY): void {
  github
    .get(`${REPO_PATH}/issues/${PULL}/comments`)
    .query({ per_page: "100" })
    .reply(() => [200, [listedComment(PULL, 6001, `${PROGRESS_MARKER} quoted by a person`, false)]]);
  github
    .get(`${REPO_PATH}/issues/${ISSUE}/comments`)
    .query({ per_page: "100" })
    .reply(() => [200, [listedComment(ISSUE, PROGRESS_ID, body, true)]]);
  github.patch(`${REPO_PATH}/issues/comments/${PROGRESS_ID}`).reply((_uri, request: any) => {
    log.edited.push({ id: PROGRESS_ID, body: request.body });
    return [200, { id: PROGRESS_ID, body: request.body }];
  });
}

export function commentOn(github: GitHubApi, log: CommentLog, issue: number): void {
  github.post(`${REPO_PATH}/issues/${issue}/comments`).reply((_uri, request: any) => {
    log.created.push({ issue, body: request.body });
    return [201, { id: 7000 + log.created.length, body: request.body }];
  });
}

export function labelPull(github: GitHubApi, log: CommentLog): void {
  github.post(`${REPO_PATH}/issues/${PULL}/labels`).reply((_uri, request: any) => {
    log.labels.push({ issue: PULL, labels: request.labels });
    return [200, request.labels.map((name: string, i: number) => ({ id: i + 1, name }))];
  });
}

/**
 * What a passing run's screenshots job asks: the open pull request (whose head is `headSha`), then the pictures'
 * index on the appgen-screenshots branch — `index` (raw JSON text), or none (404) when it is undefined.
 */
export function screenshotsLookup(github: GitHubApi, headSha: string, index?: string): void {
  github
    .get(`${REPO_PATH}/pulls`)
    .query({ head: `${OWNER}:${BRANCH}`, state: "open", per_page: "1" })
    .reply(() => [
      200,
      [
        {
          number: PULL,
          html_url: `${HTML}/pull/${PULL}`,
          body: OPEN_PULL_BODY,
          labels: [],
          head: { ref: BRANCH, sha: headSha },
        },
      ],
    ]);
  github
    .get(`${REPO_PATH}/contents/${PULL}%2F${headSha}%2Findex.json`)
    .query({ ref: "appgen-screenshots" })
    .reply(() =>
      index === undefined
        ? [404, errorResponse(404, "Not Found", "repos/contents#get-repository-content")]
        : [200, index, { "content-type": "application/vnd.github.raw; charset=utf-8" }],
    );
}
