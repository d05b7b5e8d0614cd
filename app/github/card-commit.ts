// appgen/card.svg on a branch: the app card committed with the app and re-committed when its status changes (checks,
// auto-fix attempts, deployment). The card is deterministic, so a run that finds the same card on the branch commits
// nothing: that is what ends the loop of CI running on a card commit and reporting the status the card already shows.
// A card is decoration: nothing here ever fails the work it reports on.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { CARD_PATH, cardFromManifest, renderCardSvg, type AppCard, type CheckStatus } from "../core/card.ts";
import { parseManifest } from "../core/manifest/index.ts";
import { gitBlobSha, MANIFEST_PATH } from "../core/pipeline/ledger.ts";
import { inAppFolder } from "../core/pipeline/pipeline.ts";
import { cardOfRun, type RunPatch, type RunRecord, type RunStore } from "../core/runs.ts";
import { errorText } from "./pull-request.ts";

/** The Appgen-Stage trailer of a card commit; auto-fix looks through such commits. */
export const CARD_STAGE = "card";

export type CardCommitOutcome = "committed" | "unchanged" | "skipped" | "failed";

type Octokit = Pick<ProbotOctokit, "request">;

export interface CardCommit {
  octokit: Octokit;
  log: Logger;
  owner: string;
  repo: string;
  branch: string;
  /** The app's folder in the repository (config.path); "" for the root. */
  root: string;
  card: AppCard;
  /** What changed, for the commit's subject: e.g. "checks passing". */
  reason: string;
  /** Adds [skip ci] to the subject (a card commit on the base branch must not deploy again). */
  skipCi?: boolean;
}

/** Where the card lives for an app in `root` (the same joining as the pipeline's). */
export function cardPath(root: string): string {
  return inAppFolder(root, CARD_PATH);
}


export function cardCommitMessage(reason: string, skipCi = false): string {
  return `appgen: app card — ${reason}${skipCi ? " [skip ci]" : ""}\n\nAppgen-Stage: ${CARD_STAGE}\n`;
}

/**
 * Commits the card to the branch unless the branch already has these bytes: one read, and one contents-API commit
 * when the card changed. A refused commit (the branch or the file moved, a protected branch) is logged and skipped.
 */
export async function commitCard(options: CardCommit): Promise<CardCommitOutcome> {
  const { octokit, log, owner, repo, branch } = options;
  const path = cardPath(options.root);
  const svg = renderCardSvg(options.card);
  try {
    const current = await readRaw(octokit, owner, repo, path, branch);
    if (current === svg) return "unchanged";
    const message = cardCommitMessage(options.reason, options.skipCi);
    const content = Buffer.from(svg, "utf8").toString("base64");
    await octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo,
      path,
      branch,
      message,
      content,
      ...(current === undefined ? {} : { sha: gitBlobSha(current) }),
    });
    log.info({ branch, path, reason: options.reason }, "app card committed");
    return "committed";
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 403 || status === 409 || status === 422) {
      log.warn({ branch, path, status, message: errorText(error) }, "app card not committed: GitHub refused the commit (branch moved or protected)");
      return "skipped";
    }
    log.warn({ err: error, branch, path }, "app card not committed");
    return "failed";
  }
}

/** A file's text on a ref, or undefined when it is not there. */
async function readRaw(octokit: Octokit, owner: string, repo: string, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path, ref, headers: { accept: "application/vnd.github.raw" } });
    return typeof data === "string" ? data : undefined;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw error;
  }
}

/** The newest run of an app (repository owner/repo, issue), or undefined when the store has none or fails. */
export async function latestRun(runs: RunStore | undefined, repository: string, issueNumber: number, log: Logger): Promise<RunRecord | undefined> {
  if (!runs) return undefined;
  try {
    return (await runs.list({ repositories: [repository], issueNumber, limit: 1 }))[0];
  } catch (error) {
    log.warn({ err: error, repository, issueNumber }, "the run store could not be read");
    return undefined;
  }
}

/** Patches the newest run of an app; a store that fails costs the dashboard a line, not the event's work. */
export async function patchLatestRun(runs: RunStore | undefined, repository: string, issueNumber: number, patch: RunPatch, log: Logger): Promise<RunRecord | undefined> {
  if (!runs) return undefined;
  try {
    return await runs.updateLatest(repository, issueNumber, patch);
  } catch (error) {
    log.warn({ err: error, repository, issueNumber }, "the run store could not record the app's new state");
    return undefined;
  }
}

/** What the event says about the app, for a card built from the manifest when the run store has no record of it. */
export interface CardState {
  check: CheckStatus;
  autofixAttempts: number;
  deployUrl?: string;
}

/** A card from appgen/manifest.json on a ref, with the event's state; undefined when there is no readable manifest. */
export async function manifestCard(octokit: Octokit, owner: string, repo: string, ref: string, root: string, state: CardState, log: Logger): Promise<AppCard | undefined> {
  try {
    const text = await readRaw(octokit, owner, repo, inAppFolder(root, MANIFEST_PATH), ref);
    return text === undefined ? undefined : { ...cardFromManifest(parseManifest(text)), ...state };
  } catch (error) {
    log.warn({ err: error, ref }, "app card: the manifest could not be read");
    return undefined;
  }
}

export interface CardUpdate extends Omit<CardCommit, "card"> {
  runs: RunStore | undefined;
  issueNumber: number;
  /** What the event changes in the run store (check, autofixAttempts, deployUrl). */
  patch: RunPatch;
  /** The same state, for a card built from the manifest when the store has no run of this app. */
  state: CardState;
}

/** Records the event in the run store, then commits the card of the app's newest run (or of its manifest). */
export async function updateAppCard(update: CardUpdate): Promise<CardCommitOutcome> {
  const { octokit, log, owner, repo, branch, root } = update;
  const record = await patchLatestRun(update.runs, `${owner}/${repo}`, update.issueNumber, update.patch, log);
  const card = (record && cardOfRun(record)) ?? (await manifestCard(octokit, owner, repo, branch, root, update.state, log));
  if (!card) {
    log.info({ branch }, "app card not committed: neither the run store nor the branch knows the app");
    return "skipped";
  }
  return commitCard({ ...update, card });
}
