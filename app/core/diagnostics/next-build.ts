// `next build` (16, Turbopack; webpack and Next 15 wording too). Failures come in three shapes:
//   compile errors: a `./file:line:col` header, then "Error: Module not found: Can't resolve '…'" or a parse
//     error, then a code frame;
//   type errors: Next 16 prints tsc's own lines ("file(line,col): error TS…"), Next 15 printed
//     "./file:line:col" followed by "Type error: …";
//   anything else after "> Build error occurred" (prerendering, config), without a location.
import type { Diagnostic } from "../schema-types/diagnostics.ts";
import {
  appRelativePath,
  diagnostic,
  plainLines,
  positiveInteger,
  uniqueDiagnostics,
  type ParseOptions,
} from "./text.ts";
import { parseTypeScriptOutput } from "./typescript.ts";

const LOCATION = /^(?<file>\.\/\S(?:.*?\S)?)(?::(?<line>\d+):(?<column>\d+))?$/;
const CODE_FRAME = /^\s*>?\s*\d*\s*\|/;
const BLOCK_END =
  /^(Import trace|> Build error occurred|Error: Turbopack build failed|\s+at |https?:\/\/|Failed to compile|\[?ELIFECYCLE)/;

export function parseNextBuildOutput(text: string, options: ParseOptions = {}): Diagnostic[] {
  const lines = plainLines(text);
  const diagnostics: Diagnostic[] = [...parseTypeScriptOutput(text, { ...options, step: "build" })];
  for (let index = 0; index < lines.length; index++) {
    const location = LOCATION.exec(lines[index] ?? "")?.groups;
    if (!location?.file) continue;
    const block: string[] = [];
    while (
      index + 1 < lines.length &&
      !LOCATION.test(lines[index + 1] ?? "") &&
      !BLOCK_END.test(lines[index + 1] ?? "")
    ) {
      index++;
      const line = lines[index] ?? "";
      if (!CODE_FRAME.test(line) && line.trim()) block.push(line.trim());
    }
    const [first, ...rest] = block;
    if (first === undefined) continue;
    diagnostics.push(
      diagnostic({
        step: "build",
        severity: "error",
        file: appRelativePath(location.file, options.appDir),
        line: positiveInteger(location.line),
        column: positiveInteger(location.column),
        code: compileErrorCode(block),
        message: [first.replace(/^Error: /, ""), ...rest.filter((line) => !/^Import map:/.test(line))].join("\n"),
      }),
    );
  }
  if (diagnostics.length === 0) diagnostics.push(...unlocatedBuildErrors(lines));
  return uniqueDiagnostics(diagnostics);
}

function compileErrorCode(block: string[]): string {
  const text = block.join("\n");
  if (/Module not found/.test(text)) return "module-not-found";
  if (/^Type error:/m.test(text)) return "type-error";
  if (/Parsing .* failed|Unexpected token|Expected /.test(text)) return "syntax-error";
  return "compile-error";
}

function unlocatedBuildErrors(lines: string[]): Diagnostic[] {
  const start = lines.findIndex((line) =>
    /^> Build error occurred|^Failed to compile|^Error occurred prerendering/.test(line),
  );
  if (start < 0) return [];
  const message: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s+at |^\[?ELIFECYCLE/.test(line)) break;
    if (line.trim()) message.push(line.trim());
    if (message.length >= 8) break;
  }
  const prerender = lines
    .slice(start)
    .join("\n")
    .match(/prerendering page "([^"]+)"/);
  return message.length
    ? [
        diagnostic({
          step: "build",
          severity: "error",
          code: prerender ? "prerender-error" : "build-error",
          message: message.join("\n"),
        }),
      ]
    : [];
}
