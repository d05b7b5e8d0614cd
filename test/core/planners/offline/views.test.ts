// The phrasings people use for a board or a calendar, planned by the offline planner as page kinds on its entities.
import { describe, expect, it } from "vitest";
import { applyInstructions, planFromPrompt } from "../../../../app/core/planners/offline/index.ts";

const views = (prompt: string) =>
  planFromPrompt(prompt).pages.filter((page) => page.kind === "board" || page.kind === "calendar");

describe("offline planner: boards and calendars", () => {
  it.each([
    ["A kanban board of tasks by status.", [{ kind: "board", entity: "task", group_by: "status" }]],
    ["A board to move orders between stages.", [{ kind: "board", entity: "order", group_by: "status" }]],
    [
      "A CRM with deals and companies. A kanban of deals by stage.",
      [{ kind: "board", entity: "deal", group_by: "stage" }],
    ],
    ["A calendar of bookings.", [{ kind: "calendar", entity: "booking", date_field: "starts_at" }]],
    [
      "An app to track appointments with a calendar.",
      [{ kind: "calendar", entity: "appointment", date_field: "starts_at" }],
    ],
    [
      "Events with a calendar view. Each event has a title, a date and a location.",
      [{ kind: "calendar", entity: "event", date_field: "date", title: "Events calendar" }],
    ],
    [
      "A team tracker for tasks with a title, a status and a due date. Show the tasks on a kanban board and on a calendar.",
      [
        { kind: "board", entity: "task", group_by: "status", title: "Tasks board" },
        { kind: "calendar", entity: "task", date_field: "due_date", title: "Tasks calendar" },
      ],
    ],
  ])("%s", (prompt, expected) => {
    expect(views(prompt)).toMatchObject(expected);
  });

  it.each([
    "A shop that sells board games with a price and a genre.",
    "A club where board members plan meetings with a date.",
    "A message board where members post topics.",
    "A CRM to track leads and deals with a stage.",
  ])("plans no view for %s", (prompt) => {
    expect(views(prompt)).toEqual([]);
  });

  it("gives an entity without an enum a status for its board's columns", () => {
    const manifest = planFromPrompt("Notes for my recipes, shown on a board.");
    const page = manifest.pages.find((p) => p.kind === "board");
    const entity = manifest.entities.find((e) => e.name === page?.entity);
    expect(entity?.fields.find((f) => f.name === page?.group_by)).toMatchObject({
      type: "enum",
      options: ["todo", "in_progress", "done"],
      default: "todo",
    });
  });

  it("turns 'with a calendar' into the view, not a text field named calendar", () => {
    const manifest = planFromPrompt("An app to track appointments with a calendar.");
    expect(manifest.entities[0]?.fields.map((f) => f.name)).not.toContain("calendar");
  });

  it("keeps a board's derived title in step when its entity is renamed", () => {
    const previous = planFromPrompt("A kanban board of tasks by status.");
    const { manifest } = applyInstructions(previous, "rename tasks to chores");
    expect(manifest.pages.find((p) => p.kind === "board")).toMatchObject({ entity: "chore", title: "Chores board" });
  });
});
