// Deploy reporting. Merging an appgen pull request pushes to the default branch, where the generated project's
// appgen-deploy.yml deploys to Vercel and records a GitHub deployment; appgen says on the issue that it started,
// then reports the deployment's outcome (the live URL, or the failure) on the pull request and the issue, and
// writes it into the pull request's summary and the progress comment.
import type { Logger } from "pino";
import { issueForBranch } from "../core/pull-request.ts";
import type { RunStore } from "../core/runs.ts";
import { renderDeploySection, safeUrl, tableCell, withSection, type DeployProgress } from "../core/progress.ts";
import { updateProgressSection } from "./autofix.ts";
import { cardOfRun } from "../core/runs.ts";
import type { Forge } from "../ports.ts";
import { commitCard, manifestCard, patchLatestRun, updatePullCard, type CardCommitOutcome } from "./card-commit.ts";

export const DEPLOY_WORKFLOW_FILE = "appgen-deploy.yml";

export interface Repository {
  owner: string;
  repo: string;
  htmlUrl: string;
}

/** Where the deploy workflow's runs for a branch are listed. */
export function deployRunsUrl(repository: Repository, branch: string): string {
  return `${repository.htmlUrl}/actions/workflows/${DEPLOY_WORKFLOW_FILE}?query=${encodeURIComponent(`branch:${branch}`)}`;
}

export interface MergeReport {
  forge: Forge;
  repository: Repository;
  pullRequest: { number: number; baseBranch: string };
  issueNumber: number;
}

export async function reportMerge({ forge, repository, pullRequest, issueNumber }: MergeReport): Promise<void> {
  const runs = deployRunsUrl(repository, pullRequest.baseBranch);
  const body = [
    `🚀 #${pullRequest.number} was merged into \`${tableCell(pullRequest.baseBranch)}\`, so the deployment has started: [appgen deploy runs](${runs}).`,
    "appgen posts the live URL here when the deployment is done. If Vercel is not set up yet, the run's summary says which secrets to add.",
  ].join("\n\n");
  await forge.createComment(issueNumber, body);
  await updateProgressSection(
    forge,
    [pullRequest.number, issueNumber],
    "deploy",
    renderDeploySection({ state: "started", logUrl: runs }),
    { createIfMissing: false },
  );
}

export interface DeploymentReport {
  forge: Forge;
  log: Logger;
  repository: Repository;
  deployment: { sha: string; environment: string };
  status: {
    state: "success" | "failure" | "error";
    environmentUrl?: string | undefined;
    logUrl?: string | undefined;
    description?: string | null | undefined;
  };
}

export type DeploymentOutcome =
  | { reported: true; pullRequest: { number: number; body: string }; issueNumber: number; baseBranch: string }
  | { reported: false; reason: string };

export async function reportDeployment(request: DeploymentReport): Promise<DeploymentOutcome> {
  const { forge, log, deployment, status } = request;
  // The merge commit (or the squashed or rebased commit) is associated with the pull request it came from.
  const pulls = await forge.pullRequestsOfCommit(deployment.sha);
  const pull = pulls.find((p) => p.merged && issueForBranch(p.headRef) !== undefined && !p.fromFork);
  const issueNumber = pull ? issueForBranch(pull.headRef) : undefined;
  if (!pull || issueNumber === undefined) {
    const reason = `no merged appgen pull request has commit ${deployment.sha.slice(0, 7)}`;
    log.info({ sha: deployment.sha, reason }, "deployment not reported");
    return { reported: false, reason };
  }

  const progress: DeployProgress =
    status.state === "success"
      ? {
          state: "success",
          environment: deployment.environment,
          ...(status.environmentUrl ? { url: status.environmentUrl } : {}),
        }
      : {
          state: "failure",
          environment: deployment.environment,
          ...(status.description ? { description: status.description } : {}),
          ...(status.logUrl ? { logUrl: status.logUrl } : {}),
        };
  const body = deploymentComment(progress, pull.number, deployment.sha);
  for (const number of [pull.number, issueNumber]) await forge.createComment(number, body);

  const section = renderDeploySection(progress);
  const pullBody = withSection(pull.body ?? "", "deploy", section);
  if (pullBody !== pull.body) await forge.updatePullRequest(pull.number, { body: pullBody });
  await updateProgressSection(forge, [pull.number, issueNumber], "deploy", section, { createIfMissing: false });
  log.info({ pullRequest: pull.number, issue: issueNumber, state: status.state }, "deployment reported");
  return {
    reported: true,
    pullRequest: { number: pull.number, body: pullBody },
    issueNumber,
    baseBranch: pull.baseRef,
  };
}

function deploymentComment(progress: DeployProgress, pullNumber: number, sha: string): string {
  const where = progress.environment ? ` to \`${tableCell(progress.environment)}\`` : "";
  if (progress.state === "success") {
    return progress.url
      ? `🚀 The app is live: ${safeUrl(progress.url)}\n\nDeployed${where} from \`${sha.slice(0, 7)}\` (the merge of #${pullNumber}).`
      : `🚀 #${pullNumber} was deployed${where} from \`${sha.slice(0, 7)}\`, but the deployment recorded no URL; the project's page on Vercel shows it.`;
  }
  return [
    `❌ The deployment of #${pullNumber}${where} failed${progress.description ? `: ${tableCell(progress.description)}` : "."}`,
    "",
    `${progress.logUrl ? `The [deployment log](${progress.logUrl}) says why. ` : ""}Fix the cause (often a missing Vercel secret or environment variable), then re-run the appgen deploy workflow.`,
  ].join("\n");
}

export interface DeployedCard {
  forge: Forge;
  log: Logger;
  repository: Repository;
  runs: RunStore | undefined;
  issueNumber: number;
  /** The merged pull request, whose body shows the card (as reportDeployment left it). */
  pullRequest: { number: number; body: string };
  /** The branch the pull request was merged into, where the deployed app (and its card) live. */
  baseBranch: string;
  /** The app's folder (config.path). */
  root: string;
  url: string;
}

/**
 * Records the live URL in the run store, shows it on the pull request's card and commits the card to the base
 * branch. The commit says [skip ci] (the deploy workflow runs on pushes to that branch and must not deploy again for
 * a card) and names the base's manifest. A protected base branch refuses the commit; that is logged and skipped.
 */
export async function showDeployment(deployed: DeployedCard): Promise<CardCommitOutcome> {
  const { forge, log, repository, runs, issueNumber, baseBranch, root, url } = deployed;
  const { owner, repo } = repository;
  const state = { check: "unknown" as const, autofixAttempts: 0, deployUrl: url };
  const record = await patchLatestRun(runs, `${owner}/${repo}`, issueNumber, { deployUrl: url }, log);
  // The manifest on the base is what the card describes there, and its sha is the commit's Appgen-Manifest-Sha.
  const fromBase = await manifestCard(forge, baseBranch, root, state, log);
  const card = (record && cardOfRun(record)) ?? fromBase?.card;
  if (!card || !fromBase) {
    log.info({ baseBranch }, "app card not committed: the base branch has no readable appgen/manifest.json");
    return "skipped";
  }
  await updatePullCard(forge, deployed.pullRequest, card, log);
  return commitCard({
    forge,
    log,
    branch: baseBranch,
    root,
    card,
    manifestSha: fromBase.manifestSha,
    reason: `deployed to ${url}`,
    skipCi: true,
  });
}
