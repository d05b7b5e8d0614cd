import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { renderDatabase } from "../../../../app/core/stages/db/index.ts";
import { generatedPaths, renderProject } from "../../../../app/core/stages/files/index.ts";
import { literal } from "../../../../app/core/stages/files/code.ts";
import { zodField } from "../../../../app/core/stages/files/entity-module.ts";
import { readableOn } from "../../../../app/core/stages/files/project.ts";

const manifestsDir = join(import.meta.dirname, "../../../e2e/manifests");
const load = (name: string): Manifest => parseManifest(readFileSync(join(manifestsDir, name), "utf8"));
const crm = load("crm.json");
const expenses = load("expenses.json");
const reserved = load("reserved-words.json");

const contentOf = (manifest: Manifest, path: string) => renderProject(manifest).find((f) => f.path === path)?.content;

describe("renderProject", () => {
  it("is deterministic: the same manifest gives the same files byte for byte, in sorted path order", () => {
    const first = renderProject(crm);
    const second = renderProject(structuredClone(crm));
    expect(second).toEqual(first);
    const paths = first.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("gives every entity stable paths for pages, API routes, its definition and its e2e spec", () => {
    const paths = generatedPaths(crm);
    for (const entity of ["leads", "companies", "deals"]) {
      expect(paths).toEqual(
        expect.arrayContaining([
          `app/(app)/${entity}/page.tsx`,
          `app/(app)/${entity}/new/page.tsx`,
          `app/(app)/${entity}/[id]/page.tsx`,
          `app/(app)/${entity}/[id]/edit/page.tsx`,
          `app/api/${entity}/route.ts`,
          `app/api/${entity}/[id]/route.ts`,
          `e2e/${entity}.spec.ts`,
        ]),
      );
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        "lib/entities/lead.ts",
        "lib/entities/index.ts",
        "package.json",
        "pnpm-lock.yaml",
        ".gitignore",
        "README.md",
      ]),
    );
    expect(paths).not.toContain("_gitignore");
  });

  it("changes only the files of an entity when one of its fields changes", () => {
    const before = new Map(renderProject(crm).map((f) => [f.path, f.content]));
    const changed = structuredClone(crm);
    const lead = changed.entities.find((e) => e.name === "lead");
    lead?.fields.push({ name: "priority", label: "Priority", type: "integer", required: false, unique: false });
    const after = renderProject(changed);
    const differing = after.filter((f) => before.get(f.path) !== f.content).map((f) => f.path);
    expect(differing.sort()).toEqual(["e2e/leads.spec.ts", "lib/entities/lead.ts"]);
    expect(after.map((f) => f.path)).toEqual([...before.keys()]);
  });

  it("keeps one lockfile for every app: only package.json's name depends on the manifest", () => {
    const lock = (m: Manifest) => contentOf(m, "pnpm-lock.yaml");
    expect(lock(crm)).toBeDefined();
    expect(lock(crm)).toBe(lock(expenses));
    const pkg = (m: Manifest) =>
      JSON.parse(contentOf(m, "package.json") ?? "{}") as { name: string; dependencies: unknown };
    expect(pkg(crm).name).toBe(crm.slug);
    expect(pkg(crm).dependencies).toEqual(pkg(reserved).dependencies);
  });

  it("passes earlier stages' artifacts through and refuses none of its own paths twice", () => {
    const files = renderProject(reserved, renderDatabase(reserved));
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["supabase/migrations/20250101000000_appgen_schema.sql", "supabase/local/auth-shim.sql"]),
    );
  });

  it("addresses reserved-word tables and many-to-many join tables by the db stage's names", () => {
    const order = contentOf(reserved, "lib/entities/order.ts") ?? "";
    expect(order).toContain(`table: "orders"`);
    expect(order).toMatch(/joinTable: "orders_users",\s+sourceColumn: "order_id",\s+targetColumn: "user_id"/);
    expect(order).toContain(`"user_ids": z.array(z.guid()).optional(),`);
    expect(order).toContain(`"type_id": z.guid(),`);
  });

  it("writes an isolation test only when there are per-user entities", () => {
    expect(generatedPaths(expenses)).toContain("e2e/per-user-isolation.spec.ts");
    expect(generatedPaths(crm)).not.toContain("e2e/per-user-isolation.spec.ts");
  });

  it("writes the private-relations test for references to per-user rows and per-user unique fields only", () => {
    expect(generatedPaths(crm)).not.toContain("e2e/private-relations.spec.ts");
    const spec = contentOf(load("private-links.json"), "e2e/private-relations.spec.ts") ?? "";
    const titles = [...spec.matchAll(/^ {2}test\("([^"]+)"/gm)].map((m) => m[1]);
    expect(titles).toEqual([
      "editing a shared project keeps a lead the editor cannot see",
      "editing a shared project changes only the contacts links the editor can see",
      "a lead of a project may not point at another user's contact",
      "a contacts of a project may not point at another user's contact",
      "a contact of a task may not point at another user's contact",
      "the lead picker searches when there are more contacts than one page",
      "contacts' email is unique per user, not across users",
    ]);
  });

  it("applies the manifest's colours through CSS variables with readable foregrounds", () => {
    const css = contentOf(expenses, "app/theme.css") ?? "";
    expect(css).toContain("--background: #0f172a;");
    expect(css).toContain("--primary: #22c55e;");
    expect(css).toContain("--foreground: #fafafa;");
    expect(css).toContain("--primary-foreground: #0a0a0a;");
  });
});

describe("zodField", () => {
  const field = (extra: Partial<Manifest["entities"][number]["fields"][number]>) => ({
    name: "x",
    label: "X",
    type: "text" as const,
    required: false,
    unique: false,
    ...extra,
  });
  it.each([
    [field({ type: "text", required: true, min: 2, max: 10 }), "z.string().min(2).max(10)"],
    [field({ type: "integer", min: 0 }), "z.number().int().min(0).nullable().optional()"],
    [field({ type: "money", required: true }), "z.number().multipleOf(0.01)"],
    [field({ type: "enum", options: ["a", "b"], required: true, default: "a" }), 'z.enum(["a", "b"]).optional()'],
    [field({ type: "date" }), "z.iso.date().nullable().optional()"],
    [field({ type: "boolean", required: true }), "z.boolean()"],
    [
      field({
        type: "relation",
        required: true,
        relation: { target: "t", cardinality: "many_to_many", on_delete: "cascade" },
      }),
      "z.array(z.guid()).min(1)",
    ],
  ])("%o -> %s", (input, expected) => {
    expect(zodField(input)).toBe(expected);
  });
});

describe("code builder", () => {
  it("prints strings escaped and keys quoted only when they are not identifiers", () => {
    expect(literal({ a: 'say "hi"\n', "needs-quote": 1, skipped: undefined })).toBe(
      `{ a: "say \\"hi\\"\\n", "needs-quote": 1 }`,
    );
  });
  it("picks the readable text colour", () => {
    expect(readableOn("#ffffff")).toBe("#0a0a0a");
    expect(readableOn("#0f172a")).toBe("#fafafa");
  });
});

describe("the generated README's Deploy section", () => {
  const readme = contentOf(crm, "README.md")!;
  const deploy = readme.slice(
    readme.indexOf("## Deploy\n"),
    readme.indexOf("\n## ", readme.indexOf("## Deploy\n") + 1),
  );

  it("names the secrets deploy needs and how each database option is migrated", () => {
    for (const secret of [
      "VERCEL_TOKEN",
      "VERCEL_ORG_ID",
      "VERCEL_PROJECT_ID",
      "SUPABASE_ACCESS_TOKEN",
      "SUPABASE_PROJECT_REF",
      "SUPABASE_DB_PASSWORD",
      "DATABASE_URL",
    ]) {
      expect(deploy).toContain(`\`${secret}\``);
    }
    expect(deploy).toContain("`supabase db push`");
    expect(deploy).toContain("`pnpm db:migrate`");
    expect(deploy).toContain("`pnpm db:compare`");
    expect(deploy).toContain("Deploy never applies\n`supabase/seed.sql`");
  });

  it("lists only scripts the app has", () => {
    const scripts = Object.keys(
      (JSON.parse(contentOf(crm, "package.json")!) as { scripts: Record<string, string> }).scripts,
    );
    for (const [, script] of deploy.matchAll(/`pnpm (db:[a-z]+)`/g)) expect(scripts).toContain(script);
  });
});
