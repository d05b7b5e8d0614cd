// The phrasings people use for statistics and leaderboards, planned by the offline planner onto the entities it has.
import { describe, expect, it } from "vitest";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";

describe("offline planner: statistics and leaderboards", () => {
  it.each([
    {
      prompt: "A fitness app where members log workouts and see statistics of their workouts per week.",
      statistics: [
        { name: "workouts_per_week", entity: "workout", measure: "count", group_by: "date", period: "week" },
      ],
    },
    {
      prompt: "A bookings app for rooms. See statistics of bookings per month.",
      statistics: [
        { name: "bookings_per_month", entity: "booking", measure: "count", group_by: "starts_at", period: "month" },
      ],
    },
    {
      prompt:
        "A sales app for deals with an amount, a stage and a close date. A dashboard showing totals of deals by stage.",
      statistics: [{ name: "deals_by_stage", entity: "deal", measure: "count", group_by: "stage", chart: "bar" }],
    },
    {
      prompt: "An expense tracker with amount and category. Show the average amount of expenses by category.",
      statistics: [{ entity: "expense", measure: "average", field: "amount", group_by: "category" }],
    },
    {
      prompt: "A sales app for deals with an amount and a stage. Show the total amount of deals.",
      statistics: [{ label: "Total amount", entity: "deal", measure: "sum", field: "amount", chart: "number" }],
    },
  ])("$prompt", ({ prompt, statistics }) => {
    const manifest = planFromPrompt(prompt);
    expect(manifest.statistics).toMatchObject(statistics);
    expect(manifest.not_planned ?? []).not.toContainEqual(expect.stringMatching(/statistic|total|average/i));
  });

  it("a leaderboard ranks people by a user field, added as recorded_by when the entity has none", () => {
    const manifest = planFromPrompt(
      "A fitness tracker where I log workouts with a type, duration in minutes and the date. Show statistics of my workouts per month and a leaderboard of who trained the most minutes.",
    );
    expect(manifest.leaderboards).toMatchObject([
      { entity: "workout", person: "recorded_by", measure: "sum", field: "duration_minutes", limit: 10 },
    ]);
    expect(manifest.entities[0]?.fields.find((f) => f.name === "recorded_by")).toMatchObject({
      type: "user",
      default: "current_user",
      read_only: true,
    });
    expect(manifest.statistics).toMatchObject([{ entity: "workout", group_by: "date", period: "month" }]);
    expect(manifest.not_planned).toBeUndefined();
  });

  it("plans nothing, and keeps what is not built, when no sentence asks for numbers", () => {
    const manifest = planFromPrompt("A todo app. Send me notifications when a task is due.");
    expect(manifest.statistics).toBeUndefined();
    expect(manifest.leaderboards).toBeUndefined();
    expect(manifest.not_planned).toEqual(["Send me notifications when a task is due"]);
  });
});
