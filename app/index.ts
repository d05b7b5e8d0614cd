// The Probot app: registers the handlers, nothing else. The server (app/server.ts) or a test builds the dependencies.
import type { ApplicationFunction } from "probot";
import { defaultDeps, type AppDeps } from "./handlers/deps.ts";
import { onIssueCommentCreated } from "./handlers/issue-comment-created.ts";
import { onDeploymentStatusCreated } from "./handlers/deployment-status.ts";
import { onIssuesLabeled } from "./handlers/issues-labeled.ts";
import { onPullRequestClosed } from "./handlers/pull-request-closed.ts";
import { onWorkflowRunCompleted } from "./handlers/workflow-run-completed.ts";
import { rerunner } from "./handlers/rerun.ts";
import type { JobQueue, QueueInspector } from "./ports.ts";
import { createDashboard } from "./web/dashboard.ts";

export function createApp(deps: AppDeps): ApplicationFunction {
  return (app, options) => {
    // The dashboard is served by the same server as the webhooks (Probot's addHandler replaces getRouter).
    if (deps.dashboard && options?.addHandler) {
      options.addHandler(
        createDashboard({
          ...deps.dashboard,
          runs: deps.runs,
          ...(isQueueInspector(deps.queue) ? { queue: deps.queue } : {}),
          rerun: rerunner(deps, (installationId) => app.auth(installationId), app.log),
          now: deps.clock,
          log: app.log.child({ component: "dashboard" }),
        }),
      );
    }
    app.on("issues.labeled", onIssuesLabeled(deps));
    app.on("issue_comment.created", onIssueCommentCreated(deps));
    app.on("workflow_run.completed", onWorkflowRunCompleted(deps));
    app.on("pull_request.closed", onPullRequestClosed(deps));
    app.on("deployment_status.created", onDeploymentStatusCreated(deps));
  };
}

function isQueueInspector(queue: JobQueue): queue is JobQueue & QueueInspector {
  return typeof (queue as Partial<QueueInspector>).jobs === "function" && typeof (queue as Partial<QueueInspector>).retry === "function";
}

/** For `probot run app/index.ts`: an in-process queue and no LLM unless the server passes one. */
const appgen: ApplicationFunction = createApp(defaultDeps());
export default appgen;
