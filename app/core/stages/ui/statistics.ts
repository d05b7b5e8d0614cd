// The dashboard's statistics and leaderboards in ui.json: one card each, shown to the roles that may read its entity.
import { pascalCase } from "../../naming.ts";
import type { Manifest } from "../../schema-types/manifest.ts";
import type { Node } from "../../schema-types/ui.ts";
import { allowedRoles } from "../api/index.ts";
import { leaderboardPath, statisticPath } from "../api/statistics.ts";

export function statisticsGrid(manifest: Manifest): Node[] {
  const roles = (entityName: string) => {
    const entity = manifest.entities.find((e) => e.name === entityName);
    return entity ? allowedRoles(entity, "read") : [];
  };
  const cards: Node[] = [
    ...(manifest.statistics ?? []).map((s): Node => ({
      component: "Card",
      title: s.label,
      roles: roles(s.entity),
      children: [
        {
          component: "Chart",
          label: s.label,
          chart: s.chart,
          source: { api: statisticPath(s), method: "GET", operation: `statistic${pascalCase(s.name)}` },
        },
      ],
    })),
    ...(manifest.leaderboards ?? []).map((l): Node => ({
      component: "Card",
      title: l.label,
      roles: roles(l.entity),
      children: [
        {
          component: "Leaderboard",
          label: l.label,
          source: { api: leaderboardPath(l), method: "GET", operation: `leaderboard${pascalCase(l.name)}` },
        },
      ],
    })),
  ];
  return cards.length ? [{ component: "Grid", columns: 3, children: cards }] : [];
}
