// The generation pipeline, shared by the CLI (LocalHost) and the GitHub App (GitHubHost): plan, then one minimal
// commit per stage. Git is the state: the manifest and the ledger of generated files are read from the branch, so a
// crashed or repeated run picks up where the branch is. A stage that changes nothing commits nothing, and a file a
// person changed since appgen wrote it is kept and reported, never overwritten.
import { posix } from "node:path";
import { AppgenError } from "../errors.ts";
import { appFolderProblem } from "../app-folder.ts";
import { canonicalJson, manifestSha256, parseManifest, type Manifest } from "../manifest/index.ts";
import { settleRenames, withoutRenames } from "../manifest/renames.ts";
import type { PlanResult } from "../planners/types.ts";
import {
  DATABASE_STATE_PATH,
  MIGRATIONS_DIR,
  databaseChange,
  isMigrationPath,
  type MigrationHistory,
} from "../stages/db/index.ts";
import type { GeneratedFile } from "../stages/types.ts";
import { resolveWorkflowOptions } from "../stages/workflows/index.ts";
import type { FileChange, RepoHost } from "../ports.ts";
import {
  gitBlobSha,
  LEDGER_PATH,
  MANIFEST_PATH,
  parseLedger,
  renderLedger,
  type Ledger,
  type StageName,
} from "./ledger.ts";
import { GENERATION_STAGES, renderStage, type GenerationStage, type StageOptions } from "./stages.ts";
import { commitMessage } from "./commit-message.ts";

export type StageStatus = "running" | "committed" | "unchanged" | "failed";

/** A file appgen wanted to change but left alone. */
export interface KeptFile {
  path: string;
  /** edited: changed by a person since appgen wrote it; deleted: removed by a person; foreign: not written by appgen. */
  reason: "edited" | "deleted" | "foreign";
}

export interface StageReport {
  stage: StageName;
  status: StageStatus;
  commit?: string;
  /** Paths written or deleted by this stage's commit (repository-relative). */
  changed: string[];
  kept: KeptFile[];
  durationMs: number;
  error?: string;
  /** db stage, after the first migration: the change's migration, what it changes and what it may lose. */
  migration?: MigrationReport;
}

export interface MigrationReport {
  path: string;
  changes: string[];
  warnings: string[];
}

export interface PipelineOptions {
  host: RepoHost;
  /** Plans the manifest; receives the manifest on the branch, if any. */
  plan(previous: Manifest | undefined): Promise<PlanResult>;
  /** Folder of the app inside the repository; "" for the repository root. */
  root?: string;
  /** Repository settings the stages need (the workflows' runner labels); the workflows' app folder is `root`. */
  stageOptions?: StageOptions;
  onProgress?(report: StageReport): void | Promise<void>;
  /** Milliseconds, for durations; injectable so tests and hosts control time. */
  now?(): number;
  /** Wall-clock time, for the name of a new migration; injectable so tests control it. */
  clock?(): Date;
}

export interface PipelineResult {
  manifest: Manifest;
  manifestSha: string;
  plan: PlanResult;
  stages: StageReport[];
  head: string | undefined;
  /** True when any stage committed. */
  changed: boolean;
}

interface BranchState {
  head: string | undefined;
  files: Map<string, string>;
  ledger: Ledger;
  manifestText: string | undefined;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { host } = options;
  const now = options.now ?? (() => performance.now());
  const root = normaliseRoot(options.root ?? "");
  const at = (path: string) => inAppFolder(root, path);
  // GitHub reads .github/ only at the repository root, so a stage's .github/ files go there whatever the app's folder.
  const inRepository = (path: string) => (path.startsWith(".github/") ? path : at(path));
  const workflowOptions = options.stageOptions?.workflows ?? {};
  if (workflowOptions.appPath !== undefined && normaliseRoot(workflowOptions.appPath) !== root) {
    throw new AppgenError(
      "USAGE",
      `the workflows' app folder (${JSON.stringify(workflowOptions.appPath)}) differs from the pipeline's root (${JSON.stringify(root)}); leave it out, the root is used`,
    );
  }
  const stageOptions: StageOptions = { ...options.stageOptions, workflows: { ...workflowOptions, appPath: root } };
  // Unusable settings stop the run before its first commit, not halfway through the stages.
  resolveWorkflowOptions(stageOptions.workflows ?? {});
  const manifestPath = at(MANIFEST_PATH);
  const ledgerPath = at(LEDGER_PATH);

  async function load(head: string | undefined): Promise<BranchState> {
    if (!head) return { head, files: new Map(), ledger: new Map(), manifestText: undefined };
    const files = await host.listFiles(head);
    const [ledgerText, manifestText] = await Promise.all([
      files.has(ledgerPath) ? host.readFile(head, ledgerPath) : undefined,
      files.has(manifestPath) ? host.readFile(head, manifestPath) : undefined,
    ]);
    return { head, files, ledger: parseLedger(ledgerText), manifestText };
  }

  let state = await load(await host.head());
  const startHead = state.head;
  const startFiles = state.files;
  const reports: StageReport[] = [];
  const report = async (r: StageReport) => {
    await options.onProgress?.(r);
  };

  // plan
  const planStarted = now();
  await report({ stage: "plan", status: "running", changed: [], kept: [], durationMs: 0 });
  // Migrations on the base are history: what deployed databases have applied. The next change is planned from the
  // manifest they were made for, and they are never rewritten. Renames the base's database already has are settled.
  const history = await migrationHistory(startHead, startFiles);
  const onBranch =
    state.manifestText === undefined ? undefined : parseManifest(state.manifestText, { source: manifestPath });
  const previous = onBranch && history ? settleRenames(onBranch, history.schema) : onBranch && withoutRenames(onBranch);
  const plan = await options.plan(previous);
  const manifest = plan.manifest;
  const manifestText = canonicalJson(manifest);
  const manifestSha = manifestSha256(manifest);
  const planReport: StageReport = { stage: "plan", status: "unchanged", changed: [], kept: [], durationMs: 0 };
  if (state.manifestText !== manifestText) {
    const changes = [{ path: manifestPath, content: manifestText }];
    const sha = await host.commit({
      parent: state.head,
      message: commitMessage("plan", manifest, manifestSha, [manifestPath]),
      changes,
    });
    state = applyCommit(state, sha, changes);
    state.manifestText = manifestText;
    Object.assign(planReport, { status: "committed", commit: sha, changed: [manifestPath] });
  }
  planReport.durationMs = Math.round(now() - planStarted);
  reports.push(planReport);
  await report(planReport);

  for (const stage of GENERATION_STAGES) {
    const started = now();
    await report({ stage, status: "running", changed: [], kept: [], durationMs: 0 });
    try {
      let migration: MigrationReport | undefined;
      let rendered: GeneratedFile[];
      if (stage === "db") {
        const change = databaseChange(manifest, history);
        rendered = change.files;
        if (change.migration) migration = { ...change.migration, path: at(change.migration.path) };
      } else {
        rendered = renderStage(stage, manifest, stageOptions);
      }
      const files = rendered.map((f) => ({ path: inRepository(f.path), content: f.content }));
      const retained = stage === "db" ? new Set(history?.applied.map(at)) : new Set<string>();
      const stageReport = await commitStage(stage, files, retained);
      if (migration) stageReport.migration = migration;
      stageReport.durationMs = Math.round(now() - started);
      reports.push(stageReport);
      await report(stageReport);
    } catch (error) {
      const failed: StageReport = {
        stage,
        status: "failed",
        changed: [],
        kept: [],
        durationMs: Math.round(now() - started),
        error: error instanceof Error ? error.message : String(error),
      };
      reports.push(failed);
      await report(failed);
      throw error;
    }
  }

  return {
    manifest,
    manifestSha,
    plan,
    stages: reports,
    head: state.head,
    changed: reports.some((r) => r.status === "committed"),
  };

  async function migrationHistory(
    head: string | undefined,
    headFiles: Map<string, string>,
  ): Promise<MigrationHistory | undefined> {
    const baseCommit = (await host.baseCommit?.()) ?? head;
    if (baseCommit === undefined) return undefined;
    const baseFiles = baseCommit === head ? headFiles : await host.listFiles(baseCommit);
    const migrationsIn = (files: Map<string, string>) =>
      [...files.keys()]
        .filter((p) => p.startsWith(`${at(MIGRATIONS_DIR)}/`) && isMigrationPath(appPath(p)))
        .map(appPath)
        .sort();
    const applied = migrationsIn(baseFiles);
    if (applied.length === 0) return undefined;
    const statePath = baseFiles.has(at(DATABASE_STATE_PATH))
      ? at(DATABASE_STATE_PATH)
      : baseFiles.has(manifestPath)
        ? manifestPath
        : undefined;
    const text = statePath === undefined ? undefined : await host.readFile(baseCommit, statePath);
    if (text === undefined) {
      throw new AppgenError(
        "MIGRATION_HISTORY_UNKNOWN",
        `the base (${baseCommit.slice(0, 12)}) has migrations in ${at(MIGRATIONS_DIR)} but no ${at(DATABASE_STATE_PATH)} or ${manifestPath}, so appgen cannot tell which schema deployed databases have. Restore ${at(DATABASE_STATE_PATH)} on the base from the commit that last changed the migrations.`,
      );
    }
    const schema = parseManifest(text, { source: `${statePath} on the base` });
    const applyingSet = new Set(applied);
    const pending = migrationsIn(headFiles).filter(
      (p) => !applyingSet.has(p) && state.ledger.get(at(p))?.stage === "db",
    );
    return { applied, schema, pending, now: options.clock?.() ?? new Date() };
  }

  function appPath(repositoryPath: string): string {
    return root ? repositoryPath.slice(root.length + 1) : repositoryPath;
  }

  async function commitStage(
    stage: GenerationStage,
    files: GeneratedFile[],
    retained: Set<string>,
    retried = false,
  ): Promise<StageReport> {
    const { changes, kept, ledger } = decide(stage, files, state, retained);
    if (changes.length === 0) {
      return { stage, status: "unchanged", changed: [], kept, durationMs: 0 };
    }
    const changed = changes.map((c) => c.path);
    const withLedger = [...changes, { path: ledgerPath, content: renderLedger(ledger) }];
    try {
      const sha = await host.commit({
        parent: state.head,
        message: commitMessage(stage, manifest, manifestSha, changed),
        changes: withLedger,
      });
      state = applyCommit(state, sha, withLedger);
      state.ledger = ledger;
      return { stage, status: "committed", commit: sha, changed, kept, durationMs: 0 };
    } catch (error) {
      if (retried || !(error instanceof AppgenError) || error.code !== "BRANCH_MOVED") throw error;
      // Someone pushed meanwhile. Their commit stays; the stage is recomputed on top of it, unless the manifest moved.
      state = await load(await host.head());
      if (state.manifestText !== manifestText) {
        throw new AppgenError(
          "MANIFEST_CHANGED",
          `${manifestPath} changed on the branch while appgen was generating; nothing more was committed. Run appgen again (on GitHub: comment /regenerate) to generate from the new manifest.`,
        );
      }
      return commitStage(stage, files, retained, true);
    }
  }
}

/**
 * Which of a stage's files to write or delete, and which to keep because a person changed them. `retained` paths
 * (migrations on the base) are the stage's, but history: never written, never deleted.
 */
export function decide(
  stage: StageName,
  files: GeneratedFile[],
  state: Pick<BranchState, "files" | "ledger">,
  retained: ReadonlySet<string> = new Set(),
): { changes: FileChange[]; kept: KeptFile[]; ledger: Ledger } {
  const ledger: Ledger = new Map(state.ledger);
  const changes: FileChange[] = [];
  const kept: KeptFile[] = [];
  const wanted = new Set<string>();
  for (const file of files) {
    if (retained.has(file.path)) throw new Error(`${stage} stage would rewrite ${file.path}, which is history`);
    if (wanted.has(file.path)) throw new Error(`${stage} stage produced ${file.path} twice`);
    wanted.add(file.path);
    const desired = gitBlobSha(file.content);
    const current = state.files.get(file.path);
    const recorded = state.ledger.get(file.path);
    if (current === desired) {
      ledger.set(file.path, { stage, sha: desired });
    } else if (current === undefined && recorded === undefined) {
      changes.push(file);
      ledger.set(file.path, { stage, sha: desired });
    } else if (recorded !== undefined && current === recorded.sha) {
      changes.push(file);
      ledger.set(file.path, { stage, sha: desired });
    } else if (recorded !== undefined && recorded.sha === desired) {
      // A person changed the file and appgen has nothing new for it: their version simply stays.
    } else {
      kept.push({
        path: file.path,
        reason: current === undefined ? "deleted" : recorded === undefined ? "foreign" : "edited",
      });
    }
  }
  for (const [path, entry] of state.ledger) {
    if (entry.stage !== stage || wanted.has(path) || retained.has(path)) continue;
    const current = state.files.get(path);
    if (current === undefined) {
      ledger.delete(path);
    } else if (current === entry.sha) {
      changes.push({ path, content: null });
      ledger.delete(path);
    } else {
      kept.push({ path, reason: "edited" });
    }
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { changes, kept, ledger };
}

function applyCommit(state: BranchState, sha: string, changes: FileChange[]): BranchState {
  const files = new Map(state.files);
  for (const change of changes) {
    if (change.content === null) files.delete(change.path);
    else files.set(change.path, gitBlobSha(change.content));
  }
  return { ...state, head: sha, files };
}

/** A path of the app's folder (`root`, e.g. config.path) as a repository path; the one joining every caller uses. */
export function inAppFolder(root: string, path: string): string {
  const folder = normaliseRoot(root);
  return folder ? posix.join(folder, path) : path;
}

/**
 * The app's folder as a clean relative path ("" for the repository root). A command line's spelling is accepted
 * ("./apps/crm/" is apps/crm); the folder itself must pass the same rule as config.path (appFolderProblem): nothing
 * outside the repository, no '.' or '..' segment, not in .git or .github.
 */
export function normaliseRoot(root: string): string {
  const trimmed = root.replace(/^(\.\/+)+/, "").replace(/\/+$/, "");
  if (trimmed === "" || trimmed === ".") return "";
  const problem = appFolderProblem(trimmed);
  if (problem) throw new AppgenError("USAGE", `the app folder ${problem.message}; ${problem.fix}`);
  return trimmed;
}
