// Playwright 1.65: the JSON reporter (what appgen check asks for) and the list/line reporters (what a CI log
// shows). A failed test becomes one diagnostic at the line that failed (the assertion), titled by its test.
import type { Diagnostic } from "../schema-types/diagnostics.ts";
import { appRelativePath, diagnostic, plainLines, positiveInteger, stripAnsi, type ParseOptions } from "./text.ts";

interface Location {
  file?: string;
  line?: number;
  column?: number;
}
interface ReportError {
  message?: string;
  location?: Location;
}
interface TestResult {
  status?: string;
  error?: ReportError;
  errors?: ReportError[];
  errorLocation?: Location;
}
interface ReportTest {
  projectName?: string;
  status?: string;
  results?: TestResult[];
}
interface ReportSpec {
  title?: string;
  file?: string;
  line?: number;
  column?: number;
  tests?: ReportTest[];
}
interface ReportSuite {
  title?: string;
  file?: string;
  specs?: ReportSpec[];
  suites?: ReportSuite[];
}
interface JsonReport {
  config?: { rootDir?: string };
  suites?: ReportSuite[];
  errors?: ReportError[];
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
}

function readReport(json: string): JsonReport | undefined {
  try {
    const report: unknown = JSON.parse(json);
    return typeof report === "object" && report !== null && !Array.isArray(report) ? (report as JsonReport) : undefined;
  } catch {
    return undefined;
  }
}

const CODE_FRAME_LINE = /^\s*>?\s*\d+ \||^\s*\|/;
const STACK_LINE = /^\s*at \S/;

/**
 * The useful head of an error message: the assertion with its expected/received lines and the first lines of
 * the call log (what a locator waited for), without the code frame and stack that the location already gives.
 */
function headline(message: string | undefined, maxLines = 6): string {
  return stripAnsi(message ?? "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() && !CODE_FRAME_LINE.test(line) && !STACK_LINE.test(line))
    .slice(0, maxLines)
    .join("\n");
}

export function parsePlaywrightJson(json: string, options: ParseOptions = {}): Diagnostic[] {
  const report = readReport(json);
  if (!report) return [];
  const rootDir = report.config?.rootDir;
  const specPath = (file: string | undefined) =>
    file === undefined
      ? undefined
      : appRelativePath(rootDir && !file.startsWith("/") ? `${rootDir}/${file}` : file, options.appDir);
  const diagnostics: Diagnostic[] = [];
  for (const error of report.errors ?? []) {
    diagnostics.push(
      diagnostic({
        step: "e2e",
        severity: "error",
        code: "playwright-error",
        file: specPath(error.location?.file),
        line: error.location?.line,
        column: error.location?.column,
        message: headline(error.message, 12),
      }),
    );
  }
  const visit = (suite: ReportSuite, titles: string[]) => {
    const path = suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected" && test.status !== "flaky") continue;
        const failed = [...(test.results ?? [])]
          .reverse()
          .find((result) => result.status !== "passed" && result.status !== "skipped");
        // A timeout reports "Test timeout of 30000ms exceeded." first, then the step that was waiting, with its
        // location; that step is the one to name.
        const errors = failed?.errors?.length ? failed.errors : failed?.error ? [failed.error] : [];
        const located = errors.find((e) => e.location) ?? errors[0];
        const where = located?.location ?? failed?.errorLocation;
        const message = [
          ...new Set(errors.filter((e) => e !== located && !e.location).map((e) => headline(e.message, 1))),
        ];
        const title = [`[${test.projectName ?? "default"}]`, ...path, spec.title ?? ""].join(" › ");
        diagnostics.push(
          diagnostic({
            step: "e2e",
            // A flaky test passed on retry: worth a look, not a failure.
            severity: test.status === "flaky" ? "warning" : "error",
            code:
              test.status === "flaky" ? "test-flaky" : failed?.status === "timedOut" ? "test-timed-out" : "test-failed",
            file: specPath(where?.file ?? spec.file),
            line: where?.line ?? spec.line,
            column: where?.column ?? spec.column,
            message: [title, ...message, headline(located?.message)].filter(Boolean).join("\n"),
          }),
        );
      }
    }
    for (const child of suite.suites ?? []) visit(child, path);
  };
  for (const suite of report.suites ?? []) visit(suite, []);
  return diagnostics;
}

/** "3 passed, 1 failed" from the JSON report's stats; undefined when there is no report. */
export function summarizePlaywrightJson(json: string): string | undefined {
  const stats = readReport(json)?.stats;
  if (!stats) return undefined;
  const parts = [
    [stats.expected, "passed"],
    [stats.unexpected, "failed"],
    [stats.flaky, "flaky"],
    [stats.skipped, "skipped"],
  ] as const;
  return parts
    .filter(([count], index) => index < 2 || (count ?? 0) > 0)
    .map(([count, label]) => `${count ?? 0} ${label}`)
    .join(", ");
}

// "  1) [chromium] › e2e/categories.spec.ts:12:7 › Categories › UI: create, list, edit and delete ──────"
const LIST_FAILURE =
  /^\s*\d+\) \[(?<project>[^\]]+)\] › (?<file>.+?):(?<line>\d+):(?<column>\d+) › (?<title>.*?)\s*─*\s*$/;
const STACK_FRAME = /^\s*at (?:.*\()?(?<file>[^()]+?):(?<line>\d+):(?<column>\d+)\)?$/;

export function parsePlaywrightList(text: string, options: ParseOptions = {}): Diagnostic[] {
  const lines = plainLines(text);
  const diagnostics: Diagnostic[] = [];
  for (let index = 0; index < lines.length; index++) {
    const header = LIST_FAILURE.exec(lines[index] ?? "")?.groups;
    if (!header?.file) continue;
    // The list reporter prints the failure list twice at most (once live, once in the summary); the block runs to
    // the next header or the final counts.
    const block: string[] = [];
    while (
      index + 1 < lines.length &&
      !LIST_FAILURE.test(lines[index + 1] ?? "") &&
      !/^\s+\d+ (failed|passed|flaky|skipped)/.test(lines[index + 1] ?? "")
    ) {
      index++;
      block.push(lines[index] ?? "");
    }
    const specFile = appRelativePath(header.file, options.appDir);
    const frame = block
      .map((line) => STACK_FRAME.exec(line)?.groups)
      .find(
        (groups) =>
          groups?.file !== undefined &&
          appRelativePath(groups.file, options.appDir).endsWith(specFile.split("/").pop() ?? specFile),
      );
    const end = block.findIndex((line) => /^\s*(Error Context:|attachment #)/.test(line));
    const body = end < 0 ? block : block.slice(0, end);
    const indent = Math.min(...body.filter((line) => line.trim()).map((line) => /^ */.exec(line)?.[0].length ?? 0));
    const message = headline(body.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join("\n"), 8);
    diagnostics.push(
      diagnostic({
        step: "e2e",
        severity: "error",
        code: /^Test timeout of/m.test(message) ? "test-timed-out" : "test-failed",
        file: frame?.file ? appRelativePath(frame.file, options.appDir) : specFile,
        line: positiveInteger(frame?.line ?? header.line),
        column: positiveInteger(frame?.column ?? header.column),
        message: `[${header.project}] › ${header.title}\n${message}`,
      }),
    );
  }
  // The summary repeats each failure; keep the first of each test.
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = d.message.split("\n")[0] ?? "";
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
