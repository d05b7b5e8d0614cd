// workflow_run.completed: the generated project's checks (appgen-ci.yml) finished on an appgen branch of this
// repository. A failure queues an auto-fix job; a success is looked at when the checked commit is a fix, or when the
// run store does not say the checks pass yet (the app card then says "checks passing"). Every success also queues a
// screenshots job: the run published its pictures on the appgen-screenshots branch, for the progress comment.
// Forks, other branches, other workflows and other conclusions are ignored with a log line saying why.
import type { Context } from "probot";
import type { CheckRun } from "../core/jobs.ts";
import { issueForBranch } from "../core/pull-request.ts";
import { stageOf } from "../core/pipeline/commit-message.ts";
import { CI_WORKFLOW_PATH } from "../core/stages/workflows/index.ts";
import { latestRun } from "../github/card-commit.ts";
import { loadConfig } from "./config.ts";
import { enqueueJob, jobKey, type AppDeps } from "./deps.ts";
import { ignore } from "./issues-labeled.ts";

export function onWorkflowRunCompleted(deps: AppDeps) {
  return async (context: Context<"workflow_run.completed">): Promise<void> => {
    const { payload, log } = context;
    const run = payload.workflow_run;
    if (!run || typeof run.id !== "number" || !payload.repository?.owner?.login) {
      log.warn({ delivery: context.id }, "workflow_run.completed ignored: the payload lacks the run or the repository");
      return;
    }
    const issueNumber = run.head_branch ? issueForBranch(run.head_branch) : undefined;
    if (issueNumber === undefined || !run.head_branch)
      return ignore(context, `the run's branch '${run.head_branch ?? ""}' is not an appgen branch`);
    if (run.head_repository?.full_name !== payload.repository.full_name)
      return ignore(context, "the run is on a fork's branch");
    if (run.path !== CI_WORKFLOW_PATH)
      return ignore(context, `the run is of ${run.path || "another workflow"}, not ${CI_WORKFLOW_PATH}`);
    if (run.conclusion !== "failure" && run.conclusion !== "success")
      return ignore(context, `the run's conclusion is ${String(run.conclusion)}`);
    if (!deps.deliveries.claim(context.id)) return ignore(context, "this delivery was handled before (redelivery)");
    try {
      if (run.conclusion === "success") {
        const owner = payload.repository.owner.login;
        const accepted = enqueueJob(deps, `${context.id}-screenshots`, {
          kind: "screenshots",
          installationId: payload.installation?.id ?? 0,
          repository: { owner, repo: payload.repository.name, htmlUrl: payload.repository.html_url },
          issueNumber,
          branch: run.head_branch,
          run: { id: run.id, headSha: run.head_sha, htmlUrl: run.html_url },
        });
        if (!accepted) log.warn({ run: run.id }, "screenshots not queued: the queue refused the job");
        // A pass is news for the card right after a fix (the payload's head commit says so without a request), or
        // while the app's card may still say otherwise: the run store knows, unless it lost the app.
        if (stageOf(run.head_commit?.message ?? "") !== "fix") {
          const latest = await latestRun(deps.runs, payload.repository.full_name, issueNumber, log);
          if (latest?.check === "passing") return;
        }
      }
      await handle(context, deps, issueNumber, run.head_branch, {
        id: run.id,
        headSha: run.head_sha,
        htmlUrl: run.html_url,
        conclusion: run.conclusion,
        startedAt: run.run_started_at ?? run.created_at,
      });
    } catch (error) {
      deps.deliveries.release(context.id);
      throw error;
    }
  };
}

async function handle(
  context: Context<"workflow_run.completed">,
  deps: AppDeps,
  issueNumber: number,
  branch: string,
  run: CheckRun,
): Promise<void> {
  const { payload, log } = context;
  const loaded = await loadConfig(context, deps.limits);
  if (!loaded.ok) {
    // The labelled issue already told the owner; repeating it on every check run would be a comment storm.
    log.warn(
      { branch, problem: loaded.message },
      loaded.notAllowed
        ? "auto-fix skipped: the configuration asks for more than this server allows"
        : "auto-fix skipped: the configuration is invalid",
    );
    return;
  }
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const key = jobKey(owner, repo, issueNumber);
  const installationId = payload.installation?.id ?? 0;
  const accepted = enqueueJob(deps, context.id, {
    kind: "autofix",
    installationId,
    repository: { owner, repo, htmlUrl: payload.repository.html_url },
    issueNumber,
    branch,
    run,
    config: loaded.config,
  });
  if (!accepted) log.warn({ key }, "auto-fix not started: the queue refused the job (redelivery or shutting down)");
  else log.info({ key, run: run.id, conclusion: run.conclusion }, "auto-fix queued");
}
