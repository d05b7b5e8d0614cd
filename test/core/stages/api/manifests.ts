// Manifests shared by the api and ui stage tests; each is completed and validated by assertManifest.
import { assertManifest, SCALAR_FIELD_TYPES, type Manifest } from "../../../../app/core/manifest/index.ts";

/** Every field type and cardinality, reserved words, unicode labels, a self relation, per-user rows, visitors. */
export const kitchenSink: Manifest = assertManifest({
  name: "Cafe Ops ☕ — Bestellungen",
  description: "Orders, users and types for a café",
  theme: { background: "#fff8e7", primary: "#ffd400" },
  roles: ["admin", "member", "viewer"],
  entities: [
    {
      name: "user",
      label: "Benutzer",
      plural_label: "Benutzer·innen",
      fields: [
        { name: "name", type: "text", required: true, min: 2, max: 80 },
        { name: "email", type: "email", required: true, unique: true },
        { name: "website", type: "url" },
        { name: "phone", type: "phone", max: 20 },
        { name: "bio", type: "long_text", max: 2000 },
        { name: "manager", type: "relation", relation: { target: "user" } },
        { name: "active", type: "boolean", required: true, default: true },
      ],
    },
    {
      name: "type",
      label: "種類",
      fields: [
        { name: "select", label: "選択", type: "text", required: true },
        { name: "order", type: "integer", min: 0, max: 1000, default: 0 },
      ],
      access: { read: ["anon"], write: ["admin"] },
    },
    {
      name: "order",
      description: "A customer's order",
      ownership: "user",
      fields: [
        { name: "number", type: "text", required: true, unique: true, max: 20 },
        { name: "status", type: "enum", options: ["draft", "in_progress", "done"], required: true, default: "draft" },
        { name: "total", type: "money", required: true, min: 0 },
        { name: "weight", type: "decimal", min: 0.5, max: 99.5 },
        { name: "quantity", type: "integer", required: true, min: 1 },
        { name: "ordered_on", type: "date", required: true, default: "now" },
        { name: "deliver_at", type: "datetime" },
        { name: "paid", type: "boolean" },
        {
          name: "customer",
          type: "relation",
          required: true,
          relation: { target: "user", cardinality: "many_to_one" },
        },
        { name: "type", type: "relation", relation: { target: "type", cardinality: "one_to_one" } },
        { name: "tags", type: "relation", relation: { target: "select", cardinality: "many_to_many" } },
        { name: "tag_ids", label: "Tag ids (text)", type: "text" },
        { name: "notes", type: "long_text" },
      ],
      access: { read: ["admin", "member"], write: ["member"], manage: ["admin"] },
    },
    {
      name: "select",
      label: "Étiquette",
      fields: [
        { name: "label", type: "text", required: true },
        { name: "color", type: "enum", options: ["red", "green", "blue"] },
        { name: "parent", type: "relation", required: true, relation: { target: "select", on_delete: "cascade" } },
        {
          name: "related",
          type: "relation",
          required: true,
          relation: { target: "select", cardinality: "many_to_many" },
        },
      ],
    },
  ],
});

/** Names that collide once mapped: OrderInput, listNews, filter parameters named like list parameters. */
export const collisions: Manifest = assertManifest({
  name: "Collisions",
  entities: [
    { name: "order", fields: [{ name: "title", type: "text" }] },
    { name: "order_input", fields: [{ name: "title", type: "text" }] },
    { name: "new", path: "fresh", table: "fresh", fields: [{ name: "title", type: "text" }] },
    { name: "news", fields: [{ name: "title", type: "text" }] },
    { name: "error_response", fields: [{ name: "title", type: "text" }] },
    {
      name: "item",
      fields: [
        { name: "title", type: "text" },
        { name: "order", type: "enum", options: ["a", "b"] },
        { name: "sort", type: "boolean" },
        { name: "filter_sort", type: "boolean" },
        { name: "page", type: "relation", relation: { target: "news" } },
        { name: "q", type: "enum", options: ["x"] },
      ],
    },
  ],
});

export const minimal: Manifest = assertManifest({
  name: "Notes",
  entities: [{ name: "note", fields: [{ name: "title", type: "text", required: true }] }],
});

/** Only some pages: a visitor-facing catalogue without forms, and an entity with no pages at all. */
export const partialPages: Manifest = assertManifest({
  name: "Catalogue",
  auth: { required: false },
  theme: { background: "#0b1020", primary: "#7c3aed" },
  entities: [
    {
      name: "product",
      fields: [
        { name: "name", type: "text", required: true },
        { name: "brand", type: "relation", relation: { target: "brand" } },
      ],
      access: { read: ["anon"] },
    },
    { name: "brand", fields: [{ name: "name", type: "text", required: true }] },
    { name: "audit_entry", fields: [{ name: "message", type: "long_text", required: true }] },
  ],
  pages: [
    { kind: "list", entity: "product" },
    { kind: "detail", entity: "product" },
    { kind: "form", entity: "brand" },
  ],
});

const FIELD_TYPES = SCALAR_FIELD_TYPES;

/** `count` entities, each with every field type and a relation to the previous entity. */
export function manyEntities(count: number): Manifest {
  const entities = Array.from({ length: count }, (_, i) => ({
    name: `thing_${i}`,
    fields: [
      ...FIELD_TYPES.map((type) => ({ name: `f_${type}`, type, ...(type === "enum" && { options: ["one", "two"] }) })),
      ...(i > 0 ? [{ name: "previous", type: "relation", relation: { target: `thing_${i - 1}` } }] : []),
      ...(i > 1
        ? [{ name: "links", type: "relation", relation: { target: `thing_${i - 2}`, cardinality: "many_to_many" } }]
        : []),
    ],
  }));
  return assertManifest({ name: `Big app ${count}`, entities });
}

export const testManifests: Record<string, Manifest> = {
  kitchenSink,
  collisions,
  minimal,
  partialPages,
  sixtyEntities: manyEntities(60),
};
