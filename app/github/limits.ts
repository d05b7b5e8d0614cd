// Daily quotas per installation (generations and LLM tokens). The counting lives in the run store, shared by every
// server and worker process; this module words the refusal and reads the server-wide defaults.
import type { Admission, DailyLimits } from "../core/runs.ts";

/** When daily limits reset: the next UTC midnight, as "2026-11-23 00:00 UTC (in 5 h 12 min)". */
export function nextUtcMidnight(nowMs: number): string {
  const now = new Date(nowMs);
  const reset = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const minutes = Math.ceil((reset - nowMs) / 60_000);
  const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `${new Date(reset).toISOString().slice(0, 10)} 00:00 UTC (in ${wait})`;
}

/**
 * The comment when the run store refused a run: which daily limit the installation reached, and when it resets.
 * `retry` says how to ask again, e.g. "apply the `generate` label again".
 */
export function quotaRefusal(refused: Extract<Admission, { admitted: false }>, limits: DailyLimits, nowMs: number, retry: string): string {
  if (refused.limit === "tokens") {
    return (
      `appgen did not run: this installation used ${refused.used.toLocaleString("en-US")} LLM tokens today (UTC) and its budget is ${(limits.tokensPerDay ?? 0).toLocaleString("en-US")} tokens a day. ` +
      `The budget resets at ${nextUtcMidnight(nowMs)}; ${retry} then, or raise \`limits.llm_tokens_per_day\` in \`.github/appgen.yml\`.`
    );
  }
  return `appgen did not run: this installation reached its limit of ${limits.generationsPerDay} generations today (UTC). The count resets at ${nextUtcMidnight(nowMs)}; ${retry} then, or raise \`limits.generations_per_day\` in \`.github/appgen.yml\`.`;
}

export interface QuotaDefaults {
  /** APPGEN_LLM_TOKENS_PER_DAY; undefined: no token budget unless a repository's config sets one. */
  llmTokensPerDay: number | undefined;
}

/** The server-wide quota defaults from the environment, or the problems (each naming the variable and the fix). */
export function quotaDefaultsFromEnv(env: NodeJS.ProcessEnv): { defaults: QuotaDefaults; problems: string[] } {
  const text = env.APPGEN_LLM_TOKENS_PER_DAY?.trim();
  if (!text) return { defaults: { llmTokensPerDay: undefined }, problems: [] };
  if (!/^[1-9][0-9]*$/.test(text)) {
    return { defaults: { llmTokensPerDay: undefined }, problems: [`APPGEN_LLM_TOKENS_PER_DAY '${text}' is not a positive whole number. Set the daily LLM token budget per installation, e.g. 2000000, or unset it for no budget.`] };
  }
  return { defaults: { llmTokensPerDay: Number(text) }, problems: [] };
}
