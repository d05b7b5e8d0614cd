import { describe, expect, it } from "vitest";
import type { Job } from "../../app/ports.ts";
import { InProcessQueue, type InProcessQueueOptions } from "../../app/queue/in-process.ts";

/** The jobs' data names a step; the queue's runner performs it (the app's runner is runJob). */
interface Step {
  step: number;
}
const steps: (() => Promise<void>)[] = [];

function job(id: string, run: () => Promise<void>): Job<Step> {
  steps.push(run);
  return { id, data: { step: steps.length - 1 } };
}

function testQueue(options: Omit<InProcessQueueOptions<Step>, "run"> = {}): InProcessQueue<Step> {
  return new InProcessQueue<Step>({ ...options, run: (data) => steps[data.step]!() });
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("InProcessQueue", () => {
  it("runs jobs for one key one after another, in order", async () => {
    const queue = testQueue();
    const log: string[] = [];
    const gate = deferred();
    queue.enqueue(
      "o/r#1",
      job("a", async () => {
        log.push("a start");
        await gate.promise;
        log.push("a end");
      }),
    );
    queue.enqueue(
      "o/r#1",
      job("b", async () => {
        log.push("b");
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(["a start"]);
    gate.resolve();
    await queue.drain();
    expect(log).toEqual(["a start", "a end", "b"]);
  });

  it("runs jobs for different keys at the same time", async () => {
    const queue = testQueue();
    const gate = deferred();
    const log: string[] = [];
    queue.enqueue(
      "o/r#1",
      job("a", async () => {
        await gate.promise;
        log.push("a");
      }),
    );
    queue.enqueue(
      "o/r#2",
      job("b", async () => {
        log.push("b");
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(["b"]);
    expect(queue.activeKeys).toEqual(["o/r#1"]);
    gate.resolve();
    await queue.drain();
    expect(log).toEqual(["b", "a"]);
    expect(queue.activeKeys).toEqual([]);
  });

  it("drops a job whose id it has seen (a redelivered webhook)", async () => {
    const queue = testQueue();
    let runs = 0;
    expect(
      queue.enqueue(
        "k",
        job("delivery-1", async () => {
          runs++;
        }),
      ),
    ).toBe(true);
    await queue.drain();
    expect(
      queue.enqueue(
        "k",
        job("delivery-1", async () => {
          runs++;
        }),
      ),
    ).toBe(false);
    await queue.drain();
    expect(runs).toBe(1);
  });

  it("forgets the oldest ids beyond its memory", async () => {
    const queue = testQueue({ rememberIds: 2 });
    for (const id of ["1", "2", "3"])
      queue.enqueue(
        "k",
        job(id, async () => {}),
      );
    expect(
      queue.enqueue(
        "k",
        job("1", async () => {}),
      ),
    ).toBe(true);
    expect(
      queue.enqueue(
        "k",
        job("3", async () => {}),
      ),
    ).toBe(false);
    await queue.drain();
  });

  it("keeps running after a job throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const queue = testQueue({ onError: (e, key, job) => errors.push([String(e), key, job.id]) });
    let ran = false;
    queue.enqueue(
      "k",
      job("bad", async () => {
        throw new Error("boom");
      }),
    );
    queue.enqueue(
      "k",
      job("good", async () => {
        ran = true;
      }),
    );
    await queue.drain();
    expect(errors).toEqual([["Error: boom", "k", "bad"]]);
    expect(ran).toBe(true);
  });

  it("close waits for accepted jobs and refuses new ones", async () => {
    const queue = testQueue();
    const gate = deferred();
    let finished = false;
    queue.enqueue(
      "k",
      job("a", async () => {
        await gate.promise;
        finished = true;
      }),
    );
    const closing = queue.close();
    expect(
      queue.enqueue(
        "k",
        job("b", async () => {}),
      ),
    ).toBe(false);
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
  });

  it("hands the runner a JSON copy of the job's data, as a worker reads it from Redis, with its key, id and attempt", async () => {
    const seen: unknown[] = [];
    const queue = new InProcessQueue<Record<string, unknown>>({
      run: async (data, context) => void seen.push([data, context]),
    });
    const data: Record<string, unknown> = {
      kind: "deploy-report",
      nested: { at: new Date("2026-01-02T03:04:05.000Z") },
      skipped: undefined,
      callback: () => "lost",
    };
    queue.enqueue("o/r@abc", { id: "d1", data });
    data.kind = "changed after enqueue";
    await queue.drain();
    expect(seen).toEqual([
      [
        { kind: "deploy-report", nested: { at: "2026-01-02T03:04:05.000Z" } },
        { key: "o/r@abc", jobId: "d1", attempt: 1 },
      ],
    ]);
  });

  it("fails a job, visibly, when no runner was given", async () => {
    const errors: string[] = [];
    const queue = new InProcessQueue<string>({ onError: (e) => errors.push(String(e)) });
    queue.enqueue("k", { id: "orphan", data: "x" });
    await queue.drain();
    expect(errors).toEqual([
      "Error: the in-process queue has no runner: call process(runJob) before enqueueing (createApp does)",
    ]);
    expect((await queue.jobs(["failed"], 10)).map((j) => j.id)).toEqual(["orphan"]);
    queue.process(async () => {});
    expect(await queue.retry("orphan")).toBe(true);
    await queue.drain();
    expect(await queue.jobs(["failed"], 10)).toEqual([]);
  });

  it("drain waits for jobs enqueued by running jobs", async () => {
    const queue = testQueue();
    const log: string[] = [];
    queue.enqueue(
      "k1",
      job("a", async () => {
        log.push("a");
        queue.enqueue(
          "k2",
          job("b", async () => {
            await new Promise((r) => setTimeout(r, 5));
            log.push("b");
          }),
        );
      }),
    );
    await queue.drain();
    expect(log).toEqual(["a", "b"]);
  });
});

describe("InProcessQueue as a QueueInspector", () => {
  const clock = () => Date.parse("2026-11-22T10:00:00.000Z");
  const allStates = ["waiting", "active", "delayed", "failed"] as const;
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it("shows the running job as active and the one behind it on the same key as waiting", async () => {
    const queue = testQueue({ now: clock });
    const gate = deferred();
    queue.enqueue(
      "o/r#1",
      job("first", () => gate.promise),
    );
    queue.enqueue(
      "o/r#1",
      job("second", async () => {}),
    );
    queue.enqueue(
      "o/r#2",
      job("other", () => gate.promise),
    );
    await tick();
    expect(await queue.counts()).toEqual({ waiting: 1, active: 2, delayed: 0, failed: 0 });
    expect(await queue.jobs(["active", "waiting"], 10)).toEqual([
      { id: "other", key: "o/r#2", state: "active", attempts: 1, enqueuedAt: "2026-11-22T10:00:00.000Z" },
      { id: "first", key: "o/r#1", state: "active", attempts: 1, enqueuedAt: "2026-11-22T10:00:00.000Z" },
      { id: "second", key: "o/r#1", state: "waiting", attempts: 0, enqueuedAt: "2026-11-22T10:00:00.000Z" },
    ]);
    expect((await queue.jobs(["waiting", "active"], 2)).map((j) => j.id)).toEqual(["second", "other"]);
    expect(await queue.jobs(["failed", "delayed"], 10)).toEqual([]);
    gate.resolve();
    await queue.drain();
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await queue.jobs(allStates, 10)).toEqual([]);
  });

  it("keeps a job that threw as failed with the first line of its error, and a retry runs it again until it succeeds", async () => {
    const errors: string[] = [];
    const queue = testQueue({ now: clock, onError: (e) => errors.push(String(e)) });
    let runs = 0;
    let healthy = false;
    queue.enqueue(
      "o/r#3",
      job("flaky", async () => {
        runs += 1;
        if (!healthy) throw new Error(`GitHub said no\n${"stack ".repeat(10)}`);
      }),
    );
    await queue.drain();
    expect(runs).toBe(1);
    expect(errors).toHaveLength(1);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    expect(await queue.jobs(allStates, 10)).toEqual([
      {
        id: "flaky",
        key: "o/r#3",
        state: "failed",
        attempts: 1,
        enqueuedAt: "2026-11-22T10:00:00.000Z",
        failedReason: "GitHub said no",
      },
    ]);

    expect(await queue.retry("flaky")).toBe(true);
    await queue.drain();
    expect(runs).toBe(2);
    expect((await queue.jobs(["failed"], 10)).map((j) => [j.id, j.attempts])).toEqual([["flaky", 2]]);

    healthy = true;
    expect(await queue.retry("flaky")).toBe(true);
    expect(await queue.retry("flaky")).toBe(false); // already back in line, no longer failed
    expect(await queue.jobs(["failed"], 10)).toEqual([]);
    await queue.drain();
    expect(runs).toBe(3);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await queue.jobs(allStates, 10)).toEqual([]);
  });

  it("answers false when retrying an unknown, a running or a finished job", async () => {
    const queue = testQueue();
    const gate = deferred();
    queue.enqueue(
      "k",
      job("running", () => gate.promise),
    );
    queue.enqueue(
      "k2",
      job("done", async () => {}),
    );
    await tick();
    expect(await queue.retry("running")).toBe(false);
    expect(await queue.retry("done")).toBe(false);
    expect(await queue.retry("nobody")).toBe(false);
    gate.resolve();
    await queue.drain();
  });

  it("serialises a retried job behind the job its key is running", async () => {
    const queue = testQueue();
    const log: string[] = [];
    let fail = true;
    queue.enqueue(
      "k",
      job("a", async () => {
        log.push("a");
        if (fail) throw new Error("a broke");
      }),
    );
    await queue.drain();
    fail = false;
    const gate = deferred();
    queue.enqueue(
      "k",
      job("b", async () => {
        log.push("b start");
        await gate.promise;
        log.push("b end");
      }),
    );
    await tick();
    expect(await queue.retry("a")).toBe(true);
    await tick();
    expect(log).toEqual(["a", "b start"]);
    expect((await queue.jobs(["waiting"], 10)).map((j) => j.id)).toEqual(["a"]);
    gate.resolve();
    await queue.drain();
    expect(log).toEqual(["a", "b start", "b end", "a"]);
  });

  it("remembers only the most recent failed jobs, newest first", async () => {
    const queue = testQueue({ rememberFailed: 2, onError: () => {} });
    for (const id of ["f1", "f2", "f3"])
      queue.enqueue(
        `k${id}`,
        job(id, async () => {
          throw new Error(id);
        }),
      );
    await queue.drain();
    expect((await queue.jobs(["failed"], 10)).map((j) => [j.id, j.failedReason])).toEqual([
      ["f3", "f3"],
      ["f2", "f2"],
    ]);
    expect((await queue.counts()).failed).toBe(2);
    expect(await queue.retry("f1")).toBe(false);
  });

  it("cuts a long failure reason to 500 characters and reports a thrown non-error by its text", async () => {
    const queue = testQueue();
    queue.enqueue(
      "k",
      job("long", async () => {
        throw new Error("x".repeat(800));
      }),
    );
    queue.enqueue(
      "k",
      job("odd", () => Promise.reject("plain text")),
    );
    await queue.drain();
    const reasons = Object.fromEntries((await queue.jobs(["failed"], 10)).map((j) => [j.id, j.failedReason]));
    expect(reasons).toEqual({ long: "x".repeat(500), odd: "plain text" });
  });
});
