// `npm start`: the webhook server. Reads and checks the environment first (readSettings: a missing or malformed
// variable stops start-up with the variable's name and the fix), then serves Probot's middleware on node:http and drains the job
// queue on SIGTERM/SIGINT so a deploy never cuts a generation in half.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { fileURLToPath } from "node:url";
import { createNodeMiddleware, Probot, type ProbotOctokit } from "probot";
import { composeServer } from "./compose.ts";
import type { AppDeps } from "./handlers/deps.ts";
import { createApp } from "./index.ts";
import { recoverOrphanedRuns } from "./handlers/rerun.ts";
import { type AppMetrics, METRICS_PATH } from "./metrics.ts";
import { readSettings, type Settings } from "./settings.ts";

export const WEBHOOK_PATH = "/api/github/webhooks";
/** How far back start-up looks for generations a crash left unqueued. */
const RECOVERY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The App's Probot, the same for the webhook server and the workers. */
export function createProbot(config: Settings, Octokit?: typeof ProbotOctokit): Probot {
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

export interface RunningServer {
  server: Server;
  probot: Probot;
  deps: AppDeps;
  /** The port actually listened on (useful with port 0). */
  port: number;
  /** Stops accepting requests, then waits for queued generations to finish. */
  close(): Promise<void>;
}

export async function startServer(
  config: Settings,
  overrides: Partial<AppDeps> & { Octokit?: typeof ProbotOctokit } = {},
): Promise<RunningServer> {
  const { Octokit, ...depOverrides } = overrides;
  const probot = createProbot(config, Octokit);
  const { deps, isQueued } = composeServer(config, depOverrides, { processMetrics: true });
  const middleware = await createNodeMiddleware(createApp(deps), { probot, webhooksPath: WEBHOOK_PATH });
  // Generations a crash left between the progress comment and the queue (or, in-process, mid-run) are queued again.
  const recovered = await recoverOrphanedRuns(deps, probot.log, {
    sinceMs: RECOVERY_WINDOW_MS,
    isQueued,
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
    {
      port,
      webhookPath: WEBHOOK_PATH,
      dashboard: config.dashboard ? "/appgen" : "off",
      runStore: config.runStore?.kind ?? "memory",
      signIn: Boolean(config.dashboard?.oauth),
      api: config.baseUrl,
      llm: config.llm ? config.llm.model : "offline",
    },
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
  const result = readSettings(process.env);
  if (!result.ok) {
    process.stderr.write(`appgen cannot start:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  const running = await startServer(result.settings);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.probot.log.info({ signal }, "shutting down: finishing queued generations");
      void running.close().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
