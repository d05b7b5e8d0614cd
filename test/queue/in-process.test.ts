import { describe, expect, it } from "vitest";
import { InProcessQueue } from "../../app/queue/in-process.ts";

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("InProcessQueue", () => {
  it("runs jobs for one key one after another, in order", async () => {
    const queue = new InProcessQueue();
    const log: string[] = [];
    const gate = deferred();
    queue.enqueue("o/r#1", { id: "a", run: async () => { log.push("a start"); await gate.promise; log.push("a end"); } });
    queue.enqueue("o/r#1", { id: "b", run: async () => { log.push("b"); } });
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(["a start"]);
    gate.resolve();
    await queue.drain();
    expect(log).toEqual(["a start", "a end", "b"]);
  });

  it("runs jobs for different keys at the same time", async () => {
    const queue = new InProcessQueue();
    const gate = deferred();
    const log: string[] = [];
    queue.enqueue("o/r#1", { id: "a", run: async () => { await gate.promise; log.push("a"); } });
    queue.enqueue("o/r#2", { id: "b", run: async () => { log.push("b"); } });
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(["b"]);
    expect(queue.activeKeys).toEqual(["o/r#1"]);
    gate.resolve();
    await queue.drain();
    expect(log).toEqual(["b", "a"]);
    expect(queue.activeKeys).toEqual([]);
  });

  it("drops a job whose id it has seen (a redelivered webhook)", async () => {
    const queue = new InProcessQueue();
    let runs = 0;
    expect(queue.enqueue("k", { id: "delivery-1", run: async () => { runs++; } })).toBe(true);
    await queue.drain();
    expect(queue.enqueue("k", { id: "delivery-1", run: async () => { runs++; } })).toBe(false);
    await queue.drain();
    expect(runs).toBe(1);
  });

  it("forgets the oldest ids beyond its memory", async () => {
    const queue = new InProcessQueue({ rememberIds: 2 });
    for (const id of ["1", "2", "3"]) queue.enqueue("k", { id, run: async () => {} });
    expect(queue.enqueue("k", { id: "1", run: async () => {} })).toBe(true);
    expect(queue.enqueue("k", { id: "3", run: async () => {} })).toBe(false);
    await queue.drain();
  });

  it("keeps running after a job throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const queue = new InProcessQueue({ onError: (e, key, job) => errors.push([String(e), key, job.id]) });
    let ran = false;
    queue.enqueue("k", { id: "bad", run: async () => { throw new Error("boom"); } });
    queue.enqueue("k", { id: "good", run: async () => { ran = true; } });
    await queue.drain();
    expect(errors).toEqual([["Error: boom", "k", "bad"]]);
    expect(ran).toBe(true);
  });

  it("close waits for accepted jobs and refuses new ones", async () => {
    const queue = new InProcessQueue();
    const gate = deferred();
    let finished = false;
    queue.enqueue("k", { id: "a", run: async () => { await gate.promise; finished = true; } });
    const closing = queue.close();
    expect(queue.enqueue("k", { id: "b", run: async () => {} })).toBe(false);
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
  });

  it("drain waits for jobs enqueued by running jobs", async () => {
    const queue = new InProcessQueue();
    const log: string[] = [];
    queue.enqueue("k1", { id: "a", run: async () => { log.push("a"); queue.enqueue("k2", { id: "b", run: async () => { await new Promise((r) => setTimeout(r, 5)); log.push("b"); } }); } });
    await queue.drain();
    expect(log).toEqual(["a", "b"]);
  });
});
