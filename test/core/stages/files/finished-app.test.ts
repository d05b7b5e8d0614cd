// The generated app's finishing touches (issue #15): defaults in forms, toasts, filters, role-aware screens, labels,
// theme tokens and a phone-width layout — what the files stage writes for each, table-driven over small manifests.
import { describe, expect, it } from "vitest";

import { parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { apiNames, buildOpenApi, rangeFilters } from "../../../../app/core/stages/api/index.ts";
import { renderProject } from "../../../../app/core/stages/files/index.ts";

type Json = Record<string, unknown>;
const manifestOf = (entities: Json[], extra: Json = {}): Manifest => parseManifest(JSON.stringify({ name: "Finish", entities, ...extra }));
const contentOf = (manifest: Manifest, path: string) => renderProject(manifest).find((f) => f.path === path)?.content ?? "";

describe("defaults in create forms", () => {
  it.each([
    [{ name: "status", type: "enum", options: ["new", "done"], default: "new" }, `default: "new"`],
    [{ name: "note", type: "text", default: "hello" }, `default: "hello"`],
    [{ name: "count", type: "integer", default: 3 }, `default: 3`],
    [{ name: "active", type: "boolean", default: true }, `default: true`],
    [{ name: "due", type: "date", default: "now" }, `default: "now"`],
    [{ name: "at", type: "datetime", default: "now" }, `default: "now"`],
  ])("the definition of %o carries %s, and the spec checks the form starts from it", (field, expected) => {
    const manifest = manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }, field] }]);
    expect(contentOf(manifest, "lib/entities/item.ts")).toContain(expected);
    const spec = contentOf(manifest, "e2e/items.spec.ts");
    expect(spec).toContain(`test("UI: the create form starts from the defaults and saves them"`);
    expect(spec).toContain("await expectDefaults(page, entity);");
  });

  it("leaves definitions and specs of entities without defaults alone", () => {
    const manifest = manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }] }]);
    expect(contentOf(manifest, "lib/entities/item.ts")).not.toContain("default:");
    expect(contentOf(manifest, "e2e/items.spec.ts")).not.toContain("expectDefaults");
  });
});

describe("filters on list pages", () => {
  const names = (fields: Json[]) => apiNames(manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }, ...fields] }])).get("item")!;
  it.each([
    [[{ name: "amount", type: "money" }], ["amount_min", "amount_max"], { type: "number" }],
    [[{ name: "count", type: "integer" }], ["count_min", "count_max"], { type: "integer" }],
    [[{ name: "due", type: "date" }], ["due_from", "due_to"], { type: "string", format: "date" }],
    [[{ name: "at", type: "datetime" }], ["at_from", "at_to"], { type: "string", format: "date" }],
    // A field literally called amount_min is filtered as itself; the range parameter of amount steps aside.
    [[{ name: "amount", type: "money" }, { name: "amount_min", type: "boolean" }], ["amount_min_", "amount_max"], { type: "number" }],
    [[{ name: "title2", type: "text" }, { name: "done", type: "boolean" }], [], undefined],
  ])("fields %j get range parameters %j", (fields, params, schema) => {
    const ranges = rangeFilters(names(fields));
    expect(ranges.map((r) => r.param)).toEqual(params);
    if (schema) expect(ranges[0]?.schema).toEqual(schema);
  });

  it("puts ranges into the definition after the exact filters, and the list API documents them", () => {
    const manifest = manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }, { name: "kind", type: "enum", options: ["a", "b"] }, { name: "amount", type: "money" }] }]);
    expect(contentOf(manifest, "lib/entities/item.ts")).toMatch(
      /filters: \[\s*\{ param: "kind", field: "kind" \},\s*\{ param: "amount_min", field: "amount", bound: "min" \},\s*\{ param: "amount_max", field: "amount", bound: "max" \},\s*\]/,
    );
    const list = (buildOpenApi(manifest).paths as Json)["/api/items"] as { get: { parameters: Json[] } };
    expect(list.get.parameters.filter((p) => p["x-appgen-range"]).map((p) => [p.name, p["x-appgen-range"]])).toEqual([
      ["amount_min", { field: "amount", bound: "min" }],
      ["amount_max", { field: "amount", bound: "max" }],
    ]);
  });

  it.each([
    [{ name: "kind", type: "enum", options: ["a", "b"] }, true],
    [{ name: "kind", type: "enum", options: ["a"] }, false],
    [{ name: "done", type: "boolean" }, true],
    [{ name: "count", type: "integer", min: 1, max: 1 }, false],
    [{ name: "count", type: "integer", min: 1, max: 5 }, true],
    [{ name: "code", type: "integer", unique: true }, false],
    [{ name: "due", type: "date" }, true],
  ])("a UI filter test for %j: %s", (field, expected) => {
    const manifest = manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }, field] }]);
    expect(contentOf(manifest, "e2e/items.spec.ts").includes("await expectFilterNarrows(page, entity);")).toBe(expected);
  });
});

describe("role-aware screens", () => {
  const roles = { roles: [{ name: "member" }, { name: "admin" }], auth: { default_role: "member" } };
  const titles = (access: Json | undefined) => {
    const manifest = manifestOf([{ name: "item", ...(access && { access }), fields: [{ name: "title", type: "text", required: true }] }], roles);
    const spec = contentOf(manifest, "e2e/items.spec.ts");
    return { titles: [...spec.matchAll(/^ {2}test\("([^"]+)"/gm)].map((m) => m[1]), definition: contentOf(manifest, "lib/entities/item.ts") };
  };
  it.each([
    [
      undefined,
      ["API: signed-out requests answer 401", "UI: create, list, edit and delete", "API: create, get, list, update and delete answer as the contract says", "API: invalid input answers 422 with a message per field", "API: unknown ids answer 404"],
    ],
    [
      { read: ["*"], write: ["admin"] },
      [
        "API: signed-out requests answer 401",
        "API: invalid input answers 422 with a message per field",
        "API: unknown ids answer 404",
        "UI: a member sees no New, Edit or Delete, and the API refuses their writes with 403",
        "UI: someone holding every role is offered New item",
      ],
    ],
    [
      { read: ["admin"], write: ["admin"] },
      ["API: signed-out requests answer 401", "UI and API: a member may not read items: 403 and a page that says so", "UI: someone holding every role is offered New item"],
    ],
    [{ read: ["admin"], write: [], manage: [] }, ["API: signed-out requests answer 401", "UI and API: a member may not read items: 403 and a page that says so"]],
  ])("access %j: the spec tests %j", (access, expected) => {
    const { titles: got, definition } = titles(access);
    expect(got).toEqual(expected);
    expect(definition).toMatch(/access: \{ read: \[[^\]]*\], write: \[[^\]]*\], manage: \[[^\]]*\] \}/);
  });
});
