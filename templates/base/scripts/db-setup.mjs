// `pnpm db:setup` (local development and CI): the local auth shim (only without Supabase, which has its own `auth`
// schema), then the pending migrations exactly as `pnpm db:migrate` applies them, then the demo seed once. The seed
// is never applied to a Supabase-hosted database: it is demo data whose alice@example.com holds every role.
// `--dir <folder>` reads supabase/ from that folder instead (CI builds a database from the base branch's files).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { applyMigrations, applySeed, databaseUrl, SEED_FILE } from "./migrations.mjs";

const label = "db:setup";
const { values } = parseArgs({ options: { dir: { type: "string" } } });
const root = values.dir ?? ".";
const url = databaseUrl(label);
const hosted = /(^|\.)supabase\.(co|com)$/.test(hostOf(url));
const log = (line) => console.log(`${label}: ${line}`);

const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
try {
  if (!process.env.NEXT_PUBLIC_SUPABASE_URL && !hosted) {
    const shim = [join(root, "supabase/local/auth-shim.sql"), "supabase/local/auth-shim.sql"].find((path) => existsSync(path));
    if (shim) {
      await sql.begin((tx) => tx.unsafe(readFileSync(shim, "utf8")));
      log(`applied ${shim}`);
    }
  }
  await applyMigrations(sql, { root, log });
  if (hosted) log(`skipped ${SEED_FILE}: ${hostOf(url)} is a Supabase-hosted database, and the seed is demo data for local and CI databases only`);
  else await applySeed(sql, { root, log });
} catch (error) {
  console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}

function hostOf(connection) {
  try {
    return new URL(connection).hostname;
  } catch {
    return "";
  }
}
