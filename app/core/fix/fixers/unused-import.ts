// ESLint `@typescript-eslint/no-unused-vars` on an imported name: the name is removed from its import, and an
// import left without names is removed whole. This keeps what the program does: TypeScript and Next's compiler
// already drop imports whose names are unused (the project does not set verbatimModuleSyntax), so the module
// was never loaded for this import. Unused variables and parameters are left to the LLM: removing those can
// drop a side effect.
import ts from "typescript";
import type { Diagnostic } from "../../schema-types/diagnostics.ts";
import { nodeStartingAt, offsetOf, type SourceText, type TextEdit } from "../source.ts";
import { NOTHING, type Fixer, type FixerOutcome } from "./types.ts";

const RULE = "@typescript-eslint/no-unused-vars";
const MESSAGE = /^'(?<name>[^']+)' is defined but never used\b/;

type ImportBinding = ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport;

export const unusedImportFixer: Fixer = {
  name: "unused-import",
  recognises: (d) => d.code === RULE && MESSAGE.test(d.message),
  fix(file, diagnostics): FixerOutcome {
    // Unused bindings grouped by their import declaration, so one declaration gets one edit.
    const byDeclaration = new Map<
      ts.ImportDeclaration,
      { bindings: Set<ImportBinding>; diagnostics: Diagnostic[]; names: string[] }
    >();
    for (const diagnostic of diagnostics) {
      const name = MESSAGE.exec(diagnostic.message)?.groups?.name;
      const offset = offsetOf(file, diagnostic.line, diagnostic.column);
      if (!name || offset === undefined) continue;
      const identifier = nodeStartingAt(file, offset, ts.isIdentifier);
      if (!identifier || identifier.text !== name) continue;
      const binding = importBindingOf(identifier);
      if (!binding) continue;
      const clause = ts.isImportClause(binding)
        ? binding
        : ts.isNamespaceImport(binding)
          ? binding.parent
          : binding.parent.parent;
      const declaration = clause.parent;
      if (!ts.isImportDeclaration(declaration)) continue;
      const entry = byDeclaration.get(declaration) ?? { bindings: new Set(), diagnostics: [], names: [] };
      entry.bindings.add(binding);
      entry.diagnostics.push(diagnostic);
      entry.names.push(name);
      byDeclaration.set(declaration, entry);
    }
    if (!byDeclaration.size) return NOTHING;
    const outcome: FixerOutcome = { edits: [], fixed: [], notes: [] };
    for (const [declaration, unused] of byDeclaration) {
      const edit = removeBindings(file, declaration, unused.bindings);
      if (!edit) continue;
      outcome.edits.push(edit);
      outcome.fixed.push(...unused.diagnostics);
      const module = (declaration.moduleSpecifier as ts.StringLiteral).text;
      outcome.notes.push(
        `${file.path}: removed unused import${unused.names.length > 1 ? "s" : ""} ${unused.names.join(", ")} from ${module}`,
      );
    }
    return outcome;
  },
};

/** The import binding an identifier names: a default import, a named import's local name, or `* as name`. */
function importBindingOf(identifier: ts.Identifier): ImportBinding | undefined {
  const parent = identifier.parent;
  if (ts.isImportClause(parent) && parent.name === identifier) return parent;
  if (ts.isImportSpecifier(parent) && parent.name === identifier) return parent;
  if (ts.isNamespaceImport(parent) && parent.name === identifier) return parent;
  return undefined;
}

function removeBindings(
  file: SourceText,
  declaration: ts.ImportDeclaration,
  unused: ReadonlySet<ImportBinding>,
): TextEdit | undefined {
  const clause = declaration.importClause;
  if (!clause || !ts.isStringLiteral(declaration.moduleSpecifier)) return undefined;
  const named = clause.namedBindings;
  const keepDefault = clause.name !== undefined && !unused.has(clause);
  const keptNamespace = named && ts.isNamespaceImport(named) && !unused.has(named) ? named : undefined;
  const keptSpecifiers =
    named && ts.isNamedImports(named) ? named.elements.filter((element) => !unused.has(element)) : [];

  if (!keepDefault && !keptNamespace && keptSpecifiers.length === 0) return wholeStatement(file, declaration);

  const text = (node: ts.Node) => node.getText(file.source);
  const parts: string[] = [];
  if (keepDefault && clause.name) parts.push(text(clause.name));
  if (keptNamespace) parts.push(text(keptNamespace));
  if (named && ts.isNamedImports(named) && keptSpecifiers.length) {
    if (keptSpecifiers.length === named.elements.length) {
      parts.push(text(named));
    } else {
      // Keep the list's own layout: one line stays one line, one name per line stays so.
      const first = named.elements[0];
      const second = named.elements[1];
      const separator = first && second ? file.text.slice(first.getEnd(), second.getStart(file.source)) : ", ";
      const inner = keptSpecifiers.map(text).join(separator);
      const open = file.text.slice(named.getStart(file.source), named.elements[0]?.getStart(file.source));
      const last = named.elements[named.elements.length - 1];
      const close = file.text.slice(last?.getEnd() ?? named.getEnd(), named.getEnd());
      parts.push(`${open}${inner}${close}`);
    }
  }
  const typePrefix = clause.isTypeOnly ? "type " : "";
  return { start: clause.getStart(file.source), end: clause.getEnd(), text: `${typePrefix}${parts.join(", ")}` };
}

/** The declaration with its line: leading indentation, the statement, and the line break after it. */
function wholeStatement(file: SourceText, declaration: ts.ImportDeclaration): TextEdit {
  let start = declaration.getStart(file.source);
  let end = declaration.getEnd();
  const lineStart = file.text.lastIndexOf("\n", start - 1) + 1;
  if (/^[ \t]*$/.test(file.text.slice(lineStart, start))) start = lineStart;
  const rest = /^[ \t]*(?:\r?\n)?/.exec(file.text.slice(end))?.[0] ?? "";
  end += rest.length;
  return { start, end, text: "" };
}
