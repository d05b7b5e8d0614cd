// A generated project's TypeScript file, parsed with the TypeScript compiler's own parser, so fixers edit syntax
// they have understood instead of guessing with patterns. Parsing is pure (no program, no file system).
import ts from "typescript";

export interface SourceText {
  path: string;
  text: string;
  source: ts.SourceFile;
}

/** A replacement of text[start, end) by `text`; offsets are into the file as it was read. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

/** Parses a script file; undefined for anything else (CSS, SQL, JSON…) and for files with syntax errors. */
export function parseSource(path: string, text: string): SourceText | undefined {
  const extension = /\.[a-z]+$/.exec(path)?.[0] ?? "";
  const kind = SCRIPT_KINDS[extension];
  if (kind === undefined) return undefined;
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  // A file that does not parse cleanly could be read in more than one way; no fixer edits it.
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length) return undefined;
  return { path, text, source };
}

/** Offset of a 1-based line and column as tsc and ESLint report them (UTF-16 code units), if inside the file. */
export function offsetOf(file: SourceText, line: number | undefined, column: number | undefined): number | undefined {
  if (line === undefined || column === undefined) return undefined;
  const starts = file.source.getLineStarts();
  const lineStart = starts[line - 1];
  if (lineStart === undefined) return undefined;
  const lineEnd = starts[line] ?? file.text.length;
  const offset = lineStart + column - 1;
  return offset < lineEnd ? offset : undefined;
}

/** The innermost node that starts exactly at `offset` (ignoring leading trivia) and satisfies `accept`. */
export function nodeStartingAt<T extends ts.Node>(
  file: SourceText,
  offset: number,
  accept: (node: ts.Node) => node is T,
): T | undefined {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (offset < node.getFullStart() || offset >= node.getEnd()) return;
    if (node.getStart(file.source) === offset && accept(node)) found = node;
    node.forEachChild(visit);
  };
  file.source.forEachChild(visit);
  return found;
}

/** Applies edits made against the same original text; overlapping edits are a bug in the caller. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}-${edit.end}`);
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/** True when no edit of `a` overlaps one of `b`; two edits starting at the same point count as overlapping. */
export function editsDisjoint(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.every((x) => b.every((y) => x.start !== y.start && !(x.start < y.end && y.start < x.end)));
}
