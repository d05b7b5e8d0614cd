// The canonical form of a manifest: keys in schema order, set-like arrays sorted, two-space JSON and a final newline.
// Same manifest, same bytes, same sha256 — the Appgen-Manifest-Sha trailer depends on it.
import { createHash } from "node:crypto";
import manifestSchema from "../../../schemas/manifest.schema.json" with { type: "json" };
import type { Manifest } from "../schema-types/manifest.ts";

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  uniqueItems?: boolean;
}

const defs = (manifestSchema as { $defs: Record<string, SchemaNode> }).$defs;
/** Arrays whose order carries no meaning; everything else (entities, fields, options, pages) keeps its order. */
const SET_ARRAYS = new Set(["auth.providers", "access.read", "access.write", "access.manage"]);

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref ? resolve(defs[node.$ref.replace("#/$defs/", "")] ?? {}) : node;
}

function order(value: unknown, node: SchemaNode, location: string): unknown {
  const schema = resolve(node);
  if (Array.isArray(value)) {
    const items = value.map((v) => order(v, schema.items ?? {}, ""));
    return SET_ARRAYS.has(location) ? [...items].sort() : items;
  }
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const known = Object.keys(schema.properties ?? {});
  const keys = [
    ...known.filter((k) => k in record),
    ...Object.keys(record)
      .filter((k) => !known.includes(k))
      .sort(),
  ];
  const out: Record<string, unknown> = {};
  const parent = location.split(".").at(-1);
  for (const key of keys) {
    if (record[key] === undefined) continue;
    out[key] = order(record[key], schema.properties?.[key] ?? {}, `${parent}.${key}`);
  }
  return out;
}

export function canonicalManifest(manifest: Manifest): Manifest {
  return order(manifest, manifestSchema as SchemaNode, "") as Manifest;
}

export function canonicalJson(manifest: Manifest): string {
  return `${JSON.stringify(canonicalManifest(manifest), null, 2)}\n`;
}

export function manifestSha256(manifest: Manifest): string {
  return createHash("sha256").update(canonicalJson(manifest)).digest("hex");
}
