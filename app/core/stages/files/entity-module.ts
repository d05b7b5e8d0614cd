// lib/entities/<name>.ts of the generated app: the entity's run-time definition and its zod input schema.
import { kebabCase, myLabel, naturalPlural, optionLabel, pascalCase, typeName } from "../../naming.ts";
import type { Entity, Field, Manifest } from "../../schema-types/manifest.ts";
import { actionInputs, apiNames, isReadOnly, listFilters, rangeFilters, sortFields, MONEY_STEP } from "../api/index.ts";
import { columnName, FIELD_PATTERNS, joinTable } from "../db/index.ts";
import { actionFunctionName, actionRoles, refusalMessage } from "../db/actions.ts";
import { lines, literal } from "./code.ts";

export const ENTITIES_DIR = "lib/entities";

export function entityModulePath(entity: Entity): string {
  return `${ENTITIES_DIR}/${kebabCase(entity.name)}.ts`;
}

/** Identifier of an entity's module namespace in lib/entities/index.ts. */
export function moduleIdentifier(entity: Entity): string {
  const pascal = pascalCase(entity.name);
  return `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}Module`;
}

const isManyToMany = (field: Field) => field.type === "relation" && field.relation?.cardinality === "many_to_many";

/** The plain-data definition (lib/entity.ts's EntityDefinition) of one entity. */
export function entityDefinition(manifest: Manifest, entity: Entity): Record<string, unknown> {
  const names = apiNames(manifest).get(entity.name);
  if (!names) throw new Error(`entity ${entity.name} is not in the manifest`);
  const byName = new Map(manifest.entities.map((e) => [e.name, e]));
  const properties = new Map(names.properties.map((p) => [p.field.name, p.property]));
  const fields = entity.fields.map((field) =>
    fieldDefinition(manifest, entity, field, properties.get(field.name) ?? field.name),
  );
  const actions = names.actions.map(({ action, segment }) => {
    const when = (action.when ?? []).map((c) => {
      const property = properties.get(c.field) ?? c.field;
      if (c.empty !== undefined) return { property, test: c.empty ? "empty" : "not_empty" };
      if (c.at_least !== undefined) return { property, test: "at_least", value: c.at_least };
      if (c.at_most !== undefined) return { property, test: "at_most", value: c.at_most };
      if (c.not_equals !== undefined) return { property, test: "not_equals", value: c.not_equals };
      return { property, test: "equals", value: c.equals };
    });
    const owner = (input: { field: Field }) =>
      entity.fields.includes(input.field)
        ? entity
        : (manifest.entities.find((e) => e.fields.includes(input.field)) ?? entity);
    return {
      name: action.name,
      label: action.label,
      segment,
      function: actionFunctionName(entity, action),
      confirm: action.confirm,
      roles: actionRoles(entity, action) ?? null,
      when,
      refusal: refusalMessage(entity, action),
      inputs: actionInputs(manifest, entity, action).map((input) =>
        fieldDefinition(manifest, owner(input), input.field, input.key),
      ),
      creates: action.create?.entity,
      link: action.create?.link,
      pick: action.pick ? true : undefined,
    };
  });
  return {
    name: entity.name,
    label: entity.label,
    // A plural written the same as the singular ("2 trading account") is pluralised, unless the word has no other plural.
    pluralLabel: entity.plural_label === entity.label ? naturalPlural(entity.label) : entity.plural_label,
    table: entity.table,
    path: entity.path,
    ownership: entity.ownership,
    singleton: entity.singleton ? { title: myLabel(entity.label) } : undefined,
    publicRead: entity.access.read.includes("anon"),
    access: { read: entity.access.read, write: entity.access.write, manage: entity.access.manage },
    fields,
    displayField: entity.display_field,
    searchFields: entity.search_fields,
    listFields: entity.list_fields,
    sortFields: sortFields(entity),
    filters: [
      ...listFilters(names).map(({ param, field }) => ({ param, field })),
      ...rangeFilters(names).map(({ param, field, bound }) => ({ param, field, bound })),
    ],
    actions: actions.length > 0 ? actions : undefined,
    ...entityViews(manifest, entity),
  };
}

/** The list page's default order and the board and calendar pages, only for an entity that has them. */
function entityViews(manifest: Manifest, entity: Entity): Record<string, unknown> {
  const page = (kind: "list" | "board" | "calendar") =>
    manifest.pages.find((p) => p.kind === kind && p.entity === entity.name);
  const sort = page("list")?.sort;
  const board = page("board");
  const calendar = page("calendar");
  const views = {
    ...(board?.group_by && { board: { field: board.group_by, title: board.title } }),
    ...(calendar?.date_field && { calendar: { field: calendar.date_field, title: calendar.title } }),
  };
  return {
    ...(sort && { defaultSort: { field: sort.field, order: sort.order ?? "asc" } }),
    ...(Object.keys(views).length > 0 && { views }),
  };
}

/** One field as lib/entity.ts's FieldDefinition; `property` is its name in rows and request bodies. */
function fieldDefinition(manifest: Manifest, entity: Entity, field: Field, property: string): Record<string, unknown> {
  const byName = new Map(manifest.entities.map((e) => [e.name, e]));
  const relation = field.relation;
  const target = relation ? byName.get(relation.target) : undefined;
  let relationDefinition: Record<string, unknown> | undefined;
  if (relation && target) {
    const labelField = target.fields.find((f) => f.name === target.display_field);
    const join = isManyToMany(field) ? joinTable(entity, field) : undefined;
    relationDefinition = {
      cardinality: relation.cardinality,
      target: target.name,
      targetTable: target.table,
      targetPath: target.path,
      targetLabelColumn: (labelField && columnName(labelField)) ?? "id",
      joinTable: join?.table,
      sourceColumn: join?.sourceColumn,
      targetColumn: join?.targetColumn,
    };
  }
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    required: field.required,
    unique: field.unique,
    property,
    column: columnName(field),
    options: field.options?.map((value) => ({ value, label: optionLabel(value, field.option_labels) })),
    min: field.min,
    max: field.max,
    hasDefault: field.default !== undefined,
    default: field.default,
    readOnly: isReadOnly(field) || undefined,
    computed: computedDefinition(field),
    relation: relationDefinition,
  };
}

/** How the database works out a computed field, for the generated tests that check it. */
function computedDefinition(field: Field): Record<string, unknown> | undefined {
  const c = field.computed;
  if (!c) return undefined;
  if (c.duration) return { kind: "duration", operands: [c.duration.from, c.duration.to], unit: c.duration.unit };
  const kind = c.multiply ? "multiply" : c.add ? "add" : "subtract";
  return { kind, operands: c.multiply ?? c.add ?? c.subtract };
}

function textBounds(field: Field): string {
  let out = "";
  if (field.min !== undefined && Math.ceil(field.min) > 0) out += `.min(${Math.ceil(field.min)})`;
  if (field.max !== undefined) out += `.max(${Math.max(0, Math.floor(field.max))})`;
  return out;
}

function numberBounds(field: Field): string {
  return `${field.min !== undefined ? `.min(${field.min})` : ""}${field.max !== undefined ? `.max(${field.max})` : ""}`;
}

function pattern(source: string, message: string, flags = ""): string {
  return `.regex(new RegExp(${literal(source)}${flags ? `, ${literal(flags)}` : ""}), ${literal(message)})`;
}

/** The zod expression for one field as a create body takes it (the API's `Input` schema). */
export function zodField(field: Field): string {
  let base: string;
  switch (field.type) {
    case "text":
    case "long_text":
      base = `z.string()${textBounds(field)}`;
      break;
    case "email":
      base = `z.string()${textBounds(field)}${pattern(FIELD_PATTERNS.email, "Enter an e-mail address such as name@example.com.")}`;
      break;
    case "url":
      base = `z.string()${textBounds(field)}${pattern(FIELD_PATTERNS.url, "Enter a web address starting with http:// or https://.", "i")}`;
      break;
    case "phone":
      base = `z.string()${textBounds(field)}${pattern(FIELD_PATTERNS.phone, "Enter a phone number, digits with optional + ( ) . -")}`;
      break;
    case "integer":
      base = `z.number().int()${numberBounds(field)}`;
      break;
    case "decimal":
      base = `z.number()${numberBounds(field)}`;
      break;
    case "money":
      base = `z.number().multipleOf(${MONEY_STEP})${numberBounds(field)}`;
      break;
    case "boolean":
      base = "z.boolean()";
      break;
    case "date":
      base = "z.iso.date()";
      break;
    case "datetime":
      base = "z.iso.datetime({ offset: true })";
      break;
    case "enum":
      base = `z.enum(${literal(field.options ?? [])})`;
      break;
    case "relation":
      base = isManyToMany(field) ? `z.array(z.guid())${field.required ? ".min(1)" : ""}` : "z.guid()";
      break;
    case "user":
      base = "z.guid()";
      break;
  }
  if (isManyToMany(field)) return field.required ? base : `${base}.optional()`;
  if (!field.required) return `${base}.nullable().optional()`;
  return field.default !== undefined ? `${base}.optional()` : base;
}

export function renderEntityModule(manifest: Manifest, entity: Entity): string {
  const names = apiNames(manifest).get(entity.name);
  const definition = entityDefinition(manifest, entity);
  const shape = (names?.properties ?? [])
    .filter(({ field }) => !isReadOnly(field))
    .map(({ field, property }) => `  ${literal(property)}: ${zodField(field)},`);
  const actions = (names?.actions ?? []).map(({ action }) => {
    const inputs = actionInputs(manifest, entity, action);
    const zod = (input: (typeof inputs)[number]) =>
      input.required ? zodField({ ...input.field, default: undefined }) : zodField(input.field);
    return inputs.length === 0
      ? `  ${literal(action.name)}: z.strictObject({}),`
      : [
          `  ${literal(action.name)}: z.strictObject({`,
          ...inputs.map((input) => `    ${literal(input.key)}: ${zod(input)},`),
          `  }),`,
        ].join("\n");
  });
  return lines(
    `// Generated by appgen from appgen/manifest.json (entity "${entity.name}"). Regenerated on every run.`,
    `import { z } from "zod";`,
    ``,
    `import type { EntityDefinition } from "@/lib/entity";`,
    ``,
    `export const entity = ${literal(definition)} satisfies EntityDefinition;`,
    ``,
    `/** A create body; \`input.partial()\` checks an update. Mirrors the ${names?.input ?? "Input"} schema of appgen/openapi.json. */`,
    `export const input = z.strictObject({`,
    shape,
    `});`,
    ``,
    `export type ${typeName(entity.name)}Input = z.infer<typeof input>;`,
    actions.length > 0 && [
      ``,
      `/** The body of each action's POST /api/${entity.path}/{id}/<action>: the values a person enters. */`,
      `export const actionInputs = {`,
      ...actions,
      `};`,
    ],
  );
}

export function renderEntityIndex(manifest: Manifest): string {
  const withActions = (e: Entity) => (e.actions ?? []).length > 0;
  const anyActions = manifest.entities.some(withActions);
  return lines(
    `// Generated by appgen: every entity of the app, in manifest order.`,
    `import type { z } from "zod";`,
    ``,
    `import type { EntityDefinition } from "@/lib/entity";`,
    manifest.entities.map((e) => `import * as ${moduleIdentifier(e)} from "./${kebabCase(e.name)}";`),
    ``,
    `export interface EntityModule {`,
    `  definition: EntityDefinition;`,
    `  input: z.ZodObject;`,
    anyActions && `  /** Per action: the body its POST takes. */`,
    anyActions && `  actionInputs?: Record<string, z.ZodObject>;`,
    `}`,
    ``,
    `export const entities: readonly EntityModule[] = [`,
    manifest.entities.map(
      (e) =>
        `  { definition: ${moduleIdentifier(e)}.entity, input: ${moduleIdentifier(e)}.input${withActions(e) ? `, actionInputs: ${moduleIdentifier(e)}.actionInputs` : ""} },`,
    ),
    `];`,
    ``,
    `export function findEntity(name: string): EntityModule | undefined {`,
    `  return entities.find((entity) => entity.definition.name === name);`,
    `}`,
  );
}
