// One pull request per issue, found again by its head branch: creating it twice answers 422, which means "exists".
import type { ProbotOctokit } from "probot";
import type { PullRequestText } from "../core/pull-request.ts";

export interface PullRequestRef {
  number: number;
  url: string;
  created: boolean;
}

export interface EnsurePullRequest {
  owner: string;
  repo: string;
  head: string;
  base: string;
  draft: boolean;
  text: PullRequestText;
}

export async function ensurePullRequest(octokit: ProbotOctokit, request: EnsurePullRequest): Promise<PullRequestRef> {
  const { owner, repo, head, base, text } = request;
  const create = async (draft: boolean) => {
    const { data } = await octokit.rest.pulls.create({ owner, repo, head, base, title: text.title, body: text.body, draft, maintainer_can_modify: true });
    return { number: data.number, url: data.html_url, created: true };
  };
  try {
    return await create(request.draft);
  } catch (error) {
    const message = errorText(error);
    if (status(error) !== 422) throw error;
    if (/draft/i.test(message) && !/already exists/i.test(message)) {
      // Draft pull requests are unavailable on some plans; a ready pull request is the next best thing.
      return create(false);
    }
    const existing = await findPullRequest(octokit, { owner, repo, head });
    if (existing) return existing;
    throw error;
  }
}

export async function findPullRequest(octokit: ProbotOctokit, { owner, repo, head }: { owner: string; repo: string; head: string }): Promise<PullRequestRef | undefined> {
  const { data } = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${head}`, state: "open", per_page: 1 });
  const found = data[0];
  return found ? { number: found.number, url: found.html_url, created: false } : undefined;
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/** GitHub's validation errors carry the reason in response.data.errors[].message. */
export function errorText(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string; errors?: { message?: string; code?: string }[] } } }).response?.data;
  const parts = [data?.message, ...(data?.errors ?? []).map((e) => e.message ?? e.code)].filter(Boolean);
  return parts.length ? parts.join(": ") : error instanceof Error ? error.message : String(error);
}
