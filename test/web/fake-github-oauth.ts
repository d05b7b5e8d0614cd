// GitHub's OAuth web flow and the user endpoints the dashboard's sign-in calls, served on 127.0.0.1 the way GitHub
// Enterprise Server lays them out (pages at the root, REST under /api/v3). The authorize page lists the known
// people; the browser picks one, as a person would click "Authorize". Lists are paged by 2 (Link headers), so
// the dashboard's pagination is exercised. Every API request is checked against GitHub's REST description.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GitHubOpenApi } from "../helpers/fake-github/openapi.ts";

export interface FakeInstallation {
  id: number;
  account: string;
  type: "User" | "Organization";
}

export interface FakePerson {
  login: string;
  /** Installation id -> repositories (owner/repo) the person can access in it. */
  access: Record<number, string[]>;
  /** Organisation -> the person's role. */
  orgRoles?: Record<string, "admin" | "member">;
}

export interface FakeGitHubOAuth {
  webUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every user token issued (to check none of them leaks into logs or pages). */
  issuedTokens: string[];
  /** Problems: unknown routes, invalid requests, wrong client credentials. */
  violations: string[];
  /** redirect_uri values the authorize page received. */
  redirectUris: string[];
  stop(): Promise<void>;
}

const PAGE_SIZE = 2;

export async function startFakeGitHubOAuth(input: {
  installations: FakeInstallation[];
  people: FakePerson[];
}): Promise<FakeGitHubOAuth> {
  const clientId = "Iv1.fake0client0id";
  const clientSecret = randomBytes(20).toString("hex");
  const codes = new Map<string, string>();
  const tokens = new Map<string, string>();
  const issuedTokens: string[] = [];
  const violations: string[] = [];
  const redirectUris: string[] = [];
  const api = GitHubOpenApi.load();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      violations.push(`crash: ${String(error)}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const person = (login: string) => input.people.find((p) => p.login === login);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", webUrl);
    const body = await readBody(req);
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      if (url.searchParams.get("client_id") !== clientId)
        violations.push(`authorize: unknown client_id ${url.searchParams.get("client_id")}`);
      const redirectUri = url.searchParams.get("redirect_uri") ?? "";
      redirectUris.push(redirectUri);
      const state = url.searchParams.get("state") ?? "";
      const choices = input.people
        .map(
          (p) =>
            `<li><a href="/login/oauth/approve?login=${encodeURIComponent(p.login)}&redirect_uri=${encodeURIComponent(redirectUri)}&state=${encodeURIComponent(state)}">Continue as ${p.login}</a></li>`,
        )
        .join("");
      const cancel = `${redirectUri}?error=access_denied&state=${encodeURIComponent(state)}`;
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          `<!doctype html><title>Authorize appgen</title><h1>Authorize appgen</h1><ul>${choices}</ul><a href="${cancel}">Cancel</a>`,
        );
      return;
    }
    if (req.method === "GET" && url.pathname === "/login/oauth/approve") {
      const code = randomBytes(10).toString("hex");
      codes.set(code, url.searchParams.get("login") ?? "");
      const target = new URL(url.searchParams.get("redirect_uri") ?? "");
      target.searchParams.set("code", code);
      target.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: target.href }).end();
      return;
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      const form = parseBody(body, req.headers["content-type"]);
      if (req.headers.accept !== "application/json") violations.push(`access_token: Accept ${req.headers.accept}`);
      if (form.client_id !== clientId || form.client_secret !== clientSecret) {
        return json(res, 200, {
          error: "incorrect_client_credentials",
          error_description: "The client_id and/or client_secret passed are incorrect.",
          error_uri: "https://docs.github.com",
        });
      }
      const login = codes.get(String(form.code));
      codes.delete(String(form.code));
      if (!login)
        return json(res, 200, {
          error: "bad_verification_code",
          error_description: "The code passed is incorrect or expired.",
          error_uri: "https://docs.github.com",
        });
      const token = `ghu_${randomBytes(18).toString("hex")}`;
      tokens.set(token, login);
      issuedTokens.push(token);
      return json(res, 200, { access_token: token, token_type: "bearer", scope: "" });
    }
    if (url.pathname === "/favicon.ico") return json(res, 404, { message: "Not Found" });
    if (!url.pathname.startsWith("/api/v3/")) {
      violations.push(`unknown route ${req.method} ${url.pathname}`);
      return json(res, 404, { message: "Not Found" });
    }
    const path = url.pathname.slice("/api/v3".length);
    const match = api.match(req.method ?? "GET", path);
    if (!match) {
      violations.push(`not a GitHub operation: ${req.method} ${path}`);
      return json(res, 404, { message: "Not Found" });
    }
    for (const problem of api.validateRequest(match, url.searchParams, body, req.headers["content-type"]))
      violations.push(`${match.operationId}: ${problem}`);
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const me = token ? person(tokens.get(token) ?? "") : undefined;
    if (!me) return json(res, 401, { message: "Bad credentials" });
    const mine = input.installations.filter((installation) => me.access[installation.id]);
    switch (`${req.method} ${match.template}`) {
      case "GET /user":
        return json(res, 200, { login: me.login, id: 1000 + input.people.indexOf(me), type: "User" });
      case "GET /user/installations":
        return page(
          res,
          url,
          "installations",
          mine.map((i) => ({ id: i.id, account: { login: i.account, type: i.type }, target_type: i.type })),
        );
      case "GET /user/installations/{installation_id}/repositories": {
        const repos = me.access[Number(match.params.installation_id)];
        if (!repos) return json(res, 404, { message: "Not Found" });
        return page(
          res,
          url,
          "repositories",
          repos.map((fullName) => ({ full_name: fullName, name: fullName.split("/")[1] })),
        );
      }
      case "GET /user/memberships/orgs/{org}": {
        const role = me.orgRoles?.[match.params.org ?? ""];
        if (!role) return json(res, 404, { message: "Not Found" });
        return json(res, 200, {
          state: "active",
          role,
          organization: { login: match.params.org },
          user: { login: me.login },
        });
      }
      default:
        violations.push(`unimplemented: ${match.operationId}`);
        return json(res, 501, { message: "not implemented" });
    }
  }

  return {
    webUrl,
    apiUrl: `${webUrl}/api/v3`,
    clientId,
    clientSecret,
    issuedTokens,
    violations,
    redirectUris,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function page(res: ServerResponse, url: URL, key: string, items: unknown[]): void {
  const number = Math.max(1, Number(url.searchParams.get("page") ?? "1"));
  const slice = items.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
  const headers: Record<string, string> = {};
  if (number * PAGE_SIZE < items.length) {
    const next = new URL(url);
    next.searchParams.set("page", String(number + 1));
    headers.link = `<${next.href}>; rel="next"`;
  }
  res
    .writeHead(200, { "content-type": "application/json; charset=utf-8", ...headers })
    .end(JSON.stringify({ total_count: items.length, [key]: slice }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { "content-type": "application/json; charset=utf-8", date: new Date().toUTCString() })
    .end(JSON.stringify(body));
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (String(contentType).includes("json")) return JSON.parse(text || "{}") as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
