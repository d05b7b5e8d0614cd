// The migration logic `pnpm db:migrate` (deploy) and `pnpm db:setup` (local and CI) share. Every file in
// supabase/migrations named <version>_<name>.sql is applied once, in name order, each in its own transaction
// together with the row that records it, and recorded exactly as the Supabase CLI (`supabase db push`) records it:
// supabase_migrations.schema_migrations (version, name, statements). A project can therefore switch between
// `supabase db push` and these scripts, in either direction, without anything being applied twice.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const MIGRATIONS_DIR = "supabase/migrations";
export const SEED_FILE = "supabase/seed.sql";

// The Supabase CLI's own statements (pkg/migration/history.go), so either tool finds the table it expects.
const CREATE_MIGRATION_TABLE = [
  "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
  "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)",
  "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
  "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text",
];
const CREATE_SEED_TABLE = "CREATE TABLE IF NOT EXISTS supabase_migrations.seed_files (path text NOT NULL PRIMARY KEY, hash text NOT NULL)";
// The CLI's file name pattern (pkg/migration/file.go): the version is the numeric prefix, the name the rest.
const MIGRATION_FILE = /^([0-9]+)_(.*)\.sql$/;
// One advisory lock for every migration run on a database ("appg", "migr"), held until the run ends, so two
// deploys (or a deploy and a person) cannot interleave their migrations.
const LOCK = [0x61707067, 0x6d696772];
const LOCK_WAIT_MS = 10 * 60_000;

export class MigrationError extends Error {}

/**
 * DATABASE_URL from the environment, else from `.env` when there is one (Node's own parser; a variable already set
 * in the environment wins). Exits with a message that says what to do when it is missing.
 */
export function databaseUrl(label) {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${label}: DATABASE_URL is not set. Copy .env.example to .env and fill it in, or export it.`);
    process.exit(1);
  }
  return url;
}

/** The migration files under `root`, in the order they apply; files that do not match the pattern are skipped. */
export function localMigrations(root = ".") {
  const dir = join(root, MIGRATIONS_DIR);
  if (!existsSync(dir)) return { migrations: [], skipped: [] };
  const migrations = [];
  const skipped = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".sql")) continue;
    const match = MIGRATION_FILE.exec(file);
    if (!match) {
      skipped.push(file);
      continue;
    }
    migrations.push({ file: `${MIGRATIONS_DIR}/${file}`, path: join(dir, file), version: match[1], name: match[2] });
  }
  return { migrations, skipped };
}

/** Versions recorded in the database, oldest first; none when the history table does not exist yet. */
export async function appliedVersions(sql) {
  const [table] = await sql`select to_regclass('supabase_migrations.schema_migrations') as name`;
  if (!table?.name) return [];
  const rows = await sql`select version from supabase_migrations.schema_migrations order by version`;
  return rows.map((row) => row.version);
}

/**
 * Which local migrations are pending, with the Supabase CLI's rules (pkg/migration/apply.go): every applied
 * version must have its file here, and no unapplied file may be older than the last applied one.
 */
export function pendingMigrations(local, applied) {
  const localVersions = new Set(local.map((m) => m.version));
  const missing = applied.filter((version) => !localVersions.has(version));
  if (missing.length) {
    throw new MigrationError(
      `the database has migrations that are not in ${MIGRATIONS_DIR}: ${missing.join(", ")}. ` +
        "Deploy from the branch that has them, or restore their files; if they were undone by hand, record that with " +
        `\`supabase migration repair --status reverted ${missing.join(" ")}\`.`,
    );
  }
  const done = new Set(applied);
  const last = applied.at(-1);
  const pending = local.filter((m) => !done.has(m.version));
  const early = last === undefined ? [] : pending.filter((m) => m.version < last);
  if (early.length) {
    throw new MigrationError(
      `${early.map((m) => m.file).join(", ")} ${early.length === 1 ? "is" : "are"} older than ${last}, the last migration applied to this database. ` +
        "Migrations apply in name order only: give the file a later timestamp (`supabase db push` refuses it too, without --include-all).",
    );
  }
  return pending;
}

/**
 * Applies the pending migrations under `root` to `sql` (a postgres.js client with max: 1, so every query runs on
 * the one session that holds the lock). `log(line)` reports progress; a failure throws a MigrationError naming the
 * file, the line and the PostgreSQL error, after that file's transaction was rolled back.
 */
export async function applyMigrations(sql, { root = ".", log = () => {} } = {}) {
  const { migrations, skipped } = localMigrations(root);
  for (const file of skipped) log(`skipped ${MIGRATIONS_DIR}/${file}: the name must be <timestamp>_<name>.sql`);
  await lock(sql, log);
  try {
    const pending = pendingMigrations(migrations, await appliedVersions(sql));
    if (pending.length) {
      await sql.begin(async (tx) => {
        await tx.unsafe("set local lock_timeout = '4s'");
        for (const statement of CREATE_MIGRATION_TABLE) await tx.unsafe(statement);
      });
    }
    const applied = [];
    for (const migration of pending) {
      const text = readFileSync(migration.path, "utf8");
      const statements = splitStatements(text);
      // As the CLI does: settings a previous migration changed (search_path, roles) do not leak into the next.
      await sql.unsafe("reset all");
      try {
        await sql.begin(async (tx) => {
          await tx.unsafe(text);
          await tx`insert into supabase_migrations.schema_migrations (version, name, statements) values (${migration.version}, ${migration.name}, ${tx.array(statements)})`;
        });
      } catch (error) {
        throw new MigrationError(describeFailure(migration.file, text, error, applied));
      }
      applied.push(migration.file);
      log(`applied ${migration.file}`);
    }
    if (!pending.length) log(`up to date: ${migrations.length} migration${migrations.length === 1 ? "" : "s"} already applied`);
    return applied;
  } finally {
    await sql`select pg_advisory_unlock(${LOCK[0]}::int, ${LOCK[1]}::int)`.catch(() => {});
  }
}

async function lock(sql, log) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    const [row] = await sql`select pg_try_advisory_lock(${LOCK[0]}::int, ${LOCK[1]}::int) as locked`;
    if (row.locked) return;
    if (Date.now() > deadline) {
      throw new MigrationError(`another migration run has held the lock for ${LOCK_WAIT_MS / 60_000} minutes; wait for it to finish (or end its session) and run again.`);
    }
    if (!told) log("waiting for another migration run on this database to finish");
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Applies the seed once per database, recorded as the Supabase CLI records seeds (supabase_migrations.seed_files:
 * path and sha256), so running db:setup again does not insert the demo rows twice.
 */
export async function applySeed(sql, { root = ".", log = () => {} } = {}) {
  const path = join(root, SEED_FILE);
  if (!existsSync(path)) return false;
  const text = readFileSync(path, "utf8");
  const hash = createHash("sha256").update(text).digest("hex");
  await sql.unsafe("reset all");
  return sql.begin(async (tx) => {
    await tx.unsafe("create schema if not exists supabase_migrations");
    await tx.unsafe(CREATE_SEED_TABLE);
    const [seeded] = await tx`select hash from supabase_migrations.seed_files where path = ${SEED_FILE}`;
    if (seeded) {
      log(seeded.hash === hash ? `${SEED_FILE} was applied before` : `${SEED_FILE} changed since it was applied; not applied again (rebuild the database to get the new demo data)`);
      return false;
    }
    try {
      await tx.unsafe(text);
    } catch (error) {
      throw new MigrationError(describeFailure(SEED_FILE, text, error, []));
    }
    await tx`insert into supabase_migrations.seed_files (path, hash) values (${SEED_FILE}, ${hash})`;
    log(`applied ${SEED_FILE}`);
    return true;
  });
}

/** "<file> failed at line N: <error>", then PostgreSQL's detail and hint and the failing line, indented. */
function describeFailure(file, text, error, applied) {
  const message = error instanceof Error ? error.message : String(error);
  const position = Number(error?.position);
  const line = Number.isInteger(position) && position > 0 ? text.slice(0, position - 1).split("\n").length : undefined;
  const parts = [`${file} failed${line ? ` at line ${line}` : ""}: ${message}`];
  if (error?.detail) parts.push(`  detail: ${error.detail}`);
  if (error?.hint) parts.push(`  hint: ${error.hint}`);
  if (line) parts.push(`  ${line} | ${text.split("\n")[line - 1]?.trim() ?? ""}`);
  parts.push(`  rolled back: nothing of ${file} was applied${applied.length ? `; applied before it: ${applied.join(", ")}` : ""}`);
  return parts.join("\n");
}

/**
 * Splits a SQL file into statements exactly as the Supabase CLI does before it records them
 * (pkg/parser SplitAndTrim: each statement trimmed of trailing semicolons and white space, empty ones dropped).
 */
export function splitStatements(text) {
  return splitRaw(text)
    .map((statement) => statement.replace(/;+$/, "").trim())
    .filter(Boolean);
}

/** pkg/parser Split: a state machine over quotes, dollar quotes, comments and BEGIN ATOMIC bodies, ported as is. */
export function splitRaw(text) {
  const statements = [];
  let state = READY;
  let start = 0;
  let index = 0;
  for (const char of text) {
    index += char.length;
    state = state.next(char, text.slice(start, index));
    if (state === null) {
      statements.push(text.slice(start, index));
      start = index;
      state = READY;
    }
  }
  if (start < text.length) statements.push(text.slice(start));
  return statements;
}

const isIdentifierChar = (char) => /^[\p{L}\p{Nd}_$]$/u.test(char);
const isTagChar = (char) => /^[\p{L}\p{Nd}_]$/u.test(char);

function isBeginAtomic(data) {
  let offset = data.length - "ATOMIC".length;
  if (offset < 0 || data.slice(offset).toUpperCase() !== "ATOMIC") return false;
  if (offset > 0 && isIdentifierChar(lastChar(data.slice(0, offset)))) return false;
  const prefix = data.slice(0, offset).trimEnd();
  offset = prefix.length - "BEGIN".length;
  if (offset < 0 || prefix.slice(offset).toUpperCase() !== "BEGIN") return false;
  return offset === 0 || !isIdentifierChar(lastChar(prefix.slice(0, offset)));
}

const lastChar = (text) => Array.from(text).at(-1) ?? "";

const READY = {
  next(char, data) {
    switch (char) {
      case "$":
        return tagState(data.length - 1);
      case "'":
      case '"':
        return quoteState(char);
      case "-":
        return COMMENT;
      case "/":
        return blockState();
      case "\\":
        return ESCAPE;
      case ";":
        return null;
      case "(":
        return atomicState(READY, ")");
      case "c":
      case "C":
        if (isBeginAtomic(data)) return atomicState(READY, "END");
    }
    return READY;
  },
};

const COMMENT = { next: (char, data) => (char === "-" ? dollarState("\n") : READY.next(char, data)) };
const ESCAPE = { next: () => READY };

function blockState() {
  let depth = 0;
  return {
    next(char, data) {
      const window = data.slice(-2);
      if (window === "/*") {
        depth += 1;
        return this;
      }
      if (depth === 0) return READY.next(char, data);
      if (window === "*/") {
        depth -= 1;
        if (depth === 0) return READY;
      }
      return this;
    },
  };
}

function quoteState(delimiter) {
  let escape = false;
  return {
    next(char, data) {
      if (escape) {
        if (char === delimiter) {
          escape = false;
          return this;
        }
        return READY.next(char, data);
      }
      if (char === delimiter) escape = true;
      return this;
    },
  };
}

function dollarState(delimiter) {
  return {
    next(_char, data) {
      return data.endsWith(delimiter) ? READY : this;
    },
  };
}

function tagState(offset) {
  return {
    next(char, data) {
      if (char === "$") return dollarState(data.slice(offset));
      if (isTagChar(char)) return this;
      return READY.next(char, data);
    },
  };
}

function atomicState(previous, delimiter) {
  let prev = previous;
  return {
    next(char, data) {
      const current = prev.next(char, data);
      if (current !== null) prev = current;
      if (prev === READY && data.slice(-delimiter.length).toUpperCase() === delimiter.toUpperCase()) return READY;
      return this;
    },
  };
}
