// Every parser against real output captured from a generated app broken on purpose (test/fixtures/tool-output:
// tsc 6, eslint 9.39, next 16.4 with Turbopack, Playwright 1.65, pnpm 12; the app lived in /tmp/fcap/app).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import {
  diagnoseStep,
  parseEslintJson,
  parseEslintStylish,
  parseNextBuildOutput,
  parsePlaywrightJson,
  parsePlaywrightList,
  parsePnpmOutput,
  parseTypeScriptOutput,
  stripAnsi,
  summarizePlaywrightJson,
} from "../../../app/core/diagnostics/index.ts";
import type { Diagnostic } from "../../../app/core/schema-types/diagnostics.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tool-output/${name}`, import.meta.url), "utf8");
const appDir = "/tmp/fcap/app";

type Expected = Omit<Diagnostic, "message"> & { message: RegExp };

const cases: { name: string; parse: () => Diagnostic[]; expected: Expected[] }[] = [
  {
    name: "tsc, plain (a pipe; also inside next build)",
    parse: () => parseTypeScriptOutput(fixture("tsc-errors.txt"), { appDir }),
    expected: [
      {
        step: "typecheck",
        file: "app/(app)/categories/page.tsx",
        line: 10,
        column: 66,
        code: "TS2322",
        severity: "error",
        message: /is not assignable[\s\S]*\n {2}Property 'colour' does not exist/,
      },
      {
        step: "typecheck",
        file: "app/(app)/expenses/page.tsx",
        line: 2,
        column: 25,
        code: "TS2307",
        severity: "error",
        message: /^Cannot find module '@\/lib\/does-not-exist'/,
      },
      {
        step: "typecheck",
        file: "lib/utils.ts",
        line: 8,
        column: 14,
        code: "TS2322",
        severity: "error",
        message: /^Type 'string' is not assignable to type 'number'\.$/,
      },
    ],
  },
  {
    name: "tsc, pretty (colours, code frames, summary table)",
    parse: () => parseTypeScriptOutput(fixture("tsc-errors-pretty.txt"), { appDir }),
    expected: [
      {
        step: "typecheck",
        file: "app/(app)/categories/page.tsx",
        line: 10,
        column: 66,
        code: "TS2322",
        severity: "error",
        message: /Property 'colour' does not exist/,
      },
      {
        step: "typecheck",
        file: "app/(app)/expenses/page.tsx",
        line: 2,
        column: 25,
        code: "TS2307",
        severity: "error",
        message: /^Cannot find module/,
      },
      {
        step: "typecheck",
        file: "lib/utils.ts",
        line: 8,
        column: 14,
        code: "TS2322",
        severity: "error",
        message: /^Type 'string' is not assignable to type 'number'\.$/,
      },
    ],
  },
  {
    name: "eslint -f json (parse error, unused variable, explicit any)",
    parse: () => parseEslintJson(fixture("eslint.json"), { appDir }),
    expected: [
      {
        step: "lint",
        file: "lib/broken-syntax.ts",
        line: 2,
        code: "parsing-error",
        severity: "error",
        message: /^Parsing error: '}' expected/,
      },
      {
        step: "lint",
        file: "lib/utils.ts",
        line: 11,
        column: 9,
        code: "@typescript-eslint/no-unused-vars",
        severity: "warning",
        message: /^'unused' is assigned a value but never used/,
      },
      {
        step: "lint",
        file: "lib/utils.ts",
        line: 15,
        column: 30,
        code: "@typescript-eslint/no-explicit-any",
        severity: "error",
        message: /^Unexpected any/,
      },
    ],
  },
  {
    name: "eslint stylish, through `pnpm lint`",
    parse: () => parseEslintStylish(fixture("eslint-stylish.txt"), { appDir }),
    expected: [
      {
        step: "lint",
        file: "lib/broken-syntax.ts",
        line: 2,
        code: "parsing-error",
        severity: "error",
        message: /^Parsing error: '}' expected$/,
      },
      {
        step: "lint",
        file: "lib/utils.ts",
        line: 11,
        column: 9,
        code: "@typescript-eslint/no-unused-vars",
        severity: "warning",
        message: /^'unused' is assigned a value but never used$/,
      },
      {
        step: "lint",
        file: "lib/utils.ts",
        line: 15,
        column: 30,
        code: "@typescript-eslint/no-explicit-any",
        severity: "error",
        message: /^Unexpected any\. Specify a different type$/,
      },
    ],
  },
  {
    name: "next build: missing module (Turbopack)",
    parse: () => parseNextBuildOutput(fixture("next-build-module-not-found.txt"), { appDir }),
    expected: [
      {
        step: "build",
        file: "app/(app)/expenses/page.tsx",
        line: 2,
        column: 1,
        code: "module-not-found",
        severity: "error",
        message: /^Module not found: Can't resolve '@\/lib\/does-not-exist'$/,
      },
    ],
  },
  {
    name: "next build: syntax error (Turbopack)",
    parse: () => parseNextBuildOutput(fixture("next-build-syntax-error.txt"), { appDir }),
    expected: [
      {
        step: "build",
        file: "lib/broken-syntax.ts",
        line: 2,
        column: 1,
        code: "syntax-error",
        severity: "error",
        message: /^Unexpected token `<eof>`[\s\S]*Parsing ecmascript source code failed$/,
      },
    ],
  },
  {
    name: "next build: type errors (Next 16 prints tsc's lines)",
    parse: () => parseNextBuildOutput(fixture("next-build-type-error.txt"), { appDir }),
    expected: [
      {
        step: "build",
        file: "app/(app)/categories/page.tsx",
        line: 10,
        column: 66,
        code: "TS2322",
        severity: "error",
        message: /Property 'colour' does not exist/,
      },
      {
        step: "build",
        file: "lib/utils.ts",
        line: 8,
        column: 14,
        code: "TS2322",
        severity: "error",
        message: /^Type 'string' is not assignable/,
      },
    ],
  },
  {
    name: "Playwright JSON reporter: a failed assertion and a timed-out locator",
    parse: () => parsePlaywrightJson(fixture("playwright-failures.json"), { appDir }),
    expected: [
      {
        step: "e2e",
        file: "e2e/categories.spec.ts",
        line: 10,
        column: 61,
        code: "test-failed",
        severity: "error",
        message:
          /^\[chromium\] › Categories › API: signed-out requests answer 401\n[\s\S]*Expected: 402\nReceived: 401$/,
      },
      {
        step: "e2e",
        file: "e2e/expenses.spec.ts",
        line: 29,
        column: 66,
        code: "test-timed-out",
        severity: "error",
        message:
          /Test timeout of 30000ms exceeded[\s\S]*waiting for getByRole\('button', \{ name: 'Save all changes' \}\)/,
      },
    ],
  },
  {
    name: "Playwright list reporter (the same run's log)",
    parse: () => parsePlaywrightList(fixture("playwright-list.txt"), { appDir }),
    expected: [
      {
        step: "e2e",
        file: "e2e/categories.spec.ts",
        line: 10,
        column: 61,
        code: "test-failed",
        severity: "error",
        message: /^\[chromium\] › Categories › API: signed-out requests answer 401\nError: expect[\s\S]*Received: 401$/,
      },
      {
        step: "e2e",
        file: "e2e/expenses.spec.ts",
        line: 29,
        column: 66,
        code: "test-timed-out",
        severity: "error",
        message: /waiting for getByRole\('button', \{ name: 'Save all changes' \}\)/,
      },
    ],
  },
  {
    name: "pnpm 12: lockfile out of date with package.json",
    parse: () => parsePnpmOutput(fixture("pnpm-outdated-lockfile.txt")),
    expected: [
      {
        step: "install",
        file: "pnpm-lock.yaml",
        code: "ERR_PNPM_OUTDATED_LOCKFILE",
        severity: "error",
        message:
          /^Cannot install with "frozen-lockfile" because pnpm-lock\.yaml is not up to date with package\.json\.\n[\s\S]*\* 1 dependency was added: left-pad@1\.3\.0\nhelp: Regenerate the lockfile/,
      },
    ],
  },
  {
    name: "pnpm 12: a package the registry does not have",
    parse: () => parsePnpmOutput(fixture("pnpm-fetch-404.txt")),
    expected: [
      {
        step: "install",
        code: "ERR_PNPM_FETCH_404",
        severity: "error",
        message: /Failed to resolve appgen-no-such-package-xyz@1\.0\.0/,
      },
    ],
  },
  {
    name: "db:setup: a failing seed statement",
    parse: () => diagnoseStep({ step: "database", log: fixture("db-setup-failure.txt"), failed: true }),
    expected: [
      {
        step: "database",
        code: "db-setup",
        severity: "error",
        message: /^relation "no_such_table" does not exist\n\(after supabase\/migrations\/\S+\.sql was applied\)$/,
      },
    ],
  },
  {
    name: "db:migrate: a failing migration, rolled back, pointing at its file",
    parse: () => diagnoseStep({ step: "database", log: fixture("db-migrate-failure.txt"), failed: true }),
    expected: [
      {
        step: "database",
        code: "db-setup",
        severity: "error",
        file: "supabase/migrations/20250301120000_add_company.sql",
        message:
          /^supabase\/migrations\/20250301120000_add_company\.sql failed: relation "public\.companies" does not exist\n  rolled back: nothing of \S+ was applied; applied before it: supabase\/migrations\/20250101000000_appgen_schema\.sql$/,
      },
    ],
  },
];

describe("tool-output parsers on real captures", () => {
  it.each(cases)("$name", ({ parse, expected }) => {
    const diagnostics = parse();
    expect(diagnostics).toHaveLength(expected.length);
    diagnostics.forEach((diagnostic, index) => {
      const { message, ...location } = expected[index] as Expected;
      const { message: actual, ...rest } = diagnostic;
      expect(rest).toEqual(location);
      expect(actual).toMatch(message);
      expect(actual).not.toMatch(/\u001b/);
    });
  });

  it("summarizes the Playwright run from the JSON report's stats", () => {
    expect(summarizePlaywrightJson(fixture("playwright-failures.json"))).toBe("10 passed, 2 failed");
  });
});

describe("diagnoseStep", () => {
  it("prefers eslint's JSON and falls back to the stylish log when there is none", () => {
    const fromJson = diagnoseStep(
      { step: "lint", log: "", eslintJson: fixture("eslint.json"), failed: true },
      { appDir },
    );
    const fromLog = diagnoseStep({ step: "lint", log: fixture("eslint-stylish.txt"), failed: true }, { appDir });
    expect(fromJson.map((d) => d.message)).toContain("Unexpected any. Specify a different type.");
    expect(fromLog.map((d) => [d.file, d.line, d.code])).toEqual(fromJson.map((d) => [d.file, d.line, d.code]));
  });

  it("prefers Playwright's JSON and falls back to the list reporter's log", () => {
    const fromJson = diagnoseStep(
      { step: "e2e", log: "", playwrightJson: fixture("playwright-failures.json"), failed: true },
      { appDir },
    );
    const fromLog = diagnoseStep(
      { step: "e2e", log: fixture("playwright-list.txt"), playwrightJson: "not json", failed: true },
      { appDir },
    );
    expect(fromLog.map((d) => [d.file, d.line, d.code])).toEqual(fromJson.map((d) => [d.file, d.line, d.code]));
  });

  it("gives a failed step whose output no parser knows one diagnostic with the output's last lines", () => {
    const log =
      "> next start\nError: listen EADDRINUSE: address already in use 127.0.0.1:3000\n    at Server.setupListenHandle\n[ELIFECYCLE] Command failed with exit code 1.\n";
    const [only, ...others] = diagnoseStep({ step: "start", log, failed: true });
    expect(others).toEqual([]);
    expect(only).toEqual({
      step: "start",
      severity: "error",
      message:
        "> next start\nError: listen EADDRINUSE: address already in use 127.0.0.1:3000\n    at Server.setupListenHandle",
    });
  });

  it("finds nothing in the output of passing steps", () => {
    expect(diagnoseStep({ step: "typecheck", log: "$ tsc --noEmit\n", failed: false })).toEqual([]);
    expect(
      diagnoseStep({
        step: "install",
        log: "Lockfile is up to date\nDone in 1.1s using pnpm v12.21.0\n",
        failed: false,
      }),
    ).toEqual([]);
  });

  it("reads pnpm's own error in any step (a script the app does not have)", () => {
    const log = ' ERR_PNPM_NO_SCRIPT  Missing script: typecheck\n\nCommand "typecheck" not found.\n';
    expect(diagnoseStep({ step: "typecheck", log, failed: true })).toEqual([
      {
        step: "typecheck",
        severity: "error",
        code: "ERR_PNPM_NO_SCRIPT",
        message: 'Missing script: typecheck\nCommand "typecheck" not found.',
      },
    ]);
  });
});

describe("formats other tool versions print", () => {
  // Next 15 and webpack builds; inputs written in those versions' shapes, as the diagnose Action may meet them.
  it.each([
    {
      name: "Next 15 type error",
      output:
        "Failed to compile.\n\n./lib/utils.ts:8:14\nType error: Type 'string' is not assignable to type 'number'.\n\n   6 | \n>  8 | export const total: number = \"0\";\n",
      expected: {
        step: "build",
        severity: "error",
        file: "lib/utils.ts",
        line: 8,
        column: 14,
        code: "type-error",
        message: "Type error: Type 'string' is not assignable to type 'number'.",
      },
    },
    {
      name: "webpack module not found (no position)",
      output:
        "Failed to compile.\n\n./app/page.tsx\nModule not found: Can't resolve '@/lib/missing'\n\nhttps://nextjs.org/docs/messages/module-not-found\n",
      expected: {
        step: "build",
        severity: "error",
        file: "app/page.tsx",
        code: "module-not-found",
        message: "Module not found: Can't resolve '@/lib/missing'",
      },
    },
    {
      name: "prerender failure without a location",
      output:
        'Error occurred prerendering page "/". Read more: https://nextjs.org/docs/messages/prerender-error\nError: DATABASE_URL is not set\n    at db (lib/db.ts:4:11)\n',
      expected: {
        step: "build",
        severity: "error",
        code: "prerender-error",
        message: "Error: DATABASE_URL is not set",
      },
    },
  ])("$name", ({ output, expected }) => {
    expect(parseNextBuildOutput(output)).toEqual([expected]);
  });
});

describe("stripAnsi", () => {
  it.each([
    ["\u001b[96mlib/utils.ts\u001b[0m:\u001b[93m8\u001b[0m", "lib/utils.ts:8"],
    ["\u001b]8;;https://nextjs.org\u0007link\u001b]8;;\u0007", "link"],
    ["plain", "plain"],
  ])("%j -> %j", (input, output) => {
    expect(stripAnsi(input)).toBe(output);
  });
});
