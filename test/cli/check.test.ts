// `appgen check` for real on one generated app (about a minute): every step passes, the --json report is valid
// against schemas/diagnostics.schema.json, and nothing it started outlives it. Then the same app with a type
// error injected: the report names the file, line and TypeScript code, and skips what depends on it.
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main, type CliIo } from "../../app/cli/main.ts";
import type { DiagnosticsReport } from "../../app/core/schema-types/diagnostics.ts";
import diagnosticsSchema from "../../schemas/diagnostics.schema.json" with { type: "json" };
import { renderApp } from "../../scripts/try-generated-app.ts";
import { otherThanDependencyChecks } from "../helpers/dependency-checks.ts";

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateReport = ajv.compile<DiagnosticsReport>(diagnosticsSchema);

const appDir = mkdtempSync(join(tmpdir(), "appgen-check-cli-"));
afterAll(() => rmSync(appDir, { recursive: true, force: true }));

async function check(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: appDir,
    env: process.env,
  };
  const code = await main(["check", ...args], io);
  return { code, stdout, stderr };
}

function parseReport(stdout: string): DiagnosticsReport {
  const report: unknown = JSON.parse(stdout);
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report as DiagnosticsReport;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Processes whose working directory is the checked app (pnpm, next, playwright and their children). */
function processesIn(dir: string): string[] {
  return readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
    try {
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
    } catch {
      return false;
    }
  });
}

describe("appgen check", () => {
  let passing: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    renderApp(join(import.meta.dirname, "../e2e/manifests/expenses.json"), appDir);
    passing = await check([".", "--json"]);
  }, 600_000);

  it("passes every step of a freshly generated app and prints a report valid against the schema", () => {
    const report = parseReport(passing.stdout);
    expect(passing.code, passing.stdout).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.app_dir).toBe(appDir);
    expect(otherThanDependencyChecks(report.steps).map((s) => [s.step, s.status])).toEqual(
      ["install", "lint", "typecheck", "build", "database", "start", "e2e"].map((step) => [step, "passed"]),
    );
    expect(report.steps.flatMap((s) => s.diagnostics)).toEqual([]);
    expect(report.steps.at(-1)?.summary).toMatch(/^\d+ passed, 0 failed$/);
    // lint and typecheck ran side by side: each started before the other ended.
    const [lint, typecheck] = ["lint", "typecheck"].map((name) => report.steps.find((s) => s.step === name));
    expect(lint?.started_ms).toBeLessThan((typecheck?.started_ms ?? 0) + (typecheck?.duration_ms ?? 0));
    expect(typecheck?.started_ms).toBeLessThan((lint?.started_ms ?? 0) + (lint?.duration_ms ?? 0));
    for (const step of report.steps) expect(readFileSync(step.log_file ?? "", "utf8").length).toBeGreaterThan(0);
  });

  it("leaves no server, database or tool process behind", async () => {
    const report = parseReport(passing.stdout);
    const serverPort = Number(
      /127\.0\.0\.1:(\d+)/.exec(report.steps.find((s) => s.step === "start")?.summary ?? "")?.[1],
    );
    const databasePort = Number(
      /127\.0\.0\.1:(\d+)/.exec(report.steps.find((s) => s.step === "database")?.command ?? "")?.[1],
    );
    expect(serverPort).toBeGreaterThan(0);
    expect(databasePort).toBeGreaterThan(0);
    expect(await portAnswers(serverPort)).toBe(false);
    expect(await portAnswers(databasePort)).toBe(false);
    expect(processesIn(appDir)).toEqual([]);
  });

  it("reports a type error with its file, line and code, and skips the steps that need a clean typecheck", async () => {
    appendFileSync(join(appDir, "lib/utils.ts"), '\nexport const total: number = "0";\n');
    const line =
      readFileSync(join(appDir, "lib/utils.ts"), "utf8").split("\n").indexOf('export const total: number = "0";') + 1;
    const { code, stdout } = await check([".", "--json", "--skip-e2e"]);
    expect(code).toBe(1);
    const report = parseReport(stdout);
    expect(report.ok).toBe(false);
    const status = Object.fromEntries(otherThanDependencyChecks(report.steps).map((s) => [s.step, s.status]));
    expect(status).toEqual({
      install: "passed",
      lint: "passed",
      typecheck: "failed",
      build: "skipped",
      database: "passed",
      start: "skipped",
      e2e: "skipped",
    });
    expect(report.steps.find((s) => s.step === "typecheck")?.diagnostics).toEqual([
      {
        step: "typecheck",
        file: "lib/utils.ts",
        line,
        column: 14,
        code: "TS2322",
        severity: "error",
        message: "Type 'string' is not assignable to type 'number'.",
      },
    ]);
    expect(processesIn(appDir)).toEqual([]);
  }, 300_000);

  it("stops every process and the database when it is itself stopped with SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, "../../bin/appgen.mjs"), "check", appDir, "--skip-e2e"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    let stderr = "";
    // lint and typecheck take seconds; the database is ready in about one, so the signal lands mid-check.
    const databasePort = await new Promise<number>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const port = /^appgen check: database passed .*127\.0\.0\.1:(\d+)$/m.exec(stderr)?.[1];
        if (port) resolve(Number(port));
      });
      void exited.then(() => reject(new Error(`appgen check ended before the database step passed:\n${stderr}`)));
    });
    expect(await portAnswers(databasePort)).toBe(true);
    expect(processesIn(appDir).length).toBeGreaterThan(0);
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(await portAnswers(databasePort)).toBe(false);
    await expect.poll(() => processesIn(appDir), { timeout: 5_000 }).toEqual([]);
  }, 300_000);

  it("prints the table and the first diagnostics for a person (a lockfile that no longer matches package.json)", async () => {
    const packageJson = join(appDir, "package.json");
    const original = readFileSync(packageJson, "utf8");
    const manifest = JSON.parse(original) as { dependencies: Record<string, string> };
    manifest.dependencies["left-pad"] = "1.3.0";
    writeFileSync(packageJson, JSON.stringify(manifest, null, 2));
    try {
      const { code, stdout, stderr } = await check([".", "--skip-e2e"]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^appgen check: install failed \([\d.]+ s\): 1 error$/m);
      expect(stdout).toMatch(/^FAIL install +[\d.]+ s {2}1 error$/m);
      expect(stdout).toMatch(/^skip lint +skipped: install failed$/m);
      expect(stdout).toMatch(/^skip start +skipped: build was skipped, database was skipped$/m);
      expect(stdout).toMatch(
        /^install: pnpm install --frozen-lockfile --prefer-offline\n {2}pnpm-lock\.yaml {2}ERR_PNPM_OUTDATED_LOCKFILE {2}Cannot install with "frozen-lockfile"/m,
      );
      expect(stdout).toMatch(/^ {6}\* 1 dependency was added: left-pad@1\.3\.0$/m);
      expect(stdout).toMatch(/^FAILED in /m);
    } finally {
      writeFileSync(packageJson, original);
    }
  });

  it("refuses a directory that is not an app", async () => {
    const empty = mkdtempSync(join(tmpdir(), "appgen-check-empty-"));
    try {
      const { code, stderr } = await check([empty]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/has no package\.json/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
