// An in-memory Forge for unit tests of jobs and handlers: comments, reactions, collaborators and pull requests held
// in plain arrays, with every call recorded, so a test states what a job asked of GitHub without any HTTP.
import { gitBlobSha } from "../../app/core/pipeline/ledger.ts";
import { AppgenError } from "../../app/core/errors.ts";
import type {
  BranchHost,
  CommitPullRequest,
  CommitRequest,
  Forge,
  IssueComment,
  OpenPullRequest,
  PullRequestRef,
  PullRequestRequest,
  ReactionTarget,
  TextWrite,
  WriteOutcome,
} from "../../app/ports.ts";

export interface MemoryComment {
  id: number;
  issueNumber: number;
  body: string;
  /** Bodies it had before each edit, oldest first. */
  edits: string[];
}

export interface MemoryPullRequest extends PullRequestRequest {
  number: number;
  url: string;
  labels: string[];
  /** The head commit; default: the in-memory git's head of `head`, else "". */
  headSha?: string;
}

export class MemoryForge implements Forge {
  readonly comments: MemoryComment[] = [];
  readonly reactions: { target: ReactionTarget; content: string }[] = [];
  readonly pulls: MemoryPullRequest[] = [];
  /** login -> GitHub's role name; anyone else is no collaborator. */
  readonly collaborators = new Map<string, string>();
  readonly issues = new Map<number, { title: string; body: string | null }>();
  /** Per branch, newest first. */
  readonly commits = new Map<string, { sha: string; message: string }[]>();
  /** `${ref}:${path}` -> text. */
  readonly files = new Map<string, string>();
  /** Pull requests a commit belongs to, by commit SHA. */
  readonly commitPulls = new Map<string, CommitPullRequest[]>();
  readonly dispatches: { file: string; ref: string; inputs: Record<string, string> }[] = [];
  /** Branches that refuse writes (protected), with GitHub's status. */
  readonly protectedBranches = new Set<string>();
  /** Workflow runs' artifacts (name, zip bytes) and jobs (conclusion, raw log), by run id. */
  readonly artifacts = new Map<number, { id: number; name: string; expired: boolean; zip: Uint8Array }[]>();
  readonly jobs = new Map<number, { id: number; conclusion: string | null; log: string }[]>();
  /** Git: branch -> head commit, commit -> its files (path -> content) and parent. */
  readonly heads = new Map<string, string>();
  readonly trees = new Map<string, { parent: string | undefined; message: string; files: Map<string, string> }>();
  /** Every call, as "method" names in order. */
  readonly calls: string[] = [];
  /** Plans without draft pull requests refuse drafts, as GitHub does with a 422. */
  draftsAvailable = true;
  private nextId = 1000;

  constructor(
    readonly owner = "octo-org",
    readonly repo = "hello",
  ) {}

  async createComment(issueNumber: number, body: string): Promise<{ id: number }> {
    this.calls.push("createComment");
    const id = this.nextId++;
    this.comments.push({ id, issueNumber, body, edits: [] });
    return { id };
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    this.calls.push("updateComment");
    const comment = this.comments.find((c) => c.id === commentId);
    if (!comment) throw Object.assign(new Error(`no comment ${commentId}`), { status: 404 });
    comment.edits.push(comment.body);
    comment.body = body;
  }

  async react(target: ReactionTarget, content: "eyes"): Promise<void> {
    this.calls.push("react");
    this.reactions.push({ target, content });
  }

  async permissionOf(login: string): Promise<{ roleName: string; permission: string } | undefined> {
    this.calls.push("permissionOf");
    const role = this.collaborators.get(login);
    if (role === undefined) return undefined;
    const folded: Record<string, string> = { maintain: "write", triage: "read" };
    return { roleName: role, permission: folded[role] ?? role };
  }

  async ensurePullRequest(request: PullRequestRequest): Promise<PullRequestRef> {
    this.calls.push("ensurePullRequest");
    const existing = await this.findPullRequest(request.head);
    if (existing) return existing;
    const number = this.nextId++;
    const pull = {
      ...request,
      draft: request.draft && this.draftsAvailable,
      number,
      url: `https://github.com/${this.owner}/${this.repo}/pull/${number}`,
      labels: [],
    };
    this.pulls.push(pull);
    return { number, url: pull.url, created: true };
  }

  async findPullRequest(head: string): Promise<PullRequestRef | undefined> {
    this.calls.push("findPullRequest");
    const found = this.pulls.find((p) => p.head === head);
    return found ? { number: found.number, url: found.url, created: false } : undefined;
  }

  async openPullRequest(head: string): Promise<OpenPullRequest | undefined> {
    this.calls.push("openPullRequest");
    const found = this.pulls.find((p) => p.head === head);
    return found
      ? {
          number: found.number,
          url: found.url,
          labels: [...found.labels],
          body: found.body,
          headSha: found.headSha ?? this.heads.get(found.head) ?? "",
        }
      : undefined;
  }

  async getPullRequest(
    number: number,
  ): Promise<{ number: number; url: string; open: boolean; headRef: string; baseRef: string; fromFork: boolean }> {
    this.calls.push("getPullRequest");
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) throw Object.assign(new Error(`no pull request ${number}`), { status: 404 });
    return { number, url: pull.url, open: true, headRef: pull.head, baseRef: pull.base, fromFork: false };
  }

  async updatePullRequest(number: number, change: { title?: string; body?: string }): Promise<void> {
    this.calls.push("updatePullRequest");
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) throw Object.assign(new Error(`no pull request ${number}`), { status: 404 });
    Object.assign(pull, change);
  }

  async pullRequestsOfCommit(sha: string): Promise<CommitPullRequest[]> {
    this.calls.push("pullRequestsOfCommit");
    return this.commitPulls.get(sha) ?? [];
  }

  async getIssue(issueNumber: number): Promise<{ title: string; body: string | null }> {
    this.calls.push("getIssue");
    const issue = this.issues.get(issueNumber);
    if (!issue) throw Object.assign(new Error(`no issue ${issueNumber}`), { status: 404 });
    return issue;
  }

  async listComments(issueNumber: number): Promise<IssueComment[]> {
    this.calls.push("listComments");
    return this.comments
      .filter((c) => c.issueNumber === issueNumber)
      .map((c) => ({ id: c.id, body: c.body, byBot: true }));
  }

  async addLabels(issueNumber: number, labels: string[]): Promise<void> {
    this.calls.push("addLabels");
    const pull = this.pulls.find((p) => p.number === issueNumber);
    if (pull) pull.labels.push(...labels.filter((l) => !pull.labels.includes(l)));
  }

  async listCommits(branch: string, count: number): Promise<{ sha: string; message: string }[]> {
    this.calls.push("listCommits");
    return (this.commits.get(branch) ?? []).slice(0, count);
  }

  async readText(ref: string, path: string): Promise<string | undefined> {
    this.calls.push("readText");
    // A branch or commit of the in-memory git answers from its tree; `files` holds text on refs git does not know.
    const commit = this.heads.get(ref) ?? (this.trees.has(ref) ? ref : undefined);
    if (commit !== undefined) return this.trees.get(commit)?.files.get(path);
    return this.files.get(`${ref}:${path}`);
  }

  async writeText(write: TextWrite): Promise<WriteOutcome> {
    this.calls.push("writeText");
    if (this.protectedBranches.has(write.branch))
      return { written: false, refusal: "forbidden", reason: "Protected branch", status: 403 };
    const head = this.heads.get(write.branch);
    const current =
      head !== undefined
        ? this.trees.get(head)?.files.get(write.path)
        : this.files.get(`${write.branch}:${write.path}`);
    if ((current === undefined ? undefined : gitBlobSha(current)) !== write.replacing)
      return { written: false, refusal: "conflict", reason: "the file changed", status: 409 };
    if (head !== undefined) {
      // Like the contents API: one commit on the branch's head with the one file.
      await this.branch(write.branch).commit({
        parent: head,
        message: write.message,
        changes: [{ path: write.path, content: write.content }],
      });
      this.calls.pop();
      return { written: true };
    }
    this.files.set(`${write.branch}:${write.path}`, write.content);
    return { written: true };
  }

  async dispatchWorkflow(file: string, ref: string, inputs: Record<string, string>): Promise<WriteOutcome> {
    this.calls.push("dispatchWorkflow");
    this.dispatches.push({ file, ref, inputs });
    return { written: true };
  }

  async findArtifact(
    runId: number,
    name: string,
  ): Promise<{ id: number; expired: boolean; sizeInBytes: number } | undefined> {
    this.calls.push("findArtifact");
    const found = (this.artifacts.get(runId) ?? []).find((a) => a.name === name);
    return found ? { id: found.id, expired: found.expired, sizeInBytes: found.zip.length } : undefined;
  }

  async downloadArtifact(artifactId: number): Promise<Uint8Array | "expired"> {
    this.calls.push("downloadArtifact");
    const found = [...this.artifacts.values()].flat().find((a) => a.id === artifactId);
    if (!found || found.expired) return "expired";
    return found.zip;
  }

  async runJobs(runId: number): Promise<{ id: number; conclusion: string | null }[]> {
    this.calls.push("runJobs");
    return (this.jobs.get(runId) ?? []).map(({ id, conclusion }) => ({ id, conclusion }));
  }

  async jobLog(jobId: number): Promise<string> {
    this.calls.push("jobLog");
    const found = [...this.jobs.values()].flat().find((j) => j.id === jobId);
    if (!found) throw Object.assign(new Error(`no job ${jobId}`), { status: 404 });
    return found.log;
  }

  /** A branch over the in-memory commits: compare-and-swap like GitHub's ref update (BRANCH_MOVED). */
  branch(name: string): BranchHost {
    const forge = this;
    const filesAt = (commit: string) => forge.trees.get(commit)?.files ?? new Map<string, string>();
    return {
      head: async () => forge.heads.get(name),
      branchHead: async (other) => forge.heads.get(other),
      createBranch: async (from) => {
        if (!forge.heads.has(name)) forge.heads.set(name, from);
        return forge.heads.get(name) as string;
      },
      listFiles: async (commit) => new Map([...filesAt(commit)].map(([path, content]) => [path, gitBlobSha(content)])),
      readFile: async (commit, path) => filesAt(commit).get(path),
      commit: async (request: CommitRequest) => {
        forge.calls.push("commit");
        if (forge.heads.get(name) !== request.parent) throw new AppgenError("BRANCH_MOVED", `branch ${name} moved`);
        const files = new Map(request.parent ? filesAt(request.parent) : []);
        for (const change of request.changes) {
          if (change.content === null) files.delete(change.path);
          else files.set(change.path, change.content);
        }
        const sha = gitBlobSha(`${request.parent ?? ""}\n${request.message}\n${forge.trees.size}`);
        forge.trees.set(sha, { parent: request.parent, message: request.message, files });
        forge.heads.set(name, sha);
        const history = forge.commits.get(name) ?? [];
        forge.commits.set(name, [{ sha, message: request.message }, ...history]);
        return sha;
      },
    };
  }

  describeFailure(error: unknown): string | undefined {
    const status = (error as { status?: unknown }).status;
    return typeof status === "number"
      ? `GitHub answered ${status} (${error instanceof Error ? error.message : String(error)}), even after retries.`
      : undefined;
  }
}
