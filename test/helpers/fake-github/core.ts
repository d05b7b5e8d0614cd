// The fake's shared parts (site facts, memory state, git store, App authority) and the operations several routes
// and the test-facing helpers need.
import type { AppAuthority, Authenticated } from "./app-auth.ts";
import type { GitStore } from "./git-store.ts";
import { noreplyEmail, type PullFacts, type Site } from "./representations.ts";
import { HttpError, type Reply, type RouteContext } from "./route-types.ts";
import type { FakeState, FakeUser, StoredIssue } from "./state.ts";

export class FakeCore {
  /** Last time a branch moved; GitHub reports it as the repository's pushed_at. */
  pushedAt: string;

  constructor(
    readonly site: Site,
    readonly state: FakeState,
    readonly git: GitStore,
    readonly authority: AppAuthority,
  ) {
    this.pushedAt = site.createdAt;
  }

  /** The user an installation token acts as: the App's bot account. */
  botUser(): FakeUser {
    return this.state.user(`${this.site.appSlug}[bot]`, "Bot");
  }

  /** The login a request acts as; only installation tokens may act on the repository. */
  actor(auth: Authenticated): FakeUser {
    if (auth.kind === "installation") return this.botUser();
    throw new HttpError(401, "Requires authentication");
  }

  branchHead(branch: string): Promise<string | undefined> {
    return this.git.resolveRef(`refs/heads/${branch}`);
  }

  async moveRef(fullRef: string, sha: string, expected: string | undefined): Promise<boolean> {
    const moved = await this.git.updateRef(fullRef, sha, expected);
    if (moved) this.pushedAt = this.state.now();
    return moved;
  }

  /** Commits files on top of a branch (as a person pushing would) and moves the branch; answers the commit. */
  async commitFiles(input: {
    branch: string;
    files: Record<string, string | null>;
    message: string;
    author: FakeUser;
  }): Promise<string> {
    const head = await this.branchHead(input.branch);
    const base = head ? await this.git.peel(head, "tree") : undefined;
    const changes = Object.entries(input.files).map(([path, content]) =>
      content === null ? { path, mode: "100644", sha: null } : { path, mode: "100644", content: Buffer.from(content) },
    );
    const tree = await this.git.buildTree(base, changes);
    const person = { name: input.author.login, email: noreplyEmail(input.author), date: this.state.now() };
    const sha = await this.git.createCommit({
      tree,
      parents: head ? [head] : [],
      message: input.message,
      author: person,
      committer: person,
    });
    if (!(await this.moveRef(`refs/heads/${input.branch}`, sha, head))) {
      throw new Error(`branch ${input.branch} moved while committing`);
    }
    return sha;
  }

  async pullFacts(stored: StoredIssue): Promise<PullFacts> {
    const pull = stored.pull;
    if (!pull) throw new Error(`#${stored.number} is not a pull request`);
    const headSha = (await this.branchHead(pull.head)) ?? "0".repeat(40);
    const baseSha = (await this.branchHead(pull.base)) ?? "0".repeat(40);
    const facts: PullFacts = { headSha, baseSha, commits: 0, additions: 0, deletions: 0, changedFiles: 0 };
    if (headSha.startsWith("0000") || baseSha.startsWith("0000")) return facts;
    facts.commits = Number((await this.git.text(["rev-list", "--count", `${baseSha}..${headSha}`])).trim());
    const numstat = await this.git.text(["diff", "--numstat", `${baseSha}...${headSha}`]);
    for (const line of numstat.split("\n").filter(Boolean)) {
      const [added = "0", deleted = "0"] = line.split("\t");
      facts.additions += Number(added) || 0;
      facts.deletions += Number(deleted) || 0;
      facts.changedFiles += 1;
    }
    return facts;
  }

  issueOr404(number: number): StoredIssue {
    const issue = this.state.issues.get(number);
    if (!issue) throw new HttpError(404, "Not Found");
    return issue;
  }
}

/**
 * One page of a list, with GitHub's Link header (rel next/last/first/prev) so octokit.paginate walks it. Links are
 * built on the request URL, keeping its other query parameters.
 */
export function page<T>(context: RouteContext, items: T[], render: (item: T) => unknown): Reply {
  const perPage = Math.min(100, Math.max(1, Number(context.query.get("per_page") ?? 30) || 30));
  const current = Math.max(1, Number(context.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((current - 1) * perPage, current * perPage);
  const link = (n: number, rel: string) => {
    const url = new URL(context.url);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (current > 1) links.push(link(current - 1, "prev"));
  if (current < last) links.push(link(current + 1, "next"), link(last, "last"));
  if (current > 1) links.push(link(1, "first"));
  return { status: 200, body: slice.map(render), headers: links.length ? { link: links.join(", ") } : {} };
}
