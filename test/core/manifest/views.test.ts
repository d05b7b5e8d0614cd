// Board and calendar pages and a list's default order: what is derived, what is refused (with a JSON path and a
// fix), and that manifests without them keep their bytes.
import { describe, expect, it } from "vitest";
import { canonicalJson, validateManifest } from "../../../app/core/manifest/index.ts";

const task = {
  name: "task",
  fields: [
    { name: "title", type: "text", required: true },
    { name: "priority", type: "enum", options: ["low", "high"] },
    { name: "status", type: "enum", options: ["todo", "doing", "done"], default: "todo" },
    { name: "notes", type: "long_text" },
    { name: "due_on", type: "date" },
    { name: "starts_at", type: "datetime" },
    { name: "owner", type: "user" },
  ],
};
const note = { name: "note", fields: [{ name: "text", type: "text" }] };
const profile = {
  name: "profile",
  singleton: true,
  fields: [
    { name: "name", type: "text" },
    { name: "level", type: "enum", options: ["a", "b"] },
  ],
};

const app = (pages: unknown[]) => ({ name: "Desk", entities: [task, note, profile], pages });

function problems(input: unknown): string[] {
  const result = validateManifest(input);
  if (result.ok) return [];
  for (const p of result.problems) expect(p.fix, `${p.path} ${p.message}`).toBeTruthy();
  return result.problems.map((p) => `${p.path}: ${p.message} → ${p.fix}`);
}

describe("board and calendar pages", () => {
  it.each([
    [
      "a board prefers a status-like enum",
      { kind: "board", entity: "task" },
      { group_by: "status", title: "Tasks board" },
    ],
    [
      "a board keeps the group_by it is given",
      { kind: "board", entity: "task", group_by: "priority" },
      { group_by: "priority" },
    ],
    [
      "a calendar takes the first date field",
      { kind: "calendar", entity: "task" },
      { date_field: "due_on", title: "Tasks calendar" },
    ],
    [
      "a calendar may use a datetime",
      { kind: "calendar", entity: "task", date_field: "starts_at" },
      { date_field: "starts_at" },
    ],
    [
      "a list's sort order defaults to ascending",
      { kind: "list", entity: "task", sort: { field: "due_on" } },
      { sort: { field: "due_on", order: "asc" } },
    ],
    [
      "a list may sort newest changes first",
      { kind: "list", entity: "task", sort: { field: "updated_at", order: "desc" } },
      { sort: { field: "updated_at", order: "desc" } },
    ],
  ])("%s", (_what, page, expected) => {
    const result = validateManifest(app([page]));
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) expect(result.manifest.pages[0]).toMatchObject(expected);
  });

  it("derives the first enum when none is named like a status", () => {
    const entity = {
      name: "ticket",
      fields: [
        { name: "title", type: "text" },
        { name: "lane", type: "enum", options: ["a", "b"] },
        { name: "size", type: "enum", options: ["s", "m"] },
      ],
    };
    const result = validateManifest({ name: "T", entities: [entity], pages: [{ kind: "board", entity: "ticket" }] });
    expect(result.ok && result.manifest.pages[0]?.group_by).toBe("lane");
  });

  it.each([
    [
      "a board of an entity without an enum",
      { kind: "board", entity: "note" },
      "/pages/0: a board shows one column per option of an enum field, and 'note' has none → add a field such as { name: status, type: enum, options: [todo, doing, done] } to 'note', or remove the page",
    ],
    [
      "a board grouped by a date",
      { kind: "board", entity: "task", group_by: "due_on" },
      "/pages/0/group_by: 'due_on' is a date field: a board's columns are the options of an enum field → use one of: priority, status",
    ],
    [
      "a board grouped by a missing field",
      { kind: "board", entity: "task", group_by: "stage" },
      "/pages/0/group_by: no field 'stage' in entity 'task' → use one of: priority, status",
    ],
    [
      "a calendar of an entity without a date",
      { kind: "calendar", entity: "note" },
      "/pages/0: a calendar places rows on days by a date or datetime field, and 'note' has none → add a field such as { name: starts_at, type: datetime } to 'note', or remove the page",
    ],
    [
      "a calendar by an enum",
      { kind: "calendar", entity: "task", date_field: "status" },
      "/pages/0/date_field: 'status' is an enum field: a calendar needs a date or datetime field → use one of: due_on, starts_at",
    ],
    [
      "group_by on a list",
      { kind: "list", entity: "task", group_by: "status" },
      "/pages/0/group_by: a board groups its cards by a field: a list page has no 'group_by' → remove 'group_by'",
    ],
    [
      "date_field on a board",
      { kind: "board", entity: "task", date_field: "due_on" },
      "/pages/0/date_field: a calendar places rows on days by a field: a board page has no 'date_field' → remove 'date_field'",
    ],
    [
      "a sort on a detail page",
      { kind: "detail", entity: "task", sort: { field: "title" } },
      "/pages/0/sort: only a list has a default order: a detail page has no 'sort' → remove 'sort'",
    ],
    [
      "a sort by a long text",
      { kind: "list", entity: "task", sort: { field: "notes" } },
      "/pages/0/sort/field: 'notes' is a long_text field, which a list cannot sort by → use one of: title, priority, status, due_on, starts_at, created_at, updated_at",
    ],
    [
      "a sort by a missing field",
      { kind: "list", entity: "task", sort: { field: "rank", order: "desc" } },
      "/pages/0/sort/field: no field 'rank' in entity 'task'",
    ],
    [
      "a board of a singleton",
      { kind: "board", entity: "profile" },
      "/pages/0: 'profile' has one row per person: a board would show a single row → remove the board page, or remove 'singleton' from the entity",
    ],
    [
      "a sort order that is not asc or desc",
      { kind: "list", entity: "task", sort: { field: "title", order: "up" } },
      '/pages/0/sort/order: must be one of "asc", "desc"',
    ],
  ])("refuses %s", (_what, page, expected) => {
    expect(problems(app([page])).join("\n")).toContain(expected);
  });

  it("refuses a second board of the same entity: both would be /tasks/board", () => {
    expect(
      problems(
        app([
          { kind: "board", entity: "task" },
          { kind: "board", entity: "task", group_by: "priority" },
        ]),
      ),
    ).toEqual(["/pages/1: a second board of 'task' → keep one board page per entity (it is /tasks/board)"]);
  });

  it("adds nothing to a manifest that has no such pages", () => {
    const plain = validateManifest({ name: "Desk", entities: [task, note] });
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    const json = canonicalJson(plain.manifest);
    expect(json).not.toMatch(/group_by|date_field|"sort"/);
    // A board page written out in full validates to the same bytes as the short one.
    const short = validateManifest(app([{ kind: "board", entity: "task" }]));
    const full = validateManifest(app([{ kind: "board", entity: "task", title: "Tasks board", group_by: "status" }]));
    expect(short.ok && full.ok && canonicalJson(short.manifest) === canonicalJson(full.manifest)).toBe(true);
  });
});
