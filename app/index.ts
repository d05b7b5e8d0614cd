// The Probot app: registers the handlers, nothing else. The server (app/server.ts) or a test builds the dependencies.
import type { ApplicationFunction } from "probot";
import { defaultDeps, type AppDeps } from "./handlers/deps.ts";
import { onIssueCommentCreated } from "./handlers/issue-comment-created.ts";
import { onDeploymentStatusCreated } from "./handlers/deployment-status.ts";
import { onIssuesLabeled } from "./handlers/issues-labeled.ts";
import { onPullRequestClosed } from "./handlers/pull-request-closed.ts";
import { onWorkflowRunCompleted } from "./handlers/workflow-run-completed.ts";

export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    app.on("issues.labeled", onIssuesLabeled(deps));
    app.on("issue_comment.created", onIssueCommentCreated(deps));
    app.on("workflow_run.completed", onWorkflowRunCompleted(deps));
    app.on("pull_request.closed", onPullRequestClosed(deps));
    app.on("deployment_status.created", onDeploymentStatusCreated(deps));
  };
}

/** For `probot run app/index.ts`: an in-process queue and no LLM unless the server passes one. */
const appgen: ApplicationFunction = createApp(defaultDeps());
export default appgen;
