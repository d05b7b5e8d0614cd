// Board and calendar routes in appgen/ui.json, the list's links to them and its default order; a manifest without
// them keeps the spec it had.
import { describe, expect, it } from "vitest";
import { assertManifest } from "../../../../app/core/manifest/index.ts";
import type { Route, UiSpec } from "../../../../app/core/schema-types/ui.ts";
import { buildUiSpec, validateUiSpec } from "../../../../app/core/stages/ui/index.ts";

const entities = [
  {
    name: "task",
    fields: [
      { name: "title", type: "text", required: true },
      { name: "stage", type: "enum", options: ["todo", "done"], option_labels: { todo: "To do" } },
      { name: "due", type: "datetime" },
    ],
  },
  {
    name: "audit",
    access: { read: ["*"], write: ["admin"] },
    fields: [
      { name: "title", type: "text" },
      { name: "status", type: "enum", options: ["open", "closed"], read_only: true, default: "open" },
      { name: "on", type: "date" },
    ],
  },
];
const roles = ["member", "admin"];
const defaults = (name: string) => ["list", "detail", "form"].map((kind) => ({ kind, entity: name }));

function spec(pages: unknown[]): UiSpec {
  const result = buildUiSpec(assertManifest({ name: "Desk", roles, entities, pages }));
  expect(validateUiSpec(result).problems).toEqual([]);
  return result;
}
const route = (s: UiSpec, path: string): Route | undefined => s.routes.find((r) => r.path === path);

describe("board and calendar routes", () => {
  const withViews = spec([
    { kind: "dashboard" },
    { kind: "list", entity: "task", sort: { field: "due", order: "desc" } },
    ...defaults("task").slice(1),
    ...defaults("audit"),
    { kind: "board", entity: "task" },
    { kind: "calendar", entity: "task" },
    { kind: "board", entity: "audit", title: "Audit lanes" },
  ]);

  it.each([
    [
      "/tasks/board",
      {
        kind: "board",
        title: "Tasks board",
        roles: ["*", "admin"],
        body: [
          { component: "Heading", text: "Tasks board", level: 1 },
          {
            component: "Board",
            entity: "task",
            source: { api: "/api/tasks", method: "GET" },
            group: {
              property: "stage",
              options: [
                { value: "todo", label: "To do" },
                { value: "done", label: "Done" },
              ],
            },
            title: { property: "title" },
            card_href: "/tasks/{id}",
            move: { api: "/api/tasks/{id}", method: "PATCH" },
            move_roles: ["*", "admin"],
            page_size: 100,
          },
        ],
      },
    ],
    [
      "/tasks/calendar",
      {
        kind: "calendar",
        title: "Tasks calendar",
        body: [
          { component: "Heading", text: "Tasks calendar", level: 1 },
          {
            component: "Calendar",
            source: { api: "/api/tasks", method: "GET" },
            date: { property: "due", format: "datetime" },
            item_href: "/tasks/{id}",
            param: "month",
          },
        ],
      },
    ],
  ])("%s", (path, expected) => {
    expect(route(withViews, path)).toMatchObject(expected);
  });

  it("gives a board of a read-only field no move controls", () => {
    const board = route(withViews, "/audits/board")?.body[1];
    expect(board).toMatchObject({ component: "Board", group: { property: "status" } });
    expect(board).not.toHaveProperty("move");
    expect(board).not.toHaveProperty("move_roles");
    expect(route(withViews, "/audits/board")?.title).toBe("Audit lanes");
  });

  it("links the list to its board and calendar, and sorts it as the page says", () => {
    const list = route(withViews, "/tasks");
    const header = list?.body[0];
    const labels =
      header && "children" in header ? header.children.map((c) => ("label" in c ? c.label : c.component)) : [];
    expect(labels).toEqual(["Heading", "Board", "Calendar", "New Task"]);
    expect(list?.body.find((n) => n.component === "Table")).toMatchObject({
      default_sort: { key: "due", order: "desc" },
    });
    const audits = route(withViews, "/audits")?.body.find((n) => n.component === "Table");
    expect(audits).toMatchObject({ default_sort: { key: "created_at", order: "desc" } });
  });

  it("leaves a spec without such pages as it was", () => {
    const plain = spec([{ kind: "dashboard" }, ...defaults("task"), ...defaults("audit")]);
    expect(plain.routes.map((r) => r.kind)).not.toContain("board");
    expect(JSON.stringify(plain)).not.toMatch(/"Board"|"Calendar"/);
  });

  it("refuses a Board whose move has no roles", () => {
    const broken = structuredClone(withViews);
    const board = route(broken, "/tasks/board")?.body[1];
    if (board?.component === "Board") delete board.move_roles;
    expect(validateUiSpec(broken).problems).toEqual([
      {
        path: `/routes/${broken.routes.findIndex((r) => r.path === "/tasks/board")}/body/1`,
        message: "a Board that moves cards needs both 'move' and 'move_roles'",
        fix: "set both or neither",
      },
    ]);
  });
});
