// The files stage's part of boards, calendars and a list's default order: route files, the entity definition the
// components read, and the generated Playwright spec — and nothing of them for a manifest without such pages.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { assertManifest, parseManifest } from "../../../../app/core/manifest/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";
import { generatedPaths, renderProject } from "../../../../app/core/stages/files/index.ts";
import { renderViewsSpec, VIEWS_SPEC_PATH } from "../../../../app/core/stages/files/e2e-views.ts";

const manifestsDir = join(import.meta.dirname, "../../../e2e/manifests");
const load = (name: string): Manifest => parseManifest(readFileSync(join(manifestsDir, name), "utf8"));
const teamDesk = load("team-desk.json");
const crm = load("crm.json");
const contentOf = (manifest: Manifest, path: string) => renderProject(manifest).find((f) => f.path === path)?.content;

const ticket = (fields: unknown[], extra: Record<string, unknown> = {}) =>
  assertManifest({
    name: "Tickets",
    entities: [{ name: "ticket", fields: [{ name: "title", type: "text", required: true }, ...fields], ...extra }],
    pages: [
      { kind: "list", entity: "ticket" },
      { kind: "detail", entity: "ticket" },
      { kind: "form", entity: "ticket" },
      { kind: "board", entity: "ticket" },
      { kind: "calendar", entity: "ticket" },
    ],
  });

describe("board and calendar files", () => {
  it.each([
    [
      "app/(app)/tasks/board/page.tsx",
      ["import { EntityBoard }", "<EntityBoard entity={entity} />", 'title: "Tasks board"'],
    ],
    [
      "app/(app)/tasks/calendar/page.tsx",
      ["<EntityCalendar entity={entity} searchParams={searchParams} />", 'title: "Tasks calendar"'],
    ],
    ["app/(app)/projects/board/page.tsx", ['title: "Project phases"']],
    ["app/(app)/payslips/calendar/page.tsx", ['title: "Payslips calendar"']],
    [
      "lib/entities/task.ts",
      [
        'defaultSort: { field: "priority", order: "desc" }',
        'board: { field: "status", title: "Tasks board" }',
        'calendar: { field: "started_at", title: "Tasks calendar" }',
      ],
    ],
    ["lib/entities/project.ts", ['views: { board: { field: "phase", title: "Project phases" } }']],
    ["README.md", ["| Tasks | `/tasks`, `/tasks/board`, `/tasks/calendar` | `/api/tasks` | shared |"]],
  ])("%s", (path, expected) => {
    const content = contentOf(teamDesk, path);
    for (const text of expected) expect(content).toContain(text);
  });

  it("writes nothing of them for a manifest without such pages", () => {
    expect(generatedPaths(crm).filter((p) => /\/(board|calendar)\/|views\.spec/.test(p))).toEqual([]);
    expect(contentOf(crm, "lib/entities/deal.ts")).not.toMatch(/views|defaultSort/);
    expect(renderViewsSpec(crm)).toBeUndefined();
  });

  it("tests dragging and the Move control, the read-only role, the calendar's months and the default order", () => {
    const spec = contentOf(teamDesk, VIEWS_SPEC_PATH) ?? "";
    expect(spec).toContain(
      '.dragTo(page.locator("[data-column=\\"in_progress\\"]"), { sourcePosition: { x: 4, y: 4 } });',
    );
    expect(spec).toContain(
      'await expect.poll(async () => (await readRow(page, entity0, row.id))["status"]).toBe("in_progress");',
    );
    expect(spec).toContain('await expectToast(page, "to In progress.");');
    expect(spec).toContain('await moved.getByRole("combobox").selectOption("done");');
    expect(spec).toContain('await expect(reader.getByRole("button", { name: "Move" })).toHaveCount(0);');
    expect(spec).toContain('{ "started_at": "2031-03-15T23:30:00.000Z" }');
    expect(spec).toContain("await expect(page).toHaveURL(/[?&]month=2031-04$/);");
    expect(spec).toContain('test("a member may not open the payslips calendar"');
    expect(spec).toContain('toHaveAttribute("aria-sort", "descending")');
    expect(spec).toContain('for (const path of ["/tasks/board", "/projects/board", "/tasks/calendar"])');
  });

  it.each([
    [
      "a date: on its day",
      [
        { name: "stage", type: "enum", options: ["new", "won"] },
        { name: "due", type: "date" },
      ],
      [
        '{ "due": "2031-03-15" }',
        '.dragTo(page.locator("[data-column=\\"won\\"]"), { sourcePosition',
        'selectOption("new")',
      ],
      [],
    ],
    [
      "a status only the server sets: no moves to test, and a check that there are none",
      [
        { name: "status", type: "enum", options: ["open", "shut"], read_only: true, default: "open" },
        { name: "opened_at", type: "datetime", read_only: true, default: "now" },
      ],
      ["with no move controls (status is set by the server)", "a row shows on the day the server dated it"],
      ["dragTo", "2031-03"],
    ],
  ])("for %s", (_what, fields, present, absent) => {
    const spec = renderViewsSpec(ticket(fields)) ?? "";
    for (const text of present) expect(spec).toContain(text);
    for (const text of absent) expect(spec).not.toContain(text);
  });

  it("imports only the helpers and entities the spec uses", () => {
    const manifest = assertManifest({
      name: "Pay",
      roles: ["member", "admin"],
      entities: [
        {
          name: "payslip",
          access: { read: ["admin"], write: ["admin"] },
          fields: [{ name: "paid_on", type: "date" }],
        },
      ],
      pages: [{ kind: "calendar", entity: "payslip" }],
    });
    const spec = renderViewsSpec(manifest) ?? "";
    expect(spec).toContain('import { signIn } from "./support";');
    expect(spec).not.toContain("lib/entities");
    expect(spec).not.toContain("at phone width");
  });
});
