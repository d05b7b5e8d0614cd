// pull_request.closed: a merged appgen pull request (head appgen/issue-<n> in this repository) starts the generated
// project's deploy workflow; the issue hears that the deployment started and where to watch it. Closing without
// merging, other branches and forks are ignored with a log line saying why.
import type { Context } from "probot";
import { issueForBranch } from "../core/pull-request.ts";
import { reportMerge } from "../github/deploy.ts";
import type { AppDeps } from "./deps.ts";
import { ignore } from "./issues-labeled.ts";

export function onPullRequestClosed(deps: AppDeps) {
  return async (context: Context<"pull_request.closed">): Promise<void> => {
    const { payload, log } = context;
    const pull = payload.pull_request;
    if (!pull || typeof pull.number !== "number" || !payload.repository?.owner?.login) {
      log.warn(
        { delivery: context.id },
        "pull_request.closed ignored: the payload lacks the pull request or the repository",
      );
      return;
    }
    if (!pull.merged) return ignore(context, "the pull request was closed without merging");
    const issueNumber = issueForBranch(pull.head.ref);
    if (issueNumber === undefined)
      return ignore(context, `the pull request's branch '${pull.head.ref}' is not an appgen branch`);
    if (pull.head.repo?.full_name !== payload.repository.full_name)
      return ignore(context, "the pull request comes from a fork");
    if (!deps.deliveries.claim(context.id)) return ignore(context, "this delivery was handled before (redelivery)");
    try {
      const repository = {
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        htmlUrl: payload.repository.html_url,
      };
      await reportMerge({
        forge: deps.openForge(context.octokit, repository),
        repository,
        pullRequest: { number: pull.number, baseBranch: pull.base.ref },
        issueNumber,
      });
      log.info({ pullRequest: pull.number, issue: issueNumber }, "merge reported: deployment started");
    } catch (error) {
      deps.deliveries.release(context.id);
      throw error;
    }
  };
}
