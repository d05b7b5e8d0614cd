// Free text from an issue never becomes code. Two enforcements are tested: the schema refuses control characters in
// every human-readable property, and every renderer escapes for its own language even when handed a manifest that
// skipped validation. The SQL is applied to a real PostgreSQL with canaries (a shell command through COPY … TO
// PROGRAM, an extra policy, an extra view); generated TypeScript is parsed; workflows and Markdown are rendered.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type postgres from "postgres";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MULTI_LINE_PATTERN,
  SINGLE_LINE_PATTERN,
  markdownText,
  sqlComment,
  sqlString,
  tsString,
} from "../../app/core/escape.ts";
import manifestSchema from "../../schemas/manifest.schema.json" with { type: "json" };
import { assertManifest, validateManifest, type Manifest } from "../../app/core/manifest/index.ts";
import { GENERATION_STAGES, renderStage } from "../../app/core/pipeline/stages.ts";
import { AUTH_SHIM_PATH, MIGRATION_PATH, SEED_PATH } from "../../app/core/stages/db/index.ts";
import type { GeneratedFile } from "../../app/core/stages/types.ts";
import { type PostgresCluster, startPostgres } from "../helpers/postgres.ts";
import { renderInline, renderMarkdown, visibleText } from "../helpers/markdown.ts";

const canaryDir = mkdtempSync(join(tmpdir(), "appgen-canary-"));
const canary = join(canaryDir, "injected");

/** Control characters some reader takes as a line end (Postgres: CR and LF; others: the rest). */
const LINE_BREAKS = {
  CR: "\r",
  LF: "\n",
  CRLF: "\r\n",
  LS: "\u2028",
  PS: "\u2029",
  NEL: "\u0085",
  VT: "\u000b",
  FF: "\u000c",
  NUL: "\u0000",
  ESC: "\u001b",
};

/** Each payload tries to end the context it lands in and run something. */
const payloads = (breakChar: string): string[] => [
  `Task${breakChar}copy (select 1) to program 'touch ${canary}';--`,
  `Task${breakChar}create policy "leak" on public."tasks" for select to anon using (true);--`,
  `Task${breakChar}create view public.leak as select * from auth.users;--`,
];

/** Strings the schema allows that mean something in one of the output languages. */
const PRINTABLE_HOSTILE = [
  `*/ copy (select 1) to program 'touch ${canary}'; /*`,
  `O'Brien'); copy (select 1) to program 'touch ${canary}';--`,
  `$$; copy (select 1) to program 'touch ${canary}'; $$`,
  `back\\slash \\' copy (select 1) to program 'touch ${canary}';--`,
  "${{ secrets.GITHUB_TOKEN }} `whoami` $(id)",
  `</script><script>alert(1)</script>`,
  `[click](javascript:alert(1)) ![x](https://evil.example/x.png) <img src=x onerror=alert(1)>`,
  `**bold** _it_ # heading | cell | @everyone`,
  `" + require("child_process").execSync("touch ${canary}") + "`,
];

const base = {
  name: "Tasks",
  description: "Track tasks",
  roles: [
    { name: "member", label: "Member", description: "Anyone" },
    { name: "admin", label: "Admin" },
  ],
  entities: [
    {
      name: "task",
      description: "A thing to do",
      ownership: "user",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "note", type: "text", default: "none" },
        { name: "status", type: "enum", options: ["todo", "done"], default: "todo", option_labels: { done: "Done" } },
        { name: "tags", type: "relation", relation: { target: "tag", cardinality: "many_to_many" } },
        { name: "doer", type: "user" },
      ],
      // An action's texts and constants reach SQL (a function body), TypeScript and the API document.
      actions: [
        {
          name: "finish",
          label: "Finish",
          confirm: "Finish it?",
          refusal: "Not now",
          when: [{ field: "note", not_equals: "stuck" }],
          set: [{ field: "note", to: "finished" }],
        },
      ],
    },
    { name: "tag", fields: [{ name: "name", type: "text", required: true }] },
  ],
  // Statistic and leaderboard labels reach TypeScript, the API document and ui.json; option labels a SQL values list.
  statistics: [{ name: "by_status", label: "By status", entity: "task", group_by: "status" }],
  leaderboards: [{ name: "most_done", label: "Most done", entity: "task" }],
};
const benign = assertManifest(base);

type SchemaNode = {
  $ref?: string;
  type?: string | string[];
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
};
const schemaDefs = (manifestSchema as SchemaNode).$defs ?? {};
const resolve = (node: SchemaNode): SchemaNode =>
  node.$ref ? { ...resolve(schemaDefs[node.$ref.replace("#/$defs/", "")] ?? {}), ...node, $ref: undefined } : node;
const FREE_TEXT_PATTERNS = new Set([SINGLE_LINE_PATTERN, MULTI_LINE_PATTERN]);

/**
 * JSON pointers of every human-readable string in a manifest, found through the schema (whatever has the free-text
 * pattern), so a property added to the schema later is tested without anyone remembering to list it.
 */
function freeTextPaths(m: Manifest): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, node: SchemaNode, path: string): void => {
    const schema = resolve(node);
    if (typeof value === "string") {
      if (schema.pattern !== undefined && FREE_TEXT_PATTERNS.has(schema.pattern) && path !== "/prompt")
        paths.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, schema.items ?? {}, `${path}/${i}`));
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) walk(child, schema.properties?.[key] ?? {}, `${path}/${key}`);
    }
  };
  walk(m, manifestSchema as SchemaNode, "");
  return paths;
}

function getAt(target: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], target);
}

function setAt(target: unknown, pointer: string, value: string): void {
  const keys = pointer.split("/").slice(1);
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
}

/** The benign manifest with `text` (plus a distinct suffix) in every free-text property, no validation. */
function withTextEverywhere(text: string): { manifest: Manifest; texts: string[] } {
  const manifest = structuredClone(benign);
  const texts = freeTextPaths(benign).map((path, i) => {
    const value = `${text} #${i}`;
    setAt(manifest, path, value);
    return value;
  });
  return { manifest, texts };
}

/** Element names with their attributes, in order: the structure a reader sees. */
function elementsOf(html: string): string[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)([^>]*)>/gi)].map((m) => `${m[1]}${m[2]}`);
}

function renderAll(manifest: Manifest): GeneratedFile[] {
  return GENERATION_STAGES.flatMap((stage) => renderStage(stage, manifest));
}

const file = (files: GeneratedFile[], path: string): string => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path}`);
  return found.content;
};

describe("the schema refuses control characters in every human-readable property", () => {
  const paths = freeTextPaths(benign);

  it("gives every string of the manifest a shape: an identifier or colour pattern, a closed set, or the free-text rule", () => {
    const unshaped: string[] = [];
    const visit = (node: SchemaNode, where: string): void => {
      const schema = resolve(node);
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (
        types.includes("string") &&
        schema.pattern === undefined &&
        schema.enum === undefined &&
        schema.const === undefined
      )
        unshaped.push(where);
      for (const [key, child] of Object.entries(schema.properties ?? {})) visit(child, `${where}/${key}`);
      if (schema.items) visit(schema.items, `${where}/items`);
    };
    visit(manifestSchema as SchemaNode, "");
    // Access lists hold role names or the two special values; they are checked against the roles semantically.
    expect(unshaped).toEqual([
      "/entities/items/access/read/items",
      "/entities/items/access/write/items",
      "/entities/items/access/manage/items",
    ]);
    // Every free-text property of the test manifest is found through the schema.
    expect(paths).toEqual(
      expect.arrayContaining([
        "/name",
        "/description",
        "/roles/0/label",
        "/roles/0/description",
        "/entities/0/label",
        "/entities/0/plural_label",
        "/entities/0/description",
        "/entities/0/fields/0/label",
        "/entities/0/fields/1/default",
        "/pages/0/title",
      ]),
    );
  });
  it.each(Object.entries(LINE_BREAKS))("%s", (_, breakChar) => {
    for (const path of paths) {
      const raw = structuredClone(benign);
      setAt(raw, path, `Task${breakChar}drop table tasks;--`);
      const result = validateManifest(raw);
      expect(result.ok, path).toBe(false);
      if (!result.ok) {
        const problem = result.problems.find((p) => p.path === path);
        expect(problem, `${path}: ${JSON.stringify(result.problems)}`).toMatchObject({
          message: expect.stringContaining("control character"),
          fix: expect.any(String),
        });
      }
    }
  });

  it("keeps line feeds and tabs in the prompt, normalising CR and the Unicode separators", () => {
    const result = validateManifest({ ...base, prompt: "line one\r\nline two\rthree\u2028four\u0085five\tsix\u0007" });
    expect(result.ok && result.manifest.prompt).toBe("line one\nline two\nthree\nfour\nfive\tsix");
  });

  it.each(PRINTABLE_HOSTILE)("allows printable text that only means something to a language: %s", (text) => {
    const raw = structuredClone(benign);
    // An enum's default must still be one of its options; every other free-text property takes any printable text.
    for (const path of paths.filter(
      (p) =>
        !/^\/entities\/\d+\/fields\/\d+\/default$/.test(p) || getAt(benign, p.replace(/default$/, "type")) !== "enum",
    ))
      setAt(raw, path, text.slice(0, 80));
    expect(validateManifest(raw).ok).toBe(true);
  });
});

describe("every renderer escapes free text, even in a manifest that skipped validation", () => {
  let cluster: PostgresCluster;
  let database = 0;
  const catalogQuery = `
    select 'policy ' || schemaname || '.' || tablename || ' ' || policyname as object from pg_policies
    union all select 'view ' || schemaname || '.' || viewname from pg_views where schemaname not in ('pg_catalog', 'information_schema')
    union all select 'function ' || n.nspname || '.' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in ('pg_catalog', 'information_schema')
    union all select 'table ' || schemaname || '.' || tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')
    union all select 'trigger ' || tgrelid::regclass::text || ' ' || tgname from pg_trigger where not tgisinternal
    order by 1`;

  /** Applies shim, migration and seed in a new database, as `pnpm db:setup` does; returns the catalogue. */
  async function apply(
    files: GeneratedFile[],
    settings: Record<string, string> = {},
  ): Promise<{ sql: postgres.Sql; objects: string[] }> {
    const name = `hostile_${++database}`;
    await cluster.createDatabase(name);
    const admin = cluster.connect({ database: name });
    for (const [key, value] of Object.entries(settings))
      await admin.unsafe(`alter database ${name} set ${key} = ${value}`);
    await admin.end();
    const sql = cluster.connect({ database: name });
    for (const path of [AUTH_SHIM_PATH, MIGRATION_PATH, SEED_PATH])
      await sql.begin((tx) => tx.unsafe(file(files, path)));
    const objects = (await sql.unsafe(catalogQuery)).map((row) => row.object as string);
    return { sql, objects };
  }

  let expectedObjects: string[];
  beforeAll(async () => {
    cluster = await startPostgres();
    const { sql, objects } = await apply(renderAll(benign));
    expectedObjects = objects;
    await sql.end();
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    rmSync(canaryDir, { recursive: true, force: true });
  });

  const cases = [
    ...Object.entries(LINE_BREAKS)
      .filter(([name]) => name !== "NUL")
      .flatMap(([name, breakChar]) =>
        payloads(breakChar).map((text): [string, string] => [
          `${name} ${text.split(breakChar)[1]!.slice(0, 18)}`,
          text,
        ]),
      ),
    ...PRINTABLE_HOSTILE.map((text): [string, string] => [text.slice(0, 30), text]),
  ];

  it.each(cases)(
    "SQL: %s runs nothing and round-trips as data",
    async (_, text) => {
      const { manifest, texts } = withTextEverywhere(text);
      const files = renderAll(manifest);
      for (const settings of [{}, { standard_conforming_strings: "off" }] as Record<string, string>[]) {
        const { sql, objects } = await apply(files, settings);
        try {
          expect(existsSync(canary), "a shell command ran").toBe(false);
          expect(objects).toEqual(expectedObjects);
          const comments = (
            await sql`select obj_description(${"public.tasks"}::regclass, 'pg_class') as t, col_description(${"public.tasks"}::regclass, 3) as c`
          )[0];
          expect(texts).toContain(comments?.t.split(": ")[0]);
          expect(texts).toContain(comments?.c);
        } finally {
          await sql.end();
        }
      }
    },
    60_000,
  );

  it.each(cases)("TypeScript, workflows and Markdown: %s", (_, text) => {
    const { manifest, texts } = withTextEverywhere(text);
    const files = renderAll(manifest);
    const literals = new Set<string>();
    for (const f of files.filter((f) => /\.(ts|tsx|mjs)$/.test(f.path))) {
      const out = ts.transpileModule(f.content, {
        fileName: f.path,
        reportDiagnostics: true,
        compilerOptions: { jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ES2022 },
      });
      expect(
        out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
        f.path,
      ).toEqual([]);
      const source = ts.createSourceFile(
        f.path,
        f.content,
        ts.ScriptTarget.ES2022,
        true,
        f.path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      );
      const visit = (node: ts.Node): void => {
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // The entity's labels reach the app as exactly the text given, as string data.
    const entity = manifest.entities[0]!;
    for (const label of [entity.label, entity.plural_label, entity.fields[0]!.label, manifest.name])
      expect(literals, label).toContain(label);
    expect(texts).toContain(entity.label);

    for (const f of files.filter((f) => /\.ya?ml$/.test(f.path)))
      expect(() => parseYaml(f.content), f.path).not.toThrow();
    for (const f of files.filter((f) => f.path.endsWith(".json")))
      expect(() => JSON.parse(f.content), f.path).not.toThrow();

    // The same elements as the README of the benign app: the text added no link, image, emphasis or HTML.
    const readme = renderMarkdown(file(files, "README.md"));
    expect(elementsOf(readme)).toEqual(elementsOf(renderMarkdown(file(renderAll(benign), "README.md"))));
    const heading = /<h1>(.*)<\/h1>/.exec(readme)?.[1] ?? "";
    expect(visibleText(heading)).toBe(manifest.name.replace(/[\p{Cc}\u2028\u2029]/gu, " ").replace(/@/g, "@\u200b"));
  });
});

describe("one escaping function per language", () => {
  const samples = [
    ...Object.values(LINE_BREAKS)
      .filter((c) => c !== "\0")
      .map((c) => `a${c}b`),
    ...PRINTABLE_HOSTILE,
    "plain",
    "",
    "ünïcødé 注文 🚀",
  ];

  it.each(samples)("sqlString and sqlComment keep %j data", async (text) => {
    expect(sqlComment(text)).not.toMatch(/[\r\n]/);
    expect(sqlComment(text).startsWith("-- ")).toBe(true);
    expect(sqlString(text).match(/^E?'/)).not.toBeNull();
  });

  it("refuses NUL, which no SQL literal can hold", () => {
    expect(() => sqlString("a\0b")).toThrow(/NUL/);
  });

  it.each(samples)("tsString prints %j as one literal of exactly that text", (text) => {
    const literal = tsString(text);
    expect(literal).not.toMatch(/[\u2028\u2029\u0085<\n\r]/);
    const source = ts.createSourceFile("x.ts", `export const x = ${literal};`, ts.ScriptTarget.ES2022);
    const statement = source.statements[0] as ts.VariableStatement;
    const init = statement.declarationList.declarations[0]!.initializer as ts.StringLiteral;
    expect(ts.isStringLiteral(init)).toBe(true);
    expect(init.text).toBe(text);
  });

  it.each(samples)("markdownText renders %j as that text on one line, never as markup", (text) => {
    const html = renderInline(markdownText(text));
    expect(html).not.toMatch(/<(?!br)[a-z]/i);
    expect(visibleText(html)).toBe(text.replace(/[\p{Cc}\u2028\u2029]/gu, " ").replace(/@/g, "@\u200b"));
  });
});
