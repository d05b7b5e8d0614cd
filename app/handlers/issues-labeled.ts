// issues.labeled: the configured label on an issue, applied by a person who can write to the repository, starts a
// generation. Everything else is ignored with a log line saying why.
import type { Context } from "probot";
import { issueBytes, issueSizeRefusal } from "../core/limits.ts";
import { checkSender, isBot } from "../github/permissions.ts";
import { configErrorComment, intendedSetting, loadConfig } from "./config.ts";
import type { AppDeps } from "./deps.ts";
import { startRun } from "./start-run.ts";

export function onIssuesLabeled(deps: AppDeps) {
  return async (context: Context<"issues.labeled">): Promise<void> => {
    const { payload, log } = context;
    const label = payload.label?.name;
    const issue = payload.issue;
    const sender = payload.sender;
    if (!label || !issue || typeof issue.number !== "number" || !sender?.login || !payload.repository?.owner?.login) {
      log.warn(
        { delivery: context.id },
        "issues.labeled ignored: the payload lacks the label, issue, sender or repository",
      );
      return;
    }
    if (issue.pull_request) return ignore(context, "the label is on a pull request");
    if (isBot(sender)) return ignore(context, "the sender is a bot");
    if (!deps.deliveries.claim(context.id)) return ignore(context, "this delivery was handled before (redelivery)");
    try {
      await handle(context, deps, label);
    } catch (error) {
      deps.deliveries.release(context.id);
      throw error;
    }
  };
}

async function handle(context: Context<"issues.labeled">, deps: AppDeps, label: string): Promise<void> {
  const { payload, log } = context;
  const issue = payload.issue;
  const repository = { owner: payload.repository.owner.login, repo: payload.repository.name };

  const loaded = await loadConfig(context, deps.limits);
  if (!loaded.ok) {
    if (label !== intendedSetting(loaded.raw, "label"))
      return ignore(context, "another label (and the config is invalid)");
    log.info({ issue: issue.number }, "configuration invalid; said so on the issue");
    await deps
      .openForge(context.octokit, repository)
      .createComment(issue.number, configErrorComment(loaded.message, loaded.notAllowed));
    return;
  }
  const { config } = loaded;
  if (label !== config.label) return ignore(context, `another label than '${config.label}'`);

  const forge = deps.openForge(context.octokit, repository);
  const sender = await checkSender(forge, payload.sender);
  if (!sender.allowed)
    return ignore(context, `the sender's permission is ${sender.permission}; write, maintain or admin is needed`);

  const title = issue.title ?? "";
  const body = issue.body ?? "";
  const tooLarge = issueSizeRefusal(
    { title, body },
    config.limits.maxIssueBytes,
    `apply the \`${config.label}\` label again`,
  );
  if (tooLarge) {
    log.info(
      { issue: issue.number, bytes: issueBytes(title, body), limit: config.limits.maxIssueBytes },
      "issue too large; said so on the issue",
    );
    await forge.createComment(issue.number, tooLarge);
    return;
  }

  await startRun(context, deps, {
    repository: {
      ...repository,
      htmlUrl: payload.repository.html_url,
      defaultBranch: payload.repository.default_branch,
    },
    issueNumber: issue.number,
    trigger: { kind: "label", title, body },
    config,
    commentOn: issue.number,
    reactTo: { issueNumber: issue.number },
    requestedBy: payload.sender.login,
    retryHint: `apply the \`${config.label}\` label again`,
  });
}

function ignore(context: Context, reason: string): void {
  context.log.info({ event: context.name, delivery: context.id, reason }, "event ignored");
}

export { ignore };
