// Statistics and leaderboards in the database, one function each.
//   - A statistic is `security invoker`: it runs as the caller, so row-level security decides which rows it
//     aggregates, exactly as for the caller's own list. It returns (key, label, value) rows: one row without
//     group_by; every option of an enum or boolean (zero included), in order; one row per related row or per period.
//   - A leaderboard is `security definer` (fixed search_path): it reads every row of the entity to rank people, so it
//     returns nothing of the rows, only (place, person, value, is_me). Nobody's account is named: the caller is
//     'You', everyone else 'Member <place>'. An e-mail address or an account id would tell the caller whose totals
//     they see (and the ids of accounts that never shared a row with them); the app has no display name to show.
//     Roles that may not read the entity get no rows.
import { sqlDollarQuoted, sqlIdent, sqlString } from "../../escape.ts";
import { optionLabel } from "../../naming.ts";
import type { Entity, Field, Leaderboard, Manifest, Statistic } from "../../schema-types/manifest.ts";
import { columnName, objectName } from "./names.ts";

const table = (name: string) => `public.${sqlIdent(name)}`;
const column = (field: Field, alias = "t") => `${alias}.${sqlIdent(columnName(field) as string)}`;
const PERIOD_LABELS = { day: "FMDD Mon YYYY", week: "FMDD Mon YYYY", month: "Mon YYYY" } as const;

export function statisticFunctionName(statistic: Statistic): string {
  return objectName("appgen_stat", statistic.name);
}

export function leaderboardFunctionName(leaderboard: Leaderboard): string {
  return objectName("appgen_leaderboard", leaderboard.name);
}

function entityOf(manifest: Manifest, name: string): Entity {
  const entity = manifest.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`db stage: no entity '${name}' (validate the manifest first)`);
  return entity;
}

function fieldOf(entity: Entity, name: string | undefined): Field {
  const field = entity.fields.find((f) => f.name === name);
  if (!field) throw new Error(`db stage: no field '${name}' in '${entity.name}' (validate the manifest first)`);
  return field;
}

function measureSql(entity: Entity, measure: Statistic["measure"], fieldName: string | undefined): string {
  if (measure === "count") return `count(t.${sqlIdent("id")})::numeric`;
  const value = column(fieldOf(entity, fieldName));
  return measure === "sum" ? `coalesce(sum(${value}), 0)::numeric` : `round(avg(${value})::numeric, 2)`;
}

/** The body of a statistic's function: one select, grouped as the statistic says. */
function statisticQuery(manifest: Manifest, statistic: Statistic): string {
  const entity = entityOf(manifest, statistic.entity);
  const value = measureSql(entity, statistic.measure, statistic.field);
  const mine = statistic.scope === "mine" ? `t.${sqlIdent("owner_id")} = (select auth.uid())` : undefined;
  const from = `${table(entity.table)} t`;
  if (statistic.group_by === undefined) {
    return `select null::text as key, null::text as label, ${value} as value\nfrom ${from}${mine ? `\nwhere ${mine}` : ""};`;
  }
  const group = fieldOf(entity, statistic.group_by);
  if (group.type === "enum" || group.type === "boolean") {
    const options: [string, string][] =
      group.type === "boolean"
        ? [
            ["true", "Yes"],
            ["false", "No"],
          ]
        : (group.options ?? []).map((o) => [o, optionLabel(o, group.option_labels)]);
    const values = options.map(([key, label], i) => `(${sqlString(key)}, ${sqlString(label)}, ${i + 1})`).join(", ");
    return `select o.key, o.label, ${value} as value
from (values ${values}) as o (key, label, position)
left join ${from} on ${column(group)}::text = o.key${mine ? ` and ${mine}` : ""}
group by o.key, o.label, o.position
order by o.position;`;
  }
  if (group.type === "relation") {
    const target = entityOf(manifest, group.relation?.target ?? "");
    const display = target.fields.find((f) => f.name === target.display_field);
    const label = display && columnName(display) ? `r.${sqlIdent(columnName(display) as string)}::text` : "null::text";
    return `select ${column(group)}::text as key, ${label} as label, ${value} as value
from ${from}
left join ${table(target.table)} r on r.${sqlIdent("id")} = ${column(group)}${mine ? `\nwhere ${mine}` : ""}
group by ${column(group)}, ${label}
order by value desc, label nulls last, key nulls last;`;
  }
  // A date or a time, bucketed by period; times by their UTC date, so the buckets do not depend on the session.
  const period = statistic.period ?? "month";
  const instant = group.type === "datetime" ? `(${column(group)} at time zone 'UTC')` : `${column(group)}::timestamp`;
  const bucket = `date_trunc(${sqlString(period)}, ${instant})`;
  const conditions = [`${column(group)} is not null`, ...(mine ? [mine] : [])];
  return `select to_char(${bucket}, 'YYYY-MM-DD') as key, to_char(${bucket}, ${sqlString(PERIOD_LABELS[period])}) as label, ${value} as value
from ${from}
where ${conditions.join(" and ")}
group by ${bucket}
order by ${bucket};`;
}

export function statisticSql(manifest: Manifest, statistic: Statistic): string {
  const fn = `public.${sqlIdent(statisticFunctionName(statistic))}`;
  return `create function ${fn}() returns table (key text, label text, value numeric)
language sql
stable
security invoker
set search_path = ''
as ${sqlDollarQuoted(statisticQuery(manifest, statistic))};
revoke all on function ${fn}() from public, anon;
grant execute on function ${fn}() to authenticated, service_role;`;
}

/** Roles that may see a leaderboard: those that may read its entity, or undefined when every signed-in user may. */
function leaderboardRoles(entity: Entity): string[] | undefined {
  const roles = [...entity.access.read, ...entity.access.manage].map((r) => (r === "anon" ? "*" : r));
  return roles.includes("*") ? undefined : [...new Set(roles)].sort();
}

export function leaderboardSql(manifest: Manifest, leaderboard: Leaderboard): string {
  const fn = `public.${sqlIdent(leaderboardFunctionName(leaderboard))}`;
  const entity = entityOf(manifest, leaderboard.entity);
  const person = column(fieldOf(entity, leaderboard.person));
  const value = measureSql(entity, leaderboard.measure, leaderboard.field);
  const roles = leaderboardRoles(entity);
  const allowed = roles
    ? `\n  and (${roles.map((r) => `(select public.has_role(${sqlString(r)}))`).join(" or ")})`
    : "";
  const body = `with totals as (
  select ${person} as person_id, ${value} as value
  from ${table(entity.table)} t
  where ${person} is not null${allowed}
  group by ${person}
), ranked as (
  select person_id, value, rank() over (order by value desc) as place,
    row_number() over (order by value desc, person_id) as position
  from totals
)
select place, case when person_id = (select auth.uid()) then 'You' else 'Member ' || position end, value,
  person_id is not distinct from (select auth.uid())
from ranked
order by position
limit ${leaderboard.limit};`;
  return `create function ${fn}() returns table (place bigint, person text, value numeric, is_me boolean)
language sql
stable
security definer
set search_path = ''
as ${sqlDollarQuoted(body)};
revoke all on function ${fn}() from public, anon;
grant execute on function ${fn}() to authenticated, service_role;`;
}

export function dropStatisticSql(name: string): string {
  return `drop function if exists public.${sqlIdent(name)}();`;
}

/** Every statistic and leaderboard function of a manifest by name, as a first migration creates it. */
export function statisticFunctions(manifest: Manifest): Map<string, string> {
  return new Map([
    ...(manifest.statistics ?? []).map((s) => [statisticFunctionName(s), statisticSql(manifest, s)] as const),
    ...(manifest.leaderboards ?? []).map((l) => [leaderboardFunctionName(l), leaderboardSql(manifest, l)] as const),
  ]);
}

/** The first migration's section for statistics; undefined when the manifest has none. */
export function statisticsSection(manifest: Manifest): string | undefined {
  const functions = [...statisticFunctions(manifest).values()];
  return functions.length ? functions.join("\n\n") : undefined;
}
