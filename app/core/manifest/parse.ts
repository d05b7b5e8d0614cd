// Turns untrusted text (an issue body block, a file, LLM output) into a plain value, with hard limits.
import { parse as parseYaml } from "yaml";
import { AppgenError } from "../errors.ts";

export const MAX_INPUT_BYTES = 1024 * 1024;

export interface ParseOptions {
  /** Name of the input in error messages, e.g. a file path or "the appgen block". */
  source?: string;
  maxBytes?: number;
}

/** Parses JSON or YAML. Rejects input over the size limit and YAML alias bombs before they expand. */
export function parseDocument(text: string, options: ParseOptions = {}): unknown {
  const source = options.source ?? "input";
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) {
    throw new AppgenError(
      "INPUT_TOO_LARGE",
      `${source} is ${bytes} bytes; the limit is ${maxBytes} bytes. Describe the app more briefly or split it into several apps.`,
    );
  }
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return JSON.parse(text);
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true, strict: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AppgenError(
      "INPUT_UNPARSABLE",
      `${source} is not valid JSON or YAML: ${reason}. Fix the syntax and try again.`,
      [],
      {
        cause: error,
      },
    );
  }
}
