// ESLint 9: the JSON formatter (`eslint -f json`, what appgen check runs) and the default stylish formatter
// (what a plain `pnpm lint` prints in a CI log).
import type { Diagnostic } from "../schema-types/diagnostics.ts";
import { appRelativePath, diagnostic, plainLines, positiveInteger, type ParseOptions } from "./text.ts";

interface EslintMessage {
  ruleId?: string | null;
  severity?: number;
  message?: string;
  line?: number;
  column?: number;
  fatal?: boolean;
}

interface EslintFileResult {
  filePath?: string;
  messages?: EslintMessage[];
}

/** Parses `eslint -f json` output; anything that is not that JSON yields no diagnostics, never an exception. */
export function parseEslintJson(json: string, options: ParseOptions = {}): Diagnostic[] {
  let results: unknown;
  try {
    results = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(results)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const result of results as EslintFileResult[]) {
    if (typeof result !== "object" || result === null || !Array.isArray(result.messages)) continue;
    const file = typeof result.filePath === "string" ? appRelativePath(result.filePath, options.appDir) : undefined;
    for (const message of result.messages) {
      diagnostics.push(
        diagnostic({
          step: "lint",
          file,
          line: positiveInteger(String(message.line)),
          column: positiveInteger(String(message.column)),
          // Parse errors have no rule; name them so a fixer can tell them from rule violations.
          code: message.ruleId ?? (message.fatal ? "parsing-error" : undefined),
          severity: message.severity === 1 ? "warning" : "error",
          message: message.message ?? "",
        }),
      );
    }
  }
  return diagnostics;
}

// "  11:9   warning  'unused' is assigned a value but never used  @typescript-eslint/no-unused-vars"
const STYLISH_MESSAGE = /^\s+(?<line>\d+):(?<column>\d+)\s+(?<severity>error|warning)\s+(?<rest>.*?)\s*$/;
const RULE_AT_END = /^(?<message>.*?)\s{2,}(?<rule>@?[\w-]+(?:\/[\w-]+)*)$/;

export function parseEslintStylish(text: string, options: ParseOptions = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let file: string | undefined;
  for (const line of plainLines(text)) {
    if (/^\S/.test(line) && !/^[✖✔$>]/.test(line) && !/^\[?ELIFECYCLE/.test(line) && !/^ESLint /.test(line)) {
      file = appRelativePath(line, options.appDir);
      continue;
    }
    const match = STYLISH_MESSAGE.exec(line)?.groups;
    if (!match || file === undefined) continue;
    const rest = match.rest ?? "";
    const withRule = RULE_AT_END.exec(rest)?.groups;
    const isParseError = rest.startsWith("Parsing error:");
    diagnostics.push(
      diagnostic({
        step: "lint",
        file,
        line: positiveInteger(match.line),
        column: positiveInteger(match.column),
        code: isParseError ? "parsing-error" : withRule?.rule,
        severity: match.severity === "warning" ? "warning" : "error",
        message: isParseError ? rest : (withRule?.message ?? rest),
      }),
    );
  }
  return diagnostics;
}
