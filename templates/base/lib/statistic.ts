// The shape of the app's statistics and leaderboards at run time. `lib/statistics.ts` holds their definitions,
// generated from the manifest; the dashboard, the API and the tests read these. Plain data only, so results can be
// passed from a server component to the client component that draws a chart.

export type NumberFormat = "integer" | "decimal" | "money";

export interface StatisticDefinition {
  name: string;
  label: string;
  /** The entity whose rows it aggregates (the API answers 403 to roles that may not read them). */
  entity: string;
  measure: "count" | "sum" | "average";
  chart: "number" | "bar" | "line" | "pie";
  /** The database function that computes it as the caller, under row-level security. */
  function: string;
  /** URL segment: GET /api/stats/<segment>. */
  segment: string;
  format: NumberFormat;
}

export interface LeaderboardDefinition {
  name: string;
  label: string;
  entity: string;
  measure: "count" | "sum";
  /** The database function that ranks people and returns only places, pseudonyms and totals. */
  function: string;
  /** URL segment: GET /api/leaderboards/<segment>. */
  segment: string;
  format: NumberFormat;
}

export interface StatisticPoint {
  /** The group (an option, true/false, a related row's id, a period's first day); null without grouping. */
  key: string | null;
  label: string | null;
  value: number | null;
}

export interface StatisticResult {
  name: string;
  label: string;
  measure: StatisticDefinition["measure"];
  data: StatisticPoint[];
}

export interface LeaderboardEntry {
  place: number;
  /** "You" for the signed-in user, otherwise "Member <position>": no account is named. */
  person: string;
  value: number;
  me: boolean;
}

export interface LeaderboardResult {
  name: string;
  label: string;
  data: LeaderboardEntry[];
}

/** What the dashboard shows: the statistics and leaderboards the user may see, with their results. */
export interface DashboardStatistics {
  statistics: { definition: StatisticDefinition; result: StatisticResult }[];
  leaderboards: { definition: LeaderboardDefinition; result: LeaderboardResult }[];
}

const formats: Record<NumberFormat, Intl.NumberFormat> = {
  integer: new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }),
  decimal: new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }),
  money: new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** A statistic's value as the dashboard prints it; "–" for an average of nothing. */
export function formatStatistic(value: number | null, format: NumberFormat): string {
  return value === null ? "–" : formats[format].format(value);
}
