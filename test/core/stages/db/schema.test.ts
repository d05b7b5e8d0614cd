// The migration and seed against a real PostgreSQL: every manifest shape applies cleanly, the seed satisfies every
// constraint, and the constraints reject what they should.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELD_PATTERNS, seedRowId } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { count, databaseFor } from "./database.ts";
import { manifestCases } from "./manifests.ts";

let cluster: PostgresCluster;
const databases = new Map<string, postgres.Sql>();

beforeAll(async () => {
  cluster = await startPostgres();
  for (const [i, c] of manifestCases.entries())
    databases.set(c.name, await databaseFor(cluster, `case_${i}`, c.manifest));
});

afterAll(async () => {
  await cluster?.stop();
});

function db(name: string): postgres.Sql {
  const sql = databases.get(name);
  if (!sql) throw new Error(`no database for ${name}`);
  return sql;
}

describe.each(manifestCases)("$name", ({ name, manifest, rows }) => {
  it("seeds the expected rows into every table", async () => {
    const sql = db(name);
    const counted = Object.fromEntries(
      await Promise.all(Object.keys(rows).map(async (t) => [t, await count(sql, t)] as const)),
    );
    expect(counted).toEqual(rows);
  });

  it("forces row-level security on every table, join tables and user_roles included", async () => {
    const tables = await db(name)`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by 1`;
    const expected = [
      ...manifest.entities.map((e) => e.table),
      ...Object.keys(rows).filter((t) => !manifest.entities.some((e) => e.table === t)),
      "user_roles",
    ];
    expect(tables.map((t) => t.relname)).toEqual(expect.arrayContaining(expected));
    for (const table of tables) {
      expect(table, table.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      expect(table.policies, table.relname).toBeGreaterThan(0);
    }
  });

  it("indexes every foreign key column", async () => {
    const unindexed = await db(name)`
      select c.conrelid::regclass::text as table_name, a.attname as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`;
    expect(unindexed).toEqual([]);
  });
});

describe("field types", () => {
  const widget = (overrides: Record<string, unknown>) => ({
    name: "Widget X",
    phone: "+44 20 7946 0958",
    price: 10,
    status: "done",
    maker_id: seedRowId("maker", 0),
    ...overrides,
  });

  it("maps every type to the column type chosen for it", async () => {
    const columns = await db("every field type and cardinality")`
      select column_name, data_type, numeric_precision, numeric_scale, is_nullable, column_default
      from information_schema.columns where table_schema = 'public' and table_name = 'widgets' order by ordinal_position`;
    const byName = Object.fromEntries(columns.map((c) => [c.column_name, c]));
    expect(Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]))).toEqual({
      id: "uuid",
      name: "text",
      notes: "text",
      email: "text",
      homepage: "text",
      phone: "text",
      quantity: "integer",
      big_number: "bigint",
      weight: "numeric",
      price: "numeric",
      in_stock: "boolean",
      released_on: "date",
      checked_at: "timestamp with time zone",
      status: "text",
      maker_id: "uuid",
      certificate_id: "uuid",
      created_at: "timestamp with time zone",
      updated_at: "timestamp with time zone",
    });
    expect(byName.price).toMatchObject({ numeric_precision: 14, numeric_scale: 2, is_nullable: "NO" });
    expect(byName.released_on?.column_default).toBe("CURRENT_DATE");
    expect(byName.in_stock?.column_default).toBe("true");
    expect(byName.status?.column_default).toBe("'draft'::text");
  });

  it.each([
    ["a name shorter than min", { name: "X" }, "23514"],
    ["a name longer than max", { name: "X".repeat(41) }, "23514"],
    ["a malformed email", { email: "not-an-email" }, "23514"],
    ["a url without a scheme", { homepage: "example.com" }, "23514"],
    ["letters as a phone number", { phone: "call me" }, "23514"],
    ["a quantity above max", { quantity: 101 }, "23514"],
    ["a negative price", { price: -1 }, "23514"],
    ["an unknown enum option", { status: "cancelled" }, "23514"],
    ["a missing required field", { phone: null }, "23502"],
    ["a maker that does not exist", { maker_id: "00000000-0000-4000-8000-000000000000" }, "23503"],
    ["a duplicate email", { email: "ada.lovelace@example.com" }, "23505"],
    ["a certificate already linked one-to-one", { certificate_id: seedRowId("certificate", 0) }, "23505"],
  ])("rejects %s", async (_, overrides, code) => {
    const sql = db("every field type and cardinality");
    await expect(sql`insert into widgets ${sql(widget(overrides))}`).rejects.toMatchObject({ code });
  });

  it("accepts a row with only the required fields and fills the defaults", async () => {
    const sql = db("every field type and cardinality");
    const [row] =
      await sql`insert into widgets ${sql(widget({ email: "new@example.org", homepage: "HTTPS://Example.org/x" }))} returning *`;
    expect(row).toMatchObject({ quantity: 1, in_stock: true, status: "done", certificate_id: null });
    expect(row?.checked_at).toEqual(new Date("2025-01-31T09:00:00Z"));
  });

  it.each([
    ["email", "ada@example.com", true],
    ["email", "a b@example.com", false],
    ["email", "ada@localhost", false],
    ["url", "https://example.com/a?b=c", true],
    ["url", "http://localhost:3000", true],
    ["url", "ftp://example.com", false],
    ["phone", "+1 (555) 010-0199", true],
    ["phone", "020 7946 0958", true],
    ["phone", "12345", false],
    ["phone", "+1 555 0100 ext", false],
  ] as const)("FIELD_PATTERNS.%s reads %j the same in Postgres and JavaScript (%s)", async (type, value, valid) => {
    const flags = type === "url" ? "i" : "";
    expect(new RegExp(FIELD_PATTERNS[type], flags).test(value)).toBe(valid);
    const sql = db("every field type and cardinality");
    const [row] =
      type === "url"
        ? await sql`select ${value} ~* ${FIELD_PATTERNS[type]} as ok`
        : await sql`select ${value} ~ ${FIELD_PATTERNS[type]} as ok`;
    expect(row?.ok).toBe(valid);
  });

  it("keeps updated_at current through the trigger", async () => {
    const sql = db("every field type and cardinality");
    const id = seedRowId("widget", 0);
    const [before] = await sql`select updated_at from widgets where id = ${id}`;
    const [after] = await sql`update widgets set quantity = 2 where id = ${id} returning updated_at, created_at`;
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime());
  });

  it("uses trigram indexes for search", async () => {
    const sql = db("every field type and cardinality");
    const indexes =
      await sql`select indexdef from pg_indexes where tablename = 'widgets' and indexdef like '%gin_trgm_ops%'`;
    expect(indexes.map((i) => i.indexdef)).toEqual(
      expect.arrayContaining([expect.stringContaining("(name extensions.gin_trgm_ops)")]),
    );
  });
});

describe("relations", () => {
  it("applies on_delete: restrict, set null and cascade", async () => {
    const sql = db("self-relations and cycles");
    await expect(sql`delete from chickens where id = ${seedRowId("chicken", 0)}`).rejects.toMatchObject({
      code: "23503",
    });
    await sql`delete from employees where id = ${seedRowId("employee", 0)}`;
    const [orphan] = await sql`select manager_id from employees where id = ${seedRowId("employee", 1)}`;
    expect(orphan?.manager_id).toBeNull();
    const before = await sql`select count(*)::int as n from employees_mentors`;
    await sql`delete from employees where id = ${seedRowId("employee", 2)}`;
    const after = await sql`select count(*)::int as n from employees_mentors`;
    expect(after[0]?.n).toBeLessThan(before[0]?.n);
  });

  it("seeds self-relations as chains and required one-to-one self-links as the row itself", async () => {
    const sql = db("self-relations and cycles");
    const nodes = await sql`select id, parent_id, twin_id from nodes order by id`;
    for (const node of nodes) expect(node.twin_id).toBe(node.id);
    const roots = nodes.filter((n) => n.parent_id === n.id);
    expect(roots).toHaveLength(1);
  });

  it("keeps required cycles intact: every egg has a chicken and every chicken an egg", async () => {
    const sql = db("self-relations and cycles");
    const [row] = await sql`
      select (select count(*)::int from chickens c join eggs e on e.id = c.egg_id) as chickens,
             (select count(*)::int from eggs e join chickens c on c.id = e.chicken_id) as eggs`;
    expect(row).toEqual({ chickens: 5, eggs: 5 });
  });

  it("quotes reserved words everywhere", async () => {
    const sql = db("reserved words as table and column names");
    const rows = await sql`
      select o."select", o."type", o."order", g."type" as group_type, u."select" as user_select
      from "order" o left join "group" g on g.id = o.group_id join "user" u on u.id = o.user_id
      order by o."select"`;
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(["from", "where", "table"]).toContain(row.type);
    expect(await count(sql, "type_group")).toBe(10);
  });
});

it("stores unicode labels as column comments", async () => {
  const sql = db("unicode labels and tight text bounds");
  const comments = await sql`
    select a.attname, col_description(a.attrelid, a.attnum) as label
    from pg_attribute a where a.attrelid = 'public.customers'::regclass and a.attnum > 0 and not a.attisdropped
      and col_description(a.attrelid, a.attnum) is not null order by a.attnum`;
  expect(Object.fromEntries(comments.map((c) => [c.attname, c.label]))).toEqual({
    name: "Имя",
    note: "Notiz über's Ding",
    nickname: "Псевдоним",
    code_word: "Kōdo",
    motto: "座右の銘",
  });
  const [table] = await sql`select obj_description('public.customers'::regclass) as label`;
  expect(table?.label).toBe(`顧客: O'Brien's "quoted" customers — ünïcødé`);
  const codeWords = await sql`select code_word, char_length(note) as note_length from customers`;
  expect(new Set(codeWords.map((r) => r.code_word)).size).toBe(5);
  for (const row of codeWords) expect(row.note_length).toBeGreaterThanOrEqual(120);
});

it("seeds per-user rows split between the two demo users", async () => {
  const sql = db("reserved words as table and column names");
  const owners = await sql`select owner_id, count(*)::int as n from "user" group by owner_id order by n desc`;
  expect(owners.map((o) => o.n)).toEqual([3, 2]);
});
