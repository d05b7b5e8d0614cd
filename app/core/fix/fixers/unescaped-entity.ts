// ESLint `react/no-unescaped-entities` ("`'` can be escaped with `&apos;`…"): the character at the reported
// position, when the parser confirms it is JSX text, becomes its HTML entity. The page renders the same text.
import ts from "typescript";
import { offsetOf, type SourceText } from "../source.ts";
import { NOTHING, type Fixer, type FixerOutcome } from "./types.ts";

// `>` and `}` are reported too, but in a .tsx file they are syntax errors first, and such files are never edited.
const ENTITIES: Record<string, string> = { "'": "&apos;", '"': "&quot;" };
const MESSAGE = /^`(?<character>['"])` can be escaped with/;

export const unescapedEntityFixer: Fixer = {
  name: "unescaped-entity",
  recognises: (d) => d.code === "react/no-unescaped-entities" && MESSAGE.test(d.message),
  fix(file, diagnostics): FixerOutcome {
    const outcome: FixerOutcome = { edits: [], fixed: [], notes: [] };
    const seen = new Set<number>();
    for (const diagnostic of diagnostics) {
      const character = MESSAGE.exec(diagnostic.message)?.groups?.character;
      const offset = offsetOf(file, diagnostic.line, diagnostic.column);
      const entity = character === undefined ? undefined : ENTITIES[character];
      if (offset === undefined || !character || !entity || seen.has(offset)) continue;
      if (file.text[offset] !== character || !insideJsxText(file, offset)) continue;
      seen.add(offset);
      outcome.edits.push({ start: offset, end: offset + 1, text: entity });
      outcome.fixed.push(diagnostic);
      outcome.notes.push(`${file.path}:${diagnostic.line}: wrote ${character} as ${entity} in JSX text`);
    }
    return outcome.edits.length ? outcome : NOTHING;
  },
};

function insideJsxText(file: SourceText, offset: number): boolean {
  let inside = false;
  const visit = (node: ts.Node): void => {
    if (inside || offset < node.getFullStart() || offset >= node.getEnd()) return;
    if (ts.isJsxText(node)) {
      inside = offset >= node.getStart(file.source);
      return;
    }
    node.forEachChild(visit);
  };
  file.source.forEachChild(visit);
  return inside;
}
