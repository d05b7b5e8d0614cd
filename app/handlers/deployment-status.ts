// deployment_status.created: a deployment finished (success, failure or error). When its commit is the merge of an
// appgen pull request, the URL or the failure goes to the pull request and the issue, in a queued job (a handful of
// requests, kept off the webhook's 10 seconds); a live URL also goes into the run store and onto the app card of the
// base branch. Pending and in-progress statuses are ignored.
import type { Context } from "probot";
import { reportDeployment, showDeployment } from "../github/deploy.ts";
import { loadConfig } from "./config.ts";
import type { AppDeps } from "./deps.ts";
import { ignore } from "./issues-labeled.ts";

const FINAL_STATES = new Set(["success", "failure", "error"]);

export function onDeploymentStatusCreated(deps: AppDeps) {
  return async (context: Context<"deployment_status.created">): Promise<void> => {
    const { payload, log } = context;
    const status = payload.deployment_status;
    const deployment = payload.deployment;
    if (!status || !deployment || typeof deployment.sha !== "string" || !payload.repository?.owner?.login) {
      log.warn({ delivery: context.id }, "deployment_status.created ignored: the payload lacks the status, the deployment or the repository");
      return;
    }
    const state = status.state;
    if (!FINAL_STATES.has(state)) return ignore(context, `the deployment is ${state}, not finished`);
    const owner = payload.repository.owner.login;
    const repo = payload.repository.name;
    const key = `${owner}/${repo}@${deployment.sha}`;
    const accepted = deps.queue.enqueue(key, {
      id: context.id,
      run: async () => {
        const jobLog = log.child({ job: key });
        const repository = { owner, repo, htmlUrl: payload.repository.html_url };
        const url = status.environment_url || undefined;
        try {
          const outcome = await reportDeployment({
            octokit: context.octokit,
            log: jobLog,
            repository,
            deployment: { sha: deployment.sha, environment: deployment.environment },
            status: {
              state: state as "success" | "failure" | "error",
              environmentUrl: url,
              logUrl: status.log_url || status.target_url || undefined,
              description: status.description,
            },
          });
          if (!outcome.reported || state !== "success" || !url) return;
          // The card lives in the app's folder, which only the repository's configuration says.
          const loaded = await loadConfig(context, deps.limits);
          if (!loaded.ok) {
            jobLog.warn({ problem: loaded.message }, "app card not updated: the configuration is invalid");
            return;
          }
          await showDeployment({ octokit: context.octokit, log: jobLog, repository, runs: deps.runs, issueNumber: outcome.issueNumber, baseBranch: outcome.baseBranch, root: loaded.config.path, url });
        } catch (error) {
          log.error({ err: error, key }, "deployment report failed");
        }
      },
    });
    if (!accepted) ignore(context, "this delivery was handled before (redelivery)");
  };
}
