// Hand-written manifests that together cover every field type, cardinality, cycle shape, reserved word and scale the
// db stage must handle. Each lists the seeded row count it expects per table, derived by hand from the seed rules.
import { assertManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";

export interface ManifestCase {
  name: string;
  manifest: Manifest;
  /** Seeded rows per table (entity and join tables); tables not listed are not checked. */
  rows: Record<string, number>;
}

export const everyFieldType = assertManifest({
  name: "Every field type",
  entities: [
    {
      name: "widget",
      fields: [
        { name: "name", type: "text", required: true, min: 2, max: 40 },
        { name: "notes", type: "long_text", max: 2000 },
        { name: "email", type: "email", unique: true },
        { name: "homepage", type: "url" },
        { name: "phone", type: "phone", required: true },
        { name: "quantity", type: "integer", min: 0, max: 100, default: 1 },
        { name: "big_number", type: "integer", max: 10_000_000_000 },
        { name: "weight", type: "decimal", min: 0.5 },
        { name: "price", type: "money", required: true, min: 0, max: 500 },
        { name: "in_stock", type: "boolean", default: true },
        { name: "released_on", type: "date", default: "now" },
        { name: "checked_at", type: "datetime", default: "2025-01-31T09:00:00Z" },
        { name: "status", type: "enum", options: ["draft", "in_progress", "done"], default: "draft", required: true },
        { name: "maker", type: "relation", required: true, relation: { target: "maker" } },
        { name: "certificate", type: "relation", relation: { target: "certificate", cardinality: "one_to_one" } },
        { name: "parts", type: "relation", relation: { target: "part", cardinality: "many_to_many" } },
      ],
    },
    { name: "maker", fields: [{ name: "company_name", type: "text", required: true, unique: true }] },
    { name: "certificate", fields: [{ name: "code", type: "text", required: true }] },
    { name: "part", fields: [{ name: "sku", type: "text", required: true, unique: true, max: 3 }] },
    // Unique columns with few possible values cap the number of rows.
    { name: "flag", fields: [{ name: "on", type: "boolean", unique: true, required: true }] },
    { name: "level", fields: [{ name: "rank", type: "integer", unique: true, required: true, min: 1, max: 3 }] },
  ],
});

export const reservedWords = assertManifest({
  name: "Reserved words",
  entities: [
    {
      name: "order",
      table: "order",
      fields: [
        { name: "select", type: "text", required: true },
        { name: "type", type: "enum", options: ["from", "where", "table"] },
        { name: "order", type: "integer" },
        { name: "group", type: "relation", relation: { target: "group" } },
        { name: "user", type: "relation", required: true, relation: { target: "user" } },
      ],
    },
    {
      name: "user",
      table: "user",
      ownership: "user",
      fields: [
        { name: "select", type: "text", unique: true },
        { name: "user", type: "relation", relation: { target: "user" } },
      ],
    },
    {
      name: "group",
      table: "group",
      fields: [
        { name: "type", type: "text" },
        { name: "order", type: "integer", unique: true },
      ],
    },
    {
      name: "type",
      table: "type",
      fields: [
        { name: "select", type: "boolean" },
        { name: "group", type: "relation", relation: { target: "group", cardinality: "many_to_many" } },
      ],
    },
    {
      name: "select",
      table: "select",
      ownership: "user",
      fields: [
        { name: "where", type: "date" },
        { name: "from", type: "text" },
      ],
    },
  ],
});

export const relationShapes = assertManifest({
  name: "Relation shapes",
  entities: [
    // Optional self-relation (a chain), optional one-to-one self-relation, many-to-many self-relation.
    {
      name: "employee",
      fields: [
        { name: "full_name", type: "text", required: true },
        { name: "manager", type: "relation", relation: { target: "employee" } },
        { name: "successor", type: "relation", relation: { target: "employee", cardinality: "one_to_one" } },
        { name: "mentors", type: "relation", relation: { target: "employee", cardinality: "many_to_many" } },
      ],
    },
    // Required self-relations: the first row points at itself.
    {
      name: "node",
      fields: [
        { name: "label", type: "text" },
        { name: "parent", type: "relation", required: true, relation: { target: "node", on_delete: "cascade" } },
        {
          name: "twin",
          type: "relation",
          required: true,
          relation: { target: "node", cardinality: "one_to_one", on_delete: "cascade" },
        },
      ],
    },
    // A two-table cycle of required links and a three-table one.
    {
      name: "chicken",
      fields: [
        { name: "name", type: "text" },
        { name: "egg", type: "relation", required: true, relation: { target: "egg" } },
      ],
    },
    {
      name: "egg",
      fields: [
        { name: "name", type: "text" },
        { name: "chicken", type: "relation", required: true, relation: { target: "chicken" } },
      ],
    },
    {
      name: "rock",
      fields: [
        { name: "name", type: "text" },
        { name: "paper", type: "relation", required: true, relation: { target: "paper" } },
      ],
    },
    {
      name: "paper",
      fields: [
        { name: "name", type: "text" },
        { name: "scissors", type: "relation", required: true, relation: { target: "scissors" } },
      ],
    },
    {
      name: "scissors",
      fields: [
        { name: "name", type: "text" },
        { name: "rock", type: "relation", relation: { target: "rock" } },
      ],
    },
    // A required one-to-one link into a table with only two rows limits this one to two rows.
    {
      name: "badge",
      fields: [
        { name: "flag", type: "relation", required: true, relation: { target: "flag", cardinality: "one_to_one" } },
      ],
    },
    { name: "flag", fields: [{ name: "on", type: "boolean", unique: true, required: true }] },
  ],
});

export const unicodeLabels = assertManifest({
  name: "Café Ünïcødé 顧客",
  roles: [
    { name: "admin", label: "Администратор" },
    { name: "member", label: "メンバー" },
  ],
  entities: [
    {
      name: "customer",
      label: "顧客",
      plural_label: "顧客一覧",
      description: "O'Brien's \"quoted\" customers — ünïcødé",
      ownership: "user",
      fields: [
        { name: "name", label: "Имя", type: "text", required: true },
        { name: "note", label: "Notiz über's Ding", type: "long_text", min: 120 },
        { name: "nickname", label: "Псевдоним", type: "text", unique: true, max: 4 },
        { name: "code_word", label: "Kōdo", type: "text", unique: true, max: 2 },
        { name: "motto", label: "座右の銘", type: "text", default: "It's fine" },
      ],
    },
  ],
});

/** 60 entities: per-user and shared, a required chain of links, many-to-many fields, every 7th entity searchable. */
export function largeManifest(size = 60): Manifest {
  const types = ["text", "integer", "money", "date", "boolean", "email", "decimal", "enum"] as const;
  const entities = Array.from({ length: size }, (_, i) => {
    const fields: Record<string, unknown>[] = [{ name: "title", type: "text", required: true }];
    types.slice(0, 2 + (i % 6)).forEach((type, k) => {
      if (type === "text") return;
      fields.push(
        type === "enum" ? { name: `field_${k}`, type, options: ["a", "b", "c"] } : { name: `field_${k}`, type },
      );
    });
    if (i > 0)
      fields.push({
        name: "previous",
        type: "relation",
        required: i % 2 === 0,
        relation: { target: `entity_${i - 1}` },
      });
    if (i % 5 === 4)
      fields.push({
        name: "links",
        type: "relation",
        relation: { target: `entity_${i - 3}`, cardinality: "many_to_many" },
      });
    return {
      name: `entity_${i}`,
      ownership: i % 3 === 0 ? "user" : "shared",
      fields,
      ...(i % 7 === 0 ? {} : { search_fields: [] }),
    };
  });
  return assertManifest({ name: "Large", roles: ["admin", "member"], entities });
}

export const rolesAndAccess = assertManifest({
  name: "Roles and access",
  roles: ["admin", "editor", "member"],
  auth: { default_role: "member" },
  entities: [
    {
      name: "note",
      ownership: "user",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "labels", type: "relation", relation: { target: "label", cardinality: "many_to_many" } },
      ],
    },
    { name: "label", fields: [{ name: "name", type: "text", required: true }] },
    {
      name: "article",
      access: { read: ["anon"], write: ["editor"] },
      fields: [{ name: "title", type: "text", required: true }],
    },
    {
      name: "report",
      access: { read: ["admin"], write: ["admin"] },
      fields: [{ name: "title", type: "text", required: true }],
    },
    {
      name: "diary",
      ownership: "user",
      access: { read: ["anon"], write: ["*"], manage: [] },
      fields: [{ name: "entry", type: "long_text", required: true }],
    },
    {
      name: "bookmark",
      ownership: "user",
      access: { read: ["*"], write: ["editor"] },
      fields: [{ name: "url", type: "url", required: true }],
    },
  ],
});

const five = (...tables: string[]) => Object.fromEntries(tables.map((t) => [t, 5]));

export const manifestCases: ManifestCase[] = [
  {
    name: "every field type and cardinality",
    manifest: everyFieldType,
    rows: { ...five("widgets", "makers", "certificates", "parts"), widgets_parts: 10, flags: 2, levels: 3 },
  },
  {
    name: "reserved words as table and column names",
    manifest: reservedWords,
    rows: { ...five("order", "user", "group", "type", "select"), type_group: 10 },
  },
  {
    name: "self-relations and cycles",
    manifest: relationShapes,
    rows: {
      ...five("employees", "nodes", "chickens", "eggs", "rocks", "papers", "scissors"),
      employees_mentors: 10,
      badges: 2,
      flags: 2,
    },
  },
  { name: "unicode labels and tight text bounds", manifest: unicodeLabels, rows: five("customers") },
  {
    name: "60 entities",
    manifest: largeManifest(60),
    rows: Object.fromEntries(largeManifest(60).entities.map((e) => [e.table, 5])),
  },
  {
    name: "roles and access",
    manifest: rolesAndAccess,
    rows: { ...five("notes", "labels", "articles", "reports", "diaries", "bookmarks"), notes_labels: 10 },
  },
];
