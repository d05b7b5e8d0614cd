// What a weak model gets wrong in a way that has one obvious meaning is fixed here, before validation, so a repair
// round is spent only on what needs judgement. Pure and total: it never throws, never adds an entity or a field,
// and leaves whatever it does not recognise exactly as it was, for ajv and the semantic checks to report.
import type { Manifest } from "../schema-types/manifest.ts";
import { FIELD_TYPES as ALL_FIELD_TYPES, validateManifest } from "../manifest/index.ts";
import { identifierFrom, pluralName, singularName } from "../naming.ts";

type Json = Record<string, unknown>;

export interface NormaliseOptions {
  /** On a re-plan: fields that already exist under these names are never renamed or retyped by the `_id` rule. */
  previous?: Manifest;
}

export interface Normalised {
  value: unknown;
  /** One short "from → to" per change, in the order they were made. */
  notes: string[];
}

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const OPTION = /^[a-z0-9][a-z0-9_]*$/;
const SYSTEM_COLUMNS = new Set(["id", "created_at", "updated_at", "owner_id"]);

/** Field type synonyms (keys in snake_case, compared after snake-casing the model's word). `number` is decided by its values. */
export const TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  string: "text",
  str: "text",
  varchar: "text",
  char: "text",
  character_varying: "text",
  short_text: "text",
  shorttext: "text",
  line: "text",
  textarea: "long_text",
  longtext: "long_text",
  text_area: "long_text",
  multiline: "long_text",
  multi_line: "long_text",
  richtext: "long_text",
  rich_text: "long_text",
  markdown: "long_text",
  paragraph: "long_text",
  memo: "long_text",
  clob: "long_text",
  email_address: "email",
  mail: "email",
  uri: "url",
  link: "url",
  website: "url",
  href: "url",
  telephone: "phone",
  tel: "phone",
  phone_number: "phone",
  phonenumber: "phone",
  mobile: "phone",
  int: "integer",
  int32: "integer",
  int64: "integer",
  bigint: "integer",
  smallint: "integer",
  long: "integer",
  whole_number: "integer",
  float: "decimal",
  double: "decimal",
  real: "decimal",
  numeric: "decimal",
  float64: "decimal",
  double_precision: "decimal",
  currency: "money",
  monetary: "money",
  bool: "boolean",
  checkbox: "boolean",
  flag: "boolean",
  yes_no: "boolean",
  toggle: "boolean",
  timestamp: "datetime",
  timestamptz: "datetime",
  date_time: "datetime",
  time_stamp: "datetime",
  timestamp_with_time_zone: "datetime",
  instant: "datetime",
  select: "enum",
  choice: "enum",
  choices: "enum",
  dropdown: "enum",
  enumeration: "enum",
  picklist: "enum",
  reference: "relation",
  ref: "relation",
  foreign_key: "relation",
  fk: "relation",
  relationship: "relation",
  belongs_to: "relation",
  lookup: "relation",
};
const FIELD_TYPES: ReadonlySet<string> = new Set(ALL_FIELD_TYPES);
/** Types a model gives a foreign-key column (`project_id: integer`); with an `x_id` name and an entity `x` they mean a relation. */
const ID_COLUMN_TYPES = new Set(["integer", "text", "relation", "uuid", "id", "serial"]);

/** Field-level keys that mean a property of the field's `relation`. */
const RELATION_KEYS: Readonly<Record<string, "target" | "cardinality" | "on_delete">> = {
  ref: "target",
  references: "target",
  target: "target",
  foreign_key: "target",
  relation_target: "target",
  cardinality: "cardinality",
  on_delete: "on_delete",
};
/** Field-level keys that mean `options`. */
const OPTION_KEYS = ["values", "choices", "enum", "enum_values"];

/** Closed vocabularies whose values a model writes in another case or with hyphens or spaces. */
const ENUMS = {
  ownership: new Set(["user", "shared"]),
  cardinality: new Set(["many_to_one", "one_to_one", "many_to_many"]),
  on_delete: new Set(["cascade", "set_null", "restrict"]),
  kind: new Set(["dashboard", "list", "detail", "form", "board", "calendar"]),
  provider: new Set(["email", "magic_link", "github", "google"]),
};

function snake(value: string): string | undefined {
  return IDENTIFIER.test(value) ? value : identifierFrom(value);
}

function kebab(value: string): string | undefined {
  if (KEBAB.test(value)) return value;
  const k = value
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[-0-9]+|-+$/g, "");
  return k && KEBAB.test(k) ? k : undefined;
}

function option(value: string): string | undefined {
  if (OPTION.test(value)) return value;
  const o = value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 48);
  return o && OPTION.test(o) ? o : undefined;
}

function closed(value: unknown, allowed: Set<string>, what: string, notes: string[]): unknown {
  if (!isString(value) || allowed.has(value)) return value;
  const id = identifierFrom(value);
  if (!id || !allowed.has(id)) return value;
  notes.push(`${what} ${value} → ${id}`);
  return id;
}

function boolean(value: unknown, what: string, notes: string[]): unknown {
  if (value !== "true" && value !== "false") return value;
  notes.push(`${what} "${value}" → ${value}`);
  return value === "true";
}

/** Normalises the model's JSON answer; a valid manifest comes back as it was, with no notes. */
export function normaliseModelManifest(raw: unknown, options: NormaliseOptions = {}): Normalised {
  try {
    if (!isRecord(raw) || validateManifest(raw).ok) return { value: raw, notes: [] };
    const notes: string[] = [];
    const value = normaliseRoot(structuredClone(raw), notes, options.previous);
    return { value, notes };
  } catch {
    return { value: raw, notes: [] };
  }
}

/** Renames a list of named things to snake_case, skipping a rename that would collide; returns raw → final names. */
function renameAll(items: Json[], what: string, notes: string[]): Map<string, string> {
  const map = new Map<string, string>();
  const taken = new Set(items.map((item) => item.name).filter(isString));
  for (const item of items) {
    if (!isString(item.name)) continue;
    const next = snake(item.name);
    if (next !== undefined && next !== item.name && !taken.has(next)) {
      notes.push(`${what} ${item.name} → ${next}`);
      taken.add(next);
      map.set(item.name, next);
      item.name = next;
    }
  }
  return map;
}

/** A name as one of `names`: itself, through a rename, or in another case or number. Undefined if it names none. */
function resolveName(
  value: unknown,
  names: Set<string>,
  renames: Map<string, string>,
  plural: boolean,
): string | undefined {
  if (!isString(value)) return undefined;
  if (names.has(value)) return value;
  const renamed = renames.get(value);
  if (renamed !== undefined) return renamed;
  const id = identifierFrom(value);
  if (id === undefined) return undefined;
  if (names.has(id)) return id;
  if (!plural) return undefined;
  const single = singularName(id);
  if (names.has(single)) return single;
  for (const name of names) if (pluralName(name) === id) return name;
  return undefined;
}

function normaliseRoot(m: Json, notes: string[], previous: Manifest | undefined): Json {
  if (isString(m.slug)) {
    const slug = kebab(m.slug);
    if (slug !== undefined && slug !== m.slug) {
      notes.push(`slug ${m.slug} → ${slug}`);
      m.slug = slug;
    }
  }

  // Roles, and every place that names one.
  let roleRenames = new Map<string, string>();
  if (Array.isArray(m.roles)) {
    m.roles = m.roles.map((r) => (isString(r) ? { name: r } : r));
    roleRenames = renameAll((m.roles as unknown[]).filter(isRecord), "role", notes);
  }
  const roleNames = new Set(
    Array.isArray(m.roles)
      ? m.roles
          .filter(isRecord)
          .map((r) => r.name)
          .filter(isString)
      : [],
  );
  const role = (value: unknown): unknown => resolveName(value, roleNames, roleRenames, false) ?? value;
  if (isRecord(m.auth)) {
    if (m.auth.default_role !== undefined) m.auth.default_role = role(m.auth.default_role);
    if (Array.isArray(m.auth.providers))
      m.auth.providers = m.auth.providers.map((p) => closed(p, ENUMS.provider, "provider", notes));
    if (m.auth.required !== undefined) m.auth.required = boolean(m.auth.required, "auth.required", notes);
  }

  if (!Array.isArray(m.entities)) return m;
  const entities = m.entities.filter(isRecord);
  const entityRenames = renameAll(entities, "entity", notes);
  const entityNames = new Set(entities.map((e) => e.name).filter(isString));
  const entity = (value: unknown) => resolveName(value, entityNames, entityRenames, true);

  for (const e of entities) {
    if (isString(e.path)) {
      const path = kebab(e.path);
      if (path !== undefined && path !== e.path) {
        notes.push(`path ${e.path} → ${path}`);
        e.path = path;
      }
    }
    if (isString(e.table) && !IDENTIFIER.test(e.table)) {
      const table = identifierFrom(e.table);
      if (table !== undefined) {
        notes.push(`table ${e.table} → ${table}`);
        e.table = table;
      }
    }
    e.ownership = closed(e.ownership, ENUMS.ownership, "ownership", notes);
    if (isRecord(e.access)) {
      for (const kind of ["read", "write", "manage"]) {
        const list = e.access[kind];
        if (Array.isArray(list)) e.access[kind] = list.map((r) => (r === "*" || r === "anon" ? r : role(r)));
      }
    }
    if (Array.isArray(e.fields)) normaliseFields(e, entity, notes, previous);
  }

  if (Array.isArray(m.pages)) {
    for (const page of m.pages.filter(isRecord)) {
      page.kind = closed(page.kind, ENUMS.kind, "page kind", notes);
      if (page.entity !== undefined) page.entity = entity(page.entity) ?? page.entity;
    }
  }
  return m;
}

function normaliseFields(
  e: Json,
  entity: (value: unknown) => string | undefined,
  notes: string[],
  previous: Manifest | undefined,
): void {
  const fields = (e.fields as unknown[]).filter(isRecord);
  const kept = new Set(previous?.entities.find((p) => p.name === e.name)?.fields.map((f) => f.name) ?? []);

  for (const f of fields) {
    moveFieldKeys(f, notes);
    normaliseType(f, notes);
  }
  const renames = renameAll(fields, "field", notes);
  const taken = new Set(fields.map((f) => f.name).filter(isString));

  for (const f of fields) {
    // `projectId` / `project_id` pointing at an entity `project` is the relation field `project`.
    if (isString(f.name) && f.name.endsWith("_id") && !SYSTEM_COLUMNS.has(f.name) && !kept.has(f.name)) {
      const stem = f.name.slice(0, -3);
      const target = entity(stem);
      const statedTarget = isRecord(f.relation) && f.relation.target !== undefined;
      const idType = f.type === undefined || (isString(f.type) && ID_COLUMN_TYPES.has(f.type));
      if (IDENTIFIER.test(stem) && !taken.has(stem) && idType && (f.type === "relation" || target !== undefined)) {
        const raw = [...renames].find(([, to]) => to === f.name)?.[0] ?? f.name;
        const casing = notes.indexOf(`field ${raw} → ${f.name}`);
        if (casing >= 0) notes.splice(casing, 1);
        taken.delete(f.name);
        taken.add(stem);
        renames.set(raw, stem);
        renames.set(f.name, stem);
        f.name = stem;
        f.type = "relation";
        if (!isRecord(f.relation)) f.relation = {};
        const relation = f.relation as Json;
        if (!statedTarget && target !== undefined) relation.target = target;
        if (Object.keys(relation).length === 0) delete f.relation;
        notes.push(`${raw} → ${stem} (relation${isString(relation.target) ? ` to ${relation.target}` : ""})`);
      }
    }
    if (isRecord(f.relation)) {
      const r = f.relation;
      if (r.target !== undefined) {
        const target = entity(r.target);
        if (target !== undefined && target !== r.target) {
          notes.push(`relation target ${String(r.target)} → ${target}`);
          r.target = target;
        }
      }
      r.cardinality = closed(r.cardinality, ENUMS.cardinality, "cardinality", notes);
      r.on_delete = closed(r.on_delete, ENUMS.on_delete, "on_delete", notes);
      for (const key of ["cardinality", "on_delete"]) if (r[key] === undefined) delete r[key];
    }
    for (const key of ["required", "unique"]) if (f[key] !== undefined) f[key] = boolean(f[key], key, notes);
    normaliseOptions(f, notes);
  }

  const fieldNames = new Set(fields.map((f) => f.name).filter(isString));
  const field = (value: unknown): unknown => resolveName(value, fieldNames, renames, false) ?? value;
  if (e.display_field !== undefined) e.display_field = field(e.display_field);
  for (const key of ["search_fields", "list_fields"]) {
    const list = e[key];
    if (Array.isArray(list)) e[key] = list.map(field);
  }
}

function moveFieldKeys(f: Json, notes: string[]): void {
  if (f.options === undefined) {
    const key = OPTION_KEYS.find((k) => Array.isArray(f[k]));
    if (key !== undefined) {
      f.options = f[key];
      delete f[key];
      notes.push(`${key} → options`);
    }
  }
  if (isString(f.relation)) {
    notes.push("relation → relation.target");
    f.relation = { target: f.relation };
  }
  for (const [key, into] of Object.entries(RELATION_KEYS)) {
    const v = f[key];
    if (!isString(v)) continue;
    if (f.relation === undefined) f.relation = {};
    if (!isRecord(f.relation) || f.relation[into] !== undefined) continue;
    f.relation[into] = v;
    delete f[key];
    notes.push(`${key} → relation.${into}`);
  }
  if (f.type === undefined && isRecord(f.relation) && f.relation.target !== undefined) f.type = "relation";
}

function normaliseType(f: Json, notes: string[]): void {
  if (!isString(f.type) || FIELD_TYPES.has(f.type)) return;
  const word = identifierFrom(f.type);
  if (word === undefined) return;
  let type: string | undefined = FIELD_TYPES.has(word) ? word : TYPE_SYNONYMS[word];
  if (word === "number" || word === "num") {
    const stated = [f.default, f.min, f.max].filter((v) => typeof v === "number");
    type = stated.some((v) => !Number.isInteger(v)) ? "decimal" : "integer";
  }
  if (type === undefined) return;
  notes.push(`type ${f.type} → ${type}`);
  f.type = type;
}

function normaliseOptions(f: Json, notes: string[]): void {
  if (!Array.isArray(f.options)) return;
  const raw = f.options as unknown[];
  const next = raw.map((o) => (isString(o) ? (option(o) ?? o) : o));
  // A rename that makes two options equal would hide a choice; leave that for the schema check to report.
  if (new Set(next).size !== new Set(raw).size) return;
  const changed = raw.filter((o, i) => o !== next[i]);
  if (changed.length === 0) return;
  if (isString(f.default)) {
    const i = raw.indexOf(f.default);
    if (i >= 0) f.default = next[i];
  }
  f.options = next;
  notes.push(`options ${changed.map(String).join(", ")} → snake_case`);
}
