"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";

import { currentUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { findEntity } from "@/lib/entities";
import { AppError, fromDatabaseError } from "@/lib/errors";
import { flash } from "@/lib/flash";
import { formToInput, type FormValues } from "@/lib/form";
import { fieldByName, type RelationChoices } from "@/lib/entity";
import { createRecord, deleteRecord, relationChoices, updateRecord } from "@/lib/records";
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

  let savedId: string;
  try {
    const row = await withUser(user, (tx) => (id ? updateRecord(tx, definition, id, parsed.data) : createRecord(tx, definition, parsed.data)));
    if (!row) return failure(previous, `This ${definition.label.toLowerCase()} no longer exists.`, {}, values);
    savedId = row.id;
  } catch (error) {
    const known = error instanceof AppError ? error : fromDatabaseError(definition, error);
    if (!known) throw error;
    return failure(previous, known.message, known.fields ?? {}, values);
  }
  revalidatePath(`/${definition.path}`);
  await flash(id ? "Changes saved." : `${definition.label} created.`);
  redirect(`/${definition.path}/${savedId}`);
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
