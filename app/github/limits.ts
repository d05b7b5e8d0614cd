// Generations per installation per UTC day. In memory: a restart forgets the counts, which errs on the side of the
// user; several worker processes would move this into the queue's store.
export class DailyLimiter {
  private readonly counts = new Map<string, number>();
  private day = "";

  /** Counts one generation and answers true, or answers false (counting nothing) when the limit is reached. */
  tryConsume(installationId: number, limit: number, nowMs: number): boolean {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.counts.clear();
      this.day = day;
    }
    const key = String(installationId);
    const used = this.counts.get(key) ?? 0;
    if (used >= limit) return false;
    this.counts.set(key, used + 1);
    return true;
  }
}

// LLM tokens per installation per UTC day, spent after each plan (the model's own count). A run that starts under
// the budget finishes even if it ends above it: the budget refuses the next run, never half of one.
export class DailyTokenBudget {
  private readonly spent = new Map<string, number>();
  private day = "";

  used(installationId: number, nowMs: number): number {
    this.roll(nowMs);
    return this.spent.get(String(installationId)) ?? 0;
  }

  record(installationId: number, tokens: number, nowMs: number): void {
    if (!(tokens > 0)) return;
    this.roll(nowMs);
    const key = String(installationId);
    this.spent.set(key, (this.spent.get(key) ?? 0) + tokens);
  }

  private roll(nowMs: number): void {
    const day = utcDay(nowMs);
    if (day === this.day) return;
    this.spent.clear();
    this.day = day;
  }
}

function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** When daily limits reset: the next UTC midnight, as "2026-11-23 00:00 UTC (in 5 h 12 min)". */
export function nextUtcMidnight(nowMs: number): string {
  const now = new Date(nowMs);
  const reset = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const minutes = Math.ceil((reset - nowMs) / 60_000);
  const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `${new Date(reset).toISOString().slice(0, 10)} 00:00 UTC (in ${wait})`;
}

/**
 * The comment when an installation has spent its LLM tokens for the day, or undefined when it may plan. `limit`
 * undefined means no budget.
 */
export function tokenBudgetRefusal(budget: DailyTokenBudget, installationId: number, limit: number | undefined, nowMs: number, retry: string): string | undefined {
  if (limit === undefined) return undefined;
  const used = budget.used(installationId, nowMs);
  if (used < limit) return undefined;
  return (
    `appgen did not run: this installation used ${used.toLocaleString("en-US")} LLM tokens today (UTC) and its budget is ${limit.toLocaleString("en-US")} tokens a day. ` +
    `The budget resets at ${nextUtcMidnight(nowMs)}; ${retry} then, or raise \`limits.llm_tokens_per_day\` in \`.github/appgen.yml\`.`
  );
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
