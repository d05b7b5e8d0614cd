// The Forge port on GitHub's REST API (Octokit, with Probot's retry and throttle). The only module that reads GitHub's
// errors for the forge's calls: each status that means something for appgen becomes an answer here (a missing
// collaborator, a pull request that already exists, a plan without draft pull requests), everything else is thrown
// as it came, for the job to report.
import type { ProbotOctokit } from "probot";
import type { Forge, OpenForge, PullRequestRef, PullRequestRequest, ReactionTarget } from "../ports.ts";

export class GitHubForge implements Forge {
  constructor(
    private readonly octokit: ProbotOctokit,
    readonly owner: string,
    readonly repo: string,
  ) {}

  async createComment(issueNumber: number, body: string): Promise<{ id: number }> {
    const { data } = await this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: issueNumber, body });
    return { id: data.id };
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: commentId, body });
  }

  async react(target: ReactionTarget, content: "eyes"): Promise<void> {
    const { owner, repo } = this;
    if ("commentId" in target) await this.octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: target.commentId, content });
    else await this.octokit.rest.reactions.createForIssue({ owner, repo, issue_number: target.issueNumber, content });
  }

  async permissionOf(login: string): Promise<{ roleName: string; permission: string } | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: this.owner, repo: this.repo, username: login });
      return { roleName: data.role_name, permission: data.permission };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async ensurePullRequest(request: PullRequestRequest): Promise<PullRequestRef> {
    const { owner, repo } = this;
    const create = async (draft: boolean): Promise<PullRequestRef> => {
      const { data } = await this.octokit.rest.pulls.create({ owner, repo, head: request.head, base: request.base, title: request.title, body: request.body, draft, maintainer_can_modify: true });
      return { number: data.number, url: data.html_url, created: true };
    };
    try {
      return await create(request.draft);
    } catch (error) {
      // 422 is GitHub's answer both for "a pull request already exists" (one per head) and for drafts on a plan without them.
      const message = gitHubErrorText(error);
      if (statusOf(error) !== 422) throw error;
      if (/draft/i.test(message) && !/already exists/i.test(message)) {
        // Draft pull requests are unavailable on some plans; a ready pull request is the next best thing.
        return create(false);
      }
      const existing = await this.findPullRequest(request.head);
      if (existing) return existing;
      throw error;
    }
  }

  async findPullRequest(head: string): Promise<PullRequestRef | undefined> {
    const { data } = await this.octokit.rest.pulls.list({ owner: this.owner, repo: this.repo, head: `${this.owner}:${head}`, state: "open", per_page: 1 });
    const found = data[0];
    return found ? { number: found.number, url: found.html_url, created: false } : undefined;
  }
}

export const openGitHubForge: OpenForge = (octokit, repository) => new GitHubForge(octokit, repository.owner, repository.repo);

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub's validation errors carry the reason in response.data.errors[].message. */
export function gitHubErrorText(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string; errors?: { message?: string; code?: string }[] } } }).response?.data;
  const parts = [data?.message, ...(data?.errors ?? []).map((e) => e.message ?? e.code)].filter(Boolean);
  return parts.length ? parts.join(": ") : error instanceof Error ? error.message : String(error);
}
