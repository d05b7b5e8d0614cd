// Row-level security derived from an entity's ownership and access lists.
//   read    '*' = any signed-in user; 'anon' = also visitors (and then every signed-in user too); a name = has_role(name)
//   write   may insert, update and delete
//   manage  may read and change every user's rows of a per-user entity (and everything of a shared one)
// Per-user rows are visible to their owner only (plus manage roles); visitors never see them.
import { sqlIdent, sqlString } from "../../escape.ts";
import type { Entity, Field } from "../../schema-types/manifest.ts";
import { type JoinTable, columnName, isManyToMany, joinTable, objectName } from "./names.ts";

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
    else if (depth === 0 && (condition.startsWith(" or ", i) || condition.startsWith(" and ", i)))
      return `(${condition})`;
  }
  return condition;
}

function text(condition: Condition): string {
  return typeof condition === "string" ? condition : String(condition);
}

/** `(select …)` lets Postgres evaluate the call once per statement instead of once per row. */
function hasAnyRole(roles: readonly string[]): Condition {
  if (roles.includes("*")) return true;
  return or(
    ...[...new Set(roles.filter((r) => r !== "anon"))]
      .sort()
      .map((role) => `(select public.has_role(${sqlString(role)}))`),
  );
}

function readRoles(entity: Entity): string[] {
  return entity.access.read.map((r) => (r === "anon" ? "*" : r));
}

function owns(alias: string): string {
  return `${alias}${sqlIdent("owner_id")} = (select auth.uid())`;
}

/** Who may see a row; `alias` qualifies owner_id when the row is reached through a subquery. */
function canRead(entity: Entity, alias = ""): Condition {
  if (entity.ownership === "user")
    return or(and(hasAnyRole(readRoles(entity)), owns(alias)), hasAnyRole(entity.access.manage));
  return hasAnyRole([...readRoles(entity), ...entity.access.manage]);
}

function canWrite(entity: Entity, alias = ""): Condition {
  if (entity.ownership === "user")
    return or(and(hasAnyRole(entity.access.write), owns(alias)), hasAnyRole(entity.access.manage));
  return hasAnyRole([...entity.access.write, ...entity.access.manage]);
}

export function visitorsCanRead(entity: Entity): boolean {
  return entity.ownership === "shared" && entity.access.read.includes("anon");
}

function table(name: string): string {
  return `public.${sqlIdent(name)}`;
}

function policy(
  name: string,
  on: string,
  command: string,
  roles: string,
  using?: Condition,
  check?: Condition,
): string {
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
  if (privileges.authenticated.length)
    lines.push(`grant ${privileges.authenticated.join(", ")} on table ${table(name)} to authenticated;`);
  if (privileges.anon.length) lines.push(`grant ${privileges.anon.join(", ")} on table ${table(name)} to anon;`);
  lines.push(`grant all on table ${table(name)} to service_role;`);
  return lines.join("\n");
}

export function entityPolicies(entity: Entity, targetOf: (field: Field) => Entity): string {
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
  const references = referencePolicies(entity, targetOf);
  if (references !== undefined) statements.push(references);
  return statements.join("\n");
}

/** `exists (…)` over `target` for the row whose id is `idExpression`; false when no signed-in user may read target. */
function visibleRow(target: Entity, alias: string, idExpression: string): Condition {
  if (canRead(target) === false) return false;
  return `exists (select 1 from ${table(target.table)} ${alias} where ${alias}.${sqlIdent("id")} = ${idExpression})`;
}

/**
 * A link is visible when both its rows are: a reader learns nothing about rows hidden from them, not even their ids.
 * It may be added by whoever may change the parent and see the target, and removed under the same rule, so a save
 * of the parent can never drop links to rows the editor cannot see. The subqueries run with the reader's rights,
 * so the parent's and the target's own policies decide.
 */
export function joinTablePolicies(entity: Entity, target: Entity, join: JoinTable): string {
  const self = `${table(join.table)}.`;
  const parentIs = `parent.${sqlIdent("id")} = ${self}${sqlIdent(join.sourceColumn)}`;
  const parentVisible = `exists (select 1 from ${table(entity.table)} parent where ${parentIs})`;
  const writeParent = canWrite(entity, "parent.");
  const parentWritable =
    writeParent === false
      ? false
      : `exists (select 1 from ${table(entity.table)} parent where ${text(and(parentIs, writeParent))})`;
  const targetVisible = visibleRow(target, "target", `${self}${sqlIdent(join.targetColumn)}`);

  const statements = [enableRls(join.table)];
  const privileges: Privileges = { authenticated: ["select"], anon: [] };
  statements.push(policy("read", join.table, "select", "authenticated", and(parentVisible, targetVisible)));
  if (visitorsCanRead(entity)) {
    // Visitors may query the links of rows they can read; they see those whose target they may read too.
    privileges.anon.push("select");
    if (visitorsCanRead(target))
      statements.push(policy("read as visitor", join.table, "select", "anon", and(parentVisible, targetVisible)));
  }
  const linkWritable = and(parentWritable, targetVisible);
  if (linkWritable !== false) {
    statements.push(
      policy("insert", join.table, "insert", "authenticated", undefined, linkWritable),
      policy("delete", join.table, "delete", "authenticated", linkWritable),
    );
    privileges.authenticated.push("insert", "delete");
  }
  statements.push(grants(join.table, privileges));
  return statements.join("\n");
}

/**
 * A foreign key may only point at a row its writer can see. Otherwise a user could probe another user's private
 * rows by id ("saved" means it exists) and, with on delete restrict, keep their owner from deleting them.
 * A trigger rather than a `with check` policy: it checks only references that an insert sets or an update changes
 * (so an editor keeps a reference to a row they cannot see, set by someone who could), and it answers like the
 * foreign key itself (23503, the same message and, as Postgres words it under row-level security, a detail without
 * the key), so an invisible row and a missing one look the same. Like the foreign
 * key's own triggers it runs after the row, at the end of the statement, so one statement may insert rows that
 * refer to each other (the seed does, for cycles). The function runs
 * with the writer's rights (security invoker), so the lookups see exactly what the writer's policies allow; roles
 * that bypass row-level security (the seed, service_role) see every row.
 */
/** Every policy name appgen gives a table, so a migration can drop a table's policies before creating new ones. */
export const POLICY_NAMES = ["read", "read as visitor", "insert", "update", "delete"] as const;

export function referenceCheckFunction(entity: Entity): string {
  return `public.${sqlIdent(objectName("appgen_check_refs", entity.table))}`;
}

export function referencePolicies(entity: Entity, targetOf: (field: Field) => Entity): string | undefined {
  const references = entity.fields.filter((f) => f.type === "relation" && !isManyToMany(f));
  if (references.length === 0) return undefined;
  const fn = referenceCheckFunction(entity);
  const checks = references.map((field) => {
    const target = targetOf(field);
    const column = columnName(field) as string;
    const value = `new.${sqlIdent(column)}`;
    const selfReference = target.name === entity.name ? ` and ${value} is distinct from new.${sqlIdent("id")}` : "";
    const constraint = objectName(entity.table, column, "fkey");
    return `  if ${value} is not null${selfReference} and (tg_op = 'INSERT' or ${value} is distinct from old.${sqlIdent(column)})
     and not exists (select 1 from ${table(target.table)} r where r.${sqlIdent("id")} = ${value}) then
    raise exception using
      errcode = 'foreign_key_violation',
      message = ${sqlString(`insert or update on table "${entity.table}" violates foreign key constraint "${constraint}"`)},
      detail = ${sqlString(`Key is not present in table "${target.table}".`)},
      schema = 'public', table = ${sqlString(entity.table)}, column = ${sqlString(column)}, constraint = ${sqlString(constraint)};
  end if;`;
  });
  return `create function ${fn}() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
${checks.join("\n")}
  return null;
end;
$$;
revoke all on function ${fn}() from public;
create trigger appgen_check_refs after insert or update on ${table(entity.table)}
  for each row execute function ${fn}();`;
}

export function manyToManyFields(entity: Entity) {
  return entity.fields.filter(isManyToMany).map((field) => ({ field, join: joinTable(entity, field) }));
}
