// A computed field through the stages after planning: a generated column, a read-only property of the row in the API
// (never in create or update bodies), a read-only field of the app with its formula for the generated tests.
import { describe, expect, it } from "vitest";
import { assertManifest } from "../../../app/core/manifest/index.ts";
import { buildOpenApi, renderOpenApi } from "../../../app/core/stages/api/index.ts";
import { MIGRATION_PATH, renderDatabase } from "../../../app/core/stages/db/index.ts";
import { renderProject } from "../../../app/core/stages/files/index.ts";
import { renderUiSpec } from "../../../app/core/stages/ui/index.ts";

const orders = assertManifest({
  name: "Orders",
  entities: [
    {
      name: "line",
      fields: [
        { name: "item", type: "text", required: true },
        { name: "quantity", type: "integer", required: true, default: 1 },
        { name: "price", type: "money", required: true },
        { name: "total", type: "money", computed: { multiply: ["quantity", "price"] } },
        { name: "packed_at", type: "datetime" },
        { name: "shipped_at", type: "datetime" },
        {
          name: "wait",
          type: "integer",
          computed: { duration: { from: "packed_at", to: "shipped_at", unit: "minutes" } },
        },
      ],
    },
  ],
});

describe("a computed field through the stages", () => {
  it("database: a generated column, left out of the seed's inserts", () => {
    const files = new Map(renderDatabase(orders).map((f) => [f.path, f.content]));
    const migration = files.get(MIGRATION_PATH) ?? "";
    expect(migration).toContain(
      '"total" numeric(14,2) generated always as (("quantity" * "price")::numeric(14,2)) stored',
    );
    expect(migration).toContain(
      `"wait" integer generated always as (floor(extract(epoch from ("shipped_at" - "packed_at")) / 60)::integer) stored`,
    );
    const seed = [...files.entries()].find(([path]) => path.endsWith("seed.sql"))?.[1] ?? "";
    expect(seed).toMatch(/insert into public\."lines" \([^)]*"price"/);
    expect(seed).not.toMatch(/insert into public\."lines" \([^)]*"total"/);
  });

  it("API: a read-only property of the row, never part of a create or update body", () => {
    const doc = buildOpenApi(orders) as Record<string, any>;
    const schemas = doc.components.schemas;
    expect(schemas.Line.properties.total).toMatchObject({ readOnly: true });
    expect(schemas.LineInput.properties.total).toBeUndefined();
    expect(schemas.LinePatch.properties.total).toBeUndefined();
    expect(schemas.LinePatch.properties.wait).toBeUndefined();
  });

  it("app: a read-only field with its formula, checked by the generated API test", () => {
    const files = new Map(
      renderProject(orders, [...renderDatabase(orders), renderOpenApi(orders), renderUiSpec(orders)]).map((f) => [
        f.path,
        f.content,
      ]),
    );
    const module = files.get("lib/entities/line.ts") ?? "";
    expect(module).toContain(`computed: { kind: "multiply", operands: ["quantity", "price"] }`);
    expect(module).toContain(`computed: { kind: "duration", operands: ["packed_at", "shipped_at"], unit: "minutes" }`);
    expect(files.get("e2e/lines.spec.ts")).toContain("expectComputed(entity, row);");
  });
});
