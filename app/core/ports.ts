// The ports the pure core reaches the outside world through: a chat model and a git branch. They live inside core so
// that core imports nothing outside app/core (test/architecture/import-boundaries.test.ts); adapters in app/adapters
// implement them, and app/ports.ts re-exports them beside the shell's own ports.
import type { TokenUsage } from "./planners/types.ts";

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
