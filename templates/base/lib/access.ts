import "server-only";

import type { Tx } from "@/lib/db";
import type { EntityDefinition } from "@/lib/entity";
import { AppError } from "@/lib/errors";
import { userRoles } from "@/lib/records";

export type AccessKind = "read" | "write";

/** Whether someone holding `roles` (null: a visitor) may read or write an entity's rows, by the manifest's access rules. */
export function may(entity: EntityDefinition, roles: readonly string[] | null, kind: AccessKind): boolean {
  if (roles === null) return kind === "read" && entity.publicRead;
  const allowed = [...entity.access[kind], ...entity.access.manage];
  return allowed.includes("*") || (kind === "read" && allowed.includes("anon")) || allowed.some((role) => roles.includes(role));
}

/** The roles of the transaction's user (row-level security lets each user read only their own). */
export const rolesOf = userRoles;

/** What the transaction's user may do with an entity, and their roles; the screens show only the controls they can use. */
export async function permissions(tx: Tx, entity: EntityDefinition): Promise<Record<AccessKind, boolean> & { roles: string[] }> {
  const roles = await userRoles(tx);
  return { read: may(entity, roles, "read"), write: may(entity, roles, "write"), roles };
}

export function forbidden(entity: EntityDefinition, kind: AccessKind): AppError {
  return new AppError(403, "forbidden", `Your role may not ${kind === "read" ? "read" : "change"} ${entity.pluralLabel.toLowerCase()}.`);
}
