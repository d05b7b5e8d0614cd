// planFix on a real generated app with the tools' real output: deterministic fixers first (no model call), then
// the model through the real openai adapter against a scripted OpenAI-compatible server on 127.0.0.1: what the
// prompt holds (and never holds), and what happens to good, malicious and refused answers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createOpenAiLlm } from "../../../app/adapters/openai-llm.ts";
import {
  auditVerdict,
  licensesVerdict,
  parseEslintJson,
  parsePnpmOutput,
  parseTypeScriptOutput,
} from "../../../app/core/diagnostics/index.ts";
import { AppgenError } from "../../../app/core/errors.ts";
import {
  dependencyChecksNote,
  failingProblems,
  filesNeededForFix,
  fixableProblems,
  planFix,
} from "../../../app/core/fix/plan.ts";
import type { Diagnostic, DiagnosticsReport, Step } from "../../../app/core/schema-types/diagnostics.ts";
import { completion, refusal, startFakeOpenAiServer, type FakeOpenAiServer } from "../../helpers/fake-openai-server.ts";
import { BREAKS, breakApp, CAPTURE_DIR, expensesManifest, FIXTURES, renderExpensesApp } from "./broken-app.ts";

const apiKey = "sk-test-plan-fix-0123456789abcdef";
const manifest = expensesManifest();
const original = renderExpensesApp();
const lintProblems = parseEslintJson(readFileSync(join(FIXTURES, "eslint.json"), "utf8"), { appDir: CAPTURE_DIR });
const typeProblems = parseTypeScriptOutput(readFileSync(join(FIXTURES, "tsc.txt"), "utf8"), { appDir: CAPTURE_DIR });
const LLM_BREAKS = BREAKS.filter((b) => !b.deterministic);
const LLM_FILES = LLM_BREAKS.map((b) => b.file);

/** A report as `appgen check` writes it: the given steps failed with these diagnostics, later steps skipped. */
function failedReport(failures: Partial<Record<Step, Diagnostic[]>>): DiagnosticsReport {
  const order: Step[] = ["install", "audit", "licenses", "lint", "typecheck", "build", "database", "start", "e2e"];
  const firstFailure = order.findIndex((s) => failures[s] !== undefined);
  return {
    version: 1,
    ok: false,
    app_dir: CAPTURE_DIR,
    started_at: "2026-01-01T00:00:00.000Z",
    duration_ms: 1000,
    steps: order.map((step, i) => {
      const diagnostics = failures[step];
      if (diagnostics) return { step, status: "failed", duration_ms: 10, command: step, diagnostics };
      return i < firstFailure || step === "database" || step === "audit" || step === "licenses"
        ? { step, status: "passed", duration_ms: 10, command: step, diagnostics: [] }
        : { step, status: "skipped", duration_ms: 0, command: step, diagnostics: [] };
    }),
  };
}

function gitDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after)
    .replace(/^=+\n/m, "")
    .replace(/^Index: .*\n/m, "");
}

async function refusalOf(promise: Promise<unknown>): Promise<AppgenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppgenError) return error;
    throw error;
  }
  throw new Error("expected an AppgenError");
}

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  expect(server.pending()).toBe(0);
});
const llm = () =>
  createOpenAiLlm({ apiKey, baseURL: server.baseURL, model: "fix-model", maxRetries: 0, timeoutMs: 10_000 });

describe("planFix", () => {
  it("uses the deterministic fixers first and does not call the model when they repair something", async () => {
    const report = failedReport({ lint: lintProblems, typecheck: typeProblems });
    const plan = await planFix({ report, files: breakApp(original), manifest }, { llm: llm() });
    expect(plan.fixer).toBe("deterministic");
    expect(plan.changes.map((c) => c.path).sort()).toEqual(
      BREAKS.filter((b) => b.deterministic)
        .map((b) => b.file)
        .filter((f, i, all) => all.indexOf(f) === i)
        .sort(),
    );
    expect(plan.usage.totalTokens).toBe(0);
    expect(plan.explanation).toMatch(/2 other problems are left for the next attempt\.$/);
    expect(server.requests).toEqual([]);
  });

  it("asks the model for a unified diff of the implicated files and applies it", async () => {
    const broken = breakApp(original, LLM_BREAKS);
    const report = failedReport({ typecheck: typeProblems.filter((d) => LLM_FILES.includes(d.file ?? "")) });
    const diff = LLM_FILES.map((f) => gitDiff(f, broken.get(f)!, original.get(f)!)).join("");
    server.enqueue(
      completion(
        `The page passed a prop EntityList does not take, and pageSize held a string.\n\n\`\`\`diff\n${diff}\`\`\`\n`,
      ),
    );

    const plan = await planFix({ report, files: broken, manifest }, { llm: llm() });
    expect(plan.fixer).toBe("llm");
    expect(plan.changes).toEqual(
      LLM_FILES.map((path) => ({ path, content: original.get(path) })).sort((a, b) => a.path.localeCompare(b.path)),
    );
    expect(plan.explanation).toBe("The page passed a prop EntityList does not take, and pageSize held a string.");
    expect(plan.usage).toEqual({ promptTokens: 100, completionTokens: 50, totalTokens: 150 });
    expect(plan.addressed.map((d) => d.file).sort()).toEqual([...LLM_FILES].sort());

    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body.temperature).toBe(0);
    expect(body.model).toBe("fix-model");
    const [system, user] = body.messages;
    expect(system?.content).toMatch(/unified diff/);
    expect(user?.content).toContain(
      "- [typecheck] lib/app-config.ts:7:14 error TS2322: Type 'string' is not assignable to type 'number'.",
    );
    expect(user?.content).toContain("    Property 'colour' does not exist on type");
    expect(user?.content).toContain('7 | export const pageSize: number = "20";');
    expect(user?.content).toContain("### app/(app)/categories/page.tsx");
    expect(user?.content).toContain(`"name": "${manifest.name}"`);
    // Only the implicated files are shown, not the rest of the app.
    expect(user?.content).not.toContain("### components/ui/button.tsx");
    expect(user?.content).not.toContain("### lib/utils.ts");
  });

  it("never sends a secret found in a file, and still applies a patch whose context the model saw redacted", async () => {
    const secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    const base = breakApp(
      original,
      LLM_BREAKS.filter((b) => b.file === "lib/app-config.ts"),
    );
    const withSecret = `${base.get("lib/app-config.ts")}export const analyticsKey = "${secret}";\n`;
    const files = new Map(base).set("lib/app-config.ts", withSecret);
    const report = failedReport({ typecheck: typeProblems.filter((d) => d.file === "lib/app-config.ts") });
    const redactedBefore = withSecret.replace(secret, "[REDACTED]");
    server.enqueue(
      completion(
        `\`\`\`diff\n${gitDiff("lib/app-config.ts", redactedBefore, redactedBefore.replace('"20"', "20"))}\`\`\``,
      ),
    );

    const plan = await planFix({ report, files, manifest }, { llm: llm() });
    expect(plan.changes).toEqual([{ path: "lib/app-config.ts", content: withSecret.replace('"20"', "20") }]);
    expect(server.requests[0]?.raw).not.toContain(secret);
    expect(server.requests[0]?.raw).toContain("[REDACTED]");
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it.each([
    [".github/workflows/appgen-ci.yml", "PATCH_PROTECTED_PATH"],
    ["../package.json", "PATCH_OUTSIDE_APP"],
    ["lib/utils.ts", "PATCH_NOT_IMPLICATED"],
  ] as const)("refuses a model patch that touches %s (%s)", async (path, code) => {
    const broken = breakApp(original, LLM_BREAKS);
    const report = failedReport({ typecheck: typeProblems.filter((d) => LLM_FILES.includes(d.file ?? "")) });
    const good = gitDiff("lib/app-config.ts", broken.get("lib/app-config.ts")!, original.get("lib/app-config.ts")!);
    server.enqueue(completion(`\`\`\`diff\n${good}${gitDiff(path, "a\n", "b\n")}\`\`\``));
    const error = await refusalOf(planFix({ report, files: broken, manifest }, { llm: llm() }));
    expect(error.code).toBe(code);
  });

  it("reports a refusal by the model", async () => {
    server.enqueue(refusal("I cannot help with that."));
    const report = failedReport({ typecheck: typeProblems.filter((d) => d.file === "lib/app-config.ts") });
    const error = await refusalOf(planFix({ report, files: breakApp(original, LLM_BREAKS), manifest }, { llm: llm() }));
    expect(error.code).toBe("LLM_REFUSED");
    expect(error.message).toMatch(/I cannot help with that/);
  });

  it("does not try to patch an outdated lockfile, and says what to run instead", async () => {
    const log = readFileSync(
      join(import.meta.dirname, "../../fixtures/tool-output/pnpm-outdated-lockfile.txt"),
      "utf8",
    );
    const report = failedReport({ install: parsePnpmOutput(log, { step: "install" }) });
    const error = await refusalOf(planFix({ report, files: original, manifest }, { llm: llm() }));
    expect(error.code).toBe("FIX_NOT_POSSIBLE");
    expect(error.problems).toEqual([
      expect.objectContaining({ path: "pnpm-lock.yaml", fix: expect.stringMatching(/pnpm install --lockfile-only/) }),
    ]);
    expect(server.requests).toEqual([]);
  });

  it("without a model, says that nothing deterministic applies and how to configure one", async () => {
    const report = failedReport({ typecheck: typeProblems.filter((d) => LLM_FILES.includes(d.file ?? "")) });
    const error = await refusalOf(planFix({ report, files: breakApp(original, LLM_BREAKS), manifest }));
    expect(error.code).toBe("FIX_NOT_POSSIBLE");
    expect(error.message).toMatch(/OPENAI_API_KEY/);
    expect(error.problems.map((p) => p.path).sort()).toEqual([...LLM_FILES].sort());
  });

  it("has nothing to do for a passing check", async () => {
    const passing: DiagnosticsReport = { ...failedReport({}), ok: true };
    const error = await refusalOf(planFix({ report: passing, files: original, manifest }));
    expect(error.code).toBe("FIX_NOT_POSSIBLE");
    expect(error.message).toMatch(/check passed/);
  });
});

describe("the dependency checks are never given to a fixer", () => {
  const toolOutput = (name: string) =>
    readFileSync(join(import.meta.dirname, "../../fixtures/tool-output", name), "utf8");
  const audit = auditVerdict(toolOutput("pnpm-audit-vulnerable.json"));
  const licenses = licensesVerdict(toolOutput("pnpm-licenses-gpl.json"));
  const withDependencies = (report: DiagnosticsReport, which: ("audit" | "licenses")[]): DiagnosticsReport => ({
    ...report,
    ok: false,
    steps: report.steps.map((step) => {
      if (step.step === "audit" && which.includes("audit"))
        return { ...step, status: "failed", summary: audit.summary ?? "", diagnostics: audit.diagnostics };
      if (step.step === "licenses" && which.includes("licenses"))
        return { ...step, status: "failed", summary: licenses.summary ?? "", diagnostics: licenses.diagnostics };
      return step;
    }),
  });

  it.each([
    {
      which: ["audit"] as const,
      note: /^the dependency audit failed \(1 high, 1 moderate advisories in 179 production dependencies \(fails at high\)\); appgen never sends these to its model/,
    },
    {
      which: ["licenses"] as const,
      note: /^the licence check failed \(1 of 151 production dependencies not allowed\); appgen never sends these/,
    },
    { which: ["audit", "licenses"] as const, note: /^the dependency audit and the licence check failed/ },
  ])(
    "$which alone: refused before any model call, with the reason and a remedy per problem",
    async ({ which, note }) => {
      const report = withDependencies({ ...failedReport({}), ok: false }, [...which]);
      expect(dependencyChecksNote(report)).toMatch(note);
      expect(fixableProblems(report)).toEqual([]);
      expect(failingProblems(report).length).toBeGreaterThan(0); // still shown to the person who takes over
      const error = await refusalOf(planFix({ report, files: original, manifest }, { llm: llm() }));
      expect(error.code).toBe("FIX_NOT_POSSIBLE");
      expect(error.message).toMatch(/^only the dependency checks failed, and /);
      expect(error.problems.length).toBe(failingProblems(report).length);
      expect(error.problems.every((p) => /upgrade the package|licenses\.allow_packages/.test(p.fix ?? ""))).toBe(true);
      expect(server.requests).toEqual([]);
    },
  );

  it("beside code problems: the code is fixed, the dependencies are left and said to be left", async () => {
    const report = withDependencies(failedReport({ lint: lintProblems, typecheck: typeProblems }), [
      "audit",
      "licenses",
    ]);
    const plan = await planFix({ report, files: breakApp(original), manifest }, { llm: llm() });
    expect(plan.fixer).toBe("deterministic");
    expect(plan.addressed.some((d) => d.step === "audit" || d.step === "licenses")).toBe(false);
    expect(plan.explanation).toMatch(/Not attempted: the dependency audit and the licence check failed/);
    expect(filesNeededForFix(report, original.keys())).toEqual(
      filesNeededForFix(failedReport({ lint: lintProblems, typecheck: typeProblems }), original.keys()),
    );
    expect(server.requests).toEqual([]);
  });
});

describe("filesNeededForFix", () => {
  it("names the implicated files and the vendored UI components, nothing else", () => {
    const report = failedReport({ lint: lintProblems, typecheck: typeProblems });
    const needed = filesNeededForFix(report, original.keys());
    const implicated = [...new Set(BREAKS.map((b) => b.file))];
    const ui = [...original.keys()].filter((p) => p.startsWith("components/ui/"));
    expect(needed).toEqual([...implicated, ...ui].sort());
  });
});
