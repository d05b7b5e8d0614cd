// Helpers shared by the tool-output parsers: colour codes out, paths relative to the app, CRLF folded.
import type { Diagnostic, Step } from "../schema-types/diagnostics.ts";

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks), as terminals and CI logs carry them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** ANSI stripped, CRLF and lone CR turned into LF: the form every parser reads. */
export function plainLines(text: string): string[] {
  return stripAnsi(text).replace(/\r\n?/g, "\n").split("\n");
}

export interface ParseOptions {
  /** The app's root directory; absolute paths under it become relative. */
  appDir?: string;
}

/** A tool's path as the report states it: relative to the app root, forward slashes, no leading "./". */
export function appRelativePath(path: string, appDir: string | undefined): string {
  let result = path.trim().replace(/\\/g, "/");
  if (appDir) {
    const root = appDir.replace(/\\/g, "/").replace(/\/+$/, "");
    if (result === root) return ".";
    if (result.startsWith(`${root}/`)) result = result.slice(root.length + 1);
  }
  if (result.startsWith("[project]/")) result = result.slice("[project]/".length);
  return result.replace(/^(\.\/)+/, "");
}

export function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** Builds a diagnostic without undefined members, so reports stay valid against additionalProperties: false. */
export function diagnostic(fields: {
  step: Step;
  severity: Diagnostic["severity"];
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  code?: string | undefined;
}): Diagnostic {
  const result: Diagnostic = {
    step: fields.step,
    severity: fields.severity,
    message: fields.message.trim() || "(no message)",
  };
  if (fields.file) result.file = fields.file;
  if (fields.line !== undefined) result.line = fields.line;
  if (fields.column !== undefined) result.column = fields.column;
  if (fields.code) result.code = fields.code;
  return result;
}

/** Same file, position, code and message once only (next build repeats tsc's errors, for example). */
export function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.step, d.file, d.line, d.column, d.code, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
