import { describe, expect, it } from "vitest";
import { validateManifest } from "../../../../app/core/manifest/index.ts";
import { pluralName } from "../../../../app/core/naming.ts";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";
import { ARCHETYPES, type Shape } from "../../../../app/core/planners/offline/vocabulary.ts";

const names = [...new Set([...ARCHETYPES.values()].map((a) => a.name))];

describe("archetype vocabulary", () => {
  it("knows at least 60 kinds of entity", () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
    for (const wanted of [
      "lead",
      "contact",
      "customer",
      "company",
      "deal",
      "product",
      "order",
      "order_item",
      "invoice",
      "payment",
      "expense",
      "budget",
      "account",
      "transaction",
      "booking",
      "reservation",
      "room",
      "appointment",
      "patient",
      "doctor",
      "prescription",
      "student",
      "course",
      "class",
      "teacher",
      "grade",
      "enrollment",
      "event",
      "ticket",
      "attendee",
      "venue",
      "workout",
      "exercise",
      "membership",
      "shipment",
      "vehicle",
      "driver",
      "route",
      "warehouse",
      "supplier",
      "stock_item",
      "task",
      "project",
      "issue",
      "note",
      "recipe",
      "ingredient",
      "post",
      "comment",
      "tag",
      "category",
      "review",
      "employee",
      "shift",
    ]) {
      expect(names).toContain(wanted);
    }
  });

  it("has a shape for every archetype (and context variant) that validates as an entity with its links", () => {
    const shapes: { name: string; shape: Shape }[] = [];
    for (const archetype of ARCHETYPES.values()) {
      shapes.push(
        { name: archetype.name, shape: archetype },
        ...archetype.variants.map((v) => ({ name: archetype.name, shape: v.shape })),
      );
    }
    for (const { name, shape } of shapes) {
      const targets = [...new Set(shape.links.map((l) => l.targets.find((t) => t !== name) ?? ""))].filter(Boolean);
      const fields = [
        ...shape.fields,
        ...shape.links
          .map((l) => ({ link: l, target: l.targets.find((t) => t !== name) }))
          .filter((x) => x.target)
          .map(({ link, target }) => ({
            name: link.manyToMany ? `${target}_links` : `${target}_ref`,
            type: "relation",
            required: link.required && !link.manyToMany,
            relation: {
              target,
              ...(link.manyToMany ? { cardinality: "many_to_many" } : {}),
              ...(link.cascade ? { on_delete: "cascade" } : {}),
            },
          })),
      ];
      const result = validateManifest({
        name: "Vocabulary",
        entities: [{ name, fields }, ...targets.map((t) => ({ name: t, fields: [{ name: "name", type: "text" }] }))],
      });
      expect(result.ok ? [] : result.problems, name).toEqual([]);
    }
  });

  it("recognises every archetype by its plural in a list", () => {
    const missed = names.filter(
      (name) =>
        !planFromPrompt(`Track widgets, ${pluralName(name).replaceAll("_", " ")} and gadgets.`).entities.some(
          (e) => e.name === name,
        ),
    );
    expect(missed).toEqual([]);
  });
});
