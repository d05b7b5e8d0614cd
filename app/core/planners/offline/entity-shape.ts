// Building an entity's fields from an archetype and the fields a text names; shared by planning and /regenerate so
// an entity added by an instruction looks like one planned from a prompt.
import pluralize from "pluralize";
import { SYSTEM_COLUMNS } from "../../manifest/validate.ts";
import { foreignKeyColumn, pluralLabel, pluralName } from "../../naming.ts";
import { sameField, type FieldDraft } from "./field-types.ts";
import { ARCHETYPES, GENERIC_SHAPE, shapeFor, type Archetype } from "./vocabulary.ts";

export const TEXT_LIKE = new Set(["text", "email", "url", "phone"]);

export interface ExplicitField {
  field: FieldDraft;
  /** The text listed the options ("priority (low, high)"), so they win over the archetype's. */
  optionsGiven: boolean;
}

/** The archetype's fields for a noun, or the generic shape (name, description); always fresh copies. */
export function shapeFields(archetype: Archetype | undefined, context: string): FieldDraft[] {
  const shape = archetype ? shapeFor(archetype, context) : GENERIC_SHAPE;
  return shape.fields.map((f) => structuredClone(f));
}

export function archetypeFor(name: string): Archetype | undefined {
  return ARCHETYPES.get(name);
}

/**
 * The fields of an entity given its archetype's fields and the fields a text lists for it. Three or more listed
 * fields describe the entity as the person sees it: they are taken as written, plus the field that names a row.
 * Fewer are added to the archetype's fields. A listed field that is the archetype's under another name ("start
 * time" for starts_at) replaces it.
 */
export function mergeFields(base: FieldDraft[], listed: ExplicitField[], fromArchetype: boolean): FieldDraft[] {
  const explicit: FieldDraft[] = [];
  for (const { field: given, optionsGiven } of listed) {
    let field = given;
    if (field.type !== "relation") {
      const known = base.find((f) => f.name === field.name);
      const similar = known ?? base.find((f) => sameField(f, field));
      // A bare name the archetype already types richly ("status", "priority") keeps the archetype's definition;
      // a synonym keeps the text's name and the archetype's requiredness.
      if (known && !(field.type === "enum" && optionsGiven)) field = known;
      else if (similar?.required) field = { ...field, required: true };
    }
    if (!explicit.some((f) => f.name === field.name)) explicit.push(field);
  }
  let fields: FieldDraft[];
  if (explicit.length >= 3) {
    fields = explicit;
    const namer = base[0] ?? { name: "name", type: "text", required: true };
    const named =
      fields.some((f) => f.name === namer.name || sameField(f, namer)) ||
      !TEXT_LIKE.has(namer.type) ||
      (!fromArchetype && fields.some((f) => TEXT_LIKE.has(f.type)));
    if (!named) fields = [namer, ...fields.filter((f) => f.name !== namer.name)];
  } else {
    fields = [...base];
    for (const field of explicit) {
      const at = fields.findIndex((f) => f.name === field.name || sameField(f, field));
      if (at >= 0 && !fields.some((f, i) => i !== at && f.name === field.name)) fields[at] = field;
      else if (!fields.some((f) => f.name === field.name)) fields.push(field);
    }
  }
  return fields.length ? fields : [{ name: "name", type: "text", required: true }];
}

/** A relation field named after its target (company -> company_id); plural for many-to-many (tags). */
export function relationField(target: string, manyToMany: boolean, self: string): FieldDraft {
  let name = manyToMany ? pluralName(target) : target;
  // "owner" would store its key in owner_id, which every table already has for row ownership.
  if (SYSTEM_COLUMNS.has(foreignKeyColumn(name)) || SYSTEM_COLUMNS.has(name)) name = `${self}_${name}`.slice(0, 48);
  return {
    name,
    type: "relation",
    relation: { target, ...(manyToMany ? { cardinality: "many_to_many" as const } : {}) },
  };
}

const pluralCache = new Map<string, string>();

/** Plural label that leaves uncountable nouns alone ("Equipment", "Staff"). */
export function pluralOf(label: string): string {
  const cached = pluralCache.get(label);
  if (cached !== undefined) return cached;
  const last = /([A-Za-z]+)$/.exec(label)?.[1];
  const plural =
    last && pluralize.isSingular(last) && pluralize.plural(last.toLowerCase()) === last.toLowerCase()
      ? label
      : pluralLabel(label);
  if (pluralCache.size > 20_000) pluralCache.clear();
  pluralCache.set(label, plural);
  return plural;
}
