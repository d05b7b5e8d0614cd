import "server-only";

import type { Tx } from "@/lib/db";
import { isManyToMany, type EntityDefinition, type FieldDefinition, type RecordRow, type Ref } from "@/lib/entity";

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
  /** Exact matches, keyed by field name. */
  filters: Record<string, string | boolean>;
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
    if (!relation) {
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
        `(select r.${ident(relation.targetLabelColumn)}::text from public.${ident(relation.targetTable)} r where r.id = ${column}) as ${ident(refKey(field))}`,
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
    if (!field.relation) continue;
    const label = raw[refKey(field)];
    if (isManyToMany(field)) {
      refs[field.name] = Array.isArray(label) ? (label as Ref[]) : [];
    } else {
      const id = raw[field.property];
      refs[field.name] = typeof id === "string" ? { id, label: typeof label === "string" && label !== "" ? label : id } : null;
    }
  }
  if (Object.keys(refs).length > 0) row._refs = refs;
  return row as RecordRow;
}

function whereClause(entity: EntityDefinition, query: Pick<ListQuery, "q" | "filters">, statement: Statement): string {
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
    conditions.push(`t.${ident(field.column)} = ${statement.value(value)}`);
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

/** Validated input, keyed by property. */
export type RecordInput = Record<string, unknown>;

function columnValue(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

async function replaceLinks(tx: Tx, entity: EntityDefinition, id: string, input: RecordInput): Promise<void> {
  for (const field of entity.fields) {
    const relation = field.relation;
    if (!isManyToMany(field) || !relation?.joinTable || !relation.sourceColumn || !relation.targetColumn) continue;
    const ids = input[field.property];
    if (!Array.isArray(ids)) continue;
    const join = ident(relation.joinTable);
    const remove = new Statement();
    await tx.unsafe(`delete from public.${join} where ${ident(relation.sourceColumn)} = ${remove.value(id)}`, remove.params);
    if (ids.length === 0) continue;
    const insert = new Statement();
    const source = insert.value(id);
    const values = [...new Set(ids.map(String))].map((target) => `(${source}, ${insert.value(target)})`).join(", ");
    await tx.unsafe(
      `insert into public.${join} (${ident(relation.sourceColumn)}, ${ident(relation.targetColumn)}) values ${values}`,
      insert.params,
    );
  }
}

export async function createRecord(tx: Tx, entity: EntityDefinition, input: RecordInput): Promise<RecordRow> {
  const statement = new Statement();
  const columns: string[] = [];
  const values: string[] = [];
  for (const field of entity.fields) {
    if (!field.column || !(field.property in input) || input[field.property] === undefined) continue;
    columns.push(ident(field.column));
    values.push(statement.value(columnValue(input[field.property])));
  }
  const table = `public.${ident(entity.table)}`;
  const sqlText = columns.length > 0 ? `insert into ${table} (${columns.join(", ")}) values (${values.join(", ")}) returning id` : `insert into ${table} default values returning id`;
  const [row] = await tx.unsafe(sqlText, statement.params);
  const id = String(row?.id);
  await replaceLinks(tx, entity, id, input);
  const created = await getRecord(tx, entity, id);
  if (!created) throw new Error(`the new ${entity.label} could not be read back`);
  return created;
}

export async function updateRecord(tx: Tx, entity: EntityDefinition, id: string, input: RecordInput): Promise<RecordRow | null> {
  if (!isUuid(id)) return null;
  const statement = new Statement();
  const assignments = ["updated_at = now()"];
  for (const field of entity.fields) {
    if (!field.column || !(field.property in input) || input[field.property] === undefined) continue;
    assignments.push(`${ident(field.column)} = ${statement.value(columnValue(input[field.property]))}`);
  }
  const rows = await tx.unsafe(
    `update public.${ident(entity.table)} set ${assignments.join(", ")} where id = ${statement.value(id)} returning id`,
    statement.params,
  );
  if (rows.length === 0) return null;
  await replaceLinks(tx, entity, id, input);
  return getRecord(tx, entity, id);
}

export async function deleteRecord(tx: Tx, entity: EntityDefinition, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const statement = new Statement();
  const rows = await tx.unsafe(`delete from public.${ident(entity.table)} where id = ${statement.value(id)} returning id`, statement.params);
  return rows.length > 0;
}

/** Choices for a relation picker: the target's rows this user can see, by label. */
export async function relationOptions(tx: Tx, field: FieldDefinition, limit = 500): Promise<Ref[]> {
  const relation = field.relation;
  if (!relation) return [];
  const label = ident(relation.targetLabelColumn);
  const statement = new Statement();
  const rows = await tx.unsafe(
    `select id::text as id, coalesce(${label}::text, id::text) as label from public.${ident(relation.targetTable)} order by 2 limit ${statement.value(limit)}`,
    statement.params,
  );
  return rows.map((row) => ({ id: String(row.id), label: String(row.label) }));
}
