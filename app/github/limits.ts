// Daily quotas per installation (generations and LLM tokens). The counting lives in the run store, shared by every
// server and worker process; this module words the refusal. The operator's ceilings are read at start-up
// (readOperatorLimits in app/settings.ts).
import type { OperatorLimits } from "../core/limits.ts";
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
 * `retry` says how to ask again, e.g. "apply the `generate` label again". A repository's config can raise its limit
 * only up to the operator's ceiling, so the comment says which of the two it is.
 */
export function quotaRefusal(
  refused: Extract<Admission, { admitted: false }>,
  limits: DailyLimits,
  nowMs: number,
  retry: string,
  operator: OperatorLimits,
): string {
  if (refused.limit === "tokens") {
    const budget = limits.tokensPerDay ?? 0;
    return (
      `appgen did not run: this installation used ${refused.used.toLocaleString("en-US")} LLM tokens today (UTC) and its budget is ${budget.toLocaleString("en-US")} tokens a day. ` +
      `The budget resets at ${nextUtcMidnight(nowMs)}; ${retry} then${raise("llm_tokens_per_day", budget, operator.llmTokensPerDay, "APPGEN_LLM_TOKENS_PER_DAY")}`
    );
  }
  return `appgen did not run: this installation reached its limit of ${limits.generationsPerDay} generations today (UTC). The count resets at ${nextUtcMidnight(nowMs)}; ${retry} then${raise("generations_per_day", limits.generationsPerDay, operator.generationsPerDay, "APPGEN_GENERATIONS_PER_DAY")}`;
}

function raise(key: string, limit: number, ceiling: number | undefined, variable: string): string {
  if (ceiling !== undefined && limit >= ceiling)
    return `. ${ceiling.toLocaleString("en-US")} is the most this appgen server allows (its operator sets ${variable}).`;
  const upTo = ceiling === undefined ? "" : ` (up to ${ceiling.toLocaleString("en-US")}, this appgen server's ceiling)`;
  return `, or raise \`limits.${key}\` in \`.github/appgen.yml\`${upTo}.`;
}
