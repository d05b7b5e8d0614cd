import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../app/server.ts";
import { BullMqQueue } from "../app/queue/bullmq.ts";
import { startRedis, type RedisServer } from "./helpers/redis.ts";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe("/metrics with BullMQ", () => {
  it("reports the depth Redis holds for all workers", async () => {
    const queue = new BullMqQueue({ redisUrl: redis.url, queueName: `metrics-${process.pid}` });
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    const running = await startServer(
      {
        appId: 1,
        privateKey: pem,
        webhookSecret: "s",
        port: 0,
        host: "127.0.0.1",
        logLevel: "silent",
        baseUrl: "https://api.github.com",
        llm: undefined,
      },
      { queue },
    );
    try {
      // Jobs no worker has taken yet, as another webhook process would have added them.
      for (const id of ["a", "b", "c"]) await queue.queue.add("run", { key: `o/r#${id}`, data: {} }, { jobId: id });
      const scrape = () => fetch(`http://127.0.0.1:${running.port}/metrics`);
      const text = await (await scrape()).text();
      expect(text).toMatch(/^appgen_queue_depth 3$/m);
      // Process metrics are on in the server.
      expect(text).toMatch(/^appgen_process_resident_memory_bytes \d+/m);
    } finally {
      await running.close();
    }
  }, 30_000);
});
