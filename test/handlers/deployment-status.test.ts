// deployment_status.created: the deployment of an appgen pull request's merge → the URL (or the failure) on the pull
// request and the issue, in the pull request's summary and in the progress comment.
import { afterEach, describe, expect, it } from "vitest";
import { cardFromManifest, CARD_PATH, renderCardSection, renderCardSvg } from "../../app/core/card.ts";
import { withSection } from "../../app/core/progress.ts";
import { canonicalJson, manifestSha256 } from "../../app/core/manifest/index.ts";
import { cardOfRun, type RunRecord } from "../../app/core/runs.ts";
import { cardCommitMessage } from "../../app/core/pipeline/commit-message.ts";
import {
  commentOn,
  deploymentStatusPayload,
  ISSUE,
  MANIFEST,
  newCommentLog,
  openPull,
  previewStatusPayload,
  progressComment,
  PROGRESS_BODY,
  PROGRESS_ID,
  PULL,
  receive,
  BRANCH,
  HTML,
} from "../github/check-runs.ts";
import { githubApi, useGitHubApi, type GitHubApi } from "../helpers/github-api.ts";
import { BASE, MemoryRepo, noConfig, OWNER, parsedSvg, REPO, REPO_PATH, testApp, type TestApp } from "./harness.ts";

useGitHubApi();

const MERGE = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const PULL_BODY = "<!-- appgen:pull-request -->\nCloses #7\n\nappgen planned **Expenses**.\n";
let app: TestApp | undefined;

const RUN: RunRecord = {
  id: "delivery-generation",
  installationId: 1,
  repository: `${OWNER}/${REPO}`,
  repositoryUrl: HTML,
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
  autofixAttempts: 1,
};

/** The base branch after the merge: the app is there, without a card yet. */
function mergedRepo(): MemoryRepo {
  return new MemoryRepo({ "README.md": "# Hello-World\n", "appgen/manifest.json": canonicalJson(MANIFEST) });
}
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

function pullsOfCommit(
  github: GitHubApi,
  pulls: { number?: number; head: string; merged: boolean; fork?: boolean }[],
): void {
  github.get(`${REPO_PATH}/commits/${MERGE}/pulls`).reply(() => [
    200,
    pulls.map((p) => ({
      number: p.number ?? PULL,
      html_url: `${HTML}/pull/${p.number ?? PULL}`,
      body: PULL_BODY,
      merged_at: p.merged ? "2025-06-01T12:00:00Z" : null,
      head: { ref: p.head, repo: { full_name: p.fork ? `someone/${REPO}` : `${OWNER}/${REPO}` } },
      base: { ref: "master", repo: { full_name: `${OWNER}/${REPO}` } },
    })),
  ]);
}

/** PATCH /pulls/8, `times` times: the deploy section, then (a live URL) the card section of the body. */
function pullBodyUpdate(github: GitHubApi, bodies: string[], times = 1): void {
  github
    .patch(`${REPO_PATH}/pulls/${PULL}`)
    .times(times)
    .reply((_uri, request: any) => {
      bodies.push(request.body);
      return [200, { number: PULL, body: request.body }];
    });
}

/** A merged app whose generation is in the run store, with the requests a successful deployment makes. */
async function recordedMergedApp(app: TestApp) {
  await app.deps.runs.admit(RUN, {
    dayStart: "2025-06-01T00:00:00.000Z",
    generationsPerDay: 10,
    tokensPerDay: undefined,
  });
  const github = githubApi();
  pullsOfCommit(github, [{ head: BRANCH, merged: true }]);
  const log = newCommentLog();
  commentOn(github, log, PULL);
  commentOn(github, log, ISSUE);
  pullBodyUpdate(github, [], 2);
  progressComment(github, log);
  noConfig(github);
  return { repo: mergedRepo(), log };
}

describe("deployment_status.created", () => {
  it("posts the live URL on the pull request and the issue, and adds it to the pull request's summary and the progress comment", async () => {
    app = await testApp();
    const github = githubApi();
    pullsOfCommit(github, [{ head: BRANCH, merged: true }]);
    const log = newCommentLog();
    commentOn(github, log, PULL);
    commentOn(github, log, ISSUE);
    const bodies: string[] = [];
    pullBodyUpdate(github, bodies, 2);
    progressComment(github, log);
    noConfig(github);
    const repo = mergedRepo();
    repo.intercept(["getContent", "putContent"]);
    await receive(
      app,
      "deployment_status",
      deploymentStatusPayload({ state: "success", sha: MERGE, environmentUrl: "https://expenses-acme.vercel.app" }),
    );

    const comment =
      "🚀 The app is live: <https://expenses-acme.vercel.app>\n\nDeployed to `production` from `9f8e7d6` (the merge of #8).";
    expect(log.created).toEqual([
      { issue: PULL, body: comment },
      { issue: ISSUE, body: comment },
    ]);
    const section =
      "<!-- appgen:deploy -->\n#### Deployment\n\n🚀 Live to production: <https://expenses-acme.vercel.app>\n<!-- /appgen:deploy -->";
    const card = {
      ...cardFromManifest(MANIFEST),
      check: "unknown" as const,
      autofixAttempts: 0,
      deployUrl: "https://expenses-acme.vercel.app",
    };
    const withDeploy = `${PULL_BODY.trimEnd()}\n\n${section}\n`;
    // Then the body's card shows the URL too (the same card as the base branch's).
    expect(bodies).toEqual([withDeploy, withSection(withDeploy, "card", renderCardSection(card))]);
    expect(bodies[1]).toContain("[expenses\\-acme\\.vercel\\.app](https://expenses-acme.vercel.app)");
    expect(log.edited[0]?.body).toContain(section);
    // The run store lost this app: the card comes from the manifest on the base branch, with what the event says.
    expect(repo.log(BASE)[0]).toBe(
      cardCommitMessage("deployed to https://expenses-acme.vercel.app", manifestSha256(MANIFEST), true),
    );
    expect(repo.files(BASE).get(CARD_PATH)).toBe(renderCardSvg(card));
  });

  it("records the live URL in the run store and puts it on the card of the base branch, with [skip ci]", async () => {
    app = await testApp();
    const { repo, log } = await recordedMergedApp(app);
    const git = repo.intercept(["getContent", "putContent"]);
    await receive(
      app,
      "deployment_status",
      deploymentStatusPayload({ state: "success", sha: MERGE, environmentUrl: "https://expenses-acme.vercel.app" }),
    );

    const stored = (await app.deps.runs.get(RUN.id))!;
    expect(stored).toMatchObject({
      deployUrl: "https://expenses-acme.vercel.app",
      check: "passing",
      autofixAttempts: 1,
    });
    const svg = repo.files(BASE).get(CARD_PATH)!;
    expect(svg).toBe(renderCardSvg(cardOfRun(stored)!));
    expect(svg).toMatch(/>expenses-acme\.vercel/);
    expect(parsedSvg(svg)["@_width"]).toBe("800");
    const put = git.requests.find((r) => r.method === "PUT")!;
    expect(put.body).toMatchObject({
      branch: BASE,
      message: `appgen(card): app card — deployed to https://expenses-acme.vercel.app [skip ci]\n\nAppgen-Stage: card\nAppgen-Manifest-Sha: ${manifestSha256(MANIFEST)}\n`,
    });
  });

  it("leaves the card alone on a protected base branch (GitHub answers 422) and still reports the deployment", async () => {
    app = await testApp();
    const { repo, log } = await recordedMergedApp(app);
    repo.protectedBranches.add(BASE);
    const before = repo.refs.get(BASE);
    repo.intercept(["getContent", "putContent"]);
    await receive(
      app,
      "deployment_status",
      deploymentStatusPayload({ state: "success", sha: MERGE, environmentUrl: "https://expenses-acme.vercel.app" }),
    );

    expect(log.created.map((c) => c.issue)).toEqual([PULL, ISSUE]);
    expect(repo.refs.get(BASE)).toBe(before);
    expect((await app.deps.runs.get(RUN.id))?.deployUrl).toBe("https://expenses-acme.vercel.app");
    expect(
      app.logs.some(
        (l) =>
          l.msg === "app card not committed: GitHub refused the commit (branch moved or protected)" && l.status === 422,
      ),
    ).toBe(true);
    expect(app.logs.some((l) => l.msg === "deployment report failed")).toBe(false);
  });

  it("reports a failed deployment with its log on the pull request and the issue", async () => {
    app = await testApp();
    const github = githubApi();
    pullsOfCommit(github, [
      { number: 3, head: "feature/other", merged: true },
      { head: BRANCH, merged: true },
    ]);
    const log = newCommentLog();
    commentOn(github, log, PULL);
    commentOn(github, log, ISSUE);
    pullBodyUpdate(github, []);
    progressComment(github, log);
    const logUrl = "https://github.com/Codertocat/Hello-World/actions/runs/42";
    await receive(
      app,
      "deployment_status",
      deploymentStatusPayload({
        state: "failure",
        sha: MERGE,
        logUrl,
        description: "appgen: the Vercel deployment failed",
      }),
    );

    expect(log.created.map((c) => c.issue)).toEqual([PULL, ISSUE]);
    expect(log.created[0]?.body).toBe(
      `❌ The deployment of #8 to \`production\` failed: appgen: the Vercel deployment failed\n\nThe [deployment log](${logUrl}) says why. Fix the cause (often a missing Vercel secret or environment variable), then re-run the appgen deploy workflow.`,
    );
    expect(log.edited[0]?.body).toContain(
      `❌ The deployment to production failed: appgen: the Vercel deployment failed ([log](${logUrl})).`,
    );
  });

  it("ignores a deployment of a commit that no merged appgen pull request made", async () => {
    app = await testApp();
    const github = githubApi();
    pullsOfCommit(github, [
      { head: BRANCH, merged: false },
      { head: "appgen/issue-3", merged: true, fork: true },
    ]);
    noConfig(github); // a live URL may need the card's folder: the handler reads the config before queueing
    await receive(
      app,
      "deployment_status",
      deploymentStatusPayload({ state: "success", sha: MERGE, environmentUrl: "https://x.vercel.app" }),
    );
    expect(app.logs.some((l) => l.reason === "no merged appgen pull request has commit 9f8e7d6")).toBe(true);
  });

  it("ignores a deployment still in progress without a request", async () => {
    app = await testApp();
    githubApi();
    await receive(app, "deployment_status", deploymentStatusPayload({ state: "in_progress", sha: MERGE }));
    expect(app.ignored()).toEqual(["the deployment is in_progress, not finished"]);
  });
});

describe("deployment_status.created of a pull request's preview", () => {
  const HEAD = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
  const URL = "https://hello-world-git-appgen-issue-7-codertocat.vercel.app";

  it("puts the preview URL into the progress comment, edited in place: no comment, no body change, no commit", async () => {
    app = await testApp();
    const github = githubApi();
    openPull(github, { headSha: HEAD });
    const log = newCommentLog();
    progressComment(github, log);
    await receive(app, "deployment_status", previewStatusPayload({ state: "success", sha: HEAD, environmentUrl: URL }));

    expect(log.created).toEqual([]);
    expect(log.edited).toEqual([
      {
        id: PROGRESS_ID,
        body: withSection(
          PROGRESS_BODY,
          "preview",
          `#### Preview\n\n🔎 Preview of [\`5ca1ab1\`](${HTML}/commit/${HEAD}): <${URL}>\n\nEvery push to this pull request deploys a new preview (its own database, with the seed's demo users); this line follows the latest.`,
        ),
      },
    ]);
    // Only reads and the one comment edit: the branch and the pull request body are not written.
    expect(github.requests.map((r) => `${r.method} ${r.operation?.operationId}`)).toEqual([
      "GET pulls/list",
      "GET issues/list-comments",
      "GET issues/list-comments",
      "PATCH issues/update-comment",
    ]);
  });

  it("replaces the section with the next push's preview rather than adding one", async () => {
    app = await testApp();
    const github = githubApi();
    openPull(github, { headSha: HEAD });
    const log = newCommentLog();
    const earlier = withSection(PROGRESS_BODY, "preview", "#### Preview\n\n🔎 Preview of an older push");
    progressComment(github, log, earlier);
    await receive(app, "deployment_status", previewStatusPayload({ state: "success", sha: HEAD, environmentUrl: URL }));
    const body = log.edited[0]!.body;
    expect(body.match(/<!-- appgen:preview -->/g)).toHaveLength(1);
    expect(body).not.toContain("an older push");
    expect(body).toContain(`<${URL}>`);
  });

  it("reports a failed preview with its log", async () => {
    app = await testApp();
    const github = githubApi();
    openPull(github, { headSha: HEAD });
    const log = newCommentLog();
    progressComment(github, log);
    const logUrl = `${HTML}/actions/runs/77`;
    await receive(
      app,
      "deployment_status",
      previewStatusPayload({
        state: "failure",
        sha: HEAD,
        logUrl,
        description: "appgen: the preview database could not be prepared; nothing was deployed",
      }),
    );
    expect(log.created).toEqual([]);
    expect(log.edited[0]?.body).toContain(
      `❌ The preview of [\`5ca1ab1\`](${HTML}/commit/${HEAD}) failed: appgen: the preview database could not be prepared; nothing was deployed ([log](${logUrl})).`,
    );
  });

  it("drops the status of a push that is no longer the pull request's head (an older preview finishing late)", async () => {
    app = await testApp();
    const github = githubApi();
    openPull(github, { headSha: HEAD });
    const older = "a".repeat(40);
    await receive(
      app,
      "deployment_status",
      previewStatusPayload({ state: "success", sha: older, environmentUrl: URL }),
    );
    expect(
      app.logs.some(
        (l) =>
          l.msg === "preview not reported" && l.reason === `aaaaaaa is no longer the head of #${PULL} (5ca1ab1 is)`,
      ),
    ).toBe(true);
  });

  it("ignores a preview of a branch that is not appgen's without a request, and one still in progress", async () => {
    app = await testApp();
    githubApi();
    await receive(
      app,
      "deployment_status",
      previewStatusPayload({ state: "success", sha: HEAD, ref: "feature/login", environmentUrl: URL }),
    );
    await receive(app, "deployment_status", previewStatusPayload({ state: "in_progress", sha: HEAD }));
    expect(app.ignored()).toEqual([
      "the preview's branch 'feature/login' is not an appgen branch",
      "the deployment is in_progress, not finished",
    ]);
  });
});
