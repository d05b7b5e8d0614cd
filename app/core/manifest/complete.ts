// Fills the properties the schema marks "derived" so a hand-written manifest can stay short.
// Works on untrusted input: anything of an unexpected type is left for the schema check to report.
import { normaliseMultiLine } from "../escape.ts";
import { humanize, pathSegment, pluralLabel, slugify, tableName } from "../naming.ts";
import { completeStatistics } from "./complete-statistics.ts";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

export const DEFAULT_THEME = { background: "#ffffff", primary: "#0f172a" } as const;
const unique = (v: unknown, i: number, all: unknown[]) => all.indexOf(v) === i;
const TEXT_TYPES = new Set(["text", "email", "url", "phone"]);

export function completeManifest(input: unknown): unknown {
  if (!isObject(input)) return input;
  const m: Json = { ...input };
  m.version ??= 1;
  if (isString(m.name) && m.slug === undefined) m.slug = slugify(m.name);
  m.description ??= "";
  m.prompt ??= "";
  // The prompt is a record of the request (an issue body has CRLF line ends), not text anything renders: its line
  // ends are normalised, where every other free-text property with a control character is refused by the schema.
  if (isString(m.prompt)) m.prompt = normaliseMultiLine(m.prompt);
  m.theme ??= { ...DEFAULT_THEME };
  if (isObject(m.theme)) m.theme = { ...DEFAULT_THEME, ...m.theme };
  if (isObject(m.theme)) {
    for (const key of ["background", "primary"]) {
      const c = m.theme[key];
      if (isString(c)) m.theme[key] = c.toLowerCase();
    }
  }
  m.roles ??= [{ name: "member", label: "Member" }];
  if (Array.isArray(m.roles)) m.roles = m.roles.map((r) => (isString(r) ? { name: r } : r)).map(completeRole);
  const roleNames = Array.isArray(m.roles)
    ? m.roles
        .filter(isObject)
        .map((r) => r.name)
        .filter(isString)
    : [];
  const auth: Json = isObject(m.auth) ? { ...m.auth } : m.auth === undefined ? {} : (m.auth as Json);
  if (isObject(auth)) {
    auth.required ??= true;
    auth.providers ??= ["email"];
    if (auth.default_role === undefined && roleNames[0])
      auth.default_role = roleNames.includes("member") ? "member" : roleNames.at(-1);
    m.auth = auth;
  }
  if (Array.isArray(m.entities)) m.entities = m.entities.map((e) => completeEntity(e, roleNames));
  if (Array.isArray(m.entities)) {
    const entities = m.entities.filter(isObject);
    m.entities = m.entities.map((e) =>
      isObject(e) && Array.isArray(e.actions)
        ? { ...e, actions: e.actions.map((a) => completeAction(a, e, entities)) }
        : e,
    );
  }
  completeStatistics(m);
  if (m.pages === undefined && Array.isArray(m.entities)) m.pages = defaultPages(m.entities);
  if (Array.isArray(m.pages)) {
    const byName = new Map<unknown, Json>(
      (Array.isArray(m.entities) ? m.entities : []).filter(isObject).map((e) => [e.name, e]),
    );
    m.pages = m.pages.map((p) => completePage(p, byName));
  }
  return m;
}

function completeRole(role: unknown): unknown {
  if (!isObject(role)) return role;
  const r = { ...role };
  if (isString(r.name) && r.label === undefined) r.label = humanize(r.name);
  return r;
}

function completeEntity(entity: unknown, roleNames: string[]): unknown {
  if (!isObject(entity)) return entity;
  const e: Json = { ...entity };
  const name = isString(e.name) ? e.name : undefined;
  if (name) {
    e.label ??= humanize(name);
    e.table ??= tableName(name);
    e.path ??= pathSegment(name);
  }
  if (isString(e.label)) e.plural_label ??= pluralLabel(e.label);
  e.ownership ??= e.singleton === true ? "user" : "shared";
  const access: Json = isObject(e.access) ? { ...e.access } : e.access === undefined ? {} : (e.access as Json);
  if (isObject(access)) {
    access.read ??= ["*"];
    access.write ??= ["*"];
    access.manage ??= roleNames.includes("admin") ? ["admin"] : [];
    e.access = access;
  }
  if (Array.isArray(e.fields)) {
    const completed = e.fields.map(completeField);
    // A duration's unit: days between dates, hours between datetimes.
    for (const f of completed.filter(isObject)) {
      const duration = isObject(f.computed) && isObject(f.computed.duration) ? f.computed.duration : undefined;
      if (!duration || duration.unit !== undefined) continue;
      const from = completed.find((g) => isObject(g) && g.name === duration.from) as Json | undefined;
      f.computed = { duration: { ...duration, unit: from?.type === "date" ? "days" : "hours" } };
    }
    e.fields = completed;
    const fields = completed.filter(isObject);
    const textField =
      fields.find((f) => TEXT_TYPES.has(f.type as string)) ?? fields.find((f) => f.type !== "relation") ?? fields[0];
    if (e.display_field === undefined && textField && isString(textField.name)) e.display_field = textField.name;
    e.search_fields ??= fields
      .filter((f) => TEXT_TYPES.has(f.type as string) || f.type === "long_text")
      .map((f) => f.name)
      .filter(unique)
      .slice(0, 3);
    e.list_fields ??= fields
      .filter((f) => f.type !== "long_text" && !(isObject(f.relation) && f.relation.cardinality === "many_to_many"))
      .map((f) => f.name)
      .filter(unique)
      .slice(0, 5);
  }
  return e;
}

function completeField(field: unknown): unknown {
  if (!isObject(field)) return field;
  const f: Json = { ...field };
  if (isString(f.name)) f.label ??= humanize(f.name);
  f.required ??= false;
  f.unique ??= false;
  // Nobody but the server can name an account, so a user field is read-only by its nature.
  if (f.type === "user") f.read_only ??= true;
  if (isObject(f.relation)) {
    const r: Json = { ...f.relation };
    r.cardinality ??= "many_to_one";
    r.on_delete ??= r.cardinality === "many_to_many" ? "cascade" : f.required === true ? "restrict" : "set_null";
    f.relation = r;
  }
  return f;
}

/** An action's label, and the relation that links a created row back to the acting row when there is only one. */
function completeAction(action: unknown, entity: Json, entities: Json[]): unknown {
  if (!isObject(action)) return action;
  const a: Json = { ...action };
  if (isString(a.name)) a.label ??= humanize(a.name);
  const create = a.create;
  if (isObject(create) && create.link === undefined) {
    const target = entities.find((e) => e.name === create.entity);
    const links = (Array.isArray(target?.fields) ? target.fields : [])
      .filter(isObject)
      .filter(
        (f) =>
          f.type === "relation" &&
          isObject(f.relation) &&
          f.relation.target === entity.name &&
          f.relation.cardinality !== "many_to_many",
      );
    if (links.length === 1 && isString(links[0]?.name)) a.create = { ...create, link: links[0].name };
  }
  return a;
}

export function defaultPages(entities: unknown[]): Json[] {
  const pages: Json[] = [{ kind: "dashboard", title: "Dashboard" }];
  for (const e of entities) {
    if (!isObject(e) || !isString(e.name)) continue;
    for (const kind of ["list", "detail", "form"]) pages.push({ kind, entity: e.name });
  }
  return pages;
}

function completePage(page: unknown, entities: Map<unknown, Json>): unknown {
  if (!isObject(page)) return page;
  const p: Json = { ...page };
  if (p.title === undefined) {
    const entity = entities.get(p.entity);
    const label = isString(entity?.label) ? entity.label : isString(p.entity) ? humanize(p.entity) : "";
    const plural = isString(entity?.plural_label) ? entity.plural_label : pluralLabel(label);
    p.title =
      p.kind === "dashboard"
        ? "Dashboard"
        : p.kind === "list"
          ? plural
          : p.kind === "form"
            ? `${label} form`
            : p.kind === "board"
              ? `${plural} board`
              : p.kind === "calendar"
                ? `${plural} calendar`
                : label || "Page";
  }
  const entity = entities.get(p.entity);
  const fields = Array.isArray(entity?.fields) ? entity.fields.filter(isObject) : [];
  if (p.kind === "board" && p.group_by === undefined) {
    const enums = fields.filter((f) => f.type === "enum" && isString(f.name));
    const chosen = enums.find((f) => STATUS_NAMES.test(f.name as string)) ?? enums[0];
    if (chosen) p.group_by = chosen.name;
  }
  if (p.kind === "calendar" && p.date_field === undefined) {
    const chosen = fields.find((f) => (f.type === "date" || f.type === "datetime") && isString(f.name));
    if (chosen) p.date_field = chosen.name;
  }
  if (isObject(p.sort) && p.sort.order === undefined) p.sort = { ...p.sort, order: "asc" };
  return p;
}

/** Names of an enum field that says where a row stands, which a board prefers for its columns. */
const STATUS_NAMES = /(^|_)(status|stage|state|phase|step)$/;
