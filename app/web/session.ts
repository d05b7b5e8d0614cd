// Signed cookies for the dashboard: the session (who is signed in and what they may see) and the OAuth state.
// A cookie is `<base64url(deflated JSON)>.<base64url(HMAC-SHA256)>`; the signature covers the payload and the
// cookie's purpose, so a state cookie can never pass as a session. No GitHub token is ever stored in a cookie.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

export const SESSION_COOKIE = "appgen_session";
export const STATE_COOKIE = "appgen_oauth_state";
export const SESSION_TTL_MS = 8 * 3_600_000;
export const STATE_TTL_MS = 10 * 60_000;
/** Browsers drop cookies over 4096 bytes (name, value and attributes together). */
export const MAX_COOKIE_VALUE = 3800;

/** An installation the person administers: all its runs and queue entries are theirs to see. */
export interface AdministeredInstallation {
  id: number;
  /** The account (user or organisation) login the installation belongs to. */
  account: string;
}

export interface Session {
  login: string;
  /** Random id of this sign-in; CSRF tokens are derived from it. */
  sid: string;
  /** Expiry, ms since the epoch. */
  exp: number;
  admin: AdministeredInstallation[];
  /** owner/repo of repositories the person can access in installations they do not administer. */
  repos: string[];
}

export interface OAuthState {
  state: string;
  /** Where to go after signing in (a path under /appgen). */
  next: string;
  exp: number;
}

export type Verified<T> = { ok: true; value: T } | { ok: false; reason: "malformed" | "signature" | "expired" };

export function newSession(input: Omit<Session, "sid" | "exp">, nowMs: number): Session {
  return { ...input, sid: randomBytes(16).toString("base64url"), exp: nowMs + SESSION_TTL_MS };
}

export function signCookie(purpose: string, value: object, secret: string): string {
  const payload = deflateRawSync(Buffer.from(JSON.stringify(value), "utf8")).toString("base64url");
  return `${payload}.${mac(secret, purpose, payload)}`;
}

/** Checks signature then expiry; a malformed or forged cookie never reaches JSON.parse. */
export function verifyCookie<T extends { exp: number }>(
  purpose: string,
  cookie: string,
  secret: string,
  nowMs: number,
): Verified<T> {
  const dot = cookie.indexOf(".");
  if (dot <= 0) return { ok: false, reason: "malformed" };
  const payload = cookie.slice(0, dot);
  const given = Buffer.from(cookie.slice(dot + 1), "base64url");
  const expected = Buffer.from(mac(secret, purpose, payload), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let value: T;
  try {
    value = JSON.parse(inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8")) as T;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof value !== "object" || value === null || typeof value.exp !== "number")
    return { ok: false, reason: "malformed" };
  if (value.exp <= nowMs) return { ok: false, reason: "expired" };
  return { ok: true, value };
}

/** The token a form of this session must carry to be accepted (bound to the sign-in, not guessable). */
export function csrfToken(session: Pick<Session, "sid">, secret: string): string {
  return mac(secret, "csrf", session.sid);
}

export function csrfMatches(session: Pick<Session, "sid">, given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(csrfToken(session, secret));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of a presented secret (the admin token) with the configured one. */
export function secretMatches(given: string, expected: string): boolean {
  const a = createHmac("sha256", "appgen-compare").update(given).digest();
  const b = createHmac("sha256", "appgen-compare").update(expected).digest();
  return timingSafeEqual(a, b);
}

function mac(secret: string, purpose: string, payload: string): string {
  return createHmac("sha256", secret).update(`${purpose}\n${payload}`).digest("base64url");
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export function setCookie(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [
    `${name}=${value}`,
    "Path=/appgen",
    `Max-Age=${options.maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, "", { maxAgeSeconds: 0, secure });
}
