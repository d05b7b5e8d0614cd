// Runs the check plan (app/core/check) on this machine: pnpm from our own node_modules, a throwaway PostgreSQL
// cluster, `next start` on a port the OS picks, Playwright with Debian Chromium. Every child runs in its own
// process group, and every group and the cluster are stopped in `finally` and on SIGINT/SIGTERM/SIGHUP, so a
// check never leaves a server behind. Each step's output is kept in a log file named in the report.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, readFileSync, type WriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

import {
  CHECK_STEPS,
  checkPassed,
  nextMoves,
  planCheck,
  type DatabaseCommand,
  type StepState,
} from "../core/check/plan.ts";
import {
  auditVerdict,
  DEFAULT_LICENSE_POLICY,
  diagnoseStep,
  licensesVerdict,
  summarizePlaywrightJson,
  type LicensePolicy,
  type StepVerdict,
} from "../core/diagnostics/index.ts";
import { AppgenError } from "../core/errors.ts";
import { freePort } from "./free-port.ts";
import type { Diagnostic, DiagnosticsReport, Step, StepReport } from "../core/schema-types/diagnostics.ts";
import { startPostgres, type PostgresCluster } from "./postgres-cluster.ts";

export interface LocalCheckOptions {
  appDir: string;
  skipE2e?: boolean;
  /**
   * A git ref of the app's repository to upgrade from (e.g. the pull request's base branch): when it has
   * migrations, the database step builds the base's database, migrates it and compares it with a fresh one.
   */
  base?: string;
  /** Where step logs go; a new temporary directory by default. Kept after the check. */
  logDir?: string;
  /** Chromium for Playwright; default CHROMIUM_PATH of `env`, else Debian's /usr/bin/chromium. */
  chromiumPath?: string;
  /** The environment the tools inherit (PATH, HOME…; also where CHROMIUM_PATH and PostgreSQL's binaries are looked up): the CLI passes its own. */
  env: NodeJS.ProcessEnv;
  /** Called when a step starts and when it ends (progress output). */
  onStep?: (event: { step: Step; phase: "start" } | { step: Step; phase: "end"; report: StepReport }) => void;
  /** The licences the licenses step allows (`licenses` in .github/appgen.yml); default DEFAULT_LICENSE_POLICY. */
  licensePolicy?: LicensePolicy;
  /** Longest a single step may take before it is stopped and failed. */
  stepTimeoutMs?: number;
}

interface Finished {
  ok: boolean;
  log: string;
  command: string;
  eslintJson?: string | undefined;
  playwrightJson?: string | undefined;
  summary?: string | undefined;
  diagnostics?: Diagnostic[];
  /** The dependency steps: their tool's report decides the outcome, which may be "skipped" (no audit endpoint). */
  verdict?: StepVerdict;
}

const DEFAULT_CHROMIUM = "/usr/bin/chromium";
const KEEP_OUTPUT_CHARS = 2_000_000;

export async function runLocalChecks(options: LocalCheckOptions): Promise<DiagnosticsReport> {
  const appDir = resolve(options.appDir);
  if (!existsSync(join(appDir, "package.json"))) {
    throw new AppgenError(
      "USAGE",
      `${appDir} has no package.json. Point \`appgen check\` at a generated app's directory (the --out of \`appgen generate\`).`,
    );
  }
  const baseEnv = options.env;
  const logDir = options.logDir ?? (await mkdtemp(join(tmpdir(), "appgen-check-")));
  const chromiumPath = options.chromiumPath ?? baseEnv.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  const pnpm = pnpmCommand();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PATH: [pnpm.binDir, baseEnv.PATH].filter(Boolean).join(delimiter),
    NEXT_TELEMETRY_DISABLED: "1",
    // Colour codes are stripped by the parsers anyway; without them the kept logs read well too.
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };
  const processes = new ProcessGroups(options.stepTimeoutMs ?? 600_000);
  // A bad ref fails here, before any step runs.
  const base = options.base === undefined ? undefined : await readBaseFiles(appDir, options.base, join(logDir, "base"));
  let cluster: PostgresCluster | undefined;
  let databaseUrl = "";
  let serverUrl = "";

  const stopEverything = () => {
    processes.killAllSync();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stopEverything();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    // The cluster adapter stops its clusters on the same signal; re-raise so the default action ends the process.
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  const pnpmStep = async (step: Step, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Finished> => {
    const result = await processes.run(pnpm.file, [...pnpm.prefix, ...args], {
      cwd: appDir,
      env: { ...env, ...extraEnv },
      logFile: logPath(step),
    });
    return { ok: result.code === 0, log: result.output, command: `pnpm ${args.join(" ")}` };
  };
  const logPath = (step: Step) => join(logDir, `${step}.log`);

  const work: Record<Step, () => Promise<Finished>> = {
    install: () => pnpmStep("install", ["install", "--frozen-lockfile", "--prefer-offline"]),
    lint: async () => {
      const jsonFile = join(logDir, "eslint.json");
      await rm(jsonFile, { force: true });
      const result = await pnpmStep("lint", ["lint", "--format", "json", "--output-file", jsonFile]);
      return { ...result, eslintJson: await readIfExists(jsonFile) };
    },
    // pnpm's exit code is not the verdict here: the report is (an unreachable audit endpoint is a skip, not a failure).
    audit: async () => {
      const result = await pnpmStep("audit", ["audit", "--prod", "--json", "--audit-level", "high"]);
      return { ...result, verdict: auditVerdict(result.log) };
    },
    licenses: async () => {
      const result = await pnpmStep("licenses", ["licenses", "list", "--prod", "--json"]);
      return { ...result, verdict: licensesVerdict(result.log, options.licensePolicy ?? DEFAULT_LICENSE_POLICY) };
    },
    typecheck: () => pnpmStep("typecheck", ["typecheck"]),
    build: () => pnpmStep("build", ["build"]),
    database: async () => {
      cluster = await startPostgres({ searchPath: baseEnv.PATH });
      await rm(logPath("database"), { force: true });
      const result = await checkDatabase({
        cluster,
        commands: plan.database,
        base,
        run: async (args, extraEnv) => {
          const run = await processes.run(pnpm.file, [...pnpm.prefix, ...args], {
            cwd: appDir,
            env: { ...env, ...extraEnv },
            logFile: logPath("database"),
            append: true,
          });
          return run.code;
        },
      });
      databaseUrl = result.databaseUrl;
      const version = /PostgreSQL\) ([\d.]+)/.exec(cluster.version)?.[1] ?? "";
      const upgraded = !base
        ? ""
        : base.migrations.length
          ? `, upgraded from ${base.ref} (${base.migrations.length} migration${base.migrations.length === 1 ? "" : "s"} there)`
          : `, built from scratch (${base.ref} has no migrations)`;
      return {
        ok: result.ok,
        log: await readFile(logPath("database"), "utf8").catch(() => ""),
        command: `DATABASE_URL=${databaseUrl} ${plan.database.map((c) => c.shell).join(" && ")}`,
        summary: `PostgreSQL ${version} on 127.0.0.1:${cluster.port}${upgraded}`.replace("  ", " "),
      };
    },
    start: async () => {
      const port = await freePort();
      serverUrl = `http://127.0.0.1:${port}`;
      const args = ["exec", "next", "start", "-H", "127.0.0.1", "-p", String(port)];
      const server = processes.start(pnpm.file, [...pnpm.prefix, ...args], {
        cwd: appDir,
        // Local sign-in mode with a per-check secret: the app runs without Supabase, as in CI.
        env: {
          ...env,
          DATABASE_URL: databaseUrl,
          ALLOW_LOCAL_SIGN_IN: "true",
          AUTH_SECRET: randomBytes(24).toString("hex"),
          PORT: String(port),
        },
        logFile: logPath("start"),
      });
      const ready = await waitForHttp(`${serverUrl}/sign-in`, server.exited, 60_000);
      return {
        ok: ready.ok,
        log: `${server.output()}${ready.ok ? "" : `\n${ready.reason}`}`,
        command: `pnpm ${args.join(" ")}`,
        summary: ready.ok ? `listening on ${serverUrl}` : undefined,
      };
    },
    e2e: async () => {
      if (!existsSync(chromiumPath)) {
        return {
          ok: false,
          log: "",
          command: "pnpm exec playwright test",
          diagnostics: [
            {
              step: "e2e",
              severity: "error",
              code: "chromium-missing",
              message: `Chromium was not found at ${chromiumPath}. Run \`npm run setup\` (installs Debian's chromium) or set CHROMIUM_PATH.`,
            },
          ],
        };
      }
      const jsonFile = join(logDir, "playwright.json");
      await rm(jsonFile, { force: true });
      // list for the log, json for the diagnostics; the report goes to the log directory, not into the app.
      const result = await pnpmStep("e2e", ["exec", "playwright", "test", "--reporter=list,json"], {
        BASE_URL: serverUrl,
        CHROMIUM_PATH: chromiumPath,
        CI: "1",
        PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile,
      });
      const playwrightJson = await readIfExists(jsonFile);
      return {
        ...result,
        playwrightJson,
        summary: playwrightJson === undefined ? undefined : summarizePlaywrightJson(playwrightJson),
      };
    },
  };

  const plan = planCheck({
    skipE2e: options.skipE2e ?? false,
    ...(base ? { base: { ref: base.ref, hasMigrations: base.migrations.length > 0 } } : {}),
  });
  const states = new Map<Step, StepState>();
  const reports = new Map<Step, StepReport>();
  const startedAt = new Date();
  const t0 = performance.now();

  const runStep = async (step: Step): Promise<void> => {
    states.set(step, "running");
    options.onStep?.({ step, phase: "start" });
    const began = performance.now();
    let finished: Finished;
    try {
      finished = await work[step]();
    } catch (error) {
      const message =
        error instanceof AppgenError
          ? `${error.code}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
      finished = {
        ok: false,
        log: message,
        command: commandOf(step),
        diagnostics: [
          { step, severity: "error", ...(error instanceof AppgenError ? { code: error.code } : {}), message },
        ],
      };
    }
    const diagnostics =
      finished.verdict?.diagnostics ??
      finished.diagnostics ??
      diagnoseStep(
        {
          step,
          log: finished.log,
          eslintJson: finished.eslintJson,
          playwrightJson: finished.playwrightJson,
          failed: !finished.ok,
        },
        { appDir },
      );
    const summary = finished.verdict?.summary ?? finished.summary ?? countSummary(diagnostics);
    const status = finished.verdict?.status ?? (finished.ok ? "passed" : "failed");
    const report: StepReport = {
      step,
      status,
      duration_ms: Math.round(performance.now() - began),
      started_ms: Math.round(began - t0),
      command: finished.command,
      ...(summary ? { summary } : {}),
      log_file: logPath(step),
      diagnostics,
    };
    reports.set(step, report);
    states.set(step, status);
    options.onStep?.({ step, phase: "end", report });
  };

  try {
    const running = new Set<Promise<void>>();
    for (;;) {
      const moves = nextMoves(plan, states);
      for (const { step, reason } of moves.skip) {
        states.set(step, "skipped");
        const report: StepReport = {
          step,
          status: "skipped",
          duration_ms: 0,
          command: commandOf(step),
          summary: reason,
          diagnostics: [],
        };
        reports.set(step, report);
        options.onStep?.({ step, phase: "end", report });
      }
      for (const step of moves.start) {
        const promise = runStep(step).finally(() => running.delete(promise));
        running.add(promise);
      }
      if (moves.done) break;
      if (moves.skip.length || moves.start.length) continue;
      await Promise.race(running);
    }
  } finally {
    await processes.killAll();
    await cluster?.stop();
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  }

  const steps = plan.steps.flatMap((planned) => reports.get(planned.step) ?? []);
  return {
    version: 1,
    ok: checkPassed(steps),
    app_dir: appDir,
    started_at: startedAt.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    steps,
  };
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const git = promisify(execFile);

export interface BaseFiles {
  ref: string;
  /** The commit the ref named when it was read. */
  commit: string;
  /** A folder holding the base's supabase/ files (migrations, seed, local auth shim), as `db:setup --dir` reads them. */
  dir: string;
  /** The base's migration files, relative to the app. */
  migrations: string[];
}

/**
 * The base's database files, read with `git show <ref>:<path>` from the app's repository (the app may sit in a
 * subfolder: paths are relative to the app) into `into`.
 */
export async function readBaseFiles(appDir: string, ref: string, into: string): Promise<BaseFiles> {
  const run = async (args: string[]) =>
    (await git("git", ["-C", appDir, ...args], { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 })).stdout;
  let commit: string;
  try {
    commit = (await run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).toString("utf8").trim();
  } catch {
    throw new AppgenError(
      "USAGE",
      `--base ${ref} is not a commit of the git repository at ${appDir}. Give a branch, tag or commit to upgrade from, e.g. --base main (fetch it first if it is remote).`,
    );
  }
  const listed = (await run(["ls-tree", "-r", "--name-only", commit, "--", "supabase/migrations"])).toString("utf8");
  const migrations = listed.split("\n").filter((path) => path.endsWith(".sql"));
  await rm(into, { recursive: true, force: true });
  for (const path of [...migrations, "supabase/seed.sql", "supabase/local/auth-shim.sql"]) {
    let content: Buffer;
    try {
      content = await run(["show", `${commit}:./${path}`]);
    } catch {
      continue; // the base has no seed or shim
    }
    await mkdir(dirname(join(into, path)), { recursive: true });
    await writeFile(join(into, path), content);
  }
  return { ref, commit, dir: into, migrations };
}

/**
 * The database step's commands (from the plan) against throwaway databases in `cluster`: `app` (what the app's
 * tests use) and, for an upgrade, `fresh`. Stops at the first command that fails.
 */
export async function checkDatabase(input: {
  cluster: PostgresCluster;
  commands: readonly DatabaseCommand[];
  base?: BaseFiles | undefined;
  run: (args: string[], env: NodeJS.ProcessEnv) => Promise<number>;
}): Promise<{ ok: boolean; databaseUrl: string }> {
  const databaseUrl = await input.cluster.createDatabase("app");
  const needsFresh = input.commands.some((c) => c.database === "fresh");
  const freshUrl = needsFresh ? await input.cluster.createDatabase("fresh") : "";
  const values: Record<string, string> = {
    $DATABASE_URL: databaseUrl,
    $FRESH_DATABASE_URL: freshUrl,
    $BASE_DIR: input.base?.dir ?? "",
  };
  for (const command of input.commands) {
    const args = command.args.map((arg) => values[arg] ?? arg);
    const code = await input.run(args, { DATABASE_URL: command.database === "fresh" ? freshUrl : databaseUrl });
    if (code !== 0) return { ok: false, databaseUrl };
  }
  return { ok: true, databaseUrl };
}

function commandOf(step: Step): string {
  return CHECK_STEPS.find((planned) => planned.step === step)?.command ?? step;
}

function countSummary(diagnostics: Diagnostic[]): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (!diagnostics.length) return undefined;
  return [
    errors && `${errors} error${errors === 1 ? "" : "s"}`,
    warnings && `${warnings} warning${warnings === 1 ? "" : "s"}`,
  ]
    .filter(Boolean)
    .join(", ");
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * pnpm 12 from our own dependencies, so a check needs nothing installed globally. Its package swaps in a native
 * binary when install scripts run; when they were blocked, the Node entry point (bin/pnpm.mjs) does the same job.
 */
export function pnpmCommand(): { file: string; prefix: string[]; binDir: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve("pnpm/package.json"));
  const native = join(packageDir, "pnpm");
  if (isElf(native)) return { file: native, prefix: [], binDir: packageDir };
  return { file: process.execPath, prefix: [join(packageDir, "bin", "pnpm.mjs")], binDir: join(packageDir, "bin") };
}

function isElf(path: string): boolean {
  try {
    return readFileSync(path)
      .subarray(0, 4)
      .equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } catch {
    return false;
  }
}

async function waitForHttp(
  url: string,
  exited: Promise<number>,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  let exitCode: number | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exitCode !== undefined)
      return { ok: false, reason: `next start exited with code ${exitCode} before answering ${url}` };
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.status < 500) return { ok: true };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ok: false, reason: `${url} did not answer within ${timeoutMs / 1000} s` };
}

interface Started {
  pid: number;
  exited: Promise<number>;
  output(): string;
}

/** Child processes, each the leader of its own process group, so stopping one stops everything it spawned. */
class ProcessGroups {
  private readonly live = new Map<number, Promise<number>>();

  constructor(private readonly timeoutMs: number) {}

  start(
    file: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; append?: boolean },
  ): Started {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const log: WriteStream = createWriteStream(options.logFile, { flags: options.append ? "a" : "w" });
    let output = "";
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString("utf8");
      if (output.length > KEEP_OUTPUT_CHARS) output = output.slice(-KEEP_OUTPUT_CHARS);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const exited = new Promise<number>((resolveExit) => {
      child.once("error", (error) => {
        collect(Buffer.from(`\n${file}: ${error.message}\n`));
        resolveExit(127);
      });
      child.once("close", (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
    }).then((code) => new Promise<number>((done) => log.end(() => done(code))));
    const pid = child.pid;
    if (pid !== undefined) {
      this.live.set(pid, exited);
      void exited.then(() => {
        // The leader is gone; children it left behind in its group are stopped too.
        killGroup(pid, "SIGKILL");
        this.live.delete(pid);
      });
    }
    return { pid: pid ?? -1, exited, output: () => output };
  }

  async run(
    file: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; append?: boolean },
  ): Promise<{ code: number; output: string }> {
    const started = this.start(file, args, options);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolveTimeout) => {
      timer = setTimeout(() => {
        killGroup(started.pid, "SIGKILL");
        resolveTimeout(124);
      }, this.timeoutMs);
    });
    const code = await Promise.race([started.exited, timedOut]);
    clearTimeout(timer);
    const note = code === 124 ? `\nstopped after ${this.timeoutMs / 1000} s\n` : "";
    return { code, output: started.output() + note };
  }

  killAllSync(): void {
    for (const pid of this.live.keys()) killGroup(pid, "SIGKILL");
  }

  /** SIGTERM first (next start shuts down cleanly), SIGKILL for whatever is left after two seconds. */
  async killAll(): Promise<void> {
    const waiting = [...this.live.entries()];
    for (const [pid] of waiting) killGroup(pid, "SIGTERM");
    const grace = new Promise((r) => setTimeout(r, 2_000).unref());
    await Promise.race([Promise.all(waiting.map(([, exited]) => exited)), grace]);
    for (const [pid] of waiting) killGroup(pid, "SIGKILL");
    this.live.clear();
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
