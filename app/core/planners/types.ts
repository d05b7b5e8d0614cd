import type { Manifest } from "../schema-types/manifest.ts";

export type PlannerName = "explicit" | "llm" | "offline";

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface PlanRequest {
  /** The app description: an issue title and body, or the CLI's --prompt. Untrusted. */
  prompt: string;
  /** The manifest on the branch, when re-planning. */
  previous?: Manifest;
  /** What to change, from `/regenerate <instructions>` or `--instructions`. */
  instructions?: string;
}

export interface PlanResult {
  manifest: Manifest;
  planner: PlannerName;
  /** Tokens spent; zero for planners that call no model. */
  usage: TokenUsage;
  /** Human-readable remarks for the progress comment, e.g. "no LLM configured: used the offline planner". */
  notes: string[];
}

/** A planner answers undefined when it does not apply (no manifest block, no LLM configured) so the next is tried. */
export interface Planner {
  readonly name: PlannerName;
  plan(request: PlanRequest): Promise<PlanResult | undefined>;
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
