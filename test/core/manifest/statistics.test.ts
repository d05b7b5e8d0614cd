// Manifests with statistics and leaderboards: what they derive, and the problems (with a JSON path and a fix) for
// what they may not say.
import { describe, expect, it } from "vitest";
import { validateManifest } from "../../../app/core/manifest/index.ts";

const training = (statistics: unknown[] = [], leaderboards: unknown[] = [], entityPath?: string) => ({
  name: "Training",
  entities: [
    {
      name: "workout",
      ownership: "user",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "kind", type: "enum", options: ["run", "swim"] },
        { name: "minutes", type: "integer" },
        { name: "done_on", type: "date" },
        { name: "gym", type: "relation", relation: { target: "gym" } },
        { name: "tags", type: "relation", relation: { target: "gym", cardinality: "many_to_many" } },
        { name: "athlete", type: "user", default: "current_user" },
      ],
    },
    { name: "gym", ...(entityPath ? { path: entityPath } : {}), fields: [{ name: "name", type: "text" }] },
  ],
  statistics,
  leaderboards,
});

function problems(input: unknown): string[] {
  const result = validateManifest(input);
  if (result.ok) return [];
  for (const p of result.problems) expect(p.fix, `${p.path} ${p.message}`).toBeTruthy();
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

function completed(input: unknown) {
  const result = validateManifest(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.manifest;
}

describe("derived defaults", () => {
  it.each([
    [
      { name: "workouts", entity: "workout" },
      { label: "Workouts", measure: "count", chart: "number", scope: "all" },
    ],
    [
      { name: "by_kind", entity: "workout", group_by: "kind" },
      { label: "By kind", measure: "count", chart: "bar", scope: "all" },
    ],
    [
      { name: "minutes", entity: "workout", measure: "sum", field: "minutes", group_by: "done_on" },
      { measure: "sum", period: "month", chart: "line" },
    ],
    [{ name: "by_gym", entity: "workout", group_by: "gym", chart: "pie" }, { chart: "pie" }],
  ])("statistic %j gets %j", (statistic, expected) => {
    expect(completed(training([statistic])).statistics?.[0]).toMatchObject(expected);
  });

  it("a leaderboard's person is the entity's only user field; count and 10 places unless said", () => {
    expect(completed(training([], [{ name: "most", entity: "workout" }])).leaderboards?.[0]).toEqual({
      name: "most",
      label: "Most",
      entity: "workout",
      person: "athlete",
      measure: "count",
      limit: 10,
    });
  });

  it("a manifest without them has none", () => {
    const m = completed({ name: "Plain", entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }] });
    expect(m.statistics).toBeUndefined();
    expect(m.leaderboards).toBeUndefined();
  });
});

describe("problems", () => {
  it.each([
    [[{ name: "x", entity: "nothing" }], [], ["/statistics/0/entity: no entity 'nothing'"]],
    [[{ name: "x", entity: "workout", measure: "sum" }], [], ["/statistics/0: a sum needs 'field'"]],
    [
      [{ name: "x", entity: "workout", measure: "average", field: "title" }],
      [],
      ["/statistics/0/field: 'title' is a text field, not a number"],
    ],
    [[{ name: "x", entity: "workout", field: "minutes" }], [], ["/statistics/0/field: a count uses no field"]],
    [
      [{ name: "x", entity: "workout", group_by: "tags" }],
      [],
      ["/statistics/0/group_by: 'tags' is a many-to-many field and cannot group rows"],
    ],
    [
      [{ name: "x", entity: "workout", group_by: "title" }],
      [],
      ["/statistics/0/group_by: 'title' is a text field and cannot group rows"],
    ],
    [
      [{ name: "x", entity: "workout", group_by: "kind", period: "week" }],
      [],
      ["/statistics/0/period: 'kind' is not a date"],
    ],
    [[{ name: "x", entity: "workout", period: "week" }], [], ["/statistics/0/period: a period groups by a date"]],
    [[{ name: "x", entity: "workout", chart: "bar" }], [], ["/statistics/0/chart: a bar chart needs groups"]],
    [
      [{ name: "x", entity: "workout", group_by: "kind", chart: "number" }],
      [],
      ["/statistics/0/chart: one number cannot show groups"],
    ],
    [
      [{ name: "x", entity: "gym", scope: "mine" }],
      [],
      ["/statistics/0/scope: 'gym' rows belong to nobody in particular"],
    ],
    [
      [{ name: "x", entity: "workout" }],
      [{ name: "x", entity: "workout" }],
      ["/leaderboards/0/name: duplicate statistic or leaderboard 'x'"],
    ],
    [[], [{ name: "y", entity: "gym" }], ["/leaderboards/0: missing property 'person'"]],
    [
      [],
      [{ name: "y", entity: "workout", person: "title" }],
      ["/leaderboards/0/person: 'title' is a text field, not a user field"],
    ],
    [[], [{ name: "y", entity: "workout", measure: "sum" }], ["/leaderboards/0: a sum needs 'field'"]],
  ])("statistics %j, leaderboards %j: %j", (statistics, leaderboards, expected) => {
    expect(problems(training(statistics, leaderboards))).toEqual(expected);
  });

  it("an entity may not take an API path that statistics serve", () => {
    expect(problems(training([{ name: "x", entity: "workout" }], [], "stats"))).toEqual([
      "/entities/1/path: '/api/stats' serves statistics",
    ]);
    expect(problems(training([], [], "stats"))).toEqual([]);
  });
});
