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
