import "server-only";

import type { Tx } from "@/lib/db";
import type { EntityDefinition } from "@/lib/entity";
import { AppError } from "@/lib/errors";

export type AccessKind = "read" | "write";

/** Whether someone holding `roles` (null: a visitor) may read or write an entity's rows, by the manifest's access rules. */
export function may(entity: EntityDefinition, roles: readonly string[] | null, kind: AccessKind): boolean {
  if (roles === null) return kind === "read" && entity.publicRead;
  const allowed = [...entity.access[kind], ...entity.access.manage];
  return allowed.includes("*") || (kind === "read" && allowed.includes("anon")) || allowed.some((role) => roles.includes(role));
}

/** The roles of the transaction's user (row-level security lets each user read only their own). */
export async function rolesOf(tx: Tx): Promise<string[]> {
  const rows = await tx.unsafe("select role from public.user_roles where user_id = (select auth.uid())");
  return rows.map((row) => String(row.role));
}

/** What the transaction's user may do with an entity; the screens show only the controls they can use. */
export async function permissions(tx: Tx, entity: EntityDefinition, signedIn = true): Promise<Record<AccessKind, boolean>> {
  const roles = signedIn ? await rolesOf(tx) : null;
  return { read: may(entity, roles, "read"), write: may(entity, roles, "write") };
}

export function forbidden(entity: EntityDefinition, kind: AccessKind): AppError {
  return new AppError(403, "forbidden", `Your role may not ${kind === "read" ? "read" : "change"} ${entity.pluralLabel.toLowerCase()}.`);
}
