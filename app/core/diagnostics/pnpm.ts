// pnpm failures carry a stable ERR_PNPM_* code. pnpm 12 prints "Error: ERR_PNPM_X" and then a boxed report
// ("× what failed", "╰─▶ why", wrapped at 80 columns, "help: …"); pnpm 8–10 printed " ERR_PNPM_X  message".
import type { Diagnostic, Step } from "../schema-types/diagnostics.ts";
import { diagnostic, plainLines, type ParseOptions } from "./text.ts";

const CODE = /\b(?<code>ERR_PNPM_[A-Z0-9_]+)\b\s*(?<message>.*)$/;
// Box-drawing and marker characters pnpm 12 puts before each line of its report.
const GUTTER = /^[\s│├╰─▶×]*/u;

export function parsePnpmOutput(text: string, options: ParseOptions & { step?: Step } = {}): Diagnostic[] {
  const step = options.step ?? "install";
  const lines = plainLines(text);
  const diagnostics: Diagnostic[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = CODE.exec(lines[index] ?? "")?.groups;
    if (!match?.code) continue;
    const out: string[] = match.message?.trim() ? [match.message.trim()] : [];
    let breakBefore = true;
    while (
      index + 1 < lines.length &&
      !CODE.test(lines[index + 1] ?? "") &&
      !/^\[?ELIFECYCLE|^\S+ ELIFECYCLE/.test(lines[index + 1] ?? "")
    ) {
      index++;
      const raw = lines[index] ?? "";
      const content = raw.replace(GUTTER, "").trim();
      if (!content) {
        breakBefore = true;
        continue;
      }
      // pnpm wraps at 80 columns: a line continues the previous one unless a marker, a list item or a colon
      // says a new thought starts.
      const last = out.at(-1);
      const startsThought =
        breakBefore ||
        /^\s*(?:[├╰]─▶|×|help:)/u.test(raw) ||
        /^[*-] /.test(content) ||
        last === undefined ||
        last.endsWith(":");
      if (startsThought) out.push(content);
      else out[out.length - 1] = `${last} ${content}`;
      breakBefore = false;
    }
    const message = out.filter((line) => line !== "installing dependencies").join("\n");
    diagnostics.push(
      diagnostic({
        step,
        severity: "error",
        code: match.code,
        file: /LOCKFILE/.test(match.code) ? "pnpm-lock.yaml" : undefined,
        message: message || match.code,
      }),
    );
  }
  return diagnostics;
}
