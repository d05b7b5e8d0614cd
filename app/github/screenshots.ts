// Screenshots in the progress comment. When the generated CI passes on an appgen branch, its publishing job has
// already committed the pictures and their index.json to the appgen-screenshots branch under
// <pull request>/<head sha>/; this job reads the index (one contents request) and replaces the "screenshots" section
// of the run's progress comment. It never writes to any branch, and a run without pictures (a fork, an app generated
// before screenshots, a failed publish) changes nothing.
import type { Logger } from "pino";
import {
  parseScreenshotsIndex,
  renderScreenshotsSection,
  screenshotsFolder,
  SCREENSHOTS_BRANCH,
  SCREENSHOTS_INDEX,
} from "../core/screenshots.ts";
import type { Forge } from "../ports.ts";
import { updateProgressSection } from "./autofix.ts";

export interface ScreenshotsReport {
  forge: Forge;
  log: Logger;
  repository: { htmlUrl: string };
  issueNumber: number;
  branch: string;
  run: { id: number; headSha: string; htmlUrl: string };
}

export type ScreenshotsOutcome = { shown: true; pullRequest: number; pages: number } | { shown: false; reason: string };

export async function showScreenshots(request: ScreenshotsReport): Promise<ScreenshotsOutcome> {
  const { forge, log, branch, run } = request;
  const skip = (reason: string): ScreenshotsOutcome => {
    log.info({ branch, sha: run.headSha, run: run.id, reason }, "screenshots not shown");
    return { shown: false, reason };
  };
  const pull = await forge.openPullRequest(branch);
  if (!pull) return skip(`no open pull request has the head ${branch}`);
  if (pull.headSha !== run.headSha)
    return skip(`${run.headSha.slice(0, 7)} is no longer the head of #${pull.number} (${pull.headSha.slice(0, 7)} is)`);
  const path = `${screenshotsFolder(pull.number, run.headSha)}/${SCREENSHOTS_INDEX}`;
  const text = await forge.readText(SCREENSHOTS_BRANCH, path);
  if (text === undefined) return skip(`${SCREENSHOTS_BRANCH} has no ${path}`);
  const parsed = parseScreenshotsIndex(text);
  if (!parsed.ok) {
    log.warn({ branch, path, problem: parsed.problem }, "screenshots not shown: their index is invalid");
    return { shown: false, reason: parsed.problem };
  }
  const section = renderScreenshotsSection({
    repositoryUrl: request.repository.htmlUrl,
    pullRequest: pull.number,
    sha: run.headSha,
    runUrl: run.htmlUrl,
    index: parsed.index,
  });
  await updateProgressSection(forge, [pull.number, request.issueNumber], "screenshots", section, {
    createIfMissing: false,
  });
  log.info({ pullRequest: pull.number, sha: run.headSha, pages: parsed.index.pages.length }, "screenshots shown");
  return { shown: true, pullRequest: pull.number, pages: parsed.index.pages.length };
}
