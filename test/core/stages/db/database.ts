// Applies the db stage's files to a real database and runs statements the way the generated app does.
import type postgres from "postgres";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { AUTH_SHIM_PATH, MIGRATION_PATH, SEED_PATH, renderDatabase } from "../../../../app/core/stages/db/index.ts";
import type { PostgresCluster } from "../../../helpers/postgres.ts";

export function fileContent(manifest: Manifest, path: string): string {
  const file = renderDatabase(manifest).find((f) => f.path === path);
  if (!file) throw new Error(`renderDatabase produced no ${path}`);
  return file.content;
}

/** A fresh database with the shim (twice: it must be idempotent), the migration and the seed applied. */
export async function databaseFor(cluster: PostgresCluster, name: string, manifest: Manifest): Promise<postgres.Sql> {
  await cluster.createDatabase(name);
  const sql = cluster.connect({ database: name });
  const shim = fileContent(manifest, AUTH_SHIM_PATH);
  await sql.unsafe(shim);
  await sql.unsafe(shim);
  await sql.unsafe(fileContent(manifest, MIGRATION_PATH));
  await sql.unsafe(fileContent(manifest, SEED_PATH));
  return sql;
}

export type Session = { role: "anon" } | { role: "authenticated"; userId: string } | { role: "service_role" };

/** Runs `fn` in one transaction as a request of the generated app would: switched role plus JWT claims. */
export function as<T>(
  sql: postgres.Sql,
  session: Session,
  fn: (tx: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local role ${session.role}`);
    const claims =
      session.role === "authenticated" ? { sub: session.userId, role: session.role } : { role: session.role };
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return fn(tx);
  }) as Promise<T>;
}

export async function count(sql: postgres.Sql | postgres.TransactionSql, table: string): Promise<number> {
  const [row] = await sql`select count(*)::int as n from ${sql("public")}.${sql(table)}`;
  return (row as { n: number }).n;
}

/** Everything about the public schema a migration could get wrong, in a form two databases can be compared in. */
export async function catalog(sql: postgres.Sql): Promise<Record<string, string[]>> {
  const rows = async (query: string) => (await sql.unsafe(query)).map((r) => Object.values(r).map(String).join(" | "));
  return {
    columns:
      await rows(`select table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''), is_nullable, coalesce(column_default, ''), coalesce(generation_expression, '')
      from information_schema.columns where table_schema = 'public' order by 1, 2`),
    constraints:
      await rows(`select conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) from pg_constraint
      where connamespace = 'public'::regnamespace order by 1, 2`),
    indexes: await rows(
      `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
    ),
    policies: await rows(
      `select tablename, policyname, cmd, roles::text, coalesce(qual, ''), coalesce(with_check, '') from pg_policies where schemaname = 'public' order by 1, 2`,
    ),
    triggers: await rows(
      `select tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) from pg_trigger where not tgisinternal order by 1, 2`,
    ),
    functions: await rows(
      `select p.proname, pg_get_functiondef(p.oid) from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`,
    ),
    grants:
      await rows(`select table_name, grantee, string_agg(privilege_type, ',' order by privilege_type) from information_schema.role_table_grants
      where table_schema = 'public' and grantee in ('anon', 'authenticated', 'service_role') group by 1, 2 order by 1, 2`),
    comments:
      await rows(`select c.relname, coalesce(a.attname, ''), d.description from pg_description d join pg_class c on c.oid = d.objoid
      left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid where c.relnamespace = 'public'::regnamespace order by 1, 2`),
    rls: await rows(
      `select relname, relrowsecurity::text, relforcerowsecurity::text from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
    ),
  };
}
