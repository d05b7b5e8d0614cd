// `appgen check <dir>`: the local form of the generated project's CI. Thin: the adapter runs, core renders.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { runLocalChecks } from "../adapters/local-checks.ts";
import { formatDuration, renderCheckReport } from "../core/check/render.ts";
import { CONFIG_PATH, licensePolicyFromConfig } from "../core/config.ts";
import type { LicensePolicy } from "../core/diagnostics/index.ts";
import { AppgenError } from "../core/errors.ts";
import type { Command } from "./main.ts";

export const checkCommand: Command = {
  summary: "run a generated app's checks locally (install, lint, typecheck, build, database, start, e2e)",
  usage: [
    "Usage: appgen check <app-dir> [--base <git-ref>] [--json] [--skip-e2e]",
    "",
    "Runs the steps of the generated CI workflow on this machine: pnpm install --frozen-lockfile, lint and",
    "typecheck in parallel, next build, a throwaway PostgreSQL with the migrations and seed, next start, and",
    "Playwright with Chromium ($CHROMIUM_PATH, default /usr/bin/chromium). Every process it starts is stopped.",
    "",
    "  --base <ref>  check the upgrade path from a git ref of the app's repository (e.g. main), as CI does on a",
    "                pull request: the database is built from the ref's migrations and seed, migrated with",
    "                pnpm db:migrate, and must equal one built from scratch (pnpm db:compare)",
    "  --json        print the report (schemas/diagnostics.schema.json) instead of the table",
    "  --skip-e2e    leave out Playwright (the server is still started once)",
    "",
    "The production dependencies are audited (pnpm audit; high and critical advisories fail, an unreachable",
    "audit endpoint skips the step) and their licences checked against `licenses` in the repository's",
    ".github/appgen.yml (default: permissive licences).",
    "",
    "Exits 0 when every step passed, 1 otherwise. `npm run setup` installs PostgreSQL and Chromium when missing.",
  ].join("\n"),
  options: { json: { type: "boolean" }, "skip-e2e": { type: "boolean" }, base: { type: "string" } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [dir, ...extra] = positionals;
    if (!dir || extra.length)
      throw new AppgenError("USAGE", "give exactly one app directory, e.g. `appgen check ./my-app`");
    const json = values.json === true;
    const appDir = resolve(io.cwd, dir);
    const licensePolicy = await readLicensePolicy(appDir);
    const report = await runLocalChecks({
      appDir,
      ...(licensePolicy ? { licensePolicy } : {}),
      skipE2e: values["skip-e2e"] === true,
      ...(typeof values.base === "string" ? { base: values.base } : {}),
      env: io.env,
      // Progress goes to stderr so that --json output on stdout stays one document.
      onStep: (event) => {
        // A step skipped because of another is in the table at the end; one that ran and skipped itself (no audit
        // endpoint) is reported as it ends.
        if (
          event.phase === "end" &&
          !json &&
          (event.report.status !== "skipped" || event.report.started_ms !== undefined)
        ) {
          const summary = event.report.summary ? `: ${event.report.summary}` : "";
          io.stderr(
            `appgen check: ${event.step} ${event.report.status} (${formatDuration(event.report.duration_ms)})${summary}\n`,
          );
        }
      },
    });
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${renderCheckReport(report)}`);
    return report.ok ? 0 : 1;
  },
};

/**
 * `licenses` from .github/appgen.yml at the root of the app's repository (the app may sit in a folder of it): the
 * nearest folder above the app that holds .git. No file: undefined (the default policy).
 */
async function readLicensePolicy(appDir: string): Promise<LicensePolicy | undefined> {
  for (let dir = appDir; ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_PATH);
    if (existsSync(file)) {
      const text = await readFile(file, "utf8");
      let raw: unknown;
      try {
        raw = parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, strict: true });
      } catch (error) {
        throw new AppgenError(
          "CONFIG_INVALID",
          `${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return licensePolicyFromConfig(raw, file);
    }
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return undefined;
  }
}
