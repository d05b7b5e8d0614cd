// `pnpm db:migrate`: applies the pending migrations in supabase/migrations to DATABASE_URL, each in its own
// transaction, recorded as `supabase db push` records them (see migrations.mjs). This is what deploy runs against
// the production database before the new code goes live, so it never applies the seed (demo data) or the local
// auth shim. Safe to run again: applied migrations are skipped; two runs at once take turns.
import postgres from "postgres";
import { applyMigrations, databaseUrl } from "./migrations.mjs";

const label = "db:migrate";
const sql = postgres(databaseUrl(label), { max: 1, prepare: false, onnotice: () => {} });
try {
  await applyMigrations(sql, { log: (line) => console.log(`${label}: ${line}`) });
} catch (error) {
  console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}
