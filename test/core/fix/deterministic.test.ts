// The deterministic fixers on a real generated app broken on purpose, with the real output of tsc 6 and eslint 9
// for those breaks (fixtures/, see capture.ts), then each fixer's edge cases on small sources: where it must repair
// and where it must decline because the repair could change the program.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { parseEslintJson, parseTypeScriptOutput } from "../../../app/core/diagnostics/index.ts";
import { runDeterministicFixers, unfixableProblems } from "../../../app/core/fix/deterministic.ts";
import { knownImports } from "../../../app/core/fix/fixers/missing-import.ts";
import type { Diagnostic } from "../../../app/core/schema-types/diagnostics.ts";
import { parsePnpmOutput } from "../../../app/core/diagnostics/index.ts";
import {
  BREAKS,
  breakApp,
  BUTTON_IMPORT,
  CAPTURE_DIR,
  FIXTURES,
  HOOK_IMPORT,
  LET_FUNCTION,
  QUOTED_PARAGRAPH,
  renderExpensesApp,
  UNUSED_IMPORT,
} from "./broken-app.ts";

const original = renderExpensesApp();
const broken = breakApp(original);
const realProblems: Diagnostic[] = [
  ...parseEslintJson(readFileSync(join(FIXTURES, "eslint.json"), "utf8"), { appDir: CAPTURE_DIR }),
  ...parseTypeScriptOutput(readFileSync(join(FIXTURES, "tsc.txt"), "utf8"), { appDir: CAPTURE_DIR }),
];

function insertAfter(content: string, anchor: string, text: string): string {
  const at = content.indexOf(anchor);
  expect(at, `anchor ${anchor}`).toBeGreaterThanOrEqual(0);
  return content.slice(0, at + anchor.length) + text + content.slice(at + anchor.length);
}

describe("deterministic fixers on a real generated app", () => {
  const result = runDeterministicFixers(realProblems, broken);
  const changed = new Map(result.changes.map((c) => [c.path, c.content]));

  it("the captured output names every break", () => {
    const files = new Set(realProblems.map((d) => d.file));
    for (const b of BREAKS) expect(files, b.name).toContain(b.file);
  });

  it("imports the missing shadcn component and removes the unused import in one edit of the file", () => {
    const expected = insertAfter(
      original.get("components/entity-list.tsx")!.replace(BUTTON_IMPORT, ""),
      'import { parseListQuery } from "@/lib/validation";\n',
      BUTTON_IMPORT,
    );
    expect(changed.get("components/entity-list.tsx")).toBe(expected);
    expect(expected).not.toContain(UNUSED_IMPORT);
  });

  it("imports the missing React hook after the file's imports, below the 'use client' directive", () => {
    const brokenForm = broken.get("app/sign-in/sign-in-form.tsx")!;
    expect(changed.get("app/sign-in/sign-in-form.tsx")).toBe(
      insertAfter(brokenForm, 'import { signIn, type SignInState } from "./actions";\n', HOOK_IMPORT),
    );
    expect(changed.get("app/sign-in/sign-in-form.tsx")?.startsWith('"use client";')).toBe(true);
  });

  it("turns the never-reassigned let into const", () => {
    expect(changed.get("lib/utils.ts")).toBe(
      original.get("lib/utils.ts") + LET_FUNCTION.replace("let result", "const result"),
    );
  });

  it("escapes the quotes in JSX text", () => {
    const fixedParagraph = `          <p className="text-sm">Don&apos;t have an account? Ask the &quot;admin&quot;.</p>\n`;
    expect(changed.get("app/sign-in/page.tsx")).toBe(
      broken.get("app/sign-in/page.tsx")!.replace(QUOTED_PARAGRAPH, fixedParagraph),
    );
  });

  it("repairs exactly the diagnostics of the deterministic breaks and leaves the rest (and their files) alone", () => {
    const deterministicFiles = new Set(BREAKS.filter((b) => b.deterministic).map((b) => b.file));
    expect(new Set(changed.keys())).toEqual(deterministicFiles);
    const left = realProblems.filter((d) => !result.fixed.includes(d));
    expect(left.map((d) => [d.file, d.code])).toEqual([
      ["app/(app)/categories/page.tsx", "TS2322"],
      ["lib/app-config.ts", "TS2322"],
    ]);
    expect(result.notes).toEqual([
      "app/sign-in/page.tsx:23: wrote ' as &apos; in JSX text",
      'app/sign-in/page.tsx:23: wrote " as &quot; in JSX text',
      'app/sign-in/page.tsx:23: wrote " as &quot; in JSX text',
      "app/sign-in/sign-in-form.tsx: imported useActionState from react",
      "components/entity-list.tsx: imported Button from @/components/ui/button",
      "components/entity-list.tsx: removed unused imports Badge, badgeVariants from @/components/ui/badge",
      "lib/utils.ts: declared result with const (never reassigned)",
    ]);
  });

  it("finds no more work in the files it repaired (a second run changes nothing)", () => {
    const fixedFiles = new Map([...broken, ...changed] as [string, string][]);
    const again = runDeterministicFixers(realProblems, fixedFiles);
    // The old positions now point at other text; every fixer re-reads the code and declines.
    expect(again.changes).toEqual([]);
  });

  it("knows every component the app vendors under components/ui, with its module", () => {
    const known = knownImports({ files: original });
    expect(known.get("Button")).toEqual({ module: "@/components/ui/button", kind: "named", typeOnly: false });
    expect(known.get("CardTitle")).toEqual({ module: "@/components/ui/card", kind: "named", typeOnly: false });
    expect(known.get("TableRow")).toEqual({ module: "@/components/ui/table", kind: "named", typeOnly: false });
    expect(known.get("useState")).toEqual({ module: "react", kind: "named", typeOnly: false });
    expect(known.get("Metadata")).toEqual({ module: "next", kind: "named", typeOnly: true });
  });
});

const lint = (
  file: string,
  line: number,
  column: number,
  code: string,
  message: string,
  severity: Diagnostic["severity"] = "error",
): Diagnostic => ({ step: "lint", file, line, column, code, severity, message });
const tsc = (file: string, line: number, column: number, code: string, message: string): Diagnostic => ({
  step: "typecheck",
  file,
  line,
  column,
  code,
  severity: "error",
  message,
});

/** Line and column (1-based) of the n-th occurrence of `needle`. */
function at(content: string, needle: string, occurrence = 1): [number, number] {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = content.indexOf(needle, index + 1);
  if (index === -1) throw new Error(`no ${needle}`);
  const before = content.slice(0, index).split("\n");
  return [before.length, (before.at(-1)?.length ?? 0) + 1];
}

const BUTTON_SOURCE = 'import * as React from "react"\n\nfunction Button() {\n  return null\n}\n\nexport { Button }\n';

interface Case {
  name: string;
  source: string;
  file?: string;
  diagnostics: (source: string, file: string) => Diagnostic[];
  /** The fixed file, or undefined when the fixers must decline. */
  expected: string | undefined;
}

const CASES: Case[] = [
  {
    name: "unused import: the last of several names, keeping the rest",
    source: 'import { a, b, c } from "./m";\nconsole.log(a, b);\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "c }"), "@typescript-eslint/no-unused-vars", "'c' is defined but never used.", "warning"),
    ],
    expected: 'import { a, b } from "./m";\nconsole.log(a, b);\n',
  },
  {
    name: "unused import: a name in a multi-line list keeps the layout",
    source: 'import {\n  a,\n  b,\n  c,\n} from "./m";\nconsole.log(a, c);\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "b,"), "@typescript-eslint/no-unused-vars", "'b' is defined but never used.", "warning"),
    ],
    expected: 'import {\n  a,\n  c,\n} from "./m";\nconsole.log(a, c);\n',
  },
  {
    name: "unused import: the default import, keeping the named ones",
    source: 'import React, { useState } from "react";\nuseState();\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "React"), "@typescript-eslint/no-unused-vars", "'React' is defined but never used.", "warning"),
    ],
    expected: 'import { useState } from "react";\nuseState();\n',
  },
  {
    name: "unused import: a type-only import whose only name is unused goes whole",
    source: 'import type { A } from "./a";\nimport { b } from "./b";\nb();\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "A }"), "@typescript-eslint/no-unused-vars", "'A' is defined but never used.", "warning"),
    ],
    expected: 'import { b } from "./b";\nb();\n',
  },
  {
    name: "unused import: a namespace import goes whole",
    source: 'import * as path from "node:path";\nexport const x = 1;\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "path"), "@typescript-eslint/no-unused-vars", "'path' is defined but never used.", "warning"),
    ],
    expected: "export const x = 1;\n",
  },
  {
    name: "unused variable (not an import): declined, removing it could drop a side effect",
    source: "export function f() {\n  const unused = sideEffect();\n}\ndeclare function sideEffect(): number;\n",
    diagnostics: (s, f) => [
      lint(
        f,
        ...at(s, "unused"),
        "@typescript-eslint/no-unused-vars",
        "'unused' is assigned a value but never used.",
        "warning",
      ),
    ],
    expected: undefined,
  },
  {
    name: "unused import: a position that does not hold the name is declined",
    source: 'import { a, b } from "./m";\nconsole.log(a);\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "a,"), "@typescript-eslint/no-unused-vars", "'b' is defined but never used.", "warning"),
    ],
    expected: undefined,
  },
  {
    name: "missing import: joins an existing import of the module",
    source:
      'import { useState } from "react";\n\nexport function C() {\n  const [v] = useState(0);\n  useEffect(() => {}, [v]);\n}\n',
    file: "components/c.tsx",
    diagnostics: (s, f) => [tsc(f, ...at(s, "useEffect"), "TS2304", "Cannot find name 'useEffect'.")],
    expected:
      'import { useState, useEffect } from "react";\n\nexport function C() {\n  const [v] = useState(0);\n  useEffect(() => {}, [v]);\n}\n',
  },
  {
    name: "missing import: a type joins a value import as `type Name`",
    source:
      'import { useState } from "react";\n\nexport function C(props: { children: ReactNode }) {\n  useState();\n  return props.children;\n}\n',
    file: "components/c.tsx",
    diagnostics: (s, f) => [tsc(f, ...at(s, "ReactNode"), "TS2304", "Cannot find name 'ReactNode'.")],
    expected:
      'import { useState, type ReactNode } from "react";\n\nexport function C(props: { children: ReactNode }) {\n  useState();\n  return props.children;\n}\n',
  },
  {
    name: "missing import: a default import (next/link) and a vendored component, as new lines in the file's style",
    source:
      "import { cn } from '@/lib/utils'\n\nexport function C() {\n  return <Link href={cn('/')}><Button /></Link>\n}\n",
    file: "components/c.tsx",
    diagnostics: (s, f) => [
      tsc(f, ...at(s, "Link"), "TS2304", "Cannot find name 'Link'."),
      tsc(f, ...at(s, "Button"), "TS2552", "Cannot find name 'Button'. Did you mean 'button'?"),
      lint(f, ...at(s, "Button"), "react/jsx-no-undef", "'Button' is not defined."),
    ],
    expected:
      "import { cn } from '@/lib/utils'\nimport { Button } from '@/components/ui/button'\nimport Link from 'next/link'\n\nexport function C() {\n  return <Link href={cn('/')}><Button /></Link>\n}\n",
  },
  {
    name: "missing import: a file without imports gets it below 'use client'",
    source: '"use client";\n\nexport function C() {\n  const [v] = useState(0);\n  return v;\n}\n',
    file: "components/c.tsx",
    diagnostics: (s, f) => [tsc(f, ...at(s, "useState"), "TS2304", "Cannot find name 'useState'.")],
    expected:
      '"use client";\n\nimport { useState } from "react";\n\nexport function C() {\n  const [v] = useState(0);\n  return v;\n}\n',
  },
  {
    name: "missing import: an unknown name is declined",
    source: "export const x = mystery();\n",
    diagnostics: (s, f) => [tsc(f, ...at(s, "mystery"), "TS2304", "Cannot find name 'mystery'.")],
    expected: undefined,
  },
  {
    name: "missing import: a property named like a known symbol is not an import site",
    source: "export const x = thing.useState;\n",
    diagnostics: (s, f) => [tsc(f, ...at(s, "useState"), "TS2304", "Cannot find name 'useState'.")],
    expected: undefined,
  },
  {
    name: "prefer-const: a destructuring whose every name is flagged",
    source: "export function f(o: { a: number; b: number }) {\n  let { a, b } = o;\n  return a + b;\n}\n",
    diagnostics: (s, f) => [
      lint(f, ...at(s, "a,"), "prefer-const", "'a' is never reassigned. Use 'const' instead."),
      lint(f, ...at(s, "b }"), "prefer-const", "'b' is never reassigned. Use 'const' instead."),
    ],
    expected: "export function f(o: { a: number; b: number }) {\n  const { a, b } = o;\n  return a + b;\n}\n",
  },
  {
    name: "prefer-const: a for…of loop variable",
    source: "export function f(xs: number[]) {\n  for (let x of xs) console.log(x);\n}\n",
    diagnostics: (s, f) => [lint(f, ...at(s, "x of"), "prefer-const", "'x' is never reassigned. Use 'const' instead.")],
    expected: "export function f(xs: number[]) {\n  for (const x of xs) console.log(x);\n}\n",
  },
  {
    name: "prefer-const: declined when the same let also declares a reassigned name",
    source: "export function f() {\n  let a = 1, b = 2;\n  b++;\n  return a + b;\n}\n",
    diagnostics: (s, f) => [lint(f, ...at(s, "a ="), "prefer-const", "'a' is never reassigned. Use 'const' instead.")],
    expected: undefined,
  },
  {
    name: "prefer-const: declined for a let without a value (const needs one)",
    source: "export function f() {\n  let a;\n  a = 1;\n  return a;\n}\n",
    diagnostics: (s, f) => [lint(f, ...at(s, "a;"), "prefer-const", "'a' is never reassigned. Use 'const' instead.")],
    expected: undefined,
  },
  {
    name: "unescaped entity: quotes in JSX text, in a file with several",
    source: `export const C = () => (\n  <div>\n    <p>it's</p>\n    <p>say "hi"</p>\n  </div>\n);\n`,
    file: "components/c.tsx",
    diagnostics: (s, f) => [
      lint(
        f,
        ...at(s, "'s"),
        "react/no-unescaped-entities",
        "`'` can be escaped with `&apos;`, `&lsquo;`, `&#39;`, `&rsquo;`.",
      ),
      lint(
        f,
        ...at(s, '"hi'),
        "react/no-unescaped-entities",
        '`"` can be escaped with `&quot;`, `&ldquo;`, `&#34;`, `&rdquo;`.',
      ),
      lint(
        f,
        ...at(s, '"</p>'),
        "react/no-unescaped-entities",
        '`"` can be escaped with `&quot;`, `&ldquo;`, `&#34;`, `&rdquo;`.',
      ),
    ],
    expected: "export const C = () => (\n  <div>\n    <p>it&apos;s</p>\n    <p>say &quot;hi&quot;</p>\n  </div>\n);\n",
  },
  {
    name: "unescaped entity: a quote inside a string attribute is not JSX text and is declined",
    source: `export const C = () => <p title="it's">x</p>;\n`,
    file: "components/c.tsx",
    diagnostics: (s, f) => [
      lint(
        f,
        ...at(s, "'"),
        "react/no-unescaped-entities",
        "`'` can be escaped with `&apos;`, `&lsquo;`, `&#39;`, `&rsquo;`.",
      ),
    ],
    expected: undefined,
  },
  {
    name: "a file that does not parse is never edited",
    source: 'import { a, b } from "./m";\nconsole.log(a;\n',
    diagnostics: (s, f) => [
      lint(f, ...at(s, "b }"), "@typescript-eslint/no-unused-vars", "'b' is defined but never used.", "warning"),
    ],
    expected: undefined,
  },
];

describe("fixer edge cases", () => {
  it.each(CASES)("$name", ({ source, file = "lib/example.ts", diagnostics, expected }) => {
    const files = new Map([
      [file, source],
      ["components/ui/button.tsx", BUTTON_SOURCE],
    ]);
    const problems = diagnostics(source, file);
    const result = runDeterministicFixers(problems, files);
    if (expected === undefined) {
      expect(result.changes).toEqual([]);
      expect(result.fixed).toEqual([]);
    } else {
      expect(result.changes).toEqual([{ path: file, content: expected }]);
      expect(result.fixed).toEqual(problems);
    }
  });

  it("ignores diagnostics for files it was not given and files that are not scripts", () => {
    const problems = [
      lint("lib/absent.ts", 1, 1, "prefer-const", "'a' is never reassigned. Use 'const' instead."),
      {
        step: "database",
        file: "supabase/seed.sql",
        line: 1,
        column: 1,
        severity: "error",
        message: "syntax error",
      } as Diagnostic,
    ];
    expect(runDeterministicFixers(problems, new Map([["supabase/seed.sql", "select 1;\n"]]))).toEqual({
      changes: [],
      fixed: [],
      notes: [],
    });
  });
});

describe("problems no patch can fix", () => {
  it("recognises the real outdated-lockfile and fetch-404 output of pnpm 12", () => {
    const fixtures = join(import.meta.dirname, "../../fixtures/tool-output");
    const lockfile = parsePnpmOutput(readFileSync(join(fixtures, "pnpm-outdated-lockfile.txt"), "utf8"), {
      step: "install",
    });
    const fetch404 = parsePnpmOutput(readFileSync(join(fixtures, "pnpm-fetch-404.txt"), "utf8"), { step: "install" });
    const found = unfixableProblems([...lockfile, ...fetch404]);
    expect(found.map((u) => u.diagnostic.code)).toEqual(["ERR_PNPM_OUTDATED_LOCKFILE", "ERR_PNPM_FETCH_404"]);
    expect(found[0]?.remedy).toMatch(/pnpm install --lockfile-only/);
  });

  it("does not count code problems as unfixable", () => {
    expect(unfixableProblems(realProblems)).toEqual([]);
  });
});
