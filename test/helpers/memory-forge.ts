// An in-memory Forge for unit tests of jobs and handlers: comments, reactions, collaborators and pull requests held
// in plain arrays, with every call recorded, so a test states what a job asked of GitHub without any HTTP.
import type { Forge, PullRequestRef, PullRequestRequest, ReactionTarget } from "../../app/ports.ts";

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
}

export class MemoryForge implements Forge {
  readonly comments: MemoryComment[] = [];
  readonly reactions: { target: ReactionTarget; content: string }[] = [];
  readonly pulls: MemoryPullRequest[] = [];
  /** login -> GitHub's role name; anyone else is no collaborator. */
  readonly collaborators = new Map<string, string>();
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
    const pull = { ...request, draft: request.draft && this.draftsAvailable, number, url: `https://github.com/${this.owner}/${this.repo}/pull/${number}` };
    this.pulls.push(pull);
    return { number, url: pull.url, created: true };
  }

  async findPullRequest(head: string): Promise<PullRequestRef | undefined> {
    this.calls.push("findPullRequest");
    const found = this.pulls.find((p) => p.head === head);
    return found ? { number: found.number, url: found.url, created: false } : undefined;
  }
}
