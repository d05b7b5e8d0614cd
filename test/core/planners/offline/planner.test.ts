import { describe, expect, it } from "vitest";
import { canonicalJson, validateManifest } from "../../../../app/core/manifest/index.ts";
import { createOfflinePlanner, planFromPrompt } from "../../../../app/core/planners/offline/index.ts";
import type { Entity, Manifest } from "../../../../app/core/schema-types/manifest.ts";

function entity(m: Manifest, name: string): Entity {
  const found = m.entities.find((e) => e.name === name);
  if (!found) throw new Error(`no entity ${name} in ${m.entities.map((e) => e.name).join(", ")}`);
  return found;
}

function relation(m: Manifest, from: string, field: string) {
  return entity(m, from).fields.find((f) => f.name === field)?.relation;
}

describe("entities", () => {
  it.each([
    ["Build a CRM to track leads, companies and deals.", ["lead", "company", "deal"]],
    ["Members book classes with trainers at our gym.", ["member", "booking", "class", "trainer"]],
    ["A clinic app for patients, appointments and prescriptions.", ["patient", "appointment", "prescription"]],
    ["Track order items, products and orders.", ["order_item", "product", "order"]],
    ["Our band needs to track gigs, setlists and merch sales.", ["gig", "setlist", "merch_sale"]],
  ])("%s", (prompt, names) => {
    expect(
      planFromPrompt(prompt)
        .entities.map((e) => e.name)
        .sort(),
    ).toEqual([...names].sort());
  });

  it("ignores the app, its users and its screens", () => {
    const m = planFromPrompt(
      "I need a dashboard app where users can sign in and manage their tasks, with a settings page.",
    );
    expect(m.entities.map((e) => e.name)).toEqual(["task"]);
  });

  it("gives archetypes their typed fields", () => {
    const lead = entity(planFromPrompt("A CRM for leads."), "lead");
    expect(lead.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["name", "text", true],
      ["email", "email", false],
      ["phone", "phone", false],
      ["company", "text", false],
      ["status", "enum", false],
      ["source", "text", false],
      ["notes", "long_text", false],
    ]);
    expect(lead.fields.find((f) => f.name === "status")?.options).toEqual(["new", "contacted", "qualified", "lost"]);
    const booking = entity(planFromPrompt("Manage bookings."), "booking");
    expect(
      booking.fields.filter((f) => ["starts_at", "ends_at", "guests", "status"].includes(f.name)).map((f) => f.type),
    ).toEqual(["datetime", "datetime", "integer", "enum"]);
  });

  it("gives unknown nouns a generic shape", () => {
    const m = planFromPrompt("Track widgets, gizmos and doohickeys.");
    expect(m.entities.map((e) => e.name)).toEqual(["widget", "gizmo", "doohickey"]);
    expect(entity(m, "gizmo").fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["name", "text", true],
      ["description", "long_text", false],
    ]);
  });

  it("takes fields the prompt lists, typed from their words", () => {
    const task = entity(
      planFromPrompt(
        "A to-do app. Each task has a title, due date, priority (low, medium, high), an estimate in hours, whether it is billable and an assignee.",
      ),
      "task",
    );
    expect(task.fields.map((f) => [f.name, f.type])).toEqual([
      ["title", "text"],
      ["due_date", "date"],
      ["priority", "enum"],
      ["estimate_hours", "decimal"],
      ["billable", "boolean"],
      ["assignee", "text"],
    ]);
    expect(task.fields.find((f) => f.name === "priority")?.options).toEqual(["low", "medium", "high"]);
  });

  it("adds a few listed fields to the archetype's and keeps a field to name rows by", () => {
    const product = entity(planFromPrompt("Sell products with a weight in kilograms."), "product");
    expect(product.fields.map((f) => f.name)).toEqual([
      "name",
      "sku",
      "description",
      "price",
      "stock_quantity",
      "active",
      "weight_kg",
    ]);
    const pizza = entity(
      planFromPrompt("Each pizza has a size (small, large), a price and a spiciness rating."),
      "pizza",
    );
    expect(pizza.fields.map((f) => f.name)).toEqual(["name", "size", "price", "spiciness_rating"]);
    expect(pizza.display_field).toBe("name");
  });
});

describe("relations", () => {
  it.each([
    [
      "A CRM with companies and deals.",
      "deal",
      "company",
      { target: "company", cardinality: "many_to_one", on_delete: "set_null" },
    ],
    [
      "A shop with orders, products and order items.",
      "order_item",
      "order",
      { target: "order", cardinality: "many_to_one", on_delete: "cascade" },
    ],
    [
      "A shop with orders, products and order items.",
      "order_item",
      "product",
      { target: "product", cardinality: "many_to_one", on_delete: "set_null" },
    ],
    [
      "Patients, doctors and appointments.",
      "appointment",
      "patient",
      { target: "patient", cardinality: "many_to_one", on_delete: "restrict" },
    ],
    [
      "Patients, doctors and appointments.",
      "appointment",
      "doctor",
      { target: "doctor", cardinality: "many_to_one", on_delete: "set_null" },
    ],
    [
      "Students, courses and enrollments.",
      "enrollment",
      "course",
      { target: "course", cardinality: "many_to_one", on_delete: "restrict" },
    ],
    [
      "A blog with posts, comments and tags.",
      "post",
      "tags",
      { target: "tag", cardinality: "many_to_many", on_delete: "cascade" },
    ],
    ["Recipes can be tagged.", "recipe", "tags", { target: "tag", cardinality: "many_to_many", on_delete: "cascade" }],
    [
      "Track gadgets and widgets. Widgets belong to gadgets.",
      "widget",
      "gadget",
      { target: "gadget", cardinality: "many_to_one", on_delete: "set_null" },
    ],
    [
      "Track sprockets and cogs; each cog is linked to a sprocket.",
      "cog",
      "sprocket",
      { target: "sprocket", cardinality: "many_to_one", on_delete: "set_null" },
    ],
  ])("%s -> %s.%s", (prompt, from, field, expected) => {
    expect(relation(planFromPrompt(prompt), from, field)).toEqual(expected);
  });

  it("types a listed field that names another entity as a relation", () => {
    const m = planFromPrompt("Log expenses with an amount, a date and a category. Set budgets per category.");
    expect(relation(m, "expense", "category")?.target).toBe("category");
    expect(relation(m, "budget", "category")?.target).toBe("category");
  });

  it("names a link that would clash with the owner_id column after its entity", () => {
    const m = planFromPrompt("Owners register their pets.");
    expect(entity(m, "pet").fields.find((f) => f.relation?.target === "owner")?.name).toBe("pet_owner");
  });

  it("does not link both ways", () => {
    const m = planFromPrompt("Projects have many tasks. Tasks belong to projects.");
    expect(relation(m, "task", "project")?.target).toBe("project");
    expect(entity(m, "project").fields.some((f) => f.relation?.target === "task")).toBe(false);
  });
});

describe("ownership, roles and access", () => {
  it.each([
    ["A personal expense tracker.", "user"],
    ["My private journal entries, only I can see them.", "user"],
    ["Track my workouts and exercises.", "user"],
    ["A habit tracker.", "user"],
    ["Our team tracks tasks and projects.", "shared"],
    ["A company expense system where employees submit expenses and managers approve them.", "shared"],
  ])("%s -> %s", (prompt, ownership) => {
    expect(new Set(planFromPrompt(prompt).entities.map((e) => e.ownership))).toEqual(new Set([ownership]));
  });

  it.each([
    ["Admins manage products and orders.", ["member", "admin"], "member"],
    ["Teachers enter grades; students can see their own grades.", ["student", "teacher"], "student"],
    ["Sales reps edit deals and managers approve them.", ["sales_rep", "manager"], "sales_rep"],
    ["Roles: viewer, editor and admin. Track documents.", ["viewer", "editor", "admin"], "viewer"],
  ])("%s -> roles %j", (prompt, roles, defaultRole) => {
    const m = planFromPrompt(prompt);
    expect(m.roles.map((r) => r.name)).toEqual(roles);
    expect(m.auth.default_role).toBe(defaultRole);
  });

  it("restricts writes when only some roles may edit", () => {
    const m = planFromPrompt(
      "Track products and suppliers. Only managers can edit products. Admins can see everything.",
    );
    expect(entity(m, "product").access).toEqual({ read: ["*"], write: ["admin", "manager"], manage: [] });
    expect(entity(m, "supplier").access).toEqual({ read: ["*"], write: ["*"], manage: [] });
  });

  it("lets admins manage every user's rows of private entities", () => {
    const m = planFromPrompt("A personal notes app. Admins can help users.");
    expect(entity(m, "note")).toMatchObject({ ownership: "user", access: { manage: ["admin"] } });
  });

  it.each([
    ["Sign in with GitHub or Google.", ["github", "google"]],
    ["Members log in with a magic link.", ["magic_link"]],
    ["Users sign in with email and password or Google.", ["email", "google"]],
    ["Track tasks.", ["email"]],
    ["Import issues from GitHub.", ["email"]],
  ])("%s -> providers %j", (prompt, providers) => {
    expect(planFromPrompt(`${prompt} Track tasks.`).auth.providers).toEqual(providers);
  });
});

describe("name, description and theme", () => {
  it.each([
    ["Build a CRM called Pipeline to track leads.", "Pipeline"],
    ['An app named "Bean Counter" for expenses.', "Bean Counter"],
    ["Clinic scheduler for a dental practice: patients and appointments.", "Clinic Scheduler"],
    ["Landlord portal: properties, units and tenants.", "Landlord Portal"],
    ["I want a simple app to manage my book club: books and meetings.", "Book Club App"],
    ["Track leads.", "Lead Manager"],
  ])("%s -> %s", (prompt, name) => {
    expect(planFromPrompt(prompt).name).toBe(name);
  });

  it("summarises in one sentence and keeps the prompt as given", () => {
    const prompt = "Build a CRM to track leads, companies and deals. Admins see everything.";
    const m = planFromPrompt(prompt);
    expect(m.description).toBe("Keeps track of leads, companies and deals for admins.");
    expect(m.prompt).toBe(prompt);
    expect(m.slug).toBe("crm");
  });

  it("reads the theme from colour words", () => {
    expect(planFromPrompt("Track plants. Use a papaya whip background and dark orange components.").theme).toEqual({
      background: "#ffefd5",
      primary: "#ff8c00",
    });
    expect(planFromPrompt("Track plants.").theme).toEqual({ background: "#ffffff", primary: "#0f172a" });
  });
});

describe("odd input", () => {
  it.each([
    ["", "item"],
    ["   ", "item"],
    ["I need an app.", "item"],
    ["asdf qwer zxcv", "item"],
    ["Make me something nice for my garden.", "garden"],
    ["🚀🚀🚀", "item"],
    ["顧客と注文を管理するアプリ", "customer"],
    ["Une application pour gérer les clients et les factures.", "client"],
  ])("%j still plans a useful app (first entity %s)", (prompt, first) => {
    const m = planFromPrompt(prompt);
    expect(validateManifest(m).ok).toBe(true);
    expect(m.entities[0]?.name).toBe(first);
  });

  it("keeps labels in the prompt's own script", () => {
    const m = planFromPrompt("顧客と注文と商品を管理するアプリを作ってください。");
    expect(m.entities.map((e) => [e.name, e.label])).toEqual([
      ["customer", "顧客"],
      ["order", "注文"],
      ["product", "商品"],
    ]);
  });

  it("survives hostile text", () => {
    for (const prompt of [
      "(((((",
      "a, , , and and , or",
      "#fff #ggg #12",
      "x".repeat(30_000),
      "\u0000\u202e tasks",
      "Track 🍕s, Ünïcödé things and naïve cafés.",
    ]) {
      expect(validateManifest(planFromPrompt(prompt)).ok).toBe(true);
    }
  });
});

describe("determinism and scale", () => {
  const syllables = ["ka", "lo", "mi", "ra", "to", "ve", "zu", "ni", "pe", "so", "du", "fa"];
  const noun = (i: number) => `${syllables[i % 12]}${syllables[Math.floor(i / 12) % 12]}${syllables[(i * 7) % 11]}brix`;
  const promptWith = (n: number) =>
    `Build an app to track ${Array.from({ length: n }, (_, i) => `${noun(i)}s`).join(", ")}. Admins can edit everything.`;

  it("plans the same prompt to the same bytes", () => {
    const prompt = "A CRM to track leads, companies and deals with a navy background. Only admins can delete deals.";
    expect(canonicalJson(planFromPrompt(prompt))).toBe(canonicalJson(planFromPrompt(prompt)));
  });

  it.each([5, 50, 200])("plans %i listed entities, all distinct and valid (speed: npm run bench)", (n) => {
    const m = planFromPrompt(promptWith(n));
    expect(new Set(m.entities.map((e) => e.name)).size).toBe(n);
    expect(validateManifest(m).ok).toBe(true);
  });
});

describe("createOfflinePlanner", () => {
  it("plans from the prompt with no usage", async () => {
    const result = await createOfflinePlanner().plan({ prompt: "Track leads and deals." });
    expect(result).toMatchObject({
      planner: "offline",
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      notes: [],
    });
    expect(result?.manifest.entities.map((e) => e.name)).toEqual(["lead", "deal"]);
  });

  it("applies instructions to the previous manifest", async () => {
    const previous = planFromPrompt("Track leads and deals.");
    const result = await createOfflinePlanner().plan({
      prompt: "ignored",
      previous,
      instructions: "add a priority field to deals",
    });
    expect(result?.notes).toEqual(["deal: added field priority (enum: low, medium, high)"]);
    expect(result?.manifest.prompt).toBe(previous.prompt);
  });

  it("re-plans from the prompt when there are no instructions", async () => {
    const previous = planFromPrompt("Track leads.");
    const result = await createOfflinePlanner().plan({ prompt: "Track deals.", previous });
    expect(result?.manifest.entities.map((e) => e.name)).toEqual(["deal"]);
  });
});
