// Every failure a user can meet carries a stable code and a message that says what to do.
// Entry points (CLI, webhook handlers) catch AppgenError in one place and render it.

export type ErrorCode =
  | "INPUT_TOO_LARGE"
  | "INPUT_UNPARSABLE"
  | "MANIFEST_INVALID"
  | "CONFIG_INVALID"
  | "CONFIG_NOT_ALLOWED"
  | "MANIFEST_NOT_FOUND"
  | "LLM_NOT_CONFIGURED"
  | "LLM_REFUSED"
  | "LLM_FAILED"
  | "LLM_INVALID_OUTPUT"
  | "INSTRUCTION_NOT_UNDERSTOOD"
  | "UI_INVALID"
  | "BRANCH_MOVED"
  | "MANIFEST_CHANGED"
  | "MIGRATION_REFUSED"
  | "MIGRATION_HISTORY_UNKNOWN"
  | "DIRTY_WORKTREE"
  | "GIT_FAILED"
  | "REPOSITORY_UNSUPPORTED"
  | "TOOL_MISSING"
  | "USAGE"
  | "IO"
  | "JOB_INVALID"
  | "FIX_NOT_POSSIBLE"
  | "PATCH_INVALID"
  | "PATCH_OUTSIDE_APP"
  | "PATCH_PROTECTED_PATH"
  | "PATCH_NOT_IMPLICATED"
  | "PATCH_BINARY"
  | "PATCH_TOO_LARGE"
  | "PATCH_DOES_NOT_APPLY";

/** One problem found in a document: where (a JSON pointer such as /entities/0/fields/2/type), what, and the fix. */
export interface Problem {
  path: string;
  message: string;
  fix?: string;
}

export class AppgenError extends Error {
  override readonly name = "AppgenError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: Problem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `  ${p.path || "/"}: ${p.message}${p.fix ? `\n    fix: ${p.fix}` : ""}`).join("\n");
}

/** Message plus every problem, one per line; what the CLI prints and what a GitHub comment quotes. */
export function describeError(error: AppgenError): string {
  const details = error.problems.length ? `\n${formatProblems(error.problems)}` : "";
  return `${error.code}: ${error.message}${details}`;
}
