// Derives TypeScript types from the JSON Schemas in schemas/, so each boundary has one source of truth.
// `npm run schemas` rewrites app/core/schema-types/; a test fails when they are out of date.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
export const generatedSchemas = ["manifest", "ui", "config", "diagnostics", "settings", "screenshots"] as const;

export async function renderSchemaTypes(name: string): Promise<string | undefined> {
  let schemaText: string;
  try {
    schemaText = await readFile(`${root}schemas/${name}.schema.json`, "utf8");
  } catch {
    return undefined;
  }
  const schema = JSON.parse(schemaText);
  return compile(schema, schema.title ?? name, {
    bannerComment: `// Generated from schemas/${name}.schema.json by \`npm run schemas\`. Do not edit.`,
    additionalProperties: false,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: false, printWidth: 120 },
    cwd: `${root}schemas`,
  });
}

async function main(): Promise<void> {
  await mkdir(`${root}app/core/schema-types`, { recursive: true });
  for (const name of generatedSchemas) {
    const types = await renderSchemaTypes(name);
    if (types === undefined) continue;
    await writeFile(`${root}app/core/schema-types/${name}.ts`, types);
    console.log(`app/core/schema-types/${name}.ts`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
