import { isManyToMany, type EntityDefinition, type FieldDefinition } from "@/lib/entity";

/** What the form shows again after a failed submit: the raw text of every input. */
export type FormValues = Record<string, string | string[]>;

function fromText(field: FieldDefinition, text: string): unknown {
  if (text === "") return field.required && field.hasDefault ? undefined : null;
  switch (field.type) {
    case "integer":
    case "decimal":
    case "money":
      return Number.isNaN(Number(text)) ? text : Number(text);
    case "datetime": {
      // <input type="datetime-local"> has no zone; the browser's local time is the user's intent.
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? text : date.toISOString();
    }
    default:
      return text;
  }
}

/** Form data -> the same JSON shape the API accepts, so one zod schema checks both. Read-only fields are never sent. */
export function formToInput(entity: EntityDefinition, formData: FormData): { input: Record<string, unknown>; values: FormValues } {
  return fieldsToInput(entity.fields.filter((field) => !field.readOnly), formData);
}

export function fieldsToInput(fields: readonly FieldDefinition[], formData: FormData): { input: Record<string, unknown>; values: FormValues } {
  const input: Record<string, unknown> = {};
  const values: FormValues = {};
  for (const field of fields) {
    if (isManyToMany(field)) {
      const ids = formData.getAll(field.property).map(String).filter(Boolean);
      input[field.property] = ids;
      values[field.property] = ids;
    } else if (field.type === "boolean") {
      const checked = formData.get(field.property) === "on";
      input[field.property] = checked;
      values[field.property] = checked ? "on" : "";
    } else {
      const text = String(formData.get(field.property) ?? "").trim();
      values[field.property] = text;
      input[field.property] = fromText(field, text);
    }
  }
  return { input, values };
}

function pad(n: number) {
  return String(n).padStart(2, "0");
}

/** A stored value as the text an input of that type expects. */
export function valueToText(field: FieldDefinition, value: unknown): string | string[] {
  if (value === null || value === undefined) return isManyToMany(field) ? [] : "";
  if (Array.isArray(value)) return value.map(String);
  if (field.type === "boolean") return value === true ? "on" : "";
  if (field.type === "datetime") {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) return "";
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }
  return String(value);
}

/** The text a create form starts from: the field's default ("now" as the current date or time), else empty. */
export function defaultText(field: FieldDefinition, now: Date): string | string[] {
  const value = field.default;
  if (value === undefined) return isManyToMany(field) ? [] : "";
  if (value === "now" && field.type === "date") return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  if (value === "now" && field.type === "datetime") return valueToText(field, now.toISOString());
  return valueToText(field, value);
}

/** A create form's starting values: every field's default, read at the time the form is shown. */
export function defaultValues(entity: EntityDefinition, now = new Date()): FormValues {
  return Object.fromEntries(entity.fields.map((field) => [field.property, defaultText(field, now)]));
}
