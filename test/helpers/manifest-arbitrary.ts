// fast-check arbitraries for manifests that stress every later stage: reserved words as entity and field names,
// unicode labels, self- and cyclic relations, every field type and cardinality, many entities.
import fc from "fast-check";
import { assertManifest, SCALAR_FIELD_TYPES, type Manifest } from "../../app/core/manifest/index.ts";

export const RESERVED_NAMES = [
  "order",
  "user",
  "type",
  "select",
  "group",
  "table",
  "from",
  "where",
  "default",
  "delete",
  "new",
  "event",
  "date",
  "check",
  "limit",
  "offset",
  "key",
  "value",
  "session",
  "class",
  "function",
  "return",
  "case",
  "end",
  "primary",
  "references",
  "window",
  "role",
  "analyse",
  "constructor",
];
const PLAIN_NAMES = [
  "customer",
  "invoice",
  "project",
  "task",
  "note",
  "room",
  "booking",
  "product",
  "tag",
  "vehicle",
  "shift",
  "lesson",
];
const FIELD_NAMES = [
  "name",
  "title",
  "status",
  "amount",
  "price",
  "email",
  "website",
  "phone",
  "notes",
  "starts_at",
  "due",
  "count",
  "active",
  "kind",
  "level",
  "select",
  "order",
  "type",
  "from",
  "to",
  "default",
  "user",
  "group",
  "values",
  "limit",
];
const UNICODE_LABELS = ["Café ☕", "注文", "Заявка", "Élève", "Größe", "مشروع", "🚀 Launch", "Ñandú", "Δοκιμή"];
const FIELD_TYPES = SCALAR_FIELD_TYPES;

type RawField = Record<string, unknown>;

const scalarField = (name: string) =>
  fc
    .record({
      type: fc.constantFrom(...FIELD_TYPES),
      required: fc.boolean(),
      unique: fc.boolean(),
      label: fc.option(fc.constantFrom(...UNICODE_LABELS), { nil: undefined }),
    })
    .map(({ type, required, unique, label }): RawField => {
      const field: RawField = { name, type, required, unique: unique && type !== "boolean" };
      if (label) field.label = label;
      if (type === "enum") field.options = ["draft", "active", "in_progress", "done"];
      if (type === "integer") Object.assign(field, { min: 0, max: 10_000 });
      if (type === "text") Object.assign(field, { min: 1, max: 200 });
      return field;
    });

/** A valid manifest with `count` entities drawn from reserved and ordinary names. */
export function manifestArbitrary(
  options: { minEntities?: number; maxEntities?: number } = {},
): fc.Arbitrary<Manifest> {
  const min = options.minEntities ?? 1;
  const max = options.maxEntities ?? 8;
  return fc
    .uniqueArray(fc.constantFrom(...RESERVED_NAMES, ...PLAIN_NAMES), {
      minLength: min,
      maxLength: Math.min(max, RESERVED_NAMES.length + PLAIN_NAMES.length),
    })
    .chain((entityNames) =>
      fc.record({
        entities: fc.tuple(
          ...entityNames.map((entityName) =>
            fc
              .record({
                fieldNames: fc.uniqueArray(fc.constantFrom(...FIELD_NAMES), { minLength: 1, maxLength: 6 }),
                relations: fc.array(
                  fc.record({
                    target: fc.constantFrom(...entityNames),
                    cardinality: fc.constantFrom("many_to_one", "one_to_one", "many_to_many"),
                    required: fc.boolean(),
                  }),
                  { maxLength: 3 },
                ),
                ownership: fc.constantFrom("user", "shared"),
                label: fc.option(fc.constantFrom(...UNICODE_LABELS), { nil: undefined }),
                readAnon: fc.boolean(),
                adminOnlyWrite: fc.boolean(),
                actions: fc.constantFrom("none", "row", "pick"),
              })
              .chain(({ fieldNames, relations, ownership, label, readAnon, adminOnlyWrite, actions }) =>
                fc.tuple(...fieldNames.map(scalarField)).map((fields) => {
                  const relationFields: RawField[] = relations.map((r, i) => ({
                    name: `${r.target}_link${i}`,
                    type: "relation",
                    required: r.required && r.cardinality !== "many_to_many" && r.target !== entityName,
                    relation: { target: r.target, cardinality: r.cardinality },
                  }));
                  // display_field is derived from the first text-like field; make sure there is one.
                  const all = [{ name: "label_text", type: "text", required: true }, ...fields, ...relationFields];
                  const entity: Record<string, unknown> = {
                    name: entityName,
                    ownership,
                    fields: all,
                    access: { read: readAnon ? ["*", "anon"] : ["*"], write: adminOnlyWrite ? ["admin"] : ["*"] },
                  };
                  if (label) entity.label = label;
                  if (actions !== "none") addActions(entity, actions, all);
                  return entity;
                }),
              ),
          ),
        ),
      }),
    )
    .map(({ entities }) =>
      assertManifest({
        name: "Property test app",
        roles: [{ name: "admin" }, { name: "member" }],
        entities,
      }),
    );
}

/**
 * Server-set values and an action: a read-only state moved by it, the account that ran it, a counter it adds to (or,
 * for a pick, a weight and a stock), and a link back from a related row created by it when one exists.
 */
function addActions(entity: Record<string, unknown>, kind: "row" | "pick", fields: RawField[]): void {
  const taken = new Set(fields.map((f) => f.name));
  const name = (base: string) => (taken.has(base) ? `${base}_x` : base);
  const state = name("stage");
  const by = name("touched_by");
  const count = name("touches");
  fields.push(
    { name: state, type: "enum", options: ["draft", "done"], default: "draft", read_only: true },
    { name: by, type: "user" },
    { name: count, type: "integer", default: 0, read_only: true },
  );
  const set = [
    { field: state, to: "done" },
    { field: by, to: "current_user" },
    { field: count, add: 1 },
  ];
  if (kind === "pick") {
    entity.actions = [
      { name: "draw", label: "Draw", pick: { weight: count, stock: count }, set: [{ field: state, to: "done" }] },
    ];
  } else {
    entity.actions = [{ name: "advance", confirm: "Sure?", when: [{ field: state, equals: "draft" }], set }];
  }
}

/** A deterministic manifest with `count` entities in a chain of relations, for scale tests and benchmarks. */
export function wideManifest(count: number): Manifest {
  const entities = Array.from({ length: count }, (_, i) => {
    const fields: RawField[] = [
      { name: "name", type: "text", required: true },
      { name: "status", type: "enum", options: ["open", "closed"], default: "open" },
      { name: "amount", type: "money" },
      { name: "due", type: "date" },
      { name: "notes", type: "long_text" },
    ];
    if (i > 0) fields.push({ name: "parent", type: "relation", relation: { target: `entity_${i - 1}` } });
    if (i > 1)
      fields.push({
        name: "links",
        type: "relation",
        relation: { target: `entity_${i - 2}`, cardinality: "many_to_many" },
      });
    return { name: `entity_${i}`, ownership: i % 2 ? "user" : "shared", fields };
  });
  return assertManifest({ name: `Wide ${count}`, roles: [{ name: "admin" }, { name: "member" }], entities });
}
