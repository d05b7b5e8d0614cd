// Names for one concept in every language a generated app speaks (SQL, TypeScript, URLs, prose).
// Reserved words are never refused: SQL identifiers are always quoted, and code identifiers are mapped.
import pluralize from "pluralize";

/** Words Postgres reserves or that clash with Supabase's own schemas; used when deriving table names. */
export const SQL_RESERVED = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation " +
    "column concurrently constraint create cross current_catalog current_date current_role current_schema " +
    "current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch " +
    "for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral " +
    "leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer " +
    "overlaps placing primary references returning right select session_user similar some symmetric system_user " +
    "table tablesample then to trailing true union unique user using variadic verbose when where window with " +
    "auth storage extensions realtime graphql graphql_public vault"
  ).split(" "),
);

/** TypeScript/JavaScript reserved words and globals a generated module must not shadow. */
export const JS_RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "as implements interface let package private protected public static yield any boolean constructor declare get " +
    "module require number set string symbol type from of namespace async await undefined arguments eval " +
    "object date error event map record promise response request headers url form link image file"
  ).split(" "),
);

/** First URL segments the generated app uses for itself; an entity path must not take one of them. */
export const APP_ROUTES = new Set([
  "api",
  "auth",
  "login",
  "logout",
  "signin",
  "signout",
  "sign-in",
  "sign-out",
  "_next",
  "favicon-ico",
  "new",
  "edit",
  "settings",
  "static",
  "public",
]);

/** Internal tables every generated database has. */
export const INTERNAL_TABLES = new Set(["user_roles", "schema_migrations", "appgen_notifications"]);

export function words(name: string): string[] {
  return name.split(/[_\-\s]+/).filter(Boolean);
}

export function humanize(name: string): string {
  const text = words(name).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function titleCase(name: string): string {
  return words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

export function pascalCase(name: string): string {
  return words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

export function camelCase(name: string): string {
  const p = pascalCase(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

export function kebabCase(name: string): string {
  return words(name).join("-");
}

/** Pluralises the last word of a snake_case name: order_item -> order_items, person -> people. */
export function pluralName(name: string): string {
  const parts = words(name);
  const last = parts.pop() ?? name;
  let plural = pluralize.plural(last);
  if (plural === last) plural = last.endsWith("s") ? last : `${last}s`;
  return [...parts, plural].join("_");
}

export function singularName(name: string): string {
  const parts = words(name);
  const last = parts.pop() ?? name;
  return [...parts, pluralize.singular(last)].join("_");
}

/** Pluralises a label in any script: English words get English plurals; other text is left as it is. */
export function pluralLabel(label: string): string {
  const match = /^(.*?)([A-Za-z]+)$/.exec(label);
  if (!match) return label;
  const [, head = "", last = ""] = match;
  const plural = pluralize.plural(last);
  return head + (plural === last && !last.endsWith("s") ? `${last}s` : plural);
}

/** The plural of a label's last word as the dictionary has it, uncountable words unchanged (Staff, Sheep, Species). */
export function naturalPlural(label: string): string {
  const match = /^(.*?)([A-Za-z]+)$/.exec(label);
  if (!match) return label;
  const [, head = "", last = ""] = match;
  const plural = pluralize.plural(last);
  // An acronym takes a lower-case s (FAQ -> FAQs), where pluralize would shout (FAQS).
  if (last.length > 1 && last === last.toUpperCase()) return head + (last.endsWith("S") ? last : `${last}s`);
  return head + plural;
}

/** A table name derived from an entity name that is not a reserved word or an internal table. */
export function tableName(entityName: string): string {
  let table = pluralName(entityName);
  if (SQL_RESERVED.has(table) || INTERNAL_TABLES.has(table) || table.startsWith("pg_")) table = `app_${table}`;
  return table.slice(0, 56);
}

/** A URL segment derived from an entity name that does not collide with the app's own routes. */
export function pathSegment(entityName: string): string {
  let path = kebabCase(pluralName(entityName));
  if (APP_ROUTES.has(path)) path = `${path}-list`;
  return path.slice(0, 60).replace(/-+$/, "");
}

/** A TypeScript type name for an entity that shadows no global (Event -> EventRecord). */
export function typeName(entityName: string): string {
  const pascal = pascalCase(entityName);
  return JS_RESERVED.has(pascal.toLowerCase()) ? `${pascal}Record` : pascal;
}

/** A camelCase variable name that is never a reserved word (delete -> delete_, type -> type_). */
export function variableName(name: string): string {
  const camel = camelCase(name);
  return JS_RESERVED.has(camel.toLowerCase()) ? `${camel}_` : camel;
}

export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^[0-9-]+/, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "app";
}

/** snake_case identifier from free text, or undefined when nothing usable is left. */
export function identifierFrom(text: string): string | undefined {
  const id = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[_0-9]+|_+$/g, "")
    .slice(0, 48)
    .replace(/_+$/, "");
  return id || undefined;
}

/** Column holding the foreign key for a to-one relation field: company -> company_id. */
export function foreignKeyColumn(fieldName: string): string {
  return fieldName.endsWith("_id") ? fieldName : `${fieldName}_id`;
}

/** Join table of a many-to-many relation field: projects.tags -> project_tags. */
export function joinTableName(table: string, fieldName: string): string {
  return `${table}_${fieldName}`.slice(0, 63);
}

/** Label of an enum option: in_progress -> In progress; a field's option_labels (jpy -> JPY) take precedence. */
export function optionLabel(value: string, labels?: Readonly<Record<string, string>>): string {
  return labels && Object.hasOwn(labels, value) ? (labels[value] as string) : humanize(value);
}

/** A singleton's page and navigation label: Profile -> My profile (an acronym such as CV keeps its capitals). */
export function myLabel(label: string): string {
  const lowered = /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
  return `My ${lowered}`;
}
