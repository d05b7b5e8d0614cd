// JSON Schema (OpenAPI 3.1 dialect) of one field as it appears in a row, a create body or a patch body.
import type { Field } from "../../schema-types/manifest.ts";
import { isManyToMany } from "./names.ts";

export type JsonSchema = { [keyword: string]: unknown };
export type SchemaVariant = "row" | "input" | "patch";

/** Digits with optional leading +, spaces, dots, dashes and parentheses: loose enough for every country's habits. */
export const PHONE_PATTERN = "^\\+?[0-9 ().-]{3,32}$";
export const MONEY_STEP = 0.01;

/** Text bounds are lengths, so fractional or negative manifest bounds are rounded inwards and clamped at zero. */
export function lengthBounds(field: Field): { minLength?: number; maxLength?: number } {
  const bounds: { minLength?: number; maxLength?: number } = {};
  if (field.min !== undefined && field.min > 0) bounds.minLength = Math.ceil(field.min);
  if (field.max !== undefined) bounds.maxLength = Math.max(0, Math.floor(field.max));
  return bounds;
}

function valueSchema(field: Field): JsonSchema {
  const range = { ...(field.min !== undefined && { minimum: field.min }), ...(field.max !== undefined && { maximum: field.max }) };
  switch (field.type) {
    case "text":
    case "long_text":
      return { type: "string", ...lengthBounds(field) };
    case "email":
      return { type: "string", format: "email", ...lengthBounds(field) };
    case "url":
      return { type: "string", format: "uri", ...lengthBounds(field) };
    case "phone":
      return { type: "string", pattern: PHONE_PATTERN, ...lengthBounds(field) };
    case "integer":
      return { type: "integer", ...range };
    case "decimal":
      return { type: "number", ...range };
    case "money":
      return { type: "number", multipleOf: MONEY_STEP, ...range };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "enum":
      return { type: "string", enum: [...(field.options ?? [])] };
    case "relation":
      return { type: "string", format: "uuid" };
  }
}

function nullable(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema, type: [schema.type, "null"] };
  if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
  return out;
}

/**
 * Optional fields are nullable everywhere (a row may hold null, a body may clear the value); many-to-many links
 * are an array of ids that is empty rather than null, and must hold at least one id when the field is required.
 */
export function fieldSchema(field: Field, variant: SchemaVariant): JsonSchema {
  const annotations: JsonSchema = { title: field.label, "x-appgen-field": field.name };
  if (isManyToMany(field)) {
    const items = { type: "array", items: { type: "string", format: "uuid" }, uniqueItems: true };
    return { ...annotations, ...items, ...(field.required && variant !== "row" && { minItems: 1 }) };
  }
  const value = field.required ? valueSchema(field) : nullable(valueSchema(field));
  const schema: JsonSchema = { ...annotations, ...value };
  if (variant === "input" && hasServerDefault(field)) schema.default = field.default;
  return schema;
}

/** 'now' is left to the database (the request time there), so the document states no fixed default for it. */
export function hasServerDefault(field: Field): boolean {
  return field.default !== undefined && field.default !== "now";
}

/** A create body must carry a required field unless the database fills it in. */
export function requiredOnCreate(field: Field): boolean {
  return field.required && field.default === undefined;
}
