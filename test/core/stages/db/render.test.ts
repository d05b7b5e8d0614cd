// renderDatabase as a pure function: fixed paths, byte-identical output, linear speed, and a migration that only
// creates what a Supabase project lets a migration create.
import { describe, expect, it } from "vitest";
import { assertManifest, canonicalJson } from "../../../../app/core/manifest/index.ts";
import {
  AUTH_SHIM_PATH,
  DATABASE_STATE_PATH,
  MIGRATION_PATH,
  databaseChange,
  type MigrationHistory,
  SEED_PATH,
  columnName,
  joinTable,
  renderDatabase,
  seedRowId,
} from "../../../../app/core/stages/db/index.ts";
import { objectName } from "../../../../app/core/stages/db/names.ts";
import { largeManifest, manifestCases, relationShapes, rolesAndAccess } from "./manifests.ts";

describe("renderDatabase", () => {
  it("writes the first migration, the seed, the auth shim and the database state at fixed paths", () => {
    expect(renderDatabase(rolesAndAccess).map((f) => f.path)).toEqual([
      MIGRATION_PATH,
      SEED_PATH,
      AUTH_SHIM_PATH,
      DATABASE_STATE_PATH,
    ]);
    expect(MIGRATION_PATH).toBe("supabase/migrations/20250101000000_appgen_schema.sql");
    expect(AUTH_SHIM_PATH.startsWith("supabase/migrations/")).toBe(false);
    expect(renderDatabase(rolesAndAccess).at(-1)?.content).toBe(canonicalJson(rolesAndAccess));
  });

  describe("after the first migration is on the base", () => {
    const changed = assertManifest({
      ...rolesAndAccess,
      entities: [...rolesAndAccess.entities, { name: "memo", fields: [{ name: "text", type: "text" }] }],
    });
    const history = (extra: Partial<MigrationHistory> = {}): MigrationHistory => ({
      applied: [MIGRATION_PATH],
      schema: rolesAndAccess,
      pending: [],
      now: new Date("2026-12-03T16:09:53.123Z"),
      ...extra,
    });

    it("adds a migration named by the time and the change; never the first one again", () => {
      const change = databaseChange(changed, history());
      expect(change.files.map((f) => f.path)).toEqual([
        "supabase/migrations/20261203160953_create_memos.sql",
        SEED_PATH,
        AUTH_SHIM_PATH,
        DATABASE_STATE_PATH,
      ]);
      expect(change.migration).toEqual({
        path: "supabase/migrations/20261203160953_create_memos.sql",
        changes: ["create table memos"],
        warnings: [],
      });
    });

    it("keeps the pending migration's version when the change is planned again", () => {
      const change = databaseChange(
        changed,
        history({ pending: ["supabase/migrations/20261130080000_something_else.sql"] }),
      );
      expect(change.migration?.path).toBe("supabase/migrations/20261130080000_create_memos.sql");
    });

    it("takes a version after the base's latest, whatever the clock or the pending one say", () => {
      const applied = [MIGRATION_PATH, "supabase/migrations/20270101000000_later.sql"];
      expect(
        databaseChange(changed, history({ applied, pending: ["supabase/migrations/20261130080000_x.sql"] })).migration
          ?.path,
      ).toBe("supabase/migrations/20270101000001_create_memos.sql");
    });

    it("writes no migration when the schema does not change", () => {
      const relabelled = assertManifest({
        ...rolesAndAccess,
        name: "Another name",
        theme: { background: "#fff8dc", primary: "#8b4513" },
      });
      expect(databaseChange(relabelled, history()).files.map((f) => f.path)).toEqual([
        SEED_PATH,
        AUTH_SHIM_PATH,
        DATABASE_STATE_PATH,
      ]);
    });
  });

  it.each(manifestCases)("is deterministic for $name", ({ manifest }) => {
    const first = renderDatabase(manifest);
    const again = renderDatabase(structuredClone(manifest));
    expect(again).toEqual(first);
  });

  it("ignores the order of access lists, which carries no meaning", () => {
    const input = (write: string[]) => ({
      name: "Order",
      roles: ["admin", "editor", "member"],
      entities: [{ name: "post", access: { read: ["*"], write }, fields: [{ name: "title", type: "text" }] }],
    });
    expect(renderDatabase(assertManifest(input(["editor", "admin"])))).toEqual(
      renderDatabase(assertManifest(input(["admin", "editor"]))),
    );
  });

  it("renders 50 entities, every table in the migration (speed is measured by npm run bench)", () => {
    const manifest = largeManifest(50);
    const migration = renderDatabase(manifest)[0]?.content ?? "";
    for (const entity of manifest.entities) expect(migration).toContain(`create table public."${entity.table}"`);
  });

  it("creates nothing a Supabase project already owns", () => {
    for (const { manifest } of manifestCases) {
      const migration = renderDatabase(manifest)[0]?.content ?? "";
      expect(migration).not.toMatch(/create (or replace )?(schema|role)\b/i);
      expect(migration).not.toMatch(
        /create (or replace )?(table|function|view)\s+(if not exists\s+)?(auth|storage|extensions)\./i,
      );
      expect(migration).not.toMatch(/^\s*(begin|commit);/im);
    }
  });

  it("leaves the seed independent of the clock", () => {
    const seed = renderDatabase(relationShapes)[1]?.content ?? "";
    expect(seed).not.toMatch(/now\(\)|current_date|current_timestamp|random\(/i);
  });
});

describe("names", () => {
  it.each([
    [["orders", "customer_id", "fkey"], "orders_customer_id_fkey"],
    [["a".repeat(56), "b".repeat(48), "check"], null],
  ] as const)("objectName(%j) fits Postgres' 63-byte identifiers", (parts, expected) => {
    const name = objectName(...parts);
    expect(name.length).toBeLessThanOrEqual(63);
    if (expected) expect(name).toBe(expected);
    else expect(name).not.toBe(objectName(parts[0], `${parts[1].slice(0, -1)}c`, parts[2]));
  });

  it("names columns and join tables the way the migration does", () => {
    const employee = relationShapes.entities.find((e) => e.name === "employee");
    if (!employee) throw new Error("fixture changed");
    const byName = (name: string) => employee.fields.find((f) => f.name === name) ?? employee.fields[0]!;
    expect(columnName(byName("full_name"))).toBe("full_name");
    expect(columnName(byName("manager"))).toBe("manager_id");
    expect(columnName(byName("mentors"))).toBeUndefined();
    expect(joinTable(employee, byName("mentors"))).toEqual({
      table: "employees_mentors",
      sourceColumn: "employee_id",
      targetColumn: "mentor_id",
    });
  });

  it("keeps the two columns of a self-join apart when the field is named after its own entity", () => {
    const manifest = assertManifest({
      name: "People",
      entities: [
        {
          name: "person",
          fields: [
            { name: "name", type: "text" },
            { name: "persons", type: "relation", relation: { target: "person", cardinality: "many_to_many" } },
          ],
        },
      ],
    });
    const person = manifest.entities[0]!;
    expect(joinTable(person, person.fields[1]!)).toEqual({
      table: "people_persons",
      sourceColumn: "person_id",
      targetColumn: "related_person_id",
    });
  });

  it("derives stable, well-formed UUIDs for seeded rows", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = Array.from({ length: 5 }, (_, i) => seedRowId("note", i));
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(5);
    expect(seedRowId("note", 0)).toBe(ids[0]);
    expect(seedRowId("label", 0)).not.toBe(ids[0]);
  });
});
