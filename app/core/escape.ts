// One escaping function per output language. Human-readable manifest text (names, labels, descriptions, defaults)
// is untrusted: it comes from issues and models. The manifest schema refuses control characters in it, and every
// renderer still passes it through these functions, so a manifest that skipped validation cannot break out either.
// Identifiers (entity, field, table, role names) are safe by schema pattern and need only sqlIdent in SQL.
// docs/architecture.md, "Trust boundaries", lists which output uses which function.

/** Characters that end a line or control a terminal for some reader: Unicode Cc (C0, DEL, C1 with NEL) and U+2028/9. */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/gu;

/** Same set as a JSON Schema `pattern` (ajv compiles patterns with the `u` flag): single-line human-readable text. */
export const SINGLE_LINE_PATTERN = "^[^\\p{Cc}\\u2028\\u2029]*$";

/** Multi-line text (prompts): tab and line feed are its only control characters. */
export const MULTI_LINE_PATTERN = "^(?:[^\\p{Cc}\\u2028\\u2029]|[\\t\\n])*$";

/** One line of text: every control character, line and paragraph separator becomes a space. */
export function singleLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, " ");
}

/**
 * Multi-line text as people meant it: CRLF, CR, NEL and the Unicode separators become LF; other control characters
 * (which no one types on purpose, and which hide text in diffs) are dropped.
 */
export function normaliseMultiLine(text: string): string {
  return text
    .replace(/\r\n?|\u0085|\u2028|\u2029/g, "\n")
    .replace(/[\p{Cc}]/gu, (c) => (c === "\n" || c === "\t" ? c : ""));
}

// ---- SQL -------------------------------------------------------------------------------------------------------

/** Double-quoted SQL identifier; always quoting makes reserved words and mixed case safe. */
export function sqlIdent(name: string): string {
  if (name.includes("\0")) throw new TypeError("a SQL identifier cannot contain NUL");
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A SQL string literal that means the same text whatever `standard_conforming_strings` is: with a backslash in it,
 * an escape string (E'…') whose backslashes are doubled; otherwise a standard one. Quotes are doubled in both.
 * Line breaks inside a literal are harmless: only comments end at them.
 */
export function sqlString(value: string): string {
  if (value.includes("\0")) throw new TypeError("a SQL string cannot contain NUL");
  const quoted = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}

/**
 * A function body as a dollar-quoted string whose tag does not occur in it: a body holding manifest text (in
 * sqlString literals) could otherwise contain `$$` and end itself early. `$$` when it can, else `$body$`, `$body1$`…
 */
export function sqlDollarQuoted(body: string): string {
  let tag = "$$";
  for (let i = 0; body.includes(tag); i++) tag = `$body${i === 0 ? "" : i}$`;
  return `${tag}\n${body}\n${tag}`;
}

/**
 * A `--` comment. Postgres ends it at CR or LF; other readers (psql, editors, GitHub's diff) at more characters, so
 * every control character and separator becomes a space. Generated SQL names tables in comments, never labels:
 * labels reach the database through `comment on … is <sqlString>`.
 */
export function sqlComment(text: string): string {
  return `-- ${singleLine(text)}`;
}

// ---- TypeScript / TSX -------------------------------------------------------------------------------------------

/**
 * A string literal for generated TypeScript. JSON already escapes C0 controls, quotes and backslashes; U+2028/9 and
 * C1 controls are escaped too (some tools still read them as line ends), and `<` so that a literal moved into an
 * HTML script or JSX text can never close a tag.
 */
export function tsString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029<]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// ---- Markdown (GitHub-flavoured) and HTML -----------------------------------------------------------------------

/**
 * Inline Markdown that renders as the text itself: one line, ASCII punctuation that Markdown or GFM gives meaning to
 * backslash-escaped (so no link, image, emphasis, code span, table cell, heading or list can start), `<` and `&` as
 * entities (no HTML), and `@` followed by a zero-width space (no mention notifies anyone).
 */
export function markdownText(text: string): string {
  return singleLine(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~>:]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/@/g, "@\u200b");
}

/** Text for HTML element content and quoted attribute values (the dashboard's pages). */
export function htmlText(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text for XML 1.0 (the SVG card): the control characters XML forbids are dropped, markup characters escaped. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
