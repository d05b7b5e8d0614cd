// The verbatim part of the generated project: every file under templates/base, read once per process.
// Reading packaged template files is the stage's only I/O; the rendering itself stays a pure function.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { GeneratedFile } from "../types.ts";

export const TEMPLATE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../../templates/base");

/** Files that would act on our own repository if stored under their real names; renamed when rendered. */
const RENAMED: Record<string, string> = { _gitignore: ".gitignore" };
const SKIPPED_DIRS = new Set(["node_modules", ".next", "test-results", "playwright-report"]);
/** Rendered from the manifest instead of copied (package.json gets the app's name). */
export const RENDERED_FROM_TEMPLATE = new Set(["package.json"]);

let cache: readonly GeneratedFile[] | undefined;

export function baseTemplateFiles(root = TEMPLATE_ROOT): readonly GeneratedFile[] {
  if (root === TEMPLATE_ROOT && cache) return cache;
  const files: GeneratedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
        continue;
      }
      const path = relative(root, join(dir, entry.name)).split(sep).join("/");
      const base = path.split("/").pop() ?? path;
      const renamed = RENAMED[base] ? path.slice(0, path.length - base.length) + RENAMED[base] : path;
      files.push({ path: renamed, content: readFileSync(join(dir, entry.name), "utf8") });
    }
  };
  walk(root);
  if (root === TEMPLATE_ROOT) cache = files;
  return files;
}
