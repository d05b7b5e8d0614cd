import type { z } from "zod";

import type { EntityDefinition, FieldDefinition } from "@/lib/entity";
import { AppError } from "@/lib/errors";
import { isUuid, type ListQuery } from "@/lib/records";

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** One message per property, the first issue of each; the form shows them next to the fields. */
export function fieldErrors(entity: EntityDefinition, error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[key] ??= entity.fields.some((f) => f.readOnly && f.property === key) ? "Set by the server: it cannot be written." : "Unknown property.";
      continue;
    }
    // An issue about the request as a whole (not an object, say) is reported under "_body", which no field can be
    // named, so it never hides a field's own message.
    const property = issue.path.length > 0 ? String(issue.path[0]) : "_body";
    if (fields[property]) continue;
    const field = entity.fields.find((f) => f.property === property);
    const missing = issue.code === "invalid_type" && (issue.input === undefined || issue.input === null);
    fields[property] = missing ? `${field?.label ?? property} is required.` : issue.message;
  }
  return fields;
}

export function validationError(fields: Record<string, string>): AppError {
  const names = Object.keys(fields);
  return new AppError(422, "validation_failed", `Check ${names.length === 1 ? names[0] : "these values"}: ${names.join(", ")}.`, fields);
}

type Params = { get(name: string): string | null };

/** The list operation's query parameters, checked as the API contract describes them. */
export function parseListQuery(entity: EntityDefinition, params: Params): ListQuery {
  const fields: Record<string, string> = {};
  const integer = (name: string, fallback: number, max?: number) => {
    const raw = params.get(name);
    if (raw === null || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
      fields[name] = max ? `A whole number from 1 to ${max}.` : "A whole number from 1.";
      return fallback;
    }
    return value;
  };
  const page = integer("page", 1);
  const perPage = integer("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const sort = params.get("sort") || "created_at";
  if (!entity.sortFields.includes(sort)) fields.sort = `One of: ${entity.sortFields.join(", ")}.`;
  const order = params.get("order") || "desc";
  if (order !== "asc" && order !== "desc") fields.order = "asc or desc.";
  const q = params.get("q") ?? undefined;
  if (q && q.length > 200) fields.q = "At most 200 characters.";
  const filters: Record<string, string | boolean> = {};
  const ranges: NonNullable<ListQuery["ranges"]> = {};
  for (const filter of entity.filters) {
    const raw = params.get(filter.param);
    if (raw === null || raw === "") continue;
    const field = entity.fields.find((f) => f.name === filter.field);
    if (!field) continue;
    if (filter.bound) {
      const value = rangeValue(field, raw);
      if (typeof value === "object") fields[filter.param] = value.problem;
      else (ranges[field.name] ??= {})[filter.bound] = value;
    } else if (field.type === "boolean") {
      if (raw === "true" || raw === "false") filters[field.name] = raw === "true";
      else fields[filter.param] = "true or false.";
    } else if (field.type === "enum") {
      if (field.options?.some((option) => option.value === raw)) filters[field.name] = raw;
      else fields[filter.param] = `One of: ${field.options?.map((o) => o.value).join(", ")}.`;
    } else if (isUuid(raw)) {
      filters[field.name] = raw;
    } else {
      fields[filter.param] = "A row id (uuid).";
    }
  }
  for (const filter of entity.filters) {
    const range = ranges[filter.field];
    if (filter.bound !== "max" || range?.min === undefined || range.max === undefined || fields[filter.param]) continue;
    if ((range.min as number) > (range.max as number)) fields[filter.param] = "Must not be less than the lower bound.";
  }
  if (Object.keys(fields).length > 0) throw validationError(fields);
  return { q, sort, order: order === "asc" ? "asc" : "desc", page, perPage, filters, ranges };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A range filter's bound: a number for number fields (whole for integers), a real day (YYYY-MM-DD) for dates. */
function rangeValue(field: FieldDefinition, raw: string): string | number | { problem: string } {
  if (field.type === "date" || field.type === "datetime") {
    const date = new Date(`${raw}T00:00:00Z`);
    return DAY.test(raw) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(raw) ? raw : { problem: "A date such as 2025-01-31." };
  }
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) return { problem: "A number." };
  if (field.type === "integer" && !Number.isInteger(value)) return { problem: "A whole number." };
  return value;
}
