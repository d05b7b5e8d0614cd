import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import manifestSchema from "../../../schemas/manifest.schema.json" with { type: "json" };
import { assertManifest } from "../../../app/core/manifest/index.ts";
import {
  LLM_MANIFEST_SCHEMA,
  LLM_SCHEMA_KEYWORDS,
  SYSTEM_PROMPT,
  repairMessage,
} from "../../../app/core/planners/llm-prompts.ts";

type Node = Record<string, unknown>;

/** Every schema node, with its location, walking properties and items (the only nesting the derived schema has). */
function* nodes(node: Node, at = ""): Generator<[string, Node]> {
  yield [at, node];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Node>))
    yield* nodes(child, `${at}/${name}`);
  if (node.items) yield* nodes(node.items as Node, `${at}/*`);
}

/** Property paths of the real schema, $refs followed. */
function realPaths(node: Node, at = ""): string[] {
  const resolved =
    typeof node.$ref === "string"
      ? ((manifestSchema.$defs as Record<string, Node>)[node.$ref.replace("#/$defs/", "")] ?? {})
      : node;
  const own = Object.entries((resolved.properties ?? {}) as Record<string, Node>).flatMap(([name, child]) => [
    `${at}/${name}`,
    ...realPaths(child, `${at}/${name}`),
  ]);
  return resolved.items ? [...own, `${at}/*`, ...realPaths(resolved.items as Node, `${at}/*`)] : own;
}

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
const checkLlmOutput = ajv.compile(LLM_MANIFEST_SCHEMA);

describe("the LLM-facing manifest schema", () => {
  it("is self-contained and uses only keywords structured-output servers accept", () => {
    for (const [at, node] of nodes(LLM_MANIFEST_SCHEMA)) {
      const unsupported = Object.keys(node).filter((k) => !LLM_SCHEMA_KEYWORDS.has(k));
      expect(unsupported, `keywords at ${at || "/"}`).toEqual([]);
    }
    const text = JSON.stringify(LLM_MANIFEST_SCHEMA);
    for (const keyword of ["$ref", "$defs", "$id", "$schema", "pattern", "uniqueItems", "maxItems"])
      expect(text).not.toContain(`"${keyword}"`);
  });

  it("has every property of the real schema except prompt", () => {
    const derived = [...nodes(LLM_MANIFEST_SCHEMA)]
      .map(([at]) => at)
      .filter(Boolean)
      .sort();
    expect(derived).toEqual(
      realPaths(manifestSchema as Node)
        .filter((p) => p !== "/prompt")
        .sort(),
    );
  });

  it.each([
    ["", ["name", "entities"]],
    ["/entities/*", ["name", "fields"]],
    ["/entities/*/fields/*", ["name", "type"]],
    ["/entities/*/fields/*/relation", ["target", "cardinality"]],
    ["/roles/*", ["name"]],
    ["/pages/*", ["kind"]],
    ["/theme", undefined],
    ["/auth", undefined],
    ["/entities/*/access", undefined],
  ])("requires at %j only what appgen cannot derive", (at, required) => {
    const node = new Map(nodes(LLM_MANIFEST_SCHEMA)).get(at);
    expect(node?.required).toEqual(required);
  });

  it("keeps dropped constraints as hints in descriptions", () => {
    const slug = new Map(nodes(LLM_MANIFEST_SCHEMA)).get("/slug");
    expect(slug?.description).toBe(
      "Package and URL name in kebab-case. derived: from name. Must match ^[a-z][a-z0-9]*(-[a-z0-9]+)*$. At most 60 characters.",
    );
    const entityName = new Map(nodes(LLM_MANIFEST_SCHEMA)).get("/entities/*/name");
    expect(entityName).toEqual({
      type: "string",
      description: "Singular, e.g. 'lead'. Must match ^[a-z][a-z0-9_]*$. At most 48 characters.",
    });
  });

  it("compiles, accepts a short answer and a full manifest without prompt, and rejects unknown properties", () => {
    const short = { name: "Tasks", entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }] };
    expect(checkLlmOutput(short)).toBe(true);
    const { prompt: _prompt, ...full } = assertManifest({ ...short, roles: ["admin", "member"] });
    expect(checkLlmOutput(full)).toBe(true);
    expect(checkLlmOutput({ ...short, prompt: "echoed" })).toBe(false);
    expect(
      checkLlmOutput({ ...short, entities: [{ name: "task", fields: [{ name: "title", type: "string" }] }] }),
    ).toBe(false);
  });

  it("accepts a manifest with user and read-only fields and actions (the example app of the whole-app tests)", () => {
    const actions = JSON.parse(readFileSync(join(import.meta.dirname, "../../e2e/manifests/actions.json"), "utf8"));
    const { prompt: _prompt, ...full } = assertManifest(actions);
    expect(checkLlmOutput(full)).toBe(true);
  });

  it("accepts a manifest with statistics and a leaderboard (the example app of the whole-app tests)", () => {
    const written = JSON.parse(readFileSync(join(import.meta.dirname, "../../e2e/manifests/statistics.json"), "utf8"));
    const { prompt: _prompt, ...full } = assertManifest(written);
    expect(checkLlmOutput(full)).toBe(true);
  });

  it("accepts a manifest with board and calendar pages and a list's sort (the team-desk whole-app test), and says when to write them", () => {
    const written = JSON.parse(readFileSync(join(import.meta.dirname, "../../e2e/manifests/team-desk.json"), "utf8"));
    const { prompt: _prompt, ...full } = assertManifest(written);
    expect(full.pages.map((p) => p.kind)).toEqual(expect.arrayContaining(["board", "calendar"]));
    expect(checkLlmOutput(full)).toBe(true);
    expect(SYSTEM_PROMPT).toContain('{"kind": "board", "entity", "group_by": <that entity\'s enum field>}');
    expect(SYSTEM_PROMPT).toContain('{"kind": "calendar", "entity", "date_field": <its date or datetime field>}');
  });

  it("shows an example that is itself a valid manifest", () => {
    const example = SYSTEM_PROMPT.slice(SYSTEM_PROMPT.lastIndexOf("\n{") + 1);
    expect(checkLlmOutput(JSON.parse(example))).toBe(true);
    expect(() => assertManifest(JSON.parse(example))).not.toThrow();
  });
});

describe("repairMessage", () => {
  it("lists each problem with its path and fix, and caps a long list", () => {
    const problems = Array.from({ length: 32 }, (_, i) => ({
      path: `/entities/${i}/name`,
      message: "duplicate entity 'a'",
      fix: "rename it",
    }));
    const message = repairMessage(problems);
    expect(message).toContain("- /entities/0/name: duplicate entity 'a' (fix: rename it)");
    expect(message).toContain("- /entities/29/name");
    expect(message).not.toContain("- /entities/30/name");
    expect(message).toContain("- and 2 more of the same kind");
  });
});
