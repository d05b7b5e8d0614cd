// Statistics and leaderboards on real PostgreSQL, called as the app calls them: one transaction per request with a
// switched role and JWT claims. The expected numbers are computed here from the rows themselves (read as the
// database owner), so the test holds whatever the seed contains.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { AUTH_SHIM_PATH, DEMO_USERS, MIGRATION_PATH, planMigration } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { type Session, as, databaseFor, fileContent } from "./database.ts";

const manifest = parseManifest(
  readFileSync(join(import.meta.dirname, "../../../e2e/manifests/statistics.json"), "utf8"),
);
const [alice, bob] = DEMO_USERS.map((u) => u.id) as [string, string];
const user = (userId: string): Session => ({ role: "authenticated", userId });

let cluster: PostgresCluster;
let sql: postgres.Sql;

beforeAll(async () => {
  cluster = await startPostgres();
  sql = await databaseFor(cluster, "statistics", manifest);
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await cluster?.stop();
});

type StatRow = { key: string | null; label: string | null; value: number | null };
const statistic = (session: Session, name: string) =>
  as(sql, session, async (tx) =>
    (await tx.unsafe(`select * from public."appgen_stat_${name}"()`)).map((r): StatRow => ({
      key: r.key,
      label: r.label,
      value: r.value === null ? null : Number(r.value),
    })),
  );
const workoutsOf = async (owner: string) =>
  (await sql`select kind, minutes, done_on, gym_id from public.workouts where owner_id = ${owner}`) as unknown as {
    kind: string;
    minutes: number;
    done_on: Date;
    gym_id: string | null;
  }[];

describe("statistics run as the caller, under row-level security", () => {
  it("the seed gives both demo users workouts, so every widget has something to show", async () => {
    expect((await workoutsOf(alice)).length).toBeGreaterThan(0);
    expect((await workoutsOf(bob)).length).toBeGreaterThan(0);
  });

  it.each([
    ["alice", alice],
    ["bob", bob],
  ])("a per-user entity's statistics count only %s's own rows", async (_name, id) => {
    const rows = await workoutsOf(id);
    const kinds = manifest.entities.find((e) => e.name === "workout")?.fields.find((f) => f.name === "kind")?.options;
    expect(await statistic(user(id), "workouts_by_kind")).toEqual(
      (kinds ?? []).map((kind) => ({
        key: kind,
        label: kind.charAt(0).toUpperCase() + kind.slice(1),
        value: rows.filter((r) => r.kind === kind).length,
      })),
    );
    expect(await statistic(user(id), "my_workouts")).toEqual([{ key: null, label: null, value: rows.length }]);
    const average = rows.reduce((s, r) => s + r.minutes, 0) / rows.length;
    expect(await statistic(user(id), "average_minutes")).toEqual([
      { key: null, label: null, value: Math.round(average * 100) / 100 },
    ]);
  });

  it("sums by month, with one bucket per month that has rows, oldest first", async () => {
    const rows = await workoutsOf(alice);
    const months = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.done_on.toISOString().slice(0, 7)}-01`;
      months.set(key, (months.get(key) ?? 0) + r.minutes);
    }
    const result = await statistic(user(alice), "minutes_per_month");
    expect(result.map((r) => [r.key, r.value])).toEqual([...months.entries()].sort());
    expect(result[0]?.label).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
  });

  it("groups by a relation with the related row's display field", async () => {
    const rows = await workoutsOf(bob);
    const gyms = new Map(
      ((await sql`select id, name from public.gyms`) as unknown as { id: string; name: string }[]).map((g) => [
        g.id,
        g.name,
      ]),
    );
    const result = await statistic(user(bob), "workouts_by_gym");
    expect(result.reduce((s, r) => s + (r.value ?? 0), 0)).toBe(rows.length);
    for (const r of result) {
      expect(r.value).toBe(rows.filter((w) => w.gym_id === r.key).length);
      expect(r.label).toBe(r.key === null ? null : gyms.get(r.key));
    }
  });

  it("a new account, which owns nothing, gets zeros and no average", async () => {
    const [stranger] =
      await sql`insert into auth.users (id, email) values (gen_random_uuid(), 'new@example.com') returning id`;
    const session = user(stranger?.id as string);
    expect(await statistic(session, "my_workouts")).toEqual([{ key: null, label: null, value: 0 }]);
    expect(await statistic(session, "average_minutes")).toEqual([{ key: null, label: null, value: null }]);
    expect((await statistic(session, "workouts_by_kind")).map((r) => r.value)).toEqual([0, 0, 0, 0]);
    expect(await statistic(session, "minutes_per_month")).toEqual([]);
  });

  it("visitors who are not signed in may not run them", async () => {
    await expect(statistic({ role: "anon" }, "my_workouts")).rejects.toThrow(/permission denied/);
  });
});

describe("a leaderboard ranks everyone but returns only aggregates", () => {
  const board = (session: Session) =>
    as(sql, session, (tx) => tx.unsafe(`select * from public."appgen_leaderboard_most_minutes"()`));
  const totals = async () =>
    (
      (await sql`select athlete, sum(minutes)::int as total from public.workouts group by athlete order by total desc`) as unknown as {
        athlete: string;
        total: number;
      }[]
    ).map((r) => [r.athlete, r.total] as const);

  it("as the second user: every athlete's total, ranked, named only as You or by place", async () => {
    // Bob cannot read Alice's workouts…
    const visible = await as(sql, user(bob), (tx) => tx`select owner_id from public.workouts`);
    expect(visible.every((r) => r.owner_id === bob)).toBe(true);
    // …but sees where everyone stands, and nothing else.
    const rows = await board(user(bob));
    const expected = await totals();
    expect(rows.length).toBe(expected.length);
    expect(rows.columns.map((c) => c.name)).toEqual(["place", "person", "value", "is_me"]);
    rows.forEach((row, i) => {
      const [athlete, total] = expected[i] as readonly [string, number];
      expect(Number(row.value)).toBe(total);
      expect(row.is_me).toBe(athlete === bob);
      expect(row.person).toBe(athlete === bob ? "You" : `Member ${i + 1}`);
    });
    const text = JSON.stringify(rows);
    for (const u of DEMO_USERS) {
      expect(text).not.toContain(u.id);
      expect(text).not.toContain(u.email);
    }
  });

  it("keeps the limit, and visitors may not call it", async () => {
    for (let i = 0; i < 6; i++) {
      const [account] =
        await sql`insert into auth.users (id, email) values (gen_random_uuid(), ${`runner${i}@example.com`}) returning id`;
      await as(
        sql,
        user(account?.id as string),
        (tx) => tx`insert into public.workouts (title, kind, minutes) values ('Jog', 'run', ${1 + i})`,
      );
    }
    expect((await board(user(alice))).length).toBe(5);
    await expect(board({ role: "anon" })).rejects.toThrow(/permission denied/);
  });
});

describe("a change that adds, changes or removes statistics", () => {
  const without: Manifest = { ...manifest, statistics: undefined, leaderboards: undefined } as Manifest;
  it("adds their functions to an existing database, replaces changed ones and drops removed ones", async () => {
    await cluster.createDatabase("statistics_evolve");
    const db = cluster.connect({ database: "statistics_evolve" });
    try {
      await db.unsafe(fileContent(without, AUTH_SHIM_PATH));
      await db.unsafe(fileContent(without, MIGRATION_PATH));
      const functions = async () =>
        (
          await db`select proname from pg_proc where pronamespace = 'public'::regnamespace and (proname like 'appgen_stat%' or proname like 'appgen_leaderboard%') order by 1`
        ).map((r) => r.proname as string);
      expect(await functions()).toEqual([]);
      const added = planMigration(without, manifest);
      await db.unsafe(added?.sql ?? "");
      expect(await functions()).toEqual([
        "appgen_leaderboard_most_minutes",
        "appgen_stat_average_minutes",
        "appgen_stat_minutes_per_month",
        "appgen_stat_my_workouts",
        "appgen_stat_workouts_by_gym",
        "appgen_stat_workouts_by_kind",
      ]);
      const changed: Manifest = {
        ...manifest,
        statistics: (manifest.statistics ?? [])
          .filter((s) => s.name !== "workouts_by_gym")
          .map((s) => (s.name === "minutes_per_month" ? { ...s, period: "week" as const } : s)),
      };
      const change = planMigration(manifest, changed);
      expect(change?.changes.join("\n")).toMatch(/drop statistic appgen_stat_workouts_by_gym/);
      expect(change?.changes.join("\n")).toMatch(/change statistic appgen_stat_minutes_per_month/);
      await db.unsafe(change?.sql ?? "");
      expect(await functions()).not.toContain("appgen_stat_workouts_by_gym");
      expect(planMigration(manifest, manifest)).toBeUndefined();
    } finally {
      await db.end();
    }
  });
});
