// The names the API gives to one manifest: JSON properties per field, component schema names and operationIds.
// The ui stage and the route handlers read the same names from here, so the three never drift apart.
import { foreignKeyColumn, kebabCase, pascalCase, pluralName, singularName, typeName } from "../../naming.ts";
import type { Action, Entity, Field, Manifest } from "../../schema-types/manifest.ts";

/** Read-only row property holding, per relation field, the related rows' ids and display labels. */
export const REFS_PROPERTY = "_refs";
/** Component schemas every document has; entity schemas are named around them. */
export const COMMON_SCHEMAS = ["Ref", "ErrorResponse", "ValidationErrorResponse"] as const;
/** Query parameters of every list operation; an exact-match filter never takes one of these names. */
export const LIST_CONTROL_PARAMS = ["q", "sort", "order", "page", "per_page"] as const;

export interface OperationIds {
  list: string;
  create: string;
  get: string;
  update: string;
  delete: string;
  /** A singleton's GET and PUT of the person's own row (/api/<path>/mine). */
  getMine?: string;
  putMine?: string;
}

export interface FieldProperty {
  field: Field;
  /** JSON property in rows and request bodies: the column, `<field>_id` for to-one, `<item>_ids` for many-to-many. */
  property: string;
}

export interface ActionApiNames {
  action: Action;
  /** URL segment after the row's id (or, for a pick, after the collection): the name in kebab-case. */
  segment: string;
  path: string;
  operation: string;
  /** Body schema, when the action takes input. */
  input: string;
}

export interface EntityApiNames {
  entity: Entity;
  /** Row schema; `${schema}Input`, `${schema}Patch` and `${schema}List` are its siblings. */
  schema: string;
  input: string;
  patch: string;
  list: string;
  operations: OperationIds;
  collectionPath: string;
  itemPath: string;
  /** A singleton's own row: /api/<path>/mine. */
  minePath?: string;
  properties: FieldProperty[];
  actions: ActionApiNames[];
}

export const isManyToMany = (field: Field): boolean =>
  field.type === "relation" && field.relation?.cardinality === "many_to_many";
export const isToOne = (field: Field): boolean => field.type === "relation" && !isManyToMany(field);

/**
 * JSON property per field. Many-to-many links are `tags` -> `tag_ids`; when that would clash with another column,
 * the field name itself gets the suffix (`tags_ids`), then underscores are appended until the name is free.
 */
export function fieldProperties(entity: Entity): FieldProperty[] {
  const taken = new Set<string>(["id", "created_at", "updated_at", "owner_id", REFS_PROPERTY]);
  for (const field of entity.fields)
    if (!isManyToMany(field)) taken.add(isToOne(field) ? foreignKeyColumn(field.name) : field.name);
  return entity.fields.map((field) => {
    if (!isManyToMany(field)) return { field, property: isToOne(field) ? foreignKeyColumn(field.name) : field.name };
    const preferred = field.name.endsWith("_ids") ? field.name : `${singularName(field.name)}_ids`;
    let property = taken.has(preferred) ? `${field.name}_ids` : preferred;
    while (taken.has(property)) property = `${property}_`;
    taken.add(property);
    return { field, property };
  });
}

/**
 * Schema names and operationIds for every entity, in manifest order. Two entities can want the same names
 * (`order` wants OrderInput, and so does an entity called `order_input`); the later one gets a numbered stem.
 */
export function apiNames(manifest: Manifest): Map<string, EntityApiNames> {
  const taken = new Set<string>(COMMON_SCHEMAS);
  const names = new Map<string, EntityApiNames>();
  for (const entity of manifest.entities) {
    const singular = typeName(entity.name);
    const plural = pascalCase(pluralName(entity.name));
    for (let attempt = 1; ; attempt++) {
      const suffix = attempt === 1 ? "" : String(attempt);
      const schema = `${singular}${suffix}`;
      const operations: OperationIds = {
        list: `list${plural}${suffix}`,
        create: `create${schema}`,
        get: `get${schema}`,
        update: `update${schema}`,
        delete: `delete${schema}`,
        ...(entity.singleton && { getMine: `getMy${schema}`, putMine: `putMy${schema}` }),
      };
      const actions = (entity.actions ?? []).map((action) => {
        const pascal = pascalCase(action.name);
        const path = action.pick
          ? `/api/${entity.path}/${kebabCase(action.name)}`
          : `/api/${entity.path}/{id}/${kebabCase(action.name)}`;
        return {
          action,
          segment: kebabCase(action.name),
          path,
          operation: `run${pascal}On${schema}`,
          input: `${schema}${pascal}Input`,
        };
      });
      const wanted = [
        schema,
        `${schema}Input`,
        `${schema}Patch`,
        `${schema}List`,
        ...Object.values(operations),
        ...actions.flatMap((a) => [a.operation, a.input]),
      ];
      if (wanted.some((name) => taken.has(name))) continue;
      for (const name of wanted) taken.add(name);
      names.set(entity.name, {
        entity,
        schema,
        input: `${schema}Input`,
        patch: `${schema}Patch`,
        list: `${schema}List`,
        operations,
        collectionPath: `/api/${entity.path}`,
        itemPath: `/api/${entity.path}/{id}`,
        ...(entity.singleton && { minePath: `/api/${entity.path}/mine` }),
        properties: fieldProperties(entity),
        actions,
      });
      break;
    }
  }
  return names;
}

/** Entity names of the manifest, looked up by name; validation guarantees every relation target is present. */
export function entityIndex(manifest: Manifest): Map<string, Entity> {
  return new Map(manifest.entities.map((e) => [e.name, e]));
}
