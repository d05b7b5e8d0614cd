// The phrasings people use for derived values ("how long", "the duration in minutes", "hours worked", "total =
// quantity times price"), planned by the offline planner as computed fields over fields the plan already has.
import { describe, expect, it } from "vitest";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";

const computedOf = (prompt: string) =>
  planFromPrompt(prompt).entities.flatMap((e) =>
    e.fields
      .filter((f) => f.computed)
      .map((f) => ({ entity: e.name, field: f.name, type: f.type, computed: f.computed })),
  );

describe("offline planner: computed fields", () => {
  it.each([
    {
      prompt: "A time tracker where I log work sessions with a start and end time and see the duration in minutes.",
      computed: [
        {
          entity: "session",
          field: "duration_minutes",
          type: "integer",
          computed: { duration: { from: "start_time", to: "end_time", unit: "minutes" } },
        },
      ],
    },
    {
      prompt: "An attendance app where employees clock in and clock out. Show the hours worked for each shift.",
      computed: [
        {
          entity: "shift",
          field: "duration_hours",
          type: "decimal",
          computed: { duration: { from: "starts_at", to: "ends_at", unit: "hours" } },
        },
      ],
    },
  ])("$prompt", ({ prompt, computed }) => {
    expect(computedOf(prompt)).toEqual(computed);
    expect(planFromPrompt(prompt).not_planned ?? []).not.toContainEqual(
      expect.stringMatching(/duration|hours worked/i),
    );
  });

  it.each([
    "A kindergarten app: track which children are present each day and the opening hours.",
    "A shift planner for a cafe with shifts that have a start and an end.",
    "A CRM to track leads, companies and deals.",
  ])("adds none for %s", (prompt) => {
    expect(computedOf(prompt)).toEqual([]);
  });
});
