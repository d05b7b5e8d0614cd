// Applies the database schema to DATABASE_URL: the local auth shim (only without Supabase, which has its own
// `auth` schema), then every migration in name order, then the seed. Each file runs in one transaction.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("db:setup: DATABASE_URL is not set. Copy .env.example to .env and fill it in, or export it.");
  process.exit(1);
}

const files = [];
if (!process.env.NEXT_PUBLIC_SUPABASE_URL) files.push("supabase/local/auth-shim.sql");
const migrations = "supabase/migrations";
if (existsSync(migrations)) {
  for (const name of readdirSync(migrations).filter((n) => n.endsWith(".sql")).sort()) files.push(join(migrations, name));
}
if (existsSync("supabase/seed.sql")) files.push("supabase/seed.sql");

const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  for (const file of files) {
    if (!existsSync(file)) continue;
    await sql.begin((tx) => tx.unsafe(readFileSync(file, "utf8")));
    console.log(`db:setup: applied ${file}`);
  }
} catch (error) {
  console.error(`db:setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}
