import "server-only";

import type { Tx } from "@/lib/db";
import {
  type ActionDefinition,
  HIDDEN_LABEL,
  isManyToMany,
  RELATION_PAGE_SIZE,
  type EntityDefinition,
  type FieldDefinition,
  type RecordRow,
  type Ref,
  type RelationChoices,
} from "@/lib/entity";
import { AppError } from "@/lib/errors";

// Identifiers come from the generated entity definitions, never from a request; values always travel as parameters.
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

class Statement {
  readonly params: (string | number | boolean | null)[] = [];
  value(value: string | number | boolean | null): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

export interface ListQuery {
  q?: string;
  sort: string;
  order: "asc" | "desc";
  page: number;
  perPage: number;
  /** Exact matches, keyed by field name; null matches rows without a value. */
  filters: Record<string, string | boolean | null>;
  /** Inclusive bounds of number and date fields, keyed by field name (dates as YYYY-MM-DD). */
  ranges?: Record<string, { min?: string | number; max?: string | number }>;
}

export interface ListResult {
  data: RecordRow[];
  total: number;
}

const refKey = (field: FieldDefinition) => `_ref_${field.name}`;

function valueExpression(field: FieldDefinition): string {
  const column = `t.${ident(field.column ?? field.name)}`;
  switch (field.type) {
    case "date":
      return `${column}::text`;
    case "integer":
    case "decimal":
    case "money":
      return `${column}::float8`;
    default:
      return column;
  }
}

function selectList(entity: EntityDefinition): string {
  const columns = ["t.id", "t.created_at", "t.updated_at"];
  if (entity.ownership === "user") columns.push("t.owner_id");
  for (const field of entity.fields) {
    const relation = field.relation;
    if (field.type === "user") {
      const column = `t.${ident(field.column ?? field.property)}`;
      columns.push(`${column}::text as ${ident(field.property)}`, `public.appgen_user_email(${column}) as ${ident(refKey(field))}`);
    } else if (!relation) {
      columns.push(`${valueExpression(field)} as ${ident(field.property)}`);
    } else if (isManyToMany(field) && relation.joinTable && relation.sourceColumn && relation.targetColumn) {
      const join = ident(relation.joinTable);
      const source = ident(relation.sourceColumn);
      const target = ident(relation.targetColumn);
      columns.push(
        `coalesce((select array_agg(j.${target}::text order by j.${target}) from public.${join} j where j.${source} = t.id), '{}') as ${ident(field.property)}`,
        `coalesce((select json_agg(json_build_object('id', r.id, 'label', r.${ident(relation.targetLabelColumn)}::text) order by r.${ident(relation.targetLabelColumn)}::text)` +
          ` from public.${join} j join public.${ident(relation.targetTable)} r on r.id = j.${target} where j.${source} = t.id), '[]'::json) as ${ident(refKey(field))}`,
      );
    } else {
      const column = `t.${ident(field.column ?? field.property)}`;
      columns.push(
        `${column} as ${ident(field.property)}`,
        // '' for a readable row without a label, null when row-level security hides the row (or there is none).
        `(select coalesce(r.${ident(relation.targetLabelColumn)}::text, '') from public.${ident(relation.targetTable)} r where r.id = ${column}) as ${ident(refKey(field))}`,
      );
    }
  }
  return columns.join(", ");
}

/** Database row -> API row: dates as ISO text, relation labels gathered under `_refs`. */
function toRecord(entity: EntityDefinition, raw: Record<string, unknown>): RecordRow {
  const row: Record<string, unknown> = {};
  const refs: Record<string, Ref | Ref[] | null> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("_ref_")) continue;
    row[key] = value instanceof Date ? value.toISOString() : value;
  }
  for (const field of entity.fields) {
    if (field.type === "user") {
      const id = raw[field.property];
      const email = raw[refKey(field)];
      refs[field.name] = typeof id === "string" ? { id, label: typeof email === "string" && email !== "" ? email : id } : null;
      continue;
    }
    if (!field.relation) continue;
    const label = raw[refKey(field)];
    if (isManyToMany(field)) {
      refs[field.name] = Array.isArray(label) ? (label as Ref[]) : [];
    } else {
      const id = raw[field.property];
      if (typeof id !== "string") refs[field.name] = null;
      else if (typeof label !== "string") refs[field.name] = { id, label: HIDDEN_LABEL, hidden: true };
      else refs[field.name] = { id, label: label !== "" ? label : id };
    }
  }
  if (Object.keys(refs).length > 0) row._refs = refs;
  return row as RecordRow;
}

function whereClause(entity: EntityDefinition, query: Pick<ListQuery, "q" | "filters" | "ranges">, statement: Statement): string {
  const conditions: string[] = [];
  const search = query.q?.trim();
  if (search && entity.searchFields.length > 0) {
    const pattern = statement.value(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const matches = entity.searchFields.map((name) => {
      const field = entity.fields.find((f) => f.name === name);
      return `t.${ident(field?.column ?? name)}::text ilike ${pattern}`;
    });
    conditions.push(`(${matches.join(" or ")})`);
  }
  for (const [name, value] of Object.entries(query.filters)) {
    const field = entity.fields.find((f) => f.name === name);
    if (!field?.column) continue;
    conditions.push(value === null ? `t.${ident(field.column)} is null` : `t.${ident(field.column)} = ${statement.value(value)}`);
  }
  for (const [name, range] of Object.entries(query.ranges ?? {})) {
    const field = entity.fields.find((f) => f.name === name);
    if (!field?.column) continue;
    // A date-time is compared by its day in UTC, so "to 2025-01-31" includes the whole of that day.
    const column = field.type === "datetime" ? `(t.${ident(field.column)} at time zone 'UTC')::date` : `t.${ident(field.column)}`;
    const cast = field.type === "date" || field.type === "datetime" ? "::date" : "";
    if (range.min !== undefined) conditions.push(`${column} >= ${statement.value(range.min)}${cast}`);
    if (range.max !== undefined) conditions.push(`${column} <= ${statement.value(range.max)}${cast}`);
  }
  return conditions.length > 0 ? `where ${conditions.join(" and ")}` : "";
}

export async function listRecords(tx: Tx, entity: EntityDefinition, query: ListQuery): Promise<ListResult> {
  const statement = new Statement();
  const where = whereClause(entity, query, statement);
  const sortField = entity.fields.find((f) => f.name === query.sort);
  const sortColumn = ident(sortField?.column ?? query.sort);
  const direction = query.order === "asc" ? "asc" : "desc";
  const table = `public.${ident(entity.table)} t`;
  const limit = statement.value(query.perPage);
  const offset = statement.value((query.page - 1) * query.perPage);
  const rows = await tx.unsafe(
    `select ${selectList(entity)} from ${table} ${where} order by t.${sortColumn} ${direction} nulls last, t.id ${direction} limit ${limit} offset ${offset}`,
    statement.params,
  );
  const countStatement = new Statement();
  const countWhere = whereClause(entity, query, countStatement);
  const [count] = await tx.unsafe(`select count(*)::int as total from ${table} ${countWhere}`, countStatement.params);
  return { data: rows.map((raw) => toRecord(entity, raw)), total: Number(count?.total ?? 0) };
}

export async function countRecords(tx: Tx, entity: EntityDefinition): Promise<number> {
  const [row] = await tx.unsafe(`select count(*)::int as total from public.${ident(entity.table)}`);
  return Number(row?.total ?? 0);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export async function getRecord(tx: Tx, entity: EntityDefinition, id: string): Promise<RecordRow | null> {
  if (!isUuid(id)) return null;
  const statement = new Statement();
  const rows = await tx.unsafe(`select ${selectList(entity)} from public.${ident(entity.table)} t where t.id = ${statement.value(id)}`, statement.params);
  const raw = rows[0];
  return raw ? toRecord(entity, raw) : null;
}

/** The signed-in person's own row of a singleton, also for roles that may read everyone's. */
export async function getMine(tx: Tx, entity: EntityDefinition): Promise<RecordRow | null> {
  const rows = await tx.unsafe(`select ${selectList(entity)} from public.${ident(entity.table)} t where t.owner_id = (select auth.uid())`);
  const raw = rows[0];
  return raw ? toRecord(entity, raw) : null;
}

/** Validated input, keyed by property. */
export type RecordInput = Record<string, unknown>;

function columnValue(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** Of `ids`, those naming rows of the field's target that this user can see. */
async function visibleTargets(tx: Tx, field: FieldDefinition, ids: readonly string[]): Promise<Set<string>> {
  if (!field.relation || ids.length === 0) return new Set();
  const statement = new Statement();
  const rows = await tx.unsafe(
    `select id::text as id from public.${ident(field.relation.targetTable)} where id = any(${statement.value(`{${ids.join(",")}}`)}::uuid[])`,
    statement.params,
  );
  return new Set(rows.map((row) => String(row.id)));
}

const noSuchRow = (field: FieldDefinition) =>
  new AppError(422, "validation_failed", `No such ${field.label.toLowerCase()}, or it is not yours.`, { [field.property]: `No such ${field.label.toLowerCase()}.` });

/**
 * Makes a row's visible links of each many-to-many field in `input` the given ones: removes the visible links that
 * are not wanted and adds the wanted ones that are missing. Links to rows the user cannot see are never listed
 * (row-level security hides them), so they are never removed; an unchanged field writes nothing.
 */
async function syncLinks(tx: Tx, entity: EntityDefinition, id: string, input: RecordInput): Promise<void> {
  for (const field of entity.fields) {
    const relation = field.relation;
    if (!isManyToMany(field) || !relation?.joinTable || !relation.sourceColumn || !relation.targetColumn) continue;
    const ids = input[field.property];
    if (!Array.isArray(ids)) continue;
    const join = `public.${ident(relation.joinTable)}`;
    const source = ident(relation.sourceColumn);
    const target = ident(relation.targetColumn);
    const wanted = new Set(ids.map((value) => String(value).toLowerCase()));
    const read = new Statement();
    const current = new Set(
      (await tx.unsafe(`select ${target}::text as id from ${join} where ${source} = ${read.value(id)}`, read.params)).map((row) => String(row.id)),
    );
    const removed = [...current].filter((linked) => !wanted.has(linked));
    const added = [...wanted].filter((linked) => !current.has(linked));
    const visible = await visibleTargets(tx, field, added);
    if (added.some((linked) => !visible.has(linked))) throw noSuchRow(field);
    if (removed.length > 0) {
      const remove = new Statement();
      await tx.unsafe(
        `delete from ${join} where ${source} = ${remove.value(id)} and ${target} = any(${remove.value(`{${removed.join(",")}}`)}::uuid[])`,
        remove.params,
      );
    }
    if (added.length > 0) {
      const insert = new Statement();
      const parent = insert.value(id);
      const values = added.map((linked) => `(${parent}, ${insert.value(linked)})`).join(", ");
      await tx.unsafe(`insert into ${join} (${source}, ${target}) values ${values}`, insert.params);
    }
  }
}

export async function createRecord(tx: Tx, entity: EntityDefinition, input: RecordInput): Promise<RecordRow> {
  const statement = new Statement();
  const columns: string[] = [];
  const values: string[] = [];
  for (const field of entity.fields) {
    if (!field.column || field.readOnly || !(field.property in input) || input[field.property] === undefined) continue;
    columns.push(ident(field.column));
    values.push(statement.value(columnValue(input[field.property])));
  }
  const table = `public.${ident(entity.table)}`;
  const sqlText = columns.length > 0 ? `insert into ${table} (${columns.join(", ")}) values (${values.join(", ")}) returning id` : `insert into ${table} default values returning id`;
  const [row] = await tx.unsafe(sqlText, statement.params);
  const id = String(row?.id);
  await syncLinks(tx, entity, id, input);
  const created = await getRecord(tx, entity, id);
  if (!created) throw new Error(`the new ${entity.label} could not be read back`);
  return created;
}

/** The same reference: ids compare without regard to case, and null equals null. */
function sameReference(stored: unknown, given: unknown): boolean {
  const norm = (value: unknown) => (value === null || value === undefined ? null : String(value).toLowerCase());
  return norm(stored) === norm(given);
}

/**
 * Changes the given properties. A reference that is given unchanged is not written, and a many-to-many field changes
 * only the links that differ (see syncLinks), so saving a form never touches relations the editor left alone, even
 * where they point at rows the editor cannot see. The comparison is with the stored row, never with anything the
 * client claims the old value was.
 */
export async function updateRecord(tx: Tx, entity: EntityDefinition, id: string, input: RecordInput): Promise<RecordRow | null> {
  if (!isUuid(id)) return null;
  const stored = await getRecord(tx, entity, id);
  if (!stored) return null;
  const statement = new Statement();
  const assignments = ["updated_at = now()"];
  for (const field of entity.fields) {
    if (!field.column || field.readOnly || !(field.property in input) || input[field.property] === undefined) continue;
    if (field.relation && sameReference(stored[field.property], input[field.property])) continue;
    assignments.push(`${ident(field.column)} = ${statement.value(columnValue(input[field.property]))}`);
  }
  const rows = await tx.unsafe(
    `update public.${ident(entity.table)} set ${assignments.join(", ")} where id = ${statement.value(id)} returning id`,
    statement.params,
  );
  if (rows.length === 0) return null;
  await syncLinks(tx, entity, id, input);
  return getRecord(tx, entity, id);
}

export async function deleteRecord(tx: Tx, entity: EntityDefinition, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const statement = new Statement();
  const rows = await tx.unsafe(`delete from public.${ident(entity.table)} where id = ${statement.value(id)} returning id`, statement.params);
  return rows.length > 0;
}

/**
 * Choices for a relation picker: the target's rows this user can see, by label, the first `limit` of those whose
 * label contains `q`, and how many match in all (a picker with more than one page offers a search).
 */
export async function relationChoices(tx: Tx, field: FieldDefinition, q = "", limit = RELATION_PAGE_SIZE): Promise<RelationChoices> {
  const relation = field.relation;
  if (!relation) return { options: [], total: 0 };
  const label = `coalesce(${ident(relation.targetLabelColumn)}::text, id::text)`;
  const statement = new Statement();
  const search = q.trim();
  const where = search ? `where ${label} ilike ${statement.value(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}` : "";
  const table = `public.${ident(relation.targetTable)}`;
  const rows = await tx.unsafe(
    `select id::text as id, ${label} as label, count(*) over ()::int as total from ${table} ${where} order by 2, 1 limit ${statement.value(limit)}`,
    statement.params,
  );
  return { options: rows.map((row) => ({ id: String(row.id), label: String(row.label) })), total: Number(rows[0]?.total ?? 0) };
}

/** The signed-in user's roles (the policy on user_roles lets each user read their own). */
export async function userRoles(tx: Tx): Promise<string[]> {
  const rows = await tx.unsafe(`select role from public.user_roles where user_id = (select auth.uid()) order by role`);
  return rows.map((row) => String(row.role));
}

/**
 * Runs an action through its database function, in this transaction and under the user's row-level security; answers
 * the id it returns (the created row's, or the acting row's). The function checks roles, the row and the guard itself.
 */
export async function runAction(tx: Tx, action: ActionDefinition, id: string | null, input: RecordInput): Promise<string> {
  const statement = new Statement();
  const values: Record<string, string | number | boolean | null> = {};
  for (const field of action.inputs) if (field.property in input) values[field.property] = columnValue(input[field.property]);
  const [row] = await tx.unsafe(
    `select public.${ident(action.function)}(${statement.value(id)}::uuid, ${statement.value(JSON.stringify(values))}::text::jsonb)::text as id`,
    statement.params,
  );
  return String(row?.id);
}
