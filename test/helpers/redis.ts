// A throwaway redis-server (Debian's) for the queue tests and the queue benchmark: a free 127.0.0.1 port, nothing
// persisted, always stopped — by stop(), and on process exit as a net.
import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "../../app/adapters/free-port.ts";

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Kills the server (its data is gone: nothing is saved). Safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const spawnError = new Promise<never>((_, reject) => {
    child.once("error", (error) =>
      reject(
        new Error(
          `redis-server could not start (${error.message}); run scripts/setup.sh to install Debian's redis-server`,
        ),
      ),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${stderr}`)));
  });
  spawnError.catch(() => {});
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const process of live) process.kill("SIGKILL");
    });
  }
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (!live.delete(child) || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  };
  try {
    await Promise.race([spawnError, waitForPing(url)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => {}); // refused while the server starts; connect() reports it
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
