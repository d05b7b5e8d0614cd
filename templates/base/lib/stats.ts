import "server-only";

import { may, rolesOf } from "@/lib/access";
import { currentUser } from "@/lib/auth";
import { withUser, type Tx } from "@/lib/db";
import { findEntity } from "@/lib/entities";
import { AppError } from "@/lib/errors";
import type { DashboardStatistics, LeaderboardDefinition, LeaderboardResult, StatisticDefinition, StatisticResult } from "@/lib/statistic";
import { leaderboards, statistics } from "@/lib/statistics";

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A statistic as the signed-in user sees it: its function runs as them, so it aggregates only rows they may read. */
export async function readStatistic(tx: Tx, statistic: StatisticDefinition): Promise<StatisticResult> {
  const rows = await tx.unsafe(`select key, label, value from public.${quoted(statistic.function)}()`);
  return {
    name: statistic.name,
    label: statistic.label,
    measure: statistic.measure,
    data: rows.map((row) => ({ key: row.key ?? null, label: row.label ?? null, value: numberOrNull(row.value) })),
  };
}

/** A leaderboard: everyone's totals, but nothing of their rows and no account's address. */
export async function readLeaderboard(tx: Tx, leaderboard: LeaderboardDefinition): Promise<LeaderboardResult> {
  const rows = await tx.unsafe(`select place, person, value, is_me from public.${quoted(leaderboard.function)}()`);
  return {
    name: leaderboard.name,
    label: leaderboard.label,
    data: rows.map((row) => ({ place: Number(row.place), person: String(row.person), value: Number(row.value), me: row.is_me === true })),
  };
}

/** Whether the transaction's user may read the entity a statistic or leaderboard is about. */
export async function mayRead(tx: Tx, entityName: string): Promise<boolean> {
  return readableBy(entityName, await rolesOf(tx));
}

function readableBy(entityName: string, roles: readonly string[]): boolean {
  const entity = findEntity(entityName)?.definition;
  return entity !== undefined && may(entity, roles, "read");
}

/** The statistics and leaderboards the transaction's user may see, read in one go for the dashboard. */
export async function readDashboardStatistics(tx: Tx): Promise<DashboardStatistics> {
  if (statistics.length === 0 && leaderboards.length === 0) return { statistics: [], leaderboards: [] };
  const roles = await rolesOf(tx);
  const readable = (entityName: string) => readableBy(entityName, roles);
  const shownStatistics = [];
  for (const definition of statistics.filter((s) => readable(s.entity))) shownStatistics.push({ definition, result: await readStatistic(tx, definition) });
  const shownLeaderboards = [];
  for (const definition of leaderboards.filter((l) => readable(l.entity))) shownLeaderboards.push({ definition, result: await readLeaderboard(tx, definition) });
  return { statistics: shownStatistics, leaderboards: shownLeaderboards };
}

/** GET for one statistic or leaderboard: 401 without a session, 403 for roles that may not read its entity. */
function getHandler<Definition extends { entity: string }, Result>(definition: Definition | undefined, name: string, read: (tx: Tx, definition: Definition) => Promise<Result>) {
  // A route for a name the definitions lack is a generation bug: fail the build, not the request.
  if (!definition) throw new Error(`no statistic or leaderboard ${name}`);
  return {
    GET: async (): Promise<Response> => {
      try {
        const user = await currentUser();
        if (!user) throw new AppError(401, "unauthorized", "Sign in first: send the session cookie or an `Authorization: Bearer` token.");
        return await withUser(user, async (tx) => {
          if (!(await mayRead(tx, definition.entity))) throw new AppError(403, "forbidden", "Your role may not read the rows this statistic is about.");
          return Response.json(await read(tx, definition));
        });
      } catch (error) {
        if (error instanceof AppError) return Response.json(error.toBody(), { status: error.status });
        console.error(error);
        return Response.json({ error: { code: "internal_error", message: "Something went wrong on the server." } }, { status: 500 });
      }
    },
  };
}

/** GET /api/stats/<segment>. */
export function statisticHandler(name: string) {
  return getHandler(
    statistics.find((s) => s.name === name),
    name,
    readStatistic,
  );
}

/** GET /api/leaderboards/<segment>. */
export function leaderboardHandler(name: string) {
  return getHandler(
    leaderboards.find((l) => l.name === name),
    name,
    readLeaderboard,
  );
}
