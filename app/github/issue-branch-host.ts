// The issue's branch (appgen/issue-<n>) as a RepoHost that comes into existence with appgen's first commit: until
// then it reads as the base branch. So a run whose planning fails leaves no empty branch behind, and a run that
// finds the branch (a second label, a crash, another instance) simply continues on it.
import { CONFIG_PATH } from "../core/config.ts";
import { AppgenError } from "../core/errors.ts";
import type { BranchHost, CommitRequest, RepoHost } from "../ports.ts";

export class IssueBranchHost implements RepoHost {
  private exists: boolean | undefined;

  /** `branchHost` is the issue's branch (which may not exist yet); `base` the branch it starts from. */
  constructor(
    private readonly branchHost: BranchHost,
    readonly base: string,
  ) {}

  /** Whether the branch exists on GitHub (known after head() or a commit). */
  get branchExists(): boolean {
    return this.exists === true;
  }

  async head(): Promise<string | undefined> {
    const head = await this.branchHost.head();
    this.exists = head !== undefined;
    if (head !== undefined) return head;
    const baseHead = await this.branchHost.branchHead(this.base);
    if (baseHead === undefined) {
      throw new AppgenError(
        "CONFIG_INVALID",
        `the base branch '${this.base}' does not exist or has no commit. Push a first commit, or set base_branch in ${CONFIG_PATH} to an existing branch.`,
      );
    }
    return baseHead;
  }

  /** The base branch's head: its migrations are what the deployed app's database has applied. */
  async baseCommit(): Promise<string | undefined> {
    return this.branchHost.branchHead(this.base);
  }

  listFiles(commit: string): Promise<Map<string, string>> {
    return this.branchHost.listFiles(commit);
  }

  readFile(commit: string, path: string): Promise<string | undefined> {
    return this.branchHost.readFile(commit, path);
  }

  async commit(request: CommitRequest): Promise<string> {
    if (this.exists !== true && request.parent !== undefined) {
      await this.branchHost.createBranch(request.parent);
      this.exists = true;
    }
    return this.branchHost.commit(request);
  }
}
