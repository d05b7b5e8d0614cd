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
export function as<T>(sql: postgres.Sql, session: Session, fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local role ${session.role}`);
    const claims = session.role === "authenticated" ? { sub: session.userId, role: session.role } : { role: session.role };
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return fn(tx);
  }) as Promise<T>;
}

export async function count(sql: postgres.Sql | postgres.TransactionSql, table: string): Promise<number> {
  const [row] = await sql`select count(*)::int as n from ${sql("public")}.${sql(table)}`;
  return (row as { n: number }).n;
}
