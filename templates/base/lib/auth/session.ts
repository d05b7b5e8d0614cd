import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

import type { DbUser } from "@/lib/db";

/** Cookie of the local sign-in mode; the same token is accepted as `Authorization: Bearer <token>`. */
export const SESSION_COOKIE = "appgen-session";
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;

const DEVELOPMENT_SECRET = "appgen-development-secret-not-for-production";
/** Published values (here and in .env.example) sign nothing anyone could not forge: refused wherever they are set. */
const PUBLISHED_SECRETS = new Set([DEVELOPMENT_SECRET, "change-me-to-a-long-random-string"]);
const MIN_SECRET_LENGTH = 32;

function secret(): string {
  const configured = process.env.AUTH_SECRET;
  if (configured && PUBLISHED_SECRETS.has(configured)) {
    throw new Error("AUTH_SECRET is a published example value; generate your own with: openssl rand -hex 32");
  }
  if (configured && configured.length >= MIN_SECRET_LENGTH) return configured;
  if (configured) throw new Error(`AUTH_SECRET is too short; use at least ${MIN_SECRET_LENGTH} characters (openssl rand -hex 32).`);
  if (process.env.NODE_ENV !== "production") return DEVELOPMENT_SECRET;
  throw new Error("AUTH_SECRET must be set (at least 32 characters) to use the local sign-in mode in production.");
}

function sign(payload: string): string {
  return createHmac("sha256", secret()).update(payload).digest("base64url");
}

export function createSessionToken(user: DbUser, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ sub: user.id, email: user.email, exp: Math.floor(now / 1000) + SESSION_MAX_AGE_SECONDS }),
  ).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function verifySessionToken(token: string, now = Date.now()): DbUser | null {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown; email?: unknown; exp?: unknown };
    if (typeof claims.sub !== "string" || typeof claims.exp !== "number" || claims.exp * 1000 < now) return null;
    return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : null };
  } catch {
    return null;
  }
}
