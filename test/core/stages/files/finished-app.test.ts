// The generated app's finishing touches (issue #15): defaults in forms, toasts, filters, role-aware screens, labels,
// theme tokens and a phone-width layout — what the files stage writes for each, table-driven over small manifests.
import { describe, expect, it } from "vitest";

import { parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
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
