// Pull requests between branches of the fake's repository, with GitHub's 422s: a second open pull request for
// the same head and base, a missing branch, no commits between base and head.
import { page } from "../core.ts";
import { pull } from "../representations.ts";
import { integerParam, notFound, unprocessable, type RouteContext, type RouteTable } from "../route-types.ts";
import type { StoredIssue } from "../state.ts";

async function renderPull(context: RouteContext, stored: StoredIssue, full: boolean): Promise<Record<string, unknown>> {
  const { site, state } = context.fake;
  return pull(site, state, stored, await context.fake.pullFacts(stored), full, context.fake.pushedAt);
}

function pullOr404(context: RouteContext): StoredIssue {
  const stored = context.fake.state.pullByNumber(integerParam(context, "pull_number"));
  if (!stored) throw notFound();
  return stored;
}

/** "owner:branch" or "branch" -> branch of this repository; another owner's fork is not something the fake has. */
function ownBranch(context: RouteContext, head: string): string {
  const colon = head.indexOf(":");
  if (colon === -1) return head;
  if (head.slice(0, colon).toLowerCase() !== context.fake.site.owner.toLowerCase()) {
    throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "head", code: "invalid" }]);
  }
  return head.slice(colon + 1);
}

export const pullRoutes: RouteTable = {
  // The pull requests a commit belongs to: open ones whose head contains it, and the one whose merge made it.
  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": async (context) => {
    context.fake.actor(context.auth);
    const { git, state } = context.fake;
    const sha = await git.peel(context.params.commit_sha ?? "", "commit");
    if (!sha) throw unprocessable(`No commit found for SHA: ${context.params.commit_sha ?? ""}`);
    const found: StoredIssue[] = [];
    for (const stored of state.pulls()) {
      if (stored.pull?.mergeCommitSha === sha) found.push(stored);
      else if (stored.state === "open") {
        const head = await context.fake.branchHead(stored.pull?.head ?? "");
        if (head && (head === sha || (await git.isAncestor(sha, head)))) found.push(stored);
      }
    }
    const rendered = await Promise.all(found.map((p) => renderPull(context, p, false)));
    return page(context, rendered, (r) => r);
  },

  "POST /repos/{owner}/{repo}/pulls": async (context) => {
    const actor = context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const { body } = context;
    if (typeof body.head !== "string" || typeof body.base !== "string") {
      throw unprocessable("Validation Failed", [
        { resource: "PullRequest", field: typeof body.head !== "string" ? "head" : "base", code: "missing_field" },
      ]);
    }
    if (typeof body.title !== "string" && body.issue === undefined) {
      throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "title", code: "missing_field" }]);
    }
    const head = ownBranch(context, body.head);
    const base = body.base;
    const headSha = await context.fake.branchHead(head);
    const baseSha = await context.fake.branchHead(base);
    if (!baseSha)
      throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
    if (!headSha)
      throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "head", code: "invalid" }]);
    const duplicate = state.pulls().find((p) => p.state === "open" && p.pull?.head === head && p.pull.base === base);
    if (duplicate) {
      throw unprocessable("Validation Failed", [
        {
          resource: "PullRequest",
          code: "custom",
          message: `A pull request already exists for ${site.owner}:${head}.`,
        },
      ]);
    }
    if (headSha === baseSha || (await context.fake.git.isAncestor(headSha, baseSha))) {
      throw unprocessable("Validation Failed", [
        { resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` },
      ]);
    }
    const now = state.now();
    let stored: StoredIssue;
    if (typeof body.issue === "number") {
      // Converting an issue into a pull request keeps its number, title and body.
      stored = context.fake.issueOr404(body.issue);
      if (stored.pull)
        throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "issue", code: "invalid" }]);
    } else {
      stored = {
        id: state.nextId("issue"),
        number: state.nextNumber(),
        title: body.title as string,
        body: typeof body.body === "string" ? body.body : null,
        user: actor.login,
        state: "open",
        labels: [],
        locked: false,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      };
      state.issues.set(stored.number, stored);
    }
    stored.pull = {
      id: state.nextId("pull"),
      head,
      base,
      draft: body.draft === true,
      maintainerCanModify: body.maintainer_can_modify !== false,
    };
    const rendered = await renderPull(context, stored, true);
    return { status: 201, body: rendered, headers: { location: rendered.url as string } };
  },

  "GET /repos/{owner}/{repo}/pulls": async (context) => {
    context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const wanted = context.query.get("state") ?? "open";
    const head = context.query.get("head");
    const base = context.query.get("base");
    let pulls = state.pulls().filter((p) => wanted === "all" || p.state === wanted);
    // GitHub only understands head as "owner:branch"; a bare branch name filters nothing (a classic trap, kept).
    if (head && head.includes(":")) {
      const [owner = "", ...rest] = head.split(":");
      pulls = pulls.filter((p) => owner.toLowerCase() === site.owner.toLowerCase() && p.pull?.head === rest.join(":"));
    }
    if (base) pulls = pulls.filter((p) => p.pull?.base === base);
    const direction =
      context.query.get("direction") ??
      (context.query.get("sort") === "created" || !context.query.get("sort") ? "desc" : "asc");
    const key = context.query.get("sort") === "updated" ? "updatedAt" : "createdAt";
    pulls.sort(
      (a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1) * (direction === "desc" ? -1 : 1),
    );
    const rendered = await Promise.all(pulls.map((p) => renderPull(context, p, false)));
    return page(context, rendered, (r) => r);
  },

  "GET /repos/{owner}/{repo}/pulls/{pull_number}": async (context) => {
    context.fake.actor(context.auth);
    return { status: 200, body: await renderPull(context, pullOr404(context), true) };
  },

  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": async (context) => {
    context.fake.actor(context.auth);
    const { state } = context.fake;
    const stored = pullOr404(context);
    const { body } = context;
    if (typeof body.title === "string") stored.title = body.title;
    if (typeof body.body === "string") stored.body = body.body;
    if (typeof body.base === "string") {
      if (!(await context.fake.branchHead(body.base)))
        throw unprocessable("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
      if (stored.pull) stored.pull.base = body.base;
    }
    if (typeof body.maintainer_can_modify === "boolean" && stored.pull)
      stored.pull.maintainerCanModify = body.maintainer_can_modify;
    if (body.state === "closed" && stored.state === "open") {
      stored.state = "closed";
      stored.closedAt = state.now();
    } else if (body.state === "open" && stored.state === "closed") {
      stored.state = "open";
      stored.closedAt = null;
    }
    stored.updatedAt = state.now();
    return { status: 200, body: await renderPull(context, stored, true) };
  },
};
