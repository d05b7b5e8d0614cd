// The generated app's finishing touches (issue #15): defaults in forms, toasts, filters, role-aware screens, labels,
// theme tokens and a phone-width layout — what the files stage writes for each, table-driven over small manifests.
import { describe, expect, it } from "vitest";

import { parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { apiNames, buildOpenApi, rangeFilters } from "../../../../app/core/stages/api/index.ts";
import { buildUiSpec, contrastRatio, deriveSurfaces, MIN_TEXT_CONTRAST } from "../../../../app/core/stages/ui/index.ts";
import { renderProject } from "../../../../app/core/stages/files/index.ts";

type Json = Record<string, unknown>;
const manifestOf = (entities: Json[], extra: Json = {}): Manifest =>
  parseManifest(JSON.stringify({ name: "Finish", entities, ...extra }));
const contentOf = (manifest: Manifest, path: string) =>
  renderProject(manifest).find((f) => f.path === path)?.content ?? "";

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
  const names = (fields: Json[]) =>
    apiNames(manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }, ...fields] }])).get(
      "item",
    )!;
  it.each([
    [[{ name: "amount", type: "money" }], ["amount_min", "amount_max"], { type: "number" }],
    [[{ name: "count", type: "integer" }], ["count_min", "count_max"], { type: "integer" }],
    [[{ name: "due", type: "date" }], ["due_from", "due_to"], { type: "string", format: "date" }],
    [[{ name: "at", type: "datetime" }], ["at_from", "at_to"], { type: "string", format: "date" }],
    // A field literally called amount_min is filtered as itself; the range parameter of amount steps aside.
    [
      [
        { name: "amount", type: "money" },
        { name: "amount_min", type: "boolean" },
      ],
      ["amount_min_", "amount_max"],
      { type: "number" },
    ],
    [
      [
        { name: "title2", type: "text" },
        { name: "done", type: "boolean" },
      ],
      [],
      undefined,
    ],
  ])("fields %j get range parameters %j", (fields, params, schema) => {
    const ranges = rangeFilters(names(fields));
    expect(ranges.map((r) => r.param)).toEqual(params);
    if (schema) expect(ranges[0]?.schema).toEqual(schema);
  });

  it("puts ranges into the definition after the exact filters, and the list API documents them", () => {
    const manifest = manifestOf([
      {
        name: "item",
        fields: [
          { name: "title", type: "text", required: true },
          { name: "kind", type: "enum", options: ["a", "b"] },
          { name: "amount", type: "money" },
        ],
      },
    ]);
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
    expect(contentOf(manifest, "e2e/items.spec.ts").includes("await expectFilterNarrows(page, entity);")).toBe(
      expected,
    );
  });
});

describe("role-aware screens", () => {
  const roles = { roles: [{ name: "member" }, { name: "admin" }], auth: { default_role: "member" } };
  const titles = (access: Json | undefined) => {
    const manifest = manifestOf(
      [{ name: "item", ...(access && { access }), fields: [{ name: "title", type: "text", required: true }] }],
      roles,
    );
    const spec = contentOf(manifest, "e2e/items.spec.ts");
    return {
      titles: [...spec.matchAll(/^ {2}test\("([^"]+)"/gm)].map((m) => m[1]),
      definition: contentOf(manifest, "lib/entities/item.ts"),
    };
  };
  it.each([
    [
      undefined,
      [
        "API: signed-out requests answer 401",
        "UI: create, list, edit and delete",
        "API: create, get, list, update and delete answer as the contract says",
        "API: invalid input answers 422 with a message per field",
        "API: unknown ids answer 404",
      ],
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
      [
        "API: signed-out requests answer 401",
        "UI and API: a member may not read items: 403 and a page that says so",
        "UI: someone holding every role is offered New item",
      ],
    ],
    [
      { read: ["admin"], write: [], manage: [] },
      ["API: signed-out requests answer 401", "UI and API: a member may not read items: 403 and a page that says so"],
    ],
  ])("access %j: the spec tests %j", (access, expected) => {
    const { titles: got, definition } = titles(access);
    expect(got).toEqual(expected);
    expect(definition).toMatch(/access: \{ read: \[[^\]]*\], write: \[[^\]]*\], manage: \[[^\]]*\] \}/);
  });
});

describe("labels and titles", () => {
  it.each([
    [
      { whatsapp: "WhatsApp", jpy: "JPY" },
      [
        ["email", "Email"],
        ["whatsapp", "WhatsApp"],
        ["jpy", "JPY"],
        ["in_progress", "In progress"],
      ],
    ],
    [
      undefined,
      [
        ["email", "Email"],
        ["whatsapp", "Whatsapp"],
        ["jpy", "Jpy"],
        ["in_progress", "In progress"],
      ],
    ],
  ])("option labels %j show as %j in the definition and in ui.json", (labels, expected) => {
    const field = {
      name: "channel",
      type: "enum",
      options: ["email", "whatsapp", "jpy", "in_progress"],
      ...(labels && { option_labels: labels }),
    };
    const manifest = manifestOf([{ name: "item", fields: [{ name: "title", type: "text", required: true }, field] }]);
    const definition = contentOf(manifest, "lib/entities/item.ts");
    for (const [value, label] of expected)
      expect(definition).toContain(`{ value: ${JSON.stringify(value)}, label: ${JSON.stringify(label)} }`);
    const ui = JSON.stringify(buildUiSpec(manifest));
    for (const [value, label] of expected) expect(ui).toContain(JSON.stringify({ value, label }));
  });

  it.each([
    ["Trading account", "Trading account", "Trading accounts"],
    ["Staff", "Staff", "Staff"],
    ["Species", "Species", "Species"],
    ["FAQ", "FAQ", "FAQs"],
    ["Deal", "Deals", "Deals"],
    ["Person", "People", "People"],
  ])("label %s with plural %s counts as %s", (label, plural, expected) => {
    const manifest = manifestOf([
      { name: "item", label, plural_label: plural, fields: [{ name: "title", type: "text", required: true }] },
    ]);
    expect(contentOf(manifest, "lib/entities/item.ts")).toContain(`pluralLabel: ${JSON.stringify(expected)}`);
  });

  it("shows the manifest's page titles on the pages, in the navigation and as document titles", () => {
    const entities = [{ name: "item", fields: [{ name: "title", type: "text", required: true }] }];
    const pages = [
      { kind: "dashboard", title: "Home" },
      { kind: "list", entity: "item", title: "Everything we sell" },
      { kind: "detail", entity: "item", title: "Product sheet" },
      { kind: "form", entity: "item", title: "Add a product" },
    ];
    const custom = manifestOf(entities, { pages });
    expect(contentOf(custom, "app/(app)/items/page.tsx")).toContain(
      `<EntityList entity={entity} searchParams={searchParams} title={"Everything we sell"} />`,
    );
    expect(contentOf(custom, "app/(app)/items/page.tsx")).toContain(`title: "Everything we sell"`);
    expect(contentOf(custom, "app/(app)/items/new/page.tsx")).toContain(
      `<EntityFormPage entity={entity} id={null} title={"Add a product"} />`,
    );
    expect(contentOf(custom, "app/(app)/items/[id]/page.tsx")).toContain(`title: "Product sheet"`);
    expect(contentOf(custom, "lib/app-config.ts")).toContain(`label: "Everything we sell"`);
    // Derived titles change nothing: the components show the same words without being told.
    const plain = manifestOf(entities);
    expect(contentOf(plain, "app/(app)/items/page.tsx")).toContain(
      `<EntityList entity={entity} searchParams={searchParams} />`,
    );
    expect(contentOf(plain, "app/(app)/items/new/page.tsx")).toContain(`<EntityFormPage entity={entity} id={null} />`);
  });
});

describe("theme surfaces", () => {
  const hex = (n: number) => `#${n.toString(16).padStart(6, "0")}`;
  // 512 background/primary pairs across the colour cube.
  const pairs = Array.from(
    { length: 512 },
    (_, i) => [hex(((i * 2654435761) >>> 0) % 0xffffff), hex(((i * 40503 + 12345) * 977) % 0xffffff)] as const,
  );
  it("keeps every text colour at 4.5:1 on every surface it is drawn on", () => {
    for (const [background, primary] of pairs) {
      const p = deriveSurfaces(background, primary);
      const checks: [string, string][] = [
        [p.foreground, p.background],
        [p.card_foreground, p.card],
        [p.header_foreground, p.header],
        [p.sidebar_foreground, p.sidebar],
        [p.sidebar_accent_foreground, p.sidebar_accent],
        [p.primary_foreground, p.primary],
        [p.heading, p.background],
        [p.heading, p.card],
        ...[p.background, p.card, p.header, p.sidebar, p.muted].map((surface): [string, string] => [
          p.muted_foreground,
          surface,
        ]),
      ];
      for (const [text, surface] of checks)
        expect(
          contrastRatio(text, surface),
          `${text} on ${surface} (${background}, ${primary})`,
        ).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });

  it("themes cards, header, sidebar and headings, not only the background and buttons", () => {
    const css = contentOf(
      manifestOf([{ name: "item", fields: [{ name: "title", type: "text" }] }], {
        theme: { background: "#ffffff", primary: "#2563eb" },
      }),
      "app/theme.css",
    );
    for (const token of ["card", "header", "sidebar", "sidebar-accent", "heading", "border"]) {
      const value = new RegExp(`--${token}: (#[0-9a-f]{6});`).exec(css)?.[1];
      expect(value, token).toBeDefined();
      expect(value, token).not.toBe("#ffffff");
    }
    expect(css).toContain("--heading: #2563eb;");
  });
});
