// Row-level security derived from an entity's ownership and access lists.
//   read    '*' = any signed-in user; 'anon' = also visitors (and then every signed-in user too); a name = has_role(name)
//   write   may insert, update and delete
//   manage  may read and change every user's rows of a per-user entity (and everything of a shared one)
// Per-user rows are visible to their owner only (plus manage roles); visitors never see them.
import { sqlIdent, sqlString } from "../../escape.ts";
import type { Entity } from "../../schema-types/manifest.ts";
import { type JoinTable, isManyToMany, joinTable } from "./names.ts";

/** A policy condition: `true`/`false` are folded away so that policies stay readable and impossible ones vanish. */
type Condition = boolean | string;

function or(...conditions: Condition[]): Condition {
  if (conditions.includes(true)) return true;
  const rest = [...new Set(conditions.filter((c): c is string => typeof c === "string"))];
  if (!rest.length) return false;
  return rest.length === 1 ? (rest[0] as string) : rest.map(operand).join(" or ");
}

function and(...conditions: Condition[]): Condition {
  if (conditions.includes(false)) return false;
  const rest = [...new Set(conditions.filter((c): c is string => typeof c === "string"))];
  if (!rest.length) return true;
  return rest.length === 1 ? (rest[0] as string) : rest.map(operand).join(" and ");
}

/** Parenthesises a condition only when it has a top-level and/or (role names are identifiers, so no quoted parens). */
function operand(condition: string): string {
  let depth = 0;
  for (let i = 0; i < condition.length; i++) {
    const c = condition[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && (condition.startsWith(" or ", i) || condition.startsWith(" and ", i))) return `(${condition})`;
  }
  return condition;
}

function text(condition: Condition): string {
  return typeof condition === "string" ? condition : String(condition);
}

/** `(select …)` lets Postgres evaluate the call once per statement instead of once per row. */
function hasAnyRole(roles: readonly string[]): Condition {
  if (roles.includes("*")) return true;
  return or(...[...new Set(roles.filter((r) => r !== "anon"))].sort().map((role) => `(select public.has_role(${sqlString(role)}))`));
}

function readRoles(entity: Entity): string[] {
  return entity.access.read.map((r) => (r === "anon" ? "*" : r));
}

function owns(alias: string): string {
  return `${alias}${sqlIdent("owner_id")} = (select auth.uid())`;
}

/** Who may see a row; `alias` qualifies owner_id when the row is reached through a subquery. */
function canRead(entity: Entity, alias = ""): Condition {
  if (entity.ownership === "user") return or(and(hasAnyRole(readRoles(entity)), owns(alias)), hasAnyRole(entity.access.manage));
  return hasAnyRole([...readRoles(entity), ...entity.access.manage]);
}

function canWrite(entity: Entity, alias = ""): Condition {
  if (entity.ownership === "user") return or(and(hasAnyRole(entity.access.write), owns(alias)), hasAnyRole(entity.access.manage));
  return hasAnyRole([...entity.access.write, ...entity.access.manage]);
}

export function visitorsCanRead(entity: Entity): boolean {
  return entity.ownership === "shared" && entity.access.read.includes("anon");
}

function table(name: string): string {
  return `public.${sqlIdent(name)}`;
}

function policy(name: string, on: string, command: string, roles: string, using?: Condition, check?: Condition): string {
  const lines = [`create policy ${sqlIdent(name)} on ${table(on)} for ${command} to ${roles}`];
  if (using !== undefined) lines.push(`  using (${text(using)})`);
  if (check !== undefined) lines.push(`  with check (${text(check)})`);
  return `${lines.join("\n")};`;
}

function enableRls(name: string): string {
  return `alter table ${table(name)} enable row level security;\nalter table ${table(name)} force row level security;`;
}

interface Privileges {
  authenticated: string[];
  anon: string[];
}

/** Table privileges follow the policies: a role gets a command only when some policy can let it through. */
function grants(name: string, privileges: Privileges): string {
  const lines = [`revoke all on table ${table(name)} from anon, authenticated;`];
  if (privileges.authenticated.length) lines.push(`grant ${privileges.authenticated.join(", ")} on table ${table(name)} to authenticated;`);
  if (privileges.anon.length) lines.push(`grant ${privileges.anon.join(", ")} on table ${table(name)} to anon;`);
  lines.push(`grant all on table ${table(name)} to service_role;`);
  return lines.join("\n");
}

export function entityPolicies(entity: Entity): string {
  const read = canRead(entity);
  const write = canWrite(entity);
  const statements = [enableRls(entity.table)];
  const privileges: Privileges = { authenticated: [], anon: [] };
  if (read !== false) {
    statements.push(policy("read", entity.table, "select", "authenticated", read));
    privileges.authenticated.push("select");
  }
  if (visitorsCanRead(entity)) {
    statements.push(policy("read as visitor", entity.table, "select", "anon", true));
    privileges.anon.push("select");
  }
  if (write !== false) {
    statements.push(
      policy("insert", entity.table, "insert", "authenticated", undefined, write),
      policy("update", entity.table, "update", "authenticated", write, write),
      policy("delete", entity.table, "delete", "authenticated", write),
    );
    privileges.authenticated.push("insert", "update", "delete");
  }
  statements.push(grants(entity.table, privileges));
  return statements.join("\n");
}

/** A link is visible with its parent row and may be added or removed by whoever may change the parent. */
export function joinTablePolicies(entity: Entity, target: Entity, join: JoinTable): string {
  const self = `${table(join.table)}.`;
  const parentIs = `parent.${sqlIdent("id")} = ${self}${sqlIdent(join.sourceColumn)}`;
  const parentVisible = `exists (select 1 from ${table(entity.table)} parent where ${parentIs})`;
  const writeParent = canWrite(entity, "parent.");
  const parentWritable = writeParent === false ? false : `exists (select 1 from ${table(entity.table)} parent where ${text(and(parentIs, writeParent))})`;
  const targetVisible = `exists (select 1 from ${table(target.table)} target where target.${sqlIdent("id")} = ${self}${sqlIdent(join.targetColumn)})`;

  const statements = [enableRls(join.table)];
  const privileges: Privileges = { authenticated: ["select"], anon: [] };
  const readers = visitorsCanRead(entity) ? "anon, authenticated" : "authenticated";
  if (visitorsCanRead(entity)) privileges.anon.push("select");
  statements.push(policy("read", join.table, "select", readers, parentVisible));
  if (parentWritable !== false) {
    statements.push(
      policy("insert", join.table, "insert", "authenticated", undefined, and(parentWritable, targetVisible)),
      policy("delete", join.table, "delete", "authenticated", parentWritable),
    );
    privileges.authenticated.push("insert", "delete");
  }
  statements.push(grants(join.table, privileges));
  return statements.join("\n");
}

export function manyToManyFields(entity: Entity) {
  return entity.fields.filter(isManyToMany).map((field) => ({ field, join: joinTable(entity, field) }));
}
