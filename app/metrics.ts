// Prometheus metrics of one appgen process, on a registry of its own (tests build many apps in one process; the
// global registry would refuse the second). The server serves `render()` at /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const METRICS_PATH = "/metrics";

export type GenerationOutcomeLabel = "done" | "failed" | "refused";

/** The part of an Octokit instance the rate-limit hook needs. */
interface HookableOctokit {
  hook: { after(name: "request", hook: (response: { headers: Record<string, unknown> }) => void): void };
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop): on for the server, off in tests. */
  processMetrics?: boolean;
  /** Price of a million LLM tokens in US dollars, for the cost counter; undefined counts no cost. */
  usdPerMillionTokens?: number;
  /** How long a scrape waits for a shared queue's depth (Redis may be down: its client retries for ever). */
  depthTimeoutMs?: number;
}

export class AppMetrics {
  readonly registry = new Registry();
  readonly usdPerMillionTokens: number | undefined;
  private readonly generations = new Counter({
    name: "appgen_generations_total",
    help: "Finished generations by outcome (refused: a quota said no).",
    labelNames: ["outcome", "trigger"] as const,
    registers: [this.registry],
  });
  private readonly stageDuration = new Histogram({
    name: "appgen_stage_duration_seconds",
    help: "Duration of each pipeline stage (plan, db, api, ui, files) by status.",
    labelNames: ["stage", "status"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: "appgen_llm_tokens_total",
    help: "LLM tokens spent planning, by kind (prompt, completion).",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  private readonly cost = new Counter({
    name: "appgen_llm_cost_usd_total",
    help: "LLM cost in US dollars at APPGEN_LLM_USD_PER_MILLION_TOKENS (0 when no price is set).",
    registers: [this.registry],
  });
  private readonly autofix = new Counter({
    name: "appgen_autofix_attempts_total",
    help: "Auto-fix attempts started after failed checks.",
    registers: [this.registry],
  });
  private depthSource: (() => Promise<number>) | undefined;
  private localDepth = 0;
  private readonly depthTimeoutMs: number;
  private readonly queueDepth = new Gauge({
    name: "appgen_queue_depth",
    help: "Generations waiting or running: in this process (in-process queue), or in Redis across all workers (BullMQ).",
    registers: [this.registry],
    collect: async () => {
      this.queueDepth.set(
        this.depthSource ? await withTimeout(this.depthSource(), this.depthTimeoutMs) : this.localDepth,
      );
    },
  });
  private readonly rateLimit = new Gauge({
    name: "appgen_github_rate_limit_remaining",
    help: "x-ratelimit-remaining of the latest GitHub response.",
    registers: [this.registry],
  });

  constructor(options: MetricsOptions = {}) {
    this.usdPerMillionTokens = options.usdPerMillionTokens;
    this.depthTimeoutMs = options.depthTimeoutMs ?? 2_000;
    this.cost.inc(0);
    this.autofix.inc(0);
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "appgen_" });
  }

  generationFinished(outcome: GenerationOutcomeLabel, trigger: string): void {
    this.generations.inc({ outcome, trigger });
  }

  stageFinished(stage: string, status: string, durationMs: number): void {
    this.stageDuration.observe({ stage, status }, durationMs / 1000);
  }

  tokensSpent(usage: { promptTokens: number; completionTokens: number }): void {
    this.tokens.inc({ kind: "prompt" }, usage.promptTokens);
    this.tokens.inc({ kind: "completion" }, usage.completionTokens);
    if (this.usdPerMillionTokens !== undefined)
      this.cost.inc(((usage.promptTokens + usage.completionTokens) * this.usdPerMillionTokens) / 1_000_000);
  }

  /** The cost of `tokens` at the configured price, for the app card; undefined without a price. */
  costOf(tokens: number): number | undefined {
    return this.usdPerMillionTokens === undefined ? undefined : (tokens * this.usdPerMillionTokens) / 1_000_000;
  }

  autofixStarted(): void {
    this.autofix.inc();
  }

  jobQueued(): void {
    this.localDepth++;
  }

  jobFinished(): void {
    this.localDepth--;
  }

  /** Reads the depth from a shared queue at each scrape (BullMQ), instead of counting this process's jobs. */
  queueDepthFrom(source: () => Promise<number>): void {
    this.depthSource = source;
  }

  /** Reads x-ratelimit-remaining from every response of this Octokit instance. */
  observeRateLimit(octokit: HookableOctokit): void {
    octokit.hook.after("request", (response) => {
      const remaining = Number(response.headers["x-ratelimit-remaining"]);
      if (Number.isFinite(remaining)) this.rateLimit.set(remaining);
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the queue within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
