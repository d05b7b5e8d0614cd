// Names of the database objects a manifest maps to; the API and app code reuse them to address the same columns.
import { createHash } from "node:crypto";
import { foreignKeyColumn, joinTableName, singularName } from "../../naming.ts";
import type { Entity, Field } from "../../schema-types/manifest.ts";

/** Where the Supabase CLI (and `pnpm db:migrate`) find migrations: applied in name order, each once. */
export const MIGRATIONS_DIR = "supabase/migrations";
/** The app's first migration: the whole schema. Rewritten only until it is on the base branch. */
export const MIGRATION_PATH = `${MIGRATIONS_DIR}/20250101000000_appgen_schema.sql`;
/** The manifest the migrations in MIGRATIONS_DIR bring a database to; the next change is planned from it. */
export const DATABASE_STATE_PATH = "appgen/database.json";

export function isMigrationPath(path: string): boolean {
  return (
    path.startsWith(`${MIGRATIONS_DIR}/`) &&
    path.endsWith(".sql") &&
    !path.slice(MIGRATIONS_DIR.length + 1).includes("/")
  );
}

/** The version of a migration file, as Supabase reads it: the digits before the first underscore. */
export function migrationVersion(path: string): string | undefined {
  return /^(\d+)_/.exec(path.slice(path.lastIndexOf("/") + 1))?.[1];
}

export const SEED_PATH = "supabase/seed.sql";
/** Outside supabase/migrations so the Supabase CLI never applies it; for plain PostgreSQL only. */
export const AUTH_SHIM_PATH = "supabase/local/auth-shim.sql";

/** Postgres silently truncates longer identifiers, which could make two names equal. Manifest names are ASCII. */
const MAX_IDENTIFIER_BYTES = 63;

/** Joins parts with '_'; a name longer than Postgres allows keeps its start and gets a hash of the whole name. */
export function objectName(...parts: string[]): string {
  const name = parts.join("_");
  if (name.length <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER_BYTES - hash.length - 1)}_${hash}`;
}

export function isManyToMany(field: Field): boolean {
  return field.type === "relation" && field.relation?.cardinality === "many_to_many";
}

/** Column that stores a field on the entity's own table; undefined for many-to-many fields (they live in a join table). */
export function columnName(field: Field): string | undefined {
  if (isManyToMany(field)) return undefined;
  return field.type === "relation" ? foreignKeyColumn(field.name) : field.name;
}

export interface JoinTable {
  table: string;
  /** References the entity that declares the many-to-many field. */
  sourceColumn: string;
  /** References the field's target entity. */
  targetColumn: string;
}

/** The join table of a many-to-many field: projects.tags -> projects_tags (project_id, tag_id). */
export function joinTable(entity: Entity, field: Field): JoinTable {
  const sourceColumn = foreignKeyColumn(entity.name);
  let targetColumn = foreignKeyColumn(singularName(field.name));
  // A self-relation such as person.persons would otherwise name both columns person_id.
  if (targetColumn === sourceColumn) targetColumn = `related_${targetColumn}`;
  return { table: joinTableName(entity.table, field.name), sourceColumn, targetColumn };
}

/** Seeded rows have fixed ids so tests and demos can address them: a UUID (version 8) hashed from entity and index. */
export function seedRowId(entityName: string, index: number): string {
  return hashUuid(`appgen-seed:${entityName}:${index}`);
}

function hashUuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
