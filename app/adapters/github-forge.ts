// The Forge port on GitHub's REST API (Octokit, with Probot's retry and throttle). The only module that reads GitHub's
// errors for the forge's calls: each status that means something for appgen becomes an answer here (a missing
// collaborator, a pull request that already exists, a plan without draft pull requests), everything else is thrown
// as it came, for the job to report.
import type { ProbotOctokit } from "probot";
import { GitHubHost } from "./github-host.ts";
import type {
  BranchHost,
  CommitPullRequest,
  Forge,
  IssueComment,
  OpenForge,
  OpenPullRequest,
  PullRequestRef,
  PullRequestRequest,
  ReactionTarget,
  TextWrite,
  WriteOutcome,
} from "../ports.ts";

export class GitHubForge implements Forge {
  constructor(
    private readonly octokit: ProbotOctokit,
    readonly owner: string,
    readonly repo: string,
  ) {}

  async createComment(issueNumber: number, body: string): Promise<{ id: number }> {
    const { data } = await this.octokit.rest.issues.createComment({
      owner: this.owner,
      repo: this.repo,
      issue_number: issueNumber,
      body,
    });
    return { id: data.id };
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: commentId, body });
  }

  async react(target: ReactionTarget, content: "eyes"): Promise<void> {
    const { owner, repo } = this;
    if ("commentId" in target)
      await this.octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: target.commentId, content });
    else await this.octokit.rest.reactions.createForIssue({ owner, repo, issue_number: target.issueNumber, content });
  }

  async permissionOf(login: string): Promise<{ roleName: string; permission: string } | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: this.owner,
        repo: this.repo,
        username: login,
      });
      return { roleName: data.role_name, permission: data.permission };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async ensurePullRequest(request: PullRequestRequest): Promise<PullRequestRef> {
    const { owner, repo } = this;
    const create = async (draft: boolean): Promise<PullRequestRef> => {
      const { data } = await this.octokit.rest.pulls.create({
        owner,
        repo,
        head: request.head,
        base: request.base,
        title: request.title,
        body: request.body,
        draft,
        maintainer_can_modify: true,
      });
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
    const { data } = await this.octokit.rest.pulls.list({
      owner: this.owner,
      repo: this.repo,
      head: `${this.owner}:${head}`,
      state: "open",
      per_page: 1,
    });
    const found = data[0];
    return found ? { number: found.number, url: found.html_url, created: false } : undefined;
  }

  async openPullRequest(head: string): Promise<OpenPullRequest | undefined> {
    const { data } = await this.octokit.rest.pulls.list({
      owner: this.owner,
      repo: this.repo,
      head: `${this.owner}:${head}`,
      state: "open",
      per_page: 1,
    });
    const found = data[0];
    return found
      ? {
          number: found.number,
          url: found.html_url,
          labels: found.labels.map((l) => l.name),
          body: found.body,
          headSha: found.head.sha,
        }
      : undefined;
  }

  async getPullRequest(
    number: number,
  ): Promise<{ number: number; url: string; open: boolean; headRef: string; baseRef: string; fromFork: boolean }> {
    const { data } = await this.octokit.rest.pulls.get({ owner: this.owner, repo: this.repo, pull_number: number });
    return {
      number: data.number,
      url: data.html_url,
      open: data.state === "open",
      headRef: data.head.ref,
      baseRef: data.base.ref,
      fromFork: data.head.repo?.full_name !== data.base.repo.full_name,
    };
  }

  async updatePullRequest(number: number, change: { title?: string; body?: string }): Promise<void> {
    await this.octokit.rest.pulls.update({ owner: this.owner, repo: this.repo, pull_number: number, ...change });
  }

  async pullRequestsOfCommit(sha: string): Promise<CommitPullRequest[]> {
    const { data } = await this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: this.owner,
      repo: this.repo,
      commit_sha: sha,
    });
    return data.map((p) => ({
      number: p.number,
      body: p.body,
      merged: Boolean(p.merged_at),
      headRef: p.head.ref,
      baseRef: p.base.ref,
      fromFork: p.head.repo?.full_name !== p.base.repo.full_name,
    }));
  }

  async getIssue(issueNumber: number): Promise<{ title: string; body: string | null }> {
    const { data } = await this.octokit.rest.issues.get({
      owner: this.owner,
      repo: this.repo,
      issue_number: issueNumber,
    });
    return { title: data.title, body: data.body ?? null };
  }

  async listComments(issueNumber: number): Promise<IssueComment[]> {
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner: this.owner,
      repo: this.repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    return comments.map((c) => ({ id: c.id, body: c.body ?? "", byBot: c.user?.type === "Bot" }));
  }

  async addLabels(issueNumber: number, labels: string[]): Promise<void> {
    await this.octokit.rest.issues.addLabels({ owner: this.owner, repo: this.repo, issue_number: issueNumber, labels });
  }

  async listCommits(branch: string, count: number): Promise<{ sha: string; message: string }[]> {
    const { data } = await this.octokit.rest.repos.listCommits({
      owner: this.owner,
      repo: this.repo,
      sha: branch,
      per_page: count,
    });
    return data.map((c) => ({ sha: c.sha, message: c.commit.message }));
  }

  async readText(ref: string, path: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner: this.owner,
        repo: this.repo,
        path,
        ref,
        headers: { accept: "application/vnd.github.raw" },
      });
      return typeof data === "string" ? data : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async writeText(write: TextWrite): Promise<WriteOutcome> {
    try {
      await this.octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
        owner: this.owner,
        repo: this.repo,
        path: write.path,
        branch: write.branch,
        message: write.message,
        content: Buffer.from(write.content, "utf8").toString("base64"),
        ...(write.replacing === undefined ? {} : { sha: write.replacing }),
      });
      return { written: true };
    } catch (error) {
      // 403: a protected branch; 409: the branch moved; 422: the file's blob is not the one named.
      const status = statusOf(error);
      if (status === 403) return { written: false, refusal: "forbidden", reason: gitHubErrorText(error), status };
      if (status === 409 || status === 422)
        return { written: false, refusal: "conflict", reason: gitHubErrorText(error), status };
      throw error;
    }
  }

  async findArtifact(
    runId: number,
    name: string,
  ): Promise<{ id: number; expired: boolean; sizeInBytes: number } | undefined> {
    const { data } = await this.octokit.rest.actions.listWorkflowRunArtifacts({
      owner: this.owner,
      repo: this.repo,
      run_id: runId,
      name,
      per_page: 10,
    });
    const artifact = data.artifacts.find((a) => a.name === name);
    return artifact ? { id: artifact.id, expired: artifact.expired, sizeInBytes: artifact.size_in_bytes } : undefined;
  }

  async downloadArtifact(artifactId: number): Promise<Uint8Array | "expired"> {
    try {
      const { data } = (await this.octokit.rest.actions.downloadArtifact({
        owner: this.owner,
        repo: this.repo,
        artifact_id: artifactId,
        archive_format: "zip",
      })) as { data: ArrayBuffer };
      return new Uint8Array(data);
    } catch (error) {
      // 410: expired between the listing and the download.
      if (statusOf(error) === 410) return "expired";
      throw error;
    }
  }

  async runJobs(runId: number): Promise<{ id: number; conclusion: string | null }[]> {
    const { data } = await this.octokit.rest.actions.listJobsForWorkflowRun({
      owner: this.owner,
      repo: this.repo,
      run_id: runId,
      filter: "latest",
      per_page: 100,
    });
    return data.jobs.map((job) => ({ id: job.id, conclusion: job.conclusion }));
  }

  async jobLog(jobId: number): Promise<string> {
    const { data: log } = await this.octokit.rest.actions.downloadJobLogsForWorkflowRun({
      owner: this.owner,
      repo: this.repo,
      job_id: jobId,
    });
    return typeof log === "string" ? log : new TextDecoder().decode(log as ArrayBuffer);
  }

  branch(name: string): BranchHost {
    return new GitHubHost({ octokit: this.octokit, owner: this.owner, repo: this.repo, branch: name });
  }

  describeFailure(error: unknown): string | undefined {
    const status = statusOf(error);
    if (status === undefined) return undefined;
    const method = (error as { request?: { method?: string } }).request?.method;
    const url = (error as { request?: { url?: string } }).request?.url;
    const path = url && URL.canParse(url) ? new URL(url).pathname : url;
    const where = method && path ? ` to ${method} ${path}` : "";
    return `GitHub answered ${status}${where} (${gitHubErrorText(error)}), even after retries.`;
  }

  async dispatchWorkflow(file: string, ref: string, inputs: Record<string, string>): Promise<WriteOutcome> {
    try {
      await this.octokit.rest.actions.createWorkflowDispatch({
        owner: this.owner,
        repo: this.repo,
        workflow_id: file,
        ref,
        inputs,
      });
      return { written: true };
    } catch (error) {
      const status = statusOf(error);
      if (status === 403) return { written: false, refusal: "forbidden", reason: gitHubErrorText(error), status };
      if (status === 404 || status === 422)
        return { written: false, refusal: "missing", reason: gitHubErrorText(error), status };
      throw error;
    }
  }
}

export const openGitHubForge: OpenForge = (octokit, repository) =>
  new GitHubForge(octokit, repository.owner, repository.repo);

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub's validation errors carry the reason in response.data.errors[].message. */
export function gitHubErrorText(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string; errors?: { message?: string; code?: string }[] } } })
    .response?.data;
  const parts = [data?.message, ...(data?.errors ?? []).map((e) => e.message ?? e.code)].filter(Boolean);
  return parts.length ? parts.join(": ") : error instanceof Error ? error.message : String(error);
}
