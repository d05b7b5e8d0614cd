// One auto-fix attempt on a branch, through the RepoHost port: read the implicated files and the manifest at the
// head, plan the fix, commit it with `Appgen-Stage: fix` and `Appgen-Autofix: <n>`. Git is the state: the attempt
// number comes from the branch's history, so the limit holds across runs, processes and hosts.
import type { Llm, RepoHost } from "../ports.ts";
import { AppgenError } from "../errors.ts";
import { manifestSha256, parseManifest } from "../manifest/index.ts";
import { CARD_STAGE, commitMessage, parseTrailers, TRAILERS } from "../pipeline/commit-message.ts";
import { MANIFEST_PATH } from "../pipeline/ledger.ts";
import { inAppFolder, normaliseRoot } from "../pipeline/pipeline.ts";
import type { DiagnosticsReport } from "../schema-types/diagnostics.ts";
import { filesNeededForFix, planFix, type FixPlan } from "./plan.ts";

export const AUTOFIX_TRAILER = TRAILERS.autofix;
export const DEFAULT_MAX_AUTOFIX = 2;

/** Auto-fix commits since the last commit of another appgen stage; `messages` are newest first. */
export function countAutofixCommits(messages: Iterable<string>): number {
  let count = 0;
  for (const message of messages) {
    const trailers = parseTrailers(message);
    const stage = trailers[TRAILERS.stage];
    // Card commits only redraw appgen/card.svg: they neither end nor count a run of fix attempts.
    if (stage !== undefined && stage !== "fix" && stage !== CARD_STAGE) break;
    if (stage === "fix" && trailers[AUTOFIX_TRAILER] !== undefined) count++;
  }
  return count;
}

export interface FixAttemptOptions {
  host: RepoHost;
  report: DiagnosticsReport;
  /** Which attempt this is (1-based); written as the Appgen-Autofix trailer. */
  attempt: number;
  /** Folder of the app inside the repository; "" for the root. */
  root?: string;
  llm?: Llm | undefined;
  maxChangedLines?: number;
  /** The commit the report was made for (a workflow run's head_sha); a branch that moved since is not fixed. */
  expectedHead?: string;
}

export interface FixAttemptResult {
  plan: FixPlan;
  commit: string;
  message: string;
}

export async function commitFixAttempt(options: FixAttemptOptions): Promise<FixAttemptResult> {
  const { host } = options;
  const root = normaliseRoot(options.root ?? "");
  const inRepo = (path: string) => inAppFolder(root, path);
  const head = await host.head();
  if (!head) throw new AppgenError("FIX_NOT_POSSIBLE", "the branch has no commit yet; generate the app first.");
  if (options.expectedHead !== undefined && options.expectedHead !== head) {
    throw new AppgenError(
      "BRANCH_MOVED",
      `the branch moved from ${options.expectedHead.slice(0, 12)} (the checked commit) to ${head.slice(0, 12)}; the new head gets its own check.`,
    );
  }

  const appPaths = [...(await host.listFiles(head)).keys()].flatMap((path) =>
    !root ? [path] : path.startsWith(`${root}/`) ? [path.slice(root.length + 1)] : [],
  );
  const manifestText = await host.readFile(head, inRepo(MANIFEST_PATH));
  if (manifestText === undefined)
    throw new AppgenError(
      "MANIFEST_NOT_FOUND",
      `there is no ${inRepo(MANIFEST_PATH)} at ${head.slice(0, 12)}; auto-fix works on apps appgen generated.`,
    );
  const manifest = parseManifest(manifestText, { source: inRepo(MANIFEST_PATH) });
  const needed = filesNeededForFix(options.report, appPaths);
  const contents = await Promise.all(
    needed.map(async (path) => [path, await host.readFile(head, inRepo(path))] as const),
  );
  const files = new Map(
    contents.flatMap(([path, content]) => (content === undefined ? [] : [[path, content] as [string, string]])),
  );

  const plan = await planFix(
    { report: options.report, files, manifest },
    { llm: options.llm, maxChangedLines: options.maxChangedLines },
  );
  const changes = plan.changes.map((change) => ({ path: inRepo(change.path), content: change.content }));
  const message = fixCommitMessage(
    plan,
    manifestText,
    options.attempt,
    changes.map((c) => c.path),
  );
  const commit = await host.commit({ parent: head, message, changes });
  return { plan, commit, message };
}

function fixCommitMessage(plan: FixPlan, manifestText: string, attempt: number, paths: string[]): string {
  const manifest = parseManifest(manifestText);
  const base = commitMessage("fix", manifest, manifestSha256(manifest), paths, {
    [AUTOFIX_TRAILER]: String(attempt),
    [TRAILERS.fixer]: plan.fixer,
  });
  // The explanation goes between the subject and the file list; the trailers stay the last paragraph.
  const [subject, ...rest] = base.split("\n\n");
  const explanation = plan.explanation.trim();
  return explanation ? [subject, explanation, ...rest].join("\n\n") : base;
}
