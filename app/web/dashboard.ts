// The admin dashboard and the user view under /appgen, as one Probot Handler (true = handled): a small router over
// route modules, as Probot composes its own server handlers. Who is looking comes first (identity.ts: admin token,
// signed session cookie, or nobody: anonymous requests get the sign-in page or a 401 and never any run data); forms
// posted with a session need their CSRF token (csrf.ts); then the sign-in (sign-in-routes.ts), pages
// (view-routes.ts), JSON API (api-routes.ts) and actions (action-routes.ts) answer, every one filtering runs through
// the same access rules. Refusals and failures are rendered here, once.
import type { IncomingMessage, ServerResponse } from "node:http";
import { actionRoutes } from "./action-routes.ts";
import { apiRoutes } from "./api-routes.ts";
import { requireCsrfToken } from "./csrf.ts";
import { GitHubSignIn } from "./github-sign-in.ts";
import { DASHBOARD_PATH, readForm, Refusal, sendHtml, sendJson, wantsPage } from "./http.ts";
import { identifier, refuseAnonymous } from "./identity.ts";
import { messagePage, type Chrome } from "./pages.ts";
import type { DashboardContext, DashboardOptions, PublicRoute, Route, ViewerRoute } from "./routes.ts";
import { csrfToken } from "./session.ts";
import { signInRoutes } from "./sign-in-routes.ts";
import { viewRoutes } from "./view-routes.ts";

export { DASHBOARD_PATH } from "./http.ts";
export type { DashboardOptions, RerunResult } from "./routes.ts";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function createDashboard(options: DashboardOptions): Handler {
  if (options.auth.sessionSecret.length < 32)
    throw new Error("The dashboard's session secret must be at least 32 characters (APPGEN_SESSION_SECRET).");
  const context: DashboardContext = {
    options,
    secret: options.auth.sessionSecret,
    signIn: options.auth.oauth ? new GitHubSignIn(options.auth.oauth) : undefined,
    log: options.log,
  };
  const routes: Route[] = [
    ...signInRoutes(context),
    ...viewRoutes(context),
    ...apiRoutes(context),
    ...actionRoutes(context),
  ];
  const publicRoutes = routes.filter((route): route is PublicRoute => route.access === "public");
  const viewerRoutes = routes.filter((route): route is ViewerRoute => route.access === "viewer");
  const identify = identifier(context);

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    if (url.pathname !== DASHBOARD_PATH && !url.pathname.startsWith(`${DASHBOARD_PATH}/`)) return false;
    try {
      await route(req, res, url);
    } catch (error) {
      if (error instanceof Refusal) {
        sendRefusal(req, res, url, error);
      } else {
        const problem =
          error instanceof Error
            ? { name: error.name, message: error.message, stack: error.stack }
            : { message: String(error) };
        // Only name/message/stack: an Octokit error object carries the request, which may hold the OAuth client secret.
        context.log.error({ error: problem, method: req.method, path: url.pathname }, "dashboard request failed");
        if (!res.headersSent)
          sendHtml(
            res,
            500,
            messagePage(
              "Something went wrong",
              "The dashboard could not answer this request. It has been logged; try again in a moment.",
              { href: DASHBOARD_PATH, label: "Back to the dashboard" },
            ),
          );
        else res.end();
      }
    }
    return true;
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, "") || DASHBOARD_PATH;
    const method = req.method ?? "GET";
    const open = method === "GET" ? publicRoutes.find((candidate) => candidate.path === path) : undefined;
    if (open) return open.handle({ req, res, url });

    const identity = identify(req);
    if (identity.kind === "bad-token") throw new Refusal(401, "Not signed in", "The admin token is not valid.");
    if (identity.kind === "anonymous") return refuseAnonymous(context, req, res, url, identity.reason);
    const { viewer, session } = identity;

    if (method === "POST") {
      const form = await readForm(req);
      requireCsrfToken(session, form, context.secret);
      const found = match(viewerRoutes, "POST", path);
      if (!found) throw new Refusal(404, "Not found", "There is nothing to post to here.");
      return found.route.handle({ req, res, url, viewer, session, chrome: chromeOf(session), form }, found.params);
    }
    if (method !== "GET" && method !== "HEAD")
      throw new Refusal(405, "Not allowed", `${method} is not supported here.`);
    const found = match(viewerRoutes, "GET", path);
    if (!found) throw new Refusal(404, "Not found", "There is no such page. The dashboard is at /appgen.");
    return found.route.handle(
      { req, res, url, viewer, session, chrome: chromeOf(session), form: new URLSearchParams() },
      found.params,
    );
  }

  function chromeOf(session: { sid: string; login: string } | undefined): Chrome {
    return session ? { login: session.login, csrf: csrfToken(session, context.secret) } : { token: true };
  }

  function sendRefusal(req: IncomingMessage, res: ServerResponse, url: URL, refusal: Refusal): void {
    if (res.headersSent) return void res.end();
    if (!wantsPage(url) || req.headers.authorization)
      return sendJson(res, refusal.status, { error: refusal.title, message: refusal.message });
    const signInAgain = refusal.status === 400 && url.pathname.startsWith("/appgen/auth/");
    sendHtml(
      res,
      refusal.status,
      messagePage(
        refusal.title,
        refusal.message,
        signInAgain
          ? { href: "/appgen/login", label: "Go to the sign-in page" }
          : { href: DASHBOARD_PATH, label: "Back to the dashboard" },
      ),
    );
  }
}

/** The first route for the method whose path is `path`, or whose pattern matches it (its groups decoded). */
function match(
  routes: readonly ViewerRoute[],
  method: "GET" | "POST",
  path: string,
): { route: ViewerRoute; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (typeof route.path === "string") {
      if (route.path === path) return { route, params: [] };
      continue;
    }
    const groups = route.path.exec(path);
    if (groups) return { route, params: groups.slice(1).map((group) => decodeURIComponent(group ?? "")) };
  }
  return undefined;
}
