// `appgen check <dir>`: the local form of the generated project's CI. Thin: the adapter runs, core renders.
import { resolve } from "node:path";
import { runLocalChecks } from "../adapters/local-checks.ts";
import { formatDuration, renderCheckReport } from "../core/check/render.ts";
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
    "Exits 0 when every step passed, 1 otherwise. `npm run setup` installs PostgreSQL and Chromium when missing.",
  ].join("\n"),
  options: { json: { type: "boolean" }, "skip-e2e": { type: "boolean" }, base: { type: "string" } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [dir, ...extra] = positionals;
    if (!dir || extra.length) throw new AppgenError("USAGE", "give exactly one app directory, e.g. `appgen check ./my-app`");
    const json = values.json === true;
    const report = await runLocalChecks({
      appDir: resolve(io.cwd, dir),
      skipE2e: values["skip-e2e"] === true,
      ...(typeof values.base === "string" ? { base: values.base } : {}),
      env: io.env,
      // Progress goes to stderr so that --json output on stdout stays one document.
      onStep: (event) => {
        if (event.phase === "end" && !json && event.report.status !== "skipped") {
          const summary = event.report.summary ? `: ${event.report.summary}` : "";
          io.stderr(`appgen check: ${event.step} ${event.report.status} (${formatDuration(event.report.duration_ms)})${summary}\n`);
        }
      },
    });
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${renderCheckReport(report)}`);
    return report.ok ? 0 : 1;
  },
};
