// A deployed app's database through a series of changes made with `appgen generate`, as the issue that asked for
// incremental migrations describes it: generate on main; change on a branch and merge; rename on main; add an entity.
// After each step the database that holds rows applies only the migrations it has not applied yet (by version, as
// `supabase db push` does), keeps every row, and ends with the schema of a database built from scratch.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../app/cli/main.ts";
import {
  AUTH_SHIM_PATH,
  DATABASE_STATE_PATH,
  MIGRATION_PATH,
  MIGRATIONS_DIR,
  SEED_PATH,
} from "../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../helpers/postgres.ts";
import { catalog } from "../core/stages/db/database.ts";

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "appgen-migrations-"));
const repo = join(work, "app");
let cluster: PostgresCluster;
let deployed: postgres.Sql;
let databases = 0;

async function appgen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: work, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const git = async (...args: string[]) =>
  (
    await exec("git", args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "p",
        GIT_AUTHOR_EMAIL: "p@example.com",
        GIT_COMMITTER_NAME: "p",
        GIT_COMMITTER_EMAIL: "p@example.com",
      },
    })
  ).stdout.trim();
const migrations = () =>
  readdirSync(join(repo, MIGRATIONS_DIR))
    .filter((n) => n.endsWith(".sql"))
    .sort();
const read = (path: string) => readFileSync(join(repo, path), "utf8");

/** The deploy workflow's job: apply every migration whose version the database has not recorded. */
async function deploy(sql: postgres.Sql): Promise<string[]> {
  await sql`create schema if not exists supabase_migrations`;
  await sql`create table if not exists supabase_migrations.schema_migrations (version text primary key)`;
  const applied = new Set(
    (await sql`select version from supabase_migrations.schema_migrations`).map((r) => r.version as string),
  );
  const done: string[] = [];
  for (const name of migrations()) {
    const version = name.split("_")[0] as string;
    if (applied.has(version)) continue;
    await sql.begin(async (tx) => {
      await tx.unsafe(read(`${MIGRATIONS_DIR}/${name}`));
      await tx`insert into supabase_migrations.schema_migrations (version) values (${version})`;
    });
    done.push(name);
  }
  return done;
}

async function database(): Promise<postgres.Sql> {
  const name = `cli_${++databases}`;
  await cluster.createDatabase(name);
  const sql = cluster.connect({ database: name, onnotice: () => {} });
  await sql.unsafe(read(AUTH_SHIM_PATH));
  return sql;
}

async function freshSchema(): Promise<Record<string, string[]>> {
  const sql = await database();
  try {
    await deploy(sql);
    return await catalog(sql);
  } finally {
    await sql.end();
  }
}

async function counts(sql: postgres.Sql, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = (await sql`select count(*)::int as n from ${sql("public")}.${sql(table)}`)[0]!.n as number;
  return out;
}

beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await deployed?.end();
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("a deployed app changed four times with appgen generate", () => {
  it("generate on main: the first migration, then the deployed database gets rows", async () => {
    const manifest =
      "name: Tasks\nentities:\n  - name: task\n    fields:\n      - { name: title, type: text, required: true }\n      - { name: done, type: boolean, default: false }\n";
    await exec("mkdir", ["-p", repo]);
    await exec("git", ["init", "-q", "-b", "main", repo]);
    const file = join(work, "tasks.yaml");
    await import("node:fs/promises").then((fs) => fs.writeFile(file, manifest));
    expect((await appgen("generate", "--manifest", file, "--out", repo)).code).toBe(0);
    expect(migrations()).toEqual([MIGRATION_PATH.split("/").at(-1)]);
    deployed = await database();
    expect(await deploy(deployed)).toHaveLength(1);
    await deployed.unsafe(read(SEED_PATH));
    await deployed`insert into public.tasks (title, done) values ('Ship it', true)`;
    expect(read(DATABASE_STATE_PATH)).toBe(read("appgen/manifest.json"));
  });

  it("a branch adds a field; a second round on the branch rewrites its own migration; merging deploys it", async () => {
    await git("checkout", "-q", "-b", "change");
    const first = await appgen(
      "generate",
      "--out",
      repo,
      "--base",
      "main",
      "--instructions",
      "add a priority field to tasks",
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /migration supabase\/migrations\/\d{14}_add_priority_to_tasks\.sql: add column tasks\.priority/,
    );
    expect(migrations()).toHaveLength(2);
    const second = await appgen(
      "generate",
      "--out",
      repo,
      "--base",
      "main",
      "--instructions",
      "add a notes field to tasks",
    );
    expect(second.code, second.stderr).toBe(0);
    // One migration per change, not one per round; the first one is never rewritten.
    expect(migrations()).toHaveLength(2);
    expect(await git("diff", "--name-only", "main", "--", MIGRATION_PATH)).toBe("");
    expect(read(`${MIGRATIONS_DIR}/${migrations()[1]}`)).toMatch(/add column "notes"/);
    const again = await appgen("generate", "--out", repo, "--base", "main");
    expect(again.stdout).toMatch(/nothing changed/);

    await git("checkout", "-q", "main");
    await git("merge", "-q", "--no-ff", "-m", "Merge change", "change");
    const before = await counts(deployed, ["tasks"]);
    expect(await deploy(deployed)).toHaveLength(1);
    expect(await counts(deployed, ["tasks"])).toEqual(before);
    expect(await catalog(deployed)).toEqual(await freshSchema());
  });

  it("renaming tasks to todos on main renames the table: every row stays", async () => {
    const run = await appgen("generate", "--out", repo, "--instructions", "rename tasks to todos");
    expect(run.code, run.stderr).toBe(0);
    expect(migrations()).toHaveLength(3);
    expect(run.stderr).toMatch(/rename table tasks to todos/);
    expect(run.stderr).not.toMatch(/warning/);
    const before = await counts(deployed, ["tasks"]);
    expect(await deploy(deployed)).toHaveLength(1);
    expect(await counts(deployed, ["todos"])).toEqual({ todos: before.tasks });
    expect((await deployed`select title, done from public.todos where title = 'Ship it'`)[0]).toEqual({
      title: "Ship it",
      done: true,
    });
    expect(await catalog(deployed)).toEqual(await freshSchema());
  });

  it("adding a comments entity linked to todos adds its table; the rename is settled and not repeated", async () => {
    const run = await appgen("generate", "--out", repo, "--instructions", "add a comments entity linked to todos");
    expect(run.code, run.stderr).toBe(0);
    expect(migrations()).toHaveLength(4);
    expect(read("appgen/manifest.json")).not.toMatch(/renamed_from/);
    const latest = read(`${MIGRATIONS_DIR}/${migrations()[3]}`);
    expect(latest).toMatch(/create table public."comments"/);
    expect(latest).not.toMatch(/rename/);
    const before = await counts(deployed, ["todos"]);
    expect(await deploy(deployed)).toHaveLength(1);
    expect(await counts(deployed, ["todos", "comments"])).toEqual({ ...before, comments: 0 });
    expect(await catalog(deployed)).toEqual(await freshSchema());
  });

  it("the same input again writes nothing, and every earlier migration is byte-identical to what was deployed", async () => {
    const log = await git("log", "--format=%H", "--", MIGRATIONS_DIR);
    expect((await appgen("generate", "--out", repo)).stdout).toMatch(/nothing changed/);
    expect(await git("log", "--format=%H", "--", MIGRATIONS_DIR)).toBe(log);
    // No migration was ever modified after the commit that added it.
    for (const name of migrations()) {
      const commits = (await git("log", "--format=%H", "--", `${MIGRATIONS_DIR}/${name}`)).split("\n").filter(Boolean);
      const onMain = commits.length;
      expect(onMain, name).toBeLessThanOrEqual(name.includes("add_priority") ? 2 : 1);
    }
  });
});
