// The sign-in page, "Sign in with GitHub" (the App's OAuth web flow: a signed state cookie, the code exchanged once
// for a token that is used for a few calls and dropped) and signing out.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { redirect, Refusal, safeNext, sendHtml, statusOf } from "./http.ts";
import { loginPage } from "./pages.ts";
import { isSecure, publicOrigin, type DashboardContext, type Exchange, type Route } from "./routes.ts";
import {
  MAX_COOKIE_VALUE,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  STATE_COOKIE,
  STATE_TTL_MS,
  clearCookie,
  newSession,
  parseCookies,
  secretMatches,
  setCookie,
  signCookie,
  verifyCookie,
  type OAuthState,
} from "./session.ts";

export function signInRoutes(context: DashboardContext): Route[] {
  const { options, secret, signIn, log } = context;
  const callbackUrl = (req: IncomingMessage) => `${publicOrigin(context, req)}/appgen/auth/callback`;

  function loginView({ res, url }: Exchange): void {
    const reason = url.searchParams.get("reason");
    const notice =
      reason === "expired"
        ? "Your session expired. Sign in again."
        : reason === "invalid"
          ? "Your session could not be verified. Sign in again."
          : reason === "signed-out"
            ? "You are signed out."
            : undefined;
    sendHtml(
      res,
      200,
      loginPage({
        next: safeNext(url.searchParams.get("next")),
        oauthConfigured: !!signIn,
        ...(notice ? { notice } : {}),
      }),
    );
  }

  function startSignIn({ req, res, url }: Exchange): void {
    if (!signIn)
      throw new Refusal(
        404,
        "Sign-in is not configured",
        "Sign-in with GitHub needs GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET on the server. Use the admin token instead.",
      );
    const state: OAuthState = {
      state: randomBytes(18).toString("base64url"),
      next: safeNext(url.searchParams.get("next")),
      exp: options.now() + STATE_TTL_MS,
    };
    res.setHeader(
      "set-cookie",
      setCookie(STATE_COOKIE, signCookie("oauth-state", state, secret), {
        maxAgeSeconds: STATE_TTL_MS / 1000,
        secure: isSecure(context, req),
      }),
    );
    redirect(res, signIn.authorizeUrl(state.state, callbackUrl(req)), 302);
  }

  async function finishSignIn({ req, res, url }: Exchange): Promise<void> {
    if (!signIn)
      throw new Refusal(
        404,
        "Sign-in is not configured",
        "Sign-in with GitHub needs GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET on the server.",
      );
    const secure = isSecure(context, req);
    const cookie = parseCookies(req.headers.cookie).get(STATE_COOKIE);
    const verified = cookie ? verifyCookie<OAuthState>("oauth-state", cookie, secret, options.now()) : undefined;
    const given = url.searchParams.get("state");
    if (!verified?.ok || !given || !secretMatches(given, verified.value.state)) {
      log.warn(
        { reason: verified && !verified.ok ? verified.reason : cookie ? "state mismatch" : "no state cookie" },
        "dashboard sign-in refused: state",
      );
      res.setHeader("set-cookie", clearCookie(STATE_COOKIE, secure));
      throw new Refusal(
        400,
        "Sign-in could not be completed",
        "The sign-in took too long, or was started in another browser or tab. Start again from the sign-in page.",
      );
    }
    const denied = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (denied || !code) {
      log.info({ error: denied ?? "no code" }, "dashboard sign-in cancelled on GitHub");
      throw new Refusal(
        400,
        "Sign-in was cancelled",
        "GitHub did not authorize the sign-in. Start again from the sign-in page and choose Authorize.",
      );
    }
    let token: string;
    try {
      token = await signIn.exchangeCode(code, callbackUrl(req));
    } catch (error) {
      log.warn(
        { status: statusOf(error), message: error instanceof Error ? error.message : String(error) },
        "dashboard sign-in refused: GitHub did not accept the code",
      );
      throw new Refusal(
        400,
        "GitHub refused the sign-in",
        "GitHub did not accept the sign-in code (it may have been used already or expired). Start again from the sign-in page.",
      );
    }
    const person = await signIn.person(token);
    let session = newSession(person, options.now());
    let value = signCookie("session", session, secret);
    if (value.length > MAX_COOKIE_VALUE) {
      // Browsers drop cookies over 4 KB: keep the administered installations and as many repositories as fit.
      let repos = person.repos;
      while (value.length > MAX_COOKIE_VALUE && repos.length) {
        repos = repos.slice(0, Math.floor(repos.length * 0.8));
        session = { ...session, repos };
        value = signCookie("session", session, secret);
      }
      log.warn(
        { login: person.login, repositories: person.repos.length, kept: repos.length },
        "dashboard session truncated to fit a cookie",
      );
    }
    log.info(
      { login: person.login, installationsAdministered: person.admin.length, repositories: session.repos.length },
      "dashboard sign-in",
    );
    res.setHeader("set-cookie", [
      setCookie(SESSION_COOKIE, value, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure }),
      clearCookie(STATE_COOKIE, secure),
    ]);
    redirect(res, verified.value.next);
  }

  return [
    { access: "public", method: "GET", path: "/appgen/login", handle: loginView },
    { access: "public", method: "GET", path: "/appgen/auth/start", handle: startSignIn },
    { access: "public", method: "GET", path: "/appgen/auth/callback", handle: finishSignIn },
    {
      access: "viewer",
      method: "POST",
      path: "/appgen/logout",
      handle: ({ req, res }) => {
        res.setHeader("set-cookie", clearCookie(SESSION_COOKIE, isSecure(context, req)));
        redirect(res, "/appgen/login?reason=signed-out");
      },
    },
  ];
}
