// Who is looking: the admin token (Authorization: Bearer), a signed session cookie, or nobody. Anonymous requests get
// the sign-in page (pages) or a 401 (API, images) and never any run data; a stale cookie is cleared on the way.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Viewer } from "./access.ts";
import { redirect, sendJson, wantsPage } from "./http.ts";
import { isSecure, type DashboardContext } from "./routes.ts";
import { clearCookie, parseCookies, secretMatches, SESSION_COOKIE, verifyCookie, type Session } from "./session.ts";

export type Identity =
  | { kind: "viewer"; viewer: Viewer; session: Session | undefined }
  | { kind: "anonymous"; reason: "none" | "expired" | "invalid" }
  | { kind: "bad-token" };

export function identifier(context: DashboardContext): (req: IncomingMessage) => Identity {
  const { options, secret } = context;
  const operators = new Set(options.auth.operators.map((login) => login.toLowerCase()));
  return (req) => {
    const authorization = req.headers.authorization;
    if (authorization) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      if (bearer && options.auth.adminToken && secretMatches(bearer, options.auth.adminToken))
        return { kind: "viewer", viewer: { kind: "token" }, session: undefined };
      return { kind: "bad-token" };
    }
    const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!cookie) return { kind: "anonymous", reason: "none" };
    const verified = verifyCookie<Session>("session", cookie, secret, options.now());
    if (!verified.ok) return { kind: "anonymous", reason: verified.reason === "expired" ? "expired" : "invalid" };
    const session = verified.value;
    const viewer: Viewer = operators.has(session.login.toLowerCase())
      ? { kind: "operator", login: session.login }
      : { kind: "user", login: session.login, admin: session.admin, repos: session.repos };
    return { kind: "viewer", viewer, session };
  };
}

/** Pages redirect to the sign-in page (and back afterwards); everything else answers 401 in JSON. */
export function refuseAnonymous(
  context: DashboardContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  reason: "none" | "expired" | "invalid",
): void {
  if (reason !== "none") res.setHeader("set-cookie", clearCookie(SESSION_COOKIE, isSecure(context, req)));
  if (req.method !== "GET" || !wantsPage(url)) {
    const message =
      reason === "expired"
        ? "The session expired; sign in again."
        : "Sign in at /appgen/login or send Authorization: Bearer <APPGEN_ADMIN_TOKEN>.";
    return sendJson(res, 401, { error: "unauthenticated", message });
  }
  const next = `${url.pathname}${url.search}`;
  return redirect(res, `/appgen/login?next=${encodeURIComponent(next)}${reason === "none" ? "" : `&reason=${reason}`}`);
}
