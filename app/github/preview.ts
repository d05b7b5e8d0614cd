// Preview reporting. Every push to an appgen pull request runs the generated project's appgen-preview.yml, which
// records a transient "Preview" deployment of the head branch; when it finishes, its URL (or its failure) replaces
// the "preview" section of the run's progress comment. One section edited in place: no comment per push, no pull
// request body change, and never a commit on the branch (appgen pushes there only to change the app).
import type { Logger } from "pino";
import { renderPreviewSection } from "../core/progress.ts";
import type { Forge } from "../ports.ts";
import { updateProgressSection } from "./autofix.ts";

export interface PreviewReport {
  forge: Forge;
  log: Logger;
  repository: { htmlUrl: string };
  preview: { branch: string; issueNumber: number; pullRequest?: number | undefined };
  /** The previewed commit. */
  sha: string;
  status: {
    state: "success" | "failure" | "error";
    environmentUrl?: string | undefined;
    logUrl?: string | undefined;
    description?: string | null | undefined;
  };
}

export type PreviewOutcome = { reported: true; pullRequest: number } | { reported: false; reason: string };

export async function reportPreview(request: PreviewReport): Promise<PreviewOutcome> {
  const { forge, log, preview, sha, status } = request;
  const skip = (reason: string): PreviewOutcome => {
    log.info({ branch: preview.branch, sha, reason }, "preview not reported");
    return { reported: false, reason };
  };
  const pull = await forge.openPullRequest(preview.branch);
  if (!pull) return skip(`no open pull request has the head ${preview.branch}`);
  if (preview.pullRequest !== undefined && preview.pullRequest !== pull.number)
    return skip(`the deployment names #${preview.pullRequest}, but ${preview.branch} is the head of #${pull.number}`);
  // A newer push has its own preview; an older one finishing late must not replace it.
  if (pull.headSha !== sha)
    return skip(`${sha.slice(0, 7)} is no longer the head of #${pull.number} (${pull.headSha.slice(0, 7)} is)`);
  const section = renderPreviewSection({
    state: status.state === "success" ? "success" : "failure",
    repositoryUrl: request.repository.htmlUrl,
    sha,
    ...(status.environmentUrl ? { url: status.environmentUrl } : {}),
    ...(status.logUrl ? { logUrl: status.logUrl } : {}),
    ...(status.description ? { description: status.description } : {}),
  });
  await updateProgressSection(forge, [pull.number, preview.issueNumber], "preview", section, {
    createIfMissing: false,
  });
  log.info({ pullRequest: pull.number, sha, state: status.state }, "preview reported");
  return { reported: true, pullRequest: pull.number };
}
