// pull_request.closed: a merged appgen pull request → the issue hears that the deployment started.
import { afterEach, describe, expect, it } from "vitest";
import {
  commentOn,
  ISSUE,
  newCommentLog,
  progressComment,
  pullRequestClosedPayload,
  receive,
} from "../github/check-runs.ts";
import { githubApi, useGitHubApi } from "../helpers/github-api.ts";
import { testApp, type TestApp } from "./harness.ts";

useGitHubApi();

let app: TestApp | undefined;
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

describe("pull_request.closed", () => {
  it("comments on the issue that the deployment started, with the deploy workflow's runs, and marks the progress comment", async () => {
    app = await testApp();
    const github = githubApi();
    const log = newCommentLog();
    commentOn(github, log, ISSUE);
    progressComment(github, log);
    await receive(app, "pull_request", pullRequestClosedPayload({ merged: true }));

    const runs = "https://github.com/Codertocat/Hello-World/actions/workflows/appgen-deploy.yml?query=branch%3Amaster";
    expect(log.created).toEqual([
      {
        issue: ISSUE,
        body: `🚀 #8 was merged into \`master\`, so the deployment has started: [appgen deploy runs](${runs}).\n\nappgen posts the live URL here when the deployment is done. If Vercel is not set up yet, the run's summary says which secrets to add.`,
      },
    ]);
    expect(log.edited[0]?.body).toContain(
      `<!-- appgen:deploy -->\n#### Deployment\n\n⏳ Deploying ([workflow runs](${runs})).\n<!-- /appgen:deploy -->`,
    );
  });

  it.each([
    ["closed without merging", { merged: false }, "the pull request was closed without merging"],
    [
      "another branch",
      { merged: true, branch: "feature/login" },
      "the pull request's branch 'feature/login' is not an appgen branch",
    ],
    ["a fork", { merged: true, fork: true }, "the pull request comes from a fork"],
  ])("ignores a pull request %s without a request", async (_name, options, reason) => {
    app = await testApp();
    githubApi();
    await receive(app, "pull_request", pullRequestClosedPayload(options));
    expect(app.ignored()).toEqual([reason]);
  });
});
