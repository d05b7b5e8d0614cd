// The statistics part of the OpenAPI document: GET /api/stats/<name> and GET /api/leaderboards/<name>, read-only,
// for signed-in users, answered from one database function each (see stages/db/statistics.ts).
import { kebabCase, pascalCase } from "../../naming.ts";
import type { Leaderboard, Manifest, Statistic } from "../../schema-types/manifest.ts";
import { restrictsRoles } from "./access.ts";
import type { JsonSchema } from "./field-schema.ts";

export const STATISTICS_TAG = "statistics";
const ref = (kind: "schemas" | "responses", name: string) => ({ $ref: `#/components/${kind}/${name}` });

export const statisticPath = (s: Statistic): string => `/api/stats/${kebabCase(s.name)}`;
export const leaderboardPath = (l: Leaderboard): string => `/api/leaderboards/${kebabCase(l.name)}`;

export function hasStatistics(manifest: Manifest): boolean {
  return (manifest.statistics ?? []).length + (manifest.leaderboards ?? []).length > 0;
}

function responseSchemas(): JsonSchema {
  const nullable = (type: string, description: string) => ({ type: [type, "null"], description });
  return {
    Statistic: {
      type: "object",
      required: ["name", "label", "measure", "data"],
      additionalProperties: false,
      properties: {
        name: { type: "string" },
        label: { type: "string" },
        measure: { type: "string", enum: ["count", "sum", "average"] },
        data: {
          type: "array",
          description: "One entry without grouping; otherwise one per group, in the order to show them.",
          items: {
            type: "object",
            required: ["key", "label", "value"],
            additionalProperties: false,
            properties: {
              key: nullable(
                "string",
                "The group: an option, true/false, a related row's id or a period's first day (YYYY-MM-DD); null without grouping or for rows without a value.",
              ),
              label: nullable(
                "string",
                "The group as people read it; null without grouping or when the related row is not yours to read.",
              ),
              value: nullable(
                "number",
                "The count, sum or average of the rows you may read; an average of no rows is null.",
              ),
            },
          },
        },
      },
    },
    Leaderboard: {
      type: "object",
      required: ["name", "label", "data"],
      additionalProperties: false,
      properties: {
        name: { type: "string" },
        label: { type: "string" },
        data: {
          type: "array",
          description:
            "The first places, best first. Nothing about the rows themselves, and no account's address or id.",
          items: {
            type: "object",
            required: ["place", "person", "value", "me"],
            additionalProperties: false,
            properties: {
              place: { type: "integer", minimum: 1, description: "Equal totals share a place." },
              person: { type: "string", description: "'You' for the signed-in user, otherwise 'Member <position>'." },
              value: { type: "number" },
              me: { type: "boolean" },
            },
          },
        },
      },
    },
  };
}

function operation(
  manifest: Manifest,
  kind: "statistic" | "leaderboard",
  item: Statistic | Leaderboard,
  description: string,
): JsonSchema {
  const entity = manifest.entities.find((e) => e.name === item.entity);
  const responses: JsonSchema = {
    "200": {
      description: item.label,
      content: { "application/json": { schema: ref("schemas", kind === "statistic" ? "Statistic" : "Leaderboard") } },
    },
    "401": ref("responses", "Unauthorized"),
  };
  if (entity && restrictsRoles(entity, "read")) responses["403"] = ref("responses", "Forbidden");
  return {
    get: {
      operationId: `${kind}${pascalCase(item.name)}`,
      summary: item.label,
      description,
      tags: [STATISTICS_TAG],
      responses,
      "x-appgen-entity": item.entity,
      [`x-appgen-${kind}`]: item.name,
    },
  };
}

/** The paths and component schemas of a manifest's statistics; empty when it has none. */
export function statisticsOpenApi(manifest: Manifest): { paths: JsonSchema; schemas: JsonSchema } {
  if (!hasStatistics(manifest)) return { paths: {}, schemas: {} };
  const paths: JsonSchema = {};
  for (const s of manifest.statistics ?? []) {
    const of = s.measure === "count" ? "Counts" : `The ${s.measure} of ${s.field} over`;
    const grouped = s.group_by ? `, by ${s.group_by}${s.period ? ` (per ${s.period})` : ""}` : "";
    paths[statisticPath(s)] = operation(
      manifest,
      "statistic",
      s,
      `${of} the ${s.entity} rows ${s.scope === "mine" ? "you own" : "you may read"}${grouped}.`,
    );
  }
  for (const l of manifest.leaderboards ?? []) {
    const of = l.measure === "count" ? "the number of" : `the ${l.field} of`;
    paths[leaderboardPath(l)] = operation(
      manifest,
      "leaderboard",
      l,
      `Ranks people by ${of} the ${l.entity} rows that name them as ${l.person}: everyone's rows count, but only places, totals and pseudonyms are returned.`,
    );
  }
  return { paths, schemas: responseSchemas() };
}
