// deployment_status.created: a deployment finished (success, failure or error). When its commit is the merge of an
// appgen pull request, the URL or the failure goes to the pull request and the issue, in a queued job (a handful of
// requests, kept off the webhook's 10 seconds); a live URL also goes into the run store, onto the pull request's
// card and onto the app card of the base branch. A preview (appgen-preview.yml: environment Preview, transient, ref =
// an appgen branch) goes only into that pull request's progress comment, by the same kind of job. Pending and
// in-progress statuses are ignored.
import type { Context } from "probot";
import type { DeployReportJob } from "../core/jobs.ts";
import { classifyDeployment } from "../core/preview.ts";
import { loadConfig } from "./config.ts";
import { enqueueJob, type AppDeps } from "./deps.ts";
import { ignore } from "./issues-labeled.ts";

const FINAL_STATES = new Set(["success", "failure", "error"]);

export function onDeploymentStatusCreated(deps: AppDeps) {
  return async (context: Context<"deployment_status.created">): Promise<void> => {
    const { payload, log } = context;
    const status = payload.deployment_status;
    const deployment = payload.deployment;
    if (!status || !deployment || typeof deployment.sha !== "string" || !payload.repository?.owner?.login) {
      log.warn(
        { delivery: context.id },
        "deployment_status.created ignored: the payload lacks the status, the deployment or the repository",
      );
      return;
    }
    const state = status.state;
    if (state !== "success" && state !== "failure" && state !== "error")
      return ignore(context, `the deployment is ${state}, not finished`);
    const kind = classifyDeployment({
      environment: deployment.environment,
      ref: deployment.ref,
      sha: deployment.sha,
      transientEnvironment: deployment.transient_environment,
      productionEnvironment: deployment.production_environment,
      payload: deployment.payload,
    });
    if (kind.kind === "ignored") return ignore(context, kind.reason);
    const owner = payload.repository.owner.login;
    const repo = payload.repository.name;
    const url = status.environment_url || undefined;
    const logUrl = status.log_url || status.target_url || undefined;
    const reported: DeployReportJob["status"] = {
      state,
      ...(url ? { environmentUrl: url } : {}),
      ...(logUrl ? { logUrl } : {}),
      ...(status.description ? { description: status.description } : {}),
    };
    const repository = { owner, repo, htmlUrl: payload.repository.html_url };
    if (kind.kind === "preview") {
      // No card and no config: a preview changes only the progress comment.
      const job: DeployReportJob = {
        kind: "deploy-report",
        installationId: payload.installation?.id ?? 0,
        repository,
        deployment: { sha: kind.sha, environment: deployment.environment },
        status: reported,
        preview: {
          branch: kind.branch,
          issueNumber: kind.issueNumber,
          ...(kind.pullRequest !== undefined ? { pullRequest: kind.pullRequest } : {}),
        },
      };
      if (!enqueueJob(deps, context.id, job)) ignore(context, "this delivery was handled before (redelivery)");
      return;
    }
    // The base branch's card lives in the app's folder, which only the repository's configuration says.
    let root: string | undefined;
    if (state === "success" && url) {
      const loaded = await loadConfig(context, deps.limits);
      if (loaded.ok) root = loaded.config.path;
      else log.warn({ problem: loaded.message }, "the app card will not be updated: the configuration is invalid");
    }
    const job: DeployReportJob = {
      kind: "deploy-report",
      installationId: payload.installation?.id ?? 0,
      repository,
      deployment: { sha: deployment.sha, environment: deployment.environment },
      status: reported,
      ...(root !== undefined ? { root } : {}),
    };
    if (!enqueueJob(deps, context.id, job)) ignore(context, "this delivery was handled before (redelivery)");
  };
}
