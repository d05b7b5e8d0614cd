// What the fake keeps in memory (everything that is not git): users and their permission on the repository, issues
// and pull requests (one numbering, as on GitHub), comments, reactions, labels, issued installation tokens.

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface FakeUser {
  login: string;
  id: number;
  type: "User" | "Bot" | "Organization";
}

export interface StoredPull {
  id: number;
  head: string;
  base: string;
  draft: boolean;
  maintainerCanModify: boolean;
  /** Set once merged (fake.mergePull): when, and the commit the base branch got. */
  mergedAt?: string;
  mergeCommitSha?: string;
}

/** A finished Actions run a test put there (fake.completeWorkflowRun), with its uploaded artifacts. */
export interface StoredWorkflowRun {
  id: number;
  name: string;
  path: string;
  headBranch: string;
  headSha: string;
  conclusion: "success" | "failure";
  createdAt: string;
  artifacts: StoredArtifact[];
}

export interface StoredArtifact {
  id: number;
  name: string;
  /** The zip a download answers. */
  content: Buffer;
  createdAt: string;
}

/** An issue, or a pull request (which GitHub also serves as an issue) when `pull` is set. */
export interface StoredIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  labels: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull?: StoredPull;
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredReaction {
  id: number;
  issueNumber: number;
  /** Set for a reaction on an issue comment (then issueNumber is the comment's issue). */
  commentId?: number;
  user: string;
  content: string;
  createdAt: string;
}

export interface StoredLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface IssuedToken {
  token: string;
  installationId: number;
  expiresAt: Date;
}

export class FakeState {
  readonly users = new Map<string, FakeUser>();
  readonly permissions = new Map<string, Permission>();
  readonly issues = new Map<number, StoredIssue>();
  readonly comments: StoredComment[] = [];
  readonly reactions: StoredReaction[] = [];
  readonly labels = new Map<string, StoredLabel>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly workflowRuns = new Map<number, StoredWorkflowRun>();
  private lastNumber = 0;
  // GitHub ids are large and distinct per kind; distinct ranges make a mixed-up id visible in a failing test.
  private readonly counters = {
    user: 5_000_000,
    issue: 2_100_000_000,
    comment: 3_100_000_000,
    reaction: 4_100_000_000,
    label: 6_100_000_000,
    pull: 1_900_000_000,
    run: 7_100_000_000,
    artifact: 8_100_000_000,
  };

  constructor(private readonly clock: () => Date) {}

  now(): string {
    return isoSeconds(this.clock());
  }

  nextId(kind: keyof FakeState["counters"]): number {
    this.counters[kind] += 1;
    return this.counters[kind];
  }

  nextNumber(): number {
    this.lastNumber += 1;
    return this.lastNumber;
  }

  /** The user with this login, created on first sight (GitHub users exist before they touch the repository). */
  user(login: string, type: FakeUser["type"] = login.endsWith("[bot]") ? "Bot" : "User"): FakeUser {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { login, id: this.nextId("user"), type };
      this.users.set(key, user);
    }
    return user;
  }

  permission(login: string): Permission {
    return this.permissions.get(login.toLowerCase()) ?? "read";
  }

  setPermission(login: string, permission: Permission): void {
    this.user(login);
    this.permissions.set(login.toLowerCase(), permission);
  }

  label(name: string): StoredLabel {
    const existing = [...this.labels.values()].find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const label: StoredLabel = { id: this.nextId("label"), name, color: "ededed", description: null, default: false };
    this.labels.set(name, label);
    return label;
  }

  pullByNumber(number: number): StoredIssue | undefined {
    const issue = this.issues.get(number);
    return issue?.pull ? issue : undefined;
  }

  pulls(): StoredIssue[] {
    return [...this.issues.values()].filter((i) => i.pull);
  }

  commentsOn(issueNumber: number): StoredComment[] {
    return this.comments.filter((c) => c.issueNumber === issueNumber);
  }
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Where the fake serves artifact downloads, as GitHub's signed blob storage URLs (outside the API, no auth). */
export const BLOB_PREFIX = "/_blobs/";
