// A tiny code builder: generated TypeScript is assembled from lines and literals printed by one serializer, so
// every value lands in the output correctly quoted and escaped (no hand-built string soup).

import { tsString } from "../../escape.ts";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JavaScript literal for plain data: strings, numbers, booleans, null, arrays and objects (keys in given order). */
export function literal(value: unknown, indent = ""): string {
  if (typeof value === "string") return tsString(value);
  if (value === null || typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => literal(item, inner));
    const flat = `[${items.join(", ")}]`;
    if (flat.length <= 100 && !flat.includes("\n")) return flat;
    return `[\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const items = entries.map(([key, v]) => `${propertyKey(key)}: ${literal(v, inner)}`);
    const flat = `{ ${items.join(", ")} }`;
    if (flat.length <= 100 && !flat.includes("\n")) return flat;
    return `{\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}}`;
  }
  throw new TypeError(`cannot print a ${typeof value} as a literal`);
}

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : tsString(key);
}

/** Joins lines, dropping false/undefined entries so optional lines read naturally at the call site; ends with "\n". */
export function lines(...parts: (string | false | undefined | readonly string[])[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part === false || part === undefined) continue;
    if (typeof part === "string") out.push(part);
    else out.push(...part);
  }
  return `${out.join("\n")}\n`;
}

/** Indents every non-empty line of a block. */
export function indent(block: string, by = "  "): string {
  return block
    .split("\n")
    .map((line) => (line ? by + line : line))
    .join("\n");
}
