// The environment, read once. The entry points (app/server.ts, app/worker.ts, app/cli/main.ts) hand process.env to
// readSettings (or, in the CLI, to readLlmSettings) and pass the result down; no other module reads process.env, so
// what a process runs with is decided at start-up, in one place, and a test can give any module any settings.
//
// Every variable is checked and every problem reported at once, each naming the variable and the fix. What the
// reader built is then checked against schemas/settings.schema.json, the contract the Settings type is generated
// from, so a slip in this reader can never hand a service a value the schema forbids.
import { createHmac, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import settingsSchema from "../schemas/settings.schema.json" with { type: "json" };
import { AppgenError } from "./core/errors.ts";
import { DEFAULT_LLM_MODEL, DEFAULT_OPERATOR_LIMITS, type OperatorLimits } from "./core/limits.ts";
import { redactSecrets } from "./core/redact.ts";
import type {
  DashboardAuth,
  LlmSettings,
  RunStoreSettings,
  Settings,
  WorkerSettings,
} from "./core/schema-types/settings.ts";

export type {
  DashboardAuth,
  GitHubOAuthSettings,
  LlmSettings,
  RunStoreSettings,
  Settings,
  WorkerSettings,
} from "./core/schema-types/settings.ts";

/** The variables a process reads, as the entry points get them (process.env, or a test's object). */
export type Environment = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = Settings["logLevel"];

export interface ReadSettingsOptions {
  /** Where relative paths (PRIVATE_KEY_PATH, APPGEN_DATA_DIR) start; default the process's working directory. */
  cwd?: string;
  /** A worker also needs REDIS_URL and reads APPGEN_WORKER_CONCURRENCY and APPGEN_WORKER_METRICS_PORT. */
  role?: "server" | "worker";
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: string[] };

/** Checks every variable and reports all problems at once, each naming the variable and the fix. */
export function readSettings(env: Environment, options: ReadSettingsOptions = {}): SettingsResult {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const value = valueOf(env);

  const appIdText = value("APP_ID");
  let appId = 0;
  if (!appIdText)
    problems.push("APP_ID is not set. Set it to the App ID shown on your GitHub App's settings page (a number).");
  else if (!/^[1-9][0-9]*$/.test(appIdText))
    problems.push(
      `APP_ID '${appIdText}' is not a number. Copy the App ID (not the client ID) from your GitHub App's settings page.`,
    );
  else appId = Number(appIdText);

  let privateKey = "";
  if (!value("PRIVATE_KEY") && !value("PRIVATE_KEY_PATH")) {
    problems.push(
      "PRIVATE_KEY and PRIVATE_KEY_PATH are both unset. Generate a private key on your GitHub App's settings page and set PRIVATE_KEY_PATH to the .pem file (or PRIVATE_KEY to its contents).",
    );
  } else {
    const which = value("PRIVATE_KEY") ? "PRIVATE_KEY" : "PRIVATE_KEY_PATH";
    try {
      privateKey = loadPem(value("PRIVATE_KEY"), value("PRIVATE_KEY_PATH"), cwd);
      createPrivateKey(privateKey);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(
        `${which} does not hold a usable PEM private key (${reason.split("\n")[0]}). Use the .pem file your GitHub App's settings page generated, unmodified (PRIVATE_KEY may also be its base64).`,
      );
    }
  }

  const webhookSecret = value("WEBHOOK_SECRET") ?? "";
  if (!webhookSecret)
    problems.push(
      "WEBHOOK_SECRET is not set. Set it to the webhook secret entered on your GitHub App's settings page.",
    );

  let port = 3000;
  const portText = value("PORT");
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535)
      problems.push(`PORT '${portText}' is not a port number. Use a number from 1 to 65535, e.g. 3000.`);
  }

  const logLevel = (value("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`LOG_LEVEL '${value("LOG_LEVEL")}' is not a level. Use one of ${LOG_LEVELS.join(", ")}.`);

  let baseUrl = "https://api.github.com";
  const gheHost = value("GHE_HOST");
  const gheProtocol = (value("GHE_PROTOCOL") ?? "https").toLowerCase();
  if (gheProtocol !== "https" && gheProtocol !== "http")
    problems.push(`GHE_PROTOCOL '${value("GHE_PROTOCOL")}' must be https or http.`);
  if (gheHost !== undefined) {
    if (!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(gheHost)) {
      problems.push(
        `GHE_HOST '${gheHost}' is not a host name. Give only the host of your GitHub Enterprise Server, e.g. github.example.com (no https://, no path).`,
      );
    } else {
      baseUrl = `${gheProtocol}://${gheHost}/api/v3`;
    }
  } else if (value("GHE_PROTOCOL") !== undefined) {
    problems.push(
      "GHE_PROTOCOL is set but GHE_HOST is not. Set GHE_HOST to your GitHub Enterprise Server's host, or unset GHE_PROTOCOL.",
    );
  }

  let llm: LlmSettings | undefined;
  try {
    llm = readLlmSettings(env);
  } catch (error) {
    problems.push(error instanceof AppgenError ? error.message : String(error));
  }
  if (!value("OPENAI_API_KEY") && value("OPENAI_BASE_URL"))
    problems.push(
      "OPENAI_BASE_URL is set but OPENAI_API_KEY is not. Set OPENAI_API_KEY (any non-empty value for servers without keys, such as Ollama), or unset OPENAI_BASE_URL to plan offline.",
    );

  const redisUrl = value("REDIS_URL");
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl))
    problems.push(
      `REDIS_URL '${redisUrl}' is not a Redis URL. Use redis://[user:password@]host:port[/db] (rediss:// for TLS), or unset it to run jobs in this process.`,
    );

  const operator = readOperatorLimits(env);
  problems.push(...operator.problems);

  let runStore: RunStoreSettings;
  const databaseUrl = value("DATABASE_URL");
  if (databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
      problems.push(
        "DATABASE_URL is not a PostgreSQL URL. Use postgres://user:password@host:5432/database, or unset it to keep runs in APPGEN_DATA_DIR.",
      );
    runStore = { kind: "postgres", connectionString: databaseUrl };
  } else {
    runStore = { kind: "file", path: join(resolve(cwd, value("APPGEN_DATA_DIR") ?? ".appgen-data"), "runs.jsonl") };
  }

  const clientId = value("GITHUB_CLIENT_ID");
  const clientSecret = value("GITHUB_CLIENT_SECRET");
  if (Boolean(clientId) !== Boolean(clientSecret))
    problems.push(
      `${clientId ? "GITHUB_CLIENT_SECRET" : "GITHUB_CLIENT_ID"} is not set but ${clientId ? "GITHUB_CLIENT_ID" : "GITHUB_CLIENT_SECRET"} is. Set both to the Client ID and a client secret from your GitHub App's settings page (for "Sign in with GitHub" on the dashboard), or neither.`,
    );
  const adminToken = value("APPGEN_ADMIN_TOKEN");
  if (adminToken !== undefined && adminToken.length < 32)
    problems.push(
      "APPGEN_ADMIN_TOKEN is shorter than 32 characters. Use a long random value, e.g. the output of `openssl rand -hex 32`, or unset it.",
    );
  const sessionSecret = value("APPGEN_SESSION_SECRET");
  if (sessionSecret !== undefined && sessionSecret.length < 32)
    problems.push(
      "APPGEN_SESSION_SECRET is shorter than 32 characters. Use a long random value, e.g. the output of `openssl rand -hex 32`, or unset it (it is then derived from the App's private key).",
    );
  const operators = (value("APPGEN_OPERATORS") ?? "")
    .split(",")
    .map((login) => login.trim())
    .filter(Boolean);
  const badOperator = operators.find((login) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login));
  if (badOperator)
    problems.push(
      `APPGEN_OPERATORS holds '${badOperator}', which is not a GitHub login. List logins separated by commas, e.g. octocat,hubot.`,
    );
  const publicUrl = value("APPGEN_PUBLIC_URL");
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+\/?$/.test(publicUrl))
    problems.push(
      `APPGEN_PUBLIC_URL '${publicUrl}' is not an origin. Use the address people open the dashboard at, e.g. https://appgen.example.com (no path).`,
    );

  const worker = options.role === "worker" ? readWorkerSettings(env, problems) : undefined;

  if (problems.length) return { ok: false, problems };
  const dashboard: DashboardAuth = {
    // Unset, the session secret is derived from the App's private key: stable across restarts, never stored.
    sessionSecret: sessionSecret ?? createHmac("sha256", privateKey).update("appgen dashboard sessions").digest("hex"),
    operators,
    ...(adminToken ? { adminToken } : {}),
    ...(clientId && clientSecret ? { oauth: { clientId, clientSecret, apiUrl: baseUrl } } : {}),
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/$/, "") } : {}),
  };
  const usdPerMillionTokens = readPrice(env);
  const host = value("HOST");
  const settings: Settings = {
    appId,
    privateKey,
    webhookSecret,
    port,
    ...(host ? { host } : {}),
    logLevel: logLevel as LogLevel,
    baseUrl,
    ...(llm ? { llm } : {}),
    limits: withoutUndefined(operator.limits),
    ...(usdPerMillionTokens !== undefined ? { usdPerMillionTokens } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    runStore,
    dashboard,
    ...(worker ? { worker } : {}),
  };
  return checkSettings(settings);
}

/** REDIS_URL is required; the worker's own variables are checked into `problems`. */
function readWorkerSettings(env: Environment, problems: string[]): WorkerSettings {
  if (!env.REDIS_URL?.trim())
    problems.push(
      "REDIS_URL is not set. A worker takes its jobs from Redis: set REDIS_URL to the same redis://host:port the webhook server (npm start) uses.",
    );
  const concurrencyText = env.APPGEN_WORKER_CONCURRENCY?.trim();
  const concurrency = concurrencyText === undefined || concurrencyText === "" ? 1 : Number(concurrencyText);
  if (!/^[1-9][0-9]*$/.test(concurrencyText || "1") || concurrency > 64)
    problems.push(
      `APPGEN_WORKER_CONCURRENCY '${concurrencyText}' is not a number of jobs from 1 to 64. Use e.g. 1 (one generation at a time per worker process).`,
    );
  const metricsPortText = env.APPGEN_WORKER_METRICS_PORT?.trim();
  const metricsPort = metricsPortText ? Number(metricsPortText) : undefined;
  if (metricsPortText && (!/^[0-9]+$/.test(metricsPortText) || metricsPort! > 65535))
    problems.push(
      `APPGEN_WORKER_METRICS_PORT '${metricsPortText}' is not a port number. Use a free port from 1 to 65535 per worker process (0 picks one), or unset it.`,
    );
  return { concurrency, ...(metricsPort !== undefined ? { metricsPort } : {}) };
}

/**
 * OPENAI_API_KEY, OPENAI_BASE_URL and APPGEN_LLM_MODEL; undefined when no key is set (planning then runs offline).
 * Throws LLM_NOT_CONFIGURED for a base URL that is not http(s), never echoing a secret. The CLI reads only these.
 */
export function readLlmSettings(env: Environment): LlmSettings | undefined {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return undefined;
  const config: LlmSettings = { apiKey, model: env.APPGEN_LLM_MODEL?.trim() || DEFAULT_LLM_MODEL };
  const baseURL = env.OPENAI_BASE_URL?.trim();
  if (baseURL) {
    const url = URL.canParse(baseURL) ? new URL(baseURL) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new AppgenError(
        "LLM_NOT_CONFIGURED",
        `OPENAI_BASE_URL '${redactSecrets(baseURL)}' is not an http(s) URL. Set it to your endpoint, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1, or unset it to use OpenAI.`,
      );
    }
    config.baseURL = baseURL;
  }
  return config;
}

/**
 * The operator's ceilings, or the problems (each naming the variable and the fix): APPGEN_GENERATIONS_PER_DAY
 * (default 50), APPGEN_LLM_TOKENS_PER_DAY (default: no budget), APPGEN_LLM_MODEL (default gpt-4o-mini) and
 * APPGEN_LLM_MODELS (comma-separated; default: only APPGEN_LLM_MODEL), which must list APPGEN_LLM_MODEL.
 */
export function readOperatorLimits(env: Environment): { limits: OperatorLimits; problems: string[] } {
  const problems: string[] = [];
  const value = valueOf(env);
  const whole = (name: string, example: string, unset: string): number | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    if (/^[1-9][0-9]*$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
    problems.push(`${name} '${text}' is not a positive whole number. Set ${example}, or unset it ${unset}.`);
    return undefined;
  };
  const generationsPerDay =
    whole(
      "APPGEN_GENERATIONS_PER_DAY",
      "the most generations per installation per UTC day, e.g. 50",
      `for ${DEFAULT_OPERATOR_LIMITS.generationsPerDay}`,
    ) ?? DEFAULT_OPERATOR_LIMITS.generationsPerDay;
  const llmTokensPerDay = whole(
    "APPGEN_LLM_TOKENS_PER_DAY",
    "the daily LLM token budget per installation, e.g. 2000000",
    "for no budget",
  );

  const defaultModel = value("APPGEN_LLM_MODEL") ?? DEFAULT_LLM_MODEL;
  const listed = value("APPGEN_LLM_MODELS");
  let models = [defaultModel];
  if (listed !== undefined) {
    const names = listed.split(",").map((name) => name.trim());
    const bad = names.find((name) => !MODEL_NAME.test(name));
    if (bad !== undefined) {
      problems.push(
        `APPGEN_LLM_MODELS holds ${bad === "" ? "an empty name" : `'${bad}', which is not a model name`}. List the models repositories may choose in llm.model, separated by commas, e.g. gpt-4o-mini,gpt-4o.`,
      );
    } else if (!names.includes(defaultModel)) {
      problems.push(
        `APPGEN_LLM_MODELS (${names.join(",")}) does not list APPGEN_LLM_MODEL '${defaultModel}'${value("APPGEN_LLM_MODEL") ? "" : " (its default)"}, the model repositories get when they name none. Add it to APPGEN_LLM_MODELS, or set APPGEN_LLM_MODEL to one of the listed models.`,
      );
    } else {
      models = [...new Set(names)];
    }
  }
  return { limits: { generationsPerDay, llmTokensPerDay, defaultModel, models }, problems };
}

/**
 * APPGEN_LLM_USD_PER_MILLION_TOKENS, when it is a non-negative number. Anything else counts no cost rather than
 * stopping start-up, as it always has: the price only feeds the cost figures.
 */
export function readPrice(env: Environment): number | undefined {
  const text = env.APPGEN_LLM_USD_PER_MILLION_TOKENS?.trim();
  if (!text) return undefined;
  const price = Number(text);
  return Number.isFinite(price) && price >= 0 ? price : undefined;
}

/** What the config schema accepts in llm.model, without spaces (a comma-separated list cannot hold them anyway). */
const MODEL_NAME = /^[^\s,]{1,200}$/;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validSettings = ajv.compile<Settings>(settingsSchema);

/** The reader's result against the schema the Settings type comes from (SETTINGS_INVALID: a bug in this reader). */
function checkSettings(settings: Settings): SettingsResult {
  if (validSettings(settings)) return { ok: true, settings };
  const problems = (validSettings.errors ?? []).map(
    (error) =>
      `settings${error.instancePath.replace(/\//g, ".")} ${error.message ?? error.keyword} (SETTINGS_INVALID): appgen built a value schemas/settings.schema.json refuses from the environment. Report this as a bug, with the variables you set (not their secret values).`,
  );
  return { ok: false, problems };
}

function valueOf(env: Environment): (name: string) => string | undefined {
  return (name) => env[name]?.trim() || undefined;
}

/** PRIVATE_KEY as PEM text (possibly base64, possibly with literal \\n), else the file at PRIVATE_KEY_PATH. */
function loadPem(inline: string | undefined, path: string | undefined, cwd: string): string {
  if (inline) {
    const text = /^[A-Za-z0-9+/=\s]+$/.test(inline) ? Buffer.from(inline, "base64").toString("utf8") : inline;
    return text.replace(/\\n/g, "\n");
  }
  return readFileSync(resolve(cwd, path ?? ""), "utf8");
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
