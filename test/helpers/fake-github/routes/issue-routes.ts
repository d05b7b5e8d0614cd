// Issues (pull requests included, as on GitHub), their comments, reactions and labels, kept in memory.
import { page } from "../core.ts";
import { comment, issue, label, reaction } from "../representations.ts";
import {
  integerParam,
  notFound,
  requireString,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from "../route-types.ts";
import type { StoredComment } from "../state.ts";

/** GitHub's limit for issue and comment bodies; a progress comment that grows past it is rejected. */
export const MAX_BODY_LENGTH = 65_536;

function checkBodyLength(body: string): void {
  if ([...body].length > MAX_BODY_LENGTH) {
    throw unprocessable("Validation Failed", [
      {
        resource: "IssueComment",
        field: "body",
        code: "custom",
        message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
      },
    ]);
  }
}

function commentOr404(context: RouteContext): StoredComment {
  const id = integerParam(context, "comment_id");
  const found = context.fake.state.comments.find((c) => c.id === id);
  if (!found) throw notFound();
  return found;
}

function labelNames(json: unknown): string[] {
  const list = Array.isArray(json) ? json : (json as { labels?: unknown } | undefined)?.labels;
  if (!Array.isArray(list)) return [];
  return list.map((item) => (typeof item === "string" ? item : String((item as { name?: unknown }).name ?? "")));
}

export const issueRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/issues/{issue_number}": (context) => {
    context.fake.actor(context.auth);
    const stored = context.fake.issueOr404(integerParam(context, "issue_number"));
    return { status: 200, body: issue(context.fake.site, context.fake.state, stored) };
  },

  "PATCH /repos/{owner}/{repo}/issues/{issue_number}": (context) => {
    context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const stored = context.fake.issueOr404(integerParam(context, "issue_number"));
    const { title, body } = context.body;
    if (title !== undefined && title !== null) stored.title = String(title);
    if (body !== undefined) {
      if (typeof body === "string") checkBodyLength(body);
      stored.body = body as string | null;
    }
    if (context.body.state === "closed" && stored.state === "open") {
      stored.state = "closed";
      stored.closedAt = state.now();
    } else if (context.body.state === "open") {
      stored.state = "open";
      stored.closedAt = null;
    }
    if (Array.isArray(context.body.labels))
      stored.labels = labelNames(context.body).map((name) => state.label(name).name);
    stored.updatedAt = state.now();
    return { status: 200, body: issue(site, state, stored) };
  },

  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (context) => {
    context.fake.actor(context.auth);
    const number = integerParam(context, "issue_number");
    context.fake.issueOr404(number);
    const since = context.query.get("since");
    const comments = context.fake.state.commentsOn(number).filter((c) => !since || c.updatedAt >= since);
    return page(context, comments, (c) => comment(context.fake.site, context.fake.state, c));
  },

  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (context) => {
    const actor = context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const number = integerParam(context, "issue_number");
    context.fake.issueOr404(number);
    const body = requireString(context.body, "body");
    checkBodyLength(body);
    const now = state.now();
    const stored: StoredComment = {
      id: state.nextId("comment"),
      issueNumber: number,
      body,
      user: actor.login,
      createdAt: now,
      updatedAt: now,
    };
    state.comments.push(stored);
    const rendered = comment(site, state, stored);
    return { status: 201, body: rendered, headers: { location: rendered.url as string } };
  },

  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": (context) => {
    context.fake.actor(context.auth);
    return { status: 200, body: comment(context.fake.site, context.fake.state, commentOr404(context)) };
  },

  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": (context) => {
    context.fake.actor(context.auth);
    const stored = commentOr404(context);
    const body = requireString(context.body, "body");
    checkBodyLength(body);
    stored.body = body;
    stored.updatedAt = context.fake.state.now();
    return { status: 200, body: comment(context.fake.site, context.fake.state, stored) };
  },

  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}": (context) => {
    context.fake.actor(context.auth);
    const stored = commentOr404(context);
    const comments = context.fake.state.comments;
    comments.splice(comments.indexOf(stored), 1);
    return { status: 204 };
  },

  "GET /repos/{owner}/{repo}/issues/{issue_number}/reactions": (context) => {
    context.fake.actor(context.auth);
    const number = integerParam(context, "issue_number");
    context.fake.issueOr404(number);
    const content = context.query.get("content");
    const reactions = context.fake.state.reactions.filter(
      (r) => r.issueNumber === number && r.commentId === undefined && (!content || r.content === content),
    );
    return page(context, reactions, (r) => reaction(context.fake.site, context.fake.state, r));
  },

  "POST /repos/{owner}/{repo}/issues/{issue_number}/reactions": (context) => {
    const actor = context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const number = integerParam(context, "issue_number");
    context.fake.issueOr404(number);
    const content = requireString(context.body, "content");
    // The same reaction from the same user is not added twice; GitHub answers 200 with the existing one.
    const existing = state.reactions.find(
      (r) => r.issueNumber === number && r.commentId === undefined && r.user === actor.login && r.content === content,
    );
    if (existing) return { status: 200, body: reaction(site, state, existing) };
    const stored = {
      id: state.nextId("reaction"),
      issueNumber: number,
      user: actor.login,
      content,
      createdAt: state.now(),
    };
    state.reactions.push(stored);
    return { status: 201, body: reaction(site, state, stored) };
  },

  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (context) => {
    context.fake.actor(context.auth);
    const commented = commentOr404(context);
    const content = context.query.get("content");
    const reactions = context.fake.state.reactions.filter(
      (r) => r.commentId === commented.id && (!content || r.content === content),
    );
    return page(context, reactions, (r) => reaction(context.fake.site, context.fake.state, r));
  },

  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (context) => {
    const actor = context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const commented = commentOr404(context);
    const content = requireString(context.body, "content");
    const existing = state.reactions.find(
      (r) => r.commentId === commented.id && r.user === actor.login && r.content === content,
    );
    if (existing) return { status: 200, body: reaction(site, state, existing) };
    const stored = {
      id: state.nextId("reaction"),
      issueNumber: commented.issueNumber,
      commentId: commented.id,
      user: actor.login,
      content,
      createdAt: state.now(),
    };
    state.reactions.push(stored);
    return { status: 201, body: reaction(site, state, stored) };
  },

  "GET /repos/{owner}/{repo}/issues/{issue_number}/labels": (context) => {
    context.fake.actor(context.auth);
    const stored = context.fake.issueOr404(integerParam(context, "issue_number"));
    return page(context, stored.labels, (name) => label(context.fake.site, context.fake.state.label(name)));
  },

  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": (context) => {
    context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const stored = context.fake.issueOr404(integerParam(context, "issue_number"));
    const names = labelNames(context.json);
    if (names.length === 0 || names.some((n) => !n))
      throw unprocessable('Invalid request.\n\nNo subschema in "oneOf" matched.');
    for (const name of names) {
      // Adding a label the repository does not have creates it, as GitHub does.
      const canonical = state.label(name).name;
      if (!stored.labels.includes(canonical)) stored.labels.push(canonical);
    }
    stored.updatedAt = state.now();
    return { status: 200, body: stored.labels.map((name) => label(site, state.label(name))) };
  },

  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": (context) => {
    context.fake.actor(context.auth);
    const { state, site } = context.fake;
    const stored = context.fake.issueOr404(integerParam(context, "issue_number"));
    const name = context.params.name ?? "";
    const index = stored.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
    if (index === -1) throw notFound();
    stored.labels.splice(index, 1);
    return { status: 200, body: stored.labels.map((n) => label(site, state.label(n))) };
  },
};
