import type { Diagnostic } from "../../schema-types/diagnostics.ts";
import type { SourceText, TextEdit } from "../source.ts";

export interface FixContext {
  /** Every file the caller read, by app-relative path (at least the implicated files and components/ui/*). */
  files: ReadonlyMap<string, string>;
}

export interface FixerOutcome {
  edits: TextEdit[];
  /** The diagnostics these edits repair; a recognised diagnostic the fixer could not repair safely is left out. */
  fixed: Diagnostic[];
  /** One line per repair, for the commit message and the CLI, e.g. "import Button from @/components/ui/button". */
  notes: string[];
}

/**
 * A deterministic repair of one kind of diagnostic. It edits only what it has understood through the parser and
 * declines (fixes nothing) whenever the repair could change what the program means.
 */
export interface Fixer {
  readonly name: string;
  recognises(diagnostic: Diagnostic): boolean;
  /** All recognised diagnostics of one file at once, so that repairs of the same statement are made together. */
  fix(file: SourceText, diagnostics: readonly Diagnostic[], context: FixContext): FixerOutcome;
}

export const NOTHING: FixerOutcome = { edits: [], fixed: [], notes: [] };
