import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { assertManifest, type Field } from "../../../../app/core/manifest/index.ts";
import {
  buildOpenApi,
  fieldSchema,
  OPENAPI_PATH,
  renderOpenApi,
  URL_PATTERN,
} from "../../../../app/core/stages/api/index.ts";
import { FIELD_PATTERNS } from "../../../../app/core/stages/db/index.ts";
import { collisions, kitchenSink, partialPages, testManifests } from "./manifests.ts";

type Json = Record<string, any>;

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, refs);
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") refs.push(v);
      else collectRefs(v, refs);
    }
  }
  return refs;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], doc);
}

const operationsOf = (doc: Json): Json[] =>
  Object.values(doc.paths as Json).flatMap((item: Json) =>
    ["get", "post", "patch", "delete"].filter((m) => item[m]).map((m) => item[m]),
  );

/** Compiles the document's component schemas with a JSON Schema 2020-12 validator, to check real payloads. */
function payloadValidator(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, "openapi.json");
  return (schema: string, value: unknown) => {
    const validate = ajv.getSchema(`openapi.json#/components/schemas/${schema}`);
    if (!validate) throw new Error(`no schema ${schema}`);
    return validate(value) as boolean;
  };
}

describe("renderOpenApi", () => {
  it.each(Object.entries(testManifests))(
    "%s: a valid OpenAPI 3.1 document whose $refs resolve and operationIds are unique",
    async (_, manifest) => {
      const file = renderOpenApi(manifest);
      expect(file.path).toBe(OPENAPI_PATH);
      expect(file.content.endsWith("}\n")).toBe(true);
      const doc = JSON.parse(file.content) as Json;
      const result = await new Validator().validate(doc);
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
      expect(doc.openapi).toBe("3.1.0");

      const unresolved = collectRefs(doc).filter((ref) => resolvePointer(doc, ref) === undefined);
      expect(unresolved).toEqual([]);
      const ids = operationsOf(doc).map((op) => op.operationId as string);
      expect(ids).toHaveLength(manifest.entities.length * 5);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Object.keys(doc.paths)).toHaveLength(manifest.entities.length * 2);
    },
  );

  it("is deterministic: the same manifest, however its keys were written, gives the same bytes", () => {
    const reordered = assertManifest(
      JSON.parse(JSON.stringify(kitchenSink, Object.keys(kitchenSink).reverse().concat(collectKeys(kitchenSink)))),
    );
    expect(renderOpenApi(reordered).content).toBe(renderOpenApi(kitchenSink).content);
    expect(renderOpenApi(kitchenSink).content).toBe(renderOpenApi(structuredClone(kitchenSink)).content);
  });

  it("names operations after the entity, keeping reserved words and clashing names valid", () => {
    const doc = buildOpenApi(kitchenSink) as Json;
    expect(doc.paths["/api/orders"].get.operationId).toBe("listOrders");
    expect(doc.paths["/api/orders"].post.operationId).toBe("createOrder");
    expect(doc.paths["/api/orders/{id}"].get.operationId).toBe("getOrder");
    expect(doc.paths["/api/orders/{id}"].patch.operationId).toBe("updateOrder");
    expect(doc.paths["/api/orders/{id}"].delete.operationId).toBe("deleteOrder");
    expect(doc.paths["/api/types"].get.operationId).toBe("listTypes");
    expect(doc.paths["/api/types/{id}"].get.operationId).toBe("getTypeRecord");
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["User", "TypeRecord", "Order", "OrderInput", "OrderPatch", "OrderList", "Select"]),
    );

    const clash = buildOpenApi(collisions) as Json;
    const schemas = Object.keys(clash.components.schemas);
    expect(schemas).toEqual(
      expect.arrayContaining([
        "Order",
        "OrderInput",
        "OrderInput2",
        "OrderInput2Input",
        "ErrorResponse",
        "ErrorResponse2",
      ]),
    );
    expect(clash.paths["/api/fresh"].get.operationId).toBe("listNews");
    expect(clash.paths["/api/news"].get.operationId).toBe("listNews2");
    expect(clash.components.schemas.ErrorResponse.properties.error).toBeDefined();
  });

  it("lists with search, a closed sort, pagination and exact-match filters that never shadow them", () => {
    const doc = buildOpenApi(kitchenSink) as Json;
    const list = doc.paths["/api/orders"].get;
    const byName = Object.fromEntries(list.parameters.filter((p: Json) => p.name).map((p: Json) => [p.name, p]));
    expect(byName.q["x-appgen-search"]).toEqual(kitchenSink.entities[2]?.search_fields);
    expect(byName.sort.schema.enum).toEqual([
      "number",
      "status",
      "total",
      "weight",
      "quantity",
      "ordered_on",
      "deliver_at",
      "paid",
      "tag_ids",
      "created_at",
      "updated_at",
    ]);
    expect(list.parameters.filter((p: Json) => p.$ref).map((p: Json) => p.$ref)).toEqual([
      "#/components/parameters/Order",
      "#/components/parameters/Page",
      "#/components/parameters/PerPage",
    ]);
    expect(doc.components.parameters.PerPage.schema).toEqual({
      type: "integer",
      minimum: 1,
      maximum: 100,
      default: 20,
    });
    expect(doc.components.parameters.Page.schema).toEqual({ type: "integer", minimum: 1, default: 1 });
    // enum, boolean and many_to_one are filters; one_to_one (type) and many_to_many (tags) are not.
    expect(Object.keys(byName).filter((n) => byName[n]["x-appgen-field"])).toEqual(["status", "paid", "customer_id"]);
    expect(byName.customer_id.schema).toEqual({ type: "string", format: "uuid" });

    const clash = buildOpenApi(collisions) as Json;
    const names = clash.paths["/api/items"].get.parameters.map((p: Json) => p.name ?? p.$ref);
    expect(names).toEqual([
      "q",
      "sort",
      "#/components/parameters/Order",
      "#/components/parameters/Page",
      "#/components/parameters/PerPage",
      "filter_order",
      "filter_sort",
      "filter_filter_sort",
      "page_id",
      "filter_q",
    ]);
    const response = clash.components.schemas.ItemList;
    expect(response.required).toEqual(["data", "page", "per_page", "total"]);
    expect(response.properties.data.items).toEqual({ $ref: "#/components/schemas/Item" });
  });

  it("secures every operation, lets visitors read where access.read has 'anon', and documents roles", () => {
    const doc = buildOpenApi(kitchenSink) as Json;
    expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
    });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie" });

    const types = doc.paths["/api/types"];
    expect(types.get.security).toEqual([{}, { bearerAuth: [] }, { cookieAuth: [] }]);
    expect(doc.paths["/api/types/{id}"].get.security).toEqual([{}, { bearerAuth: [] }, { cookieAuth: [] }]);
    expect(types.post.security).toBeUndefined();
    expect(Object.keys(types.get.responses)).toEqual(["200", "422"]);
    expect(Object.keys(types.post.responses)).toEqual(["201", "401", "403", "422"]);
    expect(types.post["x-appgen-roles"]).toEqual(["admin"]);

    const orders = doc.paths["/api/orders"];
    expect(orders.get["x-appgen-roles"]).toEqual(["admin", "member"]);
    expect(orders.post["x-appgen-roles"]).toEqual(["admin", "member"]);
    expect(orders.get["x-appgen-ownership"]).toBe("user");
    expect(orders.get.description).toContain("'admin' reach every row");
    // '*' lets every signed-in user in, so a 403 cannot happen.
    const users = doc.paths["/api/users/{id}"];
    expect(Object.keys(users.patch.responses)).toEqual(["200", "401", "404", "422"]);
    expect(users.get["x-appgen-roles"]).toEqual(["*", "admin"]);
  });

  it("answers 409 on delete only when other rows restrict the deletion", () => {
    const doc = buildOpenApi(kitchenSink) as Json;
    // order.customer is required, so it restricts deleting a user; select.parent cascades.
    expect(doc.paths["/api/users/{id}"].delete.responses["409"]).toEqual({ $ref: "#/components/responses/Conflict" });
    expect(doc.paths["/api/selects/{id}"].delete.responses["409"]).toBeUndefined();
    expect(doc.paths["/api/orders/{id}"].delete.responses["204"]).toEqual({ description: "Deleted." });
  });

  it("describes rows, create bodies and patches that accept and refuse the right payloads", () => {
    const doc = buildOpenApi(kitchenSink) as Json;
    const order = doc.components.schemas.Order;
    expect(Object.keys(order.properties)).toEqual([
      "id",
      "created_at",
      "updated_at",
      "owner_id",
      "number",
      "status",
      "total",
      "weight",
      "quantity",
      "ordered_on",
      "deliver_at",
      "paid",
      "customer_id",
      "type_id",
      "tags_ids",
      "tag_ids",
      "notes",
      "_refs",
    ]);
    expect(order.required).toEqual(Object.keys(order.properties));
    // status has a default and ordered_on defaults to 'now': neither must be sent.
    expect(doc.components.schemas.OrderInput.required).toEqual(["number", "total", "quantity", "customer_id"]);
    expect(doc.components.schemas.OrderInput.properties.id).toBeUndefined();
    expect(doc.components.schemas.OrderPatch.required).toBeUndefined();
    expect(doc.components.schemas.User.properties.owner_id).toBeUndefined();

    const check = payloadValidator(doc);
    const uuid = "7d3f1c2a-5b6e-4f70-8a91-b2c3d4e5f601";
    const valid = { number: "A-1", total: 12.5, quantity: 2, customer_id: uuid, tags_ids: [uuid], weight: null };
    expect(check("OrderInput", valid)).toBe(true);
    expect(check("OrderInput", { ...valid, total: 12.345 })).toBe(false);
    expect(check("OrderInput", { ...valid, status: "shipped" })).toBe(false);
    expect(check("OrderInput", { ...valid, owner_id: uuid })).toBe(false);
    expect(check("OrderInput", { ...valid, customer_id: null })).toBe(false);
    expect(check("OrderInput", { ...valid, quantity: 0 })).toBe(false);
    expect(check("OrderPatch", { status: "done" })).toBe(true);
    expect(check("OrderPatch", { deliver_at: null, type_id: null })).toBe(true);
    expect(check("OrderPatch", { number: null })).toBe(false);
    expect(check("SelectInput", { label: "x", parent_id: uuid, related_ids: [] })).toBe(false);
    expect(check("UserInput", { name: "Ada", email: "ada@example.com", phone: "+49 (30) 123-45" })).toBe(true);
    expect(check("UserInput", { name: "Ada", email: "ada@example.com", phone: "call me" })).toBe(false);
    expect(check("UserInput", { name: "A", email: "ada@example.com" })).toBe(false);

    const now = "2025-01-31T09:00:00Z";
    const row = {
      id: uuid,
      created_at: now,
      updated_at: now,
      owner_id: uuid,
      number: "A-1",
      status: "draft",
      total: 1,
      weight: null,
      quantity: 1,
      ordered_on: "2025-01-31",
      deliver_at: null,
      paid: null,
      customer_id: uuid,
      type_id: null,
      tags_ids: [],
      tag_ids: null,
      notes: null,
      _refs: { customer: { id: uuid, label: "Ada" }, type: null, tags: [] },
    };
    expect(check("Order", row)).toBe(true);
    expect(check("OrderList", { data: [row], page: 1, per_page: 20, total: 1 })).toBe(true);
    expect(check("Order", { ...row, _refs: { ...row._refs, customer: null } })).toBe(false);
    expect(
      check("ValidationErrorResponse", {
        error: { code: "validation_failed", message: "Fix the fields.", fields: { total: "must be at least 0" } },
      }),
    ).toBe(true);
  });

  it.each<[string, Partial<Field>, Record<string, unknown>]>([
    ["text", { min: 2.5, max: 80 }, { type: "string", minLength: 3, maxLength: 80 }],
    ["long_text", {}, { type: ["string", "null"] }],
    ["email", {}, { type: "string", format: "email", pattern: FIELD_PATTERNS.email }],
    ["url", {}, { type: "string", format: "uri", pattern: URL_PATTERN }],
    ["phone", { max: 20 }, { type: "string", pattern: FIELD_PATTERNS.phone, maxLength: 20 }],
    ["integer", { min: 1, max: 9 }, { type: "integer", format: "int32", minimum: 1, maximum: 9 }],
    ["integer", { max: 9 }, { type: "integer", format: "int32", minimum: -2147483648, maximum: 9 }],
    ["integer", { min: 0, max: 1e10 }, { type: "integer", format: "int64", minimum: 0, maximum: 1e10 }],
    ["decimal", { min: 0.5 }, { type: "number", minimum: 0.5 }],
    ["money", { min: 0 }, { type: "number", multipleOf: 0.01, minimum: 0, exclusiveMaximum: 1e12 }],
    ["money", { max: 5e12 }, { type: "number", multipleOf: 0.01, exclusiveMinimum: -1e18, maximum: 5e12 }],
    ["boolean", { default: false }, { type: "boolean", default: false }],
    ["date", { default: "now" }, { type: "string", format: "date" }],
    [
      "datetime",
      { default: "2025-01-31T09:00:00Z" },
      { type: "string", format: "date-time", default: "2025-01-31T09:00:00Z" },
    ],
    ["enum", { options: ["low", "high"], default: "low" }, { type: "string", enum: ["low", "high"], default: "low" }],
    [
      "relation",
      { relation: { target: "thing", cardinality: "many_to_one", on_delete: "restrict" } },
      { type: "string", format: "uuid" },
    ],
    [
      "relation",
      { relation: { target: "thing", cardinality: "many_to_many", on_delete: "cascade" } },
      {
        type: "array",
        items: { type: "string", format: "uuid" },
        uniqueItems: true,
        minItems: 1,
        description:
          "Ids of the linked rows you can see. A write adds and removes only those links: links to rows hidden from you are kept.",
      },
    ],
  ])("maps a %s field %j to its create-body schema", (type, extra, expected) => {
    const required = type !== "long_text";
    const field = { name: "thing_field", label: "Thing field", type, required, unique: false, ...extra } as Field;
    expect(fieldSchema(field, "input")).toEqual({ title: "Thing field", "x-appgen-field": "thing_field", ...expected });
  });

  it.each([
    [
      "url",
      [
        "https://example.com/a?b#c",
        "HTTP://EXAMPLE.COM",
        "Https://x.y",
        "ftp://example.com",
        "example.com",
        "https://",
        "https://a b",
        "mailto:a@b.c",
      ],
    ],
    ["phone", ["+49 (30) 123-45", "(030) 1234", "12345", "123456", "+1 555.123.4567", "call me", "123-", "+(1)23456"]],
    ["email", ["ada@example.com", "ä@exämple.de", "a@b", "a b@c.d", "@c.d"]],
  ] as const)("accepts exactly the %s values the database accepts", (type, samples) => {
    const field = { name: "f", label: "F", type, required: true, unique: false } as Field;
    const api = new RegExp(String(fieldSchema(field, "input").pattern), "u");
    const db = new RegExp(FIELD_PATTERNS[type], type === "url" ? "iu" : "u");
    expect(samples.map((v) => api.test(v))).toEqual(samples.map((v) => db.test(v)));
    expect(new Set(samples.map((v) => api.test(v)))).toEqual(new Set([true, false]));
  });

  it("makes optional fields nullable in rows, bodies and patches, with null among enum values", () => {
    const field = {
      name: "level",
      label: "Level",
      type: "enum",
      options: ["a"],
      required: false,
      unique: false,
    } as Field;
    for (const variant of ["row", "input", "patch"] as const) {
      expect(fieldSchema(field, variant)).toMatchObject({ type: ["string", "null"], enum: ["a", null] });
    }
  });

  it("derives info and tags from the manifest", () => {
    const doc = buildOpenApi(partialPages) as Json;
    expect(doc.info).toEqual({ title: "Catalogue", version: "1.0.0" });
    expect(doc.servers).toEqual([{ url: "/" }]);
    expect(doc.tags.map((t: Json) => t.name)).toEqual(["product", "brand", "audit_entry"]);
    const sink = buildOpenApi(kitchenSink) as Json;
    expect(sink.info.description).toBe("Orders, users and types for a café");
    expect(sink.tags[0]).toEqual({ name: "user", description: "Benutzer·innen", "x-displayName": "Benutzer·innen" });
  });
});

function collectKeys(value: unknown, keys = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const v of value) collectKeys(v, keys);
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) (keys.add(k), collectKeys(v, keys));
  return [...keys].reverse();
}
