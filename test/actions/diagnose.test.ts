// The diagnose action: the committed bundle is what the sources build to, and the bundle run the way a runner runs
// it (INPUT_* variables, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT) on real tool output writes a schema-valid report
// equal to what `appgen check`'s parser makes of the same output, annotations as workflow commands, and a summary.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

import { buildOptions, BUNDLE } from "../../actions/diagnose/build.ts";
import { annotationsOf, reportFromLogs, summaryTables } from "../../actions/diagnose/src/report.ts";
import { diagnoseStep } from "../../app/core/diagnostics/index.ts";
import type { DiagnosticsReport } from "../../app/core/schema-types/diagnostics.ts";
import diagnosticsSchema from "../../schemas/diagnostics.schema.json" with { type: "json" };

const TOOL_OUTPUT = join(import.meta.dirname, "../fixtures/tool-output");
/** Where the fixtures were captured; on a runner this is $GITHUB_WORKSPACE/<app-dir>. */
const CAPTURED_APP = "/tmp/fcap/app";
const fixture = (name: string) => readFileSync(join(TOOL_OUTPUT, name), "utf8");

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateReport = ajv.compile<DiagnosticsReport>(diagnosticsSchema);

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "appgen-diagnose-"));
  temps.push(dir);
  return dir;
}

describe("the committed bundle", () => {
  it("is what `npm run build:action` makes of the current sources", async () => {
    const out = join(tempDir(), "index.js");
    await build(buildOptions(out));
    // Compared as text so a stale bundle shows which module differs.
    expect(
      readFileSync(BUNDLE, "utf8") === readFileSync(out, "utf8"),
      "actions/diagnose/dist/index.js is stale: run `npm run build:action` and commit it",
    ).toBe(true);
  });
});

interface Run {
  stdout: string;
  summary: string;
  outputs: string;
  report: DiagnosticsReport;
}

/** Runs dist/index.js as the runner does: node20, inputs as INPUT_* variables, files for summary and outputs. */
async function runAction(
  logs: Record<string, string>,
  inputs: Record<string, string> = {},
  workspace = CAPTURED_APP,
): Promise<Run> {
  const dir = tempDir();
  const logDir = join(dir, "logs");
  mkdirSync(logDir);
  for (const [name, content] of Object.entries(logs)) writeFileSync(join(logDir, name), content);
  const summary = join(dir, "summary.md");
  const outputs = join(dir, "outputs.txt");
  writeFileSync(summary, "");
  writeFileSync(outputs, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: outputs,
    INPUT_LOGS: logDir,
    INPUT_OUTPUT: join(dir, "out/diagnostics.json"),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { stdout } = await promisify(execFile)(process.execPath, [BUNDLE], { env, cwd: dir });
  const report = JSON.parse(readFileSync(join(dir, "out/diagnostics.json"), "utf8")) as DiagnosticsReport;
  return { stdout, summary: readFileSync(summary, "utf8"), outputs: readFileSync(outputs, "utf8"), report };
}

describe("node actions/diagnose/dist/index.js", () => {
  it.each([
    {
      name: "a high advisory and a GPL dependency fail the job",
      audit: "pnpm-audit-vulnerable.json",
      licenses: "pnpm-licenses-gpl.json",
      inputs: {} as Record<string, string>,
      statuses: ["failed", "failed"],
      exitCode: 1,
    },
    {
      name: "an unreachable audit endpoint is a skip, allowed licences pass",
      audit: "pnpm-audit-offline.txt",
      licenses: "pnpm-licenses.json",
      inputs: {},
      statuses: ["skipped", "passed"],
      exitCode: 0,
    },
    {
      name: "the allow-list comes from the inputs",
      audit: "pnpm-audit-clean.json",
      licenses: "pnpm-licenses-gpl.json",
      inputs: {
        "allowed-licenses":
          "MIT ISC Apache-2.0 BSD-3-Clause BSD-2-Clause 0BSD CC-BY-4.0 Unlicense BlueOak-1.0.0 Python-2.0 CC0-1.0",
        "allowed-packages": "@img/sharp-libvips-* readline-gpl",
      },
      statuses: ["passed", "passed"],
      exitCode: 0,
    },
  ])("dependency checks: $name", async ({ audit, licenses, inputs, statuses, exitCode }) => {
    const logs = {
      "install.log": "Done in 1s\n",
      "audit.log": fixture(audit),
      "audit.exit": "1\n",
      "licenses.log": fixture(licenses),
      "licenses.exit": "0\n",
    };
    const run = await runAction(logs, { ...inputs, "fail-on-failure": "true" }).then(
      (result) => ({ ...result, code: 0 }),
      (error: { code?: number; stdout?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? "",
        report: undefined,
      }),
    );
    expect(run.code).toBe(exitCode);
    if (exitCode) {
      expect(run.stdout).toContain("::error::failed: audit, licenses");
      expect(run.stdout).toContain(
        "::error title=licenses%3A license-not-allowed,file=package.json::readline-gpl 2.1.0: GPL-3.0-only is not on the licence allow-list",
      );
      expect(run.stdout).toContain(
        "::error title=audit%3A GHSA-xxxx-yyyy-zzzz,file=pnpm-lock.yaml::postgres 3.4.9: high — SQL injection",
      );
      return;
    }
    expect(run.report?.steps.filter((s) => s.step === "audit" || s.step === "licenses").map((s) => s.status)).toEqual(
      statuses,
    );
  });

  it("turns failed lint, typecheck and build logs into the report, annotations and a summary", async () => {
    const run = await runAction({
      "install.log": "Lockfile is up to date, resolution step is skipped\nDone in 2.1s using pnpm v12.21.0\n",
      "lint.log":
        "$ eslint --max-warnings 0 . --format json --output-file eslint.json\n[ELIFECYCLE] Command failed with exit code 1.\n",
      "eslint.json": fixture("eslint.json"),
      "typecheck.log": fixture("tsc-errors.txt"),
      "build.log": fixture("next-build-module-not-found.txt"),
    });

    expect(validateReport(run.report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(run.report.ok).toBe(false);
    expect(run.report.app_dir).toBe(CAPTURED_APP);
    expect(run.report.steps.map((s) => [s.step, s.status])).toEqual([
      ["install", "passed"],
      ["audit", "skipped"],
      ["licenses", "skipped"],
      ["lint", "failed"],
      ["typecheck", "failed"],
      ["build", "failed"],
      ["database", "skipped"],
      ["start", "skipped"],
      ["e2e", "skipped"],
    ]);
    // The same parser as `appgen check --json`: the diagnostics are exactly diagnoseStep's.
    const options = { appDir: CAPTURED_APP };
    expect(run.report.steps[3]?.diagnostics).toEqual(
      diagnoseStep({ step: "lint", log: "", eslintJson: fixture("eslint.json"), failed: true }, options),
    );
    expect(run.report.steps[4]?.diagnostics).toEqual(
      diagnoseStep({ step: "typecheck", log: fixture("tsc-errors.txt"), failed: true }, options),
    );
    expect(run.report.steps[5]?.diagnostics).toEqual(
      diagnoseStep({ step: "build", log: fixture("next-build-module-not-found.txt"), failed: true }, options),
    );

    const commands = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("::error") || line.startsWith("::warning"));
    expect(commands).toContain(
      "::error title=typecheck%3A TS2322,file=lib/utils.ts,line=8,col=14::Type 'string' is not assignable to type 'number'.",
    );
    expect(commands).toContain(
      "::error title=typecheck%3A TS2307,file=app/(app)/expenses/page.tsx,line=2,col=25::Cannot find module '@/lib/does-not-exist' or its corresponding type declarations.",
    );
    expect(commands).toContain(
      "::error title=build%3A module-not-found,file=app/(app)/expenses/page.tsx,line=2,col=1::Module not found: Can't resolve '@/lib/does-not-exist'",
    );
    // Multi-line messages stay one workflow command, with the line break escaped.
    expect(commands.find((c) => c.includes("Property 'colour' does not exist"))).toMatch(
      /^::error title=typecheck%3A TS2322,file=app\/\(app\)\/categories\/page\.tsx,line=10,col=66::Type .*%0A {2}Property 'colour'/,
    );
    const lintErrors = run.report.steps[3]?.diagnostics.filter((d) => d.severity === "error") ?? [];
    expect(commands.filter((c) => c.startsWith("::error title=lint"))).toHaveLength(lintErrors.length);

    expect(run.summary).toContain("<h2>appgen checks failed</h2>");
    expect(run.summary).toContain("<tr><td>typecheck</td><td>❌ failed</td><td>3 errors</td></tr>");
    expect(run.summary).toContain("<tr><td>install</td><td>✅ passed</td><td>–</td></tr>");
    expect(run.summary).toContain(
      "<tr><td>typecheck</td><td>lib/utils.ts:8:14</td><td>TS2322</td><td>Type 'string' is not assignable to type 'number'.</td></tr>",
    );
    expect(run.summary).toContain("IntrinsicAttributes &amp; { entity: EntityDefinition");
    expect(run.outputs).toMatch(/^ok<<(\S+)\nfalse\n\1$/m);
  });

  it("annotates an install failure on pnpm-lock.yaml, relative to the app's folder in the repository", async () => {
    const run = await runAction(
      { "install.log": fixture("pnpm-outdated-lockfile.txt") },
      { "app-dir": "web" },
      "/home/runner/work/repo/repo",
    );
    expect(run.report.app_dir).toBe("/home/runner/work/repo/repo/web");
    expect(run.report.steps[0]).toMatchObject({ step: "install", status: "failed", summary: "1 error" });
    expect(run.stdout).toMatch(
      /^::error title=install%3A ERR_PNPM_OUTDATED_LOCKFILE,file=web\/pnpm-lock\.yaml::Cannot install with "frozen-lockfile"/m,
    );
  });

  it("writes a passing report and no annotation when every log is clean", async () => {
    const run = await runAction(
      { "install.log": "Done in 1s\n", "typecheck.log": "", "lint.log": "$ eslint .\n" },
      { "failed-steps": "" },
    );
    expect(run.report.ok).toBe(true);
    expect(run.stdout).not.toMatch(/^::(error|warning)/m);
    expect(run.summary).toContain("<h2>appgen checks passed</h2>");
  });
});

describe("reportFromLogs", () => {
  const context = { appDir: CAPTURED_APP, startedAt: new Date("2026-01-01T00:00:00Z"), durationMs: 5 };

  it.each([
    ["an exit file says so", { step: "build" as const, log: "something odd\n", exitCode: 2 }, {}, "failed"],
    [
      "the workflow says so (failed-steps)",
      { step: "start" as const, log: "listening\n" },
      { failedSteps: new Set(["start" as const]) },
      "failed",
    ],
    ["pnpm says a script failed", { step: "database" as const, log: fixture("db-setup-failure.txt") }, {}, "failed"],
    [
      "Playwright's JSON report has failed tests",
      {
        step: "e2e" as const,
        log: fixture("playwright-list.txt"),
        playwrightJson: fixture("playwright-failures.json"),
      },
      {},
      "failed",
    ],
    [
      "an exit code 0 wins over error-looking text",
      { step: "build" as const, log: "Error: something\n", exitCode: 0 },
      {},
      "passed",
    ],
    ["nothing shows a failure", { step: "start" as const, log: "listening on http://127.0.0.1:3000\n" }, {}, "passed"],
  ])("a step fails when %s", (_name, log, extra, status) => {
    const report = reportFromLogs([log], { ...context, ...extra });
    const step = report.steps.find((s) => s.step === log.step);
    expect(step?.status).toBe(status);
    if (status === "failed") expect(step?.diagnostics.length).toBeGreaterThan(0);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  });

  it("keeps at most 50 annotations and prefixes the app's folder", () => {
    const log = Array.from(
      { length: 60 },
      (_, i) => `lib/a.ts(${i + 1},1): error TS2322: Type 'string' is not assignable to type 'number'.`,
    ).join("\n");
    const report = reportFromLogs([{ step: "typecheck", log, exitCode: 1 }], context);
    const annotations = annotationsOf(report, "./apps/web/");
    expect(annotations).toHaveLength(50);
    expect(annotations[0]).toEqual({
      severity: "error",
      message: "Type 'string' is not assignable to type 'number'.",
      properties: { title: "typecheck: TS2322", file: "apps/web/lib/a.ts", startLine: 1, startColumn: 1 },
    });
    expect(summaryTables(report, 3).diagnostics).toHaveLength(4);
  });
});
