// After a re-plan, what the model left alone must come back byte-identical; what it changed must be taken.
import { describe, expect, it } from "vitest";
import { assertManifest, canonicalJson } from "../../../app/core/manifest/index.ts";
import { keepUnchanged, unchangedInSubstance } from "../../../app/core/planners/llm-planner.ts";

describe("unchangedInSubstance", () => {
  it.each([
    ["nothing stated", { a: 1 }, { a: 2 }, undefined, true],
    ["equal values", { a: [1, 2] }, { a: [1, 2] }, { a: [1, 2] }, true],
    ["a stated value that differs", { label: "Customer" }, { label: "Client" }, { label: "Customer" }, false],
    [
      "an omitted value re-derived differently",
      { name: "customer", label: "Customer" },
      { name: "customer", label: "Client" },
      { name: "customer" },
      true,
    ],
    [
      "an omitted nested value",
      { access: { read: ["*"], manage: [] } },
      { access: { read: ["*"], manage: ["admin"] } },
      { access: { read: ["*"] } },
      true,
    ],
    [
      "a nested stated difference",
      { access: { read: ["*"] } },
      { access: { read: ["admin"] } },
      { access: { read: ["*"] } },
      false,
    ],
    [
      "an added array element",
      { fields: [{ n: 1 }, { n: 2 }] },
      { fields: [{ n: 1 }] },
      { fields: [{ n: 1 }, { n: 2 }] },
      false,
    ],
    ["a property the model added", { default: "x" }, {}, { default: "x" }, false],
  ])("%s", (_name, next, previous, stated, expected) => {
    expect(unchangedInSubstance(next, previous, stated)).toBe(expected);
  });
});

describe("keepUnchanged", () => {
  const previous = assertManifest({
    name: "Clinic",
    prompt: "original",
    roles: [{ name: "admin", label: "Administrator" }, "member"],
    entities: [
      {
        name: "patient",
        label: "Client",
        fields: [
          { name: "name", type: "text", label: "Full name", required: true },
          { name: "born_on", type: "date" },
        ],
      },
      {
        name: "visit",
        fields: [
          { name: "patient", type: "relation", relation: { target: "patient" }, required: true },
          { name: "notes", type: "long_text" },
        ],
      },
      { name: "room", fields: [{ name: "code", type: "text" }] },
    ],
  });
  const before = JSON.parse(canonicalJson(previous));
  const merge = (stated: Record<string, unknown>) => {
    const next = assertManifest({ ...stated, prompt: "ignored" });
    const merged = keepUnchanged(previous, next, stated);
    if (!merged) throw new Error("expected the merge to validate");
    return JSON.parse(canonicalJson(merged));
  };
  const restated = (changes: { entities?: unknown[]; pages?: unknown[] } = {}) => ({
    name: "Clinic",
    roles: [{ name: "admin", label: "Administrator" }, { name: "member" }],
    entities: changes.entities ?? [
      {
        name: "patient",
        fields: [
          { name: "name", type: "text", required: true },
          { name: "born_on", type: "date" },
        ],
      },
      {
        name: "visit",
        fields: [
          { name: "patient", type: "relation", relation: { target: "patient" }, required: true },
          { name: "notes", type: "long_text" },
        ],
      },
      { name: "room", fields: [{ name: "code", type: "text" }] },
    ],
    ...(changes.pages ? { pages: changes.pages } : {}),
  });

  it("returns the previous manifest byte for byte when the model only dropped derived values", () => {
    expect(merge(restated())).toEqual(before);
    expect(JSON.stringify(merge(restated()))).toBe(JSON.stringify(before));
  });

  it("takes a changed field and keeps its siblings and the other entities", () => {
    const entities = [
      {
        name: "patient",
        fields: [
          { name: "name", type: "text", required: true },
          { name: "born_on", type: "datetime" },
        ],
      },
      {
        name: "visit",
        fields: [
          { name: "patient", type: "relation", relation: { target: "patient" }, required: true },
          { name: "notes", type: "long_text" },
        ],
      },
      { name: "room", fields: [{ name: "code", type: "text" }] },
    ];
    const after = merge(restated({ entities }));
    expect(after.entities[0].fields[0]).toEqual(before.entities[0].fields[0]);
    expect(after.entities[0].fields[0].label).toBe("Full name");
    expect(after.entities[0].fields[1]).toMatchObject({ name: "born_on", type: "datetime" });
    expect(JSON.stringify(after.entities.slice(1))).toBe(JSON.stringify(before.entities.slice(1)));
  });

  it("takes a value the model restated differently", () => {
    const entities = [
      {
        name: "patient",
        label: "Patient",
        fields: [
          { name: "name", type: "text", required: true },
          { name: "born_on", type: "date" },
        ],
      },
      ...(restated().entities.slice(1) as unknown[]),
    ];
    expect(merge(restated({ entities })).entities[0].label).toBe("Patient");
  });

  it("keeps previous pages, drops a removed entity's pages and adds derived ones for a new entity", () => {
    const entities = [
      ...(restated().entities.slice(0, 2) as unknown[]),
      { name: "doctor", fields: [{ name: "name", type: "text" }] },
    ];
    const after = merge(restated({ entities }));
    expect(after.pages.map((p: { kind: string; entity?: string }) => `${p.kind}:${p.entity ?? ""}`)).toEqual([
      "dashboard:",
      "list:patient",
      "detail:patient",
      "form:patient",
      "list:visit",
      "detail:visit",
      "form:visit",
      "list:doctor",
      "detail:doctor",
      "form:doctor",
    ]);
    expect(after.pages[1]).toEqual({ kind: "list", entity: "patient", title: "Clients" });
  });

  it("takes pages the model restated differently", () => {
    const after = merge(
      restated({
        pages: [
          { kind: "dashboard", title: "Home" },
          { kind: "list", entity: "patient" },
        ],
      }),
    );
    expect(after.pages).toEqual([
      { kind: "dashboard", title: "Home" },
      { kind: "list", entity: "patient", title: "Clients" },
    ]);
  });

  it("keeps the previous prompt and a slug the model left out after a rename", () => {
    const after = merge({ ...restated(), name: "Clinic Pro" });
    expect(after.name).toBe("Clinic Pro");
    expect(after.slug).toBe("clinic");
    expect(after.prompt).toBe("original");
  });
});
