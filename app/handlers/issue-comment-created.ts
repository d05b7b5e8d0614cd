// issue_comment.created: `/regenerate [instructions]` on appgen's own pull request (head appgen/issue-<n> in the same
// repository), from a person who can write, re-plans the app. Comments on issues, other pull requests, edits (a
// different action, never routed here), readers and bots are ignored with a log line saying why.
import type { Context } from "probot";
import { parseCommand } from "../core/commands.ts";
import { DEFAULT_CONFIG } from "../core/config.ts";
import { issueForBranch } from "../core/pull-request.ts";
import { checkSender, isBot } from "../github/permissions.ts";
import { configErrorComment, intendedSetting, loadConfig } from "./config.ts";
import type { AppDeps } from "./deps.ts";
import { ignore } from "./issues-labeled.ts";
import { startRun } from "./start-run.ts";

/** Commands start with a slash at the start of a line; anything else needs no config lookup at all. */
const MAYBE_COMMAND = /^ {0,3}\/[a-z]/im;

export function onIssueCommentCreated(deps: AppDeps) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { payload, log } = context;
    const comment = payload.comment;
    const issue = payload.issue;
    if (
      !comment ||
      typeof comment.id !== "number" ||
      !issue ||
      typeof issue.number !== "number" ||
      !payload.sender?.login ||
      !payload.repository?.owner?.login
    ) {
      log.warn(
        { delivery: context.id },
        "issue_comment.created ignored: the payload lacks the comment, issue, sender or repository",
      );
      return;
    }
    if (payload.action !== "created") return ignore(context, `comment ${String(payload.action)}, not created`);
    if (!MAYBE_COMMAND.test(comment.body ?? "")) return;
    if (!issue.pull_request) return ignore(context, "a comment on an issue, not on a pull request");
    if (isBot(payload.sender)) return ignore(context, "the sender is a bot");
    if (!deps.deliveries.claim(context.id)) return ignore(context, "this delivery was handled before (redelivery)");
    try {
      await handle(context, deps);
    } catch (error) {
      deps.deliveries.release(context.id);
      throw error;
    }
  };
}

async function handle(context: Context<"issue_comment.created">, deps: AppDeps): Promise<void> {
  const { payload, log } = context;
  const repository = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const body = payload.comment.body ?? "";
  const pullNumber = payload.issue.number;
  const forge = deps.openForge(context.octokit, repository);

  const loaded = await loadConfig(context, deps.limits);
  if (!loaded.ok) {
    if (!parseCommand(body, intendedSetting(loaded.raw, "command")))
      return ignore(context, "no command (and the config is invalid)");
    await forge.createComment(
      pullNumber,
      configErrorComment(loaded.message, loaded.notAllowed).replace(
        "apply the label again",
        `comment \`${intendedSetting(loaded.raw, "command") || DEFAULT_CONFIG.command}\` again`,
      ),
    );
    return;
  }
  const { config } = loaded;
  const command = parseCommand(body, config.command);
  if (!command) return ignore(context, `no ${config.command} command at the start of a line`);

  const pull = await forge.getPullRequest(pullNumber);
  const issueNumber = issueForBranch(pull.headRef);
  if (issueNumber === undefined)
    return ignore(context, `the pull request's branch '${pull.headRef}' is not an appgen branch`);
  if (pull.fromFork) return ignore(context, "the pull request comes from a fork");
  if (!pull.open) return ignore(context, "the pull request is closed");

  const sender = await checkSender(forge, payload.sender);
  if (!sender.allowed)
    return ignore(context, `the sender's permission is ${sender.permission}; write, maintain or admin is needed`);

  await startRun(context, deps, {
    repository: { ...repository, htmlUrl: payload.repository.html_url, defaultBranch: pull.baseRef },
    issueNumber,
    trigger: {
      kind: "regenerate",
      instructions: command.instructions,
      pullRequest: { number: pullNumber, url: pull.url },
    },
    config: { ...config, baseBranch: config.baseBranch ?? pull.baseRef },
    commentOn: pullNumber,
    reactTo: { commentId: payload.comment.id },
    requestedBy: payload.sender.login,
    retryHint: `comment \`${config.command}\` again`,
  });
}
