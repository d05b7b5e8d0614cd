// Computed fields are generated columns: PostgreSQL works out each value from the row (products, sums, differences,
// the time between two dates or datetimes), nobody can write one, and migrations add, change and drop them, keeping
// every stored row, so an upgraded database equals a fresh one.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertManifest, validateManifest, type Manifest } from "../../../../app/core/manifest/index.ts";
import { planMigration } from "../../../../app/core/stages/db/evolve.ts";
import { AUTH_SHIM_PATH, DEMO_USERS, MIGRATION_PATH, SEED_PATH } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { as, catalog, fileContent } from "./database.ts";

let cluster: PostgresCluster;
let databases = 0;
beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

const shifts = (fields: unknown[] = [], extra: Record<string, unknown> = {}) =>
  assertManifest({
    name: "Shifts",
    entities: [
      {
        name: "shift",
        ownership: "user",
        fields: [
          { name: "title", type: "text", required: true },
          { name: "clock_in", type: "datetime" },
          { name: "clock_out", type: "datetime" },
          { name: "starts_on", type: "date" },
          { name: "ends_on", type: "date" },
          { name: "hours_paid", type: "integer", default: 0 },
          { name: "rate", type: "money", default: 12.5 },
          { name: "bonus", type: "money" },
          ...fields,
        ],
        ...extra,
      },
    ],
  });

const base = shifts([
  {
    name: "worked_minutes",
    type: "integer",
    computed: { duration: { from: "clock_in", to: "clock_out", unit: "minutes" } },
  },
  { name: "worked_hours", type: "decimal", computed: { duration: { from: "clock_in", to: "clock_out" } } },
  { name: "days", type: "integer", computed: { duration: { from: "starts_on", to: "ends_on" } } },
  { name: "pay", type: "money", computed: { multiply: ["hours_paid", "rate"] } },
  { name: "total", type: "money", computed: { add: ["rate", "bonus"] } },
]);

async function database(manifest: Manifest): Promise<postgres.Sql> {
  const name = `computed_${++databases}`;
  await cluster.createDatabase(name);
  const sql = cluster.connect({ database: name, onnotice: () => {} });
  await sql.unsafe(fileContent(manifest, AUTH_SHIM_PATH));
  await sql.begin((tx) => tx.unsafe(fileContent(manifest, MIGRATION_PATH)));
  await sql.begin((tx) => tx.unsafe(fileContent(manifest, SEED_PATH)));
  return sql;
}

const alice = DEMO_USERS[0]!.id;

describe("computed fields", () => {
  it("refuses a computed field that reads another computed one, and derives a duration's unit", () => {
    const nested = validateManifest({
      ...base,
      entities: [
        {
          ...base.entities[0],
          fields: [...base.entities[0]!.fields, { name: "x", type: "money", computed: { add: ["pay", "bonus"] } }],
        },
      ],
    });
    expect(nested.ok ? [] : nested.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "/entities/0/fields/13/computed/add/0: 'pay' is computed too; a computed field reads stored fields only",
    ]);
    expect(base.entities[0]!.fields.find((f) => f.name === "worked_hours")?.computed).toEqual({
      duration: { from: "clock_in", to: "clock_out", unit: "hours" },
    });
    expect(base.entities[0]!.fields.find((f) => f.name === "days")?.computed?.duration?.unit).toBe("days");
  });

  it("are worked out by the database from the row, and nobody writes them", async () => {
    const manifest = shifts([
      {
        name: "worked_minutes",
        type: "integer",
        computed: { duration: { from: "clock_in", to: "clock_out", unit: "minutes" } },
      },
      { name: "worked_hours", type: "decimal", computed: { duration: { from: "clock_in", to: "clock_out" } } },
      { name: "days", type: "integer", computed: { duration: { from: "starts_on", to: "ends_on" } } },
      { name: "pay", type: "money", computed: { multiply: ["hours_paid", "rate"] } },
      { name: "left", type: "money", computed: { subtract: ["rate", "bonus"] } },
      { name: "sum", type: "decimal", computed: { add: ["hours_paid", "rate", "bonus"] } },
    ]);
    const sql = await database(manifest);
    try {
      const [row] = await as(sql, { role: "authenticated", userId: alice }, (tx) =>
        tx.unsafe(`insert into public.shifts (title, clock_in, clock_out, starts_on, ends_on, hours_paid, rate, bonus)
          values ('Late', '2026-12-01T09:00:00Z', '2026-12-01T17:40:30Z', '2026-12-01', '2026-12-04', 7, 12.50, 3.25)
          returning worked_minutes, worked_hours::text, days, pay::text, "left"::text, sum::text`),
      );
      expect(row).toEqual({
        worked_minutes: 520,
        worked_hours: "8.68",
        days: 3,
        pay: "87.50",
        left: "9.25",
        sum: "22.75",
      });
      const [empty] = await as(sql, { role: "authenticated", userId: alice }, (tx) =>
        tx.unsafe(`insert into public.shifts (title) values ('Open') returning worked_minutes, pay::text, "left"`),
      );
      expect(empty).toEqual({ worked_minutes: null, pay: "0.00", left: null });
      await expect(
        as(sql, { role: "authenticated", userId: alice }, (tx) =>
          tx.unsafe(`insert into public.shifts (title, pay) values ('Forged', 1000)`),
        ),
      ).rejects.toThrow(/non-DEFAULT value into column "pay"/);
      // The seed leaves them to the database too.
      expect((await sql`select count(*)::int as n from public.shifts where pay is not null`)[0]!.n).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it.each([
    ["adding them", shifts(), base],
    ["removing them", base, shifts()],
    [
      "changing a formula and a unit",
      base,
      shifts([
        {
          name: "worked_minutes",
          type: "integer",
          computed: { duration: { from: "clock_in", to: "clock_out", unit: "hours" } },
        },
        { name: "worked_hours", type: "decimal", computed: { duration: { from: "clock_in", to: "clock_out" } } },
        { name: "days", type: "integer", computed: { duration: { from: "starts_on", to: "ends_on" } } },
        { name: "pay", type: "money", computed: { add: ["hours_paid", "rate"] } },
        { name: "total", type: "money", computed: { add: ["rate", "bonus"] } },
      ]),
    ],
    [
      "changing the type of a field one reads, and renaming another",
      base,
      assertManifest({
        ...base,
        entities: [
          {
            ...base.entities[0]!,
            fields: base.entities[0]!.fields.map((f) =>
              f.name === "hours_paid"
                ? { ...f, type: "decimal" as const }
                : f.name === "bonus"
                  ? { ...f, name: "tip", label: "Tip", renamed_from: "bonus" }
                  : f.name === "total"
                    ? { ...f, computed: { add: ["rate", "tip"] } }
                    : f,
            ),
          },
        ],
      }),
    ],
    [
      "a stored field becoming computed",
      shifts([{ name: "pay", type: "money" }]),
      shifts([{ name: "pay", type: "money", computed: { multiply: ["hours_paid", "rate"] } }]),
    ],
  ])(
    "%s: rows kept, values recomputed, schema equals a fresh one",
    async (_name, from, to) => {
      const sql = await database(from);
      const fresh = await database(to);
      try {
        await sql`insert into public.shifts (owner_id, title, clock_in, clock_out, hours_paid, rate) values (${alice}, 'Kept', '2026-12-01T08:00:00Z', '2026-12-01T10:30:00Z', 4, 10)`;
        const before = (await sql`select count(*)::int as n from public.shifts`)[0]!.n;
        const migration = planMigration(from, to);
        expect(migration).toBeDefined();
        await sql.begin((tx) => tx.unsafe(migration!.sql));
        expect((await sql`select count(*)::int as n from public.shifts`)[0]!.n).toBe(before);
        expect(await catalog(sql)).toEqual(await catalog(fresh));
        const pay = to.entities[0]!.fields.find((f) => f.name === "pay");
        if (pay?.computed?.multiply) {
          const [kept] = await sql`select pay::text from public.shifts where title = 'Kept'`;
          expect(kept?.pay).toBe("40.00");
        }
      } finally {
        await sql.end();
        await fresh.end();
      }
    },
    60_000,
  );

  it("a manifest that does not change them plans no migration for them", () => {
    expect(planMigration(base, shifts(base.entities[0]!.fields.slice(8)))).toBeUndefined();
  });
});
