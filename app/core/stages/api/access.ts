// Who may call an operation, derived from `entity.access`. Shared by the API document and the UI spec.
import type { Entity } from "../../schema-types/manifest.ts";

export type AccessKind = "read" | "write";

/** Roles ('*', 'anon' or role names) allowed to read or write; 'manage' roles may do both on every row. */
export function allowedRoles(entity: Entity, kind: AccessKind): string[] {
  return [...new Set([...entity.access[kind], ...entity.access.manage])].sort();
}

export const allowsVisitors = (entity: Entity, kind: AccessKind): boolean =>
  kind === "read" && entity.access.read.includes("anon");
/** Whether a signed-in user can be refused for their role (rather than every signed-in user being let in). */
export const restrictsRoles = (entity: Entity, kind: AccessKind): boolean =>
  !allowedRoles(entity, kind).some((r) => r === "*" || r === "anon");

function describeRoles(roles: string[]): string {
  if (roles.includes("anon")) return "anyone, signed in or not";
  if (roles.includes("*")) return "any signed-in user";
  if (roles.length === 0) return "no role";
  return `signed-in users with the role ${roles.map((r) => `'${r}'`).join(" or ")}`;
}

/** One or two sentences for an operation's description: who may call it and which rows they see. */
export function describeAccess(entity: Entity, kind: AccessKind): string {
  const verb = kind === "read" ? "Readable" : "Writable";
  const sentences = [`${verb} by ${describeRoles(allowedRoles(entity, kind))}.`];
  if (entity.ownership === "user") {
    const managers = entity.access.manage.length
      ? ` Users with the role ${entity.access.manage.map((r) => `'${r}'`).join(" or ")} reach every row.`
      : "";
    sentences.push(
      `Each row belongs to the user who created it; other users' rows are left out of lists and answer 404 by id.${managers}`,
    );
  }
  return sentences.join(" ");
}
