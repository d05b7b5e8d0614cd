// Statistics and leaderboards through every stage after planning, table-driven: what each stage writes for each
// shape, and that a manifest without them gets none of it.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertManifest, parseManifest, type Manifest } from "../../../app/core/manifest/index.ts";
import { buildOpenApi } from "../../../app/core/stages/api/index.ts";
import { MIGRATION_PATH, renderDatabase, SEED_PATH } from "../../../app/core/stages/db/index.ts";
import { renderProject } from "../../../app/core/stages/files/index.ts";
import { buildUiSpec, validateUiSpec } from "../../../app/core/stages/ui/index.ts";

const example = parseManifest(readFileSync(join(import.meta.dirname, "../../e2e/manifests/statistics.json"), "utf8"));
const plain = assertManifest({
  name: "Plain",
  entities: [{ name: "task", fields: [{ name: "title", type: "text", required: true }] }],
});
const database = (m: Manifest, path: string) => renderDatabase(m).find((f) => f.path === path)?.content ?? "";
const files = (m: Manifest) => new Map(renderProject(m).map((f) => [f.path, f.content]));

describe("db stage", () => {
  const sql = database(example, MIGRATION_PATH);
  it.each([
    [
      "a statistic runs as the caller, so row-level security picks the rows",
      `create function public."appgen_stat_workouts_by_kind"() returns table (key text, label text, value numeric)\nlanguage sql\nstable\nsecurity invoker\nset search_path = ''`,
    ],
    [
      "every option of an enum, in order, zero included",
      `from (values ('run', 'Run', 1), ('ride', 'Ride', 2), ('swim', 'Swim', 3), ('strength', 'Strength', 4)) as o (key, label, position)\nleft join public."workouts" t on t."kind"::text = o.key`,
    ],
    [
      "a sum by month, by the date's own calendar",
      `select to_char(date_trunc('month', t."done_on"::timestamp), 'YYYY-MM-DD') as key, to_char(date_trunc('month', t."done_on"::timestamp), 'Mon YYYY') as label, coalesce(sum(t."minutes"), 0)::numeric as value`,
    ],
    ["an average, rounded to cents", `round(avg(t."minutes")::numeric, 2) as value`],
    [
      "a relation by the related row's display field, which row-level security may hide",
      `left join public."gyms" r on r."id" = t."gym_id"`,
    ],
    ["my rows only", `where t."owner_id" = (select auth.uid());`],
    [
      "a leaderboard reads every row with its owner's rights",
      `create function public."appgen_leaderboard_most_minutes"() returns table (place bigint, person text, value numeric, is_me boolean)\nlanguage sql\nstable\nsecurity definer\nset search_path = ''`,
    ],
    [
      "and names nobody: You, or a member by position",
      `select place, case when person_id = (select auth.uid()) then 'You' else 'Member ' || position end, value,`,
    ],
    ["its limit", `order by position\nlimit 5;`],
    [
      "only signed-in users may call them",
      `revoke all on function public."appgen_leaderboard_most_minutes"() from public, anon;\ngrant execute on function public."appgen_leaderboard_most_minutes"() to authenticated, service_role;`,
    ],
  ])("%s", (_what, expected) => {
    expect(sql).toContain(expected);
  });

  it("a leaderboard of an entity only some roles may read checks their roles", () => {
    const restricted = assertManifest({
      ...example,
      roles: ["member", "coach"],
      entities: example.entities.map((e) =>
        e.name === "workout" ? { ...e, access: { read: ["coach"], write: ["*"], manage: [] } } : e,
      ),
    });
    expect(database(restricted, MIGRATION_PATH)).toContain(
      `  where t."athlete" is not null\n  and ((select public.has_role('coach')))`,
    );
  });

  it("the seed names a person on every row a leaderboard ranks, even when the field is optional", () => {
    const optional = assertManifest({
      ...example,
      entities: example.entities.map((e) => ({
        ...e,
        fields: e.fields.map((f) => (f.name === "athlete" ? { ...f, required: false, default: undefined } : f)),
      })),
    });
    const seed = database(optional, SEED_PATH);
    const workouts = seed.slice(seed.indexOf(`insert into public."workouts"`));
    expect(
      workouts
        .split("\n")
        .slice(1, 6)
        .every((row) => /'[0-9a-f-]{36}'\)$/.test(row.replace(/,$/, ""))),
    ).toBe(true);
  });

  it("a manifest without statistics gets no statistics section", () => {
    expect(database(plain, MIGRATION_PATH)).not.toMatch(/appgen_stat|appgen_leaderboard|Statistics and leaderboards/);
  });
});

describe("api stage", () => {
  const doc = buildOpenApi(example) as {
    paths: Record<string, { get: { operationId: string; responses: Record<string, unknown> } }>;
  };
  it.each([
    ["/api/stats/workouts-by-kind", "statisticWorkoutsByKind"],
    ["/api/stats/minutes-per-month", "statisticMinutesPerMonth"],
    ["/api/stats/my-workouts", "statisticMyWorkouts"],
    ["/api/leaderboards/most-minutes", "leaderboardMostMinutes"],
  ])("%s is GET %s, 200 or 401", (path, operationId) => {
    expect(doc.paths[path]?.get.operationId).toBe(operationId);
    expect(Object.keys(doc.paths[path]?.get.responses ?? {})).toEqual(["200", "401"]);
  });

  it("the document with statistics is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("a manifest without statistics has no such paths, schemas or tag", () => {
    const text = JSON.stringify(buildOpenApi(plain));
    expect(text).not.toMatch(/\/api\/stats|\/api\/leaderboards|"Statistic"|"Leaderboard"|"statistics"/);
  });
});

describe("ui stage", () => {
  it("the dashboard has a card per statistic and leaderboard, each bound to its endpoint, and ui.json stays valid", () => {
    const spec = buildUiSpec(example);
    expect(validateUiSpec(spec).problems).toEqual([]);
    const text = JSON.stringify(spec.routes.find((r) => r.path === "/"));
    const openapi = buildOpenApi(example) as { paths: Record<string, { get: { operationId: string } }> };
    for (const [path, operation] of Object.entries(openapi.paths).filter(([p]) =>
      /^\/api\/(stats|leaderboards)\//.test(p),
    ))
      expect(text).toContain(`{"api":"${path}","method":"GET","operation":"${operation.get.operationId}"}`);
    expect(text).toContain(`"component":"Chart","label":"Minutes per month","chart":"line"`);
    expect(text).toContain(`"component":"Leaderboard","label":"Most minutes"`);
  });

  it("a manifest without statistics has no such components", () => {
    expect(JSON.stringify(buildUiSpec(plain))).not.toMatch(/"Chart"|"Leaderboard"/);
  });
});

describe("files stage", () => {
  const project = files(example);
  it.each([
    ["app/api/stats/workouts-by-kind/route.ts", `export const { GET } = statisticHandler("workouts_by_kind");`],
    ["app/api/leaderboards/most-minutes/route.ts", `export const { GET } = leaderboardHandler("most_minutes");`],
    [
      "lib/statistics.ts",
      `function: "appgen_stat_average_minutes",\n    segment: "average-minutes",\n    format: "decimal",`,
    ],
    ["lib/statistics.ts", `segment: "minutes-per-month",\n    format: "integer",`],
    [
      "components/statistic-chart-loader.tsx",
      `export const StatisticChart = dynamic(() => import("@/components/statistic-chart"));`,
    ],
    ["e2e/statistics.spec.ts", `test("signed out, every statistics endpoint answers 401`],
    ["e2e/statistics.spec.ts", `"/api/leaderboards/most-minutes"`],
  ])("%s has %j", (path, expected) => {
    expect(project.get(path)).toContain(expected);
  });

  it("a manifest without statistics gets empty definitions, no routes and no spec", () => {
    const none = files(plain);
    expect(none.get("lib/statistics.ts")).toContain(
      `export const statistics: readonly StatisticDefinition[] = [];\n\nexport const leaderboards: readonly LeaderboardDefinition[] = [];`,
    );
    expect([...none.keys()].filter((p) => /api\/(stats|leaderboards)\/|statistics\.spec/.test(p))).toEqual([]);
    expect(none.get("components/statistic-chart-loader.tsx")).not.toMatch(/import dynamic|import\(/);
  });
});
