// Demo data on topic: values chosen by the entity and the field's name, consistent across the fields of a row.
import { describe, expect, it } from "vitest";

import { parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Entity, Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { consistentColumns, fieldValue, type SeedValue } from "../../../../app/core/stages/db/seed-values.ts";

type Json = Record<string, unknown>;
const manifestOf = (entities: Json[]): Manifest => parseManifest(JSON.stringify({ name: "Seeds", entities }));
const entityOf = (name: string, fields: Json[]): Entity => manifestOf([{ name, fields }]).entities[0] as Entity;
const rows = (entity: Entity, n = 5): SeedValue[][] => {
  const columns = entity.fields.map((field) => Array.from({ length: n }, (_, i) => fieldValue(entity, field, i)));
  consistentColumns(entity.fields, columns);
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i] ?? null));
};
const column = (entity: Entity, name: string) => {
  const index = entity.fields.findIndex((f) => f.name === name);
  return rows(entity).map((row) => row[index]);
};

describe("seed values on topic", () => {
  it.each([
    ["species", "name", ["Red fox", "Barn owl", "Monarch butterfly", "Atlantic salmon", "Giant panda"]],
    ["species", "family", ["Canidae", "Strigidae", "Nymphalidae", "Salmonidae", "Ursidae"]],
    ["barber", "name", ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Linus Torvalds"]],
    ["barber", "specialty", ["Classic cuts", "Colour and styling", "Sports massage", "Interior design", "Tax returns"]],
    ["florist", "name", ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Linus Torvalds"]],
    [
      "trading_opportunity",
      "title",
      [
        "Trading opportunity with Acme Corporation",
        "Trading opportunity with Globex Industries",
        "Trading opportunity with Initech",
        "Trading opportunity with Umbrella Logistics",
        "Trading opportunity with Stark Manufacturing",
      ],
    ],
    [
      "task",
      "title",
      [
        "Plan the spring launch",
        "Review supplier contracts",
        "Update the onboarding guide",
        "Fix the checkout bug",
        "Prepare the quarterly report",
      ],
    ],
    ["venue", "name", ["Harbour Room", "Riverside Studio", "North Hall", "Garden Court", "Main Street Branch"]],
    [
      "gadget",
      "name",
      [
        "Acme Corporation gadget",
        "Globex Industries gadget",
        "Initech gadget",
        "Umbrella Logistics gadget",
        "Stark Manufacturing gadget",
      ],
    ],
  ])("a %s's %s: %j", (entityName, fieldName, expected) => {
    const entity = entityOf(entityName, [{ name: fieldName, type: "text", required: true }]);
    expect(column(entity, fieldName)).toEqual(expected);
  });

  it.each([
    ["email", "email", /^[a-z.]+@example\.com$/],
    ["phone", "phone", /^\+1 555 01\d\d$/],
    ["price", "money", /^\d+(\.\d+)?$/],
    ["city", "text", /^(Lisbon|Toronto|Nairobi|Osaka|Berlin)$/],
    ["company", "text", /Corporation|Industries|Initech|Logistics|Manufacturing/],
  ])("never a placeholder where the field name says what it is: %s", (name, type, pattern) => {
    for (const entityName of ["species", "barber", "attendance", "trading_opportunity"]) {
      const entity = entityOf(entityName, [{ name, type }]);
      for (const value of column(entity, name)) expect(String(value)).toMatch(pattern);
    }
  });
});

describe("seed values that agree with each other", () => {
  it.each([
    ["clock_in", "clock_out"],
    ["starts_at", "ends_at"],
    ["check_in", "check_out"],
    ["started_at", "finished_at"],
  ])("a %s comes before its %s, on the same day", (start, end) => {
    const entity = entityOf("attendance", [
      { name: start, type: "datetime" },
      { name: end, type: "datetime" },
    ]);
    for (const [from, to] of rows(entity)) {
      expect(Date.parse(String(to))).toBeGreaterThan(Date.parse(String(from)));
      expect(String(to).slice(0, 10)).toBe(String(from).slice(0, 10));
    }
  });

  it.each([
    ["start_date", "end_date"],
    ["check_in", "check_out"],
    ["date_from", "date_to"],
  ])("a %s comes before its %s", (start, end) => {
    const entity = entityOf("stay", [
      { name: start, type: "date" },
      { name: end, type: "date" },
    ]);
    for (const [from, to] of rows(entity)) expect(String(to) > String(from)).toBe(true);
  });

  it("makes a line's total its quantity times its unit price", () => {
    const entity = entityOf("order_line", [
      { name: "quantity", type: "integer" },
      { name: "unit_price", type: "money" },
      { name: "total", type: "money" },
    ]);
    for (const [quantity, price, total] of rows(entity)) expect(total).toBeCloseTo(Number(quantity) * Number(price), 2);
  });

  it("makes a total the subtotal plus the tax", () => {
    const entity = entityOf("invoice", [
      { name: "subtotal", type: "money" },
      { name: "tax", type: "money" },
      { name: "total", type: "money" },
    ]);
    for (const [subtotal, tax, total] of rows(entity)) expect(total).toBeCloseTo(Number(subtotal) + Number(tax), 2);
  });

  it("leaves a total that would break its bounds as it was", () => {
    const entity = entityOf("order_line", [
      { name: "quantity", type: "integer" },
      { name: "unit_price", type: "money" },
      { name: "total", type: "money", max: 10 },
    ]);
    for (const [, , total] of rows(entity)) expect(Number(total)).toBeLessThanOrEqual(10);
  });
});
