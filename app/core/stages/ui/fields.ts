// How one field is shown (a binding with a display format) and edited (a form control).
import { optionLabel } from "../../naming.ts";
import type { Entity, Field } from "../../schema-types/manifest.ts";
import type { Binding, Format, Node, OptionsFrom } from "../../schema-types/ui.ts";
import {
  EMAIL_PATTERN,
  isManyToMany,
  lengthBounds,
  MONEY_STEP,
  PHONE_PATTERN,
  URL_PATTERN,
  type EntityApiNames,
} from "../api/index.ts";

/** What the field builders need to know about the rest of the app. */
export interface UiContext {
  names: Map<string, EntityApiNames>;
  entities: Map<string, Entity>;
  /** Entity name -> href of its detail page, for entities that have one. */
  detailHref: Map<string, string>;
}

export const FORMAT_BY_TYPE: Record<Field["type"], Format> = {
  text: "text",
  long_text: "multiline",
  email: "email",
  url: "url",
  phone: "phone",
  integer: "integer",
  decimal: "decimal",
  money: "money",
  boolean: "boolean",
  date: "date",
  datetime: "datetime",
  enum: "badge",
  relation: "relation",
  user: "account",
};

export const formatOf = (field: Field): Format => (isManyToMany(field) ? "relation_list" : FORMAT_BY_TYPE[field.type]);

const optionsOf = (field: Field) =>
  (field.options ?? []).map((value) => ({ value, label: optionLabel(value, field.option_labels) }));

export function fieldBinding(field: Field, property: string, context: UiContext): Binding {
  const binding: Binding = { property, field: field.name, label: field.label, format: formatOf(field) };
  if (field.type === "enum") binding.options = optionsOf(field);
  if (field.relation) {
    const href = context.detailHref.get(field.relation.target);
    binding.relation = {
      entity: field.relation.target,
      cardinality: field.relation.cardinality,
      ...(href && { href }),
    };
  }
  return binding;
}

export const systemBinding = (property: "created_at" | "updated_at"): Binding => ({
  property,
  label: property === "created_at" ? "Created" : "Updated",
  format: "datetime",
});

function propertyOf(names: EntityApiNames, fieldName: string): string {
  return names.properties.find(({ field }) => field.name === fieldName)?.property ?? fieldName;
}

function optionsFrom(target: Entity, context: UiContext): OptionsFrom {
  const names = context.names.get(target.name);
  if (!names) throw new Error(`no API names for entity '${target.name}'`);
  return {
    entity: target.name,
    source: { api: names.collectionPath, method: "GET", operation: names.operations.list },
    value_property: "id",
    label_field: target.display_field,
    label_property: propertyOf(names, target.display_field),
    ...(target.search_fields.length > 0 && { search_param: "q" as const }),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The hint under a control: whether it is required and which bounds apply, in the words a form would use. */
export function validationHint(field: Field): string {
  const parts = [field.required ? "Required" : "Optional"];
  const { minLength, maxLength } = field.type === "relation" || !isTextual(field) ? {} : lengthBounds(field);
  if (minLength !== undefined && maxLength !== undefined)
    parts.push(`${minLength} to ${plural(maxLength, "character")}`);
  else if (minLength !== undefined) parts.push(`at least ${plural(minLength, "character")}`);
  else if (maxLength !== undefined) parts.push(`at most ${plural(maxLength, "character")}`);
  if (isNumeric(field)) {
    if (field.min !== undefined && field.max !== undefined) parts.push(`from ${field.min} to ${field.max}`);
    else if (field.min !== undefined) parts.push(`at least ${field.min}`);
    else if (field.max !== undefined) parts.push(`at most ${field.max}`);
  }
  if (field.type === "integer") parts.push("a whole number");
  if (field.type === "money") parts.push("up to 2 decimals");
  if (field.type === "phone") parts.push("digits, spaces, + ( ) . -");
  if (field.type === "url") parts.push("starting with http:// or https://");
  if (isManyToMany(field) && field.required) parts.push("choose at least one");
  if (field.unique) parts.push("must be unique");
  return `${parts.join(", ")}.`;
}

const isTextual = (field: Field) => ["text", "long_text", "email", "url", "phone"].includes(field.type);
const isNumeric = (field: Field) => ["integer", "decimal", "money"].includes(field.type);

/**
 * The form control for a field. Text types get an Input of the matching HTML type, long text a Textarea, numbers
 * a number Input with the right step, booleans a Switch, dates a DatePicker (Popover + Calendar), date-times a
 * datetime-local Input, enums and to-one relations a Select, many-to-many links a MultiSelect.
 */
export function fieldControl(field: Field, property: string, mode: "create" | "edit", context: UiContext): Node {
  const base = {
    name: property,
    field: field.name,
    label: field.label,
    required: field.required,
    description: validationHint(field),
  };
  const initial = mode === "create" && field.default !== undefined ? { default: field.default } : {};
  const { minLength, maxLength } = lengthBounds(field);
  const lengths = {
    ...(minLength !== undefined && { min_length: minLength }),
    ...(maxLength !== undefined && { max_length: maxLength }),
  };
  const range = {
    ...(field.min !== undefined && { min: field.min }),
    ...(field.max !== undefined && { max: field.max }),
  };
  const text = initial as { default?: string };
  switch (field.type) {
    case "text":
      return { component: "Input", ...base, type: "text", ...lengths, ...text };
    case "email":
      return { component: "Input", ...base, type: "email", pattern: EMAIL_PATTERN, ...lengths, ...text };
    case "url":
      return { component: "Input", ...base, type: "url", pattern: URL_PATTERN, ...lengths, ...text };
    case "phone":
      return { component: "Input", ...base, type: "tel", pattern: PHONE_PATTERN, ...lengths, ...text };
    case "long_text":
      return { component: "Textarea", ...base, rows: 5, ...lengths, ...text };
    case "integer":
      return { component: "Input", ...base, type: "number", step: 1, ...range, ...(initial as { default?: number }) };
    case "decimal":
      return {
        component: "Input",
        ...base,
        type: "number",
        step: "any",
        ...range,
        ...(initial as { default?: number }),
      };
    case "money":
      return {
        component: "Input",
        ...base,
        type: "number",
        step: MONEY_STEP,
        ...range,
        ...(initial as { default?: number }),
      };
    case "boolean":
      return { component: "Switch", ...base, ...(initial as { default?: boolean }) };
    case "date":
      return { component: "DatePicker", ...base, ...text };
    case "datetime":
      return { component: "Input", ...base, type: "datetime-local", ...text };
    case "enum":
      return { component: "Select", ...base, placeholder: "Choose…", options: optionsOf(field), ...text };
    case "relation": {
      const target = context.entities.get(field.relation?.target ?? "");
      if (!target) throw new Error(`relation '${field.name}' has no target entity`);
      if (isManyToMany(field))
        return {
          component: "MultiSelect",
          ...base,
          placeholder: "Choose…",
          options_from: optionsFrom(target, context),
        };
      return { component: "Select", ...base, placeholder: "Choose…", options_from: optionsFrom(target, context) };
    }
    case "user":
      throw new Error(`user field '${field.name}' is read-only and has no form control`);
  }
}
