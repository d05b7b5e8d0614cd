// Helpers shared by the generated end-to-end tests: local sign-in, sample values that satisfy each field's rules,
// and rows created through the API for relations a form needs.
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

import { findEntity } from "../lib/entities";
import { isManyToMany, recordLabel, type ActionDefinition, type EntityDefinition, type FieldDefinition, type ListFilterDefinition, type RecordRow } from "../lib/entity";

export type Input = Record<string, unknown>;

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** Signs in through the sign-in page (local mode); the page's cookies then also authenticate `page.request`. */
export async function signIn(page: Page, email = uniqueEmail()): Promise<string> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
  return email;
}

function fitLength(field: FieldDefinition, text: string): string {
  let value = text;
  if (field.min !== undefined) while (value.length < field.min) value += "x";
  if (field.max !== undefined) value = value.slice(0, Math.max(field.max, field.min ?? 0));
  return value;
}

function inRange(field: FieldDefinition, preferred: number): number {
  let value = preferred;
  if (field.min !== undefined && value < field.min) value = field.min;
  if (field.max !== undefined && value > field.max) value = field.max;
  return value;
}

/** A valid value for a scalar field; `seed` keeps unique fields unique across tests. */
export function sampleValue(field: FieldDefinition, seed: string, variant = 0): unknown {
  const digits = Number.parseInt(seed.replace(/[^0-9a-f]/g, "").slice(0, 6), 16) || 1;
  switch (field.type) {
    case "text":
      return fitLength(field, `${field.label} ${seed}${variant ? " edited" : ""}`);
    case "long_text":
      return fitLength(field, `Notes ${seed}${variant ? " edited" : ""}`);
    case "email":
      return `${variant ? "edited-" : ""}sample-${seed}@example.test`;
    case "url":
      return `https://example.test/${seed}${variant ? "/edited" : ""}`;
    case "phone":
      return `+1 555 01${String(digits % 100).padStart(2, "0")}${variant}`;
    case "integer":
      return inRange(field, field.unique ? (digits % 100000) + variant : 7 + variant);
    case "decimal":
      return inRange(field, field.unique ? (digits % 100000) + 0.5 + variant : 3.5 + variant);
    case "money":
      return inRange(field, field.unique ? (digits % 100000) + 0.25 + variant : 19.99 + variant);
    case "boolean":
      return variant === 0;
    case "date":
      return `2025-0${1 + variant}-15`;
    case "datetime":
      return `2025-0${1 + variant}-15T10:30:00.000Z`;
    case "enum":
      return field.options?.[Math.min(variant, (field.options?.length ?? 1) - 1)]?.value;
    case "relation":
    case "user":
      return undefined;
  }
}

/** A valid create body: every scalar field filled, relations pointing at rows made through the API. */
export async function sampleInput(request: APIRequestContext, entity: EntityDefinition, depth = 0): Promise<Input> {
  const seed = randomUUID().slice(0, 8);
  const input: Input = {};
  for (const field of entity.fields) {
    // Read-only fields are the server's to set: a create body that names one is refused.
    if (field.readOnly) continue;
    if (!field.relation) {
      input[field.property] = sampleValue(field, seed);
    } else if ((field.required || depth === 0) && depth < 4 && field.relation.target !== entity.name) {
      // Optional relations are filled at the top level too, so join tables and foreign keys are exercised.
      const target = findEntity(field.relation.target)?.definition;
      if (!target) throw new Error(`unknown relation target ${field.relation.target}`);
      let relatedId: string | undefined;
      if (target.singleton) {
        // Each person has one: point at the test user's own row, made the first time it is needed.
        const mine = await request.get(`/api/${target.path}/mine`);
        if (mine.status() === 200) relatedId = ((await mine.json()) as { id: string }).id;
        else if (field.required) relatedId = (await createRow(request, target, depth + 1)).id;
        else {
          const response = await request.put(`/api/${target.path}/mine`, { data: await sampleInput(request, target, depth + 1) });
          if (response.status() === 201) relatedId = ((await response.json()) as { id: string }).id;
        }
      } else if (field.required) {
        relatedId = (await createRow(request, target, depth + 1)).id;
      } else {
        // The test user's role may not be allowed to create the target; an optional relation then stays empty.
        const response = await request.post(`/api/${target.path}`, { data: await sampleInput(request, target, depth + 1) });
        if (response.status() === 201) relatedId = ((await response.json()) as { id: string }).id;
      }
      if (relatedId) input[field.property] = isManyToMany(field) ? [relatedId] : relatedId;
    }
  }
  return input;
}

/**
 * Creates a row through the API from sample values, with `overrides` (API-shaped) taking precedence. A singleton's
 * row is the test user's one row, made by PUT /api/<path>/mine (201 the first time, then changed in place).
 */
export async function createRow(request: APIRequestContext, entity: EntityDefinition, depth = 0, overrides: Input = {}): Promise<{ id: string } & Input> {
  const data = { ...(await sampleInput(request, entity, depth)), ...overrides };
  const response = entity.singleton ? await request.put(`/api/${entity.path}/mine`, { data }) : await request.post(`/api/${entity.path}`, { data });
  expect(response.status(), await response.text()).toBe(entity.singleton && response.status() === 200 ? 200 : 201);
  return (await response.json()) as { id: string } & Input;
}

/** A value as the text its form input takes. */
function formText(field: FieldDefinition, value: unknown): string {
  if (field.type === "datetime" && typeof value === "string") return value.slice(0, 16);
  return String(value);
}

/** Fills a create or edit form with `input` (API-shaped values). */
export async function fillForm(page: Page, entity: EntityDefinition, input: Input): Promise<void> {
  for (const field of entity.fields) {
    if (!(field.property in input) || input[field.property] === undefined || input[field.property] === null) continue;
    const control = page.locator(`form [name="${field.property}"]`);
    const value = input[field.property];
    if (field.type === "boolean") await control.setChecked(value === true);
    else if (field.relation) await pickRelated(page, field, Array.isArray(value) ? value.map(String) : [String(value)]);
    else if (field.type === "enum") await control.selectOption(String(value));
    else await control.fill(formText(field, value));
  }
}

/** The field the UI flow edits: the display field when it is free text, else the first text-like field. */
export function editableField(entity: EntityDefinition): FieldDefinition | undefined {
  const textLike = (f: FieldDefinition | undefined) => f && !f.readOnly && ["text", "long_text", "email", "url", "phone"].includes(f.type);
  const display = entity.fields.find((f) => f.name === entity.displayField);
  return textLike(display) ? display : entity.fields.find(textLike);
}

/**
 * Chooses related rows in a relation picker. When the picker searches (more rows than one page), each row not listed
 * yet is looked up by its label first, as a person would; chosen rows stay listed whatever the search shows.
 */
export async function pickRelated(page: Page, field: FieldDefinition, ids: string[]): Promise<void> {
  const control = page.locator(`form [name="${field.property}"]`);
  const search = page.getByRole("searchbox", { name: `Search ${field.label}` });
  const target = field.relation ? findEntity(field.relation.target)?.definition : undefined;
  if (target && (await search.count()) > 0) {
    for (const [i, id] of ids.entries()) {
      const option = control.locator(`option[value="${id}"]`);
      if ((await option.count()) === 0) {
        const row = (await (await page.request.get(`/api/${target.path}/${id}`)).json()) as RecordRow;
        await search.fill(recordLabel(target, row));
        await expect(option).toHaveCount(1);
      }
      if (isManyToMany(field)) await control.selectOption(ids.slice(0, i + 1));
    }
  }
  await control.selectOption(isManyToMany(field) ? ids : (ids[0] ?? ""));
}

/** A row as the API answers it to this page's user. */
export async function readRow(page: Page, entity: EntityDefinition, id: string): Promise<RecordRow> {
  const response = await page.request.get(`/api/${entity.path}/${id}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as RecordRow;
}

const isNow = (field: FieldDefinition) => field.default === "now" && (field.type === "date" || field.type === "datetime");

/** `input` without the fields that have a default, so a form keeps what it was pre-filled with. */
export function withoutDefaults(entity: EntityDefinition, input: Input): Input {
  const kept = { ...input };
  for (const field of entity.fields) if (field.default !== undefined) delete kept[field.property];
  return kept;
}

/** The create form shows every field's default: a checked box for true, today or the current time for "now". */
export async function expectDefaults(page: Page, entity: EntityDefinition): Promise<void> {
  for (const field of entity.fields) {
    // Fields only the server sets are not in the form; the stored row shows their defaults.
    if (field.default === undefined || field.readOnly) continue;
    const control = page.locator(`form [name="${field.property}"]`);
    if (field.type === "boolean") {
      if (field.default === true) await expect(control).toBeChecked();
      else await expect(control).not.toBeChecked();
    } else if (isNow(field)) {
      const value = await control.inputValue();
      expect(value, field.name).toMatch(field.type === "date" ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      // Within a day and a half of now, whatever the time zones of the server and the test.
      expect(Math.abs(new Date(value).getTime() - Date.now()), field.name).toBeLessThan(36 * 3600_000);
    } else {
      await expect(control, field.name).toHaveValue(formText(field, field.default));
    }
  }
}

/** A row saved from an untouched create form holds the defaults. */
export function expectStoredDefaults(entity: EntityDefinition, row: RecordRow): void {
  for (const field of entity.fields) {
    if (field.default === undefined) continue;
    const stored = row[field.property];
    // "now" and "current_user" are the server's values at the time: only that there is one is known here.
    if (isNow(field) || field.type === "datetime" || field.type === "user") expect(stored, field.name).not.toBeNull();
    else expect(stored, field.name).toBe(field.default);
  }
}

/** A toast (sonner) with this text is on screen, as after a save or a delete. */
export async function expectToast(page: Page, text: string): Promise<void> {
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: text }).first()).toBeVisible();
}

interface FilterCase {
  filter: ListFilterDefinition;
  field: FieldDefinition;
  /** A value the filter keeps, one it leaves out, and what a person sets in the filter bar. */
  kept: unknown;
  dropped: unknown;
  set: string;
}

/**
 * The first filter that two sample rows can tell apart: an enum with two options, a yes/no field, or the lower end
 * of a number or date range (unique fields are left out, other tests' rows could hold the same values).
 * The generator (app/core/stages/files/e2e.ts) writes the filter test only for entities that have one.
 */
export function filterCase(entity: EntityDefinition): FilterCase | undefined {
  for (const filter of entity.filters) {
    const field = entity.fields.find((f) => f.name === filter.field);
    // Two rows must differ in the field, so it is one the API lets a client set.
    if (!field || field.unique || field.readOnly) continue;
    const options = field.options ?? [];
    if (!filter.bound && field.type === "enum" && options.length >= 2) {
      return { filter, field, kept: options[0]?.value, dropped: options[1]?.value, set: options[0]?.value ?? "" };
    }
    if (!filter.bound && field.type === "boolean") return { filter, field, kept: true, dropped: false, set: "true" };
    if (filter.bound === "min" && ["integer", "decimal", "money"].includes(field.type)) {
      const low = field.min ?? 0;
      const high = field.max ?? low + 1000;
      if (Math.floor(high) > Math.ceil(low)) return { filter, field, kept: Math.floor(high), dropped: Math.ceil(low), set: String(Math.floor(high)) };
    }
    if (filter.bound === "min" && field.type === "date") return { filter, field, kept: "2031-06-15", dropped: "2021-06-15", set: "2031-01-01" };
    if (filter.bound === "min" && field.type === "datetime") {
      return { filter, field, kept: "2031-06-15T12:00:00.000Z", dropped: "2021-06-15T12:00:00.000Z", set: "2031-01-01" };
    }
  }
  return undefined;
}

/** Two rows, one filter set in the filter bar as a person would: the list keeps one and leaves out the other. */
export async function expectFilterNarrows(page: Page, entity: EntityDefinition): Promise<void> {
  const found = filterCase(entity);
  if (!found) throw new Error(`${entity.name} has no filter two rows can tell apart`);
  const { filter, field } = found;
  const kept = await createRow(page.request, entity, 0, { [field.property]: found.kept });
  const dropped = await createRow(page.request, entity, 0, { [field.property]: found.dropped });
  await page.goto(`/${entity.path}?per_page=100`);
  const bar = page.getByRole("search", { name: `Filter ${entity.pluralLabel}` });
  if (filter.bound) await bar.getByLabel(`${field.label} from`, { exact: true }).fill(found.set);
  else await bar.getByLabel(field.label, { exact: true }).selectOption(found.set);
  await bar.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]${filter.param}=`));
  await expect(page.locator(`a[href="/${entity.path}/${kept.id}"]`).first()).toBeVisible();
  await expect(page.locator(`a[href="/${entity.path}/${dropped.id}"]`)).toHaveCount(0);
}

/** Values for an action's small form: sample values, and related rows made through the API. */
export async function actionInput(request: APIRequestContext, action: ActionDefinition): Promise<Input> {
  const seed = randomUUID().slice(0, 8);
  const input: Input = {};
  for (const field of action.inputs) {
    const target = field.relation ? findEntity(field.relation.target)?.definition : undefined;
    input[field.property] = target ? (await createRow(request, target, 1)).id : sampleValue(field, seed);
  }
  return input;
}

/** Runs an action through the API, as its button does. */
export async function postAction(request: APIRequestContext, entity: EntityDefinition, action: ActionDefinition, id: string, input: Input = {}) {
  return request.post(action.pick ? `/api/${entity.path}/${action.segment}` : `/api/${entity.path}/${id}/${action.segment}`, { data: input });
}

/** Clicks an action's button on the row's page and, when it asks, fills its form and confirms, as a person would. */
export async function clickAction(page: Page, action: ActionDefinition, input: Input): Promise<void> {
  await page.getByRole("button", { name: action.label, exact: true }).click();
  if (!action.confirm && action.inputs.length === 0) return;
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  for (const field of action.inputs) {
    const control = dialog.locator(`[name="${field.property}"]`);
    const value = input[field.property];
    if (value === undefined || value === null) continue;
    if (field.type === "boolean") await control.setChecked(value === true);
    else if (field.type === "enum" || field.relation) await control.selectOption(String(value));
    else await control.fill(formText(field, value));
  }
  await dialog.getByRole("button", { name: action.label, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** Every computed field of a row holds what its formula gives for the row's own values (null while one is empty). */
export function expectComputed(entity: EntityDefinition, row: Record<string, unknown>): void {
  for (const field of entity.fields) {
    const computed = field.computed;
    if (!computed) continue;
    const values = computed.operands.map((name) => {
      const operand = entity.fields.find((f) => f.name === name);
      if (!operand) throw new Error(`${entity.name} has no field ${name}`);
      return row[operand.property];
    });
    const actual = row[field.property];
    if (values.some((value) => value === null || value === undefined)) {
      expect(actual, `${field.name} while an operand is empty`).toBeNull();
      continue;
    }
    let expected: number;
    let tolerance = field.type === "integer" ? 0.5 : 0.006;
    if (computed.kind === "duration") {
      const [from, to] = values.map((value) => Date.parse(String(value))) as [number, number];
      const seconds = (to - from) / 1000;
      const per = { minutes: 60, hours: 3600, days: 86400 }[computed.unit ?? "hours"];
      expected = field.type === "integer" ? Math.floor(seconds / per) : Math.round((seconds / per) * 100) / 100;
      tolerance = field.type === "integer" ? 0 : 0.006;
    } else {
      const numbers = values.map(Number);
      if (computed.kind === "multiply") expected = numbers.reduce((product, n) => product * n, 1);
      else if (computed.kind === "add") expected = numbers.reduce((sum, n) => sum + n, 0);
      else expected = (numbers[0] ?? 0) - (numbers[1] ?? 0);
    }
    expect(Math.abs(Number(actual) - expected), `${field.name} = ${String(actual)}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
  }
}
