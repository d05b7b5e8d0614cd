// issues.labeled: the configured label on an issue, applied by a person who can write to the repository, starts a
// generation. Everything else is ignored with a log line saying why.
import type { Context } from "probot";
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
      log.warn({ delivery: context.id }, "issues.labeled ignored: the payload lacks the label, issue, sender or repository");
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

  const loaded = await loadConfig(context);
  if (!loaded.ok) {
    if (label !== intendedSetting(loaded.raw, "label")) return ignore(context, "another label (and the config is invalid)");
    log.info({ issue: issue.number }, "configuration invalid; said so on the issue");
    await context.octokit.rest.issues.createComment({ ...repository, issue_number: issue.number, body: configErrorComment(loaded.message) });
    return;
  }
  const { config } = loaded;
  if (label !== config.label) return ignore(context, `another label than '${config.label}'`);

  const sender = await checkSender(context.octokit, repository, payload.sender);
  if (!sender.allowed) return ignore(context, `the sender's permission is ${sender.permission}; write, maintain or admin is needed`);

  const title = issue.title ?? "";
  const body = issue.body ?? "";
  const bytes = Buffer.byteLength(title, "utf8") + Buffer.byteLength(body, "utf8");
  if (bytes > config.limits.maxIssueBytes) {
    log.info({ issue: issue.number, bytes, limit: config.limits.maxIssueBytes }, "issue too large; said so on the issue");
    await context.octokit.rest.issues.createComment({
      ...repository,
      issue_number: issue.number,
      body: `appgen did not run: this issue is ${bytes.toLocaleString("en-US")} bytes and the limit is ${config.limits.maxIssueBytes.toLocaleString("en-US")} bytes. Describe the app more briefly (or raise \`limits.max_issue_bytes\` in \`.github/appgen.yml\`), then apply the \`${config.label}\` label again.`,
    });
    return;
  }

  await startRun(context, deps, {
    repository: { ...repository, htmlUrl: payload.repository.html_url, defaultBranch: payload.repository.default_branch },
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
