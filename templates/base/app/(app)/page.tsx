import Link from "next/link";

import { StatisticsPanel } from "@/components/statistics-panel";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { entities } from "@/lib/entities";
import { recordLabel } from "@/lib/entity";
import { countRecords, listRecords } from "@/lib/records";
import { readDashboardStatistics } from "@/lib/stats";
import { appConfig } from "@/lib/app-config";

export default async function DashboardPage() {
  const user = await requireUser();
  const [summaries, statistics] = await withUser(user, (tx) =>
    Promise.all([
      Promise.all(
        entities.map(async ({ definition }) => ({
          definition,
          count: await countRecords(tx, definition),
          recent: (await listRecords(tx, definition, { sort: "created_at", order: "desc", page: 1, perPage: 5, filters: {} })).data,
        })),
      ),
      readDashboardStatistics(tx),
    ]),
  );
  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{appConfig.name}</h1>
        {appConfig.description ? <p className="text-muted-foreground">{appConfig.description}</p> : null}
      </div>
      <StatisticsPanel {...statistics} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {summaries.map(({ definition, count, recent }) => (
          <Card key={definition.name} data-testid={`summary-${definition.path}`}>
            <CardHeader>
              <CardDescription>{definition.pluralLabel}</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{count}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-1 text-sm">
              {recent.length === 0 ? <p className="text-muted-foreground">Nothing yet.</p> : null}
              {recent.map((row) => (
                <Link key={row.id} href={`/${definition.path}/${row.id}`} className="truncate hover:underline">
                  {recordLabel(definition, row)}
                </Link>
              ))}
              <Link href={`/${definition.path}`} className="text-primary mt-2 font-medium hover:underline">
                All {definition.pluralLabel.toLowerCase()} →
              </Link>
            </CardContent>
          </Card>
        ))}
      </div>
    </div>
  );
}
