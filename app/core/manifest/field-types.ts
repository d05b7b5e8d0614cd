// The field types the manifest schema allows, read from the schema itself so no list of them can drift from it.
import manifestSchema from "../../../schemas/manifest.schema.json" with { type: "json" };
import type { Field } from "../schema-types/manifest.ts";

export const FIELD_TYPES: readonly Field["type"][] = manifestSchema.$defs.field.properties.type.enum as Field["type"][];

/** Types of a value a person types or picks, as opposed to a link to a row or an account. */
export const SCALAR_FIELD_TYPES: readonly Field["type"][] = FIELD_TYPES.filter((t) => t !== "relation" && t !== "user");
