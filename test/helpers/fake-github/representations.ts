// JSON shapes the fake answers with, field for field as GitHub's REST description requires them (the server checks
// every answer against the description), with URLs that point back at the fake.
import type { StoredArtifact, StoredWorkflowRun } from "./state.ts";
import type { GitPerson, ParsedCommit, TreeEntry } from "./git-store.ts";
import type {
  FakeState,
  FakeUser,
  Permission,
  StoredComment,
  StoredIssue,
  StoredLabel,
  StoredReaction,
} from "./state.ts";

export interface Site {
  /** e.g. http://127.0.0.1:4567 */
  htmlUrl: string;
  /** e.g. http://127.0.0.1:4567/api/v3 */
  apiUrl: string;
  owner: string;
  repo: string;
  repoId: number;
  defaultBranch: string;
  createdAt: string;
  appId: number;
  appSlug: string;
  appOwner: string;
  installationId: number;
  /** The permissions the App was granted, as in app.yml. */
  appPermissions: Record<string, string>;
  appEvents: string[];
}

const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"] as const;

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

export function user(site: Site, u: FakeUser): Record<string, unknown> {
  // GitHub percent-encodes logins in URLs: /users/dependabot%5Bbot%5D.
  const login = encodeURIComponent(u.login);
  const api = `${site.apiUrl}/users/${login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === "Bot" ? "Bot" : "User", u.id),
    avatar_url: `${site.htmlUrl}/avatars/u/${u.id}`,
    gravatar_id: "",
    url: api,
    html_url: u.type === "Bot" ? `${site.htmlUrl}/apps/${u.login.replace(/\[bot\]$/, "")}` : `${site.htmlUrl}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** The repository as GET /repos/{owner}/{repo} serves it; also valid where the shorter "repository" is required. */
export function repository(site: Site, state: FakeState, pushedAt: string): Record<string, unknown> {
  const api = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const html = `${site.htmlUrl}/${site.owner}/${site.repo}`;
  const host = new URL(site.htmlUrl).host;
  const openIssues = [...state.issues.values()].filter((i) => i.state === "open").length;
  return {
    id: site.repoId,
    node_id: nodeId("Repository", site.repoId),
    name: site.repo,
    full_name: `${site.owner}/${site.repo}`,
    private: false,
    owner: user(site, state.user(site.owner)),
    html_url: html,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${site.owner}/${site.repo}.git`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${site.owner}/${site.repo}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    homepage: null,
    svn_url: html,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1,
    default_branch: site.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "public",
    pushed_at: pushedAt,
    created_at: site.createdAt,
    updated_at: pushedAt,
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 1,
  };
}

export function app(site: Site, state: FakeState): Record<string, unknown> {
  return {
    id: site.appId,
    slug: site.appSlug,
    node_id: nodeId("App", site.appId),
    client_id: `Iv1.${site.appId.toString(16).padStart(16, "0")}`,
    owner: user(site, state.user(site.appOwner)),
    name: site.appSlug,
    description: "",
    external_url: site.htmlUrl,
    html_url: `${site.htmlUrl}/apps/${site.appSlug}`,
    created_at: site.createdAt,
    updated_at: site.createdAt,
    permissions: site.appPermissions,
    events: site.appEvents,
    installations_count: 1,
  };
}

export function installation(site: Site, state: FakeState): Record<string, unknown> {
  return {
    id: site.installationId,
    client_id: `Iv1.${site.appId.toString(16).padStart(16, "0")}`,
    account: user(site, state.user(site.owner)),
    repository_selection: "selected",
    access_tokens_url: `${site.apiUrl}/app/installations/${site.installationId}/access_tokens`,
    repositories_url: `${site.apiUrl}/installation/repositories`,
    html_url: `${site.htmlUrl}/settings/installations/${site.installationId}`,
    app_id: site.appId,
    app_slug: site.appSlug,
    target_id: state.user(site.owner).id,
    target_type: state.user(site.owner).type,
    permissions: site.appPermissions,
    events: site.appEvents,
    created_at: site.createdAt,
    updated_at: site.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

export function authorAssociation(site: Site, state: FakeState, login: string): string {
  if (login.toLowerCase() === site.owner.toLowerCase()) return "OWNER";
  return ["admin", "maintain", "write", "triage"].includes(state.permission(login)) ? "COLLABORATOR" : "NONE";
}

export function label(site: Site, l: StoredLabel): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId("Label", l.id),
    url: `${site.apiUrl}/repos/${site.owner}/${site.repo}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: l.default,
  };
}

function reactionRollup(
  site: Site,
  state: FakeState,
  url: string,
  on: { issueNumber: number } | { commentId: number },
): Record<string, unknown> {
  const rollup: Record<string, unknown> = { url: `${url}/reactions`, total_count: 0 };
  const mine = state.reactions.filter((r) =>
    "commentId" in on ? r.commentId === on.commentId : r.commentId === undefined && r.issueNumber === on.issueNumber,
  );
  for (const content of REACTIONS) rollup[content] = mine.filter((r) => r.content === content).length;
  rollup.total_count = mine.length;
  return rollup;
}

export function issue(site: Site, state: FakeState, stored: StoredIssue): Record<string, unknown> {
  const api = `${site.apiUrl}/repos/${site.owner}/${site.repo}/issues/${stored.number}`;
  const kind = stored.pull ? "pull" : "issues";
  const result: Record<string, unknown> = {
    id: stored.id,
    node_id: nodeId(stored.pull ? "PullRequestIssue" : "Issue", stored.id),
    url: api,
    repository_url: `${site.apiUrl}/repos/${site.owner}/${site.repo}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${site.htmlUrl}/${site.owner}/${site.repo}/${kind}/${stored.number}`,
    number: stored.number,
    state: stored.state,
    state_reason: stored.state === "closed" ? "completed" : null,
    title: stored.title,
    body: stored.body,
    user: user(site, state.user(stored.user)),
    labels: stored.labels.map((name) => label(site, state.label(name))),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: stored.locked,
    active_lock_reason: null,
    comments: state.commentsOn(stored.number).length,
    closed_at: stored.closedAt,
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
    closed_by: null,
    author_association: authorAssociation(site, state, stored.user),
    reactions: reactionRollup(site, state, api, { issueNumber: stored.number }),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
  };
  if (stored.pull) {
    const pullApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}/pulls/${stored.number}`;
    const html = result.html_url as string;
    result.draft = stored.pull.draft;
    result.pull_request = {
      url: pullApi,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: stored.pull.mergedAt ?? null,
    };
  }
  return result;
}

export function comment(site: Site, state: FakeState, stored: StoredComment): Record<string, unknown> {
  const api = `${site.apiUrl}/repos/${site.owner}/${site.repo}/issues/comments/${stored.id}`;
  const parent = state.issues.get(stored.issueNumber);
  const kind = parent?.pull ? "pull" : "issues";
  return {
    id: stored.id,
    node_id: nodeId("IssueComment", stored.id),
    url: api,
    html_url: `${site.htmlUrl}/${site.owner}/${site.repo}/${kind}/${stored.issueNumber}#issuecomment-${stored.id}`,
    issue_url: `${site.apiUrl}/repos/${site.owner}/${site.repo}/issues/${stored.issueNumber}`,
    body: stored.body,
    user: user(site, state.user(stored.user)),
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
    author_association: authorAssociation(site, state, stored.user),
    performed_via_github_app: null,
    reactions: reactionRollup(site, state, api, { commentId: stored.id }),
  };
}

export function reaction(site: Site, state: FakeState, stored: StoredReaction): Record<string, unknown> {
  return {
    id: stored.id,
    node_id: nodeId("Reaction", stored.id),
    user: user(site, state.user(stored.user)),
    content: stored.content,
    created_at: stored.createdAt,
  };
}

export interface PullFacts {
  headSha: string;
  baseSha: string;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

/** A pull request; `full` adds what GET /pulls/{n} has and the list endpoint leaves out. */
export function pull(
  site: Site,
  state: FakeState,
  stored: StoredIssue,
  facts: PullFacts,
  full: boolean,
  pushedAt: string,
): Record<string, unknown> {
  const pr = stored.pull;
  if (!pr) throw new Error(`#${stored.number} is not a pull request`);
  const repoApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const api = `${repoApi}/pulls/${stored.number}`;
  const html = `${site.htmlUrl}/${site.owner}/${site.repo}/pull/${stored.number}`;
  const repo = repository(site, state, pushedAt);
  const owner = user(site, state.user(site.owner));
  const result: Record<string, unknown> = {
    url: api,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoApi}/issues/${stored.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi}/pulls/comments{/number}`,
    comments_url: `${repoApi}/issues/${stored.number}/comments`,
    statuses_url: `${repoApi}/statuses/${facts.headSha}`,
    number: stored.number,
    state: stored.state,
    locked: stored.locked,
    title: stored.title,
    user: user(site, state.user(stored.user)),
    body: stored.body,
    // The pull request schemas type a label's description as a string (issues: string or null).
    labels: stored.labels.map((name) => ({
      ...label(site, state.label(name)),
      description: state.label(name).description ?? "",
    })),
    milestone: null,
    active_lock_reason: null,
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
    closed_at: stored.closedAt,
    merged_at: pr.mergedAt ?? null,
    merge_commit_sha: pr.mergeCommitSha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${site.owner}:${pr.head}`, ref: pr.head, sha: facts.headSha, user: owner, repo },
    base: { label: `${site.owner}:${pr.base}`, ref: pr.base, sha: facts.baseSha, user: owner, repo },
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: `${repoApi}/issues/${stored.number}` },
      comments: { href: `${repoApi}/issues/${stored.number}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi}/statuses/${facts.headSha}` },
    },
    author_association: authorAssociation(site, state, stored.user),
    auto_merge: null,
    draft: pr.draft,
  };
  if (!full) return result;
  return {
    ...result,
    merged: pr.mergedAt !== undefined,
    mergeable: stored.state === "open" ? true : null,
    rebaseable: stored.state === "open" ? true : null,
    mergeable_state: pr.draft ? "draft" : "clean",
    merged_by: null,
    comments: state.commentsOn(stored.number).length,
    review_comments: 0,
    maintainer_can_modify: pr.maintainerCanModify,
    commits: facts.commits,
    additions: facts.additions,
    deletions: facts.deletions,
    changed_files: facts.changedFiles,
  };
}

export function gitRef(site: Site, ref: string, sha: string, type: string): Record<string, unknown> {
  const repoApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  return {
    ref,
    node_id: nodeId("Ref", ref),
    url: `${repoApi}/git/${ref}`,
    object: { sha, type, url: `${repoApi}/git/${type}s/${sha}` },
  };
}

function gitUser(person: GitPerson): Record<string, unknown> {
  return { name: person.name, email: person.email, date: person.date };
}

export function gitCommit(site: Site, commit: ParsedCommit): Record<string, unknown> {
  const repoApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const html = `${site.htmlUrl}/${site.owner}/${site.repo}/commit`;
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", commit.sha),
    url: `${repoApi}/git/commits/${commit.sha}`,
    html_url: `${html}/${commit.sha}`,
    author: gitUser(commit.author),
    committer: gitUser(commit.committer),
    tree: { sha: commit.tree, url: `${repoApi}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({ sha, url: `${repoApi}/git/commits/${sha}`, html_url: `${html}/${sha}` })),
    verification: {
      verified: false,
      reason: commit.signature ? "unknown_key" : "unsigned",
      signature: commit.signature ?? null,
      payload: null,
      verified_at: null,
    },
  };
}

/** The REST "commit" (GET /commits): the git commit nested under `commit`, plus GitHub users when known. */
export function restCommit(site: Site, state: FakeState, commit: ParsedCommit): Record<string, unknown> {
  const repoApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const html = `${site.htmlUrl}/${site.owner}/${site.repo}/commit`;
  const known = (person: GitPerson) => {
    const found = [...state.users.values()].find((u) => person.email.toLowerCase() === noreplyEmail(u).toLowerCase());
    return found ? user(site, found) : null;
  };
  return {
    url: `${repoApi}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId("Commit", commit.sha),
    html_url: `${html}/${commit.sha}`,
    comments_url: `${repoApi}/commits/${commit.sha}/comments`,
    commit: {
      url: `${repoApi}/git/commits/${commit.sha}`,
      author: gitUser(commit.author),
      committer: gitUser(commit.committer),
      message: commit.message.replace(/\n$/, ""),
      tree: { sha: commit.tree, url: `${repoApi}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    author: known(commit.author),
    committer: known(commit.committer),
    parents: commit.parents.map((sha) => ({ sha, url: `${repoApi}/commits/${sha}`, html_url: `${html}/${sha}` })),
  };
}

export function noreplyEmail(u: FakeUser): string {
  return `${u.id}+${u.login}@users.noreply.github.com`;
}

export function treeEntry(site: Site, entry: TreeEntry): Record<string, unknown> {
  const repoApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const out: Record<string, unknown> = { path: entry.path, mode: entry.mode, type: entry.type, sha: entry.sha };
  if (entry.type === "blob") {
    out.size = entry.size ?? 0;
    out.url = `${repoApi}/git/blobs/${entry.sha}`;
  } else if (entry.type === "tree") {
    out.url = `${repoApi}/git/trees/${entry.sha}`;
  }
  return out;
}

export function gitTree(site: Site, sha: string, entries: TreeEntry[]): Record<string, unknown> {
  return {
    sha,
    url: `${site.apiUrl}/repos/${site.owner}/${site.repo}/git/trees/${sha}`,
    tree: entries.map((e) => treeEntry(site, e)),
    truncated: false,
  };
}

/** GitHub wraps base64 at 60 characters with "\n", which clients must tolerate. */
export function wrappedBase64(content: Buffer): string {
  const text = content.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 60) lines.push(text.slice(i, i + 60));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function blob(site: Site, sha: string, content: Buffer): Record<string, unknown> {
  return {
    sha,
    node_id: nodeId("Blob", sha),
    size: content.length,
    url: `${site.apiUrl}/repos/${site.owner}/${site.repo}/git/blobs/${sha}`,
    content: wrappedBase64(content),
    encoding: "base64",
  };
}

/** A GET /contents entry: a file with its content, or (content undefined) a directory listing entry. */
export function contentEntry(site: Site, ref: string, entry: TreeEntry, content?: Buffer): Record<string, unknown> {
  const repoApi = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const encodedPath = entry.path.split("/").map(encodeURIComponent).join("/");
  const type =
    entry.type === "tree"
      ? "dir"
      : entry.type === "commit"
        ? "submodule"
        : entry.mode === "120000"
          ? "symlink"
          : "file";
  const self = `${repoApi}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoApi}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`;
  const html = `${site.htmlUrl}/${site.owner}/${site.repo}/${type === "dir" ? "tree" : "blob"}/${ref}/${encodedPath}`;
  const result: Record<string, unknown> = {
    type,
    name: entry.path.split("/").pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    size: entry.size ?? 0,
    url: self,
    html_url: html,
    git_url: git,
    download_url: type === "file" ? `${site.htmlUrl}/raw/${site.owner}/${site.repo}/${ref}/${encodedPath}` : null,
    _links: { self, git, html },
  };
  if (content) {
    result.content = wrappedBase64(content);
    result.encoding = "base64";
  }
  return result;
}

export function collaboratorPermission(site: Site, state: FakeState, login: string): Record<string, unknown> {
  const role: Permission = login.toLowerCase() === site.owner.toLowerCase() ? "admin" : state.permission(login);
  // The legacy `permission` field knows only admin/write/read/none; role_name carries maintain and triage.
  const legacy = role === "maintain" ? "write" : role === "triage" ? "read" : role;
  const u = state.user(login);
  return {
    permission: legacy,
    role_name: role,
    user: {
      ...user(site, u),
      role_name: role,
      permissions: {
        admin: role === "admin",
        maintain: role === "admin" || role === "maintain",
        push: ["admin", "maintain", "write"].includes(role),
        triage: ["admin", "maintain", "write", "triage"].includes(role),
        pull: role !== "none",
      },
    },
  };
}

export function errorBody(
  status: number,
  message: string,
  errors?: Record<string, unknown>[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    message,
    documentation_url: "https://docs.github.com/rest",
    status: String(status),
  };
  if (errors) body.errors = errors;
  return body;
}

/** An Actions artifact of a run (GET /actions/runs/{id}/artifacts). */
export function artifact(site: Site, run: StoredWorkflowRun, stored: StoredArtifact): Record<string, unknown> {
  const api = `${site.apiUrl}/repos/${site.owner}/${site.repo}/actions/artifacts/${stored.id}`;
  return {
    id: stored.id,
    node_id: nodeId("Artifact", stored.id),
    name: stored.name,
    size_in_bytes: stored.content.byteLength,
    url: api,
    archive_download_url: `${api}/zip`,
    expired: false,
    created_at: stored.createdAt,
    expires_at: stored.createdAt,
    updated_at: stored.createdAt,
    workflow_run: {
      id: run.id,
      repository_id: site.repoId,
      head_repository_id: site.repoId,
      head_branch: run.headBranch,
      head_sha: run.headSha,
    },
  };
}
