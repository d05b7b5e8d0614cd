// Derived defaults of statistics and leaderboards: labels, the measure, a date grouping's period, the chart and the
// leaderboard's person (the entity's only user field). Untrusted input: what is not as expected is left for ajv.
import { humanize } from "../naming.ts";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const DATE_TYPES = new Set(["date", "datetime"]);

function fieldsOf(entities: Json[], name: unknown): Json[] {
  const entity = entities.find((e) => e.name === name);
  return Array.isArray(entity?.fields) ? entity.fields.filter(isObject) : [];
}

export function completeStatistic(statistic: unknown, entities: Json[]): unknown {
  if (!isObject(statistic)) return statistic;
  const s: Json = { ...statistic };
  if (isString(s.name)) s.label ??= humanize(s.name);
  s.measure ??= "count";
  s.scope ??= "all";
  const groupBy = fieldsOf(entities, s.entity).find((f) => f.name === s.group_by);
  const byPeriod = DATE_TYPES.has(groupBy?.type as string);
  if (byPeriod) s.period ??= "month";
  s.chart ??= s.group_by === undefined ? "number" : byPeriod ? "line" : "bar";
  return s;
}

export function completeLeaderboard(leaderboard: unknown, entities: Json[]): unknown {
  if (!isObject(leaderboard)) return leaderboard;
  const l: Json = { ...leaderboard };
  if (isString(l.name)) l.label ??= humanize(l.name);
  l.measure ??= "count";
  l.limit ??= 10;
  const people = fieldsOf(entities, l.entity).filter((f) => f.type === "user");
  if (l.person === undefined && people.length === 1 && isString(people[0]?.name)) l.person = people[0].name;
  return l;
}

/** A notification's label, and an e-mail's subject (the label). */
export function completeNotification(notification: unknown): unknown {
  if (!isObject(notification)) return notification;
  const n: Json = { ...notification };
  if (isString(n.name)) n.label ??= humanize(n.name);
  if (n.channel === "email" && isString(n.label)) n.subject ??= n.label;
  return n;
}

/** Fills statistics, leaderboards and notifications of a manifest whose entities are already completed. */
export function completeStatistics(m: Json): void {
  const entities = Array.isArray(m.entities) ? m.entities.filter(isObject) : [];
  if (Array.isArray(m.statistics)) m.statistics = m.statistics.map((s) => completeStatistic(s, entities));
  if (Array.isArray(m.leaderboards)) m.leaderboards = m.leaderboards.map((l) => completeLeaderboard(l, entities));
  if (Array.isArray(m.notifications)) m.notifications = m.notifications.map(completeNotification);
}
