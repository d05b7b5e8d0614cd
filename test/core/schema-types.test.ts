import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generatedSchemas, renderSchemaTypes } from "../../scripts/generate-schema-types.ts";

describe("types derived from schemas/", () => {
  it.each(generatedSchemas)("app/core/schema-types/%s.ts is up to date (run `npm run schemas`)", async (name) => {
    const expected = await renderSchemaTypes(name);
    if (expected === undefined) return;
    const actual = await readFile(new URL(`../../app/core/schema-types/${name}.ts`, import.meta.url), "utf8");
    expect(actual).toBe(expected);
  });
});
