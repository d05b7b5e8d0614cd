// A real generated app (the expenses manifest of the e2e tests) and the ways the fix tests break it. Each break
// edits text that the templates really contain and fails loudly when a template changes under it, so a test never
// runs on a break that silently did nothing. The unit tests read the tools' real output for these breaks from
// fixtures/ (captured from tsc 6 and eslint 9 on this app); test/e2e/fix.test.ts runs the tools for real.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseManifest, type Manifest } from "../../../app/core/manifest/index.ts";
import { renderOpenApi } from "../../../app/core/stages/api/index.ts";
import { renderDatabase } from "../../../app/core/stages/db/index.ts";
import { renderProject } from "../../../app/core/stages/files/index.ts";
import { renderUiSpec } from "../../../app/core/stages/ui/index.ts";

export const MANIFEST_FILE = join(import.meta.dirname, "../../e2e/manifests/expenses.json");

export function expensesManifest(): Manifest {
  return parseManifest(readFileSync(MANIFEST_FILE, "utf8"));
}

/** Every file of the generated app, by app-relative path. */
export function renderExpensesApp(): Map<string, string> {
  const manifest = expensesManifest();
  const files = renderProject(manifest, [...renderDatabase(manifest), renderOpenApi(manifest), renderUiSpec(manifest)]);
  return new Map(files.map((file) => [file.path, file.content]));
}

export interface Break {
  name: string;
  file: string;
  /** Whether a deterministic fixer claims this kind of problem (else only the LLM can fix it). */
  deterministic: boolean;
  apply(content: string): string;
}

function replaceOnce(content: string, search: string, replacement: string, file: string): string {
  const index = content.indexOf(search);
  if (index === -1 || content.indexOf(search, index + 1) !== -1)
    throw new Error(`${file} does not contain ${JSON.stringify(search)} exactly once; update the break`);
  return content.slice(0, index) + replacement + content.slice(index + search.length);
}

export const BUTTON_IMPORT = 'import { Button } from "@/components/ui/button";\n';
export const HOOK_IMPORT = 'import { useActionState } from "react";\n';
export const TABLE_IMPORT =
  'import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";\n';
export const UNUSED_IMPORT = 'import { Badge, badgeVariants } from "@/components/ui/badge";\n';
export const LET_FUNCTION =
  "\nexport function twice(value: number): number {\n  let result = value * 2;\n  return result;\n}\n";
export const SIGN_IN_FORM = "          <SignInForm withPassword={supabase} />\n";
export const QUOTED_PARAGRAPH = `          <p className="text-sm">Don't have an account? Ask the "admin".</p>\n`;
export const TYPE_ERROR = 'export const pageSize: number = "20";\n';
export const LIST_ELEMENT = "<EntityList entity={entity} searchParams={searchParams} />";
export const WRONG_PROP = '<EntityList entity={entity} searchParams={searchParams} colour="red" />';

export const BREAKS: readonly Break[] = [
  {
    name: "missing import of a shadcn component",
    file: "components/entity-list.tsx",
    deterministic: true,
    apply: (c) => replaceOnce(c, BUTTON_IMPORT, "", "components/entity-list.tsx"),
  },
  {
    name: "unused import",
    file: "components/entity-list.tsx",
    deterministic: true,
    apply: (c) => replaceOnce(c, TABLE_IMPORT, TABLE_IMPORT + UNUSED_IMPORT, "components/entity-list.tsx"),
  },
  {
    name: "missing import of a React hook",
    file: "app/sign-in/sign-in-form.tsx",
    deterministic: true,
    apply: (c) => replaceOnce(c, HOOK_IMPORT, "", "app/sign-in/sign-in-form.tsx"),
  },
  { name: "let that is never reassigned", file: "lib/utils.ts", deterministic: true, apply: (c) => c + LET_FUNCTION },
  {
    name: "unescaped quotes in JSX text",
    file: "app/sign-in/page.tsx",
    deterministic: true,
    apply: (c) => replaceOnce(c, SIGN_IN_FORM, SIGN_IN_FORM + QUOTED_PARAGRAPH, "app/sign-in/page.tsx"),
  },
  { name: "type error", file: "lib/app-config.ts", deterministic: false, apply: (c) => c + TYPE_ERROR },
  {
    name: "wrong prop",
    file: "app/(app)/categories/page.tsx",
    deterministic: false,
    apply: (c) => replaceOnce(c, LIST_ELEMENT, WRONG_PROP, "app/(app)/categories/page.tsx"),
  },
];

/** The app with the given breaks applied (all of them by default). */
export function breakApp(files: ReadonlyMap<string, string>, breaks: readonly Break[] = BREAKS): Map<string, string> {
  const broken = new Map(files);
  for (const b of breaks) {
    const content = broken.get(b.file);
    if (content === undefined) throw new Error(`the generated app has no ${b.file}; update the break "${b.name}"`);
    broken.set(b.file, b.apply(content));
  }
  return broken;
}

/** Where the fixture output was captured; the parsers make paths under it app-relative. */
export const CAPTURE_DIR = "/tmp/appgen-fix-capture";
export const FIXTURES = join(import.meta.dirname, "fixtures");

/** The captured output's fingerprint: the broken files the tools read. A template change makes it stale. */
export const FINGERPRINT_FILE = join(FIXTURES, "captured-from.txt");

export function brokenFilesFingerprint(): string {
  const broken = breakApp(renderExpensesApp());
  const hash = createHash("sha256");
  for (const file of [...new Set(BREAKS.map((b) => b.file))].sort())
    hash.update(`${file}\n${broken.get(file) ?? ""}\n`);
  return hash.digest("hex");
}
