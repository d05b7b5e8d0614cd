// The request to the model for a repair: the diagnostics, the implicated files with line numbers, and the manifest,
// all redacted; the answer is a unified diff limited to those files. Pure text in, text out.
import type { ChatMessage } from "../ports.ts";
import { canonicalJson, type Manifest } from "../manifest/index.ts";
import { redactSecrets } from "../redact.ts";
import type { Diagnostic } from "../schema-types/diagnostics.ts";

/** Files beyond this many characters, together, are not sent; the patch may then not touch them either. */
export const MAX_PROMPT_FILE_CHARS = 120_000;
const MAX_DIAGNOSTICS = 60;

export const FIX_SYSTEM_PROMPT = [
  "You repair a generated Next.js (App Router) + TypeScript + Tailwind + shadcn/ui + Postgres app whose checks fail.",
  "You are given the failing diagnostics, the implicated files with line numbers, and the app's manifest.",
  "Answer with ONE unified diff in a ```diff fenced block that makes the diagnostics go away, then nothing else",
  "except at most three sentences before the block saying what you changed and why.",
  "Rules:",
  "- Edit only the files shown below; do not create, delete or rename files; never touch .github/.",
  "- Paths are relative to the app root, with a/ and b/ prefixes: --- a/lib/utils.ts then +++ b/lib/utils.ts.",
  "- Each hunk has a header @@ -start,count +start,count @@ and 3 unchanged context lines copied exactly.",
  "- The line numbers shown before each line ('12 | ') are not part of the file: never copy them into the diff.",
  "- Some values were replaced by [REDACTED]; keep such lines unchanged and never write [REDACTED] in an added line.",
  "- Make the smallest change that fixes the cause; keep the code's style; do not silence errors with `any`,",
  "  `@ts-ignore` or eslint-disable comments.",
].join("\n");

export interface FixPromptInput {
  problems: readonly Diagnostic[];
  /** The implicated files, by app-relative path. */
  files: ReadonlyMap<string, string>;
  manifest: Manifest;
}

export function buildFixPrompt(input: FixPromptInput): ChatMessage[] {
  const shown = input.problems.slice(0, MAX_DIAGNOSTICS).map(renderDiagnostic);
  if (input.problems.length > MAX_DIAGNOSTICS) shown.push(`… and ${input.problems.length - MAX_DIAGNOSTICS} more`);
  const sections = [
    `## Diagnostics (${input.problems.length})`,
    shown.join("\n"),
    "",
    "## Implicated files",
    ...[...input.files].map(([path, content]) => `### ${path}\n\`\`\`\n${numberLines(content)}\n\`\`\``),
    "",
    "## Manifest (appgen/manifest.json)",
    "```json",
    canonicalJson(input.manifest),
    "```",
  ];
  return [
    { role: "system", content: FIX_SYSTEM_PROMPT },
    { role: "user", content: redactSecrets(sections.join("\n")) },
  ];
}

/** The files to show: implicated paths that exist, in diagnostic order, within the prompt budget. */
export function promptFiles(
  problems: readonly Diagnostic[],
  files: ReadonlyMap<string, string>,
  budget = MAX_PROMPT_FILE_CHARS,
): Map<string, string> {
  const chosen = new Map<string, string>();
  let used = 0;
  for (const problem of problems) {
    const path = problem.file;
    if (path === undefined || chosen.has(path)) continue;
    const content = files.get(path);
    if (content === undefined || used + content.length > budget) continue;
    chosen.set(path, content);
    used += content.length;
  }
  return chosen;
}

function renderDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}` : "(no file)";
  const message = d.message.split("\n").join("\n    ");
  return `- [${d.step}] ${where} ${d.severity}${d.code ? ` ${d.code}` : ""}: ${message}`;
}

function numberLines(content: string): string {
  const lines = content.endsWith("\n") ? content.slice(0, -1).split("\n") : content.split("\n");
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)} | ${line}`).join("\n");
}

/** The diff in the model's answer (the first ```diff or ```patch block, else any fence holding a diff, else all) and the prose around it. */
export function extractDiff(answer: string): { diff: string; explanation: string } {
  const fences = [...answer.matchAll(/```([\w-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g)];
  const fence =
    fences.find((f) => f[1] === "diff" || f[1] === "patch") ??
    fences.find((f) => /^(?:---|\+\+\+|@@|diff --git)/m.test(f[2] ?? ""));
  if (!fence) return { diff: answer, explanation: "" };
  const explanation = answer.replace(fence[0], " ").replace(/\s+/g, " ").trim();
  return { diff: fence[2] ?? "", explanation };
}
