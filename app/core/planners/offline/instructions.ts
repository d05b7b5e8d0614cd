// `/regenerate` instructions applied to the previous manifest without a model: add, remove and rename fields and
// entities. Instructions apply in order to a copy; only what an instruction names changes, so everything else stays
// byte-identical in the canonical JSON (and so do the stages' outputs). If any instruction is not understood,
// nothing is applied.
//
// Renaming an entity: its table and path follow the new name when they were derived from the old one (they equal
// tableName(old) / pathSegment(old)); a table or path someone chose by hand is kept. A derived name that kept the
// old word would leave "customers" tables behind a "Client" entity; a chosen one is a deliberate decision to keep.
import { AppgenError } from "../../errors.ts";
import { assertManifest, SYSTEM_COLUMNS } from "../../manifest/index.ts";
import {
  foreignKeyColumn,
  humanize,
  identifierFrom,
  pathSegment,
  pluralName,
  singularName,
  tableName,
} from "../../naming.ts";
import type { Entity, Field, Manifest, Page } from "../../schema-types/manifest.ts";
import {
  archetypeFor,
  mergeFields,
  pluralOf,
  relationField,
  shapeFields,
  TEXT_LIKE,
  type ExplicitField,
} from "./entity-shape.ts";
import { fieldFromPhrase, inferField, typeFromWords, type FieldDraft, type FieldType } from "./field-types.ts";
import { splitOptions } from "./text.ts";
import { themeFromText } from "./theme.ts";

export interface InstructionResult {
  manifest: Manifest;
  /** One line per change, for the progress comment. */
  changes: string[];
}

const EXAMPLES = [
  "add a priority field to tasks",
  "tasks should also have a priority (low, medium, high)",
  "add a comments entity linked to tasks",
  "add invoices for each customer",
  "remove the phone field from contacts",
  "remove invoices",
  "rename customers to clients",
  "rename the title field of tasks to name",
];

/** Applies instructions separated by new lines, ";" or "and then", in order. Throws and changes nothing on failure. */
export function applyInstructions(previous: Manifest, instructions: string): InstructionResult {
  // Completing first means a hand-written previous manifest compares like the canonical one it stands for.
  const draft = structuredClone(assertManifest(previous, "the previous manifest"));
  const changes: string[] = [];
  const pieces = splitInstructions(instructions);
  if (pieces.length === 0) throw notUnderstood(instructions, "there is no instruction in it");
  for (const piece of pieces) changes.push(...applyOne(draft, piece));
  const manifest = assertManifest(draft, "the manifest after the /regenerate instructions");
  return { manifest, changes };
}

const STARTS_INSTRUCTION = "(?:add|remove|delete|drop|rename|change|make|link|give|call|create|include|get rid of)";

export function splitInstructions(text: string): string[] {
  return text
    .replace(/\r/g, "")
    .split(/\n+|;|\band then\b|\bthen\b(?=\s+\w)|(?<=[a-z0-9)"'])\.\s+/i)
    .flatMap((part) => part.split(new RegExp(`,?\\s+and\\s+(?=(?:also\\s+)?${STARTS_INSTRUCTION}\\b)`, "i")))
    .map((part) => part.replace(/^\s*(?:[-*+\u2022]|\d+[.)])\s+/, "").trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

function normalize(piece: string): string {
  let text = piece
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\b(do|does|did|should|must|is|are|can|would|could|have|has)n't\b/g, "$1 not")
    .replace(/\bwon't\b/g, "will not")
    .replace(/\bcan't\b/g, "cannot")
    .replace(/[`"]/g, "")
    .replace(/(^|\s)'([^']+)'(?=\s|$|[.,;:])/g, "$1$2")
    .replace(/[.!]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  for (;;) {
    const next = text
      .replace(
        /^(?:please|also|and|then|now|ok|okay|finally|next|lastly|can you|could you|would you|i want to|i'd like to|i would like to|let's|lets|we need to|you should|go ahead and|just)\s+/,
        "",
      )
      .replace(/\s+(?:please|too|as well|thanks|thank you)$/, "")
      .replace(/^,\s*/, "");
    if (next === text) return text;
    text = next;
  }
}

type Handler = (draft: Manifest, match: RegExpExecArray, piece: string) => string[] | undefined;

const E = "(?:the |all |each |every |our |my |existing )?";
const RULES: [RegExp, Handler][] = [
  // Colours: "make it pink", "use a papaya whip background", "change the buttons to #ff8c00".
  [/\b(?:colou?rs?|theme|background|buttons?|accents?|primary|make it|paint|look)\b/, (d, _m, p) => changeTheme(d, p)],
  // Renaming fields.
  [
    /^rename (?:the )?([a-z0-9_ ]+?)(?:'s|s') (.+?)(?: field| column)? (?:to|into|as) (.+)$/,
    (d, m, p) => renameField(d, m[1], m[2], m[3], p),
  ],
  [/^rename ([a-z0-9_]+)\.([a-z0-9_]+) (?:to|into|as) (.+)$/, (d, m, p) => renameField(d, m[1], m[2], m[3], p)],
  [
    new RegExp(
      `^(?:rename|change) (?:the )?(.+?) (?:field|column|property|attribute) (?:of|on|in|for|from) ${E}(.+?) (?:to|into|as) (.+)$`,
    ),
    (d, m, p) => renameField(d, m[2], m[1], m[3], p),
  ],
  [
    new RegExp(`^rename (?:the )?(.+?) (?:of|on|in|for) ${E}(.+?) (?:to|into|as) (.+)$`),
    (d, m, p) => (findEntity(d, m[2]) ? renameField(d, m[2], m[1], m[3], p) : undefined),
  ],
  [
    new RegExp(`^rename (?:the )?(.+?)(?: field| column)? (?:to|into|as) (.+?) (?:in|on|for|of) ${E}(.+)$`),
    (d, m, p) => (findEntity(d, m[3]) ? renameField(d, m[3], m[1], m[2], p) : undefined),
  ],
  [
    new RegExp(`^(?:in|on|for) ${E}(.+?),? rename (?:the )?(.+?)(?: field| column)? (?:to|into|as) (.+)$`),
    (d, m, p) => renameField(d, m[1], m[2], m[3], p),
  ],
  // Renaming entities.
  [
    /^(?:rename|change) (?:the )?(.+?)(?: entity| entities| table| model| resource)? (?:to|into|as) (.+)$/,
    (d, m, p) => renameEntityOrUniqueField(d, m[1], m[2], p),
  ],
  [/^call (?:the )?(.+?) (.+?) instead$/, (d, m, p) => renameEntityOrUniqueField(d, m[1], m[2], p)],
  [
    /^(?:the )?(.+?) should (?:be called|be named|be renamed to|be renamed) (.+)$/,
    (d, m, p) => renameEntityOrUniqueField(d, m[1], m[2], p),
  ],
  // Removing fields, then entities.
  [
    new RegExp(`^(?:remove|delete|drop|get rid of|take out) (?:the )?(.+?) from ${E}(.+)$`),
    (d, m, p) => removeFields(d, m[2], m[1], p),
  ],
  [
    /^(?:the )?(.+?) (?:do not|does not|no longer|should not|will not) (?:need|needs|have|has|store|track)(?: to have)? (?:a |an |the |any )?(.+?)(?: anymore| any more)?$/,
    (d, m, p) => removeFields(d, m[1], m[2], p),
  ],
  [
    /^(?:remove|delete|drop|get rid of|take out) (?:the |all |any )?(.+?)(?: completely| entirely| altogether)?$/,
    (d, m, p) => removeEntities(d, m[1], p),
  ],
  [
    /^(?:we )?(?:do not|no longer) need (?:the |any )?(.+?)(?: anymore| any more)?$/,
    (d, m, p) => removeEntities(d, m[1], p),
  ],
  [/^no more (.+)$/, (d, m, p) => removeEntities(d, m[1], p)],
  // Relations between existing entities, or to a new one.
  [
    /^(?:each |every |a |an |the )?(.+?) (?:should |must |will |can )?(?:also )?(?:belongs?|belonging) to (?:a |an |one |the |each |a single )?(.+)$/,
    (d, m, p) => linkEntities(d, m[1], m[2], p),
  ],
  [
    /^(?:link|connect|relate) (?:the |each |every )?(.+?) (?:to|with) (?:a |an |the |each )?(.+)$/,
    (d, m, p) => linkEntities(d, m[1], m[2], p),
  ],
  [
    /^(?:the |each |every )?(.+?) (?:should be|must be|are|is) (?:linked|connected|related|attached|tied) to (?:a |an |the |each )?(.+)$/,
    (d, m, p) => linkEntities(d, m[1], m[2], p),
  ],
  [
    /^(?:each |every |a |an |the )?(.+?) (?:should have|can have|has|have) (?:many|multiple|several) (.+)$/,
    (d, m, p) => linkEntities(d, m[2], m[1], p, true),
  ],
  // Adding entities.
  [
    /^(?:add|create|include) (?:a |an |the )?(?:new )?(?:entity|table|model|resource|list) (?:called|named|for) (.+?)(?:,? with (?:the )?(?:fields? )?(.+))?$/,
    (d, m, p) => addEntities(d, m[1], undefined, m[2], p),
  ],
  [
    /^(?:add|create|include) (?:a |an |the )?(?:new )?(.+?)(?: entity| entities| table| tables| model| resource)?,? (?:that is |which is |that are |which are |each )?(?:linked|attached|related|tied|connected|belonging|associated) (?:to|with) (?:a |an |the |each |every )?(.+?)(?:,? with (?:the )?(?:fields? )?(.+))?$/,
    (d, m, p) => addEntities(d, m[1], m[2], m[3], p),
  ],
  [
    /^(?:add|create|track) (?:a |an |the )?(?:new )?(.+?)(?: entity| entities| table| tables)? (?:for|per|to|on) (?:each|every|a|an) (.+)$/,
    (d, m, p) => addEntities(d, m[1], m[2], undefined, p),
  ],
  [
    /^(?:add|create) (?:a |an |the )?(?:new )?(.+?) (?:entity|entities|table|tables|model|resource)(?:,? with (?:the )?(?:fields? )?(.+))?$/,
    (d, m, p) => addEntities(d, m[1], undefined, m[2], p),
  ],
  // Adding fields (or, for nouns that are clearly records, entities).
  [
    /^(?:add|include|put|store|track) (.+?) (?:to|on|for|in|into) (?:the |each |every |all |our )?(.+)$/,
    (d, m, p) => addFieldsOrLinkedEntity(d, m[2], m[1], p),
  ],
  [
    /^(?:the |each |every |all )?(.+?) (?:should|must|need to|needs to|will|can) (?:also )?(?:have|has|get|include|store|track|record|show) (.+)$/,
    (d, m, p) => addFieldsOrLinkedEntity(d, m[1], m[2], p),
  ],
  [
    /^(?:the |each |every |all )?(.+?) (?:also )?(?:needs?|have|has|gets?) (.+)$/,
    (d, m, p) => addFieldsOrLinkedEntity(d, m[1], m[2], p),
  ],
  [
    /^give (?:the |each |every |all )?(.+?) (?:a |an |the |some )(.+)$/,
    (d, m, p) => addFieldsOrLinkedEntity(d, m[1], m[2], p),
  ],
  [
    /^(?:add|create|track) (?:a |an |the )?(?:new )?(.+?)(?:,? with (?:the )?(?:fields? )?(.+))?$/,
    (d, m, p) => addEntities(d, m[1], undefined, m[2], p, true),
  ],
];

function applyOne(draft: Manifest, piece: string): string[] {
  const text = normalize(piece);
  for (const [pattern, handler] of RULES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const changes = handler(draft, match, piece);
    if (changes) return changes;
  }
  throw notUnderstood(piece);
}

function notUnderstood(piece: string, reason?: string): AppgenError {
  return new AppgenError(
    "INSTRUCTION_NOT_UNDERSTOOD",
    `I did not understand the instruction "${piece.trim().slice(0, 200)}"${reason ? `: ${reason}` : ""}. Instructions that work: ${EXAMPLES.map((e) => `"${e}"`).join(", ")}. Put several instructions on separate lines or separate them with ";".`,
  );
}

/** Like notUnderstood, for an instruction whose form was understood but that names something that is not there. */
function cannot(piece: string, reason: string): AppgenError {
  return new AppgenError("INSTRUCTION_NOT_UNDERSTOOD", `Cannot apply "${piece.trim().slice(0, 200)}": ${reason}.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Finding things by the words a person uses for them.

function cleanPhrase(text: string | undefined): string {
  return (text ?? "")
    .trim()
    .replace(/^(?:the|all|each|every|our|my|a|an|existing|new)\s+/, "")
    .replace(/\s+(?:entity|entities|table|tables|model|models|records?|pages?|list|resource|resources)$/, "")
    .trim();
}

export function findEntity(m: Manifest, text: string | undefined): Entity | undefined {
  const phrase = cleanPhrase(text);
  const id = identifierFrom(phrase);
  if (!id) return undefined;
  const singular = singularName(id);
  return (
    m.entities.find((e) => e.name === id || e.name === singular || e.table === id || pluralName(e.name) === id) ??
    m.entities.find(
      (e) =>
        e.label.toLowerCase() === phrase ||
        e.plural_label.toLowerCase() === phrase ||
        e.path === id.replaceAll("_", "-"),
    )
  );
}

function findField(entity: Entity, text: string | undefined): Field | undefined {
  const phrase = (text ?? "")
    .trim()
    .replace(/^(?:the|a|an)\s+/, "")
    .replace(/\s+(?:field|column|property|attribute)$/, "")
    .trim();
  const id = identifierFrom(phrase);
  if (!id) return undefined;
  const singular = singularName(id);
  return entity.fields.find(
    (f) =>
      f.name === id ||
      f.name === singular ||
      f.name === `${id}_id`.replace(/_id_id$/, "_id") ||
      `${f.name}_id` === id ||
      f.label.toLowerCase() === phrase,
  );
}

function splitList(text: string): string[] {
  // Commas and "and" outside parentheses: "a priority (low, high) and a due date".
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  const tokens = text.split(/(\(|\)|,|\band\b|\bplus\b|&)/);
  for (const token of tokens) {
    if (token === "(") depth++;
    if (token === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (token === "," || token === "and" || token === "plus" || token === "&")) {
      if (current.trim()) parts.push(current.trim());
      current = "";
    } else {
      current += token;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Fields.

const TYPE_WORD =
  "long text|rich text|text|string|number|whole number|integer|int|decimal|float|money|currency|boolean|checkbox|yes/no|date time|datetime|timestamp|date|email|url|link|phone|enum|dropdown|choice";

/** "a priority (low, high)", "a boolean field called done", "due date as a date", "required email" -> a field. */
export function parseFieldSpec(spec: string): FieldDraft | undefined {
  let text = spec
    .trim()
    .replace(/^(?:also\s+)?(?:a|an|the|some)\s+/, "")
    .replace(/^new\s+/, "");
  let options: string[] | undefined;
  let type: FieldType | undefined;
  text = text.replace(/\(([^()]*)\)/g, (_m, inner: string) => {
    const hinted = typeFromWords(inner.trim().split(/\s+/));
    if (hinted && !inner.includes(",")) type = hinted;
    else options = splitOptions(inner);
    return " ";
  });
  const options2 = /\s(?:with (?:the )?options|with values|one of|either)\s+(.+)$/.exec(text);
  if (options2) {
    options = splitOptions(options2[1] ?? "");
    text = text.slice(0, options2.index);
  }
  const typed = new RegExp(
    `^(?:(required|unique|optional) )?(${TYPE_WORD}) (?:field|column|property|attribute)s? (?:called |named )?(.+)$`,
  ).exec(text);
  if (typed) {
    type = typeFromWords((typed[2] ?? "").split(/\s+/)) ?? type;
    text = `${typed[1] ? `${typed[1]} ` : ""}${typed[3] ?? ""}`;
  }
  const named =
    /^(?:(required|unique|optional) )?(?:field|column|property|attribute) (?:called|named) (.+?)(?: (?:of type|as an?|as) (.+))?$/.exec(
      text,
    );
  if (named) {
    if (named[3]) type = typeFromWords(named[3].split(/\s+/)) ?? type;
    text = `${named[1] ? `${named[1]} ` : ""}${named[2] ?? ""}`;
  }
  const ofType = /^(.+?) (?:field |column )?(?:of type|as an?|as|typed as) (.+)$/.exec(text);
  if (ofType) {
    const hinted = typeFromWords((ofType[2] ?? "").split(/\s+/));
    if (hinted) {
      type = hinted;
      text = ofType[1] ?? text;
    }
  }
  text = text.replace(/\s+(?:field|column|property|attribute)s?$/, "");
  const words = text.split(/\s+/).filter(Boolean);
  const field = fieldFromPhrase(words, options?.length ? { options } : {});
  if (!field) return undefined;
  if (type && type !== field.type) {
    const { name, required, unique } = field;
    const retyped: FieldDraft =
      type === "enum" ? { ...inferField(name, options ?? ["yes", "no"]), name } : { name, type };
    if (required) retyped.required = true;
    if (unique) retyped.unique = true;
    return retyped;
  }
  return field;
}

function addFieldsOrLinkedEntity(
  m: Manifest,
  entityText: string | undefined,
  spec: string | undefined,
  piece: string,
): string[] | undefined {
  const entity = findEntity(m, entityText);
  if (!entity) {
    // "add comments to tasks" reads "comments" as the thing added; "add a priority to tasks" needs tasks to exist.
    if (findEntity(m, spec) && !findEntity(m, entityText)) return undefined;
    if (/^(?:add|include|put|store|track) /.test(normalize(piece)))
      throw cannot(
        piece,
        `there is no entity called "${cleanPhrase(entityText)}" (entities: ${m.entities.map((e) => e.name).join(", ")})`,
      );
    return undefined;
  }
  const items = splitList((spec ?? "").replace(/\s+(?:fields?|columns?)$/, ""));
  if (items.length === 0) return undefined;
  const changes: string[] = [];
  const additions: FieldDraft[] = [];
  for (const item of items) {
    const target = recordNoun(m, item);
    if (target) {
      const existing = findEntity(m, item);
      if (existing) {
        additions.push(relationField(existing.name, isPlural(item) && existing.name !== entity.name, entity.name));
        continue;
      }
      changes.push(...(addEntities(m, item, entity.name, undefined, piece) ?? []));
      continue;
    }
    const field = parseFieldSpec(item);
    if (!field) return undefined;
    additions.push(field);
  }
  for (const field of additions) changes.push(addField(entity, field, piece));
  return changes;
}

/** A noun in a field position that names a table rather than a column: an existing entity, or "comments". */
function recordNoun(m: Manifest, item: string): boolean {
  const phrase = cleanPhrase(item);
  if (/\(|\b(?:field|column|called|named|as|of type)\b/.test(phrase)) return false;
  if (findEntity(m, phrase)) return true;
  const id = identifierFrom(phrase);
  if (!id || !isPlural(phrase)) return false;
  const singular = singularName(id);
  // Notes and photos are usually columns even though they can be tables.
  return (
    archetypeFor(singular) !== undefined &&
    !["note", "memo", "photo", "image", "picture", "attachment", "document", "file", "name", "title"].includes(singular)
  );
}

function isPlural(text: string): boolean {
  const id = identifierFrom(cleanPhrase(text)) ?? "";
  return singularName(id) !== id;
}

function addField(entity: Entity, draft: FieldDraft, piece: string): string {
  if (SYSTEM_COLUMNS.has(draft.name)) throw cannot(piece, `"${draft.name}" is a column every table already has`);
  const existing = entity.fields.find((f) => f.name === draft.name);
  if (existing) {
    if (
      draft.type === "enum" &&
      draft.options &&
      (existing.type === "enum" || existing.type === "text") &&
      JSON.stringify(existing.options) !== JSON.stringify(draft.options)
    ) {
      existing.type = "enum";
      existing.options = draft.options;
      if (existing.default !== undefined && !draft.options.includes(String(existing.default))) delete existing.default;
      return `${entity.name}: ${draft.name} now has the options ${draft.options.join(", ")}`;
    }
    return `${entity.name} already has a field ${draft.name}; nothing changed`;
  }
  if (
    draft.relation &&
    entity.fields.some(
      (f) =>
        f.relation?.target === draft.relation?.target &&
        f.relation?.cardinality === (draft.relation?.cardinality ?? "many_to_one"),
    )
  ) {
    return `${entity.name} is already linked to ${draft.relation.target}; nothing changed`;
  }
  const field = completeField(draft);
  entity.fields.push(field);
  if (entity.list_fields.length < 5 && field.type !== "long_text" && field.relation?.cardinality !== "many_to_many")
    entity.list_fields.push(field.name);
  if (entity.search_fields.length < 3 && (TEXT_LIKE.has(field.type) || field.type === "long_text"))
    entity.search_fields.push(field.name);
  return `${entity.name}: added ${describeField(field)}`;
}

function completeField(draft: FieldDraft): Field {
  const field: Field = {
    ...draft,
    label: draft.label ?? humanize(draft.name),
    required: draft.required ?? false,
    unique: draft.unique ?? false,
  } as Field;
  if (draft.relation) {
    const cardinality = draft.relation.cardinality ?? "many_to_one";
    field.relation = {
      target: draft.relation.target,
      cardinality,
      on_delete:
        draft.relation.on_delete ??
        (cardinality === "many_to_many" ? "cascade" : field.required ? "restrict" : "set_null"),
    };
  }
  return field;
}

function describeField(field: Field | FieldDraft): string {
  if (field.type === "relation")
    return `relation ${field.name} -> ${field.relation?.target}${field.relation?.cardinality === "many_to_many" ? " (many-to-many)" : ""}`;
  return `field ${field.name} (${field.type}${field.options ? `: ${field.options.join(", ")}` : ""})`;
}

function removeFields(
  m: Manifest,
  entityText: string | undefined,
  fieldsText: string | undefined,
  piece: string,
): string[] | undefined {
  const entity = findEntity(m, entityText);
  if (!entity) return undefined;
  const names = splitList((fieldsText ?? "").replace(/\s+(?:fields?|columns?|properties|property|attributes?)$/, ""));
  const fields = names.map((n) => findField(entity, n));
  if (fields.some((f) => f === undefined)) {
    const missing = names.filter((_, i) => fields[i] === undefined).join(", ");
    throw cannot(
      piece,
      `${entity.name} has no field "${missing}" (fields: ${entity.fields.map((f) => f.name).join(", ")})`,
    );
  }
  const changes: string[] = [];
  for (const field of fields as Field[]) {
    if (entity.fields.length === 1)
      throw cannot(piece, `${field.name} is the only field of ${entity.name}; remove the entity instead`);
    dropField(entity, field.name);
    changes.push(`${entity.name}: removed field ${field.name}`);
  }
  return changes;
}

function dropField(entity: Entity, name: string): void {
  entity.fields = entity.fields.filter((f) => f.name !== name);
  entity.search_fields = entity.search_fields.filter((f) => f !== name);
  entity.list_fields = entity.list_fields.filter((f) => f !== name);
  if (entity.display_field === name) entity.display_field = displayFieldOf(entity.fields);
}

/** The same choice completion makes for a new entity: the first text field, else the first that is not a link. */
function displayFieldOf(fields: Field[]): string {
  const choice =
    fields.find((f) => TEXT_LIKE.has(f.type)) ??
    fields.find((f) => f.type !== "relation") ??
    fields.find((f) => f.relation?.cardinality !== "many_to_many") ??
    fields[0];
  return choice?.name ?? "name";
}

function renameField(
  m: Manifest,
  entityText: string | undefined,
  fieldText: string | undefined,
  newText: string | undefined,
  piece: string,
): string[] | undefined {
  const entity = findEntity(m, entityText);
  if (!entity) return undefined;
  const field = findField(entity, fieldText);
  if (!field)
    throw cannot(
      piece,
      `${entity.name} has no field "${(fieldText ?? "").trim()}" (fields: ${entity.fields.map((f) => f.name).join(", ")})`,
    );
  const name = identifierFrom(cleanFieldName(newText));
  if (!name) return undefined;
  if (name === field.name) return [`${entity.name}: ${field.name} already has that name; nothing changed`];
  if (SYSTEM_COLUMNS.has(name) || (field.type === "relation" && SYSTEM_COLUMNS.has(foreignKeyColumn(name)))) {
    throw cannot(
      piece,
      `"${name}" would clash with a column every table already has (id, created_at, updated_at, owner_id)`,
    );
  }
  if (entity.fields.some((f) => f.name === name)) throw cannot(piece, `${entity.name} already has a field ${name}`);
  const old = field.name;
  renameFieldIn(entity, field, name);
  return [`${entity.name}: renamed field ${old} to ${name}`];
}

function cleanFieldName(text: string | undefined): string {
  return (text ?? "")
    .trim()
    .replace(/^(?:the|a|an)\s+/, "")
    .replace(/\s+(?:field|column|instead)$/, "");
}

function renameFieldIn(entity: Entity, field: Field, name: string): void {
  const old = field.name;
  field.name = name;
  recordRename(field, old);
  field.label = humanize(name);
  entity.search_fields = entity.search_fields.map((f) => (f === old ? name : f));
  entity.list_fields = entity.list_fields.map((f) => (f === old ? name : f));
  if (entity.display_field === old) entity.display_field = name;
}

// ---------------------------------------------------------------------------------------------------------------
// Entities.

function renameEntityOrUniqueField(
  m: Manifest,
  fromText: string | undefined,
  toText: string | undefined,
  piece: string,
): string[] | undefined {
  const entity = findEntity(m, fromText);
  if (entity) return renameEntity(m, entity, toText, piece);
  // "rename title to name" when exactly one entity has a title.
  const owners = m.entities.filter((e) => findField(e, fromText));
  if (owners.length === 1 && owners[0]) return renameField(m, owners[0].name, fromText, toText, piece);
  if (owners.length === 0 && /^rename /.test(normalize(piece)))
    throw cannot(
      piece,
      `there is no entity or field called "${cleanPhrase(fromText)}" (entities: ${m.entities.map((e) => e.name).join(", ")})`,
    );
  if (owners.length > 1)
    throw cannot(
      piece,
      `several entities have a field "${(fromText ?? "").trim()}" (${owners.map((e) => e.name).join(", ")}); say which, e.g. "rename the ${(fromText ?? "").trim()} field of ${owners[0]?.plural_label.toLowerCase()} to …"`,
    );
  return undefined;
}

function renameEntity(m: Manifest, entity: Entity, toText: string | undefined, piece: string): string[] {
  const id = identifierFrom(cleanPhrase(toText));
  if (!id) throw cannot(piece, `"${(toText ?? "").trim()}" cannot be turned into a name`);
  const name = singularName(id);
  const old = entity.name;
  if (name === old) return [`${old} already has that name; nothing changed`];
  if (m.entities.some((e) => e !== entity && (e.name === name || e.table === tableName(name))))
    throw cannot(piece, `there is already an entity called ${name}`);
  const oldLabel = entity.label;
  const oldPlural = entity.plural_label;
  const oldTable = entity.table;
  const oldPath = entity.path;
  entity.name = name;
  recordRename(entity, old);
  entity.label = humanize(name);
  entity.plural_label = pluralOf(entity.label);
  if (entity.table === tableName(old)) entity.table = tableName(name);
  if (entity.path === pathSegment(old)) entity.path = pathSegment(name);
  const renamedFields: string[] = [];
  for (const other of m.entities) {
    for (const field of other.fields) {
      if (field.relation?.target !== old) continue;
      field.relation.target = name;
      // The link field follows its target's name (customer -> client) when it was named after it.
      const many = field.relation.cardinality === "many_to_many";
      const derivedName = relationField(old, many, other.name).name;
      const newName = relationField(name, many, other.name).name;
      if (field.name === derivedName && !other.fields.some((f) => f.name === newName)) {
        renameFieldIn(other, field, newName);
        renamedFields.push(`${other.name}.${newName}`);
      }
    }
  }
  m.pages = m.pages.map((page) =>
    renamePage(page, old, name, { oldLabel, oldPlural, label: entity.label, plural: entity.plural_label }),
  );
  const moved = [
    oldTable !== entity.table ? `table ${oldTable} -> ${entity.table}` : "",
    oldPath !== entity.path ? `path ${oldPath} -> ${entity.path}` : "",
  ].filter(Boolean);
  return [
    `renamed entity ${old} to ${name}${moved.length ? ` (${moved.join(", ")})` : ""}${renamedFields.length ? `; renamed link fields ${renamedFields.join(", ")}` : ""}`,
  ];
}

/** Records a rename for the migration: the first old name while the rename is pending, none when renamed back. */
function recordRename(item: { name: string; renamed_from?: string }, old: string): void {
  item.renamed_from ??= old;
  if (item.renamed_from === item.name) delete item.renamed_from;
}

function renamePage(
  page: Page,
  old: string,
  name: string,
  labels: { oldLabel: string; oldPlural: string; label: string; plural: string },
): Page {
  if (page.entity !== old) return page;
  const derived: Record<string, [string, string]> = {
    list: [labels.oldPlural, labels.plural],
    detail: [labels.oldLabel, labels.label],
    form: [`${labels.oldLabel} form`, `${labels.label} form`],
    board: [`${labels.oldPlural} board`, `${labels.plural} board`],
    calendar: [`${labels.oldPlural} calendar`, `${labels.plural} calendar`],
  };
  const [oldTitle, newTitle] = derived[page.kind] ?? ["", ""];
  return { ...page, entity: name, title: page.title === oldTitle ? newTitle : page.title };
}

function removeEntities(m: Manifest, text: string | undefined, piece: string): string[] | undefined {
  const names = splitList(text ?? "");
  const entities = names.map((n) => findEntity(m, n));
  if (entities.length === 0 || entities.some((e) => e === undefined)) return undefined;
  const changes: string[] = [];
  for (const entity of entities as Entity[]) {
    if (!m.entities.includes(entity)) continue;
    if (m.entities.length === 1) throw cannot(piece, `${entity.name} is the only entity; an app needs at least one`);
    m.entities = m.entities.filter((e) => e !== entity);
    m.pages = m.pages.filter((p) => p.entity !== entity.name);
    const dropped: string[] = [];
    for (const other of m.entities) {
      for (const field of other.fields.filter((f) => f.relation?.target === entity.name)) {
        if (other.fields.length === 1)
          throw cannot(
            piece,
            `${other.name} has no field but ${field.name}, which points at ${entity.name}; remove ${other.name} too, or add a field to it first`,
          );
        dropField(other, field.name);
        dropped.push(`${other.name}.${field.name}`);
      }
    }
    changes.push(
      `removed entity ${entity.name}${dropped.length ? ` and the fields that pointed at it (${dropped.join(", ")})` : ""}`,
    );
  }
  return changes;
}

function linkEntities(
  m: Manifest,
  fromText: string | undefined,
  toText: string | undefined,
  piece: string,
  createMissing = false,
): string[] | undefined {
  const to = findEntity(m, toText);
  const from = findEntity(m, fromText);
  if (!to && from)
    throw cannot(
      piece,
      `there is no entity called "${cleanPhrase(toText)}" to link ${from.name} to (entities: ${m.entities.map((e) => e.name).join(", ")}); add it first, e.g. "add ${cleanPhrase(toText)}"`,
    );
  if (!to) return undefined;
  if (!from)
    return createMissing || /^(?:add|create)/.test(normalize(piece))
      ? addEntities(m, fromText, to.name, undefined, piece)
      : undefined;
  return [addField(from, relationField(to.name, false, from.name), piece)];
}

function addEntities(
  m: Manifest,
  namesText: string | undefined,
  linkTo: string | undefined,
  fieldsText: string | undefined,
  piece: string,
  onlyRecords = false,
): string[] | undefined {
  const target = linkTo ? findEntity(m, linkTo) : undefined;
  if (linkTo && !target)
    throw cannot(
      piece,
      `there is no entity called "${cleanPhrase(linkTo)}" to link to (entities: ${m.entities.map((e) => e.name).join(", ")})`,
    );
  const names = splitList(cleanPhrase(namesText)).map((n) => cleanPhrase(n));
  if (names.length === 0) return undefined;
  const ids = names.map((n) => identifierFrom(n));
  if (ids.some((id) => !id)) return undefined;
  // "add a priority" alone is a field without an entity; only nouns that can be records are read as new entities.
  if (onlyRecords && ids.some((id) => id && !recordLike(id))) return undefined;
  const changes: string[] = [];
  for (const id of ids as string[]) {
    const name = singularName(id).slice(0, 48);
    const existing = findEntity(m, name);
    if (existing) {
      if (target && existing !== target)
        changes.push(addField(existing, relationField(target.name, false, existing.name), piece));
      else changes.push(`${existing.name} already exists; nothing changed`);
      continue;
    }
    if (m.entities.some((e) => e.table === tableName(name) || e.path === pathSegment(name)))
      throw cannot(piece, `the table or path of ${name} is already used`);
    const archetype = archetypeFor(name);
    const listed: ExplicitField[] = [];
    for (const item of splitList(fieldsText ?? "")) {
      const field = parseFieldSpec(item);
      if (!field) throw cannot(piece, `"${item}" is not a field I can read`);
      listed.push({ field, optionsGiven: /\(/.test(item) });
    }
    const fields: FieldDraft[] = mergeFields(
      shapeFields(archetype, `${piece} ${m.prompt}`),
      listed,
      archetype !== undefined,
    );
    if (target) {
      // Tags hang off the thing they tag; anything else points at the entity it was added for.
      if (archetype?.tag) {
        const link = relationField(name, true, target.name);
        if (!target.fields.some((f) => f.name === link.name)) target.fields.push(completeField(link));
      } else {
        const link = relationField(target.name, false, name);
        const at = fields.findIndex((f, i) => i > 0 && f.type !== "relation");
        fields.splice(at < 0 ? fields.length : at, 0, link);
      }
    }
    const entity = newEntity(m, name, fields);
    m.entities.push(entity);
    m.pages.push(
      { kind: "list", entity: name, title: entity.plural_label },
      { kind: "detail", entity: name, title: entity.label },
      { kind: "form", entity: name, title: `${entity.label} form`.slice(0, 80) },
    );
    changes.push(`added entity ${name}${target ? ` (linked to ${target.name})` : ""}`);
  }
  return changes;
}

function recordLike(id: string): boolean {
  return (
    archetypeFor(singularName(id)) !== undefined ||
    (singularName(id) !== id &&
      inferField(singularName(id)).type === "text" &&
      !["name", "title", "notes", "note"].includes(id))
  );
}

/** A complete entity, derived the way planning derives one, so later instructions in the same batch can find it. */
function newEntity(m: Manifest, name: string, drafts: FieldDraft[]): Entity {
  // A new entity in an app where everything is private is private too.
  const personal = m.entities.length > 0 && m.entities.every((e) => e.ownership === "user");
  const admin = m.roles.some((r) => r.name === "admin");
  const fields = drafts.map(completeField);
  const label = humanize(name);
  const required = fields.find((f) => f.required && f.type !== "relation");
  return {
    name,
    label,
    plural_label: pluralOf(label),
    table: tableName(name),
    path: pathSegment(name),
    ownership: personal ? "user" : "shared",
    access: { read: ["*"], write: ["*"], manage: personal && admin ? ["admin"] : [] },
    fields,
    display_field: required?.name ?? displayFieldOf(fields),
    search_fields: fields
      .filter((f) => TEXT_LIKE.has(f.type) || f.type === "long_text")
      .slice(0, 3)
      .map((f) => f.name),
    list_fields: fields
      .filter((f) => f.type !== "long_text" && f.relation?.cardinality !== "many_to_many")
      .slice(0, 5)
      .map((f) => f.name),
  };
}

function changeTheme(m: Manifest, piece: string): string[] | undefined {
  const theme = themeFromText(piece);
  const changes: string[] = [];
  for (const slot of ["background", "primary"] as const) {
    const colour = theme[slot];
    if (colour === undefined || colour === m.theme[slot]) continue;
    changes.push(`theme: ${slot} ${m.theme[slot]} -> ${colour}`);
    m.theme[slot] = colour;
  }
  return changes.length ? changes : undefined;
}
