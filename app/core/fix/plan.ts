// From a failed check to a patch: deterministic fixers first, the model only when none applies. Pure apart from the
// Llm port; the CLI (`appgen fix`) and the GitHub App's auto-fix both call planFix and commit what it returns.
import type { FileChange, Llm } from "../ports.ts";
import { AppgenError } from "../errors.ts";
import type { Manifest } from "../manifest/index.ts";
import { NO_USAGE, type TokenUsage } from "../planners/types.ts";
import { DEPENDENCY_STEPS } from "../diagnostics/dependencies.ts";
import { redactSecrets } from "../redact.ts";
import type { Diagnostic, DiagnosticsReport } from "../schema-types/diagnostics.ts";
import { runDeterministicFixers, unfixableProblems } from "./deterministic.ts";
import { applyUnifiedDiff, DEFAULT_MAX_CHANGED_LINES } from "./patch.ts";
import { buildFixPrompt, extractDiff, promptFiles } from "./prompt.ts";

export interface FixRequest {
  report: DiagnosticsReport;
  /** Files of the app by app-relative path: at least those `filesNeededForFix` names. */
  files: ReadonlyMap<string, string>;
  manifest: Manifest;
}

export interface FixOptions {
  /** The model for repairs no deterministic fixer covers; without it only deterministic fixes are made. */
  llm?: Llm | undefined;
  maxChangedLines?: number;
}

export interface FixPlan {
  /** Files to write, relative to the app root; never empty. */
  changes: FileChange[];
  fixer: "deterministic" | "llm";
  /** What was changed and why, in a sentence or a few lines; redacted. */
  explanation: string;
  /** The diagnostics the fix addresses. */
  addressed: Diagnostic[];
  usage: TokenUsage;
}

/** Diagnostics of the steps that failed: the problems a fix has to make go away (warnings count: lint allows none). */
export function failingProblems(report: DiagnosticsReport): Diagnostic[] {
  return report.steps.filter((step) => step.status === "failed").flatMap((step) => step.diagnostics);
}

/**
 * The failing problems a fix may work on: everything but the dependency audit and the licence check. Those are
 * reported like the others but never reach a fixer or the model: a vulnerable or non-allowed dependency is replaced,
 * upgraded or accepted by a person, and the model must not learn to silence either check.
 */
export function fixableProblems(report: DiagnosticsReport): Diagnostic[] {
  return failingProblems(report).filter((d) => !DEPENDENCY_STEPS.has(d.step));
}

/** Why the dependency checks' failures were left to a person; undefined when they passed. */
export function dependencyChecksNote(report: DiagnosticsReport): string | undefined {
  const failed = report.steps.filter((step) => step.status === "failed" && DEPENDENCY_STEPS.has(step.step));
  if (!failed.length) return undefined;
  const names = failed
    .map((step) => (step.step === "audit" ? "the dependency audit" : "the licence check"))
    .join(" and ");
  return `${names} failed (${failed.map((step) => step.summary ?? step.step).join("; ")}); appgen never sends these to its model: upgrade or replace the dependency, or allow it in .github/appgen.yml (licenses), by hand.`;
}

/** Which files planFix reads, given every path of the app: the implicated files and the vendored UI components. */
export function filesNeededForFix(report: DiagnosticsReport, paths: Iterable<string>): string[] {
  const implicated = new Set(fixableProblems(report).flatMap((d) => (d.file === undefined ? [] : [d.file])));
  return [...paths].filter((path) => implicated.has(path) || /^components\/ui\/[\w-]+\.tsx?$/.test(path)).sort();
}

export async function planFix(request: FixRequest, options: FixOptions = {}): Promise<FixPlan> {
  const problems = fixableProblems(request.report);
  const dependencies = dependencyChecksNote(request.report);
  if (!problems.length && dependencies) {
    throw new AppgenError(
      "FIX_NOT_POSSIBLE",
      `only the dependency checks failed, and ${dependencies}`,
      failingProblems(request.report)
        .slice(0, 20)
        .map((d) => ({
          path: d.file ?? d.step,
          message: `${d.code ?? d.step}: ${firstLine(d.message)}`,
          fix:
            d.step === "audit"
              ? "upgrade the package to a fixed version (pnpm update <package>, or an override in package.json) and commit pnpm-lock.yaml"
              : "replace the package, or after review add it to licenses.allow_packages in .github/appgen.yml",
        })),
    );
  }
  if (!problems.length) {
    throw new AppgenError(
      "FIX_NOT_POSSIBLE",
      request.report.ok
        ? "the check passed; there is nothing to fix."
        : "the check failed without a diagnostic to work from; read the step logs named in the report.",
    );
  }
  const unfixable = unfixableProblems(problems);
  if (unfixable.length) {
    throw new AppgenError(
      "FIX_NOT_POSSIBLE",
      `${unfixable.length === 1 ? "this problem" : "these problems"} cannot be fixed by changing the app's code.`,
      unfixable.map((u) => ({
        path: u.diagnostic.file ?? u.diagnostic.step,
        message: `${u.diagnostic.code ?? u.diagnostic.step}: ${firstLine(u.diagnostic.message)}`,
        fix: u.remedy,
      })),
    );
  }

  const deterministic = runDeterministicFixers(problems, request.files);
  if (deterministic.changes.length) {
    const remaining = problems.length - deterministic.fixed.length;
    return {
      changes: deterministic.changes,
      fixer: "deterministic",
      explanation: [
        ...deterministic.notes,
        ...(remaining
          ? [`${remaining} other problem${remaining === 1 ? " is" : "s are"} left for the next attempt.`]
          : []),
        ...(dependencies ? [`Not attempted: ${dependencies}`] : []),
      ].join("\n"),
      addressed: deterministic.fixed,
      usage: NO_USAGE,
    };
  }

  if (!options.llm) {
    throw new AppgenError(
      "FIX_NOT_POSSIBLE",
      "no deterministic fixer applies to these problems and no LLM is configured. Set OPENAI_API_KEY (and OPENAI_BASE_URL for another endpoint), or fix them by hand.",
      problems
        .slice(0, 20)
        .map((d) => ({ path: d.file ?? d.step, message: `${d.code ?? d.step}: ${firstLine(d.message)}` })),
    );
  }
  return llmFix(problems, request, options.llm, options.maxChangedLines ?? DEFAULT_MAX_CHANGED_LINES);
}

async function llmFix(
  problems: Diagnostic[],
  request: FixRequest,
  llm: Llm,
  maxChangedLines: number,
): Promise<FixPlan> {
  const files = promptFiles(problems, request.files);
  if (!files.size) {
    throw new AppgenError(
      "FIX_NOT_POSSIBLE",
      "the diagnostics name no file of the app that could be patched; read the step logs named in the report.",
      problems
        .slice(0, 20)
        .map((d) => ({ path: d.file ?? d.step, message: `${d.code ?? d.step}: ${firstLine(d.message)}` })),
    );
  }
  const response = await llm.chat({
    messages: buildFixPrompt({ problems, files, manifest: request.manifest }),
    temperature: 0,
  });
  if (response.content === undefined) {
    throw new AppgenError(
      "LLM_REFUSED",
      `the model declined to write a fix: ${response.refusal ?? "no reason given"}. Fix the problems by hand.`,
    );
  }
  const { diff, explanation } = extractDiff(response.content);
  const changes = applyUnifiedDiff(diff, { files, implicated: new Set(files.keys()), maxChangedLines });
  if (!changes.length) throw new AppgenError("PATCH_INVALID", "the model's patch leaves every file as it was.");
  const addressed = problems.filter((d) => d.file !== undefined && changes.some((c) => c.path === d.file));
  return {
    changes,
    fixer: "llm",
    explanation:
      redactSecrets(explanation.slice(0, 600)) || `patched ${changes.map((c) => c.path).join(", ")} (${llm.model})`,
    addressed,
    usage: response.usage,
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
