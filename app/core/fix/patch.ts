// Applies a unified diff written by a model, which is untrusted input: it may only edit files the diagnostics
// implicate, inside the app, outside .github/ (workflows run with the repository's secrets), as text, and within a
// size limit. Every refusal is an AppgenError whose code says why. Applying uses the `diff` package.
import { applyPatch, parsePatch, type StructuredPatch } from "diff";
import type { FileChange } from "../ports.ts";
import { AppgenError } from "../errors.ts";
import { REDACTED, redactSecrets } from "../redact.ts";

export const DEFAULT_MAX_CHANGED_LINES = 400;

export interface PatchOptions {
  /** Current content of the files the patch may edit, by app-relative path. */
  files: ReadonlyMap<string, string>;
  /** The only paths the patch may touch. */
  implicated: ReadonlySet<string>;
  /** Added plus removed lines over the whole patch. */
  maxChangedLines?: number;
}

export function applyUnifiedDiff(diff: string, options: PatchOptions): FileChange[] {
  const maxChangedLines = options.maxChangedLines ?? DEFAULT_MAX_CHANGED_LINES;
  if (/^GIT binary patch$/m.test(diff) || /^Binary files .* differ$/m.test(diff)) {
    throw new AppgenError("PATCH_BINARY", "the patch contains a binary change; fixes may only edit text files.");
  }
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(recountHunks(diff));
  } catch (error) {
    throw new AppgenError(
      "PATCH_INVALID",
      `the patch is not a readable unified diff (${error instanceof Error ? error.message : String(error)}).`,
      [],
      { cause: error },
    );
  }
  patches = patches.filter((p) => p.hunks.length || p.oldFileName !== undefined || p.newFileName !== undefined);
  if (!patches.some((p) => p.hunks.length))
    throw new AppgenError("PATCH_INVALID", "the patch changes nothing: it has no hunk (@@ … @@) to apply.");

  const targets = patches.map((patch) => ({ patch, path: checkedPath(patch, options.implicated) }));
  const changed = patches.reduce(
    (sum, p) =>
      sum + p.hunks.reduce((n, h) => n + h.lines.filter((l) => l.startsWith("+") || l.startsWith("-")).length, 0),
    0,
  );
  if (changed > maxChangedLines) {
    throw new AppgenError(
      "PATCH_TOO_LARGE",
      `the patch changes ${changed} lines, more than the ${maxChangedLines} a fix may change; a change this large needs a person (or /regenerate).`,
    );
  }
  for (const { patch, path } of targets) {
    const written = patch.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith("+") && l.includes(REDACTED)));
    if (written.length) {
      throw new AppgenError(
        "PATCH_INVALID",
        `the patch writes the ${REDACTED} placeholder into ${path}; secrets were hidden from the model and must not be replaced by the placeholder.`,
      );
    }
  }

  const contents = new Map<string, string>();
  for (const { patch, path } of targets) {
    const before = contents.get(path) ?? options.files.get(path);
    if (before === undefined)
      throw new AppgenError("PATCH_NOT_IMPLICATED", `the patch edits ${path}, whose content was not given to the fix.`);
    const after = applyPatch(before, patch, {
      // The model saw the files with secrets redacted; its context lines match the redacted form of a line.
      compareLine: (_lineNumber, line, _operation, patchContent) =>
        line === patchContent || (patchContent.includes(REDACTED) && redactSecrets(line) === patchContent),
    });
    if (after === false) {
      throw new AppgenError(
        "PATCH_DOES_NOT_APPLY",
        `the patch does not apply to ${path}: its context or removed lines are not in the file as it is now.`,
      );
    }
    contents.set(path, after);
  }
  return [...contents]
    .filter(([path, content]) => content !== options.files.get(path))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => ({ path, content }));
}

/** The app-relative path a file patch edits, after every safety check; throws the refusal otherwise. */
function checkedPath(patch: StructuredPatch, implicated: ReadonlySet<string>): string {
  const oldName = patch.oldFileName;
  const newName = patch.newFileName;
  const gitPrefixes =
    (oldName === undefined || oldName === "/dev/null" || oldName.startsWith("a/")) &&
    (newName === undefined || newName === "/dev/null" || newName.startsWith("b/"));
  const strip = (name: string | undefined) =>
    name === undefined || name === "/dev/null" || !gitPrefixes ? name : name.slice(2);
  const from = strip(oldName);
  const to = strip(newName);
  for (const name of [from, to]) if (name !== undefined && name !== "/dev/null") checkSafe(name, implicated);
  if (from === undefined || to === undefined)
    throw new AppgenError(
      "PATCH_INVALID",
      "a file patch lacks its ---/+++ header, so it is not clear which file it edits.",
    );
  if (from === "/dev/null")
    throw new AppgenError(
      "PATCH_NOT_IMPLICATED",
      `the patch creates ${to}; a fix may only edit the files named by the diagnostics.`,
    );
  if (to === "/dev/null" || patch.isDelete)
    throw new AppgenError("PATCH_INVALID", `the patch deletes ${from}; a fix may edit files, not delete them.`);
  if (from !== to || patch.isRename || patch.isCopy)
    throw new AppgenError(
      "PATCH_INVALID",
      `the patch renames or copies ${from} to ${to}; a fix may only edit files in place.`,
    );
  if (patch.isCreate)
    throw new AppgenError(
      "PATCH_NOT_IMPLICATED",
      `the patch creates ${to}; a fix may only edit the files named by the diagnostics.`,
    );
  return to;
}

function checkSafe(name: string, implicated: ReadonlySet<string>): void {
  const path = name.trim();
  if (
    path.startsWith("/") ||
    path.startsWith("~") ||
    /^[A-Za-z]:/.test(path) ||
    path.includes("\\") ||
    path.includes("\0")
  ) {
    throw new AppgenError(
      "PATCH_OUTSIDE_APP",
      `the patch names ${JSON.stringify(path)}, which is not a path inside the app; paths must be relative to the app root.`,
    );
  }
  const segments = path.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === "")) {
    throw new AppgenError(
      "PATCH_OUTSIDE_APP",
      `the patch names ${JSON.stringify(path)}, which leaves the app or is not a plain relative path.`,
    );
  }
  if (segments[0] === ".github" || segments[0] === ".git") {
    throw new AppgenError(
      "PATCH_PROTECTED_PATH",
      `the patch edits ${path}; files under ${segments[0]}/ (workflows, repository settings) are never changed by an automatic fix.`,
    );
  }
  if (!implicated.has(path)) {
    throw new AppgenError(
      "PATCH_NOT_IMPLICATED",
      `the patch edits ${path}, which no diagnostic names; a fix may only edit the implicated files (${[...implicated].join(", ") || "none"}).`,
    );
  }
}

/**
 * Models often miscount the line numbers in "@@ -a,b +c,d @@" while the hunk body is right. The counts are
 * recomputed from the body (an empty line inside a hunk is an empty context line), so a well-formed body is not
 * refused for its header. Where the hunk sits is still decided by its context lines when it is applied.
 */
export function recountHunks(diff: string): string {
  const lines = diff.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(lines[i] ?? "");
    if (!header) {
      out.push(lines[i] ?? "");
      continue;
    }
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (
        line.startsWith("@@ ") ||
        line.startsWith("diff --git ") ||
        (line.startsWith("--- ") && (lines[j + 1] ?? "").startsWith("+++ "))
      )
        break;
      if (line === "") body.push("");
      else if (/^[ +\-\\]/.test(line)) body.push(line);
      else break;
    }
    // Blank lines between the hunk and what follows it (the next file, prose) are not part of the hunk.
    let kept = body.length;
    while (kept > 0 && body[kept - 1] === "") kept--;
    j -= body.length - kept;
    body.length = kept;
    for (let k = 0; k < body.length; k++) if (body[k] === "") body[k] = " ";
    const oldCount = body.filter((l) => l.startsWith(" ") || l.startsWith("-")).length;
    const newCount = body.filter((l) => l.startsWith(" ") || l.startsWith("+")).length;
    const oldStart = Math.max(Number(header[1]), oldCount ? 1 : 0);
    const newStart = Math.max(Number(header[2]), newCount ? 1 : 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@${header[3] ?? ""}`, ...body);
    i = j - 1;
  }
  return out.join("\n");
}
