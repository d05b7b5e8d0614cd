// `npm start`: the webhook server. Reads and checks the environment first (a missing or malformed variable stops
// start-up with the variable's name and the fix), then serves Probot's middleware on node:http and drains the job
// queue on SIGTERM/SIGINT so a deploy never cuts a generation in half.
import { createHmac, createPrivateKey } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createNodeMiddleware, Probot, type ProbotOctokit } from "probot";
import { llmConfigFromEnv, type OpenAiLlmConfig } from "./adapters/openai-llm.ts";
import { AppgenError } from "./core/errors.ts";
import { defaultDeps, type AppDeps } from "./handlers/deps.ts";
import { createApp } from "./index.ts";
import { recoverOrphanedRuns } from "./handlers/rerun.ts";
import { operatorLimitsFromEnv } from "./github/limits.ts";
import { DEFAULT_OPERATOR_LIMITS, type OperatorLimits } from "./core/limits.ts";
import { AppMetrics, METRICS_PATH, priceFromEnv } from "./metrics.ts";
import { BullMqQueue } from "./queue/bullmq.ts";
import { FileRunStore } from "./adapters/file-run-store.ts";
import { PostgresRunStore } from "./adapters/postgres-run-store.ts";
import type { RunStore } from "./core/runs.ts";
import type { DashboardOptions } from "./web/dashboard.ts";

export const WEBHOOK_PATH = "/api/github/webhooks";
/** How far back start-up looks for generations a crash left unqueued. */
const RECOVERY_WINDOW_MS = 24 * 60 * 60 * 1000;
const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  port: number;
  /** Interface to listen on; default all. */
  host: string | undefined;
  logLevel: LogLevel;
  /** GitHub's REST API: https://api.github.com or http(s)://<GHE_HOST>/api/v3. */
  baseUrl: string;
  llm: OpenAiLlmConfig | undefined;
  /** The operator's ceilings: APPGEN_GENERATIONS_PER_DAY, APPGEN_LLM_TOKENS_PER_DAY, APPGEN_LLM_MODEL(S); unset: the defaults. */
  limits?: OperatorLimits;
  /** REDIS_URL: jobs go to BullMQ for `npm run worker` processes; unset, they run in this process. */
  redisUrl?: string;
  /** Where runs are kept: PostgreSQL (DATABASE_URL) or the JSON-lines file in APPGEN_DATA_DIR; unset: in memory. */
  runStore?: RunStoreConfig;
  /** The dashboard's access settings; unset: no dashboard. */
  dashboard?: DashboardAuth;
}

export type RunStoreConfig = { kind: "postgres"; connectionString: string } | { kind: "file"; path: string };
export type DashboardAuth = DashboardOptions["auth"];

/** Opens the configured run store (the server and every worker share it). */
export function openRunStore(config: RunStoreConfig | undefined): RunStore {
  if (!config) return new FileRunStore();
  return config.kind === "postgres" ? new PostgresRunStore({ connectionString: config.connectionString }) : new FileRunStore({ path: config.path });
}

export type ServerConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

/** Checks every variable and reports all problems at once, each naming the variable and the fix. */
export function readServerConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfigResult {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;

  const appIdText = value("APP_ID");
  let appId = 0;
  if (!appIdText) problems.push("APP_ID is not set. Set it to the App ID shown on your GitHub App's settings page (a number).");
  else if (!/^[1-9][0-9]*$/.test(appIdText)) problems.push(`APP_ID '${appIdText}' is not a number. Copy the App ID (not the client ID) from your GitHub App's settings page.`);
  else appId = Number(appIdText);

  let privateKey = "";
  if (!value("PRIVATE_KEY") && !value("PRIVATE_KEY_PATH")) {
    problems.push("PRIVATE_KEY and PRIVATE_KEY_PATH are both unset. Generate a private key on your GitHub App's settings page and set PRIVATE_KEY_PATH to the .pem file (or PRIVATE_KEY to its contents).");
  } else {
    const which = value("PRIVATE_KEY") ? "PRIVATE_KEY" : "PRIVATE_KEY_PATH";
    try {
      privateKey = loadPem(value("PRIVATE_KEY"), value("PRIVATE_KEY_PATH"), cwd);
      createPrivateKey(privateKey);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(`${which} does not hold a usable PEM private key (${reason.split("\n")[0]}). Use the .pem file your GitHub App's settings page generated, unmodified (PRIVATE_KEY may also be its base64).`);
    }
  }

  const webhookSecret = value("WEBHOOK_SECRET") ?? "";
  if (!webhookSecret) problems.push("WEBHOOK_SECRET is not set. Set it to the webhook secret entered on your GitHub App's settings page.");

  let port = 3000;
  const portText = value("PORT");
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) problems.push(`PORT '${portText}' is not a port number. Use a number from 1 to 65535, e.g. 3000.`);
  }

  const logLevel = (value("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL '${value("LOG_LEVEL")}' is not a level. Use one of ${LOG_LEVELS.join(", ")}.`);

  let baseUrl = "https://api.github.com";
  const gheHost = value("GHE_HOST");
  const gheProtocol = (value("GHE_PROTOCOL") ?? "https").toLowerCase();
  if (gheProtocol !== "https" && gheProtocol !== "http") problems.push(`GHE_PROTOCOL '${value("GHE_PROTOCOL")}' must be https or http.`);
  if (gheHost !== undefined) {
    if (!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(gheHost)) {
      problems.push(`GHE_HOST '${gheHost}' is not a host name. Give only the host of your GitHub Enterprise Server, e.g. github.example.com (no https://, no path).`);
    } else {
      baseUrl = `${gheProtocol}://${gheHost}/api/v3`;
    }
  } else if (value("GHE_PROTOCOL") !== undefined) {
    problems.push("GHE_PROTOCOL is set but GHE_HOST is not. Set GHE_HOST to your GitHub Enterprise Server's host, or unset GHE_PROTOCOL.");
  }

  let llm: OpenAiLlmConfig | undefined;
  try {
    llm = llmConfigFromEnv(env);
  } catch (error) {
    problems.push(error instanceof AppgenError ? error.message : String(error));
  }
  if (!value("OPENAI_API_KEY") && value("OPENAI_BASE_URL")) problems.push("OPENAI_BASE_URL is set but OPENAI_API_KEY is not. Set OPENAI_API_KEY (any non-empty value for servers without keys, such as Ollama), or unset OPENAI_BASE_URL to plan offline.");

  const redisUrl = value("REDIS_URL");
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) problems.push(`REDIS_URL '${redisUrl}' is not a Redis URL. Use redis://[user:password@]host:port[/db] (rediss:// for TLS), or unset it to run jobs in this process.`);

  const operator = operatorLimitsFromEnv(env);
  problems.push(...operator.problems);

  let runStore: RunStoreConfig;
  const databaseUrl = value("DATABASE_URL");
  if (databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) problems.push("DATABASE_URL is not a PostgreSQL URL. Use postgres://user:password@host:5432/database, or unset it to keep runs in APPGEN_DATA_DIR.");
    runStore = { kind: "postgres", connectionString: databaseUrl };
  } else {
    runStore = { kind: "file", path: join(resolve(cwd, value("APPGEN_DATA_DIR") ?? ".appgen-data"), "runs.jsonl") };
  }

  const clientId = value("GITHUB_CLIENT_ID");
  const clientSecret = value("GITHUB_CLIENT_SECRET");
  if (Boolean(clientId) !== Boolean(clientSecret)) problems.push(`${clientId ? "GITHUB_CLIENT_SECRET" : "GITHUB_CLIENT_ID"} is not set but ${clientId ? "GITHUB_CLIENT_ID" : "GITHUB_CLIENT_SECRET"} is. Set both to the Client ID and a client secret from your GitHub App's settings page (for "Sign in with GitHub" on the dashboard), or neither.`);
  const adminToken = value("APPGEN_ADMIN_TOKEN");
  if (adminToken !== undefined && adminToken.length < 32) problems.push("APPGEN_ADMIN_TOKEN is shorter than 32 characters. Use a long random value, e.g. the output of `openssl rand -hex 32`, or unset it.");
  const sessionSecret = value("APPGEN_SESSION_SECRET");
  if (sessionSecret !== undefined && sessionSecret.length < 32) problems.push("APPGEN_SESSION_SECRET is shorter than 32 characters. Use a long random value, e.g. the output of `openssl rand -hex 32`, or unset it (it is then derived from the App's private key).");
  const operators = (value("APPGEN_OPERATORS") ?? "").split(",").map((login) => login.trim()).filter(Boolean);
  const badOperator = operators.find((login) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login));
  if (badOperator) problems.push(`APPGEN_OPERATORS holds '${badOperator}', which is not a GitHub login. List logins separated by commas, e.g. octocat,hubot.`);
  const publicUrl = value("APPGEN_PUBLIC_URL");
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+\/?$/.test(publicUrl)) problems.push(`APPGEN_PUBLIC_URL '${publicUrl}' is not an origin. Use the address people open the dashboard at, e.g. https://appgen.example.com (no path).`);

  if (problems.length) return { ok: false, problems };
  const dashboard: DashboardAuth = {
    // Unset, the session secret is derived from the App's private key: stable across restarts, never stored.
    sessionSecret: sessionSecret ?? createHmac("sha256", privateKey).update("appgen dashboard sessions").digest("hex"),
    operators,
    ...(adminToken ? { adminToken } : {}),
    ...(clientId && clientSecret ? { oauth: { clientId, clientSecret, apiUrl: baseUrl } } : {}),
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/$/, "") } : {}),
  };
  return { ok: true, config: { appId, privateKey, webhookSecret, port, host: value("HOST"), logLevel: logLevel as LogLevel, baseUrl, llm, limits: operator.limits, ...(redisUrl ? { redisUrl } : {}), runStore, dashboard } };
}

/** The App's Probot, the same for the webhook server and the workers. */
export function createProbot(config: ServerConfig, Octokit?: typeof ProbotOctokit): Probot {
  return new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    logLevel: config.logLevel === "silent" ? "fatal" : config.logLevel,
    baseUrl: config.baseUrl,
    ...(Octokit ? { Octokit } : {}),
  });
}

/** Answers GET /healthz and GET /metrics (server and workers alike); false for any other request. */
export function answerOperations(req: IncomingMessage, res: ServerResponse, metrics: AppMetrics, log: Logger): boolean {
  if (req.method !== "GET") return false;
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    return true;
  }
  if (req.url !== METRICS_PATH) return false;
  metrics.render().then(
    (body) => res.writeHead(200, { "content-type": metrics.contentType() }).end(body),
    (error: unknown) => {
      log.warn({ err: error }, "metrics could not be collected");
      res.writeHead(503, { "content-type": "text/plain" }).end("metrics unavailable (is Redis reachable?)\n");
    },
  );
  return true;
}

export function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

/** PRIVATE_KEY as PEM text (possibly base64, possibly with literal \\n), else the file at PRIVATE_KEY_PATH. */
function loadPem(inline: string | undefined, path: string | undefined, cwd: string): string {
  if (inline) {
    const text = /^[A-Za-z0-9+/=\s]+$/.test(inline) ? Buffer.from(inline, "base64").toString("utf8") : inline;
    return text.replace(/\\n/g, "\n");
  }
  return readFileSync(resolve(cwd, path ?? ""), "utf8");
}

export interface RunningServer {
  server: Server;
  probot: Probot;
  deps: AppDeps;
  /** The port actually listened on (useful with port 0). */
  port: number;
  /** Stops accepting requests, then waits for queued generations to finish. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, overrides: Partial<AppDeps> & { Octokit?: typeof ProbotOctokit } = {}): Promise<RunningServer> {
  const { Octokit, ...depOverrides } = overrides;
  const probot = createProbot(config, Octokit);
  const queue = depOverrides.queue ?? (config.redisUrl ? new BullMqQueue({ redisUrl: config.redisUrl }) : undefined);
  const metrics = new AppMetrics({ processMetrics: true, usdPerMillionTokens: priceFromEnv(process.env) });
  const runs = depOverrides.runs ?? openRunStore(config.runStore);
  const deps = defaultDeps({ llm: config.llm, metrics, runs, ...(config.dashboard ? { dashboard: { auth: config.dashboard } } : {}), limits: config.limits ?? DEFAULT_OPERATOR_LIMITS, ...depOverrides, ...(queue ? { queue } : {}) });
  // With BullMQ the jobs run in worker processes: the depth is what Redis holds, not what this process counted.
  if (queue instanceof BullMqQueue) deps.metrics.queueDepthFrom(async () => Object.values(await queue.queue.getJobCounts("waiting", "active", "delayed", "prioritized")).reduce((a, b) => a + b, 0));
  const middleware = await createNodeMiddleware(createApp(deps), { probot, webhooksPath: WEBHOOK_PATH });
  // Generations a crash left between the progress comment and the queue (or, in-process, mid-run) are queued again.
  const recovered = await recoverOrphanedRuns(deps, probot.log, {
    sinceMs: RECOVERY_WINDOW_MS,
    isQueued: queue instanceof BullMqQueue ? async (id) => Boolean(await queue.queue.getJob(id)) : async () => false,
  }).catch((error: unknown) => {
    probot.log.error({ err: error }, "could not look for generations a crash left behind");
    return [];
  });
  if (recovered.length) probot.log.info({ runs: recovered.length }, "queued again the generations a crash left behind");
  const server = createServer((req, res) => {
    if (answerOperations(req, res, deps.metrics, probot.log)) return;
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    });
  });
  await listen(server, config.port, config.host);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  probot.log.info(
    { port, webhookPath: WEBHOOK_PATH, dashboard: config.dashboard ? "/appgen" : "off", runStore: config.runStore?.kind ?? "memory", signIn: Boolean(config.dashboard?.oauth), api: config.baseUrl, llm: config.llm ? config.llm.model : "offline" },
    "appgen is listening",
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.queue.close();
      await deps.runs.close();
    })());
  return { server, probot, deps, port, close };
}

async function main(): Promise<void> {
  const result = readServerConfig(process.env);
  if (!result.ok) {
    process.stderr.write(`appgen cannot start:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  const running = await startServer(result.config);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.probot.log.info({ signal }, "shutting down: finishing queued generations");
      void running.close().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
