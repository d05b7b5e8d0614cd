// The diagnose action's entry: inputs in, files and workflow commands out. Everything it decides lives in
// report.ts and in app/core/diagnostics (the parser `appgen check --json` uses).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import * as core from "@actions/core";
import { annotationsOf, isStep, reportFromLogs, summaryTables, type StepLog } from "./report.ts";

async function run(): Promise<void> {
  const started = new Date();
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const appPath = core.getInput("app-dir") || process.env.APP_DIR || ".";
  const appDir = resolve(workspace, appPath);
  const logFiles = findLogs(resolve(workspace, core.getInput("logs", { required: true })));
  const output = resolve(workspace, core.getInput("output") || "diagnostics.json");
  const failedSteps = new Set(
    core
      .getInput("failed-steps")
      .split(/[\s,]+/)
      .filter(isStep),
  );
  const list = (name: string) =>
    core
      .getInput(name)
      .split(/[\s,]+/)
      .filter(Boolean);
  const licensePolicy = { allow: list("allowed-licenses"), allowPackages: list("allowed-packages") };

  const logs: StepLog[] = logFiles.map((file) => {
    const step = basename(file, ".log");
    const sibling = (name: string) => readIfExists(join(dirname(file), name));
    const exit = sibling(`${step}.exit`)?.trim();
    return {
      step: step as StepLog["step"],
      log: readFileSync(file, "utf8"),
      exitCode: exit === undefined || exit === "" ? undefined : Number(exit),
      eslintJson: step === "lint" ? sibling("eslint.json") : undefined,
      playwrightJson: step === "e2e" ? sibling("playwright.json") : undefined,
    };
  });
  const report = reportFromLogs(logs, {
    appDir,
    startedAt: started,
    durationMs: Date.now() - started.getTime(),
    failedSteps,
    ...(licensePolicy.allow.length ? { licensePolicy } : {}),
  });

  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
  core.setOutput("report", output);
  core.setOutput("ok", String(report.ok));

  for (const annotation of annotationsOf(report, appPath)) {
    if (annotation.severity === "error") core.error(annotation.message, annotation.properties);
    else core.warning(annotation.message, annotation.properties);
  }
  const tables = summaryTables(report);
  core.summary.addHeading(report.ok ? "appgen checks passed" : "appgen checks failed", 2).addTable(tables.steps);
  if (tables.diagnostics.length > 1) core.summary.addHeading("Diagnostics", 3).addTable(tables.diagnostics);
  core.summary.addRaw(`Report: <code>${output}</code>`, true);
  await core.summary.write();
  core.info(`${logs.length} step log${logs.length === 1 ? "" : "s"} read; report written to ${output}`);
  if (!report.ok && core.getInput("fail-on-failure") === "true") {
    core.setFailed(
      `failed: ${report.steps
        .filter((s) => s.status === "failed")
        .map((s) => s.step)
        .join(", ")}`,
    );
  }
}

/** `<step>.log` files named after check steps: in a directory, or matching a simple glob (`*` within a name). */
function findLogs(pattern: string): string[] {
  if (existsSync(pattern) && statSync(pattern).isDirectory()) {
    return readdirSync(pattern)
      .filter((name) => name.endsWith(".log") && isStep(basename(name, ".log")))
      .sort()
      .map((name) => join(pattern, name));
  }
  const dir = dirname(pattern);
  const name = new RegExp(
    `^${basename(pattern)
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")}$`,
  );
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => name.test(entry) && entry.endsWith(".log") && isStep(basename(entry, ".log")))
    .sort()
    .map((entry) => join(dir, entry));
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

run().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
