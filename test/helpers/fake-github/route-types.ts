// What a route handler receives and answers, and the error it throws to answer like GitHub does.
import type { IncomingHttpHeaders } from "node:http";
import type { Authenticated } from "./app-auth.ts";
import type { FakeCore } from "./core.ts";

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body when it is an object ({} otherwise). */
  body: Record<string, unknown>;
  /** The parsed JSON body as sent (some operations take an array). */
  json: unknown;
  headers: IncomingHttpHeaders;
  auth: Authenticated;
  fake: FakeCore;
  /** The full request URL, for pagination links. */
  url: URL;
}

export interface Reply {
  status: number;
  /** JSON-encoded unless `raw` is set. */
  body?: unknown;
  /** A non-JSON body (raw file contents) with its content type. */
  raw?: { content: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => Promise<Reply> | Reply;

/** Routes keyed by "METHOD /documented/{template}", exactly as the REST description spells the path. */
export type RouteTable = Record<string, RouteHandler>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, unknown>[],
  ) {
    super(message);
  }
}

export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

/** GitHub's 422 for a request that is well-formed but cannot be done. */
export function unprocessable(message: string, errors?: Record<string, unknown>[]): HttpError {
  return new HttpError(422, message, errors);
}

export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw unprocessable("Invalid request.", [{ resource: "Body", field, code: "missing_field" }]);
  }
  return value;
}

export function integerParam(context: RouteContext, name: string): number {
  const value = Number(context.params[name]);
  if (!Number.isSafeInteger(value)) throw notFound();
  return value;
}
