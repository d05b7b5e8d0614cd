// The dashboard's statistics and leaderboards. Every number is also written out as text (a chart's values in the
// list under it), so it can be read without the chart, by screen readers and by the generated tests.
import { StatisticChart } from "@/components/statistic-chart-loader";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatStatistic, type DashboardStatistics } from "@/lib/statistic";

const NO_GROUP = "None";

function StatisticCard({ definition, result }: DashboardStatistics["statistics"][number]) {
  if (definition.chart === "number") {
    return (
      <Card data-testid={`statistic-${definition.segment}`}>
        <CardHeader>
          <CardDescription>{definition.label}</CardDescription>
          <CardTitle className="text-3xl tabular-nums" data-testid="statistic-value">
            {formatStatistic(result.data[0]?.value ?? null, definition.format)}
          </CardTitle>
        </CardHeader>
      </Card>
    );
  }
  const points = result.data.map((point) => ({ name: point.label ?? NO_GROUP, value: point.value ?? 0 }));
  return (
    <Card data-testid={`statistic-${definition.segment}`}>
      <CardHeader>
        <CardTitle>{definition.label}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {result.data.length === 0 ? (
          <p className="text-muted-foreground text-sm">Nothing yet.</p>
        ) : (
          <>
            <StatisticChart chart={definition.chart} format={definition.format} label={definition.label} points={points} />
            <ul className="grid gap-1 text-sm">
              {result.data.map((point, index) => (
                <li key={point.key ?? `none-${index}`} className="flex justify-between gap-3" data-testid="statistic-point">
                  <span className="text-muted-foreground truncate">{point.label ?? NO_GROUP}</span>
                  <span className="font-medium tabular-nums">{formatStatistic(point.value, definition.format)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </CardContent>
    </Card>
  );
}

function LeaderboardCard({ definition, result }: DashboardStatistics["leaderboards"][number]) {
  return (
    <Card data-testid={`leaderboard-${definition.segment}`}>
      <CardHeader>
        <CardTitle>{definition.label}</CardTitle>
      </CardHeader>
      <CardContent>
        {result.data.length === 0 ? (
          <p className="text-muted-foreground text-sm">Nobody yet.</p>
        ) : (
          <ol className="grid gap-1 text-sm">
            {result.data.map((entry) => (
              <li key={`${entry.place}-${entry.person}`} className={`flex items-center gap-3 ${entry.me ? "font-semibold" : ""}`} data-testid="leaderboard-entry">
                <span className="text-muted-foreground w-6 tabular-nums">{entry.place}.</span>
                <span className="flex-1 truncate">{entry.person}</span>
                <span className="tabular-nums">{formatStatistic(entry.value, definition.format)}</span>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

export function StatisticsPanel({ statistics, leaderboards }: DashboardStatistics) {
  if (statistics.length === 0 && leaderboards.length === 0) return null;
  return (
    <section aria-label="Statistics" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {statistics.map((item) => (
        <StatisticCard key={item.definition.name} {...item} />
      ))}
      {leaderboards.map((item) => (
        <LeaderboardCard key={item.definition.name} {...item} />
      ))}
    </section>
  );
}
