// Playwright specs of the generated app: per entity a UI flow and API checks derived from the same rules that
// write appgen/openapi.json, plus a test that per-user rows stay private.
import { kebabCase, myLabel } from "../../naming.ts";
import type { Entity, Field, Manifest } from "../../schema-types/manifest.ts";
import { apiNames, isReadOnly, listFilters, rangeFilters, requiredOnCreate } from "../api/index.ts";
import type { GeneratedFile } from "../types.ts";
import { lines, literal } from "./code.ts";

/** Whether a user holding only the default role may do `kind` (RLS is the real guard; tests follow it). */
export function defaultRoleCan(manifest: Manifest, entity: Entity, kind: "read" | "write"): boolean {
  const roles = [...entity.access[kind], ...entity.access.manage];
  return (
    roles.includes("*") || roles.includes(manifest.auth.default_role) || (kind === "read" && roles.includes("anon"))
  );
}

/** A default-role user can create a row: it may write the entity and every required relation's target. */
export function creatable(manifest: Manifest, entity: Entity, seen: ReadonlySet<string> = new Set()): boolean {
  if (seen.has(entity.name) || !defaultRoleCan(manifest, entity, "write")) return false;
  const next = new Set([...seen, entity.name]);
  return entity.fields.every((field) => {
    if (field.type !== "relation" || !field.required || !field.relation) return true;
    const target = manifest.entities.find((e) => e.name === field.relation?.target);
    return target !== undefined && creatable(manifest, target, next);
  });
}

/**
 * Whether the list's filter bar has a filter two sample rows can tell apart — the same rule as `filterCase` in
 * templates/base/e2e/support.ts, which picks it at run time: an enum with two options, a yes/no field, or a number
 * or date range (not on unique fields).
 */
export function hasFilterCase(entity: Entity): boolean {
  return entity.fields.some((field) => {
    if (field.unique || isReadOnly(field)) return false;
    if (field.type === "enum") return (field.options?.length ?? 0) >= 2;
    if (field.type === "integer" || field.type === "decimal" || field.type === "money") {
      const low = field.min ?? 0;
      return Math.floor(field.max ?? low + 1000) > Math.ceil(low);
    }
    return field.type === "boolean" || field.type === "date" || field.type === "datetime";
  });
}

type Part = string | false | undefined | readonly Part[];

/** Flattens nested line groups; false and undefined (a group that does not apply) disappear, "" stays a blank line. */
function block(...parts: Part[]): string[] {
  return parts.flatMap((part): string[] =>
    part === false || part === undefined ? [] : typeof part === "string" ? [part] : block(...part),
  );
}

export function entitySpecPath(entity: Entity): string {
  return `e2e/${entity.path}.spec.ts`;
}

export function renderEntitySpec(manifest: Manifest, entity: Entity): string {
  const names = apiNames(manifest).get(entity.name);
  if (!names) throw new Error(`entity ${entity.name} is not in the manifest`);
  const collection = `/api/${entity.path}`;
  const page = `/${entity.path}`;
  const rowKeys = [
    "id",
    "created_at",
    "updated_at",
    ...(entity.ownership === "user" ? ["owner_id"] : []),
    ...names.properties.map((p) => p.property),
  ];
  if (entity.fields.some((f) => f.type === "relation" || f.type === "user")) rowKeys.push("_refs");
  const requiredProperty = names.properties.find(({ field }) => requiredOnCreate(field))?.property;
  const search = entity.search_fields[0];
  const searchProperty = names.properties.find((p) => p.field.name === search)?.property;
  const filter = listFilters(names)[0];
  const range = rangeFilters(names)[0];
  const canCreate = creatable(manifest, entity);
  const hasComputed = entity.fields.some((f) => f.computed);
  const signedOutStatus = entity.access.read.includes("anon") ? 200 : 401;
  const label = entity.label.toLowerCase();

  const mineUrl = `/${entity.path}/mine`;
  // Where a form goes after creating a row, and how the test learns the row's id there.
  const afterCreate: string[] = entity.singleton
    ? [
        `    await expect(page).toHaveURL(/\\/${entity.path}\\/mine$/);`,
        `    await expect(page.getByRole("link", { name: "Edit" })).toBeVisible();`,
        `    const id = ((await (await page.request.get(${literal(`${collection}/mine`)})).json()) as { id: string }).id;`,
      ]
    : [
        `    await expect(page).toHaveURL(/\\/${entity.path}\\/[0-9a-f-]{36}$/);`,
        `    const id = new URL(page.url()).pathname.split("/").pop() ?? "";`,
      ];
  const mineTitle = entity.singleton ? myLabel(entity.label) : "";
  const singletonFlow: Part[] = [
    `  test(${literal(`UI: ${mineTitle} is one page: the form on first use, then the row to edit or delete`)}, async ({ page }) => {`,
    `    await signIn(page);`,
    `    const input = await sampleInput(page.request, entity);`,
    `    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: ${literal(mineTitle)}, exact: true }).click();`,
    `    await expect(page).toHaveURL(/\\/${entity.path}\\/mine$/);`,
    `    await expect(page.getByRole("heading", { level: 1, name: ${literal(mineTitle)} })).toBeVisible();`,
    `    await fillForm(page, entity, input);`,
    `    await page.getByRole("button", { name: ${literal(`Create ${label}`)} }).click();`,
    afterCreate,
    `    await expectToast(page, ${literal(`${entity.label} created.`)});`,
    ``,
    `    // A second one is never offered: the form for a new one leads back to this page.`,
    `    await page.goto(${literal(`${page}/new`)});`,
    `    await expect(page).toHaveURL(/\\/${entity.path}\\/mine$/);`,
    `    await page.getByRole("link", { name: "Edit" }).click();`,
    `    await expect(page).toHaveURL(\`${page}/\${id}/edit\`);`,
    `    const field = editableField(entity);`,
    `    const edited = field ? sampleValue(field, id.slice(0, 8), 1) : undefined;`,
    `    if (field) await fillForm(page, entity, { [field.property]: edited });`,
    `    await page.getByRole("button", { name: "Save changes" }).click();`,
    `    await expect(page).toHaveURL(/\\/${entity.path}\\/mine$/);`,
    `    await expectToast(page, "Changes saved.");`,
    `    if (field) await expect(page.locator(\`[data-field="\${field.name}"]\`)).toContainText(String(edited));`,
    ``,
    `    await page.getByRole("button", { name: "Delete" }).click();`,
    `    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();`,
    `    await expect(page).toHaveURL(/\\/${entity.path}$/);`,
    `    await expectToast(page, ${literal(`${entity.label} deleted.`)});`,
    `    await page.goto(${literal(mineUrl)});`,
    `    await expect(page.getByRole("button", { name: ${literal(`Create ${label}`)} })).toBeVisible();`,
    `  });`,
  ];

  const uiFlow: Part[] = entity.singleton
    ? singletonFlow
    : [
        `  test("UI: create, list, edit and delete", async ({ page }) => {`,
        `    await signIn(page);`,
        `    const input = await sampleInput(page.request, entity);`,
        `    await page.goto(${literal(`${page}/new`)});`,
        `    await fillForm(page, entity, input);`,
        `    await page.getByRole("button", { name: ${literal(`Create ${label}`)} }).click();`,
        `    await expect(page).toHaveURL(/\\/${entity.path}\\/[0-9a-f-]{36}$/);`,
        `    await expectToast(page, ${literal(`${entity.label} created.`)});`,
        `    const id = new URL(page.url()).pathname.split("/").pop() ?? "";`,
        ``,
        `    await page.goto(${literal(`${page}?sort=created_at&order=desc&per_page=100`)});`,
        `    await expect(page.locator(\`a[href="${page}/\${id}"]\`).first()).toBeVisible();`,
        ``,
        `    await page.goto(\`${page}/\${id}/edit\`);`,
        `    const field = editableField(entity);`,
        `    const edited = field ? sampleValue(field, id.slice(0, 8), 1) : undefined;`,
        `    if (field) await fillForm(page, entity, { [field.property]: edited });`,
        `    await page.getByRole("button", { name: "Save changes" }).click();`,
        `    await expect(page).toHaveURL(new RegExp(\`${page}/\${id}$\`));`,
        `    await expectToast(page, "Changes saved.");`,
        `    if (field) await expect(page.locator(\`[data-field="\${field.name}"]\`)).toContainText(String(edited));`,
        ``,
        `    await page.getByRole("button", { name: "Delete" }).click();`,
        `    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();`,
        `    await expect(page).toHaveURL(/\\/${entity.path}$/);`,
        `    await expectToast(page, ${literal(`${entity.label} deleted.`)});`,
        `    await expect(page.locator(\`a[href="${page}/\${id}"]\`)).toHaveCount(0);`,
        `  });`,
      ];

  const hasDefaults = canCreate && entity.fields.some((f) => f.default !== undefined && !isReadOnly(f));
  const defaultsFlow: Part = hasDefaults && [
    ``,
    `  test("UI: the create form starts from the defaults and saves them", async ({ page }) => {`,
    `    await signIn(page);`,
    `    const input = withoutDefaults(entity, await sampleInput(page.request, entity));`,
    `    await page.goto(${literal(`${page}/new`)});`,
    `    await expectDefaults(page, entity);`,
    `    await fillForm(page, entity, input);`,
    `    await page.getByRole("button", { name: ${literal(`Create ${label}`)} }).click();`,
    afterCreate,
    `    expectStoredDefaults(entity, await readRow(page, entity, id));`,
    `  });`,
  ];

  // Narrowing a list takes two rows of one person, which a singleton does not have.
  const filterFlow: Part = canCreate &&
    !entity.singleton &&
    hasFilterCase(entity) && [
      ``,
      `  test("UI: the filter bar narrows the list", async ({ page }) => {`,
      `    await signIn(page);`,
      `    await expectFilterNarrows(page, entity);`,
      `  });`,
    ];

  const apiFlow: Part[] = [
    `  test("API: create, get, list, update and delete answer as the contract says", async ({ page }) => {`,
    `    await signIn(page);`,
    `    const api = page.request;`,
    `    const created = await api.post(${literal(collection)}, { data: await sampleInput(api, entity) });`,
    `    expect(created.status(), await created.text()).toBe(201);`,
    `    const row = await created.json();`,
    `    expect(Object.keys(row).sort()).toEqual(${literal([...rowKeys].sort())});`,
    hasComputed && `    expectComputed(entity, row);`,
    ``,
    `    const got = await api.get(\`${collection}/\${row.id}\`);`,
    `    expect(got.status()).toBe(200);`,
    `    expect((await got.json()).id).toBe(row.id);`,
    ``,
    `    const list = await api.get(${literal(`${collection}?per_page=100&sort=created_at&order=desc`)});`,
    `    expect(list.status()).toBe(200);`,
    `    const body = await list.json();`,
    `    expect(body).toMatchObject({ page: 1, per_page: 100 });`,
    `    expect(body.total).toBeGreaterThanOrEqual(1);`,
    `    expect(body.data.map((r: { id: string }) => r.id)).toContain(row.id);`,
    searchProperty && [
      ``,
      `    const searched = await api.get(${literal(collection)}, { params: { q: String(row[${literal(searchProperty)}]), per_page: 100 } });`,
      `    expect(searched.status()).toBe(200);`,
      `    expect((await searched.json()).data.map((r: { id: string }) => r.id)).toContain(row.id);`,
    ],
    filter && [
      ``,
      `    if (row[${literal(filter.property)}] !== null) {`,
      `      const filtered = await api.get(${literal(collection)}, { params: { ${literal(filter.param)}: String(row[${literal(filter.property)}]), per_page: 100 } });`,
      `      expect(filtered.status()).toBe(200);`,
      `      expect((await filtered.json()).data.map((r: { id: string }) => r.id)).toContain(row.id);`,
      `    }`,
    ],
    ``,
    `    const patched = await api.patch(\`${collection}/\${row.id}\`, { data: {} });`,
    `    expect(patched.status(), await patched.text()).toBe(200);`,
    entity.singleton && [
      ``,
      `    // One per person: a second one is refused, and /mine reads and changes the one there is.`,
      `    const second = await api.post(${literal(collection)}, { data: await sampleInput(api, entity) });`,
      `    expect(second.status(), await second.text()).toBe(409);`,
      `    expect((await second.json()).error.code).toBe("conflict");`,
      `    const mine = await api.get(${literal(`${collection}/mine`)});`,
      `    expect(mine.status()).toBe(200);`,
      `    expect((await mine.json()).id).toBe(row.id);`,
      `    const put = await api.put(${literal(`${collection}/mine`)}, { data: {} });`,
      `    expect(put.status(), await put.text()).toBe(200);`,
      `    expect((await put.json()).id).toBe(row.id);`,
    ],
    `    const deleted = await api.delete(\`${collection}/\${row.id}\`);`,
    `    expect(deleted.status()).toBe(204);`,
    `    expect((await api.get(\`${collection}/\${row.id}\`)).status()).toBe(404);`,
    entity.singleton && [
      `    const none = await api.get(${literal(`${collection}/mine`)});`,
      `    expect(none.status()).toBe(404);`,
      `    expect((await none.json()).error.code).toBe("not_found");`,
      `    const first = await api.put(${literal(`${collection}/mine`)}, { data: await sampleInput(api, entity) });`,
      `    expect(first.status(), await first.text()).toBe(201);`,
      `    expect((await api.get(${literal(`${collection}/mine`)})).status()).toBe(200);`,
    ],
    `  });`,
  ];

  const canRead = defaultRoleCan(manifest, entity, "read");
  const canWrite = defaultRoleCan(manifest, entity, "write");
  const validation: Part = (canRead || canWrite) && [
    `  test("API: invalid input answers 422 with a message per field", async ({ page }) => {`,
    `    await signIn(page);`,
    canWrite && [
      `    const unknown = await page.request.post(${literal(collection)}, { data: { not_a_field: 1 } });`,
      `    expect(unknown.status()).toBe(422);`,
      `    const error = (await unknown.json()).error;`,
      `    expect(error.code).toBe("validation_failed");`,
      `    expect(error.fields).toHaveProperty("not_a_field");`,
    ],
    canWrite &&
      requiredProperty && [
        `    const missing = await page.request.post(${literal(collection)}, { data: {} });`,
        `    expect(missing.status()).toBe(422);`,
        `    expect((await missing.json()).error.fields).toHaveProperty(${literal(requiredProperty)});`,
      ],
    canRead && [
      `    const badQuery = await page.request.get(${literal(`${collection}?per_page=1000`)});`,
      `    expect(badQuery.status()).toBe(422);`,
      `    expect((await badQuery.json()).error.fields).toHaveProperty("per_page");`,
    ],
    canRead &&
      range && [
        `    const badRange = await page.request.get(${literal(collection)}, { params: { ${literal(range.param)}: "not-a-${range.schema.format === "date" ? "date" : "number"}" } });`,
        `    expect(badRange.status()).toBe(422);`,
        `    expect((await badRange.json()).error.fields).toHaveProperty(${literal(range.param)});`,
      ],
    `  });`,
    ``,
  ];

  const missingRequests = [
    ...(canRead ? ["await page.request.get(missing)"] : []),
    ...(canWrite ? ["await page.request.patch(missing, { data: {} })", "await page.request.delete(missing)"] : []),
  ];
  const notFound: Part = missingRequests.length > 0 && [
    `  test("API: unknown ids answer 404", async ({ page }) => {`,
    `    await signIn(page);`,
    `    const missing = \`${collection}/\${randomUUID()}\`;`,
    `    for (const response of [${missingRequests.join(", ")}]) {`,
    `      expect(response.status()).toBe(404);`,
    `      expect((await response.json()).error.code).toBe("not_found");`,
    `    }`,
    `  });`,
    ``,
  ];

  // Role-aware screens: what the default role may not do is neither offered on screen nor allowed by the API.
  const role = manifest.roles.find((r) => r.name === manifest.auth.default_role)?.label ?? manifest.auth.default_role;
  const newLink = `New ${label}`;
  const listTitle =
    manifest.pages.find((p) => p.kind === "list" && p.entity === entity.name)?.title ?? entity.plural_label;
  const readOnly: Part = canRead &&
    !canWrite && [
      `  test(${literal(`UI: a ${role.toLowerCase()} sees no New, Edit or Delete, and the API refuses their writes with 403`)}, async ({ page }) => {`,
      `    await signIn(page);`,
      `    await page.goto(${literal(page)});`,
      `    await expect(page.getByRole("heading", { level: 1, name: ${literal(listTitle)} })).toBeVisible();`,
      `    await expect(page.getByRole("link", { name: ${literal(newLink)} })).toHaveCount(0);`,
      `    const first = ((await (await page.request.get(${literal(`${collection}?per_page=1`)})).json()).data as { id: string }[])[0];`,
      `    if (first) {`,
      `      await page.goto(\`${page}/\${first.id}\`);`,
      `      await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);`,
      `      await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);`,
      `    }`,
      `    await page.goto(${literal(`${page}/new`)});`,
      `    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();`,
      `    const created = await page.request.post(${literal(collection)}, { data: {} });`,
      `    expect(created.status()).toBe(403);`,
      `    expect((await created.json()).error.code).toBe("forbidden");`,
      `    const missing = \`${collection}/\${randomUUID()}\`;`,
      `    for (const response of [await page.request.patch(missing, { data: {} }), await page.request.delete(missing)]) expect(response.status()).toBe(403);`,
      `  });`,
      ``,
    ];
  const noRead: Part = !canRead && [
    `  test(${literal(`UI and API: a ${role.toLowerCase()} may not read ${entity.plural_label.toLowerCase()}: 403 and a page that says so`)}, async ({ page }) => {`,
    `    await signIn(page);`,
    `    const list = await page.request.get(${literal(collection)});`,
    `    expect(list.status()).toBe(403);`,
    `    expect((await list.json()).error.code).toBe("forbidden");`,
    `    expect((await page.request.get(\`${collection}/\${randomUUID()}\`)).status()).toBe(403);`,
    `    await page.goto(${literal(page)});`,
    `    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();`,
    `    await expect(page.getByRole("link", { name: ${literal(newLink)} })).toHaveCount(0);`,
    `  });`,
    ``,
  ];
  // alice@example.com holds every role in the seed: she is offered what the default role is not.
  const admin: Part = !canWrite &&
    entity.access.write.length + entity.access.manage.length > 0 && [
      `  test(${literal(`UI: someone holding every role is offered New ${label}`)}, async ({ page }) => {`,
      `    await signIn(page, "alice@example.com");`,
      `    await page.goto(${literal(page)});`,
      `    await expect(page.getByRole("link", { name: ${literal(newLink)} })).toBeVisible();`,
      `  });`,
      ``,
    ];

  const supportImports = canCreate
    ? [
        "editableField",
        ...(hasComputed ? ["expectComputed"] : []),
        ...(hasDefaults ? ["expectDefaults"] : []),
        ...(filterFlow ? ["expectFilterNarrows"] : []),
        ...(hasDefaults ? ["expectStoredDefaults"] : []),
        "expectToast",
        "fillForm",
        ...(hasDefaults ? ["readRow"] : []),
        "sampleInput",
        "sampleValue",
        "signIn",
        ...(hasDefaults ? ["withoutDefaults"] : []),
      ].join(", ")
    : "signIn";
  return lines(
    `// Generated by appgen for entity "${entity.name}" from appgen/manifest.json and appgen/openapi.json.`,
    `import { randomUUID } from "node:crypto";`,
    `import { expect, test } from "@playwright/test";`,
    ``,
    canCreate && `import { entity } from "../lib/entities/${kebabCase(entity.name)}";`,
    `import { ${supportImports} } from "./support";`,
    ``,
    `test.describe(${literal(entity.plural_label)}, () => {`,
    `  test(${literal(`API: signed-out requests answer ${signedOutStatus}`)}, async ({ request }) => {`,
    `    expect((await request.get(${literal(collection)})).status()).toBe(${signedOutStatus});`,
    `  });`,
    ``,
    canCreate ? block(uiFlow, defaultsFlow, filterFlow, ``, apiFlow, ``) : [],
    block(validation, notFound, readOnly, noRead, admin).slice(0, -1),
    `});`,
  );
}

export const ISOLATION_SPEC_PATH = "e2e/per-user-isolation.spec.ts";

/** Per-user entities a default-role user can create, for the isolation test; undefined when there are none. */
export function renderIsolationSpec(manifest: Manifest): string | undefined {
  const entities = manifest.entities.filter((e) => e.ownership === "user" && creatable(manifest, e));
  if (entities.length === 0) return undefined;
  return lines(
    `// Generated by appgen: one user's per-user rows are invisible to another user (row-level security).`,
    `import { expect, test } from "@playwright/test";`,
    ``,
    entities.map((e, i) => `import { entity as entity${i} } from "../lib/entities/${kebabCase(e.name)}";`),
    `import { createRow, signIn } from "./support";`,
    ``,
    `for (const entity of [${entities.map((_, i) => `entity${i}`).join(", ")}]) {`,
    `  test(\`a second user cannot see the first user's \${entity.pluralLabel}\`, async ({ browser }) => {`,
    `    const first = await browser.newPage();`,
    `    const second = await browser.newPage();`,
    `    try {`,
    `      await signIn(first);`,
    `      const row = await createRow(first.request, entity);`,
    `      await signIn(second);`,
    `      expect((await second.request.get(\`/api/\${entity.path}/\${row.id}\`)).status()).toBe(404);`,
    `      const list = await (await second.request.get(\`/api/\${entity.path}?per_page=100\`)).json();`,
    `      expect(list.data.map((r: { id: string }) => r.id)).not.toContain(row.id);`,
    `      expect((await second.request.delete(\`/api/\${entity.path}/\${row.id}\`)).status()).toBe(404);`,
    `      expect((await first.request.get(\`/api/\${entity.path}/\${row.id}\`)).status()).toBe(200);`,
    `    } finally {`,
    `      await first.context().close();`,
    `      await second.context().close();`,
    `    }`,
    `  });`,
    `}`,
  );
}

export const RELATIONS_SPEC_PATH = "e2e/private-relations.spec.ts";

interface HiddenRelation {
  entity: Entity;
  field: Field;
  target: Entity;
}

/**
 * Relation fields whose target is per-user and creatable by a default-role user, on entities that user can create:
 * the references one user can make to rows another user cannot see.
 */
function privateRelations(manifest: Manifest): HiddenRelation[] {
  const byName = new Map(manifest.entities.map((e) => [e.name, e]));
  return manifest.entities.flatMap((entity) =>
    creatable(manifest, entity)
      ? entity.fields.flatMap((field) => {
          const target = field.relation ? byName.get(field.relation.target) : undefined;
          // A read-only relation is the server's to set (an action's), so no request can point it anywhere.
          return target &&
            target.ownership === "user" &&
            target.name !== entity.name &&
            !isReadOnly(field) &&
            creatable(manifest, target)
            ? [{ entity, field, target }]
            : [];
        })
      : [],
  );
}

/**
 * Two users and private rows meet through relations: references to rows the editor cannot see survive an edit,
 * a reference to another user's private row is refused like a missing one, large option sets are searched, and
 * unique fields of per-user entities are unique per owner. Undefined when the manifest has none of these shapes.
 */
export function renderRelationsSpec(manifest: Manifest): string | undefined {
  const relations = privateRelations(manifest);
  const names = apiNames(manifest);
  const property = (entity: Entity, field: Field) =>
    names.get(entity.name)?.properties.find((p) => p.field === field)?.property ?? field.name;
  // A second user edits a shared row; a required many-to-many field whose links are all hidden from them could not be saved.
  const editable = relations.filter(
    ({ entity }) =>
      entity.ownership === "shared" &&
      !entity.fields.some((f) => f.type === "relation" && f.required && f.relation?.cardinality === "many_to_many"),
  );
  const single = editable.find(({ field }) => field.relation?.cardinality !== "many_to_many");
  const many = editable.find(({ field }) => field.relation?.cardinality === "many_to_many");
  // The picker test makes more rows of the target than one page: one person has one row of a singleton.
  const picker = relations.find(({ target }) => !target.singleton);
  const uniques = manifest.entities
    .filter((e) => e.ownership === "user" && !e.singleton && creatable(manifest, e))
    .flatMap((entity) =>
      entity.fields
        .filter((f) => f.unique && !isReadOnly(f) && f.type !== "relation" && f.type !== "boolean")
        .slice(0, 1)
        .map((field) => ({ entity, field })),
    );
  if (relations.length === 0 && uniques.length === 0) return undefined;

  const used = [...new Set([...relations.flatMap((r) => [r.entity, r.target]), ...uniques.map((u) => u.entity)])];
  const ref = (entity: Entity) => `entity${used.indexOf(entity)}`;
  const fieldOf = (entity: Entity, field: Field) => `field(${ref(entity)}, ${literal(field.name)})`;
  const twoUsers = (title: string, body: Part[]): Part[] => [
    `  test(${literal(title)}, async ({ browser }) => {`,
    `    const [first, second] = [await browser.newPage(), await browser.newPage()];`,
    `    try {`,
    `      await signIn(first);`,
    `      await signIn(second);`,
    ...block(body).map((line) => (line ? `      ${line}` : line)),
    `    } finally {`,
    `      await first.context().close();`,
    `      await second.context().close();`,
    `    }`,
    `  });`,
    ``,
  ];

  const singleTest: Part = single && [
    twoUsers(
      `editing a shared ${single.entity.label.toLowerCase()} keeps a ${single.field.label.toLowerCase()} the editor cannot see`,
      [
        `const entity = ${ref(single.entity)};`,
        `const relation = ${fieldOf(single.entity, single.field)};`,
        `const hidden = await createRow(first.request, ${ref(single.target)});`,
        `const row = await createRow(first.request, entity, 0, { ${literal(property(single.entity, single.field))}: hidden.id });`,
        `await second.goto(\`/\${entity.path}/\${row.id}/edit\`);`,
        `const control = second.locator(\`form [name="\${relation.property}"]\`);`,
        `await expect(control).toHaveValue(hidden.id);`,
        `await expect(control.locator(\`option[value="\${hidden.id}"]\`)).toHaveText(HIDDEN_LABEL);`,
        `const text = editableField(entity);`,
        `const edited = text ? sampleValue(text, row.id.slice(0, 8), 1) : undefined;`,
        `if (text) await fillForm(second, entity, { [text.property]: edited });`,
        `await second.getByRole("button", { name: "Save changes" }).click();`,
        `await expect(second).toHaveURL(new RegExp(\`/\${entity.path}/\${row.id}$\`));`,
        `const stored = await readRow(first, entity, row.id);`,
        `expect(stored[relation.property]).toBe(hidden.id);`,
        `if (text) expect(stored[text.property]).toBe(edited);`,
        `expect((await readRow(second, entity, row.id))._refs?.[relation.name]).toEqual({ id: hidden.id, label: HIDDEN_LABEL, hidden: true });`,
      ],
    ),
  ];

  const manyTest: Part = many && [
    twoUsers(
      `editing a shared ${many.entity.label.toLowerCase()} changes only the ${many.field.label.toLowerCase()} links the editor can see`,
      [
        `const entity = ${ref(many.entity)};`,
        `const relation = ${fieldOf(many.entity, many.field)};`,
        `const hidden = await createRow(first.request, ${ref(many.target)});`,
        `const row = await createRow(first.request, entity, 0, { ${literal(property(many.entity, many.field))}: [hidden.id] });`,
        `const mine = await createRow(second.request, ${ref(many.target)});`,
        `const edit = async (ids: string[]) => {`,
        `  await second.goto(\`/\${entity.path}/\${row.id}/edit\`);`,
        `  await expect(second.locator(\`form [name="\${relation.property}"] option[value="\${hidden.id}"]\`)).toHaveCount(0);`,
        `  await pickRelated(second, relation, ids);`,
        `  await second.getByRole("button", { name: "Save changes" }).click();`,
        `  await expect(second).toHaveURL(new RegExp(\`/\${entity.path}/\${row.id}$\`));`,
        `};`,
        `await edit([mine.id]);`,
        `expect((await readRow(first, entity, row.id))[relation.property]).toEqual([hidden.id]);`,
        `expect((await readRow(second, entity, row.id))[relation.property]).toEqual([mine.id]);`,
        `await edit([]);`,
        `expect((await readRow(first, entity, row.id))[relation.property]).toEqual([hidden.id]);`,
        `expect((await readRow(second, entity, row.id))[relation.property]).toEqual([]);`,
      ],
    ),
  ];

  const refusals: Part = relations.map(({ entity, field, target }) =>
    twoUsers(
      `a ${field.label.toLowerCase()} of a ${entity.label.toLowerCase()} may not point at another user's ${target.label.toLowerCase()}`,
      [
        `const hidden = await createRow(first.request, ${ref(target)});`,
        `const input = await sampleInput(second.request, ${ref(entity)});`,
        `const value = ${field.relation?.cardinality === "many_to_many" ? "[hidden.id]" : "hidden.id"};`,
        `const response = await second.request.post(${literal(`/api/${entity.path}`)}, { data: { ...input, ${literal(property(entity, field))}: value } });`,
        `expect(response.status(), await response.text()).toBe(422);`,
        `expect((await response.json()).error.fields).toEqual({ ${literal(property(entity, field))}: ${literal(`No such ${field.label.toLowerCase()}.`)} });`,
        `// Nobody else's reference keeps the owner from deleting their row.`,
        `expect((await first.request.delete(\`/api/${target.path}/\${hidden.id}\`)).status()).toBe(204);`,
      ],
    ),
  );

  const pickerTest: Part = picker && [
    `  test(${literal(`the ${picker.field.label.toLowerCase()} picker searches when there are more ${picker.target.plural_label.toLowerCase()} than one page`)}, async ({ page }) => {`,
    `    test.setTimeout(90_000);`,
    `    await signIn(page);`,
    `    const entity = ${ref(picker.entity)};`,
    `    const relation = ${fieldOf(picker.entity, picker.field)};`,
    `    const rows = [];`,
    `    for (let i = 0; i <= RELATION_PAGE_SIZE; i++) rows.push(await createRow(page.request, ${ref(picker.target)}));`,
    `    const wanted = rows[rows.length - 1] as RecordRow;`,
    `    const input = await sampleInput(page.request, entity);`,
    `    await page.goto(${literal(`/${picker.entity.path}/new`)});`,
    `    const control = page.locator(\`form [name="\${relation.property}"]\`);`,
    `    expect(await control.locator("option").count()).toBeLessThanOrEqual(RELATION_PAGE_SIZE + 1);`,
    `    const search = page.getByRole("searchbox", { name: \`Search \${relation.label}\` });`,
    `    await search.fill(recordLabel(${ref(picker.target)}, wanted));`,
    `    await expect(control.locator(\`option[value="\${wanted.id}"]\`)).toHaveCount(1);`,
    `    await fillForm(page, entity, { ...input, [relation.property]: ${picker.field.relation?.cardinality === "many_to_many" ? "[wanted.id]" : "wanted.id"} });`,
    `    await page.getByRole("button", { name: ${literal(`Create ${picker.entity.label.toLowerCase()}`)} }).click();`,
    `    await expect(page).toHaveURL(/\\/${picker.entity.path}\\/[0-9a-f-]{36}$/);`,
    `    const id = new URL(page.url()).pathname.split("/").pop() ?? "";`,
    `    const stored = (await readRow(page, entity, id))[relation.property];`,
    `    expect(stored).toEqual(${picker.field.relation?.cardinality === "many_to_many" ? "[wanted.id]" : "wanted.id"});`,
    `  });`,
    ``,
  ];

  const uniqueTests: Part = uniques.map(({ entity, field }) =>
    twoUsers(
      `${entity.plural_label.toLowerCase()}' ${field.label.toLowerCase()} is unique per user, not across users`,
      [
        `const row = await createRow(first.request, ${ref(entity)});`,
        `const value = row[${literal(property(entity, field))}];`,
        `const theirs = await second.request.post(${literal(`/api/${entity.path}`)}, { data: { ...(await sampleInput(second.request, ${ref(entity)})), ${literal(property(entity, field))}: value } });`,
        `expect(theirs.status(), await theirs.text()).toBe(201);`,
        `const again = await first.request.post(${literal(`/api/${entity.path}`)}, { data: { ...(await sampleInput(first.request, ${ref(entity)})), ${literal(property(entity, field))}: value } });`,
        `expect(again.status()).toBe(422);`,
        `expect((await again.json()).error.fields).toHaveProperty(${literal(property(entity, field))});`,
      ],
    ),
  );

  const body = block(singleTest, manyTest, refusals, pickerTest, uniqueTests).slice(0, -1);
  // Each shape uses some of the helpers; importing only those keeps the spec free of unused imports (lint fails on them).
  const text = body.join("\n");
  const usesField = /\bfield\(/.test(text);
  const uses = (names: string[]) => names.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  const entityImports = [
    ...uses(["HIDDEN_LABEL", "RELATION_PAGE_SIZE", "recordLabel"]),
    ...(usesField ? ["type EntityDefinition", "type FieldDefinition"] : []),
    ...uses(["RecordRow"]).map((n) => `type ${n}`),
  ];
  const supportImports = uses([
    "createRow",
    "editableField",
    "fillForm",
    "pickRelated",
    "readRow",
    "sampleInput",
    "sampleValue",
    "signIn",
  ]);
  const code = lines(
    `// Generated by appgen: relations between users' private rows (row-level security meets references and links).`,
    `import { expect, test } from "@playwright/test";`,
    ``,
    used.map((e) => `import { entity as ${ref(e)} } from "../lib/entities/${kebabCase(e.name)}";`),
    entityImports.length > 0 && `import { ${entityImports.join(", ")} } from "../lib/entity";`,
    `import { ${supportImports.join(", ")} } from "./support";`,
    ``,
    usesField && [
      `function field(entity: EntityDefinition, name: string): FieldDefinition {`,
      `  const found = entity.fields.find((f) => f.name === name);`,
      `  if (!found) throw new Error(\`\${entity.name} has no field \${name}\`);`,
      `  return found;`,
      `}`,
      ``,
    ],
    `test.describe("private rows across relations", () => {`,
    body,
    `});`,
  );
  return code;
}
