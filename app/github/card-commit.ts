// The app card in two places. As appgen/card.svg it is committed only where no person works: after a generation's
// stage commits (the same run, naming the same manifest, checks pending) and on the base branch after a deploy
// ([skip ci], so it does not deploy again). Status changes — checks passing or failing, fix attempts, the hand-over,
// the deploy — never push to a pull request branch: they go to the run store (the dashboard renders the card from
// it) and to the card section of the pull request body. The card is deterministic, so writing the same card twice
// commits or edits nothing. A card is decoration: nothing here ever fails the work it reports on.
import type { Logger } from "pino";
import {
  CARD_PATH,
  cardFromManifest,
  renderCardSection,
  renderCardSvg,
  type AppCard,
  type CheckStatus,
} from "../core/card.ts";
import { parseManifest } from "../core/manifest/index.ts";
import { manifestSha256 } from "../core/manifest/index.ts";
import { cardCommitMessage } from "../core/pipeline/commit-message.ts";
import { gitBlobSha, MANIFEST_PATH } from "../core/pipeline/ledger.ts";
import { inAppFolder } from "../core/pipeline/pipeline.ts";
import { withSection } from "../core/progress.ts";
import { cardOfRun, type RunPatch, type RunRecord, type RunStore } from "../core/runs.ts";
import type { Forge } from "../ports.ts";

export { CARD_STAGE } from "../core/pipeline/commit-message.ts";

export type CardCommitOutcome = "committed" | "unchanged" | "skipped" | "failed";

export interface CardCommit {
  forge: Forge;
  log: Logger;
  branch: string;
  /** The app's folder in the repository (config.path); "" for the root. */
  root: string;
  card: AppCard;
  /** sha256 of the canonical manifest the card describes: the Appgen-Manifest-Sha trailer, as on every appgen commit. */
  manifestSha: string;
  /** What the card shows, for the commit's subject: e.g. "generated, checks pending". */
  reason: string;
  /** Adds [skip ci] to the subject (a card commit on the base branch must not deploy again). */
  skipCi?: boolean;
}

/** Where the card lives for an app in `root` (the same joining as the pipeline's). */
export function cardPath(root: string): string {
  return inAppFolder(root, CARD_PATH);
}

/**
 * Commits the card to the branch unless the branch already has these bytes: one read, and one contents-API commit
 * when the card changed. A refused commit (the branch or the file moved, a protected branch) is logged and skipped.
 */
export async function commitCard(options: CardCommit): Promise<CardCommitOutcome> {
  const { forge, log, branch } = options;
  const path = cardPath(options.root);
  const svg = renderCardSvg(options.card);
  try {
    const current = await forge.readText(branch, path);
    if (current === svg) return "unchanged";
    const message = cardCommitMessage(options.reason, options.manifestSha, options.skipCi);
    const outcome = await forge.writeText({
      branch,
      path,
      content: svg,
      message,
      replacing: current === undefined ? undefined : gitBlobSha(current),
    });
    if (!outcome.written) {
      log.warn(
        { branch, path, status: outcome.status, message: outcome.reason },
        "app card not committed: GitHub refused the commit (branch moved or protected)",
      );
      return "skipped";
    }
    log.info({ branch, path, reason: options.reason }, "app card committed");
    return "committed";
  } catch (error) {
    log.warn({ err: error, branch, path }, "app card not committed");
    return "failed";
  }
}

/** The newest run of an app (repository owner/repo, issue), or undefined when the store has none or fails. */
export async function latestRun(
  runs: RunStore | undefined,
  repository: string,
  issueNumber: number,
  log: Logger,
): Promise<RunRecord | undefined> {
  if (!runs) return undefined;
  try {
    return (await runs.list({ repositories: [repository], issueNumber, limit: 1 }))[0];
  } catch (error) {
    log.warn({ err: error, repository, issueNumber }, "the run store could not be read");
    return undefined;
  }
}

/** Patches the newest run of an app; a store that fails costs the dashboard a line, not the event's work. */
export async function patchLatestRun(
  runs: RunStore | undefined,
  repository: string,
  issueNumber: number,
  patch: RunPatch,
  log: Logger,
): Promise<RunRecord | undefined> {
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

/** The manifest on a ref as a card with the event's state, plus its sha; undefined when there is no readable manifest. */
export async function manifestCard(
  forge: Forge,
  ref: string,
  root: string,
  state: CardState,
  log: Logger,
): Promise<{ card: AppCard; manifestSha: string } | undefined> {
  try {
    const text = await forge.readText(ref, inAppFolder(root, MANIFEST_PATH));
    if (text === undefined) return undefined;
    const manifest = parseManifest(text);
    return { card: { ...cardFromManifest(manifest), ...state }, manifestSha: manifestSha256(manifest) };
  } catch (error) {
    log.warn({ err: error, ref }, "app card: the manifest could not be read");
    return undefined;
  }
}

export interface StatusUpdate {
  forge: Forge;
  log: Logger;
  issueNumber: number;
  runs: RunStore | undefined;
  /** What the event changes in the run store (check, autofixAttempts, deployUrl). */
  patch: RunPatch;
  /** The same state, for a card built from the manifest when the store has no run of this app. */
  state: CardState;
  /** The app's pull request, whose body shows the card; undefined: only the run store is updated. */
  pull: { number: number; body: string | null | undefined } | undefined;
  /** Where the manifest is read when the run store does not know the app (the pull request's branch). */
  ref: string;
  /** The app's folder (config.path). */
  root: string;
}

/**
 * A status change of the app: recorded in the run store (the dashboard's card), then shown in the card section of
 * the pull request body when it changed there. Never a commit: a person may be working on the branch.
 */
export async function showAppStatus(update: StatusUpdate): Promise<"updated" | "unchanged" | "skipped"> {
  const { forge, log, pull } = update;
  const record = await patchLatestRun(
    update.runs,
    `${forge.owner}/${forge.repo}`,
    update.issueNumber,
    update.patch,
    log,
  );
  if (!pull) return "skipped";
  const card =
    (record && cardOfRun(record)) ?? (await manifestCard(forge, update.ref, update.root, update.state, log))?.card;
  if (!card) {
    log.info({ pullRequest: pull.number }, "app card not shown: neither the run store nor the branch knows the app");
    return "skipped";
  }
  return updatePullCard(forge, pull, card, log);
}

/** The card section of the pull request body set to `card`; one PATCH when it changed, nothing otherwise. */
export async function updatePullCard(
  forge: Forge,
  pull: { number: number; body: string | null | undefined },
  card: AppCard,
  log: Logger,
): Promise<"updated" | "unchanged" | "skipped"> {
  const body = withSection(pull.body ?? "", "card", renderCardSection(card));
  if (body === pull.body) return "unchanged";
  try {
    await forge.updatePullRequest(pull.number, { body });
    return "updated";
  } catch (error) {
    log.warn({ err: error, pullRequest: pull.number }, "the pull request's app card could not be updated");
    return "skipped";
  }
}
