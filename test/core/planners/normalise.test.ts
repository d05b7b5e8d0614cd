import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertManifest, validateManifest } from "../../../app/core/manifest/index.ts";
import { normaliseModelManifest } from "../../../app/core/planners/normalise.ts";
import { manifestArbitrary } from "../../helpers/manifest-arbitrary.ts";

type Json = Record<string, unknown>;

/** A manifest with one `task` entity holding `fields`, next to a `project` entity. */
const withFields = (...fields: Json[]): Json => ({
  name: "Tasks",
  entities: [
    { name: "project", fields: [{ name: "name", type: "text", required: true }] },
    { name: "task", fields: [{ name: "title", type: "text" }, ...fields] },
  ],
});
const taskField = (value: unknown, i = 1): Json =>
  ((((value as Json).entities as Json[])[1] as Json).fields as Json[])[i] as Json;

describe("normaliseModelManifest: one rule at a time", () => {
  it.each<[string, Json, Json]>([
    ["camelCase field name", { name: "dueDate", type: "date" }, { name: "due_date", type: "date" }],
    ["Title Case field name", { name: "Due Date", type: "date" }, { name: "due_date", type: "date" }],
    ["type string", { name: "code", type: "string" }, { name: "code", type: "text" }],
    ["type varchar", { name: "code", type: "VARCHAR" }, { name: "code", type: "text" }],
    ["type in another case", { name: "code", type: "Text" }, { name: "code", type: "text" }],
    ["type int", { name: "count", type: "int" }, { name: "count", type: "integer" }],
    ["type number, whole", { name: "count", type: "number", min: 0 }, { name: "count", type: "integer", min: 0 }],
    [
      "type number, fractional",
      { name: "weight", type: "number", default: 2.5 },
      { name: "weight", type: "decimal", default: 2.5 },
    ],
    ["type float", { name: "weight", type: "float" }, { name: "weight", type: "decimal" }],
    ["type double", { name: "weight", type: "double" }, { name: "weight", type: "decimal" }],
    ["type bool", { name: "done", type: "bool" }, { name: "done", type: "boolean" }],
    ["type timestamp", { name: "starts_at", type: "timestamp" }, { name: "starts_at", type: "datetime" }],
    ["type textarea", { name: "notes", type: "textarea" }, { name: "notes", type: "long_text" }],
    ["type longtext", { name: "notes", type: "longtext" }, { name: "notes", type: "long_text" }],
    ["type currency", { name: "price", type: "currency" }, { name: "price", type: "money" }],
    [
      "values → options",
      { name: "status", type: "enum", values: ["open", "done"] },
      { name: "status", type: "enum", options: ["open", "done"] },
    ],
    [
      "options to snake_case, default follows",
      { name: "status", type: "enum", options: ["To Do", "In Progress", "done"], default: "In Progress" },
      { name: "status", type: "enum", options: ["to_do", "in_progress", "done"], default: "in_progress" },
    ],
    [
      "ref → relation.target",
      { name: "project", type: "relation", ref: "project" },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "references → relation.target",
      { name: "project", type: "relation", references: "project" },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "target → relation.target, type implied",
      { name: "project", target: "project" },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "relation as a string",
      { name: "project", type: "relation", relation: "project" },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "plural, capitalised target",
      { name: "project", type: "relation", relation: { target: "Projects" } },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "cardinality in another spelling",
      { name: "project", type: "relation", relation: { target: "project", cardinality: "Many-To-One" } },
      { name: "project", type: "relation", relation: { target: "project", cardinality: "many_to_one" } },
    ],
    [
      "projectId, type relation",
      { name: "projectId", type: "relation", relation: { target: "project" } },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "project_id, type int",
      { name: "project_id", type: "int" },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "projectId, type string",
      { name: "projectId", type: "string" },
      { name: "project", type: "relation", relation: { target: "project" } },
    ],
    [
      "project_id, type uuid",
      { name: "project_id", type: "uuid", required: true },
      { name: "project", type: "relation", required: true, relation: { target: "project" } },
    ],
    [
      "required as a string",
      { name: "code", type: "text", required: "true" },
      { name: "code", type: "text", required: true },
    ],
  ])("%s", (_rule, field, expected) => {
    const { value, notes } = normaliseModelManifest(withFields(field));
    expect(taskField(value)).toEqual(expected);
    expect(notes.length).toBeGreaterThan(0);
    expect(validateManifest(value).ok).toBe(true);
  });

  it.each<[string, Json, Json]>([
    [
      "entity name Task",
      { name: "Tasks", entities: [{ name: "Task", fields: [{ name: "title", type: "text" }] }] },
      { name: "Tasks", entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }] },
    ],
    [
      "entity path",
      { name: "T", entities: [{ name: "order_item", path: "OrderItems", fields: [{ name: "title", type: "text" }] }] },
      { name: "T", entities: [{ name: "order_item", path: "order-items", fields: [{ name: "title", type: "text" }] }] },
    ],
    [
      "path with underscores",
      { name: "T", entities: [{ name: "order_item", path: "order_items", fields: [{ name: "title", type: "text" }] }] },
      { name: "T", entities: [{ name: "order_item", path: "order-items", fields: [{ name: "title", type: "text" }] }] },
    ],
    [
      "slug",
      { name: "T", slug: "My_App", entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }] },
      { name: "T", slug: "my-app", entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }] },
    ],
    [
      "ownership in another case",
      { name: "T", entities: [{ name: "task", ownership: "User", fields: [{ name: "title", type: "text" }] }] },
      { name: "T", entities: [{ name: "task", ownership: "user", fields: [{ name: "title", type: "text" }] }] },
    ],
    [
      "role names and the places that name them",
      {
        name: "T",
        roles: ["Admin", "member"],
        auth: { default_role: "Member" },
        entities: [
          { name: "task", access: { read: ["*"], write: ["Admin"] }, fields: [{ name: "title", type: "text" }] },
        ],
      },
      {
        name: "T",
        roles: [{ name: "admin" }, { name: "member" }],
        auth: { default_role: "member" },
        entities: [
          { name: "task", access: { read: ["*"], write: ["admin"] }, fields: [{ name: "title", type: "text" }] },
        ],
      },
    ],
    [
      "renamed fields followed by display_field, search_fields and list_fields",
      {
        name: "T",
        entities: [
          {
            name: "task",
            display_field: "fullName",
            search_fields: ["fullName"],
            list_fields: ["fullName", "dueDate"],
            fields: [
              { name: "fullName", type: "text" },
              { name: "dueDate", type: "date" },
            ],
          },
        ],
      },
      {
        name: "T",
        entities: [
          {
            name: "task",
            display_field: "full_name",
            search_fields: ["full_name"],
            list_fields: ["full_name", "due_date"],
            fields: [
              { name: "full_name", type: "text" },
              { name: "due_date", type: "date" },
            ],
          },
        ],
      },
    ],
    [
      "a renamed entity followed by relations and pages",
      {
        name: "T",
        entities: [
          { name: "Project", fields: [{ name: "name", type: "text" }] },
          {
            name: "task",
            fields: [
              { name: "title", type: "text" },
              { name: "project", type: "relation", relation: { target: "Project" } },
              { name: "stage", type: "enum", options: ["todo", "done"] },
              { name: "due", type: "date" },
            ],
          },
        ],
        pages: [
          { kind: "List", entity: "Projects" },
          { kind: "Board", entity: "Tasks" },
          { kind: "Calendar", entity: "task" },
        ],
      },
      {
        name: "T",
        entities: [
          { name: "project", fields: [{ name: "name", type: "text" }] },
          {
            name: "task",
            fields: [
              { name: "title", type: "text" },
              { name: "project", type: "relation", relation: { target: "project" } },
              { name: "stage", type: "enum", options: ["todo", "done"] },
              { name: "due", type: "date" },
            ],
          },
        ],
        pages: [
          { kind: "list", entity: "project" },
          { kind: "board", entity: "task" },
          { kind: "calendar", entity: "task" },
        ],
      },
    ],
  ])("%s", (_rule, input, expected) => {
    const { value } = normaliseModelManifest(input);
    expect(value).toEqual(expected);
    expect(validateManifest(value).ok).toBe(true);
  });
});

describe("normaliseModelManifest: what it leaves alone", () => {
  it.each<[string, Json]>([
    ["an unknown type", { name: "code", type: "blob" }],
    [
      "a relation to an entity that does not exist",
      { name: "owner", type: "relation", relation: { target: "Person" } },
    ],
    ["an _id field that names no entity", { name: "invoice_id", type: "integer" }],
    ["a system column", { name: "owner_id", type: "integer" }],
    [
      "project_id, type integer, in an otherwise valid manifest (valid manifests pass through)",
      { name: "project_id", type: "integer" },
    ],
    ["options that would collide", { name: "status", type: "enum", options: ["In Progress", "in_progress"] }],
    ["a name with nothing usable in it", { name: "注文", type: "text" }],
  ])("%s", (_case, field) => {
    const input = withFields(field);
    const { value } = normaliseModelManifest(input);
    expect(taskField(value)).toEqual(field);
  });

  it("does not rename into a name that is already taken", () => {
    const input = withFields({ name: "dueDate", type: "date" }, { name: "due_date", type: "date" });
    expect(taskField(normaliseModelManifest(input).value)).toEqual({ name: "dueDate", type: "date" });
  });

  it("keeps an _id field the previous manifest already had", () => {
    const previous = assertManifest(withFields({ name: "project_id", type: "integer" }));
    const answer = { ...withFields({ name: "project_id", type: "integer" }), slug: "Bad Slug" };
    expect(taskField(normaliseModelManifest(answer, { previous }).value)).toEqual({
      name: "project_id",
      type: "integer",
    });
    expect(taskField(normaliseModelManifest(answer).value)).toMatchObject({ name: "project", type: "relation" });
  });

  it("never adds an entity or a field, and does not change its input", () => {
    const input = withFields({ name: "projectId", type: "string" }, { name: "status", values: ["A", "B"] });
    const copy = structuredClone(input);
    const { value } = normaliseModelManifest(input);
    expect(input).toEqual(copy);
    const entities = (value as Json).entities as Json[];
    expect(entities).toHaveLength(2);
    expect(entities.map((e) => (e.fields as unknown[]).length)).toEqual([1, 3]);
  });

  it("notes each change in a few words", () => {
    const { notes } = normaliseModelManifest({
      name: "T",
      entities: [{ name: "Task", fields: [{ name: "dueDate", type: "timestamp" }] }],
    });
    expect(notes).toEqual(["entity Task → task", "type timestamp → datetime", "field dueDate → due_date"]);
  });

  it("passes a valid manifest through unchanged, with no notes", () => {
    fc.assert(
      fc.property(manifestArbitrary({ maxEntities: 5 }), (manifest) => {
        const { value, notes } = normaliseModelManifest(manifest);
        expect(value).toBe(manifest);
        expect(notes).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("is idempotent and never throws, whatever it is given", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          manifestArbitrary({ maxEntities: 3 }).map((m) => ({
            ...m,
            entities: [...m.entities, { name: "Bad Entity", fields: [{ name: "x", type: "Int" }] }],
          })),
        ),
        (input) => {
          const once = normaliseModelManifest(input);
          const twice = normaliseModelManifest(once.value);
          expect(twice.value).toEqual(once.value);
        },
      ),
      { numRuns: 60 },
    );
  });
});
