// What the handlers share: the queue jobs go to, the server's LLM settings, limits and clocks. Built once by the
// server (or a test) and passed to the app function.
import type { OpenAiLlmConfig } from "../adapters/openai-llm.ts";
import { DailyLimiter, DailyTokenBudget } from "../github/limits.ts";
import { AppMetrics } from "../metrics.ts";
import type { JobQueue } from "../ports.ts";
import { InProcessQueue } from "../queue/in-process.ts";
import { RecentDeliveries } from "./deliveries.ts";

export interface AppDeps {
  queue: JobQueue;
  deliveries: RecentDeliveries;
  /** From OPENAI_API_KEY / OPENAI_BASE_URL / APPGEN_LLM_MODEL; undefined plans offline. */
  llm: OpenAiLlmConfig | undefined;
  limiter: DailyLimiter;
  tokenBudget: DailyTokenBudget;
  /** APPGEN_LLM_TOKENS_PER_DAY: the budget of installations whose config sets none; undefined: no budget. */
  llmTokensPerDay: number | undefined;
  metrics: AppMetrics;
  /** Minimum milliseconds between two edits of a progress comment (the final edit is always made). */
  progressIntervalMs: number;
  /** Wall clock in milliseconds (daily limits) and a monotonic one (durations). */
  clock(): number;
  now(): number;
}

export function defaultDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    queue: new InProcessQueue(),
    deliveries: new RecentDeliveries(),
    llm: undefined,
    limiter: new DailyLimiter(),
    tokenBudget: new DailyTokenBudget(),
    llmTokensPerDay: undefined,
    metrics: new AppMetrics(),
    progressIntervalMs: 5_000,
    clock: () => Date.now(),
    now: () => performance.now(),
    ...overrides,
  };
}

export function jobKey(owner: string, repo: string, issueNumber: number): string {
  return `${owner}/${repo}#${issueNumber}`;
}
