// The manifest as an OpenAPI 3.1 document: CRUD, list/search/pagination and auth rules per entity.
// Route handlers under app/api/ are generated from this document, so every rule is spelled out in it.
import type { Action, Entity, Field, Manifest } from "../../schema-types/manifest.ts";
import { columnName } from "../db/names.ts";
import type { GeneratedFile } from "../types.ts";
import { allowedRoles, allowsVisitors, describeAccess, restrictsRoles, type AccessKind } from "./access.ts";
import { fieldSchema, isReadOnly, requiredOnCreate, type JsonSchema } from "./field-schema.ts";
import {
  LIST_CONTROL_PARAMS,
  REFS_PROPERTY,
  apiNames,
  isManyToMany,
  isToOne,
  type ActionApiNames,
  type EntityApiNames,
} from "./names.ts";
import { hasStatistics, STATISTICS_TAG, statisticsOpenApi } from "./statistics.ts";

export const OPENAPI_PATH = "appgen/openapi.json";
export const OPENAPI_VERSION = "3.1.0";
/** Cookie of the app's own session (local sign-in mode); with Supabase the SSR auth cookies are accepted as well. */
export const SESSION_COOKIE = "appgen-session";
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
export const SYSTEM_SORT_FIELDS = ["created_at", "updated_at"] as const;
export const ERROR_CODES = ["unauthorized", "forbidden", "not_found", "validation_failed", "conflict"] as const;

const SIGNED_IN = [{ bearerAuth: [] }, { cookieAuth: [] }];
const ref = (kind: "schemas" | "responses" | "parameters", name: string) => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: JsonSchema) => ({ "application/json": { schema } });

export function renderOpenApi(manifest: Manifest): GeneratedFile {
  return { path: OPENAPI_PATH, content: `${JSON.stringify(buildOpenApi(manifest), null, 2)}\n` };
}

export function buildOpenApi(manifest: Manifest): JsonSchema {
  const names = [...apiNames(manifest).values()];
  const restrictedTargets = new Set(
    manifest.entities.flatMap((e) =>
      e.fields.filter((f) => f.relation?.on_delete === "restrict").map((f) => f.relation?.target),
    ),
  );
  const paths: JsonSchema = {};
  const schemas: JsonSchema = commonSchemas();
  for (const n of names) {
    paths[n.collectionPath] = { get: listOperation(n), post: createOperation(n) };
    paths[n.itemPath] = {
      parameters: [ref("parameters", "Id")],
      get: getOperation(n),
      patch: updateOperation(n),
      delete: deleteOperation(n, restrictedTargets.has(n.entity.name)),
    };
    if (n.minePath) paths[n.minePath] = { get: getMineOperation(n), put: putMineOperation(n) };
    if ((manifest.notifications ?? []).some((x) => x.entity === n.entity.name)) {
      paths[`${n.itemPath}/notifications`] = {
        parameters: [ref("parameters", "Id")],
        get: deliveriesOperation(n),
      };
      schemas.AppgenDelivery ??= DELIVERY_SCHEMA;
    }
    Object.assign(schemas, entitySchemas(n));
    for (const a of n.actions) {
      const inputs = actionInputs(manifest, n.entity, a.action);
      paths[a.path] = {
        ...(a.action.pick ? {} : { parameters: [ref("parameters", "Id")] }),
        post: actionOperation(manifest, n, a, inputs.length > 0),
      };
      if (inputs.length > 0) schemas[a.input] = actionInputSchema(n, a, inputs);
    }
  }
  const statistics = statisticsOpenApi(manifest);
  Object.assign(paths, statistics.paths);
  Object.assign(schemas, statistics.schemas);
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: manifest.name,
      ...(manifest.description && { description: manifest.description }),
      version: "1.0.0",
    },
    servers: [{ url: "/" }],
    security: SIGNED_IN,
    tags: [
      ...names.map(({ entity }) => ({
        name: entity.name,
        description: entity.description ? `${entity.plural_label}: ${entity.description}` : entity.plural_label,
        "x-displayName": entity.plural_label,
      })),
      ...(hasStatistics(manifest)
        ? [{ name: STATISTICS_TAG, description: "Statistics and leaderboards", "x-displayName": "Statistics" }]
        : []),
    ],
    paths,
    components: {
      schemas,
      parameters: commonParameters(),
      responses: commonResponses(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A Supabase access token (or, in local sign-in mode, the token the app issued at sign-in).",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: `The browser session: the app's own '${SESSION_COOKIE}' cookie in local sign-in mode, the Supabase SSR auth cookies otherwise.`,
        },
      },
    },
  };
}

function commonSchemas(): JsonSchema {
  const error = (fields: boolean): JsonSchema => ({
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: fields ? ["code", "message", "fields"] : ["code", "message"],
        additionalProperties: false,
        properties: {
          code: { type: "string", enum: [...ERROR_CODES] },
          message: { type: "string", description: "What went wrong and what to do, for people." },
          fields: {
            type: "object",
            description: "One message per invalid body property or query parameter, keyed by its name.",
            additionalProperties: { type: "string" },
          },
        },
      },
    },
  });
  return {
    Ref: {
      type: "object",
      description: "A related row: its id and its display field's value as text.",
      required: ["id", "label"],
      additionalProperties: false,
      properties: {
        id: { type: "string", format: "uuid" },
        label: { type: "string" },
        hidden: {
          type: "boolean",
          const: true,
          description:
            "Present when you may not read the related row (someone else set the reference): label is then a placeholder.",
        },
      },
    },
    ErrorResponse: error(false),
    ValidationErrorResponse: error(true),
  };
}

function commonParameters(): JsonSchema {
  return {
    Id: {
      name: "id",
      in: "path",
      required: true,
      description: "The row's id.",
      schema: { type: "string", format: "uuid" },
    },
    Order: {
      name: "order",
      in: "query",
      description: "Sort direction.",
      schema: { type: "string", enum: ["asc", "desc"], default: "desc" },
    },
    Page: {
      name: "page",
      in: "query",
      description: "Page number, from 1.",
      schema: { type: "integer", minimum: 1, default: 1 },
    },
    PerPage: {
      name: "per_page",
      in: "query",
      description: "Rows per page.",
      schema: { type: "integer", minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE },
    },
  };
}

function commonResponses(): JsonSchema {
  const error = (description: string, schema = "ErrorResponse") => ({
    description,
    content: json(ref("schemas", schema)),
  });
  return {
    Unauthorized: error("Not signed in, or the session has expired: sign in and retry."),
    Forbidden: error("Signed in, but no role of this user may do this."),
    NotFound: error("No such row, or it belongs to another user."),
    ValidationFailed: error(
      "The body or a query parameter is invalid (including a duplicate value in a unique field); `fields` names each one.",
      "ValidationErrorResponse",
    ),
    Conflict: error("Other rows still refer to this row: delete or change them first."),
  };
}

function entitySchemas(n: EntityApiNames): JsonSchema {
  const { entity } = n;
  const system: JsonSchema = {
    id: { type: "string", format: "uuid", readOnly: true },
    created_at: { type: "string", format: "date-time", readOnly: true },
    updated_at: { type: "string", format: "date-time", readOnly: true },
    ...(entity.ownership === "user" && {
      owner_id: { type: "string", format: "uuid", readOnly: true, description: "The user who created the row." },
    }),
  };
  const body = (variant: "row" | "input" | "patch"): JsonSchema =>
    Object.fromEntries(
      n.properties
        .filter(({ field }) => variant === "row" || !isReadOnly(field))
        .map(({ field, property }) => [property, fieldSchema(field, variant)]),
    );
  const rowProperties: JsonSchema = { ...system, ...body("row") };
  const refs = refsSchema(n);
  if (refs) rowProperties[REFS_PROPERTY] = refs;
  const create = n.properties.filter(({ field }) => requiredOnCreate(field)).map(({ property }) => property);
  return {
    [n.schema]: {
      type: "object",
      title: entity.label,
      ...(entity.description && { description: entity.description }),
      required: Object.keys(rowProperties),
      additionalProperties: false,
      properties: rowProperties,
      "x-appgen-entity": entity.name,
    },
    [n.input]: {
      type: "object",
      title: `New ${entity.label}`,
      ...(create.length > 0 && { required: create }),
      additionalProperties: false,
      properties: body("input"),
      "x-appgen-entity": entity.name,
    },
    [n.patch]: {
      type: "object",
      title: `${entity.label} changes`,
      description: "Only the properties given are changed.",
      additionalProperties: false,
      properties: body("patch"),
      "x-appgen-entity": entity.name,
    },
    [n.list]: {
      type: "object",
      required: ["data", "page", "per_page", "total"],
      additionalProperties: false,
      properties: {
        data: { type: "array", items: ref("schemas", n.schema) },
        page: { type: "integer", minimum: 1 },
        per_page: { type: "integer", minimum: 1, maximum: MAX_PER_PAGE },
        total: { type: "integer", minimum: 0, description: "Rows matching the query on all pages." },
      },
    },
  };
}

/** Labels of related rows, so lists and detail pages show names instead of ids without a request per row. */
function refsSchema(n: EntityApiNames): JsonSchema | undefined {
  const relations = n.properties.filter(({ field }) => field.type === "relation" || field.type === "user");
  if (relations.length === 0) return undefined;
  const properties = Object.fromEntries(
    relations.map(({ field }) => [
      field.name,
      isManyToMany(field)
        ? { type: "array", items: ref("schemas", "Ref") }
        : field.required
          ? ref("schemas", "Ref")
          : { anyOf: [ref("schemas", "Ref"), { type: "null" }] },
    ]),
  );
  return {
    type: "object",
    readOnly: true,
    description: relations.some(({ field }) => field.type === "user")
      ? "Per relation field: the related rows' ids and display labels; per user field: the account's id and e-mail."
      : "Per relation field: the related rows' ids and display labels.",
    required: Object.keys(properties),
    additionalProperties: false,
    properties,
  };
}

/** Fields a list can be sorted by: every scalar column (long text and relations have no useful order). */
export function sortFields(entity: Entity): string[] {
  return [
    ...entity.fields
      .filter((f) => f.type !== "long_text" && f.type !== "relation" && f.type !== "user")
      .map((f) => f.name),
    ...SYSTEM_SORT_FIELDS,
  ];
}

export interface ListFilter {
  /** Query parameter name: the property, or `filter_<property>` (then more underscores) if a list parameter has that name. */
  param: string;
  property: string;
  field: string;
  schema: JsonSchema;
}

/** Exact-match filters: enum, boolean and many-to-one relation fields. */
export function listFilters(n: EntityApiNames): ListFilter[] {
  const taken = new Set<string>(LIST_CONTROL_PARAMS);
  const filters: ListFilter[] = [];
  for (const { field, property } of n.properties) {
    const filterable =
      field.type === "enum" ||
      field.type === "boolean" ||
      (isToOne(field) && field.relation?.cardinality === "many_to_one");
    if (!filterable) continue;
    let param = taken.has(property) ? `filter_${property}` : property;
    while (taken.has(param)) param = `${param}_`;
    taken.add(param);
    const schema: JsonSchema =
      field.type === "enum"
        ? { type: "string", enum: [...(field.options ?? [])] }
        : field.type === "boolean"
          ? { type: "boolean" }
          : { type: "string", format: "uuid" };
    filters.push({ param, property, field: field.name, schema });
  }
  return filters;
}

export interface RangeFilter {
  /** Query parameter name: `<property>_min`/`_max` for numbers, `<property>_from`/`_to` for dates (underscores added on a clash). */
  param: string;
  property: string;
  field: string;
  /** min: the value is at least the parameter; max: at most. */
  bound: "min" | "max";
  schema: JsonSchema;
}

const NUMBER_TYPES = new Set(["integer", "decimal", "money"]);
const DATE_TYPES = new Set(["date", "datetime"]);

/** Range filters: a lower and an upper bound per number, date and date-time field; never a name another parameter has. */
export function rangeFilters(n: EntityApiNames): RangeFilter[] {
  const taken = new Set<string>([...LIST_CONTROL_PARAMS, ...listFilters(n).map((f) => f.param)]);
  const filters: RangeFilter[] = [];
  for (const { field, property } of n.properties) {
    const number = NUMBER_TYPES.has(field.type);
    if (!number && !DATE_TYPES.has(field.type)) continue;
    for (const bound of ["min", "max"] as const) {
      let param = `${property}_${number ? bound : bound === "min" ? "from" : "to"}`;
      while (taken.has(param)) param = `${param}_`;
      taken.add(param);
      const schema: JsonSchema = number
        ? { type: field.type === "integer" ? "integer" : "number" }
        : { type: "string", format: "date" };
      filters.push({ param, property, field: field.name, bound, schema });
    }
  }
  return filters;
}

function operationBase(
  n: EntityApiNames,
  kind: AccessKind,
  operationId: string,
  summary: string,
  description: string,
): JsonSchema {
  const { entity } = n;
  return {
    operationId,
    summary,
    description: `${description} ${describeAccess(entity, kind)}`,
    tags: [entity.name],
    ...(allowsVisitors(entity, kind) && { security: [{}, ...SIGNED_IN] }),
  };
}

function failures(n: EntityApiNames, kind: AccessKind, ...extra: string[]): JsonSchema {
  const responses: JsonSchema = {};
  if (!allowsVisitors(n.entity, kind)) responses["401"] = ref("responses", "Unauthorized");
  if (restrictsRoles(n.entity, kind)) responses["403"] = ref("responses", "Forbidden");
  const byStatus: Record<string, string> = { "404": "NotFound", "409": "Conflict", "422": "ValidationFailed" };
  for (const status of extra) responses[status] = ref("responses", byStatus[status] ?? "NotFound");
  return responses;
}

function roles(n: EntityApiNames, kind: AccessKind): JsonSchema {
  return { "x-appgen-roles": allowedRoles(n.entity, kind), "x-appgen-ownership": n.entity.ownership };
}

function listOperation(n: EntityApiNames): JsonSchema {
  const { entity } = n;
  const parameters: JsonSchema[] = [];
  if (entity.search_fields.length > 0) {
    parameters.push({
      name: "q",
      in: "query",
      description: `Case-insensitive search in: ${entity.search_fields.join(", ")}.`,
      schema: { type: "string", maxLength: 200 },
      "x-appgen-search": [...entity.search_fields],
    });
  }
  parameters.push(
    {
      name: "sort",
      in: "query",
      description: "Field to sort by.",
      schema: { type: "string", enum: sortFields(entity), default: "created_at" },
    },
    ref("parameters", "Order"),
    ref("parameters", "Page"),
    ref("parameters", "PerPage"),
  );
  for (const filter of listFilters(n)) {
    parameters.push({
      name: filter.param,
      in: "query",
      description: `Only rows whose ${filter.property} equals this value.`,
      schema: filter.schema,
      "x-appgen-field": filter.field,
    });
  }
  for (const filter of rangeFilters(n)) {
    const date = filter.schema.format === "date";
    const relation =
      filter.bound === "min"
        ? date
          ? "on or after this day"
          : "at least this"
        : date
          ? "on or before this day"
          : "at most this";
    parameters.push({
      name: filter.param,
      in: "query",
      description: `Only rows whose ${filter.property} is ${relation}${date ? " (UTC)" : ""}.`,
      schema: filter.schema,
      "x-appgen-range": { field: filter.field, bound: filter.bound },
    });
  }
  return {
    ...operationBase(
      n,
      "read",
      n.operations.list,
      `List ${entity.plural_label}`,
      "One page of rows, newest first unless sorted otherwise.",
    ),
    parameters,
    responses: {
      "200": { description: `A page of ${entity.plural_label}.`, content: json(ref("schemas", n.list)) },
      ...failures(n, "read", "422"),
    },
    ...roles(n, "read"),
  };
}

function createOperation(n: EntityApiNames): JsonSchema {
  return {
    ...operationBase(
      n,
      "write",
      n.operations.create,
      `Create ${n.entity.label}`,
      "Creates a row and answers it as stored.",
    ),
    requestBody: { required: true, content: json(ref("schemas", n.input)) },
    responses: {
      "201": { description: `The new ${n.entity.label}.`, content: json(ref("schemas", n.schema)) },
      ...failures(n, "write", ...(n.entity.singleton ? ["409", "422"] : ["422"])),
    },
    ...roles(n, "write"),
  };
}

function getOperation(n: EntityApiNames): JsonSchema {
  return {
    ...operationBase(n, "read", n.operations.get, `Get ${n.entity.label}`, "One row by id."),
    responses: {
      "200": { description: `The ${n.entity.label}.`, content: json(ref("schemas", n.schema)) },
      ...failures(n, "read", "404"),
    },
    ...roles(n, "read"),
  };
}

const DELIVERY_SCHEMA: JsonSchema = {
  type: "object",
  description:
    "One message about a row: what was sent (or recorded without a provider), to whom, and what became of it.",
  required: ["id", "notification", "channel", "status", "created_at"],
  properties: {
    id: { type: "string", format: "uuid" },
    notification: { type: "string" },
    channel: { enum: ["email", "sms", "whatsapp", "webhook"] },
    status: {
      enum: ["pending", "sending", "sent", "recorded", "failed"],
      description: "recorded: no provider is configured, so it was kept here and not sent.",
    },
    recipient: { type: ["string", "null"] },
    subject: { type: ["string", "null"] },
    body: { type: ["string", "null"] },
    provider: { type: ["string", "null"] },
    error: { type: ["string", "null"] },
    created_at: { type: "string", format: "date-time" },
    sent_at: { type: ["string", "null"], format: "date-time" },
  },
};

function deliveriesOperation(n: EntityApiNames): JsonSchema {
  return {
    ...operationBase(
      n,
      "read",
      `listNotificationsOf${n.schema}`,
      `Messages about a ${n.entity.label}`,
      "The messages about the row that the signed-in user caused, newest first (at most 50).",
    ),
    responses: {
      "200": {
        description: "The messages.",
        content: json({
          type: "object",
          required: ["data"],
          properties: { data: { type: "array", items: ref("schemas", "AppgenDelivery") } },
        }),
      },
      ...failures(n, "read", "404"),
    },
    ...roles(n, "read"),
  };
}

function getMineOperation(n: EntityApiNames): JsonSchema {
  const label = n.entity.label.toLowerCase();
  return {
    ...operationBase(
      n,
      "read",
      n.operations.getMine as string,
      `Get my ${n.entity.label}`,
      `The signed-in person's own ${label} (each person has at most one); 404 until they have one.`,
    ),
    responses: {
      "200": { description: `My ${label}.`, content: json(ref("schemas", n.schema)) },
      ...failures(n, "read", "404"),
    },
    ...roles(n, "read"),
  };
}

function putMineOperation(n: EntityApiNames): JsonSchema {
  const label = n.entity.label.toLowerCase();
  return {
    ...operationBase(
      n,
      "write",
      n.operations.putMine as string,
      `Set my ${n.entity.label}`,
      `Creates the signed-in person's ${label} from a full body (201) the first time, and afterwards changes the given properties of it (200).`,
    ),
    requestBody: { required: true, content: json(ref("schemas", n.patch)) },
    responses: {
      "200": { description: `My changed ${label}.`, content: json(ref("schemas", n.schema)) },
      "201": { description: `My new ${label}.`, content: json(ref("schemas", n.schema)) },
      ...failures(n, "write", "422"),
    },
    ...roles(n, "write"),
  };
}

function updateOperation(n: EntityApiNames): JsonSchema {
  return {
    ...operationBase(
      n,
      "write",
      n.operations.update,
      `Update ${n.entity.label}`,
      "Changes the given properties and answers the row as stored.",
    ),
    requestBody: { required: true, content: json(ref("schemas", n.patch)) },
    responses: {
      "200": { description: `The changed ${n.entity.label}.`, content: json(ref("schemas", n.schema)) },
      ...failures(n, "write", "404", "422"),
    },
    ...roles(n, "write"),
  };
}

function deleteOperation(n: EntityApiNames, referencedWithRestrict: boolean): JsonSchema {
  return {
    ...operationBase(n, "write", n.operations.delete, `Delete ${n.entity.label}`, "Deletes the row."),
    responses: {
      "204": { description: "Deleted." },
      ...failures(n, "write", "404", ...(referencedWithRestrict ? ["409"] : [])),
    },
    ...roles(n, "write"),
  };
}

/** A value an action's caller enters: the body property (the column's name), the field it fills and whether it must be given. */
export interface ActionInput {
  key: string;
  field: Field;
  required: boolean;
}

/** The inputs of an action, in order: its own fields first, then the new row's. One key is asked for once. */
export function actionInputs(manifest: Manifest, entity: Entity, action: Action): ActionInput[] {
  const inputs = new Map<string, ActionInput>();
  const collect = (owner: Entity | undefined, assignments: Action["set"]) => {
    for (const assignment of assignments ?? []) {
      const field = owner?.fields.find((f) => f.name === assignment.field);
      const key = field && columnName(field);
      if (!assignment.input || !field || key === undefined || inputs.has(key)) continue;
      inputs.set(key, { key, field, required: field.required });
    }
  };
  collect(entity, action.set);
  collect(
    manifest.entities.find((e) => e.name === action.create?.entity),
    action.create?.values,
  );
  return [...inputs.values()];
}

function actionInputSchema(n: EntityApiNames, a: ActionApiNames, inputs: ActionInput[]): JsonSchema {
  const required = inputs.filter((i) => i.required).map((i) => i.key);
  return {
    type: "object",
    title: `${a.action.label}: ${n.entity.label}`,
    ...(required.length > 0 && { required }),
    additionalProperties: false,
    properties: Object.fromEntries(inputs.map((i) => [i.key, fieldSchema(i.field, "input")])),
    "x-appgen-entity": n.entity.name,
    "x-appgen-action": a.action.name,
  };
}

function actionOperation(manifest: Manifest, n: EntityApiNames, a: ActionApiNames, takesInput: boolean): JsonSchema {
  const { entity } = n;
  const { action } = a;
  const created = action.create ? apiNames(manifest).get(action.create.entity) : undefined;
  const roles = actionRolesOf(entity, action);
  const who = roles.includes("*")
    ? "Any signed-in user who may"
    : `Signed-in users with the role ${roles.map((r) => `'${r}'`).join(" or ")}, if they may`;
  const does = [
    action.pick &&
      `Picks one ${entity.label} at random on the server (weighted by ${action.pick.weight}${action.pick.stock ? `, only rows with ${action.pick.stock} left, taking 1 from it` : ""})`,
    action.set && `changes ${action.set.map((s) => s.field).join(", ")}`,
    created && `creates a ${created.entity.label} linked to it`,
  ].filter(Boolean);
  const responses: JsonSchema = created
    ? { "201": { description: `The new ${created.entity.label}.`, content: json(ref("schemas", created.schema)) } }
    : {
        "200": {
          description: `The ${entity.label} as stored after the action${action.pick ? " (the one picked)" : ""}.`,
          content: json(ref("schemas", n.schema)),
        },
      };
  responses["401"] = ref("responses", "Unauthorized");
  responses["403"] = ref("responses", "Forbidden");
  if (!action.pick) responses["404"] = ref("responses", "NotFound");
  if (action.pick)
    responses["409"] = {
      description: "No row can be picked (none left in stock, or none matches); `message` says so.",
      content: json(ref("schemas", "ErrorResponse")),
    };
  else if (action.when)
    responses["409"] = {
      description: "The row is not in a state this action applies to; `message` says why.",
      content: json(ref("schemas", "ErrorResponse")),
    };
  if (takesInput) responses["422"] = ref("responses", "ValidationFailed");
  return {
    operationId: a.operation,
    summary: `${action.label} (${entity.label})`,
    description: `${does.join(" and ")}, in one transaction. ${who} ${action.set ? "change" : "read"} the row.${action.confirm ? ` The app asks first: ${action.confirm}` : ""}`,
    tags: [entity.name],
    ...(takesInput ? { requestBody: { required: true, content: json(ref("schemas", a.input)) } } : {}),
    responses,
    "x-appgen-roles": roles,
    "x-appgen-ownership": entity.ownership,
    "x-appgen-action": action.name,
  };
}

function actionRolesOf(entity: Entity, action: Action): string[] {
  const roles = action.roles ?? [...entity.access.write, ...entity.access.manage];
  return roles.includes("*") ? ["*"] : [...new Set(roles)].sort();
}
