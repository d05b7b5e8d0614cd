// Interfaces through which the pure core and the jobs reach the outside world. Adapters in app/adapters implement
// them; the composition root (app/compose.ts) chooses which, so use-case code never builds an adapter itself.
import type { ProbotOctokit } from "probot";
import type { JobData } from "./core/jobs.ts";
import type { TokenUsage } from "./core/planners/types.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature: number;
  /** When set, the model is asked for JSON matching this schema (OpenAI structured outputs). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ChatResponse {
  /** The model's text, or undefined when it refused. */
  content: string | undefined;
  refusal: string | undefined;
  usage: TokenUsage;
  model: string;
}

/** An OpenAI-compatible chat model. Implementations retry 429/5xx/timeouts themselves. */
export interface Llm {
  readonly model: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
}

/**
 * The operator's model endpoint: an Llm for any model by name (a repository's choice within APPGEN_LLM_MODELS, or
 * defaultModel). Absent when the server has no OPENAI_API_KEY: planning and fixing then run offline.
 */
export interface LlmModels {
  readonly defaultModel: string;
  forModel(model: string): Llm;
}

/** One file to write (content) or delete (null), relative to the repository root. */
export interface FileChange {
  path: string;
  content: string | null;
}

export interface CommitRequest {
  /** The commit the new one goes on top of; undefined only for the first commit of an empty branch. */
  parent: string | undefined;
  message: string;
  changes: FileChange[];
}

/**
 * A branch of a git repository that appgen reads and commits to: a local repository (LocalHost) or a GitHub branch
 * through the Git Data API (GitHubHost). Commits are compare-and-swap: when the branch is no longer at `parent`,
 * commit() throws AppgenError("BRANCH_MOVED") and writes nothing.
 */
export interface RepoHost {
  /** The branch's head commit, or undefined when the branch has no commit yet. */
  head(): Promise<string | undefined>;
  /** Every file at a commit, as path -> git blob SHA-1. */
  listFiles(commit: string): Promise<Map<string, string>>;
  /** A file's UTF-8 content at a commit, or undefined when it does not exist there. */
  readFile(commit: string, path: string): Promise<string | undefined>;
  /** Creates one commit with all changes and moves the branch to it; answers the new commit's SHA. */
  commit(request: CommitRequest): Promise<string>;
  /**
   * The commit whose migrations deployed databases have applied (a pull request's base). Without it, every
   * migration already committed on the branch counts as applied.
   */
  baseCommit?(): Promise<string | undefined>;
}

/** A GitHub branch as a RepoHost, plus what a job needs to create it from another branch. */
export interface BranchHost extends RepoHost {
  /** Another branch's head commit, or undefined when it does not exist. */
  branchHead(branch: string): Promise<string | undefined>;
  /** Creates this host's branch at `from`; answers its head. */
  createBranch(from: string): Promise<string>;
}

/** Opens a branch of a repository as the installation `octokit` acts for (GitHubHost, chosen by the composition root). */
export type OpenBranch = (octokit: ProbotOctokit, at: { owner: string; repo: string; branch: string }) => BranchHost;

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
export type JobRunner<T = JobData> = (data: T, context: { key: string; jobId: string; attempt: number }) => Promise<void>;

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
