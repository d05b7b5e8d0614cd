// The db stage: manifest -> Supabase migrations, seed and a local auth shim. Pure and deterministic.
// Migrations on the base branch are history: a database that applied them is never asked to apply them again, so
// they are never rewritten. The first migration holds the whole schema; every later one is planned from the
// difference between the manifest the base's migrations were made for (appgen/database.json) and this one.
import { canonicalJson } from "../../manifest/canonical.ts";
import type { Manifest } from "../../schema-types/manifest.ts";
import type { GeneratedFile } from "../types.ts";
import { renderAuthShim } from "./auth-shim.ts";
import { planMigration, type SchemaMigration } from "./evolve.ts";
import { renderMigration } from "./migration.ts";
import {
  AUTH_SHIM_PATH,
  DATABASE_STATE_PATH,
  MIGRATION_PATH,
  MIGRATIONS_DIR,
  SEED_PATH,
  migrationVersion,
} from "./names.ts";
import { renderSeed } from "./seed.ts";

export { FIELD_PATTERNS, columnType } from "./columns.ts";
export { describeMigration, planMigration, type SchemaMigration } from "./evolve.ts";
export {
  AUTH_SHIM_PATH,
  DATABASE_STATE_PATH,
  MIGRATION_PATH,
  MIGRATIONS_DIR,
  SEED_PATH,
  columnName,
  isMigrationPath,
  joinTable,
  migrationVersion,
  seedRowId,
  type JoinTable,
} from "./names.ts";
export { DEMO_USERS, SEED_ROWS_PER_ENTITY, type DemoUser } from "./seed.ts";

/** What the branch's base tells the db stage about databases that already exist. */
export interface MigrationHistory {
  /** Migrations on the base (app-relative paths): deployed databases have applied them; never rewritten. */
  applied: readonly string[];
  /** The manifest whose schema those migrations produce. */
  schema: Manifest;
  /** Migrations appgen wrote on this branch that the base does not have: the change's own, rewritten as it changes. */
  pending: readonly string[];
  /** The current time, for the name of a new migration. */
  now: Date;
}

export interface DatabaseChange {
  files: GeneratedFile[];
  /** The change's migration after the first one: where it is, what it changes, and what it may lose. */
  migration?: Pick<SchemaMigration, "changes" | "warnings"> & { path: string };
}

/** The db stage's files, in a fixed order. Expects a manifest that passed validateManifest. */
export function renderDatabase(manifest: Manifest, history?: MigrationHistory): GeneratedFile[] {
  return databaseChange(manifest, history).files;
}

export function databaseChange(manifest: Manifest, history?: MigrationHistory): DatabaseChange {
  const common: GeneratedFile[] = [
    { path: SEED_PATH, content: renderSeed(manifest) },
    { path: AUTH_SHIM_PATH, content: renderAuthShim() },
    { path: DATABASE_STATE_PATH, content: canonicalJson(manifest) },
  ];
  if (!history || history.applied.length === 0) {
    return { files: [{ path: MIGRATION_PATH, content: renderMigration(manifest) }, ...common] };
  }
  const migration = planMigration(history.schema, manifest);
  if (!migration) return { files: common };
  const path = `${MIGRATIONS_DIR}/${newVersion(history)}_${migration.name}.sql`;
  return {
    files: [{ path, content: migration.sql }, ...common],
    migration: { path, changes: migration.changes, warnings: migration.warnings },
  };
}

/**
 * The version (UTC timestamp, as the Supabase CLI writes it) of the change's migration: the pending one's, so that
 * rewriting it in a later round keeps its place, unless the base has meanwhile gained a later one.
 */
function newVersion(history: MigrationHistory): string {
  const latest =
    history.applied
      .map(migrationVersion)
      .filter((v): v is string => v !== undefined)
      .sort(byNumber)
      .at(-1) ?? "0";
  const pending = history.pending
    .map(migrationVersion)
    .filter((v): v is string => v !== undefined)
    .sort(byNumber)
    .at(-1);
  if (pending !== undefined && byNumber(pending, latest) > 0) return pending;
  const now = timestamp(history.now);
  return byNumber(now, latest) > 0 ? now : (BigInt(latest) + 1n).toString();
}

function byNumber(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
