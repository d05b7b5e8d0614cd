// Deterministic fixers run before any model: each repairs one kind of diagnostic it has fully understood, and
// their edits are merged per file. Problems no patch can solve (a lockfile out of date, a missing browser) are
// recognised here too, so that neither fixers nor the LLM try.
import type { FileChange } from "../ports.ts";
import type { Diagnostic } from "../schema-types/diagnostics.ts";
import { missingImportFixer } from "./fixers/missing-import.ts";
import { preferConstFixer } from "./fixers/prefer-const.ts";
import type { Fixer } from "./fixers/types.ts";
import { unescapedEntityFixer } from "./fixers/unescaped-entity.ts";
import { unusedImportFixer } from "./fixers/unused-import.ts";
import { applyEdits, editsDisjoint, parseSource, type TextEdit } from "./source.ts";

export const FIXERS: readonly Fixer[] = [missingImportFixer, unusedImportFixer, preferConstFixer, unescapedEntityFixer];

export interface DeterministicFix {
  changes: FileChange[];
  /** The diagnostics the changes repair. */
  fixed: Diagnostic[];
  notes: string[];
}

export function runDeterministicFixers(
  problems: readonly Diagnostic[],
  files: ReadonlyMap<string, string>,
  fixers: readonly Fixer[] = FIXERS,
): DeterministicFix {
  const byFile = new Map<string, Diagnostic[]>();
  for (const problem of problems) {
    if (problem.file === undefined || !files.has(problem.file)) continue;
    byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  }
  const result: DeterministicFix = { changes: [], fixed: [], notes: [] };
  for (const [path, diagnostics] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const text = files.get(path) ?? "";
    const source = parseSource(path, text);
    if (!source) continue;
    const accepted: TextEdit[] = [];
    for (const fixer of fixers) {
      const mine = diagnostics.filter((d) => fixer.recognises(d));
      if (!mine.length) continue;
      const outcome = fixer.fix(source, mine, { files });
      // Two fixers touching the same text would each have reasoned about the original; keep the first.
      if (!outcome.edits.length || !editsDisjoint(accepted, outcome.edits)) continue;
      accepted.push(...outcome.edits);
      result.fixed.push(...outcome.fixed);
      result.notes.push(...outcome.notes);
    }
    if (!accepted.length) continue;
    const fixedText = applyEdits(text, accepted);
    if (fixedText !== text) result.changes.push({ path, content: fixedText });
  }
  return result;
}

export interface Unfixable {
  diagnostic: Diagnostic;
  /** What a person (or the environment) has to do instead. */
  remedy: string;
}

/** Problems that a change to the app's source cannot solve; their presence stops the fix before anything runs. */
export function unfixableProblems(problems: readonly Diagnostic[]): Unfixable[] {
  return problems.flatMap((diagnostic): Unfixable[] => {
    const code = diagnostic.code ?? "";
    if (code === "ERR_PNPM_OUTDATED_LOCKFILE") {
      return [
        {
          diagnostic,
          remedy:
            "pnpm-lock.yaml no longer matches package.json, and a lockfile is written by pnpm, not by a patch: run `pnpm install --lockfile-only` in the app and commit pnpm-lock.yaml",
        },
      ];
    }
    if (diagnostic.step === "install" && code.startsWith("ERR_PNPM_")) {
      return [
        {
          diagnostic,
          remedy: `pnpm could not install the dependencies (${code}); check the registry, the network and package.json, then run \`pnpm install\` and commit pnpm-lock.yaml`,
        },
      ];
    }
    if (code === "chromium-missing")
      return [
        {
          diagnostic,
          remedy: "install Chromium on the machine that runs the checks (`npm run setup`) or set CHROMIUM_PATH",
        },
      ];
    return [];
  });
}
