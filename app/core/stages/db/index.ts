// The db stage: manifest -> Supabase migration, seed and a local auth shim. Pure and deterministic.
import type { Manifest } from "../../schema-types/manifest.ts";
import type { GeneratedFile } from "../types.ts";
import { renderAuthShim } from "./auth-shim.ts";
import { renderMigration } from "./migration.ts";
import { AUTH_SHIM_PATH, MIGRATION_PATH, SEED_PATH } from "./names.ts";
import { renderSeed } from "./seed.ts";

export { FIELD_PATTERNS, columnType } from "./columns.ts";
export { AUTH_SHIM_PATH, MIGRATION_PATH, SEED_PATH, columnName, joinTable, seedRowId, type JoinTable } from "./names.ts";
export { DEMO_USERS, SEED_ROWS_PER_ENTITY, type DemoUser } from "./seed.ts";

/** The files of the db stage, in a fixed order. Expects a manifest that passed validateManifest. */
export function renderDatabase(manifest: Manifest): GeneratedFile[] {
  return [
    { path: MIGRATION_PATH, content: renderMigration(manifest) },
    { path: SEED_PATH, content: renderSeed(manifest) },
    { path: AUTH_SHIM_PATH, content: renderAuthShim() },
  ];
}
