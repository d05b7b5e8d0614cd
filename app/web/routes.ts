// The dashboard's routes and what they are handed: the request, and for routes behind sign-in, who is looking. Each
// route module (sign-in, views, JSON API, actions) answers a list of these; app/web/dashboard.ts routes to them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { RunStore } from "../core/runs.ts";
import type { DashboardAuth } from "../core/schema-types/settings.ts";
import type { QueueInspector } from "../ports.ts";
import type { Viewer } from "./access.ts";
import type { GitHubSignIn } from "./github-sign-in.ts";
import type { Chrome } from "./pages.ts";
import type { Session } from "./session.ts";

export type RerunResult = { ok: true; runId: string } | { ok: false; reason: string };

export interface DashboardOptions {
  runs: RunStore;
  /** The queue to show and retry; without one the queue section says it is unavailable. */
  queue?: QueueInspector;
  /** Re-queues a failed generation as a new run. */
  rerun(runId: string, requestedBy: string): Promise<RerunResult>;
  /** Who may look (schemas/settings.schema.json: admin token, OAuth sign-in, session secret, operators, public URL). */
  auth: DashboardAuth;
  now(): number;
  log: Logger;
}

/** What every route module shares, built once by createDashboard. */
export interface DashboardContext {
  options: DashboardOptions;
  /** Signs session and state cookies, and derives CSRF tokens. */
  secret: string;
  /** "Sign in with GitHub", when the App's OAuth credentials are set. */
  signIn: GitHubSignIn | undefined;
  log: Logger;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}

/** A request from someone the dashboard knows: the admin token, an operator or a signed-in person. */
export interface ViewerExchange extends Exchange {
  viewer: Viewer;
  /** The browser session; undefined for the admin token (which answers JSON where a session is redirected). */
  session: Session | undefined;
  chrome: Chrome;
  /** The posted form, CSRF-checked for sessions (POST routes only; empty otherwise). */
  form: URLSearchParams;
}

/** Open to anyone: the sign-in page and the OAuth flow. */
export interface PublicRoute {
  access: "public";
  method: "GET";
  path: string;
  handle(exchange: Exchange): Promise<void> | void;
}

/** Behind sign-in. `path` is exact, or a pattern whose groups are handed to the route (decoded). */
export interface ViewerRoute {
  access: "viewer";
  method: "GET" | "POST";
  path: string | RegExp;
  handle(exchange: ViewerExchange, params: string[]): Promise<void> | void;
}

export type Route = PublicRoute | ViewerRoute;

/** The origin people reach the dashboard at: APPGEN_PUBLIC_URL, else the request's (proxied) host. */
export function publicOrigin(context: DashboardContext, req: IncomingMessage): string {
  if (context.options.auth.publicUrl) return context.options.auth.publicUrl.replace(/\/+$/, "");
  const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  return `${proto}://${req.headers.host ?? "localhost"}`;
}

/** Whether cookies get the Secure attribute. */
export function isSecure(context: DashboardContext, req: IncomingMessage): boolean {
  return publicOrigin(context, req).startsWith("https:");
}
