// Server-set values and actions in the database, where a client cannot get around them.
//   - Read-only fields (every user field, and fields marked read_only) get a trigger: when a client role (anon,
//     authenticated) inserts, the value is the column's default whatever the client sent; when it updates, the stored
//     value stays. The Supabase REST API, the app's own API and a form all meet the same trigger.
//   - Each action is one plpgsql function, security invoker (row-level security and grants apply exactly as for the
//     caller's own writes), run in the caller's transaction: role check, the row (404 when the caller cannot see it),
//     the guard (409), then the update and/or the related insert. Only an action's own statements may change
//     read-only fields: it says so in a transaction-local setting that the trigger reads, which a REST client cannot
//     set (PostgREST exposes functions of the public schema only, not set_config).
import { sqlDollarQuoted, sqlIdent, sqlString } from "../../escape.ts";
import type { Action, Assignment, Condition, Entity, Field, Manifest } from "../../schema-types/manifest.ts";
import { columnDefault, columnType, numberLiteral } from "./columns.ts";
import { columnName, objectName } from "./names.ts";
import { actionNotificationInserts } from "./notifications.ts";

/** SQLSTATE of a guard that does not hold; the app answers it with 409. */
export const GUARD_SQLSTATE = "AG409";
/** The transaction-local setting an action sets around its own writes. */
export const ACTION_SETTING = "appgen.action";
export const USER_EMAIL_FUNCTION = "public.appgen_user_email";

const table = (name: string) => `public.${sqlIdent(name)}`;

export const isReadOnly = (field: Field): boolean => field.type === "user" || field.read_only === true;

export function usesAccounts(manifest: Manifest): boolean {
  return manifest.entities.some((e) => e.fields.some((f) => f.type === "user"));
}

/**
 * A user field shows the account's e-mail address. Clients may not read auth.users, so this reads it with its owner's
 * rights, for one id at a time: whoever can read a row that names an account learns that account's address, nothing more.
 */
export function userEmailFunction(): string {
  return `create function ${USER_EMAIL_FUNCTION}(user_id uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select email from auth.users where id = user_id;
$$;
revoke all on function ${USER_EMAIL_FUNCTION}(uuid) from public, anon;
grant execute on function ${USER_EMAIL_FUNCTION}(uuid) to authenticated, service_role;`;
}

export const DROP_USER_EMAIL_FUNCTION = `drop function if exists ${USER_EMAIL_FUNCTION}(uuid);`;

export function serverValuesFunction(entity: Entity): string {
  return `public.${sqlIdent(objectName("appgen_server_values", entity.table))}`;
}

/** The trigger that keeps read-only fields out of clients' hands, or undefined when the entity has none. */
export function serverValuesSql(entity: Entity): string | undefined {
  const fields = entity.fields.filter((f) => isReadOnly(f) && !f.computed && columnName(f) !== undefined);
  if (fields.length === 0) return undefined;
  const fn = serverValuesFunction(entity);
  const column = (f: Field) => sqlIdent(columnName(f) as string);
  const body = `begin
  if current_user not in ('anon', 'authenticated') or coalesce(current_setting(${sqlString(ACTION_SETTING)}, true), '') <> '' then
    return new;
  end if;
  if tg_op = 'INSERT' then
${fields.map((f) => `    new.${column(f)} := ${columnDefault(f) ?? "null"};`).join("\n")}
  else
${fields.map((f) => `    new.${column(f)} := old.${column(f)};`).join("\n")}
  end if;
  return new;
end;`;
  return `create function ${fn}() returns trigger
language plpgsql
security invoker
set search_path = ''
as ${sqlDollarQuoted(body)};
revoke all on function ${fn}() from public;
create trigger appgen_server_values before insert or update on ${table(entity.table)}
  for each row execute function ${fn}();`;
}

export function dropServerValuesSql(entity: Entity): string {
  return `drop trigger if exists appgen_server_values on ${table(entity.table)};\ndrop function if exists ${serverValuesFunction(entity)}();`;
}

export function actionFunctionName(entity: Entity, action: Action): string {
  return objectName("appgen_action", entity.table, action.name);
}

export function actionFunction(entity: Entity, action: Action): string {
  return `public.${sqlIdent(actionFunctionName(entity, action))}`;
}

/** The roles that may run an action; undefined when every signed-in user may (row-level security still decides). */
export function actionRoles(entity: Entity, action: Action): string[] | undefined {
  const roles = action.roles ?? [...entity.access.write, ...entity.access.manage];
  if (roles.includes("*")) return undefined;
  return [...new Set(roles)].sort();
}

function constant(field: Field, value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (field.type === "user" && value === "current_user") return "(select auth.uid())";
  if (value === "now" && field.type === "date") return "current_date";
  if (value === "now" && field.type === "datetime") return "now()";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberLiteral(value);
  return `${sqlString(value)}::${columnType(field)}`;
}

/** The value an assignment gives a column, in SQL. */
function assigned(field: Field, assignment: Assignment): string {
  const column = columnName(field) as string;
  if (assignment.add !== undefined) return `coalesce(${sqlIdent(column)}, 0) + ${numberLiteral(assignment.add)}`;
  if (assignment.input) return `(input ->> ${sqlString(column)})::${columnType(field)}`;
  return constant(field, assignment.to ?? null);
}

function conditionSql(field: Field, condition: Condition, alias = "target"): string {
  const value = `${alias}.${sqlIdent(columnName(field) as string)}`;
  if (condition.empty !== undefined) return condition.empty ? `${value} is null` : `${value} is not null`;
  if (condition.at_least !== undefined) return `${value} >= ${numberLiteral(condition.at_least)}`;
  if (condition.at_most !== undefined) return `${value} <= ${numberLiteral(condition.at_most)}`;
  if (condition.not_equals !== undefined) return `${value} is distinct from ${constant(field, condition.not_equals)}`;
  return `${value} is not distinct from ${constant(field, condition.equals ?? null)}`;
}

/** The words of a condition, for the derived refusal: "Status is Open". */
export function describeCondition(field: Field, condition: Condition): string {
  const shown = (v: string | number | boolean) =>
    v === "current_user" ? "you" : typeof v === "string" && field.type === "enum" ? v.replaceAll("_", " ") : String(v);
  if (condition.empty !== undefined) return `${field.label} is ${condition.empty ? "empty" : "set"}`;
  if (condition.at_least !== undefined) return `${field.label} is at least ${condition.at_least}`;
  if (condition.at_most !== undefined) return `${field.label} is at most ${condition.at_most}`;
  if (condition.not_equals !== undefined) return `${field.label} is not ${shown(condition.not_equals)}`;
  return `${field.label} is ${shown(condition.equals ?? "")}`;
}

/** The 409 message of an action whose guard does not hold. */
export function refusalMessage(entity: Entity, action: Action): string {
  if (action.refusal) return action.refusal;
  if (action.pick) return `Nothing is left to pick: no ${entity.label.toLowerCase()} can be drawn now.`;
  const fields = new Map(entity.fields.map((f) => [f.name, f]));
  const parts = (action.when ?? []).flatMap((c) => {
    const field = fields.get(c.field);
    return field ? [describeCondition(field, c)] : [];
  });
  return `${action.label} is possible only when ${parts.join(" and ")}.`;
}

export function forbiddenMessage(action: Action): string {
  return `Your role may not run “${action.label}”.`;
}

export function notFoundMessage(entity: Entity): string {
  return `No such ${entity.label.toLowerCase()}, or it is not yours.`;
}

/** One action as one function. Expects a manifest that passed validateManifest. */
export function actionSql(manifest: Manifest, entity: Entity, action: Action): string {
  const fn = actionFunction(entity, action);
  const fields = new Map(entity.fields.map((f) => [f.name, f]));
  const roles = actionRoles(entity, action);
  const lines: string[] = [];
  if (roles) {
    const check = roles.map((r) => `(select public.has_role(${sqlString(r)}))`).join(" or ");
    lines.push(
      `  if not (${check}) then`,
      `    raise exception using errcode = 'insufficient_privilege', message = ${sqlString(forbiddenMessage(action))};`,
      `  end if;`,
    );
  }
  const pick = action.pick;
  if (pick) {
    // The server draws the row: each candidate's key is -ln(U)/weight (U uniform in (0, 1]); the smallest key wins
    // with probability weight / total weight. Rows another pick holds locked are passed over rather than waited for.
    const column = (name: string) => `t.${sqlIdent(columnName(fields.get(name) as Field) as string)}`;
    const candidates = [
      ...(action.when ?? []).map((c) => conditionSql(fields.get(c.field) as Field, c, "t")),
      ...(pick.stock ? [`${column(pick.stock)} > 0`] : []),
      `${column(pick.weight)} > 0`,
    ];
    lines.push(
      `  select * into target from ${table(entity.table)} t`,
      `    where ${candidates.map((c) => `coalesce(${c}, false)`).join("\n      and ")}`,
      `    order by -ln(1.0 - random()) / ${column(pick.weight)}::float8`,
      `    limit 1`,
      `    for update skip locked;`,
      `  if not found then`,
      `    raise exception using errcode = ${sqlString(GUARD_SQLSTATE)}, message = ${sqlString(refusalMessage(entity, action))};`,
      `  end if;`,
      `  row_id := target.${sqlIdent("id")};`,
    );
  } else {
    lines.push(
      `  select * into target from ${table(entity.table)} t where t.${sqlIdent("id")} = row_id${action.set ? " for update" : ""};`,
      `  if not found then`,
      `    raise exception using errcode = 'no_data_found', message = ${sqlString(notFoundMessage(entity))};`,
      `  end if;`,
    );
  }
  if (action.when && !pick) {
    const conditions = action.when.map((c) => conditionSql(fields.get(c.field) as Field, c));
    lines.push(
      `  if not coalesce(${conditions.length === 1 ? conditions[0] : conditions.map((c) => `(${c})`).join(" and ")}, false) then`,
      `    raise exception using errcode = ${sqlString(GUARD_SQLSTATE)}, message = ${sqlString(refusalMessage(entity, action))};`,
      `  end if;`,
    );
  }
  lines.push(
    `  perform set_config(${sqlString(ACTION_SETTING)}, ${sqlString(`${entity.table}.${action.name}`)}, true);`,
  );
  const stock = pick?.stock !== undefined ? sqlIdent(columnName(fields.get(pick.stock) as Field) as string) : undefined;
  if (action.set || stock) {
    const assignments = [
      ...(stock ? [`${stock} = ${stock} - 1`] : []),
      ...(action.set ?? []).map((a) => {
        const field = fields.get(a.field) as Field;
        return `${sqlIdent(columnName(field) as string)} = ${assigned(field, a)}`;
      }),
    ];
    lines.push(
      `  update ${table(entity.table)} set ${assignments.join(", ")} where ${sqlIdent("id")} = row_id;`,
      `  if not found then`,
      `    raise exception using errcode = 'insufficient_privilege', message = ${sqlString(`Your role may not change ${entity.plural_label.toLowerCase()}.`)};`,
      `  end if;`,
    );
  }
  const create = action.create;
  const target = create && manifest.entities.find((e) => e.name === create.entity);
  if (create && target) {
    const targetFields = new Map(target.fields.map((f) => [f.name, f]));
    const link = targetFields.get(create.link ?? "") as Field;
    const columns = [sqlIdent(columnName(link) as string)];
    const values = ["row_id"];
    for (const a of create.values ?? []) {
      const field = targetFields.get(a.field) as Field;
      columns.push(sqlIdent(columnName(field) as string));
      values.push(assigned(field, a));
    }
    lines.push(
      `  insert into ${table(target.table)} (${columns.join(", ")}) values (${values.join(", ")}) returning ${sqlIdent("id")} into created_id;`,
    );
  }
  // Messages about the row go into the outbox in the same transaction, while the action's setting allows it.
  lines.push(...actionNotificationInserts(manifest, entity, action));
  lines.push(`  perform set_config(${sqlString(ACTION_SETTING)}, '', true);`, `  return coalesce(created_id, row_id);`);
  const body = `declare
  target ${table(entity.table)};
  created_id uuid;
begin
${lines.join("\n")}
end;`;
  return `create function ${fn}(row_id uuid, input jsonb default '{}'::jsonb) returns uuid
language plpgsql
security invoker
set search_path = ''
as ${sqlDollarQuoted(body)};
revoke all on function ${fn}(uuid, jsonb) from public, anon;
grant execute on function ${fn}(uuid, jsonb) to authenticated, service_role;`;
}

export function dropActionSql(name: string): string {
  return `drop function if exists public.${sqlIdent(name)}(uuid, jsonb);`;
}

/** Every action function of a manifest by name, as a first migration creates it. */
export function actionFunctions(manifest: Manifest): Map<string, string> {
  return new Map(
    manifest.entities.flatMap((entity) =>
      (entity.actions ?? []).map(
        (action) => [actionFunctionName(entity, action), actionSql(manifest, entity, action)] as const,
      ),
    ),
  );
}

/** The first migration's section for server-set values and actions; undefined when the manifest has neither. */
export function serverValuesAndActions(manifest: Manifest): string | undefined {
  const parts: string[] = [];
  if (usesAccounts(manifest)) parts.push(userEmailFunction());
  for (const entity of manifest.entities) {
    const trigger = serverValuesSql(entity);
    if (trigger) parts.push(trigger);
  }
  parts.push(...actionFunctions(manifest).values());
  return parts.length ? parts.join("\n\n") : undefined;
}
