// JSON Schema (OpenAPI 3.1 dialect) of one field as it appears in a row, a create body or a patch body.
import type { Field } from "../../schema-types/manifest.ts";
import { columnType, FIELD_PATTERNS } from "../db/index.ts";
import { isManyToMany } from "./names.ts";

export type JsonSchema = { [keyword: string]: unknown };
export type SchemaVariant = "row" | "input" | "patch";

// The API states exactly what the database's CHECK constraints and column types accept, so a bad value is a 422
// from the route handler rather than a constraint error from Postgres.
export const EMAIL_PATTERN: string = FIELD_PATTERNS.email;
export const PHONE_PATTERN: string = FIELD_PATTERNS.phone;
/** The database matches urls case-insensitively; a JSON Schema pattern has no flags, so the scheme spells out both cases. */
export const URL_PATTERN: string = FIELD_PATTERNS.url.replace("^https?", "^[Hh][Tt][Tt][Pp][Ss]?");
export const MONEY_STEP = 0.01;

/** Value limits of the column types a number field can get, applied where the manifest declares no bound. */
const COLUMN_LIMITS: Record<string, { format?: string; minimum?: number; maximum?: number; exclusive?: boolean }> = {
  integer: { format: "int32", minimum: -2147483648, maximum: 2147483647 },
  bigint: { format: "int64" },
  "numeric(14,2)": { minimum: -1e12, maximum: 1e12, exclusive: true },
  "numeric(20,2)": { minimum: -1e18, maximum: 1e18, exclusive: true },
};

/** Text bounds are lengths, so fractional or negative manifest bounds are rounded inwards and clamped at zero. */
export function lengthBounds(field: Field): { minLength?: number; maxLength?: number } {
  const bounds: { minLength?: number; maxLength?: number } = {};
  if (field.min !== undefined && field.min > 0) bounds.minLength = Math.ceil(field.min);
  if (field.max !== undefined) bounds.maxLength = Math.max(0, Math.floor(field.max));
  return bounds;
}

function setLengths(field: Field, schema: JsonSchema): void {
  const { minLength, maxLength } = lengthBounds(field);
  if (minLength !== undefined) schema.minLength = minLength;
  if (maxLength !== undefined) schema.maxLength = maxLength;
}

function setRange(field: Field, schema: JsonSchema): void {
  const limits = COLUMN_LIMITS[columnType(field)] ?? {};
  if (limits.format !== undefined) schema.format = limits.format;
  if (field.min !== undefined) schema.minimum = field.min;
  else if (limits.minimum !== undefined) schema[limits.exclusive ? "exclusiveMinimum" : "minimum"] = limits.minimum;
  if (field.max !== undefined) schema.maximum = field.max;
  else if (limits.maximum !== undefined) schema[limits.exclusive ? "exclusiveMaximum" : "maximum"] = limits.maximum;
}

const JSON_TYPE: Record<Field["type"], string> = {
  text: "string",
  long_text: "string",
  email: "string",
  url: "string",
  phone: "string",
  integer: "integer",
  decimal: "number",
  money: "number",
  boolean: "boolean",
  date: "string",
  datetime: "string",
  enum: "string",
  relation: "string",
  user: "string",
};
const FORMAT: Partial<Record<Field["type"], string>> = {
  email: "email",
  url: "uri",
  date: "date",
  datetime: "date-time",
  relation: "uuid",
  user: "uuid",
};

// Built by assignment in a fixed key order, without spreads or closures: this runs three times for every field.
function setValueSchema(field: Field, schema: JsonSchema, nullable: boolean): void {
  schema.type = nullable ? [JSON_TYPE[field.type], "null"] : JSON_TYPE[field.type];
  const format = FORMAT[field.type];
  if (format !== undefined) schema.format = format;
  switch (field.type) {
    case "email":
      schema.pattern = EMAIL_PATTERN;
      setLengths(field, schema);
      break;
    case "url":
      schema.pattern = URL_PATTERN;
      setLengths(field, schema);
      break;
    case "phone":
      schema.pattern = PHONE_PATTERN;
      setLengths(field, schema);
      break;
    case "text":
    case "long_text":
      setLengths(field, schema);
      break;
    case "money":
      schema.multipleOf = MONEY_STEP;
      setRange(field, schema);
      break;
    case "integer":
    case "decimal":
      setRange(field, schema);
      break;
    case "enum":
      schema.enum = nullable ? [...(field.options ?? []), null] : [...(field.options ?? [])];
      break;
    default:
      break;
  }
}

/**
 * Optional fields are nullable everywhere (a row may hold null, a body may clear the value); many-to-many links
 * are an array of ids that is empty rather than null, and must hold at least one id when the field is required.
 */
export function fieldSchema(field: Field, variant: SchemaVariant): JsonSchema {
  const schema: JsonSchema = { title: field.label, "x-appgen-field": field.name };
  if (isManyToMany(field)) {
    schema.type = "array";
    schema.items = { type: "string", format: "uuid" };
    schema.uniqueItems = true;
    schema.description =
      variant === "row"
        ? "Ids of the linked rows you can see; links to rows hidden from you are not listed."
        : "Ids of the linked rows you can see. A write adds and removes only those links: links to rows hidden from you are kept.";
    if (field.required && variant !== "row") schema.minItems = 1;
    return schema;
  }
  setValueSchema(field, schema, !field.required);
  if (variant === "input" && hasServerDefault(field)) schema.default = field.default;
  if (variant === "row" && isReadOnly(field)) {
    schema.readOnly = true;
    schema.description =
      field.type === "user"
        ? "An account, set by the server (the signed-in user); its e-mail is in _refs."
        : "Set by the server (its default, or an action); create and update bodies may not contain it.";
  }
  return schema;
}

/** Only the server writes it: left out of create and update bodies, which answer 422 when they contain it. */
export function isReadOnly(field: Field): boolean {
  return field.type === "user" || field.read_only === true || field.computed !== undefined;
}

/** 'now' is left to the database (the request time there), so the document states no fixed default for it. */
export function hasServerDefault(field: Field): boolean {
  return field.default !== undefined && field.default !== "now" && field.default !== "current_user";
}

/** A create body must carry a required field unless the database fills it in. */
export function requiredOnCreate(field: Field): boolean {
  return field.required && field.default === undefined && !isReadOnly(field);
}
