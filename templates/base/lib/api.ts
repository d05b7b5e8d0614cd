import "server-only";
import type { z } from "zod";

import { forbidden, may, rolesOf } from "@/lib/access";
import { currentUser, type SessionUser } from "@/lib/auth";
import { withUser, type Tx } from "@/lib/db";
import type { EntityDefinition } from "@/lib/entity";
import { findEntity } from "@/lib/entities";
import { AppError, fromActionError, fromDatabaseError } from "@/lib/errors";
import { createRecord, deleteRecord, getMine, getRecord, isUuid, listRecords, runAction, updateRecord } from "@/lib/records";
import { afterWrite, deliveriesOf } from "@/lib/notify";
import { fieldErrors, parseListQuery, validationError } from "@/lib/validation";

type ItemContext = { params: Promise<{ id: string }> };

function errorResponse(error: AppError): Response {
  return Response.json(error.toBody(), { status: error.status });
}

const notFound = (entity: EntityDefinition) => new AppError(404, "not_found", `No such ${entity.label.toLowerCase()}, or it is not yours.`);

/** Runs one API operation as the request's user and turns every expected failure into the contract's answer. */
async function handle(
  entity: EntityDefinition,
  /** read and write are checked against the entity's access rules; an action's own roles are checked by its database function. */
  access: "read" | "write" | "action",
  work: (tx: Tx, user: SessionUser | null) => Promise<Response>,
  translate: (entity: EntityDefinition, error: unknown) => AppError | undefined = fromDatabaseError,
): Promise<Response> {
  try {
    const user = await currentUser();
    if (!user && !(access === "read" && entity.publicRead)) {
      throw new AppError(401, "unauthorized", "Sign in first: send the session cookie or an `Authorization: Bearer` token.");
    }
    const response = await withUser(user, async (tx) => {
      if (user && access !== "action" && !may(entity, await rolesOf(tx), access)) throw forbidden(entity, access);
      return work(tx, user);
    });
    // The write has committed: the messages it queued go out now (their outcome is recorded on them).
    if (access !== "read") await afterWrite();
    return response;
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    const known = translate(entity, error);
    if (known) return errorResponse(known);
    console.error(error);
    return Response.json({ error: { code: "internal_error", message: "Something went wrong on the server." } }, { status: 500 });
  }
}

async function readBody<Schema extends z.ZodType>(request: Request, entity: EntityDefinition, schema: Schema, emptyIs?: unknown): Promise<z.output<Schema>> {
  let body: unknown;
  try {
    const text = await request.text();
    body = text.trim() === "" && emptyIs !== undefined ? emptyIs : JSON.parse(text);
  } catch {
    throw validationError({ body: "The body must be a JSON object." });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw validationError({ body: "The body must be a JSON object." });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(fieldErrors(entity, parsed.error));
  return parsed.data;
}

/** GET (list) and POST (create) for `/api/<path>`. */
export function collectionHandlers(entity: EntityDefinition, input: z.ZodObject) {
  return {
    GET: (request: Request) =>
      handle(entity, "read", async (tx) => {
        const query = parseListQuery(entity, new URL(request.url).searchParams);
        const { data, total } = await listRecords(tx, entity, query);
        return Response.json({ data, page: query.page, per_page: query.perPage, total });
      }),
    POST: (request: Request) =>
      handle(entity, "write", async (tx) => {
        const body = await readBody(request, entity, input);
        return Response.json(await createRecord(tx, entity, body), { status: 201 });
      }),
  };
}

/** GET, PATCH and DELETE for `/api/<path>/{id}`. */
export function itemHandlers(entity: EntityDefinition, input: z.ZodObject) {
  const patch = input.partial();
  return {
    GET: (_request: Request, context: ItemContext) =>
      handle(entity, "read", async (tx) => {
        const row = await getRecord(tx, entity, (await context.params).id);
        if (!row) throw notFound(entity);
        return Response.json(row);
      }),
    PATCH: (request: Request, context: ItemContext) =>
      handle(entity, "write", async (tx) => {
        const { id } = await context.params;
        if (!(await getRecord(tx, entity, id))) throw notFound(entity);
        const body = await readBody(request, entity, patch);
        const row = await updateRecord(tx, entity, id, body);
        if (!row) throw notFound(entity);
        return Response.json(row);
      }),
    DELETE: (_request: Request, context: ItemContext) =>
      handle(entity, "write", async (tx) => {
        if (!(await deleteRecord(tx, entity, (await context.params).id))) throw notFound(entity);
        return new Response(null, { status: 204 });
      }),
  };
}

/** GET /api/<path>/{id}/notifications: the messages about a row the caller may read, that the caller caused. */
export function deliveriesHandler(entity: EntityDefinition) {
  return {
    GET: (_request: Request, context: ItemContext) =>
      handle(entity, "read", async (tx) => {
        const { id } = await context.params;
        if (!(await getRecord(tx, entity, id))) throw notFound(entity);
        return Response.json({ data: await deliveriesOf(tx, entity, id) });
      }),
  };
}

/**
 * GET and PUT /api/<path>/mine for a singleton: the signed-in person's one row. PUT creates it from a full body the
 * first time (201) and changes the given properties afterwards (200), so a client never needs to know its id.
 */
export function mineHandlers(entity: EntityDefinition, input: z.ZodObject) {
  const patch = input.partial();
  const none = () => new AppError(404, "not_found", `You have no ${entity.label.toLowerCase()} yet: PUT /api/${entity.path}/mine creates it.`);
  return {
    GET: () =>
      handle(entity, "read", async (tx) => {
        const row = await getMine(tx, entity);
        if (!row) throw none();
        return Response.json(row);
      }),
    PUT: (request: Request) =>
      handle(entity, "write", async (tx) => {
        const mine = await getMine(tx, entity);
        if (!mine) return Response.json(await createRecord(tx, entity, await readBody(request, entity, input)), { status: 201 });
        const row = await updateRecord(tx, entity, mine.id, await readBody(request, entity, patch));
        if (!row) throw none();
        return Response.json(row);
      }),
  };
}

/**
 * POST /api/<path>/{id}/<action>: runs the action's database function as the request's user (roles, row, guard and
 * writes in one transaction), then answers the created row (201) or the row as it is now (200).
 */
export function actionHandler(entity: EntityDefinition, actionName: string, input: z.ZodObject) {
  const run = actionRunner(entity, actionName, input);
  return {
    POST: (request: Request, context: ItemContext) =>
      handle(
        entity,
        "action",
        async (tx) => {
          const { id } = await context.params;
          if (!isUuid(id)) throw notFound(entity);
          return run(tx, request, id);
        },
        fromActionError,
      ),
  };
}

/** POST /api/<path>/<action> for a pick: the database function draws the row, then the same answers as above. */
export function pickHandler(entity: EntityDefinition, actionName: string, input: z.ZodObject) {
  const run = actionRunner(entity, actionName, input);
  return { POST: (request: Request) => handle(entity, "action", (tx) => run(tx, request, null), fromActionError) };
}

function actionRunner(entity: EntityDefinition, actionName: string, input: z.ZodObject) {
  const action = entity.actions?.find((a) => a.name === actionName);
  if (!action) throw new Error(`${entity.name} has no action ${actionName}`);
  const created = action.creates ? findEntity(action.creates)?.definition : undefined;
  return async (tx: Tx, request: Request, id: string | null): Promise<Response> => {
    const body = await readBody(request, { ...entity, fields: action.inputs }, input, {});
    const resultId = await runAction(tx, action, id, body);
    const row = await getRecord(tx, created ?? entity, resultId);
    if (!row) throw notFound(created ?? entity);
    return Response.json(row, { status: created ? 201 : 200 });
  };
}
