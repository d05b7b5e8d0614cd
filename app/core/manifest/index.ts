export type { Access, Auth, Entity, Field, Manifest, Page, Relation, Role, Theme } from "../schema-types/manifest.ts";
export { canonicalJson, canonicalManifest, manifestSha256 } from "./canonical.ts";
export { completeManifest } from "./complete.ts";
export { MAX_INPUT_BYTES, parseDocument } from "./parse.ts";
export { assertManifest, parseManifest, SYSTEM_COLUMNS, validateManifest, type ValidationResult } from "./validate.ts";
export { FIELD_TYPES, SCALAR_FIELD_TYPES } from "./field-types.ts";
