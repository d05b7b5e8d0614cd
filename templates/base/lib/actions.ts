"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ZodObject } from "zod";

import { currentUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { findEntity } from "@/lib/entities";
import { AppError, fromActionError, fromDatabaseError } from "@/lib/errors";
import { flash } from "@/lib/flash";
import { afterWrite } from "@/lib/notify";
import { fieldsToInput, formToInput, type FormValues } from "@/lib/form";
import { fieldByName, recordLabel, type RelationChoices } from "@/lib/entity";
import { createRecord, deleteRecord, getRecord, relationChoices, runAction, updateRecord } from "@/lib/records";
import { fieldErrors } from "@/lib/validation";

export interface FormState {
  /** Bumped on every failed submit so the form re-mounts with the submitted values. */
  attempt: number;
  message?: string;
  errors: Record<string, string>;
  values?: FormValues;
}

function failure(previous: FormState, message: string, errors: Record<string, string>, values?: FormValues): FormState {
  return { attempt: previous.attempt + 1, message, errors, values };
}

/** Creates (id null) or updates a row from a submitted form; on success goes to the row's page. */
export async function saveRecord(entityName: string, id: string | null, previous: FormState, formData: FormData): Promise<FormState> {
  const found = findEntity(entityName);
  const user = await currentUser();
  if (!found || !user) return failure(previous, "Sign in again, then retry.", {});
  const { definition, input: schema } = found;
  const { input, values } = formToInput(definition, formData);
  const parsed = schema.safeParse(input);
  if (!parsed.success) return failure(previous, "Please correct the highlighted fields.", fieldErrors(definition, parsed.error), values);

  let savedPath: string;
  try {
    const row = await withUser(user, (tx) => (id ? updateRecord(tx, definition, id, parsed.data) : createRecord(tx, definition, parsed.data)));
    if (!row) return failure(previous, `This ${definition.label.toLowerCase()} no longer exists.`, {}, values);
    // A person's own row of a singleton ("my profile") has one page of its own.
    savedPath = definition.singleton && row.owner_id === user.id ? "mine" : row.id;
  } catch (error) {
    const known = error instanceof AppError ? error : fromDatabaseError(definition, error);
    if (!known) throw error;
    return failure(previous, known.message, known.fields ?? {}, values);
  }
  await afterWrite();
  revalidatePath(`/${definition.path}`);
  await flash(id ? "Changes saved." : `${definition.label} created.`);
  redirect(`/${definition.path}/${savedPath}`);
}

export interface DeleteState {
  error?: string;
}

export async function removeRecord(entityName: string, id: string): Promise<DeleteState> {
  const found = findEntity(entityName);
  const user = await currentUser();
  if (!found || !user) return { error: "Sign in again, then retry." };
  const { definition } = found;
  try {
    const deleted = await withUser(user, (tx) => deleteRecord(tx, definition, id));
    if (!deleted) return { error: `This ${definition.label.toLowerCase()} no longer exists.` };
  } catch (error) {
    const known = fromDatabaseError(definition, error);
    if (!known) throw error;
    return { error: known.message };
  }
  revalidatePath(`/${definition.path}`);
  await flash(`${definition.label} deleted.`);
  redirect(`/${definition.path}`);
}

/** A relation picker's search: the first page of the target's rows this user can see whose label contains `q`. */
export async function searchRelation(entityName: string, fieldName: string, q: string): Promise<RelationChoices> {
  const definition = findEntity(entityName)?.definition;
  const field = definition ? fieldByName(definition, fieldName) : undefined;
  const user = await currentUser();
  if (!field?.relation || !user || typeof q !== "string") return { options: [], total: 0 };
  return withUser(user, (tx) => relationChoices(tx, field, q.slice(0, 200)));
}

export interface ActionState {
  /** Bumped on every run, so the button's dialog closes after a success and re-mounts after a failure. */
  attempt: number;
  ok?: boolean;
  message?: string;
  errors: Record<string, string>;
  values?: FormValues;
}

/** Runs an entity action on a row from its button (and its small form); the database function does the checks. */
export async function performAction(entityName: string, actionName: string, id: string | null, previous: ActionState, formData: FormData): Promise<ActionState> {
  const found = findEntity(entityName);
  const action = found?.definition.actions?.find((a) => a.name === actionName);
  const user = await currentUser();
  const attempt = previous.attempt + 1;
  if (!found || !action || !user) return { attempt, message: "Sign in again, then retry.", errors: {} };
  const { definition } = found;
  const { input, values } = fieldsToInput(action.inputs, formData);
  const schema = (found as { actionInputs?: Record<string, ZodObject> }).actionInputs?.[action.name];
  if (!schema) return { attempt, message: `${action.label} is not available.`, errors: {} };
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { attempt, message: "Please correct the highlighted fields.", errors: fieldErrors({ ...definition, fields: action.inputs }, parsed.error), values };
  let message = `${action.label}: done.`;
  try {
    message = await withUser(user, async (tx) => {
      const resultId = await runAction(tx, action, id, parsed.data);
      if (!action.pick) return message;
      // A pick says what the server drew: the picked row's name, through the row it created when it made one.
      const created = action.creates ? findEntity(action.creates)?.definition : undefined;
      const row = await getRecord(tx, created ?? definition, resultId);
      const ref = created && action.link ? row?._refs?.[action.link] : undefined;
      const picked = ref && !Array.isArray(ref) ? ref.label : row ? recordLabel(definition, row) : "";
      return `${action.label}: ${picked}`;
    });
  } catch (error) {
    const known = error instanceof AppError ? error : fromActionError(definition, error);
    if (!known) throw error;
    return { attempt, message: known.message, errors: known.fields ?? {}, values };
  }
  await afterWrite();
  // The list and every row page of the entity (and of the created row's entity) show the new state.
  revalidatePath(`/${definition.path}`, "layout");
  const created = action.creates ? findEntity(action.creates)?.definition : undefined;
  if (created) revalidatePath(`/${created.path}`, "layout");
  return { attempt, ok: true, message, errors: {} };
}
