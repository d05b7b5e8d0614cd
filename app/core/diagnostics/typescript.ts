// tsc output, in both of its formats: plain (`file(line,col): error TS2322: …`, what `tsc` prints to a pipe and
// what `next build` prints) and pretty (`file:line:col - error TS2322: …` with a code frame, a TTY or --pretty).
// Indented lines after an error are its elaboration ("Property 'x' does not exist…") and stay in the message.
import type { Diagnostic, Step } from "../schema-types/diagnostics.ts";
import { appRelativePath, diagnostic, plainLines, positiveInteger, type ParseOptions } from "./text.ts";

const PLAIN =
  /^(?<file>\S.*?)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<code>TS\d+): (?<message>.*)$/;
const PRETTY =
  /^(?<file>\S.*?):(?<line>\d+):(?<column>\d+) - (?<severity>error|warning) (?<code>TS\d+): (?<message>.*)$/;
// Errors without a location, e.g. "error TS5083: Cannot read file 'tsconfig.json'."
const GLOBAL = /^(?<severity>error|warning) (?<code>TS\d+): (?<message>.*)$/;

export function parseTypeScriptOutput(text: string, options: ParseOptions & { step?: Step } = {}): Diagnostic[] {
  const step = options.step ?? "typecheck";
  const lines = plainLines(text);
  const diagnostics: Diagnostic[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const plain = PLAIN.exec(line);
    const pretty = plain ? null : PRETTY.exec(line);
    const global = plain || pretty ? null : GLOBAL.exec(line);
    const groups = (plain ?? pretty ?? global)?.groups;
    if (!groups) continue;
    const message = [groups.message ?? ""];
    // Elaboration lines are indented by two spaces per level; the pretty format's code frame starts after a blank.
    while (index + 1 < lines.length && /^ {2,}\S/.test(lines[index + 1] ?? "")) {
      index++;
      message.push((lines[index] ?? "").trimEnd());
    }
    diagnostics.push(
      diagnostic({
        step,
        severity: groups.severity === "warning" ? "warning" : "error",
        code: groups.code,
        message: message.join("\n"),
        file: groups.file === undefined ? undefined : appRelativePath(groups.file, options.appDir),
        line: positiveInteger(groups.line),
        column: positiveInteger(groups.column),
      }),
    );
  }
  return diagnostics;
}
