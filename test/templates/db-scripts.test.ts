// The generated app's database scripts (templates/base/scripts), run as the app runs them (test/helpers/app-scripts.ts)
// against a throwaway PostgreSQL cluster.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderDatabase } from "../../app/core/stages/db/index.ts";
import { rolesAndAccess } from "../core/stages/db/manifests.ts";
import { projectWith, runScript, TEMPLATE_SCRIPTS } from "../helpers/app-scripts.ts";
import { startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const here = dirname(fileURLToPath(import.meta.url));
const { splitRaw, splitStatements } = (await import(join(TEMPLATE_SCRIPTS, "migrations.mjs"))) as {
  splitRaw: (sql: string) => string[];
  splitStatements: (sql: string) => string[];
};

const M1 = "supabase/migrations/20250101000000_appgen_schema.sql";
const M2 = "supabase/migrations/20250301120000_add_notes.sql";
const M3 = "supabase/migrations/20250402080000_add_tags.sql";
const FILES = {
  [M1]: "-- the schema\ncreate table public.contacts (id int primary key, name text not null);\ncreate index contacts_name on public.contacts (name);\n",
  [M2]: "alter table public.contacts add column notes text;\ncomment on column public.contacts.notes is 'free; text';\n",
  [M3]: "create table public.tags (id int primary key, label text not null default 'new');\n",
  "supabase/seed.sql": "insert into public.contacts (id, name) values (1, 'Alice');\n",
};

let cluster: PostgresCluster;
const folders: string[] = [];
let databases = 0;

beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function freshDatabase() {
  const name = `db${++databases}`;
  const url = await cluster.createDatabase(name);
  return { url, sql: cluster.connect({ database: name }) };
}

function project(files: Record<string, string>) {
  const dir = projectWith(files);
  folders.push(dir);
  return dir;
}

const history = (sql: ReturnType<PostgresCluster["connect"]>) =>
  sql<{ version: string; name: string; statements: string[] }[]>`select version, name, statements from supabase_migrations.schema_migrations order by version`;

const tableExists = async (sql: ReturnType<PostgresCluster["connect"]>, name: string) => ((await sql`select to_regclass(${name}) as t`)[0]?.t ?? null) !== null;

describe("db:migrate", () => {
  it("applies the pending migrations only, in name order, and says which", async () => {
    const { url, sql } = await freshDatabase();
    const dir = project({ [M1]: FILES[M1], [M2]: FILES[M2] });
    const first = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe(`db:migrate: applied ${M1}\ndb:migrate: applied ${M2}\n`);

    writeFileSync(join(dir, M3), FILES[M3]);
    const second = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(second).toMatchObject({ code: 0, stdout: `db:migrate: applied ${M3}\n`, stderr: "" });
    expect((await history(sql)).map((row) => row.version)).toEqual(["20250101000000", "20250301120000", "20250402080000"]);
    expect(await tableExists(sql, "public.tags")).toBe(true);
  });

  it("is idempotent: a second run applies nothing and changes nothing", async () => {
    const { url, sql } = await freshDatabase();
    const dir = project({ [M1]: FILES[M1], [M2]: FILES[M2] });
    expect((await runScript("db-migrate.mjs", dir, { DATABASE_URL: url })).code).toBe(0);
    const before = await history(sql);
    const again = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(again).toMatchObject({ code: 0, stdout: "db:migrate: up to date: 2 migrations already applied\n", stderr: "" });
    expect(await history(sql)).toEqual(before);
  });

  it("records versions in the Supabase CLI's table, with its columns, names and split statements", async () => {
    const { url, sql } = await freshDatabase();
    const dir = project({ [M1]: FILES[M1], [M2]: FILES[M2] });
    expect((await runScript("db-migrate.mjs", dir, { DATABASE_URL: url })).code).toBe(0);
    const columns = await sql`
      select column_name, data_type, udt_name, is_nullable from information_schema.columns
      where table_schema = 'supabase_migrations' and table_name = 'schema_migrations' order by ordinal_position`;
    expect(columns.map((c) => [c.column_name, c.udt_name, c.is_nullable])).toEqual([
      ["version", "text", "NO"],
      ["statements", "_text", "YES"],
      ["name", "text", "YES"],
    ]);
    const [key] = await sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'supabase_migrations.schema_migrations'::regclass and contype = 'p'`;
    expect(key?.def).toBe("PRIMARY KEY (version)");
    expect(await history(sql)).toEqual([
      {
        version: "20250101000000",
        name: "appgen_schema",
        statements: ["-- the schema\ncreate table public.contacts (id int primary key, name text not null)", "create index contacts_name on public.contacts (name)"],
      },
      {
        version: "20250301120000",
        name: "add_notes",
        statements: ["alter table public.contacts add column notes text", "comment on column public.contacts.notes is 'free; text'"],
      },
    ]);
  });

  it("continues a history that `supabase db push` wrote, without applying anything twice", async () => {
    const { url, sql } = await freshDatabase();
    // What the CLI leaves behind after pushing the first migration (pkg/migration/history.go, file.go).
    await sql.unsafe(FILES[M1]);
    await sql.unsafe(`
      CREATE SCHEMA IF NOT EXISTS supabase_migrations;
      CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
      ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
      ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;`);
    await sql`INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES('20250101000000', 'appgen_schema', ${sql.array(splitStatements(FILES[M1]))})`;
    const dir = project({ [M1]: FILES[M1], [M2]: FILES[M2] });
    const run = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(run).toMatchObject({ code: 0, stdout: `db:migrate: applied ${M2}\n` });
    expect((await history(sql)).map((row) => row.version)).toEqual(["20250101000000", "20250301120000"]);
  });

  it("rolls a failing migration back completely, stops before the next, and names the file, line and error", async () => {
    const { url, sql } = await freshDatabase();
    const broken = "create table public.notes (id int primary key);\ninsert into public.notes values (1);\ninsert into public.missing values (1);\n";
    const dir = project({ [M1]: FILES[M1], [M2]: broken, [M3]: FILES[M3] });
    const run = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`db:migrate: applied ${M1}\n`);
    expect(run.stderr).toContain(`db:migrate: ${M2} failed at line 3: relation "public.missing" does not exist\n`);
    expect(run.stderr).toContain("  3 | insert into public.missing values (1);");
    expect(run.stderr).toContain(`rolled back: nothing of ${M2} was applied; applied before it: ${M1}`);
    expect(await tableExists(sql, "public.notes")).toBe(false);
    expect(await tableExists(sql, "public.tags")).toBe(false);
    expect((await history(sql)).map((row) => row.version)).toEqual(["20250101000000"]);

    // Once the file is fixed, the next run picks up where the failed one stopped.
    writeFileSync(join(dir, M2), FILES[M2]);
    const fixed = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(fixed).toMatchObject({ code: 0, stdout: `db:migrate: applied ${M2}\ndb:migrate: applied ${M3}\n` });
  });

  it("serialises concurrent runs with an advisory lock: each migration is applied once", async () => {
    const { url, sql } = await freshDatabase();
    // Slow enough that, without the lock, the second run would try the same CREATE TABLE and fail.
    const dir = project({ [M1]: `${FILES[M1]}select pg_sleep(1);\n`, [M2]: FILES[M2] });
    const runs = await Promise.all([1, 2, 3].map(() => runScript("db-migrate.mjs", dir, { DATABASE_URL: url })));
    expect(runs.map((run) => [run.code, run.stderr])).toEqual([
      [0, ""],
      [0, ""],
      [0, ""],
    ]);
    const applied = runs.flatMap((run) => run.stdout.split("\n").filter((line) => line.startsWith("db:migrate: applied ")));
    expect(applied.sort()).toEqual([`db:migrate: applied ${M1}`, `db:migrate: applied ${M2}`]);
    expect(runs.filter((run) => run.stdout.includes("waiting for another migration run")).length).toBeGreaterThanOrEqual(1);
    expect((await history(sql)).map((row) => row.version)).toEqual(["20250101000000", "20250301120000"]);
    const [locks] = await sql`select count(*)::int as n from pg_locks where locktype = 'advisory'`;
    expect(locks?.n).toBe(0);
  });

  it("never applies the seed or the local auth shim", async () => {
    const { url, sql } = await freshDatabase();
    const dir = project({ ...FILES, "supabase/local/auth-shim.sql": "create schema if not exists auth;\n" });
    expect((await runScript("db-migrate.mjs", dir, { DATABASE_URL: url })).code).toBe(0);
    expect((await sql`select count(*)::int as n from public.contacts`)[0]?.n).toBe(0);
    expect(await tableExists(sql, "supabase_migrations.seed_files")).toBe(false);
    expect((await sql`select count(*)::int as n from pg_namespace where nspname = 'auth'`)[0]?.n).toBe(0);
  });

  it.each([
    ["a recorded version has no file here", ["20250101000000", "20250215000000"], [M1, M2], /the database has migrations that are not in supabase\/migrations: 20250215000000\. Deploy from the branch that has them/],
    ["a pending file is older than the last applied one", ["20250301120000"], [M1, M2], /20250101000000_appgen_schema\.sql is older than 20250301120000, the last migration applied to this database\. .*give the file a later timestamp/],
  ])("refuses when %s, as `supabase db push` does, and says what to do", async (_name, recorded, files, message) => {
    const { url, sql } = await freshDatabase();
    await sql.unsafe("create schema supabase_migrations; create table supabase_migrations.schema_migrations (version text not null primary key, statements text[], name text)");
    for (const version of recorded) await sql`insert into supabase_migrations.schema_migrations (version) values (${version})`;
    const dir = project(Object.fromEntries(files.map((file) => [file, FILES[file as keyof typeof FILES]])));
    const run = await runScript("db-migrate.mjs", dir, { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(await tableExists(sql, "public.contacts")).toBe(false);
  });

  it("without DATABASE_URL says how to set it", async () => {
    const run = await runScript("db-migrate.mjs", project({ [M1]: FILES[M1] }), {});
    expect(run).toMatchObject({ code: 1, stderr: "db:migrate: DATABASE_URL is not set. Copy .env.example to .env and fill it in, or export it.\n" });
  });
});

describe("db:setup", () => {
  it("applies the shim, the migrations (recorded like db:migrate's) and the seed once, reading DATABASE_URL from .env", async () => {
    const { url, sql } = await freshDatabase();
    const dir = project({ ...FILES, "supabase/local/auth-shim.sql": "create schema if not exists auth;\n", ".env": `# as copied from .env.example\nDATABASE_URL=${url}\n` });
    const first = await runScript("db-setup.mjs", dir, {});
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout.split("\n").filter(Boolean)).toEqual([
      "db:setup: applied supabase/local/auth-shim.sql",
      `db:setup: applied ${M1}`,
      `db:setup: applied ${M2}`,
      `db:setup: applied ${M3}`,
      "db:setup: applied supabase/seed.sql",
    ]);
    const again = await runScript("db-setup.mjs", dir, {});
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("db:setup: supabase/seed.sql was applied before");
    expect((await sql`select count(*)::int as n from public.contacts`)[0]?.n).toBe(1);
    expect((await history(sql)).length).toBe(3);
    // A later db:migrate finds nothing to do on a database db:setup built.
    expect(await runScript("db-migrate.mjs", dir, {})).toMatchObject({ code: 0, stdout: "db:migrate: up to date: 3 migrations already applied\n" });
  });

  it("builds from another folder's supabase/ with --dir (the base branch's files in CI)", async () => {
    const { url, sql } = await freshDatabase();
    const base = project({ [M1]: FILES[M1], "supabase/seed.sql": FILES["supabase/seed.sql"] });
    const app = project(FILES);
    const run = await runScript("db-setup.mjs", app, { DATABASE_URL: url }, ["--dir", base]);
    expect(run.code).toBe(0);
    expect((await history(sql)).map((row) => row.version)).toEqual(["20250101000000"]);
    expect(await runScript("db-migrate.mjs", app, { DATABASE_URL: url })).toMatchObject({ code: 0, stdout: `db:migrate: applied ${M2}\ndb:migrate: applied ${M3}\n` });
    expect((await sql`select id, name, notes from public.contacts`).map((row) => ({ ...row }))).toEqual([{ id: 1, name: "Alice", notes: null }]);
  });

  it("stops at a failing seed with the file and the error", async () => {
    const { url } = await freshDatabase();
    const dir = project({ [M1]: FILES[M1], "supabase/seed.sql": "insert into public.contacts (id) values (1);\n" });
    const run = await runScript("db-setup.mjs", dir, { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('db:setup: supabase/seed.sql failed: null value in column "name" of relation "contacts" violates not-null constraint');
  });
});

describe("db:compare", () => {
  // A generated app's real database files: tables, enums, policies, triggers, functions, grants.
  const generated = Object.fromEntries(renderDatabase(rolesAndAccess).map((file) => [file.path, file.content]));

  it("finds two databases built from the same generated files the same", async () => {
    const [a, b] = [await freshDatabase(), await freshDatabase()];
    const dir = project(generated);
    for (const db of [a, b]) expect((await runScript("db-setup.mjs", dir, { DATABASE_URL: db.url })).code).toBe(0);
    const run = await runScript("db-compare.mjs", dir, {}, [a.url, b.url, "--names", "fresh,upgraded"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^db:compare: the databases are the same \(\d+ tables, \d+ columns, \d+ constraints, \d+ indexes, \d+ policies, [1-9]\d* triggers, \d+ enum types?, [1-9]\d* functions\)\n$/);
  });

  it("prints each difference readably and exits 1: a policy, a column's nullability and default, an index, a trigger, row-level security", async () => {
    const [fresh, upgraded] = [await freshDatabase(), await freshDatabase()];
    const dir = project(generated);
    for (const db of [fresh, upgraded]) expect((await runScript("db-setup.mjs", dir, { DATABASE_URL: db.url })).code).toBe(0);
    const [policy] = await upgraded.sql`select schemaname, tablename, policyname from pg_policies where schemaname = 'public' order by tablename, policyname limit 1`;
    const [trigger] = await upgraded.sql`select c.relname, t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal and c.relnamespace = 'public'::regnamespace order by 1, 2 limit 1`;
    await upgraded.sql.unsafe(`
      drop policy "${policy!.policyname}" on public."${policy!.tablename}";
      alter table public."${policy!.tablename}" disable row level security;
      alter table public."${policy!.tablename}" add column extra text not null default 'x';
      create index on public."${policy!.tablename}" (extra);
      drop trigger "${trigger!.tgname}" on public."${trigger!.relname}";`);
    const run = await runScript("db-compare.mjs", dir, {}, [fresh.url, upgraded.url, "--names", "fresh,upgraded"]);
    expect(run.code).toBe(1);
    const t = policy!.tablename;
    expect(run.stderr).toMatch(/^db:compare: the fresh and upgraded databases differ in 5 places\. A migration must bring the upgraded database to exactly the schema/);
    expect(run.stderr).toContain(`  table public.${t}:\n    fresh: table, row level security on`);
    expect(run.stderr).toContain(`    upgraded: table, row level security off`);
    expect(run.stderr).toContain(`  column public.${t}.extra: only in upgraded (text, not null, default 'x'::text)`);
    expect(run.stderr).toContain(`  index public.${t}: CREATE INDEX <name> ON public.${t} USING btree (extra): only in upgraded`);
    expect(run.stderr).toMatch(new RegExp(`  policy public\\.${t} "?${policy!.policyname}"?: only in fresh \\((permissive|restrictive), for `));
    expect(run.stderr).toContain(`  trigger public.${trigger!.relname} ${trigger!.tgname}: only in fresh (CREATE TRIGGER ${trigger!.tgname} `);
  });

  it("asks for two connection strings", async () => {
    const run = await runScript("db-compare.mjs", project({}), {}, ["postgres://one"]);
    expect(run).toMatchObject({ code: 2 });
    expect(run.stderr).toContain("db:compare: give two connection strings");
  });
});

describe("the statement splitter", () => {
  const fixtures = resolve(here, "../fixtures/supabase-parser");
  it("splits the Supabase CLI's own fixture exactly as the CLI's parser does", () => {
    const pieces = readdirSync(fixtures)
      .filter((name) => name.startsWith("split_"))
      .map((name) => readFileSync(join(fixtures, name), "utf8"));
    expect(pieces).toHaveLength(18);
    expect(splitRaw(readFileSync(join(fixtures, "all.sql"), "utf8")).sort()).toEqual([...pieces, "\n"].sort());
  });

  // Cases from the CLI's pkg/parser/state_test.go: joined, they split back into the same pieces.
  it.each([
    [["END;", "-- comment"]],
    [["SELECT --; 1"]],
    [["- ;", "END"]],
    [["-- /* \n;", " */ END"]],
    [["SELECT /*; /*;*/ ;*/ 1"]],
    [["/ * ;", " */ END"]],
    [[";", "END;", ";"]],
    [["\\;;", "\\;"]],
    [["$tag$ any ; string$tag$"]],
    [['SELECT "$";', " $$"]],
    [["SELECT ';'';' 1"]],
    [["SELECT '\\';", " 1'"]],
    [['CREATE POLICY "pet""name" on pets;', " END"]],
    [["CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;", " SELECT 3"]],
  ])("%j", (pieces) => {
    expect(splitRaw(pieces.join(""))).toEqual(pieces);
  });

  it("trims statements as the CLI records them", () => {
    expect(splitStatements("  select 1 ;;\n\n;select 2")).toEqual(["select 1", "select 2"]);
  });
});
