// The shape of an entity as the app sees it at run time. `lib/entities/*` holds one definition per entity,
// generated from the manifest; every page, form, route handler and test reads these instead of repeating names.
// Plain data only, so a definition can be passed from a server component to a client component.

export type FieldType =
  | "text"
  | "long_text"
  | "email"
  | "url"
  | "phone"
  | "integer"
  | "decimal"
  | "money"
  | "boolean"
  | "date"
  | "datetime"
  | "enum"
  | "relation"
  | "user";

export interface RelationDefinition {
  cardinality: "many_to_one" | "one_to_one" | "many_to_many";
  target: string;
  targetTable: string;
  targetPath: string;
  /** Column of the target that names its rows in pickers and lists. */
  targetLabelColumn: string;
  /** Many-to-many only: the join table and its two columns. */
  joinTable?: string;
  sourceColumn?: string;
  targetColumn?: string;
}

export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  unique: boolean;
  /** JSON property in rows, request bodies and form data (`company_id`, `tag_ids`). */
  property: string;
  /** Column on the entity's own table; many-to-many links live in a join table and have none. */
  column?: string;
  options?: readonly { value: string; label: string }[];
  min?: number;
  max?: number;
  /** The database fills the value in when a new row leaves it out. */
  hasDefault: boolean;
  /** The manifest's default, which the create form starts from; for date and datetime, "now" is the current one. */
  default?: string | number | boolean;
  /** Only the server sets it (its default, or an action): forms leave it out and the API refuses it. */
  readOnly?: boolean;
  /** Worked out by the database from other fields of the row (a generated column); always read-only. */
  computed?: ComputedDefinition;
  relation?: RelationDefinition;
}

/** A computed field's formula: arithmetic over number fields, or the time between two dates or datetimes. */
export interface ComputedDefinition {
  kind: "multiply" | "add" | "subtract" | "duration";
  /** Field names, in order (for subtract and duration: minuend first / from first). */
  operands: readonly string[];
  unit?: "minutes" | "hours" | "days";
}

/** One test of a row's value that an action needs; the database function checks the same. */
export interface ActionCondition {
  property: string;
  test: "equals" | "not_equals" | "empty" | "not_empty" | "at_least" | "at_most";
  value?: string | number | boolean;
}

/** Something a person can do to one row: a button, POST /api/<path>/{id}/<segment>, one database function. */
export interface ActionDefinition {
  name: string;
  label: string;
  segment: string;
  /** The database function (public schema) that runs it. */
  function: string;
  confirm?: string;
  /** Roles that may run it; null: whoever may write the entity (row-level security decides). */
  roles: readonly string[] | null;
  when: readonly ActionCondition[];
  /** The 409 message when a condition does not hold. */
  refusal: string;
  /** Values the person enters, keyed by `property`. */
  inputs: readonly FieldDefinition[];
  /** The entity of the row it creates, if it creates one, and that row's relation field back to the acting row. */
  creates?: string;
  link?: string;
  /** An action of the whole list: the server picks the row at random (weighted), so the request names none. */
  pick?: boolean;
}

export interface ListFilterDefinition {
  /** Query parameter name. */
  param: string;
  field: string;
  /** A range filter's end (numbers, dates): rows whose value is at least (min) or at most (max) the parameter; else an exact match. */
  bound?: "min" | "max";
}

export interface EntityDefinition {
  name: string;
  label: string;
  pluralLabel: string;
  table: string;
  path: string;
  ownership: "user" | "shared";
  /** One row per person ("my profile"): shown at /<path>/mine under `title` ("My profile"), served at /api/<path>/mine. */
  singleton?: { title: string };
  /** Visitors who are not signed in may read rows. */
  publicRead: boolean;
  /** The manifest's access rules: roles ('*' any signed-in user, 'anon' visitors too) that may read, write, or manage every row. */
  access: { read: readonly string[]; write: readonly string[]; manage: readonly string[] };
  fields: readonly FieldDefinition[];
  displayField: string;
  searchFields: readonly string[];
  listFields: readonly string[];
  sortFields: readonly string[];
  filters: readonly ListFilterDefinition[];
  actions?: readonly ActionDefinition[];
  /** The list's order until a person sorts by a column (the manifest list page's `sort`); newest first without it. */
  defaultSort?: { field: string; order: "asc" | "desc" };
  /** The entity's other views: a board of its rows by an enum field (/<path>/board), a calendar by a date field (/<path>/calendar). */
  views?: { board?: ViewDefinition; calendar?: ViewDefinition };
}

export interface ViewDefinition {
  /** The field the view is built on: the board's enum, the calendar's date or date-time. */
  field: string;
  title: string;
}

export interface Ref {
  id: string;
  label: string;
  /** The reference points at a row this user may not read (someone who could set it); `label` is a placeholder. */
  hidden?: true;
}

/** Shown for a reference to a row the user may not read: it exists, but its name is not theirs to see. */
export const HIDDEN_LABEL = "(hidden record)";

/** How many choices a relation picker loads at once; beyond that it searches. */
export const RELATION_PAGE_SIZE = 50;

/** A relation picker's choices: the first page (plus the current values) and how many rows there are in all. */
export interface RelationChoices {
  options: Ref[];
  total: number;
}

/** A row as the API answers it: system columns, one property per field, and `_refs` labels for relations. */
export type RecordRow = {
  id: string;
  created_at: string;
  updated_at: string;
  owner_id?: string;
  _refs?: Record<string, Ref | Ref[] | null>;
} & Record<string, unknown>;

export function fieldByName(entity: EntityDefinition, name: string): FieldDefinition | undefined {
  return entity.fields.find((field) => field.name === name);
}

export function isManyToMany(field: FieldDefinition): boolean {
  return field.relation?.cardinality === "many_to_many";
}

/**
 * A label inside a sentence ("3 deals", "No CRM contacts yet"): capitalised words are lowered, while acronyms and
 * brands with capitals inside (CRM, WhatsApp) keep their spelling.
 */
export function inSentence(label: string): string {
  return label.replace(/\p{L}[\p{L}\p{N}'’-]*/gu, (word) => (/^\p{Lu}[^\p{Lu}]*$/u.test(word) ? word.toLowerCase() : word));
}

/** A row's title on its pages: its label, never a raw id (a row whose display field is empty is "Untitled <label>"). */
export function recordTitle(entity: EntityDefinition, row: RecordRow): string {
  const label = recordLabel(entity, row);
  return label === row.id ? `Untitled ${inSentence(entity.label)}` : label;
}

/** Text that names a row: its display field, or the id when that is empty. */
export function recordLabel(entity: EntityDefinition, row: RecordRow): string {
  const field = fieldByName(entity, entity.displayField);
  if (!field) return row.id;
  if (field.type === "relation") {
    const ref = row._refs?.[field.name];
    if (ref && !Array.isArray(ref)) return ref.label;
    return row.id;
  }
  const value = row[field.property];
  return value === null || value === undefined || value === "" ? row.id : String(value);
}

/** Whether every condition of an action holds for the row (the user's own id stands for 'current_user'). */
export function actionApplies(action: ActionDefinition, row: RecordRow, userId: string): boolean {
  return action.when.every((condition) => {
    const value = row[condition.property];
    const wanted = condition.value === "current_user" ? userId : condition.value;
    switch (condition.test) {
      case "empty":
        return value === null || value === undefined || value === "";
      case "not_empty":
        return value !== null && value !== undefined && value !== "";
      case "at_least":
        return typeof value === "number" && value >= Number(wanted);
      case "at_most":
        return typeof value === "number" && value <= Number(wanted);
      case "not_equals":
        return value !== wanted;
      default:
        return value === wanted;
    }
  });
}

/** Whether a user with these roles may run the action (the database checks again). */
export function actionAllowed(action: ActionDefinition, roles: readonly string[]): boolean {
  return action.roles === null || action.roles.some((role) => roles.includes(role));
}
