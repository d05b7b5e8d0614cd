// Fix planning: deterministic fixers, then an LLM patch applied under safety rules, then a fix commit.
export {
  AUTOFIX_TRAILER,
  commitFixAttempt,
  countAutofixCommits,
  DEFAULT_MAX_AUTOFIX,
  type FixAttemptOptions,
  type FixAttemptResult,
} from "./attempt.ts";
export {
  FIXERS,
  runDeterministicFixers,
  unfixableProblems,
  type DeterministicFix,
  type Unfixable,
} from "./deterministic.ts";
export { applyUnifiedDiff, DEFAULT_MAX_CHANGED_LINES, recountHunks, type PatchOptions } from "./patch.ts";
export {
  dependencyChecksNote,
  failingProblems,
  filesNeededForFix,
  fixableProblems,
  planFix,
  type FixOptions,
  type FixPlan,
  type FixRequest,
} from "./plan.ts";
export { buildFixPrompt, extractDiff, FIX_SYSTEM_PROMPT } from "./prompt.ts";
