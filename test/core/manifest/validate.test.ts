import { describe, expect, it } from "vitest";
import { AppgenError } from "../../../app/core/errors.ts";
import { canonicalJson, manifestSha256, parseManifest, validateManifest } from "../../../app/core/manifest/index.ts";

const minimal = {
  name: "Tasks",
  entities: [{ name: "task", fields: [{ name: "title", type: "text", required: true }] }],
};

function problemsOf(input: unknown) {
  const result = validateManifest(input);
  if (result.ok) throw new Error("expected the manifest to be invalid");
  return result.problems;
}

function withEntities(entities: unknown[]) {
  return { name: "App", entities };
}

describe("validateManifest", () => {
  it("fills every derived property of a minimal manifest", () => {
    const result = validateManifest(minimal);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest).toMatchObject({
      version: 1,
      slug: "tasks",
      theme: { background: "#ffffff", primary: "#0f172a" },
      auth: { required: true, providers: ["email"], default_role: "member" },
      roles: [{ name: "member", label: "Member" }],
      entities: [
        {
          name: "task",
          label: "Task",
          plural_label: "Tasks",
          table: "tasks",
          path: "tasks",
          ownership: "shared",
          access: { read: ["*"], write: ["*"], manage: [] },
          display_field: "title",
          search_fields: ["title"],
          list_fields: ["title"],
        },
      ],
      pages: [
        { kind: "dashboard", title: "Dashboard" },
        { kind: "list", entity: "task", title: "Tasks" },
        { kind: "detail", entity: "task", title: "Task" },
        { kind: "form", entity: "task", title: "Task form" },
      ],
    });
  });

  it("maps reserved words instead of refusing them", () => {
    const result = validateManifest(
      withEntities([
        {
          name: "user",
          fields: [
            { name: "select", type: "text" },
            { name: "type", type: "enum", options: ["a", "b"] },
          ],
        },
        {
          name: "order",
          fields: [
            { name: "user", type: "relation", relation: { target: "user" } },
            { name: "group", type: "text" },
          ],
        },
        { name: "new", fields: [{ name: "from", type: "date" }] },
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest.entities.map((e) => [e.table, e.path])).toEqual([
      ["users", "users"],
      ["orders", "orders"],
      ["news", "news"],
    ]);
  });

  it("keeps unicode labels", () => {
    const result = validateManifest(
      withEntities([{ name: "cafe", label: "Café ☕", fields: [{ name: "nom", label: "名前", type: "text" }] }]),
    );
    expect(result.ok && result.manifest.entities[0]?.label).toBe("Café ☕");
  });

  it.each([
    [
      "an unknown field type",
      withEntities([{ name: "a", fields: [{ name: "x", type: "strng" }] }]),
      "/entities/0/fields/0/type",
      /must be one of/,
    ],
    [
      "a relation to a missing entity",
      withEntities([{ name: "a", fields: [{ name: "b", type: "relation", relation: { target: "ghost" } }] }]),
      "/entities/0/fields/0/relation/target",
      /no entity 'ghost'/,
    ],
    [
      "a relation without a target",
      withEntities([{ name: "a", fields: [{ name: "b", type: "relation" }] }]),
      "/entities/0/fields/0",
      /needs 'relation'/,
    ],
    [
      "duplicate entities",
      withEntities([
        { name: "a", fields: [{ name: "x", type: "text" }] },
        { name: "a", fields: [{ name: "y", type: "text" }] },
      ]),
      "/entities/1/name",
      /duplicate entity 'a'/,
    ],
    [
      "duplicate fields",
      withEntities([
        {
          name: "a",
          fields: [
            { name: "x", type: "text" },
            { name: "x", type: "date" },
          ],
        },
      ]),
      "/entities/0/fields/1/name",
      /duplicate field 'x'/,
    ],
    [
      "a system column as a field",
      withEntities([{ name: "a", fields: [{ name: "id", type: "text" }] }]),
      "/entities/0/fields/0/name",
      /added to every table/,
    ],
    [
      "an enum without options",
      withEntities([{ name: "a", fields: [{ name: "s", type: "enum" }] }]),
      "/entities/0/fields/0",
      /needs 'options'/,
    ],
    [
      "a default outside the options",
      withEntities([{ name: "a", fields: [{ name: "s", type: "enum", options: ["x"], default: "y" }] }]),
      "/entities/0/fields/0/default",
      /one of the options/,
    ],
    [
      "a non-integer default",
      withEntities([{ name: "a", fields: [{ name: "n", type: "integer", default: 1.5 }] }]),
      "/entities/0/fields/0/default",
      /whole number/,
    ],
    [
      "min above max",
      withEntities([{ name: "a", fields: [{ name: "n", type: "integer", min: 5, max: 1 }] }]),
      "/entities/0/fields/0/min",
      /greater than max/,
    ],
    ["an unknown property", { ...minimal, colour: "red" }, "/", /unknown property 'colour'/],
    [
      "a bad identifier",
      withEntities([{ name: "Big Table", fields: [{ name: "x", type: "text" }] }]),
      "/entities/0/name",
      /does not match/,
    ],
    ["a bad colour", { ...minimal, theme: { primary: "orange" } }, "/theme/primary", /does not match/],
    [
      "an undefined role",
      withEntities([{ name: "a", access: { write: ["boss"] }, fields: [{ name: "x", type: "text" }] }]),
      "/entities/0/access/write/0",
      /role 'boss' is not defined/,
    ],
    [
      "a display field that does not exist",
      withEntities([{ name: "a", display_field: "nope", fields: [{ name: "x", type: "text" }] }]),
      "/entities/0/display_field",
      /no field 'nope'/,
    ],
    [
      "a page for a missing entity",
      { ...minimal, pages: [{ kind: "list", entity: "ghost" }] },
      "/pages/0/entity",
      /no entity 'ghost'/,
    ],
    [
      "a reserved table",
      withEntities([{ name: "a", table: "user_roles", fields: [{ name: "x", type: "text" }] }]),
      "/entities/0/table",
      /reserved/,
    ],
    ["not an object", "just text", "/", /must be object/],
    ["entities that are not objects", withEntities([42]), "/entities/0", /must be object/],
  ])("reports %s at its JSON path", (_case, input, path, message) => {
    const problems = problemsOf(input);
    const match = problems.find((p) => p.path === path);
    expect(match, JSON.stringify(problems)).toBeDefined();
    expect(match?.message).toMatch(message);
  });

  it("gives a fix for every semantic problem", () => {
    const problems = problemsOf(
      withEntities([{ name: "a", fields: [{ name: "b", type: "relation", relation: { target: "ghost" } }] }]),
    );
    expect(problems[0]?.fix).toMatch(/use one of: a, or add that entity/);
  });
});

describe("parseManifest", () => {
  it("reads YAML and JSON alike", () => {
    const yaml =
      "name: Tasks\nentities:\n  - name: task\n    fields:\n      - { name: title, type: text, required: true }\n";
    expect(canonicalJson(parseManifest(yaml))).toBe(canonicalJson(parseManifest(JSON.stringify(minimal))));
  });

  it("refuses a YAML alias bomb without expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 9; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
      );
    const error = catchError(() => parseManifest(lines.join("\n"), { source: "bomb.yaml" }));
    expect(error.code).toBe("INPUT_UNPARSABLE");
    expect(error.message).toMatch(/bomb\.yaml is not valid JSON or YAML: .*alias/i);
  });

  it("refuses input over 1 MB before parsing it", () => {
    const error = catchError(() => parseManifest(`name: "${"x".repeat(1024 * 1024)}"`, { source: "big.yaml" }));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(error.message).toMatch(/big\.yaml is \d+ bytes; the limit is 1048576 bytes/);
  });

  it("reports syntax errors with the source name", () => {
    const error = catchError(() => parseManifest("{ name: ", { source: "m.json" }));
    expect(error.code).toBe("INPUT_UNPARSABLE");
    expect(error.message).toMatch(/^m\.json is not valid JSON or YAML/);
  });

  it("lists every problem in one MANIFEST_INVALID error", () => {
    const error = catchError(() =>
      parseManifest(
        JSON.stringify(
          withEntities([
            {
              name: "a",
              fields: [
                { name: "x", type: "nope" },
                { name: "y", type: "relation", relation: { target: "z" } },
              ],
            },
          ]),
        ),
      ),
    );
    expect(error.code).toBe("MANIFEST_INVALID");
    expect(error.problems.map((p) => p.path)).toEqual(["/entities/0/fields/0/type"]);
  });
});

describe("canonical form", () => {
  it("does not depend on key order or set order", () => {
    const a = validateManifest({ ...minimal, auth: { providers: ["github", "email"] } });
    const b = validateManifest({ auth: { providers: ["email", "github"] }, entities: minimal.entities, name: "Tasks" });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(canonicalJson(a.manifest)).toBe(canonicalJson(b.manifest));
    expect(manifestSha256(a.manifest)).toBe(manifestSha256(b.manifest));
    expect(manifestSha256(a.manifest)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the order of entities and fields, which carries meaning", () => {
    const result = validateManifest(
      withEntities([
        {
          name: "b",
          fields: [
            { name: "z", type: "text" },
            { name: "y", type: "text" },
          ],
        },
        { name: "a", fields: [{ name: "x", type: "text" }] },
      ]),
    );
    if (!result.ok) throw new Error("invalid");
    expect(result.manifest.entities.map((e) => e.name)).toEqual(["b", "a"]);
    expect(result.manifest.entities[0]?.fields.map((f) => f.name)).toEqual(["z", "y"]);
  });

  it("is a fixed point: validating the canonical output changes nothing", () => {
    const first = validateManifest(minimal);
    if (!first.ok) throw new Error("invalid");
    const second = validateManifest(JSON.parse(canonicalJson(first.manifest)));
    expect(second.ok && canonicalJson(second.manifest)).toBe(canonicalJson(first.manifest));
  });
});

function catchError(fn: () => unknown): AppgenError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppgenError) return error;
    throw error;
  }
  throw new Error("expected an AppgenError");
}

describe("text limits", () => {
  it.each([
    [{ name: "t", type: "text", max: 3, default: "toolong" }, "/entities/0/fields/0/default", /at most 3 characters/],
    [{ name: "t", type: "text", min: 5, default: "abc" }, "/entities/0/fields/0/default", /at least 5 characters/],
    [{ name: "t", type: "text", max: 0 }, "/entities/0/fields/0", /whole number/],
    [{ name: "t", type: "email", min: 1.5 }, "/entities/0/fields/0", /whole number/],
  ])("rejects %j", (field, path, message) => {
    const result = validateManifest({
      name: "A",
      entities: [{ name: "a", fields: [{ name: "x", type: "text" }, field].reverse() }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.find((p) => p.path === path)?.message).toMatch(message);
  });
});

describe("option labels", () => {
  const withField = (field: unknown) => ({
    name: "A",
    entities: [{ name: "a", fields: [{ name: "x", type: "text" }, field] }],
  });
  it.each([
    [{ name: "c", type: "enum", options: ["jpy", "usd"], option_labels: { jpy: "JPY" } }, undefined, undefined],
    [
      { name: "c", type: "enum", options: ["jpy", "usd"], option_labels: { eur: "EUR" } },
      "/entities/0/fields/1/option_labels/eur",
      /'eur' is not one of the options/,
    ],
    [
      { name: "c", type: "text", option_labels: { jpy: "JPY" } },
      "/entities/0/fields/1/option_labels",
      /a text field cannot have 'option_labels'/,
    ],
    [
      { name: "c", type: "enum", options: ["jpy"], option_labels: { jpy: "" } },
      "/entities/0/fields/1/option_labels/jpy",
      /must NOT have fewer than 1 characters/,
    ],
    [
      { name: "c", type: "enum", options: ["jpy"], option_labels: { jpy: "J\nPY" } },
      "/entities/0/fields/1/option_labels/jpy",
      /control character/,
    ],
    [
      { name: "c", type: "enum", options: ["jpy"], option_labels: { "Not An Option": "X" } },
      "/entities/0/fields/1/option_labels",
      /property name/,
    ],
  ])("%j: %s", (field, path, message) => {
    const result = validateManifest(withField(field));
    if (path === undefined) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.path} ${p.message}`).join("\n")).toMatch(
      new RegExp(`${path.replaceAll("/", "\\/")}.*${message.source}`),
    );
  });

  it("keeps option labels in the canonical form, keys sorted", () => {
    const manifest = parseManifest(
      JSON.stringify(
        withField({ name: "c", type: "enum", options: ["usd", "jpy"], option_labels: { usd: "US$", jpy: "JPY" } }),
      ),
    );
    expect(canonicalJson(manifest)).toContain(
      `"option_labels": {\n            "jpy": "JPY",\n            "usd": "US$"\n          }`,
    );
  });
});
