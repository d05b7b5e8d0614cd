// How one manifest field becomes a Postgres column: type, CHECK expression and DEFAULT.
import { sqlIdent, sqlString } from "../../escape.ts";
import type { Field } from "../../schema-types/manifest.ts";

/**
 * Patterns the database enforces for the text types that have a shape. They use only syntax that Postgres regular
 * expressions and JavaScript's RegExp read the same way, so forms and the API can check values before saving.
 * The url pattern is matched case-insensitively.
 */
export const FIELD_PATTERNS = {
  email: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$",
  url: "^https?://[^\\s/?#]+[^\\s]*$",
  phone: "^\\+?[0-9(][0-9 ().-]{4,30}[0-9]$",
} as const;

export const TEXT_TYPES: ReadonlySet<Field["type"]> = new Set(["text", "long_text", "email", "url", "phone"]);
const NUMBER_TYPES: ReadonlySet<Field["type"]> = new Set(["integer", "decimal", "money"]);

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;
/** numeric(14,2) holds up to 999 999 999 999.99 — plenty for prices, not for every declared bound. */
const MONEY_LIMIT = 1e12;

function declaredNumbers(field: Field): number[] {
  return [field.min, field.max, field.default].filter((v): v is number => typeof v === "number");
}

export function columnType(field: Field): string {
  switch (field.type) {
    case "text":
    case "long_text":
    case "email":
    case "url":
    case "phone":
    case "enum":
      // Enums are text + CHECK rather than CREATE TYPE: options change with every regeneration and a CHECK is
      // replaced in one statement (enum values cannot be removed), text works with ILIKE search and trigram
      // indexes (enum::text is not immutable, so it cannot be indexed), and clients see plain strings.
      return "text";
    case "integer":
      return declaredNumbers(field).some((v) => v < INT4_MIN || v > INT4_MAX) ? "bigint" : "integer";
    case "decimal":
      return "numeric";
    case "money":
      return declaredNumbers(field).some((v) => Math.abs(v) >= MONEY_LIMIT) ? "numeric(20,2)" : "numeric(14,2)";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "timestamptz";
    case "relation":
    case "user":
      return "uuid";
  }
}

/** Length bounds of a text field in characters, or undefined where there is none. */
export function lengthBounds(field: Field): { min?: number; max?: number } {
  const min = field.min !== undefined && Math.ceil(field.min) > 0 ? Math.ceil(field.min) : undefined;
  const max = field.max !== undefined ? Math.max(0, Math.floor(field.max)) : undefined;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

export function numberLiteral(value: number): string {
  return String(value);
}

/** The CHECK expression for a field's column, or undefined when the type alone is the constraint. */
export function columnCheck(field: Field, column: string): string | undefined {
  const col = sqlIdent(column);
  const parts: string[] = [];
  if (TEXT_TYPES.has(field.type)) {
    const { min, max } = lengthBounds(field);
    if (min !== undefined && max !== undefined) parts.push(`char_length(${col}) between ${min} and ${max}`);
    else if (min !== undefined) parts.push(`char_length(${col}) >= ${min}`);
    else if (max !== undefined) parts.push(`char_length(${col}) <= ${max}`);
    if (field.type === "email") parts.push(`${col} ~ ${sqlString(FIELD_PATTERNS.email)}`);
    if (field.type === "url") parts.push(`${col} ~* ${sqlString(FIELD_PATTERNS.url)}`);
    if (field.type === "phone") parts.push(`${col} ~ ${sqlString(FIELD_PATTERNS.phone)}`);
  } else if (NUMBER_TYPES.has(field.type)) {
    if (field.min !== undefined && field.max !== undefined)
      parts.push(`${col} between ${numberLiteral(field.min)} and ${numberLiteral(field.max)}`);
    else if (field.min !== undefined) parts.push(`${col} >= ${numberLiteral(field.min)}`);
    else if (field.max !== undefined) parts.push(`${col} <= ${numberLiteral(field.max)}`);
  } else if (field.type === "enum" && field.options) {
    parts.push(`${col} in (${field.options.map(sqlString).join(", ")})`);
  }
  return parts.length ? parts.join(" and ") : undefined;
}

/** The DEFAULT expression for a field's column, or undefined when it has none. */
export function columnDefault(field: Field): string | undefined {
  const value = field.default;
  if (value === undefined) return undefined;
  if (value === "now" && field.type === "date") return "current_date";
  if (value === "now" && field.type === "datetime") return "now()";
  if (value === "current_user" && field.type === "user") return "auth.uid()";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberLiteral(value);
  return sqlString(value);
}
