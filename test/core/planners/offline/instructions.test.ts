import { describe, expect, it } from "vitest";
import { AppgenError } from "../../../../app/core/errors.ts";
import { canonicalJson } from "../../../../app/core/manifest/index.ts";
import { applyInstructions, planFromPrompt } from "../../../../app/core/planners/offline/index.ts";
import { splitInstructions } from "../../../../app/core/planners/offline/instructions.ts";
import type { Entity, Manifest } from "../../../../app/core/schema-types/manifest.ts";

const previous = planFromPrompt(
  "A CRM to track customers, contacts, invoices and tasks. Each task has a title, due date and status. Contacts belong to customers.",
);

function entity(m: Manifest, name: string): Entity {
  const found = m.entities.find((e) => e.name === name);
  if (!found) throw new Error(`no entity ${name}`);
  return found;
}

/** Canonical JSON of everything except the named entities (and the pages of the named entities). */
function untouched(m: Manifest, ...names: string[]): string {
  return canonicalJson({
    ...m,
    entities: m.entities.filter((e) => !names.includes(e.name)),
    pages: m.pages.filter((p) => !p.entity || !names.includes(p.entity)),
  });
}

function fieldsOf(m: Manifest, name: string): string[] {
  return entity(m, name).fields.map((f) => f.name);
}

describe("adding fields", () => {
  it.each([
    ["add a priority field to tasks", { name: "priority", type: "enum", options: ["low", "medium", "high"] }],
    ["add a due date to contacts", { name: "due_date", type: "date" }],
    ["contacts should also have a birthday", { name: "birthday", type: "date" }],
    ["Contacts need a LinkedIn URL.", { name: "linkedin_url", type: "url" }],
    [
      "give customers a loyalty tier (bronze, silver, gold)",
      { name: "loyalty_tier", type: "enum", options: ["bronze", "silver", "gold"] },
    ],
    ["add a boolean field called vip to customers", { name: "vip", type: "boolean" }],
    ["add a field named score of type decimal to contacts", { name: "score", type: "decimal" }],
    ["add a required region to customers", { name: "region", type: "text", required: true }],
  ])("%s", (instruction, expected) => {
    const { manifest, changes } = applyInstructions(previous, instruction);
    const target = manifest.entities.find((e) =>
      e.fields.some(
        (f) =>
          f.name === expected.name &&
          !previous.entities.find((p) => p.name === e.name)?.fields.some((g) => g.name === f.name),
      ),
    );
    expect(target).toBeDefined();
    expect(target?.fields.find((f) => f.name === expected.name)).toMatchObject({
      label: expect.any(String),
      required: false,
      unique: false,
      ...expected,
    });
    expect(changes).toHaveLength(1);
    expect(untouched(manifest, target?.name ?? "")).toBe(untouched(previous, target?.name ?? ""));
  });

  it("adds several fields at once", () => {
    const { manifest } = applyInstructions(previous, "add a budget, a start date and an end date to tasks");
    expect(fieldsOf(manifest, "task").slice(-3)).toEqual(["budget", "start_date", "end_date"]);
    expect(entity(manifest, "task").fields.find((f) => f.name === "budget")?.type).toBe("money");
  });

  it("changes the options of an existing field, and does nothing when asked twice for the same", () => {
    const once = applyInstructions(previous, "tasks should also have a status (todo, doing, done)");
    expect(entity(once.manifest, "task").fields.find((f) => f.name === "status")?.options).toEqual([
      "todo",
      "doing",
      "done",
    ]);
    const twice = applyInstructions(once.manifest, "tasks should also have a status (todo, doing, done)");
    expect(twice.changes).toEqual(["task already has a field status; nothing changed"]);
    expect(canonicalJson(twice.manifest)).toBe(canonicalJson(once.manifest));
  });

  it("links to an existing entity when the added field names it", () => {
    const { manifest, changes } = applyInstructions(previous, "add a customer to tasks");
    expect(entity(manifest, "task").fields.at(-1)).toMatchObject({
      name: "customer",
      type: "relation",
      relation: { target: "customer", cardinality: "many_to_one", on_delete: "set_null" },
    });
    expect(changes).toEqual(["task: added relation customer -> customer"]);
  });
});

describe("adding entities", () => {
  it.each([
    ["add a comments entity linked to tasks", "comment", "task"],
    ["add comments to tasks", "comment", "task"],
    ["add payments for each invoice", "payment", "invoice"],
    ["create a meetings table linked to contacts", "meeting", "contact"],
  ])("%s", (instruction, name, target) => {
    const { manifest, changes } = applyInstructions(previous, instruction);
    const added = entity(manifest, name);
    expect(added.fields.some((f) => f.relation?.target === target)).toBe(true);
    expect(manifest.pages.filter((p) => p.entity === name).map((p) => p.kind)).toEqual(["list", "detail", "form"]);
    expect(changes).toEqual([`added entity ${name} (linked to ${target})`]);
    expect(untouched(manifest, name)).toBe(untouched(previous));
  });

  it("adds an entity with the fields it lists, and one with the archetype's fields", () => {
    const listed = applyInstructions(previous, "add a vendors entity with name, email, phone and a rating");
    expect(fieldsOf(listed.manifest, "vendor")).toEqual(["name", "email", "phone", "rating"]);
    const shaped = applyInstructions(previous, "add products");
    expect(fieldsOf(shaped.manifest, "product")).toEqual([
      "name",
      "sku",
      "description",
      "price",
      "stock_quantity",
      "active",
    ]);
  });

  it("hangs tags off the entity they tag", () => {
    const { manifest } = applyInstructions(previous, "add tags to tasks");
    expect(entity(manifest, "task").fields.at(-1)).toMatchObject({
      name: "tags",
      relation: { target: "tag", cardinality: "many_to_many" },
    });
    expect(fieldsOf(manifest, "tag")).toEqual(["name", "color"]);
  });
});

describe("removing", () => {
  it("removes a field and its uses", () => {
    const { manifest, changes } = applyInstructions(previous, "remove the phone field from contacts");
    expect(fieldsOf(manifest, "contact")).not.toContain("phone");
    expect(entity(manifest, "contact").list_fields).not.toContain("phone");
    expect(entity(manifest, "contact").search_fields).not.toContain("phone");
    expect(changes).toEqual(["contact: removed field phone"]);
    expect(untouched(manifest, "contact")).toBe(untouched(previous, "contact"));
  });

  it.each(["remove invoices", "delete the invoice entity", "we don't need invoices anymore", "drop invoices"])(
    "%s removes the entity and its pages",
    (instruction) => {
      const { manifest } = applyInstructions(previous, instruction);
      expect(manifest.entities.map((e) => e.name)).not.toContain("invoice");
      expect(manifest.pages.some((p) => p.entity === "invoice")).toBe(false);
    },
  );

  it("removes the relation fields that pointed at a removed entity", () => {
    const { manifest, changes } = applyInstructions(previous, "remove customers");
    expect(fieldsOf(manifest, "contact")).not.toContain("customer");
    expect(fieldsOf(manifest, "invoice")).not.toContain("customer");
    expect(changes).toEqual([
      "removed entity customer and the fields that pointed at it (contact.customer, invoice.customer)",
    ]);
    expect(canonicalJson({ ...manifest, entities: [entity(manifest, "task")], pages: [] })).toBe(
      canonicalJson({ ...previous, entities: [entity(previous, "task")], pages: [] }),
    );
  });

  it("picks a new display field when the old one is removed", () => {
    const { manifest } = applyInstructions(previous, "remove the title field from tasks");
    expect(entity(manifest, "task").display_field).toBe(fieldsOf(manifest, "task").find((n) => n !== "title"));
  });
});

describe("renaming", () => {
  it("renames an entity, its derived table and path, links named after it and derived page titles", () => {
    const { manifest, changes } = applyInstructions(previous, "rename customers to clients");
    const client = entity(manifest, "client");
    expect(client).toMatchObject({ label: "Client", plural_label: "Clients", table: "clients", path: "clients" });
    expect(entity(manifest, "contact").fields.find((f) => f.relation?.target === "client")?.name).toBe("client");
    expect(manifest.pages.filter((p) => p.entity === "client").map((p) => p.title)).toEqual([
      "Clients",
      "Client",
      "Client form",
    ]);
    expect(changes).toEqual([
      "renamed entity customer to client (table customers -> clients, path customers -> clients); renamed link fields contact.client, invoice.client",
    ]);
    expect(canonicalJson({ ...manifest, entities: [entity(manifest, "task")], pages: [] })).toBe(
      canonicalJson({ ...previous, entities: [entity(previous, "task")], pages: [] }),
    );
  });

  it("keeps a table and path someone chose by hand", () => {
    const custom = structuredClone(previous);
    Object.assign(entity(custom, "customer"), { table: "crm_accounts", path: "accounts" });
    const { manifest } = applyInstructions(custom, "rename customers to clients");
    expect(entity(manifest, "client")).toMatchObject({ table: "crm_accounts", path: "accounts" });
  });

  it.each([
    "rename the title field of tasks to name",
    "rename title on tasks to name",
    "rename tasks' title to name",
    "rename task.title to name",
    "rename title to name in tasks",
    "rename title to name",
  ])("%s", (instruction) => {
    const { manifest, changes } = applyInstructions(previous, instruction);
    const task = entity(manifest, "task");
    expect(task.fields[0]).toMatchObject({ name: "name", label: "Name" });
    expect(task.display_field).toBe("name");
    expect(task.list_fields).toContain("name");
    expect(changes).toEqual(["task: renamed field title to name"]);
    expect(untouched(manifest, "task")).toBe(untouched(previous, "task"));
  });
});

describe("several instructions", () => {
  it("splits on new lines, semicolons and 'and then', and applies in order", () => {
    expect(
      splitInstructions(
        "add a priority field to tasks\nremove invoices; rename customers to clients and then add tags to tasks",
      ),
    ).toEqual(["add a priority field to tasks", "remove invoices", "rename customers to clients", "add tags to tasks"]);
    const { manifest, changes } = applyInstructions(
      previous,
      "- rename customers to clients\n- add a vip flag to clients\n- remove the phone field from clients",
    );
    expect(changes).toEqual([
      "renamed entity customer to client (table customers -> clients, path customers -> clients); renamed link fields contact.client, invoice.client",
      "client: added field vip (boolean)",
      "client: removed field phone",
    ]);
    expect(fieldsOf(manifest, "client")).toContain("vip");
  });

  it("keeps 'and' inside one instruction", () => {
    expect(splitInstructions("add a start date and an end date to tasks and remove invoices")).toEqual([
      "add a start date and an end date to tasks",
      "remove invoices",
    ]);
  });

  it("changes the theme", () => {
    const { manifest, changes } = applyInstructions(
      previous,
      "make the buttons dark orange and use a papaya whip background",
    );
    expect(manifest.theme).toEqual({ background: "#ffefd5", primary: "#ff8c00" });
    expect(changes).toHaveLength(2);
    expect(canonicalJson({ ...manifest, theme: previous.theme })).toBe(canonicalJson(previous));
  });
});

describe("instructions that cannot be applied", () => {
  it.each([
    ["make it faster", /I did not understand the instruction "make it faster"/],
    ["add a priority", /I did not understand/],
    ["remove the fax field from contacts", /contact has no field "fax"/],
    ["rename dragons to wyverns", /no entity or field called "dragons"/],
    ["add a priority field to dragons", /no entity called "dragons"/],
    ["rename customers to contacts", /already an entity called contact/],
  ])("%s", (instruction, message) => {
    expect(() => applyInstructions(previous, instruction)).toThrow(message);
    try {
      applyInstructions(previous, instruction);
    } catch (error) {
      expect(error).toBeInstanceOf(AppgenError);
      expect((error as AppgenError).code).toBe("INSTRUCTION_NOT_UNDERSTOOD");
    }
  });

  it("lists instructions that work", () => {
    expect(() => applyInstructions(previous, "make it faster")).toThrow(
      /"add a priority field to tasks".*"rename customers to clients"/,
    );
  });

  it("applies nothing when any instruction fails", () => {
    const before = canonicalJson(previous);
    expect(() => applyInstructions(previous, "add a priority field to tasks\nteleport the database")).toThrow(
      AppgenError,
    );
    expect(canonicalJson(previous)).toBe(before);
  });
});

describe("instructions on a hand-written manifest", () => {
  it("completes the previous manifest first, so untouched parts compare with its canonical form", () => {
    const handWritten = {
      name: "Notes",
      entities: [{ name: "note", fields: [{ name: "title", type: "text" }] }],
    } as unknown as Manifest;
    const { manifest } = applyInstructions(handWritten, "add a body (long text) to notes");
    expect(entity(manifest, "note").fields.map((f) => [f.name, f.type])).toEqual([
      ["title", "text"],
      ["body", "long_text"],
    ]);
  });

  it("refuses a rename that would clash with a column every table has", () => {
    expect(() => applyInstructions(previous, "rename the customer field of contacts to owner")).toThrow(
      /clash with a column every table already has/,
    );
  });

  it("says which entity is missing when linking to one that does not exist", () => {
    expect(() => applyInstructions(previous, "tasks belong to projects")).toThrow(/no entity called "projects"/);
  });
});
