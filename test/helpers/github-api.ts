/**
 * GitHub REST mocks for tests: nock 14 scopes whose every intercepted request is checked against GitHub's official
 * OpenAPI description (`@octokit/openapi/generated/api.github.com.json`), so a mock cannot drift from the real API.
 *
 * Usage, in a test file:
 *
 *   import { githubApi, useGitHubApi, gitRefResponse } from "../helpers/github-api.ts";
 *   useGitHubApi(); // disableNetConnect (127.0.0.1 allowed) + afterEach: fail on violations / unused mocks, clean up
 *
 *   it("reads the branch", async () => {
 *     const github = githubApi(); // a nock.Scope for https://api.github.com (or githubApi("https://ghe.test/api/v3"))
 *     github.get("/repos/octo-org/hello/git/ref/heads%2Fmain").reply(200, gitRefResponse("heads/main", SHA));
 *     ...code under test, using an Octokit with retry and throttle disabled...
 *     expect(github.requests).toHaveLength(1); // every request the scope answered, parsed, in order
 *   });
 *
 * What is checked for each intercepted request (method, path, query, JSON body):
 * - method + path must match an operation of the REST description (unknown route → violation);
 * - path and query parameters must validate against the operation's parameter schemas; an unknown query parameter
 *   is a violation;
 * - a JSON body must validate against the request body schema, and properties the schema does not name are
 *   violations even where GitHub's schema leaves objects open (that is what catches a misspelt field);
 * - a static reply body (`.reply(status, body)`) must validate against the operation's response schema for that
 *   status, so canned responses stay realistic. Reply functions are not checked.
 * A violating request fails at once (the client sees a network error carrying the message) and is recorded; the
 * afterEach hook of `useGitHubApi()` (or `verifyGitHubApi()`) then fails the test with every message, e.g.
 *   POST /repos/{owner}/{repo}/git/trees (git/create-tree): body /tree/0/contnet: unknown property
 *
 * Octokit encodes a slash inside a path parameter (`ref: "heads/main"`) as %2F: write mocks the way it sends them.
 * The description is loaded lazily once per test process (~0.3 s); compiled validators are cached per operation.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import nock from "nock";
import { afterAll, afterEach, beforeAll } from "vitest";

export const GITHUB_API = "https://api.github.com";
export const DOCS = "https://docs.github.com/rest";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaObject;
  "x-multi-segment"?: boolean;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: ({ $ref: string } | OpenApiParameter)[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: SchemaObject }> } | { $ref: string };
  responses: Record<string, { $ref: string } | { content?: Record<string, { schema?: SchemaObject }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, SchemaObject>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
    requestBodies?: Record<string, { required?: boolean; content: Record<string, { schema?: SchemaObject }> }>;
  };
}

/** One operation of GitHub's REST description, as matched for a request. */
export interface GitHubOperation {
  method: string;
  /** The path template, e.g. /repos/{owner}/{repo}/git/trees/{tree_sha}. */
  route: string;
  operationId: string;
}

/** A request a githubApi() scope answered, parsed. */
export interface GitHubRequest {
  method: string;
  /** Path without the API base (no /api/v3 on GHES) and without the query. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  operation: GitHubOperation | undefined;
}

export interface RequestCheck {
  operation: GitHubOperation | undefined;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Readable problems; empty when the request is valid. */
  problems: string[];
}

interface CompiledRoute {
  operation: GitHubOperation;
  pattern: RegExp;
  names: string[];
  /** Literal characters in the template; the most literal match wins (…/git/ref/{ref} over …/{x}/{y}). */
  literalLength: number;
  definition: OpenApiOperation;
}

let documentCache: OpenApiDocument | undefined;
let routesCache: Map<string, CompiledRoute[]> | undefined;
const validatorCache = new Map<string, ValidateFunction>();
let ajvCache: { strict: Ajv2020; coercing: Ajv2020 } | undefined;

function document(): OpenApiDocument {
  if (!documentCache) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    documentCache = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
  }
  return documentCache;
}

function ajv(): { strict: Ajv2020; coercing: Ajv2020 } {
  if (!ajvCache) {
    const make = (coerce: boolean) => {
      // strict: false because GitHub's schemas carry OpenAPI annotations (example, x-github, discriminator…).
      const instance = new Ajv2020({ allErrors: true, strict: false, coerceTypes: coerce, validateSchema: false });
      addFormats(instance);
      return instance;
    };
    ajvCache = { strict: make(false), coercing: make(true) };
  }
  return ajvCache;
}

function routes(): Map<string, CompiledRoute[]> {
  if (routesCache) return routesCache;
  const spec = document();
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const [method, definition] of Object.entries(item)) {
      if (!definition || typeof definition !== "object" || !("operationId" in definition)) continue;
      const parameters = resolveParameters(definition);
      const names: string[] = [];
      let literalLength = 0;
      const source = route.replace(/\{([^}]+)\}|[^{]+/g, (part, name: string | undefined) => {
        if (name === undefined) {
          literalLength += part.length;
          return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        }
        names.push(name);
        const multiSegment = parameters.find((p) => p.in === "path" && p.name === name)?.["x-multi-segment"];
        return multiSegment ? "(.+)" : "([^/]+)";
      });
      const list = byMethod.get(method.toUpperCase()) ?? [];
      list.push({
        operation: { method: method.toUpperCase(), route, operationId: definition.operationId },
        pattern: new RegExp(`^${source}$`),
        names,
        literalLength,
        definition,
      });
      byMethod.set(method.toUpperCase(), list);
    }
  }
  for (const list of byMethod.values()) list.sort((a, b) => b.literalLength - a.literalLength);
  routesCache = byMethod;
  return byMethod;
}

function resolveRef<T>(value: T | { $ref: string }): T {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    let target: unknown = document();
    for (const key of value.$ref.replace(/^#\//, "").split("/"))
      target = (target as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (target === undefined) throw new Error(`GitHub's description has a dangling $ref ${value.$ref}`);
    return resolveRef(target as T);
  }
  return value as T;
}

function resolveParameters(definition: OpenApiOperation): OpenApiParameter[] {
  return (definition.parameters ?? []).map((p) => resolveRef<OpenApiParameter>(p));
}

/**
 * Converts an OpenAPI 3.0 schema to JSON Schema 2020-12 with every $ref inlined (a recursive reference becomes
 * `{}`). With `closed`, objects that name their properties reject any other property.
 */
function toJsonSchema(schema: Json | undefined, closed: boolean, stack: string[] = [], inAllOf = false): Json {
  if (schema === undefined || schema === null || typeof schema !== "object" || Array.isArray(schema))
    return schema ?? {};
  if (typeof schema.$ref === "string") {
    if (stack.includes(schema.$ref)) return {};
    return toJsonSchema(resolveRef<Json>(schema as { $ref: string }), closed, [...stack, schema.$ref], inAllOf);
  }
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (
      key.startsWith("x-") ||
      ["example", "examples", "discriminator", "externalDocs", "xml", "nullable", "deprecated"].includes(key)
    )
      continue;
    if (
      (key === "properties" || key === "patternProperties") &&
      value &&
      typeof value === "object" &&
      !Array.isArray(value)
    ) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, closed, stack)]),
      );
    } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, closed, stack, key === "allOf"));
    } else if (
      (key === "items" || key === "not" || key === "additionalProperties") &&
      value !== null &&
      typeof value === "object"
    ) {
      out[key] = toJsonSchema(value, closed, stack);
    } else {
      out[key] = value;
    }
  }
  // unevaluatedProperties (not additionalProperties) so that properties named in allOf members still count.
  if (
    closed &&
    !inAllOf &&
    out.properties &&
    (out.additionalProperties === undefined || out.additionalProperties === true)
  ) {
    delete out.additionalProperties;
    out.unevaluatedProperties = false;
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return Object.keys(out).some((k) => k !== "description" && k !== "title") ? { anyOf: [out, { type: "null" }] } : {};
  }
  return out;
}

function compile(key: string, build: () => Json, coercing = false): ValidateFunction {
  let validate = validatorCache.get(key);
  if (!validate) {
    const instances = ajv();
    validate = (coercing ? instances.coercing : instances.strict).compile(build() as object);
    validatorCache.set(key, validate);
  }
  return validate;
}

/** Ajv errors as "<where>: <problem>"; `where` names the part of the request (body /tree/0/mode, query parameter "page"). */
function describeErrors(errors: ErrorObject[] | null | undefined, where: (pointer: string) => string): string[] {
  const messages = (errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "unevaluatedProperties" || error.keyword === "additionalProperties") {
      return `${where(`${error.instancePath}/${String(params.unevaluatedProperty ?? params.additionalProperty)}`)}: unknown property`;
    }
    if (error.keyword === "required")
      return `${where(error.instancePath)}: missing required property "${String(params.missingProperty)}"`;
    if (error.keyword === "enum")
      return `${where(error.instancePath)}: ${error.message} (${JSON.stringify(params.allowedValues)})`;
    return `${where(error.instancePath)}: ${error.message ?? error.keyword}`;
  });
  return [...new Set(messages)];
}

const inBody = (label: string) => (pointer: string) => (pointer ? `${label} ${pointer}` : label);
const inParameter = (location: string) => (pointer: string) => {
  const name = pointer.split("/")[1];
  return name ? `${location} parameter "${name}"` : `${location} parameters`;
};

/** The operation a method and path (without API base or query) belong to, if GitHub has one. */
export function findGitHubOperation(
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of routes().get(method.toUpperCase()) ?? []) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      const raw = match[i + 1] ?? "";
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return { route, params };
  }
  return undefined;
}

/**
 * Checks one request against GitHub's REST description. `path` may carry a query string; `basePath` (e.g. /api/v3
 * for GitHub Enterprise Server) is removed first. `body` is the raw request text, as sent. Pure apart from caches:
 * usable by fake GitHub servers too.
 */
export function checkGitHubRequest(request: {
  method: string;
  path: string;
  body?: string;
  basePath?: string;
}): RequestCheck {
  const method = request.method.toUpperCase();
  const url = new URL(request.path, "http://github.invalid");
  let path = url.pathname;
  const basePath = (request.basePath ?? "").replace(/\/$/, "");
  if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length) || "/";
  const query = Object.fromEntries(url.searchParams);
  const body = parseBody(request.body);
  const found = findGitHubOperation(method, path);
  if (!found) {
    return {
      operation: undefined,
      pathParams: {},
      query,
      body,
      problems: [`${method} ${path}: no such operation in GitHub's REST description (unknown route or wrong method)`],
    };
  }
  const { route, params } = found;
  const { operation, definition } = route;
  const label = `${method} ${operation.route} (${operation.operationId})`;
  const problems: string[] = [];
  const parameters = resolveParameters(definition);

  for (const location of ["path", "query"] as const) {
    const declared = parameters.filter((p) => p.in === location);
    const values: Record<string, unknown> = location === "path" ? { ...params } : { ...query };
    if (location === "query") {
      const known = new Set(declared.map((p) => p.name));
      for (const name of Object.keys(query)) {
        if (known.has(name)) continue;
        problems.push(
          `${label}: query parameter "${name}" is not a parameter of this operation (known: ${[...known].join(", ") || "none"})`,
        );
        delete values[name];
      }
    }
    const validate = compile(
      `${operation.operationId} ${location}`,
      () => ({
        type: "object",
        properties: Object.fromEntries(declared.map((p) => [p.name, toJsonSchema(p.schema as Json, false)])),
        required: declared.filter((p) => p.required).map((p) => p.name),
      }),
      true,
    );
    if (!validate(values))
      problems.push(...describeErrors(validate.errors, inParameter(location)).map((m) => `${label}: ${m}`));
  }

  const requestBody = definition.requestBody ? resolveRef(definition.requestBody) : undefined;
  const jsonSchema = requestBody?.content["application/json"]?.schema;
  if (body === undefined) {
    if (requestBody?.required && jsonSchema) problems.push(`${label}: the request has no body, GitHub requires one`);
  } else if (!requestBody) {
    problems.push(`${label}: the request has a body, this operation takes none`);
  } else if (jsonSchema) {
    if (typeof body === "string") {
      problems.push(`${label}: the body is not JSON`);
    } else {
      const validate = compile(`${operation.operationId} body`, () => toJsonSchema(jsonSchema as Json, true));
      if (!validate(body))
        problems.push(...describeErrors(validate.errors, inBody("body")).map((m) => `${label}: ${m}`));
    }
  }
  return { operation, pathParams: params, query, body, problems };
}

/** Checks a canned response body against the schema GitHub documents for that operation and status. */
export function checkGitHubResponse(operation: GitHubOperation, status: number, body: unknown): string[] {
  const definition = findDefinition(operation);
  const response = definition.responses[String(status)];
  const label = `${operation.method} ${operation.route} (${operation.operationId})`;
  if (!response) {
    // GitHub answers any operation with 5xx and, for JSON operations, 4xx errors it does not always document.
    if (status >= 400) return [];
    return [
      `${label}: GitHub does not document status ${status} (documented: ${Object.keys(definition.responses).join(", ")})`,
    ];
  }
  const schema = resolveRef(response).content?.["application/json"]?.schema;
  if (!schema || body === undefined || typeof body === "string") return [];
  const validate = compile(`${operation.operationId} response ${status}`, () => toJsonSchema(schema as Json, false));
  return validate(body)
    ? []
    : describeErrors(validate.errors, inBody(`response ${status} body`)).map((m) => `${label}: ${m}`);
}

function findDefinition(operation: GitHubOperation): OpenApiOperation {
  const definition = document().paths[operation.route]?.[operation.method.toLowerCase()];
  if (!definition) throw new Error(`no operation ${operation.method} ${operation.route}`);
  return definition;
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// nock scopes

const violations: string[] = [];
const scopes: GitHubApi[] = [];

export type GitHubApi = nock.Scope & {
  readonly baseUrl: string;
  /** Every request this scope answered, in order. */
  readonly requests: GitHubRequest[];
};

/**
 * A nock scope for GitHub's REST API at `baseUrl` (default https://api.github.com; for GitHub Enterprise Server
 * e.g. https://ghe.example.com/api/v3 — mock paths then start after /api/v3, as for github.com). Every request it
 * intercepts is validated; see the file comment.
 */
export function githubApi(baseUrl: string = GITHUB_API): GitHubApi {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/$/, "");
  const requests: GitHubRequest[] = [];
  const scope = Object.assign(nock(base.origin + basePath), { baseUrl: base.origin + basePath, requests }) as GitHubApi;
  scope.on(
    "request",
    (
      req: { method: string; path: string },
      interceptor: { statusCode?: number; body?: unknown; errorMessage?: unknown },
      bodyText: string,
    ) => {
      const check = checkGitHubRequest({ method: req.method, path: req.path, body: bodyText, basePath });
      const url = new URL(req.path, base.origin);
      requests.push({
        method: check.operation?.method ?? req.method.toUpperCase(),
        path: url.pathname.slice(basePath.length) || "/",
        query: check.query,
        body: check.body,
        operation: check.operation,
      });
      const problems = [...check.problems];
      if (check.operation && typeof interceptor.statusCode === "number" && interceptor.errorMessage === undefined) {
        problems.push(
          ...checkGitHubResponse(check.operation, interceptor.statusCode, parseReplyBody(interceptor.body)),
        );
      }
      if (problems.length) {
        violations.push(...problems);
        // nock destroys the request with this error instead of replying: the code under test fails here, not later.
        interceptor.errorMessage = new Error(
          `request rejected by the GitHub API validator:\n  ${problems.join("\n  ")}`,
        );
      }
    },
  );
  scopes.push(scope);
  return scope;
}

function parseReplyBody(body: unknown): unknown {
  if (typeof body !== "string") return body;
  return parseBody(body);
}

/** Problems recorded since the last verifyGitHubApi(); for tests that expect a violation. */
export function takeGitHubViolations(): string[] {
  return violations.splice(0);
}

/** Throws when a request violated GitHub's description or a mock went unused; always cleans every mock up. */
export function verifyGitHubApi(): void {
  const problems = violations.splice(0);
  const pending = nock.pendingMocks();
  scopes.splice(0);
  nock.cleanAll();
  const messages = [...problems.map((p) => `GitHub API validator: ${p}`), ...pending.map((m) => `unused mock: ${m}`)];
  if (messages.length) throw new Error(messages.join("\n"));
}

let unmatched: ((...args: unknown[]) => void) | undefined;

/**
 * Registers the hooks every GitHub test file needs: no network except 127.0.0.1, and after each test a failure
 * for any validator violation, unused mock or unmatched request to a mocked GitHub host, then a clean slate.
 */
export function useGitHubApi(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect((host: string) => host === "127.0.0.1" || host.startsWith("127.0.0.1:"));
    unmatched = (...args: unknown[]) => {
      const request = describeUnmatched(args);
      if (request && scopes.some((s) => new URL(s.baseUrl).host === request.host))
        violations.push(`no mock for ${request.method} ${request.url}`);
    };
    nock.emitter.on("no match", unmatched);
  });
  afterEach(() => {
    verifyGitHubApi();
  });
  afterAll(() => {
    if (unmatched) nock.emitter.off("no match", unmatched);
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

function describeUnmatched(args: unknown[]): { host: string; method: string; url: string } | undefined {
  for (const arg of args) {
    const candidate = arg as
      | { host?: string; hostname?: string; port?: string | number; method?: string; path?: string; protocol?: string }
      | undefined;
    if (!candidate || typeof candidate !== "object" || typeof candidate.path !== "string") continue;
    const hostname = candidate.hostname ?? candidate.host?.split(":")[0];
    if (!hostname) continue;
    const protocol = candidate.protocol ?? "https:";
    const defaultPort = protocol === "https:" ? "443" : "80";
    const port = candidate.port !== undefined && String(candidate.port) !== defaultPort ? `:${candidate.port}` : "";
    return {
      host: `${hostname}${port}`,
      method: (candidate.method ?? "GET").toUpperCase(),
      url: `${protocol}//${hostname}${port}${candidate.path}`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Realistic response bodies (they validate against GitHub's response schemas).

export interface RepoCoordinates {
  owner: string;
  repo: string;
  /** API base, for the url fields; default https://api.github.com. */
  baseUrl?: string;
}

export const TEST_REPO: RepoCoordinates = { owner: "octo-org", repo: "hello" };

function apiUrl(repo: RepoCoordinates, path: string): string {
  return `${repo.baseUrl ?? GITHUB_API}/repos/${repo.owner}/${repo.repo}${path}`;
}

function htmlUrl(repo: RepoCoordinates, path: string): string {
  const base = repo.baseUrl ?? GITHUB_API;
  const web = base === GITHUB_API ? "https://github.com" : base.replace(/\/api\/v3\/?$/, "");
  return `${web}/${repo.owner}/${repo.repo}${path}`;
}

/** A fake but well-formed 40-hex SHA derived from a label, so tests read as `sha("tree-1")`. */
export function fakeSha(label: string): string {
  let hex = "";
  let seed = 0;
  for (const ch of label) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  while (hex.length < 40) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    hex += seed.toString(16).padStart(8, "0");
  }
  return hex.slice(0, 40);
}

function nodeId(prefix: string, sha: string): string {
  return `${prefix}_${Buffer.from(sha.slice(0, 12)).toString("base64url")}`;
}

/** GET/POST/PATCH git ref: `ref` without refs/ (heads/main). */
export function gitRefResponse(ref: string, sha: string, repo: RepoCoordinates = TEST_REPO) {
  return {
    ref: `refs/${ref}`,
    node_id: nodeId("REF", sha),
    url: apiUrl(repo, `/git/refs/${ref}`),
    object: { type: "commit", sha, url: apiUrl(repo, `/git/commits/${sha}`) },
  };
}

/** GET/POST git tree: `files` maps path -> blob SHA; the tree lists the directories too, as GitHub's recursive listing does. */
export function gitTreeResponse(
  sha: string,
  files: Iterable<[string, string]>,
  options: { truncated?: boolean; repo?: RepoCoordinates } = {},
) {
  const repo = options.repo ?? TEST_REPO;
  const entries: { path: string; mode: string; type: string; sha: string; size?: number; url: string }[] = [];
  const directories = new Set<string>();
  for (const [path, blob] of files) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const directory = parts.slice(0, i).join("/");
      if (directories.has(directory)) continue;
      directories.add(directory);
      const treeSha = fakeSha(`tree:${directory}`);
      entries.push({
        path: directory,
        mode: "040000",
        type: "tree",
        sha: treeSha,
        url: apiUrl(repo, `/git/trees/${treeSha}`),
      });
    }
    entries.push({ path, mode: "100644", type: "blob", sha: blob, size: 100, url: apiUrl(repo, `/git/blobs/${blob}`) });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { sha, url: apiUrl(repo, `/git/trees/${sha}`), tree: entries, truncated: options.truncated ?? false };
}

/** POST/GET git commit. Author and committer are the App's bot, as GitHub records them when the request names none. */
export function gitCommitResponse(
  commit: { sha: string; tree: string; parents: string[]; message: string },
  repo: RepoCoordinates = TEST_REPO,
) {
  const person = {
    name: "appgen[bot]",
    email: "123456+appgen[bot]@users.noreply.github.com",
    date: "2025-01-01T00:00:00Z",
  };
  return {
    sha: commit.sha,
    node_id: nodeId("C", commit.sha),
    url: apiUrl(repo, `/git/commits/${commit.sha}`),
    html_url: htmlUrl(repo, `/commit/${commit.sha}`),
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: commit.tree, url: apiUrl(repo, `/git/trees/${commit.tree}`) },
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: apiUrl(repo, `/git/commits/${parent}`),
      html_url: htmlUrl(repo, `/commit/${parent}`),
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** GET git blob (base64, as GitHub sends it, wrapped at 60 characters). */
export function gitBlobResponse(sha: string, content: string, repo: RepoCoordinates = TEST_REPO) {
  const bytes = Buffer.from(content, "utf8");
  const encoded = bytes.toString("base64").replace(/.{60}/g, "$&\n");
  return {
    sha,
    node_id: nodeId("B", sha),
    size: bytes.length,
    url: apiUrl(repo, `/git/blobs/${sha}`),
    content: encoded,
    encoding: "base64",
  };
}

/** GET repository contents for one file. */
export function contentFileResponse(
  path: string,
  content: string,
  options: { sha?: string; ref?: string; repo?: RepoCoordinates } = {},
) {
  const repo = options.repo ?? TEST_REPO;
  const bytes = Buffer.from(content, "utf8");
  const sha = options.sha ?? fakeSha(`blob:${path}:${content}`);
  const ref = options.ref ?? "main";
  const url = `${apiUrl(repo, `/contents/${path}`)}?ref=${ref}`;
  const html = htmlUrl(repo, `/blob/${ref}/${path}`);
  return {
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name: path.split("/").pop() ?? path,
    path,
    content: bytes.toString("base64").replace(/.{60}/g, "$&\n"),
    sha,
    url,
    git_url: apiUrl(repo, `/git/blobs/${sha}`),
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${repo.owner}/${repo.repo}/${ref}/${path}`,
    _links: { self: url, git: apiUrl(repo, `/git/blobs/${sha}`), html },
  };
}

/** GitHub's error body (404, 409, 422…), e.g. errorResponse(422, "Update is not a fast forward", "git/refs#update-a-reference"). */
export function errorResponse(status: number, message: string, docs = "") {
  return { message, documentation_url: docs ? `${DOCS}/${docs}` : DOCS, status: String(status) };
}

/** A deep copy of one of the example values in GitHub's description, e.g. githubExample("full-repository"). */
export function githubExample(name: string): Record<string, unknown> {
  const example = document().components as unknown as { examples: Record<string, { value?: unknown }> };
  const value = example.examples[name]?.value;
  if (value === undefined) throw new Error(`GitHub's description has no example named ${name}`);
  return structuredClone(value) as Record<string, unknown>;
}

/** GET /repos/{owner}/{repo}: GitHub's own example, moved to this repository and default branch. */
export function repositoryResponse(options: { defaultBranch?: string; repo?: RepoCoordinates } = {}) {
  const repo = options.repo ?? TEST_REPO;
  const example = githubExample("full-repository");
  const owner = example.owner as Record<string, unknown>;
  // The example predates the has_discussions property, which the schema now requires.
  return {
    ...example,
    name: repo.repo,
    full_name: `${repo.owner}/${repo.repo}`,
    owner: { ...owner, login: repo.owner },
    url: apiUrl(repo, ""),
    html_url: htmlUrl(repo, ""),
    default_branch: options.defaultBranch ?? "main",
    has_discussions: false,
  };
}
