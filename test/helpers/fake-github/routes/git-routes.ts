// The Git Data API on the fake's bare repository: refs, commits, trees and blobs, with GitHub's rejections
// (non-fast-forward updates, missing objects, deleting a path that is not in the base tree).
import { TreeChangeError, type TreeChange } from "../git-store.ts";
import { blob, gitCommit, gitRef, gitTree, noreplyEmail } from "../representations.ts";
import {
  HttpError,
  notFound,
  requireString,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from "../route-types.ts";

const BLOB_MODES = new Set(["100644", "100755", "120000"]);
const ALL_MODES = new Set([...BLOB_MODES, "040000", "160000"]);

async function refBody(context: RouteContext, fullRef: string, sha: string): Promise<Record<string, unknown>> {
  const type = (await context.fake.git.objectType(sha)) ?? "commit";
  return gitRef(context.fake.site, fullRef, sha, type);
}

function isValidPath(path: string): boolean {
  return (
    path.length > 0 && path.split("/").every((part) => part !== "" && part !== "." && part !== ".." && part !== ".git")
  );
}

export const gitRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/git/ref/{ref}": async (context) => {
    const fullRef = `refs/${context.params.ref}`;
    const found = (await context.fake.git.listRefs()).find((r) => r.ref === fullRef);
    if (!found) throw notFound();
    return { status: 200, body: gitRef(context.fake.site, found.ref, found.sha, found.type) };
  },

  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}": async (context) => {
    const prefix = `refs/${context.params.ref}`;
    const refs = (await context.fake.git.listRefs()).filter((r) => r.ref.startsWith(prefix));
    return { status: 200, body: refs.map((r) => gitRef(context.fake.site, r.ref, r.sha, r.type)) };
  },

  "POST /repos/{owner}/{repo}/git/refs": async (context) => {
    context.fake.actor(context.auth);
    const ref = requireString(context.body, "ref");
    const sha = requireString(context.body, "sha");
    if (!ref.startsWith("refs/") || ref.split("/").length < 3 || !isValidPath(ref)) {
      throw unprocessable(`Reference name must start with 'refs/' and have at least two slashes.`);
    }
    if (!(await context.fake.git.objectType(sha))) throw unprocessable("Object does not exist");
    if (!(await context.fake.moveRef(ref, sha, undefined))) throw unprocessable("Reference already exists");
    return {
      status: 201,
      body: await refBody(context, ref, sha),
      headers: {
        location: `${context.fake.site.apiUrl}/repos/${context.fake.site.owner}/${context.fake.site.repo}/git/${ref}`,
      },
    };
  },

  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": async (context) => {
    context.fake.actor(context.auth);
    const fullRef = `refs/${context.params.ref}`;
    const sha = requireString(context.body, "sha");
    const force = context.body.force === true;
    const { git } = context.fake;
    if (!(await git.objectType(sha))) throw unprocessable("Object does not exist");
    const current = await git.resolveRef(fullRef);
    if (!current) throw unprocessable("Reference does not exist");
    if (!force && !(await git.isAncestor(current, sha))) throw unprocessable("Update is not a fast forward");
    // Compare-and-swap against the head just checked, so a concurrent push between the check and the write loses
    // nothing: the update fails as GitHub's would.
    if (!(await context.fake.moveRef(fullRef, sha, current))) throw unprocessable("Update is not a fast forward");
    return { status: 200, body: await refBody(context, fullRef, sha) };
  },

  "DELETE /repos/{owner}/{repo}/git/refs/{ref}": async (context) => {
    context.fake.actor(context.auth);
    const fullRef = `refs/${context.params.ref}`;
    const current = await context.fake.git.resolveRef(fullRef);
    if (!current || !(await context.fake.git.deleteRef(fullRef, current)))
      throw unprocessable("Reference does not exist");
    return { status: 204 };
  },

  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}": async (context) => {
    const commit = await context.fake.git.readCommit(context.params.commit_sha ?? "");
    if (!commit) throw notFound();
    return { status: 200, body: gitCommit(context.fake.site, commit) };
  },

  "POST /repos/{owner}/{repo}/git/commits": async (context) => {
    const actor = context.fake.actor(context.auth);
    const { git, state, site } = context.fake;
    const message = requireString(context.body, "message");
    const tree = requireString(context.body, "tree");
    if ((await git.objectType(tree)) !== "tree") throw unprocessable("Tree SHA does not exist");
    const parents = (context.body.parents as string[] | undefined) ?? [];
    for (const parent of parents) {
      if ((await git.objectType(parent)) !== "commit")
        throw unprocessable("Parent SHA does not exist or is not a commit object");
    }
    const given = (field: "author" | "committer") =>
      context.body[field] as { name?: string; email?: string; date?: string } | undefined;
    const identity = (
      person: { name?: string; email?: string; date?: string } | undefined,
      fallback: { name: string; email: string; date: string },
    ) => {
      if (!person) return fallback;
      if (!person.name || !person.email) throw unprocessable(`Invalid request.\n\n"name" and "email" are required.`);
      return {
        name: person.name,
        email: person.email,
        date: person.date ? new Date(person.date).toISOString().replace(/\.\d{3}Z$/, "Z") : state.now(),
      };
    };
    const author = identity(given("author"), { name: actor.login, email: noreplyEmail(actor), date: state.now() });
    const committer = identity(given("committer"), author);
    const sha = await git.createCommit({ tree, parents, message, author, committer });
    const commit = await git.readCommit(sha);
    if (!commit) throw new Error(`commit ${sha} vanished`);
    return {
      status: 201,
      body: gitCommit(site, commit),
      headers: { location: `${site.apiUrl}/repos/${site.owner}/${site.repo}/git/commits/${sha}` },
    };
  },

  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": async (context) => {
    const tree = await context.fake.git.peel(context.params.tree_sha ?? "", "tree");
    if (!tree) throw notFound();
    const entries = await context.fake.git.readTree(tree, context.query.has("recursive"));
    return { status: 200, body: gitTree(context.fake.site, tree, entries) };
  },

  "POST /repos/{owner}/{repo}/git/trees": async (context) => {
    context.fake.actor(context.auth);
    const { git, site } = context.fake;
    const baseTree = context.body.base_tree as string | undefined;
    if (baseTree !== undefined && (await git.objectType(baseTree)) !== "tree")
      throw unprocessable("base_tree is not a valid tree oid");
    const items = (context.body.tree as Record<string, unknown>[] | undefined) ?? [];
    const changes: TreeChange[] = items.map((item, index) => {
      const path = item.path;
      const mode = item.mode;
      const type = item.type;
      if (typeof path !== "string" || !isValidPath(path))
        throw unprocessable(`tree.path contains a malformed path component`, [
          { resource: "Tree", field: `tree[${index}].path`, code: "invalid" },
        ]);
      if (typeof mode !== "string" || !ALL_MODES.has(mode))
        throw unprocessable(`tree.mode must be one of 100644, 100755, 040000, 160000, 120000`, [
          { resource: "Tree", field: `tree[${index}].mode`, code: "invalid" },
        ]);
      if (!BLOB_MODES.has(mode) || (type !== undefined && type !== "blob")) {
        throw new HttpError(
          501,
          `fake-github builds trees from blobs only; tree[${index}] (${path}) has mode ${mode}, type ${String(type)}`,
        );
      }
      const hasSha = "sha" in item;
      const hasContent = typeof item.content === "string";
      if (hasSha === hasContent)
        throw unprocessable(
          "Must supply either tree.sha or tree.content. Request will be rejected if both are present.",
        );
      if (hasContent) return { path, mode, content: Buffer.from(item.content as string, "utf8") };
      return { path, mode, sha: item.sha as string | null };
    });
    let sha: string;
    try {
      sha = await git.buildTree(baseTree, changes);
    } catch (error) {
      if (error instanceof TreeChangeError) throw unprocessable(error.message);
      throw error;
    }
    return {
      status: 201,
      body: gitTree(site, sha, await git.readTree(sha, false)),
      headers: { location: `${site.apiUrl}/repos/${site.owner}/${site.repo}/git/trees/${sha}` },
    };
  },

  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": async (context) => {
    const sha = context.params.file_sha ?? "";
    const content = await context.fake.git.readBlob(sha);
    if (!content) throw notFound();
    return { status: 200, body: blob(context.fake.site, sha, content) };
  },

  "POST /repos/{owner}/{repo}/git/blobs": async (context) => {
    context.fake.actor(context.auth);
    const content = context.body.content;
    if (typeof content !== "string")
      throw unprocessable("Invalid request.", [{ resource: "Blob", field: "content", code: "missing_field" }]);
    const encoding = (context.body.encoding as string | undefined) ?? "utf-8";
    if (encoding !== "utf-8" && encoding !== "base64") throw unprocessable(`encoding must be "utf-8" or "base64"`);
    const sha = await context.fake.git.writeBlob(Buffer.from(content, encoding === "base64" ? "base64" : "utf8"));
    const { site } = context.fake;
    const url = `${site.apiUrl}/repos/${site.owner}/${site.repo}/git/blobs/${sha}`;
    return { status: 201, body: { url, sha }, headers: { location: url } };
  },
};
