// Diagnostics from a failed run: the artifact's zip (validated), or a job log trimmed to the failed steps.
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  cleanJobLog,
  parseDiagnosticsArtifact,
  reportFromJobLogs,
  splitLogSteps,
  stepForCommand,
  trimJobLog,
} from "../../app/github/logs.ts";
import { preferConst, report } from "./check-runs.ts";

// GitHub's job logs start with a byte-order mark, then one timestamp per line.
const stamp = (lines: string[]) =>
  "\uFEFF" +
  lines.map((line, i) => `2025-06-01T12:00:${String(i % 60).padStart(2, "0")}.1234567Z ${line}`).join("\r\n");

describe("parseDiagnosticsArtifact", () => {
  it("reads diagnostics.json from the zip, with credentials in messages redacted", () => {
    const withSecret = report([
      {
        ...preferConst("lib/utils.ts", "result"),
        message: "'result' is never reassigned. token=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      },
    ]);
    const parsed = parseDiagnosticsArtifact(zipSync({ "diagnostics.json": strToU8(JSON.stringify(withSecret)) }));
    expect("report" in parsed && parsed.report.steps[1]?.diagnostics[0]?.message).toBe(
      "'result' is never reassigned. token=[REDACTED]",
    );
  });

  it.each([
    ["not a zip", strToU8("hello"), /not a readable zip/],
    ["a zip without diagnostics.json", zipSync({ "other.json": strToU8("{}") }), /holds no diagnostics\.json/],
    ["diagnostics.json that is not JSON", zipSync({ "diagnostics.json": strToU8("{") }), /is not JSON/],
    [
      "a report of another shape",
      zipSync({ "diagnostics.json": strToU8(JSON.stringify({ version: 2, steps: [] })) }),
      /does not match schemas\/diagnostics\.schema\.json/,
    ],
  ])("says what is wrong with %s", (_name, zip, problem) => {
    const parsed = parseDiagnosticsArtifact(zip);
    expect("problem" in parsed && parsed.problem).toMatch(problem);
  });
});

describe("job logs", () => {
  const log = stamp([
    "Current runner version: '2.327.1'",
    "##[group]Run actions/checkout@v5",
    "with:",
    "##[endgroup]",
    "Syncing repository: Codertocat/Hello-World",
    '##[group]Run pnpm install --frozen-lockfile 2>&1 | tee "$APPGEN_LOGS/install.log"',
    "##[endgroup]",
    "Lockfile is up to date",
    '##[group]Run pnpm build 2>&1 | tee "$APPGEN_LOGS/build.log"',
    'pnpm build 2>&1 | tee "$APPGEN_LOGS/build.log"',
    "shell: /usr/bin/bash --noprofile --norc -e -o pipefail {0}",
    "env:",
    "  DATABASE_URL: postgres://postgres:hunter22@127.0.0.1:5432/app",
    "##[endgroup]",
    "\u001b[1m   ▲ Next.js 16.4.6\u001b[22m",
    ...Array.from({ length: 200 }, (_, i) => `   compiling module ${i}`),
    "Failed to compile.",
    "",
    "./app/page.tsx:3:10",
    "Type error: Cannot find name 'Button'.",
    "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345",
    "##[error]Process completed with exit code 1.",
  ]);

  it("strips timestamps, ANSI and carriage returns", () => {
    const lines = cleanJobLog(log);
    expect(lines[0]).toBe("Current runner version: '2.327.1'");
    expect(lines.some((l) => /\u001b|\r|^\d{4}-\d\d-\d\dT/.test(l))).toBe(false);
  });

  it("splits the log by step and marks the failed one", () => {
    const steps = splitLogSteps(cleanJobLog(log));
    expect(steps.map((s) => [s.command, s.failed])).toEqual([
      ["", false],
      ["actions/checkout@v5", false],
      ['pnpm install --frozen-lockfile 2>&1 | tee "$APPGEN_LOGS/install.log"', false],
      ['pnpm build 2>&1 | tee "$APPGEN_LOGS/build.log"', true],
    ]);
    expect(steps[0]?.output).toEqual(["Current runner version: '2.327.1'"]);
    expect(steps[3]?.output.join("\n")).not.toContain("DATABASE_URL");
  });

  it("keeps only the failed step's command and its output around the errors, redacted and capped", () => {
    const trimmed = trimJobLog(log);
    expect(trimmed.split("\n")[0]).toBe('##[group]Run pnpm build 2>&1 | tee "$APPGEN_LOGS/build.log"');
    expect(trimmed).not.toContain("Syncing repository");
    expect(trimmed).not.toContain("hunter22");
    expect(trimmed).not.toContain("abcdefghijklmnopqrstuvwxyz012345");
    expect(trimmed).toContain("Type error: Cannot find name 'Button'.");
    expect(trimmed).toMatch(/… \(\d+ lines left out\)/);
    expect(trimmed).not.toContain("compiling module 10\n");
    expect(trimJobLog(log, 400).length).toBeLessThan(500);
  });

  it("parses the failed steps with the check's parsers into a schema-shaped report", () => {
    const built = reportFromJobLogs([log], { startedAt: "2025-06-01T12:00:00Z", appPath: "" });
    expect(built).toMatchObject({ version: 1, ok: false, app_dir: ".", steps: [{ step: "build", status: "failed" }] });
    expect(built.steps[0]?.diagnostics[0]).toMatchObject({ step: "build", file: "app/page.tsx", line: 3, column: 10 });
    expect(parseDiagnosticsArtifact(zipSync({ "diagnostics.json": strToU8(JSON.stringify(built)) }))).toHaveProperty(
      "report",
    );
  });

  it.each([
    [
      'pnpm lint --format json --output-file "$APPGEN_LOGS/eslint.json" > "$APPGEN_LOGS/lint.log" 2>&1 & lint=$!',
      "static",
    ],
    ["pnpm install --frozen-lockfile 2>&1 | tee x", "install"],
    ["npm run lint", "lint"],
    ["pnpm typecheck", "typecheck"],
    ["pnpm db:setup 2>&1 | tee x", "database"],
    ["pnpm build", "build"],
    ['nohup pnpm start --hostname 127.0.0.1 --port "$APP_PORT" > x 2>&1 &', "start"],
    ["pnpm exec playwright test --reporter=list,json", "e2e"],
    ["actions/cache@v4", undefined],
    ['echo "::group::build"', undefined],
  ])("maps the step `%s` to %s", (command, step) => {
    expect(stepForCommand(command)).toBe(step);
  });
});
