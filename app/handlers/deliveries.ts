// Webhook deliveries already acted on, by X-GitHub-Delivery id. A handler claims its delivery before its first side
// effect, so a redelivered webhook posts no second comment; a claim is released when the handler fails, so a manual
// redelivery can retry it.
export class RecentDeliveries {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 10_000) {}

  /** True the first time an id is claimed. */
  claim(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  release(id: string): void {
    this.ids.delete(id);
  }
}
