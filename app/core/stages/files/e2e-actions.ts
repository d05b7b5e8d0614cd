// Playwright specs for entity actions and server-set values: each action clicked on the row's page as a person would,
// its effects read back through the API, its guard (409), its roles (403, button hidden), another user's row (404),
// and read-only fields refused in create and update bodies. The row is brought into the state an action needs by
// running other actions first, planned here from the manifest (defaults, constants and increments are known values).
import { kebabCase } from "../../naming.ts";
import type { Action, Condition, Entity, Field, Manifest } from "../../schema-types/manifest.ts";
import { actionInputs, apiNames, isReadOnly, listFilters } from "../api/index.ts";
import { actionRoles, refusalMessage } from "../db/actions.ts";
import { lines, literal } from "./code.ts";
import { creatable } from "./e2e.ts";

/** The demo account that holds every role (supabase/seed.sql). */
const EVERY_ROLE_USER = "alice@example.com";

export function actionSpecPath(entity: Entity): string {
  // Entity paths are kebab-case, so the dot keeps this apart from every entity's own spec.
  return `e2e/${entity.path}.actions.spec.ts`;
}

/** What the plan knows about a field's value: a constant, null, "set" (some value), "me" (the user), or unknown. */
type Known = string | number | boolean | null | { set: true } | { me: true } | undefined;
type State = Map<string, Known>;

const SET: Known = { set: true };
const ME: Known = { me: true };

function initialState(entity: Entity): State {
  const state: State = new Map();
  for (const field of entity.fields) {
    if (!isReadOnly(field)) continue;
    const d = field.default;
    state.set(field.name, d === undefined ? null : d === "now" ? SET : d === "current_user" ? ME : d);
  }
  return state;
}

function holds(condition: Condition, value: Known): boolean | undefined {
  if (value === undefined) return undefined;
  const isMe = typeof value === "object" && value !== null && "me" in value;
  const isSet = typeof value === "object" && value !== null;
  if (condition.empty !== undefined) return condition.empty ? value === null : value !== null;
  if (condition.at_least !== undefined) return typeof value === "number" ? value >= condition.at_least : undefined;
  if (condition.at_most !== undefined) return typeof value === "number" ? value <= condition.at_most : undefined;
  const wanted = condition.equals ?? condition.not_equals;
  const equal =
    wanted === "current_user"
      ? isMe
        ? true
        : value === null
          ? false
          : undefined
      : isSet
        ? undefined
        : value === wanted;
  if (equal === undefined) return undefined;
  return condition.equals !== undefined ? equal : !equal;
}

function applies(action: Action, state: State): boolean | undefined {
  let result: boolean | undefined = true;
  for (const c of action.when ?? []) {
    const h = holds(c, state.get(c.field));
    if (h === false) return false;
    if (h === undefined) result = undefined;
  }
  return result;
}

function after(action: Action, state: State): State {
  const next = new Map(state);
  for (const a of action.set ?? []) {
    const before = next.get(a.field);
    if (a.add !== undefined) next.set(a.field, typeof before === "number" ? before + a.add : undefined);
    else if (a.input) next.set(a.field, undefined);
    else next.set(a.field, a.to === "now" ? SET : a.to === "current_user" ? ME : (a.to ?? null));
  }
  return next;
}

/** The shortest run of actions (at most three) after which `goal` holds, or undefined. */
function plan(entity: Entity, start: State, goal: (state: State) => boolean): Action[] | undefined {
  let frontier: { state: State; steps: Action[] }[] = [{ state: start, steps: [] }];
  for (let depth = 0; depth <= 3; depth++) {
    for (const { state, steps } of frontier) if (goal(state)) return steps;
    frontier = frontier.flatMap(({ state, steps }) =>
      (entity.actions ?? [])
        .filter((a) => applies(a, state) === true)
        .map((a) => ({ state: after(a, state), steps: [...steps, a] })),
    );
  }
  return undefined;
}

type Part = string | false | undefined | readonly Part[];
function block(...parts: Part[]): string[] {
  return parts.flatMap((part): string[] =>
    part === false || part === undefined ? [] : typeof part === "string" ? [part] : block(...part),
  );
}

export function renderActionSpec(manifest: Manifest, entity: Entity): string | undefined {
  const actions = entity.actions ?? [];
  const readOnly = entity.fields.filter(isReadOnly);
  if (actions.length === 0 && readOnly.length === 0) return undefined;
  // Rows are made by a new user (the default role) where it may, else by the seed's alice, who holds every role.
  const creator = creatable(manifest, entity)
    ? undefined
    : creatableByEveryRole(manifest, entity)
      ? EVERY_ROLE_USER
      : null;
  if (creator === null) return undefined;
  const names = apiNames(manifest).get(entity.name);
  if (!names) return undefined;
  const property = (field: Field) => names.properties.find((p) => p.field === field)?.property ?? field.name;
  const fieldOf = (name: string) => entity.fields.find((f) => f.name === name) as Field;
  const start = initialState(entity);
  const defaultRole = manifest.auth.default_role;
  const runsAsDefault = (action: Action) => {
    const roles = actionRoles(entity, action);
    return roles === undefined || roles.includes(defaultRole);
  };
  const entityRef = "entity";
  const actionRef = (action: Action) => `action(${literal(action.name)})`;
  const steps = (list: Action[], who: string): string[] =>
    list.map(
      (a) =>
        `expect((await postAction(${who}.request, ${entityRef}, ${actionRef(a)}, row.id, await actionInput(${who}.request, ${actionRef(a)}))).status()).toBeLessThan(300);`,
    );

  const pickTests: Part[] = actions
    .filter((a) => a.pick)
    .map((action) => {
      const user = creator ?? (runsAsDefault(action) ? undefined : EVERY_ROLE_USER);
      const created = action.create ? manifest.entities.find((e) => e.name === action.create?.entity) : undefined;
      const link = created?.fields.find((f) => f.name === action.create?.link);
      const linkProperty =
        created && link
          ? (apiNames(manifest)
              .get(created.name)
              ?.properties.find((p) => p.field === link)?.property ?? link.name)
          : undefined;
      const stock = action.pick?.stock ? property(fieldOf(action.pick.stock)) : undefined;
      return [
        `  test(${literal(`${action.label}: the server picks a ${entity.label.toLowerCase()} when a person asks from the list`)}, async ({ page }) => {`,
        `    await signIn(page${user ? `, ${literal(user)}` : ""});`,
        `    await createRow(page.request, ${entityRef});`,
        `    const input = await actionInput(page.request, ${actionRef(action)});`,
        `    await page.goto(${literal(`/${entity.path}`)});`,
        `    await clickAction(page, ${actionRef(action)}, input);`,
        `    await expect(page.getByRole("status")).toContainText(${literal(`${action.label}: `)});`,
        `  });`,
        ``,
        `  test(${literal(`${action.label}: POST /api/${entity.path}/${kebabCase(action.name)} answers the ${created ? `new ${created.label.toLowerCase()}` : `picked ${entity.label.toLowerCase()}`}`)}, async ({ page }) => {`,
        `    await signIn(page${user ? `, ${literal(user)}` : ""});`,
        `    await createRow(page.request, ${entityRef});`,
        `    const response = await page.request.post(${literal(`/api/${entity.path}/${kebabCase(action.name)}`)}, { data: await actionInput(page.request, ${actionRef(action)}) });`,
        `    expect(response.status(), await response.text()).toBe(${created ? 201 : 200});`,
        `    const answer = await response.json();`,
        created && linkProperty
          ? [`    const picked = await readRow(page, ${entityRef}, answer[${literal(linkProperty)}]);`]
          : [`    const picked = await readRow(page, ${entityRef}, answer.id);`],
        stock && `    expect(Number(picked[${literal(stock)}])).toBeGreaterThanOrEqual(0);`,
        `    expect(picked.id).toMatch(/^[0-9a-f-]{36}$/);`,
        `  });`,
        ``,
      ];
    });

  const actionTests: Part[] = actions
    .filter((a) => !a.pick)
    .map((action) => {
      const setup = plan(entity, start, (s) => applies(action, s) === true);
      if (!setup)
        return [
          `  // "${action.name}": no run of actions from a new row reaches its conditions, so it is tested through the API only.`,
          ``,
        ];
      const user = creator ?? (runsAsDefault(action) && setup.every(runsAsDefault) ? undefined : EVERY_ROLE_USER);
      const stateBefore = setup.reduce((s, a) => after(a, s), start);
      const stateAfter = after(action, stateBefore);
      const stillApplies = applies(action, stateAfter);
      const created = action.create ? manifest.entities.find((e) => e.name === action.create?.entity) : undefined;
      const createdNames = created ? apiNames(manifest).get(created.name) : undefined;
      const linkFilter = createdNames && listFilters(createdNames).find((f) => f.field === action.create?.link);
      const effects: Part[] = (action.set ?? []).map((a) => {
        const field = fieldOf(a.field);
        const prop = literal(property(field));
        const read = `(await readRow(page, ${entityRef}, row.id))`;
        if (a.add !== undefined)
          return `await expect.poll(async () => ${read}[${prop}]).toBe(Number(before[${prop}] ?? 0) + ${a.add});`;
        if (a.input) return `await expect.poll(async () => ${read}[${prop}]).toEqual(input[${prop}]);`;
        if (a.to === null) return `await expect.poll(async () => ${read}[${prop}]).toBeNull();`;
        if (a.to === "current_user" && field.type === "user")
          return `await expect.poll(async () => (${read}._refs?.[${literal(field.name)}] as { label?: string } | null)?.label).toBe(email);`;
        if (a.to === "now" && (field.type === "date" || field.type === "datetime"))
          return `await expect.poll(async () => ${read}[${prop}]).not.toBeNull();`;
        return `await expect.poll(async () => ${read}[${prop}]).toEqual(${literal(a.to)});`;
      });
      if (created && linkFilter && createdNames) {
        effects.push(
          `await expect.poll(async () => (await (await page.request.get(${literal(`/api/${created.path}`)}, { params: { ${literal(linkFilter.param)}: row.id, per_page: 100 } })).json()).total).toBe(1);`,
        );
        // The new row holds what the person entered, and the accounts the server set.
        const createdProperty = (field: Field) =>
          createdNames.properties.find((p) => p.field === field)?.property ?? field.name;
        const checks: string[] = [];
        for (const a of action.create?.values ?? []) {
          const field = created.fields.find((f) => f.name === a.field);
          if (!field) continue;
          if (a.input)
            checks.push(
              `expect(made[${literal(createdProperty(field))}]).toEqual(input[${literal(createdProperty(field))}]);`,
            );
          else if (a.to !== undefined && a.to !== "now" && a.to !== "current_user")
            checks.push(`expect(made[${literal(createdProperty(field))}]).toEqual(${literal(a.to)});`);
        }
        for (const field of created.fields) {
          const setByAction = (action.create?.values ?? []).find((a) => a.field === field.name);
          if (
            field.type === "user" &&
            (setByAction?.to === "current_user" || (!setByAction && field.default === "current_user"))
          ) {
            checks.push(
              `expect((made._refs?.[${literal(field.name)}] as { label?: string } | null)?.label).toBe(email);`,
            );
          }
        }
        if (checks.length > 0) {
          effects.push(
            `const made = (await (await page.request.get(${literal(`/api/${created.path}`)}, { params: { ${literal(linkFilter.param)}: row.id } })).json()).data[0];`,
            ...checks,
          );
        }
      }
      const refusedAfter = stillApplies === false;
      const simple = !action.confirm && actionInputs(manifest, entity, action).length === 0;
      const effectText = block(effects).join("\n");
      return [
        `  test(${literal(`${action.label}: a person runs it from the ${entity.label.toLowerCase()}'s page`)}, async ({ page }) => {`,
        `    ${/\bemail\b/.test(effectText) ? "const email = " : ""}await signIn(page${user ? `, ${literal(user)}` : ""});`,
        `    const row = await createRow(page.request, ${entityRef});`,
        ...steps(setup, "page").map((l) => `    ${l}`),
        /\bbefore\b/.test(effectText) && `    const before = await readRow(page, ${entityRef}, row.id);`,
        !simple && `    const input = await actionInput(page.request, ${actionRef(action)});`,
        ...(simple
          ? [
              `    // Without a confirmation or input, the button is on the row in the list too.`,
              `    await page.goto(${literal(`/${entity.path}?sort=created_at&order=desc&per_page=100`)});`,
              `    await page.getByRole("row").filter({ has: page.locator(\`a[href="/${entity.path}/\${row.id}"]\`) }).getByRole("button", { name: ${literal(action.label)}, exact: true }).click();`,
            ]
          : [
              `    await page.goto(\`/${entity.path}/\${row.id}\`);`,
              `    await clickAction(page, ${actionRef(action)}, input);`,
            ]),
        ...block(effects).map((l) => `    ${l}`),
        refusedAfter && [
          `    // Its conditions no longer hold: the button is gone and the API refuses with the reason.`,
          `    await page.goto(\`/${entity.path}/\${row.id}\`);`,
          `    await expect(page.getByRole("button", { name: ${literal(action.label)}, exact: true })).toHaveCount(0);`,
          `    const again = await postAction(page.request, ${entityRef}, ${actionRef(action)}, row.id${simple ? "" : ", input"});`,
          `    expect(again.status()).toBe(409);`,
          `    expect((await again.json()).error).toEqual({ code: "conflict", message: ${literal(refusalMessage(entity, action))} });`,
        ],
        `  });`,
        ``,
      ];
    });

  const guardTests: Part[] = actions.map((action) => {
    if (!action.when || action.pick) return undefined;
    const blocked = plan(entity, start, (s) => applies(action, s) === false);
    if (!blocked) return undefined;
    const user = creator ?? (blocked.every(runsAsDefault) && runsAsDefault(action) ? undefined : EVERY_ROLE_USER);
    return [
      `  test(${literal(`${action.label}: answers 409 with the reason when its conditions do not hold`)}, async ({ page }) => {`,
      `    await signIn(page${user ? `, ${literal(user)}` : ""});`,
      `    const row = await createRow(page.request, ${entityRef});`,
      ...steps(blocked, "page").map((l) => `    ${l}`),
      `    const response = await postAction(page.request, ${entityRef}, ${actionRef(action)}, row.id, await actionInput(page.request, ${actionRef(action)}));`,
      `    expect(response.status(), await response.text()).toBe(409);`,
      `    expect((await response.json()).error).toEqual({ code: "conflict", message: ${literal(refusalMessage(entity, action))} });`,
      `  });`,
      ``,
    ];
  });

  const roleTests: Part[] = actions.map((action) => {
    if (runsAsDefault(action)) return undefined;
    // A row alice made is one a new user may not even see when rows are per-user: then only the API is asked.
    const visible = !creator || entity.ownership === "shared" || action.pick;
    return [
      `  test(${literal(`${action.label}: a user without the role gets 403 and no button`)}, async ({ page${creator ? ", browser" : ""} }) => {`,
      creator
        ? [
            `    const maker = await browser.newPage();`,
            `    await signIn(maker, ${literal(creator)});`,
            `    const row = await createRow(maker.request, ${entityRef});`,
            `    await maker.context().close();`,
            `    await signIn(page);`,
          ]
        : [`    await signIn(page);`, `    const row = await createRow(page.request, ${entityRef});`],
      visible && [
        `    await page.goto(${action.pick ? literal(`/${entity.path}`) : `\`/${entity.path}/\${row.id}\``});`,
        `    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();`,
        `    await expect(page.getByRole("button", { name: ${literal(action.label)}, exact: true })).toHaveCount(0);`,
      ],
      `    const response = await postAction(page.request, ${entityRef}, ${actionRef(action)}, row.id, await actionInput(page.request, ${actionRef(action)}));`,
      `    expect(response.status(), await response.text()).toBe(403);`,
      `    expect((await response.json()).error.code).toBe("forbidden");`,
      `  });`,
      ``,
    ];
  });

  const apiTests: Part[] = actions
    .filter((a) => !a.pick)
    .map((action) => {
      const inputs = actionInputs(manifest, entity, action);
      const required = inputs.find((i) => i.required);
      return [
        `  test(${literal(`${action.label}: signed out 401, unknown row 404${required ? ", missing input 422" : ""}`)}, async ({ page, request }) => {`,
        `    const missing = \`/api/${entity.path}/\${randomUUID()}/${kebabCase(action.name)}\`;`,
        `    expect((await request.post(missing, { data: {} })).status()).toBe(401);`,
        `    await signIn(page${creator ? `, ${literal(creator)}` : ""});`,
        `    const notFound = await page.request.post(missing, { data: await actionInput(page.request, ${actionRef(action)}) });`,
        // The role is checked before the row is looked up: a user without it learns nothing about ids.
        `    expect(notFound.status()).toBe(${creator || runsAsDefault(action) ? 404 : 403});`,
        required && [
          `    const row = await createRow(page.request, ${entityRef});`,
          `    const invalid = await postAction(page.request, ${entityRef}, ${actionRef(action)}, row.id, {});`,
          `    if (invalid.status() !== 403) {`,
          `      expect(invalid.status()).toBe(422);`,
          `      expect((await invalid.json()).error.fields).toHaveProperty(${literal(required.key)});`,
          `    }`,
        ],
        `  });`,
        ``,
      ];
    });

  const perUser = entity.ownership === "user";
  const isolation: Part[] = perUser
    ? actions
        .filter((a) => !a.pick)
        .map((action) => {
          // The other user may run the action (alice holds every role) unless a role lets her manage everyone's rows.
          const other =
            creator || runsAsDefault(action)
              ? undefined
              : entity.access.manage.length === 0
                ? EVERY_ROLE_USER
                : undefined;
          const status = runsAsDefault(action) || other ? 404 : 403;
          return [
            `  test(${literal(`${action.label}: another user cannot run it on my ${entity.label.toLowerCase()}`)}, async ({ browser }) => {`,
            `    const [first, second] = [await browser.newPage(), await browser.newPage()];`,
            `    try {`,
            `      await signIn(first${creator ? `, ${literal(creator)}` : ""});`,
            `      await signIn(second${other ? `, ${literal(other)}` : ""});`,
            `      const row = await createRow(first.request, ${entityRef});`,
            `      const before = await readRow(first, ${entityRef}, row.id);`,
            `      const response = await postAction(second.request, ${entityRef}, ${actionRef(action)}, row.id, await actionInput(second.request, ${actionRef(action)}));`,
            `      expect(response.status(), await response.text()).toBe(${status});`,
            `      expect(await readRow(first, ${entityRef}, row.id)).toEqual(before);`,
            `    } finally {`,
            `      await first.context().close();`,
            `      await second.context().close();`,
            `    }`,
            `  });`,
            ``,
          ];
        })
    : [];

  const forged = readOnly[0];
  const forgeryTest: Part = forged && [
    `  test("API: read-only fields are refused in create and update bodies (422)", async ({ page }) => {`,
    `    await signIn(page${creator ? `, ${literal(creator)}` : ""});`,
    `    const input = await sampleInput(page.request, ${entityRef});`,
    `    const forged = await page.request.post(${literal(`/api/${entity.path}`)}, { data: { ...input, ${literal(property(forged))}: ${literal(forgeryValue(forged))} } });`,
    `    expect(forged.status()).toBe(422);`,
    `    expect((await forged.json()).error.fields).toEqual({ ${literal(property(forged))}: "Set by the server: it cannot be written." });`,
    `    const row = await createRow(page.request, ${entityRef});`,
    `    const patched = await page.request.patch(\`/api/${entity.path}/\${row.id}\`, { data: { ${literal(property(forged))}: ${literal(forgeryValue(forged))} } });`,
    `    expect(patched.status()).toBe(422);`,
    `    expect(await readRow(page, ${entityRef}, row.id)).toEqual(row);`,
    `    // The edit form shows them, but has no control for them.`,
    `    await page.goto(\`/${entity.path}/\${row.id}/edit\`);`,
    `    await expect(page.locator(${literal(`[data-read-only-field="${forged.name}"]`)})).toBeVisible();`,
    `    await expect(page.locator(${literal(`form [name="${property(forged)}"]`)})).toHaveCount(0);`,
    `  });`,
    ``,
  ];

  const body = block(actionTests, pickTests, guardTests, roleTests, apiTests, isolation, forgeryTest).slice(0, -1);
  const text = body.join("\n");
  const uses = (list: string[]) => list.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  const usesAction = /\baction\(/.test(text);
  return lines(
    `// Generated by appgen for the actions and read-only fields of entity "${entity.name}" (appgen/manifest.json).`,
    /\brandomUUID\b/.test(text) && `import { randomUUID } from "node:crypto";`,
    `import { expect, test } from "@playwright/test";`,
    ``,
    usesAction && `import type { ActionDefinition } from "../lib/entity";`,
    `import { entity } from "../lib/entities/${kebabCase(entity.name)}";`,
    `import { ${uses(["actionInput", "clickAction", "createRow", "postAction", "readRow", "sampleInput", "signIn"]).join(", ")} } from "./support";`,
    ``,
    usesAction && [
      `function action(name: string): ActionDefinition {`,
      `  const found = entity.actions?.find((a) => a.name === name);`,
      `  if (!found) throw new Error(\`\${entity.name} has no action \${name}\`);`,
      `  return found;`,
      `}`,
      ``,
    ],
    `test.describe(${literal(`${entity.plural_label}: actions and server-set values`)}, () => {`,
    body,
    `});`,
  );
}

/** Whether a user holding every role can create a row: some role may write it and every required relation's target. */
function creatableByEveryRole(manifest: Manifest, entity: Entity, seen: ReadonlySet<string> = new Set()): boolean {
  if (seen.has(entity.name) || entity.access.write.length + entity.access.manage.length === 0) return false;
  const next = new Set([...seen, entity.name]);
  return entity.fields.every((field) => {
    if (field.type !== "relation" || !field.required || !field.relation) return true;
    const target = manifest.entities.find((e) => e.name === field.relation?.target);
    return target !== undefined && creatableByEveryRole(manifest, target, next);
  });
}

/** A value of the field's type that a client might try to forge. */
function forgeryValue(field: Field): unknown {
  switch (field.type) {
    case "user":
    case "relation":
      return "00000000-0000-4000-8000-000000000000";
    case "integer":
    case "decimal":
    case "money":
      return 999;
    case "boolean":
      return field.default === true ? false : true;
    case "date":
      return "1999-01-01";
    case "datetime":
      return "1999-01-01T00:00:00.000Z";
    case "enum":
      return field.options?.at(-1) ?? "x";
    default:
      return "forged";
  }
}
