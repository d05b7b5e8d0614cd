import { describe, expect, it } from "vitest";

import { formatDiagnostic, renderCheckReport } from "../../../app/core/check/render.ts";
import type { DiagnosticsReport } from "../../../app/core/schema-types/diagnostics.ts";

const report: DiagnosticsReport = {
  version: 1,
  ok: false,
  app_dir: "/tmp/app",
  started_at: "2026-01-01T00:00:00.000Z",
  duration_ms: 12_345,
  steps: [
    {
      step: "install",
      status: "passed",
      duration_ms: 800,
      command: "pnpm install --frozen-lockfile --prefer-offline",
      diagnostics: [],
    },
    {
      step: "typecheck",
      status: "failed",
      duration_ms: 7_900,
      command: "pnpm typecheck",
      summary: "2 errors",
      log_file: "/tmp/logs/typecheck.log",
      diagnostics: [
        {
          step: "typecheck",
          file: "lib/utils.ts",
          line: 8,
          column: 14,
          code: "TS2322",
          severity: "error",
          message: "Type 'string' is not assignable to type 'number'.",
        },
        {
          step: "typecheck",
          file: "app/page.tsx",
          line: 3,
          column: 1,
          code: "TS2322",
          severity: "error",
          message: "Type '{ colour: string; }' is not assignable.\n  Property 'colour' does not exist.",
        },
      ],
    },
    {
      step: "build",
      status: "skipped",
      duration_ms: 0,
      command: "pnpm build",
      summary: "skipped: typecheck failed",
      diagnostics: [],
    },
  ],
};

describe("renderCheckReport", () => {
  it("prints one row per step, then each failed step's first diagnostics as file:line:col and the log's path", () => {
    expect(renderCheckReport(report, { diagnosticsPerStep: 1 })).toBe(
      [
        "ok   install     0.8 s",
        "FAIL typecheck   7.9 s  2 errors",
        "skip build              skipped: typecheck failed",
        "",
        "typecheck: pnpm typecheck",
        "  lib/utils.ts:8:14  TS2322  Type 'string' is not assignable to type 'number'.",
        "  … 1 more",
        "  full output: /tmp/logs/typecheck.log",
        "",
        "FAILED in 12 s  /tmp/app",
        "",
      ].join("\n"),
    );
  });

  it.each([
    [
      {
        step: "lint",
        severity: "warning",
        file: "lib/a.ts",
        line: 2,
        code: "no-unused-vars",
        message: "'x' is unused",
      },
      "lib/a.ts:2  no-unused-vars  warning: 'x' is unused",
    ],
    [
      {
        step: "install",
        severity: "error",
        code: "ERR_PNPM_OUTDATED_LOCKFILE",
        message: "Cannot install\nhelp: run pnpm install",
      },
      "ERR_PNPM_OUTDATED_LOCKFILE  Cannot install\n    help: run pnpm install",
    ],
  ] as const)("formats %j", (diagnostic, text) => {
    expect(formatDiagnostic(diagnostic)).toBe(text);
  });
});
