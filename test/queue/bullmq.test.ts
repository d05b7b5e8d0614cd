// BullMQ queue against a real redis-server: jobs are data added by one side and run by workers, deduped by id,
// serialised per key, retried with backoff, and kept in Redis across a restart of both sides.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BullMqQueue, startQueueWorker, type QueueWorker } from "../../app/queue/bullmq.ts";
import type { Job } from "../../app/ports.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";

interface Work {
  label: string;
  ms: number;
  failTimes?: number;
}

let redis: RedisServer;
let queueName: string;
let counter = 0;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

function newQueueName(): string {
  counter += 1;
  return `test-${counter}`;
}

function job(id: string, data: Work): Job<Work> {
  return { id, data };
}

interface Span {
  label: string;
  key: string;
  start: number;
  end: number;
  attempt: number;
}

async function worker(spans: Span[], options: { concurrency?: number; lockMs?: number } = {}): Promise<QueueWorker> {
  const started = await startQueueWorker<Work>({
    redisUrl: redis.url,
    queueName,
    concurrency: options.concurrency ?? 1,
    lockMs: options.lockMs ?? 5_000,
    busyRetryMs: 20,
    run: async (data, context) => {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, data.ms));
      spans.push({ label: data.label, key: context.key, start, end: Date.now(), attempt: context.attempt });
      if (context.attempt <= (data.failTimes ?? 0))
        throw new Error(`${data.label} fails on attempt ${context.attempt}`);
    },
  });
  open.push(started);
  return started;
}

function queue(options: { backoffMs?: number } = {}): BullMqQueue<Work> {
  const created = new BullMqQueue<Work>({
    redisUrl: redis.url,
    queueName,
    attempts: 3,
    backoffMs: options.backoffMs ?? 50,
  });
  open.push(created);
  return created;
}

describe("BullMqQueue with workers on a real redis-server", () => {
  it("runs an enqueued job's data on a worker and ignores a second job with the same id", async () => {
    queueName = newQueueName();
    const spans: Span[] = [];
    await worker(spans);
    const q = queue();
    expect(q.enqueue("acme/shop#1", job("delivery-a", { label: "first", ms: 10 }))).toBe(true);
    await q.drain();
    q.enqueue("acme/shop#1", job("delivery-a", { label: "redelivered", ms: 10 }));
    q.enqueue("acme/shop#2", job("delivery-b", { label: "other", ms: 10 }));
    await q.drain();
    expect(spans.map((s) => [s.label, s.key])).toEqual([
      ["first", "acme/shop#1"],
      ["other", "acme/shop#2"],
    ]);
  }, 20_000);

  it("never overlaps two jobs of one key, and runs different keys side by side with concurrency 2", async () => {
    queueName = newQueueName();
    const spans: Span[] = [];
    await worker(spans, { concurrency: 2 });
    const q = queue();
    q.enqueue("k#1", job("s1", { label: "same-1", ms: 150 }));
    q.enqueue("k#1", job("s2", { label: "same-2", ms: 150 }));
    q.enqueue("k#1", job("s3", { label: "same-3", ms: 150 }));
    await q.drain();
    const same = spans.filter((s) => s.key === "k#1").sort((a, b) => a.start - b.start);
    expect(same).toHaveLength(3);
    for (let i = 1; i < same.length; i++) expect(same[i]!.start).toBeGreaterThanOrEqual(same[i - 1]!.end);

    spans.length = 0;
    q.enqueue("k#2", job("d1", { label: "a", ms: 300 }));
    q.enqueue("k#3", job("d2", { label: "b", ms: 300 }));
    await q.drain();
    const [a, b] = spans;
    expect(a && b && a.start < b.end && b.start < a.end).toBe(true);
  }, 20_000);

  it("retries a failing job with exponential backoff", async () => {
    queueName = newQueueName();
    const spans: Span[] = [];
    await worker(spans);
    const q = queue({ backoffMs: 200 });
    q.enqueue("k#1", job("flaky", { label: "flaky", ms: 0, failTimes: 2 }));
    await q.drain();
    expect(spans.map((s) => s.attempt)).toEqual([1, 2, 3]);
    const gap1 = spans[1]!.start - spans[0]!.end;
    const gap2 = spans[2]!.start - spans[1]!.end;
    expect(gap1).toBeGreaterThanOrEqual(180);
    expect(gap2).toBeGreaterThanOrEqual(380);
    expect(await q.queue.getJobState("flaky")).toBe("completed");
  }, 20_000);

  it("keeps a job in Redis while no worker runs, and a worker started after a restart runs it", async () => {
    queueName = newQueueName();
    const first = new BullMqQueue<Work>({ redisUrl: redis.url, queueName });
    first.enqueue("k#9", job("survivor", { label: "survivor", ms: 0 }));
    await first.close();
    const observer = queue();
    expect(await observer.queue.getJobState("survivor")).toBe("waiting");

    const spans: Span[] = [];
    await worker(spans);
    const restarted = queue();
    while ((await restarted.queue.getJobState("survivor")) !== "completed") await new Promise((r) => setTimeout(r, 20));
    expect(spans.map((s) => s.label)).toEqual(["survivor"]);
  }, 20_000);

  it("a worker's close() lets its active job finish", async () => {
    queueName = newQueueName();
    const spans: Span[] = [];
    const w = await worker(spans);
    const q = queue();
    q.enqueue("k#1", job("long", { label: "long", ms: 400 }));
    while ((await q.queue.getJobState("long")) !== "active") await new Promise((r) => setTimeout(r, 10));
    await w.close();
    expect(spans.map((s) => s.label)).toEqual(["long"]);
    expect(await q.queue.getJobState("long")).toBe("completed");
  }, 20_000);
});
