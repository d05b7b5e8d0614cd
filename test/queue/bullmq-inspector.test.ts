// BullMqQueue as the dashboard's QueueInspector, against a real redis-server and a real worker: a job that fails for
// good is listed with its reason and can be retried; waiting jobs show their keys; counts follow BullMQ's own.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BullMqQueue, startQueueWorker } from "../../app/queue/bullmq.ts";
import type { Job } from "../../app/ports.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";

interface Work {
  label: string;
}

let redis: RedisServer;
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

function newQueue(): BullMqQueue<Work> {
  counter += 1;
  const queue = new BullMqQueue<Work>({
    redisUrl: redis.url,
    queueName: `inspector-${counter}`,
    attempts: 1,
    backoffMs: 10,
  });
  open.push(queue);
  return queue;
}

function job(id: string, label: string): Job<Work> {
  return { id, data: { label } };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("BullMqQueue as a QueueInspector on a real redis-server", () => {
  it("lists a job that failed for good with its reason, and a retry on a now healthy worker completes it", async () => {
    const q = newQueue();
    const runs: string[] = [];
    let healthy = false;
    const worker = await startQueueWorker<Work>({
      redisUrl: redis.url,
      queueName: q.queue.name,
      lockMs: 5_000,
      run: async (data, context) => {
        runs.push(`${data.label}@${context.key}#${context.attempt}`);
        if (!healthy) throw new Error(`the LLM is down for ${data.label}\n    at somewhere (stack.ts:1:1)`);
      },
    });
    open.push(worker);
    const before = Date.now();
    q.enqueue("acme/shop#7", job("delivery-7", "seven"));
    await q.drain();

    expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    const [failed, ...others] = await q.jobs(["waiting", "active", "delayed", "failed"], 10);
    expect(others).toEqual([]);
    expect(failed).toMatchObject({
      id: "delivery-7",
      key: "acme/shop#7",
      state: "failed",
      attempts: 1,
      failedReason: "the LLM is down for seven",
    });
    const enqueuedAt = Date.parse(failed!.enqueuedAt ?? "");
    expect(enqueuedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(enqueuedAt).toBeLessThanOrEqual(Date.now());
    expect(await q.jobs(["waiting", "active"], 10)).toEqual([]);

    expect(await q.retry("no-such-job")).toBe(false);
    healthy = true;
    expect(await q.retry("delivery-7")).toBe(true);
    expect(
      await until(
        () => q.queue.getJobState("delivery-7"),
        (state) => state === "completed",
      ),
    ).toBe("completed");
    expect(runs).toEqual(["seven@acme/shop#7#1", "seven@acme/shop#7#1"]); // attempts start over after a retry by hand
    expect(await q.retry("delivery-7")).toBe(false); // completed, not failed
    expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await q.jobs(["failed"], 10)).toEqual([]);
  }, 20_000);

  it("lists waiting jobs with their keys while the queue is paused, prioritized ones among them, and delayed ones apart", async () => {
    const q = newQueue();
    await q.queue.pause();
    q.enqueue("acme/shop#1", job("d1", "one"));
    q.enqueue("acme/shop#2", job("d2", "two"));
    await until(
      () => q.counts(),
      (counts) => counts.waiting === 2,
    );
    // Added the way BullMQ would hold them: with a priority (its "prioritized" list) and with a delay.
    await q.queue.add("run", { key: "acme/shop#3", data: { label: "urgent" } }, { jobId: "d3", priority: 1 });
    await q.queue.add("run", { key: "acme/shop#4", data: { label: "later" } }, { jobId: "d4", delay: 60_000 });
    expect(await q.queue.getJobState("d3")).toBe("prioritized");

    expect(await q.counts()).toEqual({ waiting: 3, active: 0, delayed: 1, failed: 0 });
    const waiting = await q.jobs(["waiting"], 10);
    expect(waiting.map((j) => [j.id, j.key, j.state, j.attempts]).sort()).toEqual([
      ["d1", "acme/shop#1", "waiting", 0],
      ["d2", "acme/shop#2", "waiting", 0],
      ["d3", "acme/shop#3", "waiting", 0],
    ]);
    expect(waiting.map((j) => j.id)).toEqual(["d2", "d1", "d3"]); // newest first in each BullMQ list
    expect(waiting.every((j) => j.failedReason === undefined && !Number.isNaN(Date.parse(j.enqueuedAt ?? "")))).toBe(
      true,
    );
    expect(await q.jobs(["delayed"], 10)).toMatchObject([{ id: "d4", key: "acme/shop#4", state: "delayed" }]);
    expect(await q.jobs(["delayed", "waiting"], 2)).toHaveLength(2);
    expect((await q.jobs(["delayed", "waiting"], 2))[0]?.id).toBe("d4");
    expect(await q.retry("d1")).toBe(false); // waiting, not failed
  }, 20_000);
});
