"use client";

// One statistic as a bar, line or pie chart. Only apps with charts import it (components/statistic-chart-loader.tsx
// is generated), so an app without charts never ships recharts.
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, Pie, PieChart, XAxis, YAxis } from "recharts";

import { ChartContainer, ChartTooltip, ChartTooltipContent, type ChartConfig } from "@/components/ui/chart";
import { formatStatistic, type NumberFormat } from "@/lib/statistic";

export interface ChartPoint {
  name: string;
  value: number;
}

/** Shades of the theme's primary colour, so every chart fits the app's theme. */
const shade = (index: number) => `color-mix(in oklab, var(--primary) ${Math.max(25, 100 - index * 15)}%, var(--background))`;

export default function StatisticChart({ chart, format, label, points }: { chart: "bar" | "line" | "pie"; format: NumberFormat; label: string; points: ChartPoint[] }) {
  const config: ChartConfig = { value: { label, color: "var(--primary)" } };
  const tooltip = <ChartTooltip content={<ChartTooltipContent valueFormatter={(value) => formatStatistic(value, format)} hideLabel={chart === "pie"} />} />;
  if (chart === "pie") {
    return (
      <ChartContainer config={config} className="aspect-square max-h-56">
        <PieChart>
          {tooltip}
          <Pie data={points} dataKey="value" nameKey="name" innerRadius="45%" strokeWidth={2} isAnimationActive={false}>
            {points.map((point, index) => (
              <Cell key={point.name} fill={shade(index)} />
            ))}
          </Pie>
        </PieChart>
      </ChartContainer>
    );
  }
  if (chart === "line") {
    return (
      <ChartContainer config={config}>
        <LineChart data={points} margin={{ left: 4, right: 12, top: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="name" tickLine={false} axisLine={false} tickMargin={8} />
          <YAxis tickLine={false} axisLine={false} width={40} />
          {tooltip}
          <Line dataKey="value" type="monotone" stroke="var(--color-value)" strokeWidth={2} dot isAnimationActive={false} />
        </LineChart>
      </ChartContainer>
    );
  }
  return (
    <ChartContainer config={config}>
      <BarChart data={points} margin={{ left: 4, right: 12, top: 8 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="name" tickLine={false} axisLine={false} tickMargin={8} />
        <YAxis tickLine={false} axisLine={false} width={40} />
        {tooltip}
        <Bar dataKey="value" fill="var(--color-value)" radius={4} isAnimationActive={false} />
      </BarChart>
    </ChartContainer>
  );
}
