// Helpers shared by the generated end-to-end tests: local sign-in, sample values that satisfy each field's rules,
// and rows created through the API for relations a form needs.
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

import { findEntity } from "../lib/entities";
import { isManyToMany, recordLabel, type ActionDefinition, type EntityDefinition, type FieldDefinition, type RecordRow } from "../lib/entity";

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
      if (field.required) {
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

/** Creates a row through the API from sample values, with `overrides` (API-shaped) taking precedence. */
export async function createRow(request: APIRequestContext, entity: EntityDefinition, depth = 0, overrides: Input = {}): Promise<{ id: string } & Input> {
  const response = await request.post(`/api/${entity.path}`, { data: { ...(await sampleInput(request, entity, depth)), ...overrides } });
  expect(response.status(), await response.text()).toBe(201);
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
