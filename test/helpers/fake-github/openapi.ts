// GitHub's official REST description as a request/response checker for the fake server. Every request the fake
// receives is matched to an operation and checked (path and query parameters, JSON body with unknown fields
// rejected); every answer the fake gives is checked against the documented response, so the fake cannot drift
// from what GitHub really sends.
// Only generated/api.github.com.json is read (13 MB): the package index would parse every GHES variant (~385 MB).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaObject;
  "x-multi-segment"?: boolean;
}

interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> } | { $ref: string };
  responses: Record<string, { content?: Record<string, { schema: SchemaObject }> } | { $ref: string }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, SchemaObject>;
    parameters: Record<string, Parameter>;
    responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }>;
    requestBodies?: Record<string, { required?: boolean; content: Record<string, { schema: SchemaObject }> }>;
  };
}

export interface OperationMatch {
  method: string;
  /** The documented path, e.g. "/repos/{owner}/{repo}/git/refs/{ref}". */
  template: string;
  operationId: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
}

interface CompiledRoute {
  method: string;
  template: string;
  operation: Operation;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

const MAX_PROBLEMS = 8;
const SPEC_ID = "https://fake-github.invalid/api.github.com.json";
const HTTP_METHODS = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);

export class GitHubOpenApi {
  private readonly routes: CompiledRoute[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(private readonly spec: Spec) {
    // OpenAPI 3.0 schemas are not JSON Schema: `nullable` and `x-*` keywords, formats like "repo.nwo". The spec's
    // schemas are converted once (nullable -> type/anyOf null) and unknown formats/keywords are ignored.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats.default(this.ajv, ["date-time", "uri", "email"]);
    this.ajv.addSchema({
      $id: SPEC_ID,
      components: { schemas: convertSchemaMap(spec.components.schemas) },
    } as SchemaObject);
    for (const [template, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!HTTP_METHODS.has(method)) continue;
        this.routes.push(this.compileRoute(method.toUpperCase(), template, operation));
      }
    }
  }

  private static instance: GitHubOpenApi | undefined;

  /** Parsed once per process: the description is 13 MB. */
  static load(): GitHubOpenApi {
    if (!GitHubOpenApi.instance) {
      const require = createRequire(import.meta.url);
      const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
      GitHubOpenApi.instance = new GitHubOpenApi(JSON.parse(readFileSync(file, "utf8")) as Spec);
    }
    return GitHubOpenApi.instance;
  }

  /**
   * The operation for a method and an encoded API path (without the /api/v3 prefix). Literal segments win over
   * parameters ("/issues/comments" is not issue number "comments"); a multi-segment parameter (ref, path) may span
   * slashes, as Octokit sends "heads/main" either encoded or not.
   */
  match(method: string, encodedPath: string): OperationMatch | undefined {
    let best: { route: CompiledRoute; values: string[] } | undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(encodedPath);
      if (!found) continue;
      if (!best || route.literalSegments > best.route.literalSegments) best = { route, values: found.slice(1) };
    }
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.route.names.forEach((name, i) => {
      params[name] = safeDecode(best.values[i] ?? "");
    });
    return { method, template: best.route.template, operationId: best.route.operation.operationId, params };
  }

  /** Problems with a request's parameters and body; empty when GitHub would accept its shape. */
  validateRequest(
    match: OperationMatch,
    query: URLSearchParams,
    rawBody: string,
    contentType: string | undefined,
  ): string[] {
    const operation = this.operation(match);
    const problems: string[] = [];
    const parameters = (operation.parameters ?? []).map((p) => this.resolve<Parameter>(p));

    for (const parameter of parameters.filter((p) => p.in === "path")) {
      const value = match.params[parameter.name];
      if (value === undefined || value === "") {
        problems.push(`path parameter ${parameter.name} is empty`);
        continue;
      }
      problems.push(...this.checkParameter(match, parameter, value));
    }

    const queryParameters = parameters.filter((p) => p.in === "query");
    for (const name of new Set(query.keys())) {
      const parameter = queryParameters.find((p) => p.name === name);
      if (!parameter) {
        problems.push(
          `query parameter "${name}" is not a parameter of ${match.operationId} (known: ${queryParameters.map((p) => p.name).join(", ") || "none"})`,
        );
        continue;
      }
      for (const value of query.getAll(name)) problems.push(...this.checkParameter(match, parameter, value));
    }
    for (const parameter of queryParameters) {
      if (parameter.required && !query.has(parameter.name))
        problems.push(`required query parameter "${parameter.name}" is missing`);
    }

    const requestBody = operation.requestBody
      ? this.resolve<NonNullable<Exclude<Operation["requestBody"], { $ref: string }>>>(operation.requestBody)
      : undefined;
    const hasBody = rawBody.trim().length > 0;
    if (!requestBody) {
      if (hasBody && rawBody.trim() !== "{}")
        problems.push(`${match.operationId} takes no request body, got ${truncate(rawBody)}`);
      return problems;
    }
    if (!hasBody) {
      if (requestBody.required) problems.push(`${match.operationId} requires a JSON body`);
      return problems;
    }
    const media = requestBody.content["application/json"];
    if (!media) return problems;
    if (contentType && !contentType.includes("json"))
      problems.push(`body sent as ${contentType}; GitHub expects application/json`);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      problems.push(`body is not JSON: ${truncate(rawBody)}`);
      return problems;
    }
    const validate = this.validator(`request ${match.method} ${match.template}`, () =>
      closeObjects(this.inlineRefs(convertSchema(media.schema))),
    );
    if (!validate(body)) problems.push(...formatErrors("body", validate.errors));
    return problems;
  }

  /** Problems with a response the fake is about to send: undocumented status or a body that breaks the schema. */
  validateResponse(match: OperationMatch, status: number, body: unknown): string[] {
    const operation = this.operation(match);
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response)
      return [
        `${match.operationId} does not document status ${status} (documented: ${Object.keys(operation.responses).join(", ")})`,
      ];
    const resolved = this.resolve<{ content?: Record<string, { schema: SchemaObject }> }>(response);
    const media = resolved.content?.["application/json"];
    if (!media) return [];
    const validate = this.validator(`response ${match.method} ${match.template} ${status}`, () =>
      convertSchema(media.schema),
    );
    return validate(body) ? [] : formatErrors("response", validate.errors);
  }

  private operation(match: OperationMatch): Operation {
    const operation = this.spec.paths[match.template]?.[match.method.toLowerCase()];
    if (!operation) throw new Error(`no operation ${match.method} ${match.template}`);
    return operation;
  }

  private checkParameter(match: OperationMatch, parameter: Parameter, value: string): string[] {
    const schema = parameter.schema ? convertSchema(parameter.schema) : {};
    const coerced = coerce(value, schema);
    const validate = this.validator(
      `parameter ${match.method} ${match.template} ${parameter.in} ${parameter.name}`,
      () => schema,
    );
    return validate(coerced)
      ? []
      : formatErrors(`${parameter.in} parameter ${parameter.name}=${JSON.stringify(value)}`, validate.errors);
  }

  private validator(key: string, schema: () => SchemaObject): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema());
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private compileRoute(method: string, template: string, operation: Operation): CompiledRoute {
    const parameters = (operation.parameters ?? []).map((p) => this.resolve<Parameter>(p));
    const names: string[] = [];
    let literalSegments = 0;
    const source = template
      .split("/")
      .map((segment) => {
        if (!segment.includes("{")) {
          if (segment) literalSegments += 1;
          return escapeRegExp(segment);
        }
        return segment.replace(/\{([^}]+)\}|([^{]+)/g, (_, name: string | undefined, literal: string | undefined) => {
          if (literal) return escapeRegExp(literal);
          names.push(name as string);
          const multiSegment = parameters.find((p) => p.name === name)?.["x-multi-segment"] === true;
          return multiSegment ? "(.+)" : "([^/]+)";
        });
      })
      .join("/");
    return { method, template, operation, pattern: new RegExp(`^${source}$`), names, literalSegments };
  }

  private resolve<T>(value: T | { $ref: string }): T {
    let current: unknown = value;
    while (current && typeof current === "object" && "$ref" in current && typeof current.$ref === "string") {
      current = pointer(this.spec, current.$ref);
    }
    return current as T;
  }

  /** Request bodies are closed against unknown fields, which needs the referenced schemas inlined. */
  private inlineRefs(schema: Json, seen: string[] = []): SchemaObject {
    const walk = (node: Json): Json => {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== "object") return node;
      const ref = node.$ref;
      if (typeof ref === "string" && ref.startsWith(`${SPEC_ID}#`)) {
        if (seen.includes(ref)) return node;
        const target = convertSchema(pointer(this.spec, ref.slice(SPEC_ID.length)) as SchemaObject);
        return this.inlineRefs(target, [...seen, ref]);
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    };
    return walk(schema) as SchemaObject;
  }
}

const SUBSCHEMA_MAPS = ["properties", "patternProperties"];
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf"];
const SUBSCHEMA_SINGLES = ["items", "additionalProperties", "not"];

/** OpenAPI 3.0 schema -> JSON Schema: `nullable: true` becomes a null type, local $refs point into the spec. */
function convertSchema(schema: SchemaObject): SchemaObject {
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "discriminator" || key === "example" || key === "examples") continue;
    if (key === "$ref" && typeof value === "string") out.$ref = value.startsWith("#") ? `${SPEC_ID}${value}` : value;
    else if (SUBSCHEMA_MAPS.includes(key) && isObject(value))
      out[key] = convertSchemaMap(value as Record<string, SchemaObject>);
    else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value))
      out[key] = value.map((v) => (isObject(v) ? convertSchema(v as SchemaObject) : v));
    else if (SUBSCHEMA_SINGLES.includes(key) && isObject(value)) out[key] = convertSchema(value as SchemaObject);
    else out[key] = value;
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [{ type: "null" }, out] };
}

function convertSchemaMap(map: Record<string, SchemaObject>): SchemaObject {
  return Object.fromEntries(Object.entries(map).map(([name, schema]) => [name, convertSchema(schema)]));
}

/**
 * GitHub ignores unknown body fields, so a misspelt `bse_tree` silently does the wrong thing. Tests should catch
 * that: object schemas that list properties get `additionalProperties: false` (except inside allOf, where each
 * part sees only its own properties).
 */
function closeObjects(schema: SchemaObject, insideAllOf = false): SchemaObject {
  const out: SchemaObject = { ...schema };
  for (const key of SUBSCHEMA_MAPS) {
    const map = out[key];
    if (isObject(map))
      out[key] = Object.fromEntries(
        Object.entries(map).map(([k, v]) => [k, isObject(v) ? closeObjects(v as SchemaObject) : v]),
      );
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = out[key];
    if (Array.isArray(list))
      out[key] = list.map((v) => (isObject(v) ? closeObjects(v as SchemaObject, key === "allOf") : v));
  }
  for (const key of SUBSCHEMA_SINGLES) {
    const single = out[key];
    if (isObject(single)) out[key] = closeObjects(single as SchemaObject);
  }
  const listsProperties = isObject(out.properties) && Object.keys(out.properties).length > 0;
  if (listsProperties && out.additionalProperties === undefined && !insideAllOf && !out.allOf)
    out.additionalProperties = false;
  return out;
}

function coerce(value: string, schema: SchemaObject): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("integer") && /^-?\d+$/.test(value)) return Number(value);
  if (types.includes("number") && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

function formatErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const detail =
      error.keyword === "additionalProperties"
        ? `has unknown field "${String((error.params as { additionalProperty: string }).additionalProperty)}"`
        : error.keyword === "enum"
          ? `${error.message}: ${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)}`
          : (error.message ?? error.keyword);
    seen.add(`${where}${error.instancePath} ${detail}`);
  }
  // A oneOf miss lists every branch's complaints; the first few say enough.
  const problems = [...seen];
  return problems.length > MAX_PROBLEMS
    ? [...problems.slice(0, MAX_PROBLEMS), `${where}: ${problems.length - MAX_PROBLEMS} more problems`]
    : problems;
}

function pointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`$ref ${ref} points nowhere`);
  return node;
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
