// The fake's repository: a bare git repository driven by plumbing commands, so whatever the API writes is a real
// commit a test can `git log`, `git show` or check out.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601. */
  date: string;
}

export interface ParsedCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
  signature: string | undefined;
}

export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  path: string;
  /** Blobs only. */
  size?: number;
}

/** One change to a tree: new content, an existing blob, or (sha null) removal. */
export interface TreeChange {
  path: string;
  mode: string;
  content?: Buffer;
  sha?: string | null;
}

export class TreeChangeError extends Error {}

interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export class GitStore {
  constructor(readonly dir: string) {}

  static async init(dir: string, defaultBranch: string): Promise<GitStore> {
    await runGit(["init", "-q", "--bare", "-b", defaultBranch, dir], process.cwd());
    return new GitStore(dir);
  }

  async run(
    args: string[],
    options: { input?: Buffer | string; env?: Record<string, string> } = {},
  ): Promise<GitResult> {
    return runGit(args, this.dir, options);
  }

  async text(args: string[], options: { input?: Buffer | string; env?: Record<string, string> } = {}): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr.trim()}`);
    return result.stdout.toString("utf8");
  }

  /** The object a full ref name points to ("refs/heads/main"), or undefined. */
  async resolveRef(fullRef: string): Promise<string | undefined> {
    const result = await this.run(["rev-parse", "-q", "--verify", `${fullRef}^{}`]);
    return result.code === 0 ? result.stdout.toString().trim() : undefined;
  }

  /** Resolves a SHA, ref or branch name to the object of the given type, or undefined. */
  async peel(name: string, type: "commit" | "tree"): Promise<string | undefined> {
    if (name.startsWith("-")) return undefined;
    const result = await this.run(["rev-parse", "-q", "--verify", `${name}^{${type}}`]);
    return result.code === 0 ? result.stdout.toString().trim() : undefined;
  }

  async objectType(sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
    const result = await this.run(["cat-file", "-t", sha]);
    return result.code === 0 ? result.stdout.toString().trim() : undefined;
  }

  /** Every ref under refs/, with the object it points to. */
  async listRefs(): Promise<{ ref: string; sha: string; type: string }[]> {
    const out = await this.text(["for-each-ref", "--format=%(refname) %(objectname) %(objecttype)", "refs/"]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [ref = "", sha = "", type = ""] = line.split(" ");
        return { ref, sha, type };
      });
  }

  /** Compare-and-swap: moves `fullRef` to `sha` only if it is still at `expected` (undefined = must not exist). */
  async updateRef(fullRef: string, sha: string, expected: string | undefined): Promise<boolean> {
    const result = await this.run(["update-ref", "-m", "fake-github", fullRef, sha, expected ?? "0".repeat(40)]);
    return result.code === 0;
  }

  async deleteRef(fullRef: string, expected: string): Promise<boolean> {
    return (await this.run(["update-ref", "-d", fullRef, expected])).code === 0;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return (await this.run(["merge-base", "--is-ancestor", ancestor, descendant])).code === 0;
  }

  async readCommit(sha: string): Promise<ParsedCommit | undefined> {
    if ((await this.objectType(sha)) !== "commit") return undefined;
    const raw = (await this.run(["cat-file", "commit", sha])).stdout.toString("utf8");
    const split = raw.indexOf("\n\n");
    const headerText = split === -1 ? raw : raw.slice(0, split);
    const message = split === -1 ? "" : raw.slice(split + 2);
    const headers = new Map<string, string[]>();
    let last = "";
    for (const line of headerText.split("\n")) {
      if (line.startsWith(" ") && last) {
        const values = headers.get(last) ?? [];
        values[values.length - 1] += `\n${line.slice(1)}`;
        continue;
      }
      const space = line.indexOf(" ");
      last = line.slice(0, space);
      headers.set(last, [...(headers.get(last) ?? []), line.slice(space + 1)]);
    }
    return {
      sha,
      tree: headers.get("tree")?.[0] ?? EMPTY_TREE,
      parents: headers.get("parent") ?? [],
      author: parsePerson(headers.get("author")?.[0] ?? ""),
      committer: parsePerson(headers.get("committer")?.[0] ?? ""),
      message,
      signature: headers.get("gpgsig")?.[0],
    };
  }

  async createCommit(input: {
    tree: string;
    parents: string[];
    message: string;
    author: GitPerson;
    committer: GitPerson;
  }): Promise<string> {
    const env = {
      GIT_AUTHOR_NAME: input.author.name,
      GIT_AUTHOR_EMAIL: input.author.email,
      GIT_AUTHOR_DATE: input.author.date,
      GIT_COMMITTER_NAME: input.committer.name,
      GIT_COMMITTER_EMAIL: input.committer.email,
      GIT_COMMITTER_DATE: input.committer.date,
    };
    const parents = input.parents.flatMap((p) => ["-p", p]);
    // commit-tree -F - keeps the message byte for byte (no cleanup of trailers or comments).
    return (await this.text(["commit-tree", input.tree, ...parents, "-F", "-"], { env, input: input.message })).trim();
  }

  async readTree(sha: string, recursive: boolean): Promise<TreeEntry[]> {
    const args = ["ls-tree", "-z", "-l", ...(recursive ? ["-r", "-t"] : []), sha];
    const out = await this.text(args);
    return out
      .split("\0")
      .filter(Boolean)
      .map((record) => {
        const tab = record.indexOf("\t");
        const [mode = "", type = "", objectSha = "", size = "-"] = record.slice(0, tab).split(/ +/);
        const entry: TreeEntry = { mode, type: type as TreeEntry["type"], sha: objectSha, path: record.slice(tab + 1) };
        if (type === "blob") entry.size = Number(size);
        return entry;
      });
  }

  /** The entry at `path` in a commit or tree, or undefined. */
  async entryAt(treeish: string, path: string): Promise<TreeEntry | undefined> {
    const out = await this.text(["ls-tree", "-z", "-l", treeish, "--", path]);
    const record = out.split("\0").find(Boolean);
    if (!record) return undefined;
    const tab = record.indexOf("\t");
    if (record.slice(tab + 1) !== path) return undefined;
    const [mode = "", type = "", sha = "", size = "-"] = record.slice(0, tab).split(/ +/);
    return { mode, type: type as TreeEntry["type"], sha, path, ...(type === "blob" ? { size: Number(size) } : {}) };
  }

  async writeBlob(content: Buffer): Promise<string> {
    return (await this.text(["hash-object", "-w", "--no-filters", "--stdin"], { input: content })).trim();
  }

  /** Writes many blobs with one git process (a stage may write hundreds of files). */
  private async writeBlobs(scratch: string, contents: Buffer[]): Promise<string[]> {
    if (contents.length === 0) return [];
    const files = await Promise.all(
      contents.map(async (content, i) => {
        const file = join(scratch, `blob-${i}`);
        await writeFile(file, content);
        return file;
      }),
    );
    const out = await this.text(["hash-object", "-w", "--no-filters", "--stdin-paths"], {
      input: `${files.join("\n")}\n`,
    });
    return out.split("\n").filter(Boolean);
  }

  /** Object types of many SHAs with one git process; unknown objects are absent from the map. */
  async objectTypes(shas: string[]): Promise<Map<string, string>> {
    const types = new Map<string, string>();
    const valid = shas.filter((sha) => /^[0-9a-f]{40}$/.test(sha));
    if (valid.length === 0) return types;
    const out = await this.text(["cat-file", "--batch-check=%(objectname) %(objecttype)"], {
      input: `${valid.join("\n")}\n`,
    });
    for (const line of out.split("\n")) {
      const [sha, type] = line.split(" ");
      if (sha && type && type !== "missing") types.set(sha, type);
    }
    return types;
  }

  async readBlob(sha: string): Promise<Buffer | undefined> {
    if ((await this.objectType(sha)) !== "blob") return undefined;
    return (await this.run(["cat-file", "blob", sha])).stdout;
  }

  /**
   * A new tree: `base` (or nothing) with `changes` applied, built in a throwaway index. Throws TreeChangeError for
   * what GitHub rejects (deleting a path that is not there, pointing at a missing blob).
   */
  async buildTree(base: string | undefined, changes: TreeChange[]): Promise<string> {
    const scratch = await mkdtemp(join(tmpdir(), "fake-github-index-"));
    const env = { GIT_INDEX_FILE: join(scratch, "index") };
    try {
      await this.text(base ? ["read-tree", base] : ["read-tree", "--empty"], { env });
      const present = new Set((await this.text(["ls-files", "-z"], { env })).split("\0").filter(Boolean));
      const written = await this.writeBlobs(
        scratch,
        changes.flatMap((c) => (c.content ? [c.content] : [])),
      );
      const referenced = await this.objectTypes(
        changes.flatMap((c) => (typeof c.sha === "string" && !c.content ? [c.sha] : [])),
      );
      const lines: string[] = [];
      for (const change of changes) {
        if (change.sha === null) {
          const inside = [...present].filter((p) => p.startsWith(`${change.path}/`));
          if (!present.has(change.path) && inside.length === 0) throw new TreeChangeError("GitRPC::BadObjectState");
          for (const path of [change.path, ...inside]) lines.push(`0 ${"0".repeat(40)}\t${path}`);
          continue;
        }
        const sha = change.content ? (written.shift() as string) : (change.sha as string);
        if (!change.content && referenced.get(sha) !== "blob")
          throw new TreeChangeError(`tree.sha ${sha} is not a valid blob`);
        lines.push(`${change.mode} ${sha}\t${change.path}`);
      }
      if (lines.length)
        await this.text(["update-index", "-z", "--index-info"], { env, input: lines.map((l) => `${l}\0`).join("") });
      return (await this.text(["write-tree"], { env })).trim();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Commits reachable from `start`, newest first. */
  async log(start: string, limit: number): Promise<string[]> {
    const out = await this.text(["rev-list", `--max-count=${limit}`, start]);
    return out.split("\n").filter(Boolean);
  }
}

function parsePerson(line: string): GitPerson {
  const match = /^(.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!match) return { name: line, email: "", date: new Date(0).toISOString() };
  return {
    name: match[1] ?? "",
    email: match[2] ?? "",
    date: new Date(Number(match[3]) * 1000).toISOString().replace(".000Z", "Z"),
  };
}

function runGit(
  args: string[],
  cwd: string,
  options: { input?: Buffer | string; env?: Record<string, string> } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd,
        encoding: "buffer",
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", ...options.env },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ stdout, stderr: stderr.toString("utf8"), code: error ? Number(error.code) : 0 });
      },
    );
    // git exits without reading stdin when it needs none (or fails early); that EPIPE is not an error here.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input);
  });
}
