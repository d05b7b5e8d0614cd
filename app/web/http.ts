// What every dashboard route answers with: pages, JSON, redirects and refusals, with the same security headers, and
// the request's form. A route throws a Refusal; the router renders it in one place (a page, or JSON for the API).
import type { IncomingMessage, ServerResponse } from "node:http";

export const DASHBOARD_PATH = "/appgen";

/** Answers a request with a status and, for pages, what to say; thrown by routes, rendered in one place. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** Pages get redirects to sign-in and HTML errors; the API and images get status codes. */
export function wantsPage(url: URL): boolean {
  return !url.pathname.startsWith("/appgen/api/") && !url.pathname.startsWith("/appgen/cards/");
}

/** Only a path under /appgen, never another origin (`//evil`, `/\evil`). */
export function safeNext(next: string | null): string {
  if (!next || !/^\/appgen(?:[/?#]|$)/.test(next) || /[\\\s]/.test(next)) return DASHBOARD_PATH;
  return next;
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof Error && "status" in error && typeof error.status === "number" ? error.status : undefined;
}

export function commonHeaders(): Record<string, string> {
  return { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" };
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    ...commonHeaders(),
    "content-type": "text/html; charset=utf-8",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  res.end(html);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...commonHeaders(), "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { ...commonHeaders(), location });
  res.end();
}

/** A posted form (urlencoded, or a JSON object of strings for scripts), at most 16 KB. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Refusal(413, "Too large", "The form is too large.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (String(req.headers["content-type"] ?? "").startsWith("application/json")) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
    } catch {
      throw new Refusal(400, "Bad request", "The body is not valid JSON.");
    }
  }
  return new URLSearchParams(text);
}
