// What a statistic should answer, worked out from the rows themselves as the list API gives them to the same user:
// the generated statistics tests compare this with GET /api/stats/<name> and with the dashboard.
import { expect, type APIRequestContext } from "@playwright/test";

import type { StatisticPoint, StatisticResult } from "../lib/statistic";

type Row = Record<string, unknown>;

export interface StatisticOracle {
  name: string;
  label: string;
  segment: string;
  entity: string;
  entityPath: string;
  measure: "count" | "sum" | "average";
  /** The API property of the field a sum or an average adds up. */
  valueProperty?: string;
  /** Only the user's own rows (owner_id). */
  mine: boolean;
  group?:
    | { kind: "option"; property: string; options: { key: string; label: string }[] }
    | { kind: "relation"; property: string }
    | { kind: "period"; property: string; period: "day" | "week" | "month" };
}

/** Every row of an entity the signed-in user may read, page by page. */
export async function allRows(request: APIRequestContext, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; ; page++) {
    const response = await request.get(`/api/${path}?per_page=100&page=${page}`);
    expect(response.status(), await response.text()).toBe(200);
    const body = (await response.json()) as { data: Row[]; total: number };
    rows.push(...body.data);
    if (body.data.length === 0 || rows.length >= body.total) return rows;
  }
}

function measure(oracle: StatisticOracle, rows: Row[]): number | null {
  if (oracle.measure === "count") return rows.length;
  const values = rows.map((row) => row[oracle.valueProperty ?? ""]).filter((v) => v !== null && v !== undefined).map(Number);
  const sum = values.reduce((total, v) => total + v, 0);
  if (oracle.measure === "sum") return sum;
  return values.length === 0 ? null : Math.round((sum / values.length) * 100) / 100;
}

/** The first day (YYYY-MM-DD, UTC) of the period a date or a date-time falls in; weeks start on Monday. */
export function periodKey(value: string, period: "day" | "week" | "month"): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (period === "month") return `${date.toISOString().slice(0, 7)}-01`;
  if (period === "week") date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The points a statistic should have for these rows: key and value (and the label where the rows tell it). */
export function expectedPoints(oracle: StatisticOracle, readable: Row[], myId: string): Partial<StatisticPoint>[] {
  const rows = oracle.mine ? readable.filter((row) => row.owner_id === myId) : readable;
  const group = oracle.group;
  if (!group) return [{ key: null, value: measure(oracle, rows) }];
  if (group.kind === "option")
    return group.options.map(({ key, label }) => ({ key, label, value: measure(oracle, rows.filter((row) => String(row[group.property]) === key)) }));
  const groups = new Map<string | null, Row[]>();
  for (const row of rows) {
    const raw = row[group.property];
    if (group.kind === "period" && (raw === null || raw === undefined)) continue;
    const key = raw === null || raw === undefined ? null : group.kind === "period" ? periodKey(String(raw), group.period) : String(raw);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].map(([key, members]) => ({ key, value: measure(oracle, members) }));
}

/** The API's answer has exactly the expected groups and values; periods in order, related rows in any order. */
export function expectPoints(result: StatisticResult, expected: Partial<StatisticPoint>[], oracle: StatisticOracle): void {
  const actual = result.data.map((point) => ({ key: point.key, value: point.value, ...("label" in (expected[0] ?? {}) ? { label: point.label } : {}) }));
  const byKey = (a: Partial<StatisticPoint>, b: Partial<StatisticPoint>) => String(a.key).localeCompare(String(b.key));
  if (oracle.group?.kind === "relation") expect([...actual].sort(byKey)).toEqual([...expected].sort(byKey));
  else if (oracle.group?.kind === "period") expect(actual).toEqual([...expected].sort(byKey));
  else expect(actual).toEqual(expected);
}
