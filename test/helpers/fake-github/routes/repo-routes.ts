// Repository endpoints: the repository, file contents (JSON or raw, as Probot's config loader asks), branches,
// commit history and a user's permission.
import { collaboratorPermission, contentEntry, gitCommit, repository, restCommit } from "../representations.ts";
import {
  HttpError,
  notFound,
  requireString,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from "../route-types.ts";
import { page } from "../core.ts";

/** Octokit asks for `application/vnd.github.raw` (or `.v3.raw`) when it wants the file itself. */
function wantsRaw(context: RouteContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(String(context.headers.accept ?? ""));
}

async function resolveCommit(context: RouteContext, ref: string): Promise<string> {
  const commit = await context.fake.git.peel(ref, "commit");
  if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
  return commit;
}

export const repoRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}": (context) => {
    context.fake.actor(context.auth);
    return { status: 200, body: repository(context.fake.site, context.fake.state, context.fake.pushedAt) };
  },

  "GET /repos/{owner}/{repo}/contents/{path}": async (context) => {
    context.fake.actor(context.auth);
    const { git, site } = context.fake;
    const ref = context.query.get("ref") || site.defaultBranch;
    const commit = await resolveCommit(context, ref);
    const path = (context.params.path ?? "").replace(/^\/+|\/+$/g, "");
    const entry = await git.entryAt(commit, path);
    if (!entry) throw notFound();
    if (entry.type === "tree") {
      const children = await git.readTree(`${commit}:${path}`, false);
      const listing = children.map((child) => contentEntry(site, ref, { ...child, path: `${path}/${child.path}` }));
      return { status: 200, body: listing };
    }
    const content = (await git.readBlob(entry.sha)) ?? Buffer.alloc(0);
    if (wantsRaw(context)) {
      return {
        status: 200,
        raw: { content, contentType: "text/plain; charset=utf-8" },
        headers: { etag: `"${entry.sha}"` },
      };
    }
    return { status: 200, body: contentEntry(site, ref, entry, content), headers: { etag: `"${entry.sha}"` } };
  },

  // One file committed on a branch (appgen's app card): 409 when `sha` is not the file's blob on the branch head.
  "PUT /repos/{owner}/{repo}/contents/{path}": async (context) => {
    const actor = context.fake.actor(context.auth);
    const { git, site } = context.fake;
    const path = (context.params.path ?? "").replace(/^\/+|\/+$/g, "");
    const message = requireString(context.body, "message");
    const content = Buffer.from(requireString(context.body, "content"), "base64").toString("utf8");
    const branch = typeof context.body.branch === "string" ? context.body.branch : site.defaultBranch;
    const head = await context.fake.branchHead(branch);
    if (!head) throw new HttpError(404, `Branch ${branch} not found`);
    const existing = await git.entryAt(head, path);
    if (existing?.type === "tree") throw unprocessable(`${path} is a directory`);
    const given = context.body.sha;
    if (existing && given !== existing.sha)
      throw new HttpError(409, `${path} does not match ${typeof given === "string" ? given : ""}`);
    const sha = await context.fake.commitFiles({ branch, files: { [path]: content }, message, author: actor });
    const [commit, entry] = await Promise.all([git.readCommit(sha), git.entryAt(sha, path)]);
    if (!commit || !entry) throw new Error(`commit ${sha} vanished`);
    return {
      status: existing ? 200 : 201,
      body: { content: contentEntry(site, branch, entry), commit: gitCommit(site, commit) },
    };
  },

  "GET /repos/{owner}/{repo}/branches/{branch}": async (context) => {
    context.fake.actor(context.auth);
    const { git, site, state } = context.fake;
    const branch = context.params.branch ?? "";
    const head = await context.fake.branchHead(branch);
    if (!head) throw new HttpError(404, "Branch not found");
    const commit = await git.readCommit(head);
    if (!commit) throw notFound();
    const api = `${site.apiUrl}/repos/${site.owner}/${site.repo}/branches/${encodeURIComponent(branch)}`;
    return {
      status: 200,
      body: {
        name: branch,
        commit: restCommit(site, state, commit),
        _links: { html: `${site.htmlUrl}/${site.owner}/${site.repo}/tree/${branch}`, self: api },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: `${api}/protection`,
      },
    };
  },

  "GET /repos/{owner}/{repo}/commits": async (context) => {
    context.fake.actor(context.auth);
    const { git, site, state } = context.fake;
    const start = await resolveCommit(context, context.query.get("sha") || site.defaultBranch);
    const path = context.query.get("path");
    const out = await git.text(["rev-list", start, ...(path ? ["--", path] : [])]);
    const shas = out.split("\n").filter(Boolean);
    const commits = await Promise.all(shas.map((sha) => git.readCommit(sha)));
    const present = commits.filter((c) => c !== undefined);
    return page(context, present, (commit) => restCommit(site, state, commit));
  },

  "GET /repos/{owner}/{repo}/commits/{ref}": async (context) => {
    context.fake.actor(context.auth);
    const { git, site, state } = context.fake;
    const commit = await git.readCommit(await resolveCommit(context, context.params.ref ?? ""));
    if (!commit) throw notFound();
    return { status: 200, body: restCommit(site, state, commit) };
  },

  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": (context) => {
    context.fake.actor(context.auth);
    return {
      status: 200,
      body: collaboratorPermission(context.fake.site, context.fake.state, context.params.username ?? ""),
    };
  },
};
