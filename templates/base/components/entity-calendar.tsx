import Link from "next/link";

import { NotAllowed } from "@/components/not-allowed";
import { Button } from "@/components/ui/button";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { fieldByName, inSentence, recordTitle, type EntityDefinition, type RecordRow } from "@/lib/entity";
import { listRecords } from "@/lib/records";
import { cn } from "@/lib/utils";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Rows one month shows at most; beyond that the page says how many there are. */
export const CALENDAR_MONTH_SIZE = 1000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A UTC date of a year, month (1–12) and day; set through setUTCFullYear so that years below 100 stay themselves. */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** The month `delta` months away as YYYY-MM, or undefined outside the years 0001–9999. */
function shift(year: number, month: number, delta: number): string | undefined {
  const date = utcDate(year, month + delta, 1);
  const y = date.getUTCFullYear();
  return y >= 1 && y <= 9999 ? `${pad(y, 4)}-${pad(date.getUTCMonth() + 1)}` : undefined;
}

/** The UTC day (YYYY-MM-DD) a row's date or date-time falls on, as the list's date filters count it. */
function dayOf(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length < 10) return undefined;
  return value.length === 10 ? value : new Date(value).toISOString().slice(0, 10);
}

/**
 * Calendar page of an entity: the rows of one month (?month=YYYY-MM, this month in UTC by default) on the days of
 * their date field, a date-time on its day in UTC. Weeks run from Monday; a phone shows only the days that have rows.
 */
export async function EntityCalendar({ entity, searchParams }: { entity: EntityDefinition; searchParams: SearchParams }) {
  const calendar = entity.views?.calendar;
  const field = calendar ? fieldByName(entity, calendar.field) : undefined;
  if (!calendar || !field) throw new Error(`${entity.name} has no calendar: its manifest has no calendar page`);
  const user = await requireUser();
  const requested = (await searchParams).month;
  const raw = Array.isArray(requested) ? requested[0] : requested;
  const now = new Date();
  const match = MONTH.exec(raw ?? "");
  const valid = match !== null && match[1] !== "0000";
  const year = valid ? Number(match[1]) : now.getUTCFullYear();
  const month = valid ? Number(match[2]) : now.getUTCMonth() + 1;
  const prefix = `${pad(year, 4)}-${pad(month)}`;
  const days = utcDate(year, month + 1, 0).getUTCDate();
  const { allowed, data, total } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    if (!allowed.read) return { allowed, data: [] as RecordRow[], total: 0 };
    const ranges = { [field.name]: { min: `${prefix}-01`, max: `${prefix}-${pad(days)}` } };
    const query = { sort: field.name, order: "asc" as const, page: 1, perPage: CALENDAR_MONTH_SIZE, filters: {}, ranges };
    return { allowed, ...(await listRecords(tx, entity, query)) };
  });
  if (!allowed.read) return <NotAllowed entity={entity} kind="read" />;

  const byDay = new Map<string, RecordRow[]>();
  for (const row of data) {
    const day = dayOf(row[field.property]);
    if (day?.startsWith(prefix)) byDay.set(day, [...(byDay.get(day) ?? []), row]);
  }
  const label = utcDate(year, month, 1).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  const lead = (utcDate(year, month, 1).getUTCDay() + 6) % 7;
  const previous = shift(year, month, -1);
  const next = shift(year, month, 1);
  const plural = inSentence(entity.pluralLabel);

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{calendar.title}</h1>
        <Button asChild variant="outline">
          <Link href={`/${entity.path}`}>All {plural}</Link>
        </Button>
      </div>
      {raw !== undefined && !valid ? (
        <p role="alert" className="text-destructive text-sm">
          “{raw}” is not a month like 2025-01: showing {label}.
        </p>
      ) : null}
      <nav aria-label="Months" className="flex flex-wrap items-center justify-between gap-2">
        {previous ? (
          <Button asChild variant="outline" size="sm">
            <Link href={`/${entity.path}/calendar?month=${previous}`} rel="prev">
              Previous month
            </Link>
          </Button>
        ) : (
          <span />
        )}
        <h2 className="text-lg font-semibold">{label}</h2>
        {next ? (
          <Button asChild variant="outline" size="sm">
            <Link href={`/${entity.path}/calendar?month=${next}`} rel="next">
              Next month
            </Link>
          </Button>
        ) : (
          <span />
        )}
      </nav>
      {data.length === 0 ? <p className="text-muted-foreground text-sm sm:hidden">No {plural} in {label}.</p> : null}
      {total > data.length ? (
        <p role="status" className="text-muted-foreground text-sm">
          Showing the first {data.length} of {total} {plural} in {label}.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-1">
        <ol aria-hidden="true" className="text-muted-foreground hidden grid-cols-7 gap-1 text-center text-xs font-medium sm:grid">
          {WEEKDAYS.map((day) => (
            <li key={day}>{day}</li>
          ))}
        </ol>
        <ol className="grid grid-cols-1 gap-2 sm:grid-cols-7 sm:gap-1" aria-label={label}>
          {Array.from({ length: lead }, (_, i) => (
            <li key={`lead-${i}`} aria-hidden="true" className="hidden sm:block" />
          ))}
          {Array.from({ length: days }, (_, i) => {
            const day = `${prefix}-${pad(i + 1)}`;
            const rows = byDay.get(day) ?? [];
            const weekday = WEEKDAYS[(lead + i) % 7];
            return (
              <li key={day} data-day={day} className={cn("bg-card text-card-foreground min-h-20 min-w-0 rounded-md border p-2", rows.length === 0 && "hidden sm:block")}>
                <h3 className="text-muted-foreground text-xs font-medium">
                  <time dateTime={day}>
                    <span className="sm:hidden">{weekday} </span>
                    {i + 1}
                  </time>
                </h3>
                {rows.length > 0 ? (
                  <ul className="mt-1 grid gap-1 text-sm">
                    {rows.map((row) => (
                      <li key={row.id} className="flex min-w-0 gap-1">
                        {field.type === "datetime" ? <span className="text-muted-foreground shrink-0 tabular-nums">{String(row[field.property]).slice(11, 16)}</span> : null}
                        <Link href={`/${entity.path}/${row.id}`} className="min-w-0 truncate font-medium underline-offset-4 hover:underline">
                          {recordTitle(entity, row)}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
