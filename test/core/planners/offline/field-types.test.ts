import { describe, expect, it } from "vitest";
import { fieldFromPhrase, inferField, sameField } from "../../../../app/core/planners/offline/field-types.ts";

describe("inferField: a field's type from its name", () => {
  it.each([
    ["due_date", "date"],
    ["due", "date"],
    ["deadline", "date"],
    ["date_of_birth", "date"],
    ["paid_on", "date"],
    ["starts_at", "datetime"],
    ["start_time", "datetime"],
    ["price", "money"],
    ["amount", "money"],
    ["unit_cost", "money"],
    ["daily_rate", "money"],
    ["tax_rate", "decimal"],
    ["email", "email"],
    ["contact_email", "email"],
    ["phone", "phone"],
    ["mobile_number", "phone"],
    ["website", "url"],
    ["link", "url"],
    ["photo", "url"],
    ["quantity", "integer"],
    ["quantities", "integer"],
    ["guest_count", "integer"],
    ["number_of_guests", "integer"],
    ["capacity", "integer"],
    ["invoice_number", "text"],
    ["is_active", "boolean"],
    ["active", "boolean"],
    ["paid", "boolean"],
    ["weight", "decimal"],
    ["notes", "long_text"],
    ["description", "long_text"],
    ["title", "text"],
    ["assignee", "text"],
  ])("%s is %s", (name, type) => {
    expect(inferField(name).type).toBe(type);
  });

  it.each([
    ["priority", ["low", "medium", "high"]],
    ["severity", ["low", "medium", "high", "critical"]],
  ])("a bare %s is an enum with sensible options", (name, options) => {
    expect(inferField(name)).toEqual({ name, type: "enum", options });
  });

  it("uses the options listed in the text", () => {
    expect(inferField("stage", ["won", "lost"])).toEqual({ name: "stage", type: "enum", options: ["won", "lost"] });
  });

  it("bounds ratings to 1-5", () => {
    expect(inferField("rating")).toMatchObject({ type: "integer", min: 1, max: 5 });
  });
});

describe("fieldFromPhrase: a list item of a prompt as a field", () => {
  it.each([
    [["a", "due", "date"], { name: "due_date", type: "date" }],
    [["the", "price"], { name: "price", type: "money", min: 0 }],
    [["duration", "in", "minutes"], { name: "duration_minutes", type: "integer", min: 0 }],
    [["the", "yield", "in", "kilograms"], { name: "yield_kg", type: "decimal" }],
    [["whether", "it", "was", "paid", "by", "card"], { name: "paid_by_card", type: "boolean" }],
    [["a", "published", "flag"], { name: "published", type: "boolean" }],
    [["a", "done", "checkbox"], { name: "done", type: "boolean" }],
    [["a", "required", "email"], { name: "email", type: "email", required: true }],
    [["a", "unique", "code"], { name: "code", type: "text", unique: true }],
    [["a", "quantity", "on", "hand"], { name: "quantity", type: "integer", min: 0 }],
    [["a", "boolean", "field", "called", "archived"], { name: "archived", type: "boolean" }],
    [["teléfono"], { name: "phone", type: "phone" }],
  ])("%j", (words, field) => {
    expect(fieldFromPhrase(words)).toEqual(field);
  });

  it("makes an enum of listed options", () => {
    expect(fieldFromPhrase(["a", "status"], { options: ["open", "in_transit"] })).toEqual({
      name: "status",
      type: "enum",
      options: ["open", "in_transit"],
    });
  });

  it.each([[["id"]], [["created", "at"]], [["this", "is", "a", "very", "long", "sentence", "about", "nothing"]], [[]]])(
    "refuses %j",
    (words) => {
      expect(fieldFromPhrase(words)).toBeUndefined();
    },
  );
});

describe("sameField: one field under two names", () => {
  it.each([
    ["start_time", "datetime", "starts_at", "datetime", true],
    ["end_time", "datetime", "ends_at", "datetime", true],
    ["harvest_date", "date", "harvested_on", "date", true],
    ["price", "money", "unit_price", "money", true],
    ["duration", "integer", "duration_minutes", "integer", true],
    ["title", "text", "name", "text", false],
    ["start_date", "date", "status", "enum", false],
    ["due_date", "date", "date_of_birth", "date", false],
  ] as const)("%s and %s: %s", (a, ta, b, tb, same) => {
    expect(sameField({ name: a, type: ta }, { name: b, type: tb })).toBe(same);
  });
});
