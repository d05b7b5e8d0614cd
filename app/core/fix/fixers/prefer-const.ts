// ESLint `prefer-const` ("'x' is never reassigned. Use 'const' instead"): `let` becomes `const` when ESLint has
// flagged every name the declaration introduces and each has an initializer (or is the variable of a for…of /
// for…in loop). A declaration that mixes reassigned and constant names, or declares a name without a value, is
// left alone: changing it would change the program.
import ts from "typescript";
import type { Diagnostic } from "../../schema-types/diagnostics.ts";
import { nodeStartingAt, offsetOf } from "../source.ts";
import { NOTHING, type Fixer, type FixerOutcome } from "./types.ts";

const MESSAGE = /^'(?<name>[^']+)' is never reassigned\. Use 'const' instead/;

export const preferConstFixer: Fixer = {
  name: "prefer-const",
  recognises: (d) => d.code === "prefer-const" && MESSAGE.test(d.message),
  fix(file, diagnostics): FixerOutcome {
    const flagged = new Map<
      ts.VariableDeclarationList,
      { identifiers: Set<ts.Identifier>; diagnostics: Diagnostic[] }
    >();
    for (const diagnostic of diagnostics) {
      const offset = offsetOf(file, diagnostic.line, diagnostic.column);
      const name = MESSAGE.exec(diagnostic.message)?.groups?.name;
      if (offset === undefined || !name) continue;
      const identifier = nodeStartingAt(file, offset, ts.isIdentifier);
      if (!identifier || identifier.text !== name) continue;
      const list = declarationListOf(identifier);
      if (!list) continue;
      const entry = flagged.get(list) ?? { identifiers: new Set(), diagnostics: [] };
      entry.identifiers.add(identifier);
      entry.diagnostics.push(diagnostic);
      flagged.set(list, entry);
    }
    const outcome: FixerOutcome = { edits: [], fixed: [], notes: [] };
    for (const [list, entry] of flagged) {
      if ((list.flags & ts.NodeFlags.BlockScoped) !== ts.NodeFlags.Let) continue;
      const loopVariable = ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent);
      const everyNameFlagged = list.declarations.every((declaration) =>
        boundIdentifiers(declaration.name).every((id) => entry.identifiers.has(id)),
      );
      const everyInitialised =
        loopVariable || list.declarations.every((declaration) => declaration.initializer !== undefined);
      if (!everyNameFlagged || !everyInitialised) continue;
      const start = list.getStart(file.source);
      if (file.text.slice(start, start + 3) !== "let") continue;
      outcome.edits.push({ start, end: start + 3, text: "const" });
      outcome.fixed.push(...entry.diagnostics);
      const names = list.declarations.flatMap((declaration) => boundIdentifiers(declaration.name).map((id) => id.text));
      outcome.notes.push(`${file.path}: declared ${names.join(", ")} with const (never reassigned)`);
    }
    return outcome.edits.length ? outcome : NOTHING;
  },
};

/** The `let`/`const`/`var` list that introduces this identifier, through any destructuring pattern. */
function declarationListOf(identifier: ts.Identifier): ts.VariableDeclarationList | undefined {
  let node: ts.Node = identifier;
  if (ts.isBindingElement(node.parent) && node.parent.name === node) node = node.parent;
  else if (ts.isVariableDeclaration(node.parent) && node.parent.name === node)
    return ts.isVariableDeclarationList(node.parent.parent) ? node.parent.parent : undefined;
  else return undefined;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node))
    node = node.parent;
  return ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent) ? node.parent : undefined;
}

function boundIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundIdentifiers(element.name)));
}
