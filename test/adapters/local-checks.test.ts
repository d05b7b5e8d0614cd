// `appgen check --base`: the database step reads the base's files from git and checks the upgrade path, with the
// real pnpm, the app's real scripts and real PostgreSQL.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkDatabase, pnpmCommand, readBaseFiles } from "../../app/adapters/local-checks.ts";
import { planCheck } from "../../app/core/check/plan.ts";
import { diagnoseStep } from "../../app/core/diagnostics/index.ts";
import { AppgenError } from "../../app/core/errors.ts";
import { gitApp } from "../helpers/app-scripts.ts";
import { startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const M1 = "supabase/migrations/20250101000000_appgen_schema.sql";
const M2 = "supabase/migrations/20250301120000_add_company.sql";
const SCHEMA =
  "create table public.contacts (id int primary key, name text not null);\nalter table public.contacts enable row level security;\n";
const BASE = {
  [M1]: SCHEMA,
  "supabase/seed.sql": "insert into public.contacts (id, name) values (1, 'Alice'), (2, 'Bob');\n",
  "supabase/local/auth-shim.sql": "create schema if not exists auth;\n",
};
const ADD_COMPANY =
  "alter table public.contacts add column company text not null default '';\ncreate index contacts_company on public.contacts (company);\n";

let cluster: PostgresCluster;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
  for (const cleanup of cleanups) cleanup();
});

function app() {
  const repo = gitApp(BASE);
  cleanups.push(repo.cleanup);
  return repo;
}

/** Runs the plan's database commands as `appgen check` does, with the real pnpm, in one log. */
async function runDatabase(appDir: string, base: string | undefined) {
  const work = mkdtempSync(join(tmpdir(), "appgen-check-db-"));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const files = base === undefined ? undefined : await readBaseFiles(appDir, base, join(work, "base"));
  const plan = planCheck(files ? { base: { ref: files.ref, hasMigrations: files.migrations.length > 0 } } : {});
  const pnpm = pnpmCommand();
  let log = "";
  const name = `app${Math.random().toString(36).slice(2, 8)}`;
  const scoped = {
    ...cluster,
    createDatabase: (db: string) => cluster.createDatabase(`${name}_${db}`),
  } as PostgresCluster;
  const result = await checkDatabase({
    cluster: scoped,
    commands: plan.database,
    base: files,
    run: (args, env) =>
      new Promise((done) => {
        const child = spawn(pnpm.file, [...pnpm.prefix, ...args], {
          cwd: appDir,
          env: { PATH: process.env.PATH, ...env },
        });
        child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
        child.on("close", (code) => done(code ?? 1));
      }),
  });
  return { ...result, log, files, plan, sql: cluster.connect({ database: `${name}_app` }) };
}

describe("appgen check --base: the upgrade path", () => {
  it("builds the base's database with its rows, applies the new migration and finds it equal to a fresh one", async () => {
    const repo = app();
    repo.commit({ [M2]: ADD_COMPANY }, "add company");
    const run = await runDatabase(repo.dir, "HEAD~1");
    expect(run.files?.migrations).toEqual([M1]);
    expect(readFileSync(join(run.files!.dir, "supabase/seed.sql"), "utf8")).toBe(BASE["supabase/seed.sql"]);
    expect(run.ok, run.log).toBe(true);
    expect(run.log).toContain(`db:setup: applied ${M1}`);
    expect(run.log).toContain(`db:migrate: applied ${M2}`);
    expect(run.log).toMatch(/db:compare: the databases are the same \(1 table, 3 columns, 1 constraint, 2 indexes/);
    // The app's tests then run against the upgraded database: the base's rows, the new column.
    expect(
      (await run.sql`select id, name, company from public.contacts order by id`).map((row) => ({ ...row })),
    ).toEqual([
      { id: 1, name: "Alice", company: "" },
      { id: 2, name: "Bob", company: "" },
    ]);
    expect(
      (await run.sql`select version from supabase_migrations.schema_migrations order by 1`).map((row) => row.version),
    ).toEqual(["20250101000000", "20250301120000"]);
  });

  it("fails the step when a new migration relies on a rewrite of one the base already applied", async () => {
    const repo = app();
    // History rewritten: the first migration now creates the column, and the new one only adds the index.
    repo.commit(
      {
        [M1]: SCHEMA.replace("name text not null", "name text not null, company text"),
        [M2]: "create index contacts_company on public.contacts (company);\n",
      },
      "rewrite history",
    );
    const run = await runDatabase(repo.dir, "main~1");
    expect(run.ok).toBe(false);
    // The new migration fails on the upgraded side, which never got the rewritten first migration's column.
    expect(run.log).not.toContain(`db:migrate: applied ${M2}`);
    const diagnostics = diagnoseStep({ step: "database", log: run.log, failed: true });
    expect(diagnostics[0]).toMatchObject({ step: "database", severity: "error", file: M2 });
    expect(diagnostics[0]?.message).toContain('column "company" does not exist');
  });

  it("fails the compare when every migration applies but the schemas drift apart", async () => {
    const repo = app();
    // The base's first migration was edited in the branch (a default added), and a new migration was added.
    repo.commit(
      { [M1]: SCHEMA.replace("name text not null", "name text not null default 'x'"), [M2]: ADD_COMPANY },
      "edit an applied migration",
    );
    const run = await runDatabase(repo.dir, "main~1");
    expect(run.ok).toBe(false);
    expect(run.log).toContain(`db:migrate: applied ${M2}`);
    expect(run.log).toContain("db:compare: the fresh and upgraded databases differ in 1 place.");
    expect(run.log).toContain(
      "  column public.contacts.name:\n    fresh: text, not null, default 'x'::text\n    upgraded: text, not null, no default",
    );
    const [diagnostic] = diagnoseStep({ step: "database", log: run.log, failed: true });
    expect(diagnostic?.message).toMatch(
      /^the fresh and upgraded databases differ in 1 place\..*\n  column public\.contacts\.name:\n    fresh: text, not null, default 'x'::text\n    upgraded: text, not null, no default/,
    );
  });

  it("without migrations on the base builds from scratch, as without --base", async () => {
    const repo = gitApp({ "README.md": "empty base\n" });
    cleanups.push(repo.cleanup);
    repo.commit(BASE, "the app");
    const run = await runDatabase(repo.dir, "HEAD~1");
    expect(run.files?.migrations).toEqual([]);
    expect(run.plan.database.map((c) => c.shell)).toEqual(["pnpm db:setup"]);
    expect(run.ok, run.log).toBe(true);
    expect(run.log).not.toContain("db:compare");
  });

  it("refuses a ref that is not a commit, saying what to give", async () => {
    const repo = app();
    const error = await readBaseFiles(repo.dir, "no-such-branch", join(repo.dir, ".base")).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).message).toMatch(
      /^--base no-such-branch is not a commit of the git repository at .*Give a branch, tag or commit to upgrade from, e.g\. --base main/,
    );
    expect(existsSync(join(repo.dir, ".base"))).toBe(false);
  });

  it("reads the base of an app in a subfolder relative to the app", async () => {
    const repo = gitApp({});
    cleanups.push(repo.cleanup);
    repo.commit(
      Object.fromEntries(Object.entries(BASE).map(([path, content]) => [`apps/web/${path}`, content])),
      "app in a folder",
    );
    writeFileSync(join(repo.dir, "apps/web/package.json"), "{}\n");
    const files = await readBaseFiles(join(repo.dir, "apps/web"), "HEAD", join(repo.dir, ".base"));
    expect(files.migrations).toEqual([M1]);
    expect(readFileSync(join(files.dir, M1), "utf8")).toBe(SCHEMA);
  });
});
