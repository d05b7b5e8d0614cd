// "Cannot find name 'Button'" (tsc TS2304/TS2552, ESLint react/jsx-no-undef) for a name whose home is certain:
// a shadcn component vendored under components/ui (read from the files themselves), a React hook, `z` from zod,
// Next's Link, navigation helpers and Metadata. The import is added to an existing import of that module when
// there is one, else as a new import after the last one, in the file's quote and semicolon style. A name that
// two modules export, or that the file already declares, is left alone.
import { posix } from "node:path";
import ts from "typescript";
import type { Diagnostic } from "../../schema-types/diagnostics.ts";
import { nodeStartingAt, offsetOf, parseSource, type SourceText, type TextEdit } from "../source.ts";
import { NOTHING, type FixContext, type Fixer, type FixerOutcome } from "./types.ts";

export interface KnownImport {
  module: string;
  kind: "named" | "default";
  typeOnly: boolean;
}

const named = (module: string, names: string[], typeOnly = false): [string, KnownImport][] =>
  names.map((name) => [name, { module, kind: "named", typeOnly }]);

/** Libraries every generated project depends on, and the names whose module is beyond doubt. */
export const LIBRARY_IMPORTS: ReadonlyMap<string, KnownImport> = new Map<string, KnownImport>([
  ...named("react", [
    "useState",
    "useEffect",
    "useLayoutEffect",
    "useMemo",
    "useCallback",
    "useRef",
    "useReducer",
    "useContext",
    "useId",
    "useTransition",
    "useDeferredValue",
    "useActionState",
    "useOptimistic",
    "useSyncExternalStore",
    "startTransition",
    "createContext",
    "forwardRef",
    "memo",
    "Fragment",
    "Suspense",
  ]),
  ...named(
    "react",
    ["ReactNode", "ComponentProps", "ComponentPropsWithoutRef", "PropsWithChildren", "FormEvent", "ChangeEvent"],
    true,
  ),
  ...named("react-dom", ["useFormStatus"]),
  ...named("zod", ["z"]),
  ...named("next/navigation", [
    "notFound",
    "redirect",
    "permanentRedirect",
    "useRouter",
    "usePathname",
    "useSearchParams",
    "useParams",
  ]),
  ...named("next/cache", ["revalidatePath", "revalidateTag"]),
  ...named("next/headers", ["cookies", "headers"]),
  ...named("next/server", ["NextResponse"]),
  ...named("next/server", ["NextRequest"], true),
  ...named("next", ["Metadata", "Viewport"], true),
  ["Link", { module: "next/link", kind: "default", typeOnly: false }],
  ["Image", { module: "next/image", kind: "default", typeOnly: false }],
]);

const MESSAGES: Record<string, RegExp> = {
  TS2304: /^Cannot find name '(?<name>[A-Za-z_$][\w$]*)'\./,
  TS2552: /^Cannot find name '(?<name>[A-Za-z_$][\w$]*)'\. Did you mean/,
  "react/jsx-no-undef": /^'(?<name>[A-Za-z_$][\w$]*)' is not defined\b/,
};

function missingName(diagnostic: Diagnostic): string | undefined {
  const pattern = diagnostic.code === undefined ? undefined : MESSAGES[diagnostic.code];
  return pattern?.exec(diagnostic.message)?.groups?.name;
}

export const missingImportFixer: Fixer = {
  name: "missing-import",
  recognises: (d) => missingName(d) !== undefined,
  fix(file, diagnostics, context): FixerOutcome {
    const known = knownImports(context);
    const declared = topLevelNames(file);
    const wanted = new Map<string, { known: KnownImport; diagnostics: Diagnostic[] }>();
    for (const diagnostic of diagnostics) {
      const name = missingName(diagnostic);
      const offset = offsetOf(file, diagnostic.line, diagnostic.column);
      if (!name || offset === undefined || declared.has(name)) continue;
      // The position must really be that name, used as a value, type or JSX tag (not a property name).
      const identifier = nodeStartingAt(file, offset, ts.isIdentifier);
      if (!identifier || identifier.text !== name || isPropertyName(identifier)) continue;
      const home = known.get(name);
      if (!home) continue;
      const entry = wanted.get(name) ?? { known: home, diagnostics: [] };
      entry.diagnostics.push(diagnostic);
      wanted.set(name, entry);
    }
    if (!wanted.size) return NOTHING;
    const { edits, imported } = importEdits(file, new Map([...wanted].map(([name, entry]) => [name, entry.known])));
    const outcome: FixerOutcome = { edits, fixed: [], notes: [] };
    for (const [name, entry] of wanted) {
      if (!imported.has(name)) continue;
      outcome.fixed.push(...entry.diagnostics);
      outcome.notes.push(`${file.path}: imported ${name} from ${entry.known.module}`);
    }
    return outcome.fixed.length ? outcome : NOTHING;
  },
};

/** Library names plus every export of components/ui/*.tsx, minus names that more than one module exports. */
export function knownImports(context: FixContext): Map<string, KnownImport> {
  const known = new Map(LIBRARY_IMPORTS);
  const ambiguous = new Set<string>();
  for (const [path, text] of [...context.files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^components\/ui\/[\w-]+\.tsx?$/.test(path)) continue;
    const source = parseSource(path, text);
    if (!source) continue;
    const module = `@/components/ui/${posix.basename(path).replace(/\.tsx?$/, "")}`;
    for (const [name, typeOnly] of exportedNames(source)) {
      const previous = known.get(name);
      if (previous && previous.module !== module) ambiguous.add(name);
      known.set(name, { module, kind: "named", typeOnly });
    }
  }
  for (const name of ambiguous) known.delete(name);
  return known;
}

/** Named exports of a module, each with whether it is only a type. */
function exportedNames(file: SourceText): Map<string, boolean> {
  const names = new Map<string, boolean>();
  const localKinds = new Map<string, boolean>();
  for (const statement of file.source.statements) {
    const exported =
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true;
    const isDefault =
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) === true;
    const declare = (name: string, typeOnly: boolean) => {
      localKinds.set(name, typeOnly);
      if (exported && !isDefault) names.set(name, typeOnly);
    };
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      declare(statement.name.text, false);
    else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name)
      declare(statement.name.text, true);
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) declare(declaration.name.text, false);
    }
  }
  for (const statement of file.source.statements) {
    if (
      !ts.isExportDeclaration(statement) ||
      statement.moduleSpecifier ||
      !statement.exportClause ||
      !ts.isNamedExports(statement.exportClause)
    )
      continue;
    for (const element of statement.exportClause.elements) {
      const local = (element.propertyName ?? element.name).getText(file.source);
      names.set(
        element.name.getText(file.source),
        statement.isTypeOnly || element.isTypeOnly || localKinds.get(local) === true,
      );
    }
  }
  return names;
}

/** Names the file declares or imports at its top level. */
function topLevelNames(file: SourceText): Set<string> {
  const names = new Set<string>();
  for (const statement of file.source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.add(element.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
        else collectBindingNames(declaration.name, names);
      }
    }
  }
  return names;
}

function collectBindingNames(pattern: ts.BindingPattern, into: Set<string>): void {
  for (const element of pattern.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) into.add(element.name.text);
    else collectBindingNames(element.name, into);
  }
}

function isPropertyName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === identifier) ||
    (ts.isQualifiedName(parent) && parent.right === identifier) ||
    (ts.isPropertyAssignment(parent) && parent.name === identifier) ||
    (ts.isJsxAttribute(parent) && parent.name === identifier)
  );
}

/** Edits that import each name: into an existing import of its module, else in one new block after the imports. */
function importEdits(
  file: SourceText,
  wanted: ReadonlyMap<string, KnownImport>,
): { edits: TextEdit[]; imported: Set<string> } {
  const imports = file.source.statements.filter(ts.isImportDeclaration);
  const lastImport = imports.at(-1);
  const quote = lastImport?.moduleSpecifier.getText(file.source).startsWith("'") ? "'" : '"';
  const semicolon = lastImport === undefined || lastImport.getText(file.source).endsWith(";") ? ";" : "";
  const edits: TextEdit[] = [];
  const imported = new Set<string>();
  const newDeclarations = new Map<string, { defaultName?: string; names: string[]; typeOnly: boolean }>();

  const byModule = new Map<string, [string, KnownImport][]>();
  for (const entry of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const key = `${entry[1].module}\0${entry[1].typeOnly}`;
    byModule.set(key, [...(byModule.get(key) ?? []), entry]);
  }
  for (const entries of byModule.values()) {
    const module = entries[0]?.[1].module ?? "";
    const typeOnly = entries[0]?.[1].typeOnly ?? false;
    const namedEntries = entries.filter(([, k]) => k.kind === "named");
    const defaultEntries = entries.filter(([, k]) => k.kind === "default");
    // Named imports join an existing `import { … } from "module"` (a type-only one only takes types).
    const host = imports.find((d) => {
      const clause = d.importClause;
      return (
        ts.isStringLiteral(d.moduleSpecifier) &&
        d.moduleSpecifier.text === module &&
        clause?.namedBindings &&
        ts.isNamedImports(clause.namedBindings) &&
        (!clause.isTypeOnly || typeOnly)
      );
    });
    const hostBindings = host?.importClause?.namedBindings;
    if (namedEntries.length && hostBindings && ts.isNamedImports(hostBindings) && hostBindings.elements.length) {
      const last = hostBindings.elements[hostBindings.elements.length - 1] as ts.ImportSpecifier;
      const prefix = typeOnly && !host?.importClause?.isTypeOnly ? "type " : "";
      edits.push({
        start: last.getEnd(),
        end: last.getEnd(),
        text: namedEntries.map(([name]) => `, ${prefix}${name}`).join(""),
      });
      for (const [name] of namedEntries) imported.add(name);
    } else if (namedEntries.length) {
      const key = `${module}\0${typeOnly}`;
      newDeclarations.set(key, { names: namedEntries.map(([name]) => name), typeOnly });
      for (const [name] of namedEntries) imported.add(name);
    }
    for (const [name] of defaultEntries.slice(0, 1)) {
      newDeclarations.set(`${module}\0default`, { defaultName: name, names: [], typeOnly: false });
      imported.add(name);
    }
  }
  if (newDeclarations.size) {
    const lines = [...newDeclarations.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, d]) => {
        const module = key.split("\0")[0] ?? "";
        const what = d.defaultName ?? `{ ${d.names.join(", ")} }`;
        return `import ${d.typeOnly ? "type " : ""}${what} from ${quote}${module}${quote}${semicolon}`;
      });
    edits.push(insertionAfterImports(file, lastImport, lines));
  }
  return { edits, imported };
}

function insertionAfterImports(
  file: SourceText,
  lastImport: ts.ImportDeclaration | undefined,
  lines: string[],
): TextEdit {
  const block = lines.map((line) => `${line}\n`).join("");
  const anchor = lastImport ?? directivePrologue(file).at(-1);
  if (!anchor) return { start: 0, end: 0, text: `${block}\n` };
  const lineEnd = file.text.indexOf("\n", anchor.getEnd());
  const at = lineEnd === -1 ? file.text.length : lineEnd + 1;
  const separator = lineEnd === -1 ? "\n" : "";
  return { start: at, end: at, text: `${separator}${lastImport ? "" : "\n"}${block}` };
}

/** "use client" / "use server" and other leading string statements, which must stay first. */
function directivePrologue(file: SourceText): ts.Statement[] {
  const prologue: ts.Statement[] = [];
  for (const statement of file.source.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) prologue.push(statement);
    else break;
  }
  return prologue;
}
