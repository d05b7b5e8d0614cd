// Renders an app from a manifest into a temp dir and runs the checks a generated project's CI runs:
// pnpm install --frozen-lockfile, lint + typecheck in parallel, next build, a throwaway PostgreSQL with the auth
// shim + migration + seed, next start, and Playwright with Debian Chromium. Prints per-step timings.
//   npx tsx scripts/try-generated-app.ts <manifest.json> [--keep]
// Every process it starts is stopped before it returns, whatever happens.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { parseManifest } from "../app/core/manifest/index.ts";
import { renderOpenApi } from "../app/core/stages/api/index.ts";
import { renderDatabase } from "../app/core/stages/db/index.ts";
import { renderProject } from "../app/core/stages/files/index.ts";
import { renderUiSpec } from "../app/core/stages/ui/index.ts";
import { startPostgres } from "../test/helpers/postgres.ts";

export interface StepResult {
  step: string;
  ok: boolean;
  seconds: number;
  output?: string;
}

export interface TryResult {
  dir: string;
  ok: boolean;
  steps: StepResult[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export function renderApp(manifestPath: string, dir: string): number {
  const manifest = parseManifest(readFileSync(manifestPath, "utf8"));
  const files = renderProject(manifest, [...renderDatabase(manifest), renderOpenApi(manifest), renderUiSpec(manifest)]);
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return files.length;
}

export async function tryGeneratedApp(manifestPath: string, options: { keep?: boolean; log?: (line: string) => void } = {}): Promise<TryResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), "appgen-try-"));
  const steps: StepResult[] = [];
  const timed = async (step: string, work: () => Promise<{ ok: boolean; output?: string }>) => {
    const started = performance.now();
    let result: { ok: boolean; output?: string };
    try {
      result = await work();
    } catch (error) {
      result = { ok: false, output: error instanceof Error ? error.message : String(error) };
    }
    const entry: StepResult = { step, ok: result.ok, seconds: Math.round((performance.now() - started) / 100) / 10, ...(result.ok ? {} : { output: result.output?.slice(-6000) }) };
    const summary = result.ok ? /\d+ passed[^\n]*/.exec(result.output ?? "")?.[0] : undefined;
    if (summary) entry.output = summary;
    steps.push(entry);
    log(`${entry.ok ? "ok  " : "FAIL"} ${step.padEnd(22)} ${entry.seconds.toFixed(1)} s${summary ? `  (${summary})` : ""}`);
    if (!entry.ok && entry.output) log(entry.output);
    return entry.ok;
  };
  const pnpm = (args: string[], env?: NodeJS.ProcessEnv) => run("pnpm", args, { cwd: dir, env }).then(({ code, output }) => ({ ok: code === 0, output }));
  const cluster = { stop: async () => {} };
  let server: ChildProcess | undefined;
  try {
    (await timed("render", async () => ({ ok: true, output: String(renderApp(manifestPath, dir)) }))) &&
      (await timed("install", () => pnpm(["install", "--frozen-lockfile", "--prefer-offline"]))) &&
      (await timed("lint+typecheck", async () => {
        const [lint, types] = await Promise.all([pnpm(["lint"]), pnpm(["typecheck"])]);
        return { ok: lint.ok && types.ok, output: `${lint.output}\n${types.output}` };
      })) &&
      (await timed("build", () => pnpm(["build"], { NEXT_TELEMETRY_DISABLED: "1" })));
    if (steps.every((s) => s.ok)) {
      let databaseUrl = "";
      const dbReady = await timed("database", async () => {
        const pg = await startPostgres();
        cluster.stop = () => pg.stop();
        databaseUrl = await pg.createDatabase("app");
        return pnpm(["db:setup"], { DATABASE_URL: databaseUrl });
      });
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const started =
        dbReady &&
        (await timed("start", async () => {
          server = spawn("pnpm", ["exec", "next", "start", "-H", "127.0.0.1", "-p", String(port)], {
            cwd: dir,
            env: { ...process.env, DATABASE_URL: databaseUrl, ALLOW_LOCAL_SIGN_IN: "true", AUTH_SECRET: "appgen-try-secret-0123456789abcdef", NEXT_TELEMETRY_DISABLED: "1" },
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
          });
          let output = "";
          server.stdout?.on("data", (c) => (output += c));
          server.stderr?.on("data", (c) => (output += c));
          try {
            await waitForHttp(`${baseUrl}/sign-in`, server);
            return { ok: true };
          } catch (error) {
            return { ok: false, output: `${String(error)}\n${output}` };
          }
        }));
      if (started) {
        await timed("playwright", () => pnpm(["exec", "playwright", "test"], { BASE_URL: baseUrl, CHROMIUM_PATH: CHROMIUM, CI: "1" }));
      }
    }
  } finally {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await cluster.stop();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  return { dir, ok: steps.every((s) => s.ok), steps };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const manifestPath = args.find((a) => !a.startsWith("--"));
  if (!manifestPath) {
    console.error("usage: npx tsx scripts/try-generated-app.ts <manifest.json> [--keep]");
    process.exit(2);
  }
  const result = await tryGeneratedApp(resolve(manifestPath), { keep: args.includes("--keep") });
  const total = result.steps.reduce((sum, s) => sum + s.seconds, 0);
  console.log(`${result.ok ? "PASSED" : "FAILED"} in ${total.toFixed(1)} s${args.includes("--keep") ? ` (kept ${result.dir})` : ""}`);
  process.exit(result.ok ? 0 : 1);
}
