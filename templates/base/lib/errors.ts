import type { EntityDefinition } from "@/lib/entity";

export type ErrorCode = "unauthorized" | "forbidden" | "not_found" | "validation_failed" | "conflict";

/** A failure with the status and body the API contract (appgen/openapi.json) gives it. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.fields && { fields: this.fields }) } };
  }
}

interface DatabaseError {
  code?: string;
  detail?: string;
  column_name?: string;
  constraint_name?: string;
}

function fieldOfColumn(entity: EntityDefinition, column: string | undefined) {
  if (!column) return undefined;
  return entity.fields.find((field) => field.column === column);
}

function propertyOfColumn(entity: EntityDefinition, column: string | undefined): string | undefined {
  return fieldOfColumn(entity, column)?.property;
}

/**
 * The field a constraint belongs to, by the names the migration gives them (`<table>_<column>_key`, `…_fkey`,
 * `…_check`). Under row-level security Postgres leaves the key out of the error's detail, so the name is what is left.
 */
function fieldOfConstraint(entity: EntityDefinition, constraint: string, suffix: string) {
  return entity.fields.find((field) => field.column && constraint === `${entity.table}_${field.column}_${suffix}`);
}

/** Postgres errors that a user can cause, as the API's 403/409/422 answers; anything else stays a 500. */
export function fromDatabaseError(entity: EntityDefinition, error: unknown): AppError | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const { code, detail = "", column_name, constraint_name = "" } = error as DatabaseError;
  const keyColumn = /Key \(([^)]+)\)/.exec(detail)?.[1]?.split(", ")[0]?.replaceAll('"', "");
  switch (code) {
    case "42501":
      return new AppError(403, "forbidden", `Your role may not change ${entity.pluralLabel.toLowerCase()}.`);
    case "23505": {
      if (entity.singleton && constraint_name === `${entity.table}_owner_id_key`) {
        return new AppError(409, "conflict", `You already have a ${entity.label.toLowerCase()}: change it at /${entity.path}/mine.`);
      }
      const keyColumns = /Key \(([^)]+)\)/.exec(detail)?.[1]?.split(", ").map((c) => c.replaceAll('"', "")) ?? [];
      const property = fieldOfConstraint(entity, constraint_name, "key")?.property ?? keyColumns.map((c) => propertyOfColumn(entity, c)).find(Boolean) ?? "id";
      return new AppError(422, "validation_failed", "A row with this value already exists.", { [property]: "This value is already taken." });
    }
    case "23503": {
      if (/still referenced/.test(detail)) {
        return new AppError(409, "conflict", `Other rows still refer to this ${entity.label.toLowerCase()}: delete or change them first.`);
      }
      // A reference to a row the user may not see fails exactly like one to a row that does not exist.
      const field = fieldOfColumn(entity, column_name) ?? fieldOfConstraint(entity, constraint_name, "fkey") ?? fieldOfColumn(entity, keyColumn);
      if (field) {
        const name = field.label.toLowerCase();
        return new AppError(422, "validation_failed", `No such ${name}, or it is not yours.`, { [field.property]: `No such ${name}.` });
      }
      const property = propertyOfManyToMany(entity, constraint_name) ?? "id";
      return new AppError(422, "validation_failed", "A related row does not exist.", { [property]: "No such row." });
    }
    case "23502": {
      const property = propertyOfColumn(entity, column_name) ?? column_name ?? "id";
      return new AppError(422, "validation_failed", "A required value is missing.", { [property]: "Required." });
    }
    case "23514": {
      const property = entity.fields.find((field) => field.column && constraint_name.includes(field.column))?.property ?? "id";
      return new AppError(422, "validation_failed", "A value is out of range.", { [property]: "This value is not allowed." });
    }
    case "22P02":
    case "22003":
    case "22007":
    case "22008":
      return new AppError(422, "validation_failed", "A value has the wrong format.", {});
    default:
      return undefined;
  }
}

/** A failure of an action's database function: its guard (409), its row (404) and its roles (403) say why in words. */
export function fromActionError(entity: EntityDefinition, error: unknown): AppError | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === "AG409") return new AppError(409, "conflict", message ?? "This action does not apply to the row now.");
    if (code === "P0002") return new AppError(404, "not_found", message ?? `No such ${entity.label.toLowerCase()}, or it is not yours.`);
    if (code === "42501" && message && !message.startsWith("permission denied") && !message.includes("row-level security")) return new AppError(403, "forbidden", message);
  }
  return fromDatabaseError(entity, error);
}

function propertyOfManyToMany(entity: EntityDefinition, constraint: string): string | undefined {
  return entity.fields.find((field) => field.relation?.joinTable && constraint.startsWith(field.relation.joinTable))?.property;
}
