// RepoHost on a GitHub branch through the Git Data API. A commit is three requests however many files it carries:
// one tree (inline contents on top of the parent's tree), one commit, one fast-forward-only ref update. What a
// commit's tree and file listing are is remembered (from listFiles and from appgen's own commits), so a pipeline
// run costs a bounded number of requests that does not grow with the number of generated files.
//
// Contents travel as UTF-8 strings (RepoHost carries text only). A binary file would have to be uploaded with
// POST /git/blobs (base64) and referenced by SHA in the tree; nothing appgen generates needs that today.
// Errors carry GitHub's message, never the token: Octokit's RequestError redacts the authorization header.
import type { ProbotOctokit } from "probot";
import { AppgenError } from "../core/errors.ts";
import { gitBlobSha } from "../core/pipeline/ledger.ts";
import type { BranchHost, CommitRequest, FileChange } from "../ports.ts";

/** The part of an Octokit instance GitHubHost uses: Probot's `context.octokit`, or any Octokit 5 / @octokit/core 7. */
export type GitHubOctokit = Pick<ProbotOctokit, "request">;

export interface GitHubHostOptions {
  octokit: GitHubOctokit;
  owner: string;
  repo: string;
  /** The branch appgen commits to, without refs/heads/. */
  branch: string;
}

/** What GitHub's RequestError carries, read structurally so any Octokit version's errors are understood. */
interface GitHubFailure {
  status?: number;
  message?: string;
  response?: { data?: { message?: string } };
}

const KEPT_LISTINGS = 8;
const KEPT_BLOBS = 64;

export class GitHubHost implements BranchHost {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
  private readonly octokit: GitHubOctokit;
  /** commit SHA -> its tree SHA; commits never change, so entries never go stale. */
  private readonly trees = new Map<string, string>();
  /** commit SHA -> path -> blob SHA, for the few most recent commits. */
  private readonly listings = new Map<string, Map<string, string>>();
  /** blob SHA -> UTF-8 content, for files read (manifest, ledger). */
  private readonly blobs = new Map<string, string>();

  constructor(options: GitHubHostOptions) {
    this.octokit = options.octokit;
    this.owner = options.owner;
    this.repo = options.repo;
    this.branch = options.branch;
  }

  private get where(): string {
    return `${this.owner}/${this.repo}`;
  }

  head(): Promise<string | undefined> {
    return this.branchHead(this.branch);
  }

  /** Any branch's head commit, or undefined when the branch does not exist (or the repository has no commit). */
  async branchHead(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
        owner: this.owner,
        repo: this.repo,
        ref: `heads/${branch}`,
      });
      return data.object.sha;
    } catch (error) {
      // 409: "Git Repository is empty."
      if (statusOf(error) === 404 || statusOf(error) === 409) return undefined;
      throw error;
    }
  }

  /**
   * The base branch appgen starts from and its head: `branch` when given (from config or the webhook payload's
   * repository.default_branch, which saves a request), else the repository's default branch.
   */
  async defaultBranchHead(branch?: string): Promise<{ branch: string; sha: string | undefined }> {
    let name = branch;
    if (name === undefined) {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", { owner: this.owner, repo: this.repo });
      name = data.default_branch;
    }
    return { branch: name, sha: await this.branchHead(name) };
  }

  /**
   * Creates this host's branch at `from`. When the branch already exists (a second run, another instance) it is
   * left as it is and its current head is answered.
   */
  async createBranch(from: string): Promise<string> {
    try {
      await this.octokit.request("POST /repos/{owner}/{repo}/git/refs", {
        owner: this.owner,
        repo: this.repo,
        ref: `refs/heads/${this.branch}`,
        sha: from,
      });
      return from;
    } catch (error) {
      if (!isReferenceExists(error)) throw error;
      const head = await this.head();
      if (head === undefined) throw error;
      return head;
    }
  }

  async listFiles(commit: string): Promise<Map<string, string>> {
    const known = this.listings.get(commit);
    if (known) return new Map(known);
    // GitHub resolves a commit SHA to its tree here, so the listing costs one request and tells the tree SHA too.
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner: this.owner,
      repo: this.repo,
      tree_sha: commit,
      recursive: "1",
    });
    if (data.truncated) {
      throw new AppgenError(
        "REPOSITORY_UNSUPPORTED",
        `GitHub truncated the file listing of ${this.where} at ${commit} (its limit is 100,000 files or 7 MB of listing), so appgen cannot tell which files it would overwrite. Generate the app into a smaller repository.`,
      );
    }
    const files = new Map<string, string>();
    for (const entry of data.tree) {
      if (entry.type === "blob" && entry.path && entry.sha) files.set(entry.path, entry.sha);
    }
    this.trees.set(commit, data.sha);
    this.remember(commit, files);
    return new Map(files);
  }

  async readFile(commit: string, path: string): Promise<string | undefined> {
    const listing = this.listings.get(commit);
    if (listing) {
      const sha = listing.get(path);
      return sha === undefined ? undefined : this.readBlob(sha);
    }
    let data;
    try {
      ({ data } = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner: this.owner,
        repo: this.repo,
        path,
        ref: commit,
      }));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
    if (Array.isArray(data) || data.type !== "file") return undefined;
    // Files over 1 MB come without content; the blob endpoint serves them.
    if (!("content" in data) || data.encoding !== "base64") return this.readBlob(data.sha);
    const content = Buffer.from(data.content, "base64").toString("utf8");
    this.rememberBlob(data.sha, content);
    return content;
  }

  async commit(request: CommitRequest): Promise<string> {
    const { parent, message } = request;
    const parentFiles = parent === undefined ? new Map<string, string>() : this.listings.get(parent);
    // GitHub refuses to delete a path that is not there; when the parent's files are known, such deletions are moot.
    const changes = parentFiles
      ? request.changes.filter((c) => c.content !== null || parentFiles.has(c.path))
      : request.changes;
    const baseTree = parent === undefined ? undefined : await this.treeOf(parent);

    let tree: string;
    if (changes.length === 0 && baseTree !== undefined) {
      tree = baseTree;
    } else {
      const entries = changes.map((c) =>
        c.content === null
          ? { path: c.path, mode: "100644" as const, type: "blob" as const, sha: null }
          : { path: c.path, mode: "100644" as const, type: "blob" as const, content: c.content },
      );
      const { data } = await this.gitData(() =>
        this.octokit.request("POST /repos/{owner}/{repo}/git/trees", {
          owner: this.owner,
          repo: this.repo,
          ...(baseTree === undefined ? {} : { base_tree: baseTree }),
          tree: entries,
        }),
      );
      tree = data.sha;
    }

    // No author or committer: GitHub records the authenticated identity, i.e. the App's bot.
    const { data: created } = await this.gitData(() =>
      this.octokit.request("POST /repos/{owner}/{repo}/git/commits", {
        owner: this.owner,
        repo: this.repo,
        message,
        tree,
        parents: parent === undefined ? [] : [parent],
      }),
    );
    const sha = created.sha;

    if (parent === undefined) {
      try {
        await this.octokit.request("POST /repos/{owner}/{repo}/git/refs", {
          owner: this.owner,
          repo: this.repo,
          ref: `refs/heads/${this.branch}`,
          sha,
        });
      } catch (error) {
        if (!isReferenceExists(error)) throw error;
        throw new AppgenError(
          "BRANCH_MOVED",
          `branch ${this.branch} of ${this.where} was created by someone else while appgen was committing`,
          [],
          { cause: error },
        );
      }
    } else {
      try {
        // force: false makes GitHub refuse anything but a fast-forward from the branch's current head.
        await this.octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
          owner: this.owner,
          repo: this.repo,
          ref: `heads/${this.branch}`,
          sha,
          force: false,
        });
      } catch (error) {
        if (!isBranchMoved(error)) throw error;
        throw new AppgenError(
          "BRANCH_MOVED",
          `branch ${this.branch} of ${this.where} moved from ${parent} while appgen was committing (${messageOf(error)})`,
          [],
          { cause: error },
        );
      }
    }

    this.trees.set(sha, tree);
    if (parentFiles) this.remember(sha, applyChanges(parentFiles, changes));
    return sha;
  }

  private async treeOf(commit: string): Promise<string> {
    const known = this.trees.get(commit);
    if (known) return known;
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
      owner: this.owner,
      repo: this.repo,
      commit_sha: commit,
    });
    this.trees.set(commit, data.tree.sha);
    return data.tree.sha;
  }

  private async readBlob(sha: string): Promise<string> {
    const known = this.blobs.get(sha);
    if (known !== undefined) return known;
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
      owner: this.owner,
      repo: this.repo,
      file_sha: sha,
    });
    const content = data.encoding === "base64" ? Buffer.from(data.content, "base64").toString("utf8") : data.content;
    this.rememberBlob(sha, content);
    return content;
  }

  /** Git Data API calls that fail on an empty repository with 409 "Git Repository is empty.". */
  private async gitData<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      throw new AppgenError(
        "REPOSITORY_UNSUPPORTED",
        `GitHub cannot create git objects in ${this.where}: ${messageOf(error)} Push a first commit (a README is enough) and run appgen again.`,
        [],
        { cause: error },
      );
    }
  }

  private remember(commit: string, files: Map<string, string>): void {
    this.listings.delete(commit);
    this.listings.set(commit, files);
    for (const oldest of this.listings.keys()) {
      if (this.listings.size <= KEPT_LISTINGS) break;
      this.listings.delete(oldest);
    }
  }

  private rememberBlob(sha: string, content: string): void {
    this.blobs.set(sha, content);
    for (const oldest of this.blobs.keys()) {
      if (this.blobs.size <= KEPT_BLOBS) break;
      this.blobs.delete(oldest);
    }
  }
}

function applyChanges(files: Map<string, string>, changes: FileChange[]): Map<string, string> {
  const next = new Map(files);
  for (const change of changes) {
    if (change.content === null) next.delete(change.path);
    else next.set(change.path, gitBlobSha(change.content));
  }
  return next;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null ? (error as GitHubFailure).status : undefined;
}

function messageOf(error: unknown): string {
  const failure = (typeof error === "object" && error !== null ? error : {}) as GitHubFailure;
  return failure.response?.data?.message ?? failure.message ?? String(error);
}

function isReferenceExists(error: unknown): boolean {
  return statusOf(error) === 422 && /already exists/i.test(messageOf(error));
}

/** 422 "Update is not a fast forward", or "Reference does not exist" when the branch was deleted meanwhile. */
function isBranchMoved(error: unknown): boolean {
  return statusOf(error) === 422 && /fast.forward|^reference does not exist/i.test(messageOf(error));
}
