// e2e/views.spec.ts of the generated app: boards (drag a card, or use its "Move to" control, and the row changes),
// calendars (a row shows on its day of its month, and not on the next month's page), a list's default order, and
// that both views fit a phone. Written only when the manifest has such pages.
import { kebabCase, optionLabel } from "../../naming.ts";
import type { Entity, Field, Manifest, Page } from "../../schema-types/manifest.ts";
import { apiNames, isReadOnly } from "../api/index.ts";
import { lines, literal } from "./code.ts";
import { creatable, defaultRoleCan } from "./e2e.ts";

export const VIEWS_SPEC_PATH = "e2e/views.spec.ts";

/** A month no other generated test writes dates into, so its calendar page holds only this test's rows. */
const MONTH = { value: "2031-03", day: "2031-03-15", label: "March 2031", next: "2031-04", nextLabel: "April 2031" };

interface View {
  page: Page;
  entity: Entity;
  field: Field;
  property: string;
}

function views(manifest: Manifest, kind: "board" | "calendar"): View[] {
  const names = apiNames(manifest);
  const seen = new Set<string>();
  return manifest.pages.flatMap((page) => {
    if (page.kind !== kind || seen.has(page.entity ?? "")) return [];
    const entity = manifest.entities.find((e) => e.name === page.entity);
    const fieldName = kind === "board" ? page.group_by : page.date_field;
    const found = names.get(entity?.name ?? "")?.properties.find((p) => p.field.name === fieldName);
    if (!entity || !found) return [];
    seen.add(entity.name);
    return [{ page, entity, field: found.field, property: found.property }];
  });
}

/** Someone holding every role (alice@example.com in the seed) can create a row without a related row to make first. */
const writableByAll = (entity: Entity) =>
  entity.access.write.length + entity.access.manage.length > 0 &&
  !entity.fields.some((f) => f.type === "relation" && f.required);

export function renderViewsSpec(manifest: Manifest): string | undefined {
  const boards = views(manifest, "board");
  const calendars = views(manifest, "calendar");
  const sorted = manifest.pages.flatMap((page) => {
    const entity = manifest.entities.find((e) => e.name === page.entity);
    const field = entity?.fields.find((f) => f.name === page.sort?.field);
    // The order shows on screen as the sorted column's header; a field that is not a column has none to check.
    return page.kind === "list" && entity && field && entity.list_fields.includes(field.name) && page.sort
      ? [{ entity, field, order: page.sort.order ?? "asc", title: page.title }]
      : [];
  });
  if (boards.length + calendars.length + sorted.length === 0) return undefined;
  const used = [...new Set([...boards, ...calendars].map((v) => v.entity))];
  const ref = (entity: Entity) => `entity${used.indexOf(entity)}`;
  const role = (
    manifest.roles.find((r) => r.name === manifest.auth.default_role)?.label ?? manifest.auth.default_role
  ).toLowerCase();

  const boardTests = boards.flatMap(({ page, entity, field, property }) => {
    const url = `/${entity.path}/board`;
    const options = field.options ?? [];
    const label = (value: string) => optionLabel(value, field.option_labels);
    const [from, to] = options;
    const back = options[2] ?? from;
    const card = (column: string, id = "row.id") => `[data-column="${column}"] [data-card="\${${id}}"]`;
    if (!defaultRoleCan(manifest, entity, "read"))
      return notAllowed(`a ${role} may not open the ${page.title.toLowerCase()}`, url);
    const tests: string[][] = [];
    const canCreate = creatable(manifest, entity);
    const canMove = !isReadOnly(field) && defaultRoleCan(manifest, entity, "write");
    if (canCreate && canMove && from && to && back) {
      tests.push([
        `  test(${literal(`${page.title}: dragging a card to another column changes its ${field.label.toLowerCase()}; so does its Move control`)}, async ({ page }) => {`,
        `    await signIn(page);`,
        `    const row = await createRow(page.request, ${ref(entity)}, 0, { ${literal(property)}: ${literal(from)} });`,
        `    await page.goto(${literal(`/${entity.path}`)});`,
        `    await page.getByRole("link", { name: "Board", exact: true }).click();`,
        `    await expect(page).toHaveURL(/\\/${entity.path}\\/board$/);`,
        `    await expect(page.getByRole("heading", { level: 1, name: ${literal(page.title)} })).toBeVisible();`,
        `    await expect(page.locator(\`${card(from)}\`)).toBeVisible();`,
        ``,
        `    // Taken by its edge, as a person would grab it (the middle of a card holds its title link and Move control).`,
        `    await page.locator(\`${card(from)}\`).dragTo(page.locator(${literal(`[data-column="${to}"]`)}), { sourcePosition: { x: 4, y: 4 } });`,
        `    await expect(page.locator(\`${card(to)}\`)).toBeVisible();`,
        `    await expectToast(page, ${literal(`to ${label(to)}.`)});`,
        `    await expect.poll(async () => (await readRow(page, ${ref(entity)}, row.id))[${literal(property)}]).toBe(${literal(to)});`,
        ``,
        `    // Without a mouse: the card's "Move to" select and its Move button.`,
        `    const moved = page.locator(\`[data-card="\${row.id}"]\`);`,
        `    await moved.getByRole("combobox").selectOption(${literal(back)});`,
        `    await moved.getByRole("button", { name: "Move" }).click();`,
        `    await expectToast(page, ${literal(`to ${label(back)}.`)});`,
        `    await expect.poll(async () => (await readRow(page, ${ref(entity)}, row.id))[${literal(property)}]).toBe(${literal(back)});`,
        `    await page.reload();`,
        `    await expect(page.locator(\`${card(back)}\`)).toBeVisible();`,
        `  });`,
      ]);
    }
    if (canCreate && !canMove) {
      tests.push([
        `  test(${literal(`${page.title}: cards show in their column, with no move controls (${field.label.toLowerCase()} is set by the server)`)}, async ({ page }) => {`,
        `    await signIn(page);`,
        `    const row = await createRow(page.request, ${ref(entity)});`,
        `    await page.goto(${literal(url)});`,
        `    await expect(page.locator(\`[data-column="\${row[${literal(property)}] ?? ""}"] [data-card="\${row.id}"]\`)).toBeVisible();`,
        `    await expect(page.locator('[data-card][draggable="true"]')).toHaveCount(0);`,
        `    await expect(page.getByRole("button", { name: "Move" })).toHaveCount(0);`,
        `  });`,
      ]);
    }
    if (!defaultRoleCan(manifest, entity, "write") && writableByAll(entity) && !isReadOnly(field) && from) {
      tests.push([
        `  test(${literal(`${page.title}: a ${role} sees the cards without drag or move controls; someone who may change them gets both`)}, async ({ browser }) => {`,
        `    const [writer, reader] = [await browser.newPage(), await browser.newPage()];`,
        `    try {`,
        `      await signIn(writer, "alice@example.com");`,
        `      const row = await createRow(writer.request, ${ref(entity)}, 0, { ${literal(property)}: ${literal(from)} });`,
        `      await writer.goto(${literal(url)});`,
        `      await expect(writer.locator(\`${card(from)}\`)).toHaveAttribute("draggable", "true");`,
        `      await expect(writer.locator(\`${card(from)}\`).getByRole("button", { name: "Move" })).toBeVisible();`,
        `      await signIn(reader);`,
        `      await reader.goto(${literal(url)});`,
        `      await expect(reader.locator(\`${card(from)}\`)).toBeVisible();`,
        `      await expect(reader.locator(\`${card(from)}\`)).toHaveAttribute("draggable", "false");`,
        `      await expect(reader.getByRole("button", { name: "Move" })).toHaveCount(0);`,
        `      await expect(reader.getByRole("combobox")).toHaveCount(0);`,
        `    } finally {`,
        `      await writer.context().close();`,
        `      await reader.context().close();`,
        `    }`,
        `  });`,
      ]);
    }
    return tests;
  });

  const calendarTests = calendars.flatMap(({ page, entity, field, property }) => {
    const url = `/${entity.path}/calendar`;
    if (!defaultRoleCan(manifest, entity, "read"))
      return notAllowed(`a ${role} may not open the ${page.title.toLowerCase()}`, url);
    if (!creatable(manifest, entity)) return [];
    const tests: string[][] = [];
    if (isReadOnly(field)) {
      // The server dates the row (its default, e.g. now): it is on that day of whatever month that is.
      if (field.default === undefined) return [];
      tests.push([
        `  test(${literal(`${page.title}: a row shows on the day the server dated it`)}, async ({ page }) => {`,
        `    await signIn(page);`,
        `    const row = await createRow(page.request, ${ref(entity)});`,
        `    const value = row[${literal(property)}];`,
        `    expect(typeof value).toBe("string");`,
        `    const day = new Date(String(value)).toISOString().slice(0, 10);`,
        `    await page.goto(\`${url}?month=\${day.slice(0, 7)}\`);`,
        `    await expect(page.locator(\`[data-day="\${day}"] a[href="/${entity.path}/\${row.id}"]\`)).toBeVisible();`,
        `  });`,
      ]);
      return tests;
    }
    // Late in the day in UTC: a date-time counts on its UTC day, as the list's date filters count it.
    const value = field.type === "datetime" ? `${MONTH.day}T23:30:00.000Z` : MONTH.day;
    const link = `a[href="/${entity.path}/\${row.id}"]`;
    tests.push([
      `  test(${literal(`${page.title}: a row shows on its day of its month, and not on the next month's page`)}, async ({ page }) => {`,
      `    await signIn(page);`,
      `    const row = await createRow(page.request, ${ref(entity)}, 0, { ${literal(property)}: ${literal(value)} });`,
      `    await page.goto(${literal(`/${entity.path}`)});`,
      `    await page.getByRole("link", { name: "Calendar", exact: true }).click();`,
      `    await expect(page).toHaveURL(/\\/${entity.path}\\/calendar$/);`,
      `    await expect(page.getByRole("heading", { level: 1, name: ${literal(page.title)} })).toBeVisible();`,
      ``,
      `    await page.goto(${literal(`${url}?month=${MONTH.value}`)});`,
      `    await expect(page.getByRole("heading", { level: 2, name: ${literal(MONTH.label)} })).toBeVisible();`,
      `    await expect(page.locator(\`[data-day="${MONTH.day}"] ${link}\`)).toBeVisible();`,
      `    await expect(page.locator(\`${link}\`)).toHaveCount(1);`,
      `    await page.getByRole("link", { name: "Next month" }).click();`,
      `    await expect(page).toHaveURL(/[?&]month=${MONTH.next}$/);`,
      `    await expect(page.getByRole("heading", { level: 2, name: ${literal(MONTH.nextLabel)} })).toBeVisible();`,
      `    await expect(page.locator(\`${link}\`)).toHaveCount(0);`,
      `    await page.getByRole("link", { name: "Previous month" }).click();`,
      `    await expect(page.locator(\`${link}\`)).toBeVisible();`,
      `  });`,
    ]);
    tests.push([
      `  test(${literal(`${page.title}: a month that is not YYYY-MM is said, and this month is shown`)}, async ({ page }) => {`,
      `    await signIn(page);`,
      `    await page.goto(${literal(`${url}?month=2031-13`)});`,
      `    await expect(page.getByRole("alert").filter({ hasText: "“2031-13” is not a month like 2025-01" })).toBeVisible();`,
      `    const now = new Date();`,
      `    const month = now.toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });`,
      `    await expect(page.getByRole("heading", { level: 2, name: month })).toBeVisible();`,
      `  });`,
    ]);
    return tests;
  });

  const sortTests = sorted
    .filter(({ entity }) => defaultRoleCan(manifest, entity, "read"))
    .map(({ entity, field, order, title }) => [
      `  test(${literal(`${title}: the list is sorted by ${field.label.toLowerCase()} (${order === "asc" ? "ascending" : "descending"}) until a person sorts it`)}, async ({ page }) => {`,
      `    await signIn(page);`,
      `    await page.goto(${literal(`/${entity.path}`)});`,
      `    await expect(page.getByRole("columnheader", { name: ${literal(field.label)}, exact: true })).toHaveAttribute("aria-sort", ${literal(order === "asc" ? "ascending" : "descending")});`,
      `    await page.goto(${literal(`/${entity.path}?sort=created_at&order=desc`)});`,
      `    await expect(page.getByRole("columnheader", { name: ${literal(field.label)}, exact: true })).not.toHaveAttribute("aria-sort");`,
      `  });`,
    ]);

  const phonePaths = [...boards, ...calendars]
    .filter(({ entity }) => defaultRoleCan(manifest, entity, "read"))
    .map(({ entity, page }) => `/${entity.path}/${page.kind}`);
  const phoneTest = phonePaths.length > 0 && [
    ``,
    `test.describe("at phone width", () => {`,
    `  test.use({ viewport: { width: 390, height: 844 } });`,
    ``,
    `  test("boards and calendars fit the screen: a board's columns scroll inside it", async ({ page }) => {`,
    `    await signIn(page);`,
    `    for (const path of ${literal(phonePaths)}) {`,
    `      await page.goto(path);`,
    `      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();`,
    `      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));`,
    `      expect(scrollWidth, \`\${path} is \${scrollWidth} px wide on a \${innerWidth} px screen\`).toBeLessThanOrEqual(innerWidth);`,
    `    }`,
    `  });`,
    `});`,
  ];

  const body = [...boardTests, ...calendarTests, ...sortTests].flatMap((test, i) => (i === 0 ? test : ["", ...test]));
  const text = [...body, ...(phoneTest || [])].join("\n");
  const support = ["createRow", "expectToast", "readRow", "signIn"].filter((name) =>
    new RegExp(`\\b${name}\\(`).test(text),
  );
  return lines(
    `// Generated by appgen from appgen/manifest.json: the boards, calendars and default orders of its pages.`,
    `import { expect, test } from "@playwright/test";`,
    ``,
    used
      .filter((entity) => new RegExp(`\\b${ref(entity)}\\b`).test(text))
      .map((entity) => `import { entity as ${ref(entity)} } from "../lib/entities/${kebabCase(entity.name)}";`),
    `import { ${support.join(", ")} } from "./support";`,
    ``,
    `test.describe("views", () => {`,
    body,
    `});`,
    phoneTest || [],
  );
}

function notAllowed(title: string, url: string): string[][] {
  return [
    [
      `  test(${literal(title)}, async ({ page }) => {`,
      `    await signIn(page);`,
      `    await page.goto(${literal(url)});`,
      `    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();`,
      `  });`,
    ],
  ];
}
