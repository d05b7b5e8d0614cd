// Renders an app from a manifest into a temporary directory and runs `appgen check` on it (the logic lives in
// app/adapters/local-checks.ts). For trying a manifest end to end without a git repository:
//   npx tsx scripts/try-generated-app.ts <manifest.json> [--keep] [--json] [--skip-e2e]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { runLocalChecks } from "../app/adapters/local-checks.ts";
import { renderCheckReport } from "../app/core/check/render.ts";
import { parseManifest } from "../app/core/manifest/index.ts";
import { renderOpenApi } from "../app/core/stages/api/index.ts";
import { renderDatabase } from "../app/core/stages/db/index.ts";
import { renderProject } from "../app/core/stages/files/index.ts";
import { renderUiSpec } from "../app/core/stages/ui/index.ts";

/** Writes every file of the generated project for this manifest into `dir`; answers how many. */
export function renderApp(manifestPath: string, dir: string): number {
  const manifest = parseManifest(readFileSync(manifestPath, "utf8"));
  const files = renderProject(manifest, [...renderDatabase(manifest), renderOpenApi(manifest), renderUiSpec(manifest)]);
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return files.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const manifestPath = args.find((a) => !a.startsWith("--"));
  if (!manifestPath) {
    console.error("usage: npx tsx scripts/try-generated-app.ts <manifest.json> [--keep] [--json] [--skip-e2e]");
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), "appgen-try-"));
  try {
    renderApp(resolve(manifestPath), dir);
    const report = await runLocalChecks({ appDir: dir, skipE2e: args.includes("--skip-e2e"), env: process.env });
    process.stdout.write(args.includes("--json") ? `${JSON.stringify(report, null, 2)}\n` : renderCheckReport(report));
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    if (args.includes("--keep")) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
