// RepoHost on a local git repository, through git's plumbing commands. A commit is built in a temporary index (the
// user's index is not touched), the work tree is updated with `git read-tree -m -u` (which refuses to overwrite
// untracked files), and the branch is moved with a compare-and-swap `git update-ref`.
import { execFile } from "node:child_process";
import { mkdtemp, realpath, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppgenError } from "../core/errors.ts";
import type { CommitRequest, RepoHost } from "../ports.ts";
import type { Environment } from "../settings.ts";

const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export interface LocalHostOptions {
  /** The environment git runs in (PATH, HOME for the user's git config…): the CLI passes the one it was started with. */
  env: Environment;
  /** Author and committer of appgen's commits. */
  author?: { name: string; email: string };
  /** A branch or commit whose migrations count as applied (like a pull request's base); default: the branch itself. */
  base?: string;
}

interface GitResult {
  stdout: string;
  code: number;
  stderr: string;
}

export class LocalHost implements RepoHost {
  private readonly author: { name: string; email: string };
  private readonly base: string | undefined;
  private readonly env: Environment;

  private constructor(
    readonly dir: string,
    readonly branch: string,
    options: LocalHostOptions,
  ) {
    this.author = options.author ?? { name: "appgen", email: "appgen@localhost" };
    this.base = options.base;
    this.env = options.env;
  }

  /** Opens the repository in `dir`, creating the directory and `git init -b main` when needed. */
  static async open(dir: string, options: LocalHostOptions): Promise<LocalHost> {
    const exists = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!exists || !(await isRepositoryRoot(dir, options.env))) {
      await git(["init", "-q", "-b", "main", dir], { cwd: process.cwd(), inherit: options.env });
    }
    const symbolic = await gitResult(["symbolic-ref", "-q", "--short", "HEAD"], { cwd: dir, inherit: options.env });
    if (symbolic.code !== 0) {
      throw new AppgenError(
        "GIT_FAILED",
        `${dir} is on a detached HEAD. Check out a branch (git switch -c appgen) and run again.`,
      );
    }
    return new LocalHost(dir, symbolic.stdout.trim(), options);
  }

  async head(): Promise<string | undefined> {
    const result = await gitResult(["rev-parse", "-q", "--verify", `refs/heads/${this.branch}^{commit}`], {
      cwd: this.dir,
      inherit: this.env,
    });
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  async baseCommit(): Promise<string | undefined> {
    if (this.base === undefined) return undefined;
    const result = await gitResult(["rev-parse", "-q", "--verify", `${this.base}^{commit}`], {
      cwd: this.dir,
      inherit: this.env,
    });
    if (result.code !== 0)
      throw new AppgenError(
        "USAGE",
        `--base ${this.base} is not a branch or commit of ${this.dir}; name the branch the change will be merged into (e.g. --base main)`,
      );
    return result.stdout.trim();
  }

  async listFiles(commit: string): Promise<Map<string, string>> {
    const out = await git(["ls-tree", "-r", "-z", "--full-tree", commit], { cwd: this.dir, inherit: this.env });
    const files = new Map<string, string>();
    for (const record of out.split("\0")) {
      if (!record) continue;
      const tab = record.indexOf("\t");
      const [, type, sha] = record.slice(0, tab).split(" ");
      if (type === "blob" && sha) files.set(record.slice(tab + 1), sha);
    }
    return files;
  }

  async readFile(commit: string, path: string): Promise<string | undefined> {
    const result = await gitResult(["cat-file", "blob", `${commit}:${path}`], { cwd: this.dir, inherit: this.env });
    return result.code === 0 ? result.stdout : undefined;
  }

  /** Tracked files with uncommitted changes; appgen refuses to run over them so nothing of the user's is lost. */
  async uncommittedChanges(): Promise<string[]> {
    const out = await git(["status", "--porcelain=v1", "-z", "--untracked-files=no"], {
      cwd: this.dir,
      inherit: this.env,
    });
    return out
      .split("\0")
      .filter((r) => r.length > 3)
      .map((r) => r.slice(3));
  }

  async commit(request: CommitRequest): Promise<string> {
    const scratch = await mkdtemp(join(tmpdir(), "appgen-index-"));
    const env = { GIT_INDEX_FILE: join(scratch, "index") };
    try {
      await git(request.parent ? ["read-tree", request.parent] : ["read-tree", "--empty"], {
        cwd: this.dir,
        inherit: this.env,
        env,
      });
      const additions = request.changes.filter((c) => c.content !== null);
      // One git process for every blob, however many files the stage writes.
      const blobFiles = await Promise.all(
        additions.map(async (c, i) => {
          const file = join(scratch, `blob-${i}`);
          await writeFile(file, c.content as string);
          return file;
        }),
      );
      const blobs = additions.length
        ? (
            await git(["hash-object", "-w", "--no-filters", "--stdin-paths"], {
              cwd: this.dir,
              inherit: this.env,
              input: blobFiles.join("\n") + "\n",
            })
          )
            .trim()
            .split("\n")
        : [];
      const indexInfo = [
        ...additions.map((c, i) => `100644 ${blobs[i]?.trim()}\t${c.path}`),
        ...request.changes.filter((c) => c.content === null).map((c) => `0 ${"0".repeat(40)}\t${c.path}`),
      ];
      await git(["update-index", "-z", "--index-info"], {
        cwd: this.dir,
        inherit: this.env,
        env,
        input: indexInfo.map((l) => `${l}\0`).join(""),
      });
      const tree = (await git(["write-tree"], { cwd: this.dir, inherit: this.env, env })).trim();
      const commitEnv = {
        GIT_AUTHOR_NAME: this.author.name,
        GIT_AUTHOR_EMAIL: this.author.email,
        GIT_COMMITTER_NAME: this.author.name,
        GIT_COMMITTER_EMAIL: this.author.email,
      };
      const parents = request.parent ? ["-p", request.parent] : [];
      const sha = (
        await git(["commit-tree", tree, ...parents, "-F", "-"], {
          cwd: this.dir,
          inherit: this.env,
          env: commitEnv,
          input: request.message,
        })
      ).trim();

      const current = await this.head();
      if (current !== request.parent) {
        throw new AppgenError(
          "BRANCH_MOVED",
          `branch ${this.branch} moved from ${request.parent ?? "(none)"} to ${current ?? "(none)"} while appgen was committing`,
        );
      }
      // Update index and work tree first: this fails, changing nothing, if an untracked file is in the way.
      const readTree = await gitResult(["read-tree", "-m", "-u", request.parent ?? EMPTY_TREE, sha], {
        cwd: this.dir,
        inherit: this.env,
      });
      if (readTree.code !== 0) {
        throw new AppgenError(
          "DIRTY_WORKTREE",
          `appgen could not update the files in ${this.dir}: ${readTree.stderr.trim()}. Move or commit those files and run again.`,
        );
      }
      const update = await gitResult(
        ["update-ref", "-m", "appgen", `refs/heads/${this.branch}`, sha, request.parent ?? ""],
        { cwd: this.dir, inherit: this.env },
      );
      if (update.code !== 0) {
        await gitResult(["read-tree", "-m", "-u", sha, request.parent ?? EMPTY_TREE], {
          cwd: this.dir,
          inherit: this.env,
        });
        throw new AppgenError(
          "BRANCH_MOVED",
          `branch ${this.branch} moved while appgen was committing: ${update.stderr.trim()}`,
        );
      }
      return sha;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Subject and body of commits on the branch, newest first. */
  async log(limit = 50): Promise<{ sha: string; message: string }[]> {
    if (!(await this.head())) return [];
    const out = await git(["log", `-${limit}`, "--format=%H%x00%B%x00", this.branch], {
      cwd: this.dir,
      inherit: this.env,
    });
    const parts = out.split("\0");
    const commits: { sha: string; message: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2)
      commits.push({ sha: (parts[i] ?? "").trim(), message: parts[i + 1] ?? "" });
    return commits;
  }
}

async function isRepositoryRoot(dir: string, inherit: Environment): Promise<boolean> {
  const result = await gitResult(["rev-parse", "--show-toplevel"], { cwd: dir, inherit });
  if (result.code !== 0) return false;
  const [top, here] = await Promise.all([realpath(result.stdout.trim()), realpath(dir)]);
  return top === here;
}

interface GitOptions {
  cwd: string;
  /** The environment git inherits (LocalHostOptions.env). */
  inherit: Environment;
  /** Variables set for this one command (a scratch index, the author). */
  env?: Record<string, string>;
  input?: string;
}

function gitResult(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd: options.cwd,
        env: { ...options.inherit, ...options.env, GIT_TERMINAL_PROMPT: "0" },
        maxBuffer: 256 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new AppgenError("GIT_FAILED", `could not run git (${error.message}). Install git and run again.`));
          return;
        }
        resolve({ stdout, stderr, code: error ? Number(error.code) : 0 });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

async function git(args: string[], options: GitOptions): Promise<string> {
  const result = await gitResult(args, options);
  if (result.code !== 0)
    throw new AppgenError(
      "GIT_FAILED",
      `git ${args[0]} failed in ${options.cwd}: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  return result.stdout;
}
