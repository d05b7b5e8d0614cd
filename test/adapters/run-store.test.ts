// One contract, both run stores: the embedded JSON-lines file and PostgreSQL (a real throwaway cluster).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, appendFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileRunStore } from "../../app/adapters/file-run-store.ts";
import { PostgresRunStore } from "../../app/adapters/postgres-run-store.ts";
import { usageOf, type RunRecord, type RunStore } from "../../app/core/runs.ts";
import { startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const DAY = "2026-11-22T00:00:00.000Z";
const LIMITS = { dayStart: DAY, generationsPerDay: 3, tokensPerDay: 1_000 };

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    installationId: 7,
    repository: "acme/shop",
    repositoryUrl: "https://github.com/acme/shop",
    issueNumber: 1,
    requestedBy: "Wendy",
    trigger: "label",
    status: "queued",
    queuedAt: "2026-11-22T10:00:00.000Z",
    stages: [],
    tokens: 0,
    check: "pending",
    autofixAttempts: 0,
    ...overrides,
  };
}

let cluster: PostgresCluster;
const dirs: string[] = [];
let tableCount = 0;

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "appgen-runs-"));
  dirs.push(dir);
  return join(dir, "runs.jsonl");
}

const stores: Array<[string, () => RunStore]> = [
  ["memory", () => new FileRunStore()],
  ["file", () => new FileRunStore({ path: tempFile() })],
  [
    "postgres",
    () => new PostgresRunStore({ connectionString: cluster.connectionString, table: `runs_${++tableCount}` }),
  ],
];

describe.each(stores)("the %s run store", (_name, make) => {
  it("admits runs until the daily generation limit, counting only today's runs of that installation", async () => {
    const store = make();
    try {
      expect(await store.admit(run("yesterday", { queuedAt: "2026-11-21T23:59:59.000Z" }), LIMITS)).toEqual({
        admitted: true,
      });
      expect(await store.admit(run("other-installation", { installationId: 8 }), LIMITS)).toEqual({ admitted: true });
      for (const id of ["a", "b", "c"]) expect(await store.admit(run(id), LIMITS)).toEqual({ admitted: true });
      expect(await store.admit(run("d"), LIMITS)).toEqual({ admitted: false, limit: "generations", used: 3 });
      expect(await store.get("d")).toBeUndefined();
      expect(usageOf(await store.list(), 7, DAY)).toEqual({ generations: 3, tokens: 0 });
    } finally {
      await store.close();
    }
  });

  it("refuses a run once the day's tokens reach the budget; no budget means no refusal", async () => {
    const store = make();
    try {
      await store.admit(run("a"), LIMITS);
      await store.update("a", { tokens: 1_000, status: "done" });
      expect(await store.admit(run("b"), LIMITS)).toEqual({ admitted: false, limit: "tokens", used: 1_000 });
      expect(await store.admit(run("b"), { ...LIMITS, tokensPerDay: undefined })).toEqual({ admitted: true });
    } finally {
      await store.close();
    }
  });

  it("holds the limit when admissions race", async () => {
    const store = make();
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.admit(run(`r${i}`), LIMITS)));
      expect(results.filter((r) => r.admitted)).toHaveLength(3);
      expect((await store.list()).length).toBe(3);
    } finally {
      await store.close();
    }
  });

  it("patches runs, appending stage timings, and patches the newest run of an app", async () => {
    const store = make();
    try {
      await store.admit(run("old", { queuedAt: "2026-11-22T09:00:00.000Z" }), LIMITS);
      await store.admit(run("new"), LIMITS);
      await store.update("new", { status: "running", startedAt: "2026-11-22T10:00:01.000Z" });
      await Promise.all([
        store.update("new", { stage: { stage: "plan", status: "committed", durationMs: 12 } }),
        store.update("new", { stage: { stage: "db", status: "committed", durationMs: 30 } }),
      ]);
      await store.update("missing", { status: "done" });
      const patched = await store.updateLatest("acme/shop", 1, { check: "passing", autofixAttempts: 1 });
      expect(patched?.id).toBe("new");
      expect(await store.updateLatest("acme/shop", 99, { check: "passing" })).toBeUndefined();
      const got = await store.get("new");
      expect(got).toMatchObject({
        status: "running",
        check: "passing",
        autofixAttempts: 1,
        startedAt: "2026-11-22T10:00:01.000Z",
      });
      expect(got?.stages.map((s) => s.stage).sort()).toEqual(["db", "plan"]);
      expect((await store.get("old"))?.check).toBe("pending");
    } finally {
      await store.close();
    }
  });

  it("lists newest first with every filter", async () => {
    const store = make();
    try {
      const unlimited = { ...LIMITS, generationsPerDay: 100 };
      await store.admit(run("a", { queuedAt: "2026-11-20T10:00:00.000Z", requestedBy: "wendy" }), unlimited);
      await store.admit(
        run("b", { queuedAt: "2026-11-21T10:00:00.000Z", repository: "acme/crm", installationId: 8 }),
        unlimited,
      );
      await store.admit(run("c", { queuedAt: "2026-11-22T10:00:00.000Z", requestedBy: "bob" }), unlimited);
      await store.update("c", { status: "failed" });
      const ids = async (query: Parameters<RunStore["list"]>[0]) => (await store.list(query)).map((r) => r.id);
      expect(await ids({})).toEqual(["c", "b", "a"]);
      expect(await ids({ since: "2026-11-21T00:00:00.000Z" })).toEqual(["c", "b"]);
      expect(await ids({ until: "2026-11-21T10:00:00.000Z" })).toEqual(["a"]);
      expect(await ids({ installationIds: [8] })).toEqual(["b"]);
      expect(await ids({ installationIds: [] })).toEqual([]);
      expect(await ids({ repositories: ["acme/shop"] })).toEqual(["c", "a"]);
      expect(await ids({ repositories: ["acme/shop"], issueNumber: 1, limit: 1 })).toEqual(["c"]);
      expect(await ids({ repositories: ["acme/shop"], issueNumber: 2 })).toEqual([]);
      expect(await ids({ requestedBy: "WENDY" })).toEqual(["b", "a"]);
      expect(await ids({ statuses: ["failed"] })).toEqual(["c"]);
      expect(await ids({ limit: 1 })).toEqual(["c"]);
    } finally {
      await store.close();
    }
  });
});

describe("the file run store on disk", () => {
  it("survives a restart and skips a line torn by a crash", async () => {
    const path = tempFile();
    const first = new FileRunStore({ path });
    await first.admit(run("a"), LIMITS);
    await first.update("a", { status: "done", stage: { stage: "plan", status: "committed", durationMs: 5 } });
    await first.close();
    appendFileSync(path, '{"op":"patch","id":"a","patch":{"status":"fai'); // the crash
    const second = new FileRunStore({ path });
    expect(await second.get("a")).toMatchObject({
      status: "done",
      stages: [{ stage: "plan", status: "committed", durationMs: 5 }],
    });
    await second.update("a", { check: "passing" });
    const third = new FileRunStore({ path });
    expect(await third.get("a")).toMatchObject({ status: "done", check: "passing" });
    expect(readFileSync(path, "utf8").split("\n").filter(Boolean)).toHaveLength(4);
  });

  it("shares one file between processes: the daily limit holds and each sees the other's writes", async () => {
    const path = tempFile();
    const child = (prefix: string) =>
      new Promise<void>((resolve, reject) => {
        const script = `
          const { FileRunStore } = await import(${JSON.stringify(new URL("../../app/adapters/file-run-store.ts", import.meta.url).pathname)});
          const store = new FileRunStore({ path: ${JSON.stringify(path)} });
          const base = ${JSON.stringify(run("x"))};
          for (let i = 0; i < 10; i++) {
            const r = await store.admit({ ...base, id: "${prefix}" + i }, { dayStart: "${DAY}", generationsPerDay: 12, tokensPerDay: undefined });
            if (r.admitted) await store.update("${prefix}" + i, { stage: { stage: "plan", status: "committed", durationMs: i } });
          }`;
        const proc = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
          stdio: "inherit",
        });
        proc.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
      });
    await Promise.all([child("p"), child("q")]);
    const store = new FileRunStore({ path });
    const runs = await store.list();
    expect(runs).toHaveLength(12);
    for (const r of runs) expect(r.stages).toHaveLength(1);
  }, 60_000);
});
