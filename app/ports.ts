// Interfaces through which the jobs and handlers reach the outside world, with the core's own (app/core/ports.ts)
// re-exported. Adapters in app/adapters implement them; the composition root (app/compose.ts) chooses which, so
// use-case code never builds an adapter itself.
import type { ProbotOctokit } from "probot";
import type { JobData } from "./core/jobs.ts";
import type { RepoHost } from "./core/ports.ts";

export type {
  ChatMessage,
  ChatRequest,
  ChatResponse,
  CommitRequest,
  FileChange,
  Llm,
  LlmModels,
  RepoHost,
} from "./core/ports.ts";

/** A GitHub branch as a RepoHost, plus what a job needs to create it from another branch. */
export interface BranchHost extends RepoHost {
  /** Another branch's head commit, or undefined when it does not exist. */
  branchHead(branch: string): Promise<string | undefined>;
  /** Creates this host's branch at `from`; answers its head. */
  createBranch(from: string): Promise<string>;
}

/** A pull request as appgen refers to it. */
export interface PullRequestRef {
  number: number;
  url: string;
  /** Whether this call opened it (false: it existed, found by its head branch). */
  created: boolean;
}

export interface PullRequestRequest {
  head: string;
  base: string;
  draft: boolean;
  title: string;
  body: string;
}

/** An open pull request with what auto-fix reads of it. */
export interface OpenPullRequest {
  number: number;
  url: string;
  labels: string[];
  body: string | null;
  /** The head branch's commit now: a report about an older commit (a late preview or CI run) is out of date. */
  headSha: string;
}

/** A pull request a commit belongs to (the merge, squash or rebase of it), as deploy reporting reads it. */
export interface CommitPullRequest {
  number: number;
  body: string | null;
  merged: boolean;
  headRef: string;
  baseRef: string;
  /** Whether its head lives in another repository (a fork). */
  fromFork: boolean;
}

/** A comment as appgen looks for its own: the progress comment is the latest bot comment with its marker. */
export interface IssueComment {
  id: number;
  body: string;
  byBot: boolean;
}

/** One file written through the contents API, compare-and-swap on the blob it replaces. */
export interface TextWrite {
  branch: string;
  path: string;
  content: string;
  message: string;
  /** The git blob SHA of the file being replaced; undefined when it is new. */
  replacing: string | undefined;
}

/**
 * A write the forge refused, classified by the adapter: "forbidden" (a protected branch, a missing permission),
 * "conflict" (the branch or the file moved), "missing" (no such workflow or trigger); `reason` in GitHub's words.
 */
export type WriteOutcome =
  | { written: true }
  | {
      written: false;
      refusal: "forbidden" | "conflict" | "missing";
      reason: string;
      /** GitHub's status, for the log only: decisions read `refusal`. */
      status: number;
    };

/** What a reaction goes on: an issue (or pull request), or one comment. */
export type ReactionTarget = { issueNumber: number } | { commentId: number };

/**
 * What appgen asks of the forge that hosts a repository (GitHub), bound to one repository, like renovate's Platform.
 * The adapter (app/adapters/github-forge.ts) is the only place that reads GitHub's errors: a missing collaborator is
 * undefined, "a pull request already exists" finds it, a plan without drafts opens a ready one. Jobs and handlers
 * get one from OpenForge; unit tests use test/helpers/memory-forge.ts.
 */
export interface Forge {
  readonly owner: string;
  readonly repo: string;
  /** Posts a comment on an issue or pull request; answers its id. */
  createComment(issueNumber: number, body: string): Promise<{ id: number }>;
  updateComment(commentId: number, body: string): Promise<void>;
  react(target: ReactionTarget, content: "eyes"): Promise<void>;
  /**
   * A person's permission on the repository: GitHub's role name (admin, maintain, write, triage, read) and the
   * folded permission; undefined when they are no collaborator at all.
   */
  permissionOf(login: string): Promise<{ roleName: string; permission: string } | undefined>;
  /** Opens a pull request, or finds the open one with that head (one per branch). */
  ensurePullRequest(request: PullRequestRequest): Promise<PullRequestRef>;
  /** The open pull request whose head is `head`, if any. */
  findPullRequest(head: string): Promise<PullRequestRef | undefined>;
  /** The same, with its labels and body. */
  openPullRequest(head: string): Promise<OpenPullRequest | undefined>;
  /** A pull request by number, as a /regenerate comment on it is checked. */
  getPullRequest(
    number: number,
  ): Promise<{ number: number; url: string; open: boolean; headRef: string; baseRef: string; fromFork: boolean }>;
  updatePullRequest(number: number, change: { title?: string; body?: string }): Promise<void>;
  /** The pull requests a commit is associated with. */
  pullRequestsOfCommit(sha: string): Promise<CommitPullRequest[]>;
  getIssue(issueNumber: number): Promise<{ title: string; body: string | null }>;
  /** Every comment of an issue or pull request, oldest first. */
  listComments(issueNumber: number): Promise<IssueComment[]>;
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** The newest commits of a branch, newest first. */
  listCommits(branch: string, count: number): Promise<{ sha: string; message: string }[]>;
  /** A file's text on a ref (branch or commit); undefined when it is not there. */
  readText(ref: string, path: string): Promise<string | undefined>;
  /** Commits one file; a refusal (403, 409, 422) is answered, anything else thrown. */
  writeText(write: TextWrite): Promise<WriteOutcome>;
  /**
   * Starts a workflow_dispatch run; a refusal (403: no Actions permission, 404 or 422: no such workflow or trigger on
   * that ref) is answered, anything else thrown.
   */
  dispatchWorkflow(file: string, ref: string, inputs: Record<string, string>): Promise<WriteOutcome>;
  /** A workflow run's artifact by name, if it uploaded one. */
  findArtifact(runId: number, name: string): Promise<{ id: number; expired: boolean; sizeInBytes: number } | undefined>;
  /** An artifact's zip; "expired" when it expired since it was listed. */
  downloadArtifact(artifactId: number): Promise<Uint8Array | "expired">;
  /** The latest attempt's jobs of a workflow run. */
  runJobs(runId: number): Promise<{ id: number; conclusion: string | null }[]>;
  /** A job's raw log. */
  jobLog(jobId: number): Promise<string>;
  /** A branch of the repository as a RepoHost (commits and trees through the Git Data API). */
  branch(name: string): BranchHost;
  /**
   * What a person reads about a failed forge request, e.g. "GitHub answered 502 to POST /repos/…/git/trees (…),
   * even after retries."; undefined when the error did not come from the forge.
   */
  describeFailure(error: unknown): string | undefined;
}

/** Binds a forge to a repository, acting as the installation `octokit` is authenticated for. */
export type OpenForge = (octokit: ProbotOctokit, repository: { owner: string; repo: string }) => Forge;

/**
 * Work that runs after a webhook has been answered, as data only (JobData for the app; queues are generic so they
 * can be tested alone). Nothing a queue carries is a closure or a promise, so every job can cross a process
 * boundary: the in-process queue hands it to its runner as a JSON copy, exactly as a BullMQ worker receives it.
 */
export interface Job<T = JobData> {
  /** Unique per trigger (the webhook's X-GitHub-Delivery id): a job with an id seen before is not run again. */
  id: string;
  data: T;
}

/** Where a job runs: the in-process queue and the BullMQ worker both call one of these (the app's is runJob). */
export type JobRunner<T = JobData> = (
  data: T,
  context: { key: string; jobId: string; attempt: number },
) => Promise<void>;

/**
 * Runs jobs off the request path. Jobs with the same key (owner/repo#issue) run one after another, in order; jobs
 * with different keys may run at the same time. In-process (InProcessQueue) or on Redis (BullMqQueue + workers).
 */
export interface JobQueue<T = JobData> {
  /** Accepts the job and answers true, or answers false when a job with the same id was accepted before or the queue is closed. */
  enqueue(key: string, job: Job<T>): boolean;
  /** Resolves when every job accepted so far has finished. */
  drain(): Promise<void>;
  /** Stops accepting jobs, then waits for the accepted ones to finish (graceful shutdown). */
  close(): Promise<void>;
}

/** A queue that runs its jobs in this process, with the runner the app gives it at start-up. */
export interface LocalJobQueue<T = JobData> extends JobQueue<T> {
  process(run: JobRunner<T>): void;
}

export type QueueJobState = "waiting" | "active" | "delayed" | "failed";

/** One job as the dashboard shows it. */
export interface QueueJobView {
  id: string;
  /** owner/repo#issue */
  key: string;
  state: QueueJobState;
  /** Attempts made so far. */
  attempts: number;
  /** ISO time the job was added. */
  enqueuedAt?: string;
  /** Why the last attempt failed (failed jobs). */
  failedReason?: string;
}

/** What the dashboard may see and do with a queue: list jobs by state and put a failed job back. */
export interface QueueInspector {
  counts(): Promise<Record<QueueJobState, number>>;
  jobs(states: readonly QueueJobState[], limit: number): Promise<QueueJobView[]>;
  /** Moves a failed job back to waiting; answers false when there is no failed job with that id. */
  retry(id: string): Promise<boolean>;
}
