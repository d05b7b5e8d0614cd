// The Probot app: registers the handlers, nothing else. The composition root (app/compose.ts) builds what they use.
import type { ApplicationFunction } from "probot";
import { composeApp } from "./compose.ts";
import type { AppDeps } from "./handlers/deps.ts";
import { onIssueCommentCreated } from "./handlers/issue-comment-created.ts";
import { onDeploymentStatusCreated } from "./handlers/deployment-status.ts";
import { onIssuesLabeled } from "./handlers/issues-labeled.ts";
import { onPullRequestClosed } from "./handlers/pull-request-closed.ts";
import { onWorkflowRunCompleted } from "./handlers/workflow-run-completed.ts";
import { rerunner } from "./handlers/rerun.ts";
import { runJob } from "./github/run-job.ts";
import type { JobQueue, LocalJobQueue, QueueInspector } from "./ports.ts";
import { createDashboard } from "./web/dashboard.ts";

export function createApp(deps: AppDeps): ApplicationFunction {
  return (app, options) => {
    // A queue that runs jobs here (no REDIS_URL) gets the same runner a worker process uses: jobs are data, and a job
    // acts as its installation through the App's key, not through the webhook that queued it.
    if (isLocalJobQueue(deps.queue)) {
      const queue = deps.queue;
      const services = {
        authenticate: deps.authenticate ?? ((installationId: number) => app.auth(installationId)),
        log: app.log,
        runs: deps.runs,
        models: deps.models,
        openForge: deps.openForge,
        metrics: deps.metrics,
        progressIntervalMs: deps.progressIntervalMs,
        clock: deps.clock,
        now: deps.now,
      };
      queue.process(async (data, job) => {
        try {
          await runJob(data, services, job);
        } finally {
          deps.metrics.jobFinished();
        }
      });
    }
    // The dashboard is served by the same server as the webhooks (Probot's addHandler replaces getRouter).
    if (deps.dashboard && options?.addHandler) {
      options.addHandler(
        createDashboard({
          ...deps.dashboard,
          runs: deps.runs,
          ...(isQueueInspector(deps.queue) ? { queue: deps.queue } : {}),
          rerun: rerunner(deps, app.log),
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

function isLocalJobQueue(queue: JobQueue): queue is LocalJobQueue {
  return typeof (queue as Partial<LocalJobQueue>).process === "function";
}

function isQueueInspector(queue: JobQueue): queue is JobQueue & QueueInspector {
  return (
    typeof (queue as Partial<QueueInspector>).jobs === "function" &&
    typeof (queue as Partial<QueueInspector>).retry === "function"
  );
}

/** For `probot run app/index.ts`: an in-process queue and no LLM unless the server passes one. */
const appgen: ApplicationFunction = createApp(composeApp());
export default appgen;
