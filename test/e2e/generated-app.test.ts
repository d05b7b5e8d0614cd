// The full check of generated apps (what `appgen check` runs): install, lint + typecheck, build, PostgreSQL with
// the migration, next start and Playwright in Chromium. About a minute per app; part of the apps pass of npm test
// (vitest.apps.config.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { runLocalChecks } from "../../app/adapters/local-checks.ts";
import { renderCheckReport } from "../../app/core/check/render.ts";
import { renderApp } from "../../scripts/try-generated-app.ts";
import { otherThanDependencyChecks } from "../helpers/dependency-checks.ts";

describe("a generated app", () => {
  it.each([
    ["reserved-words.json", "reserved words, many-to-many, per-user rows"],
    ["crm.json", "relations between several entities"],
    ["expenses.json", "money and dates"],
    ["hostile-text.json", "quotes, comment ends, template syntax, HTML and Markdown in every label"],
    [
      "private-links.json",
      "shared rows referring to per-user rows: hidden references, links, pickers, unique per owner",
    ],
    [
      "team-desk.json",
      "roles: screens without the controls a role may not use, 403 for forbidden reads; defaults, filters, toasts",
    ],
    [
      "actions.json",
      "actions with guards, roles and a created row, a weighted random pick; values only the server sets",
    ],
    [
      "profiles.json",
      "one row per person ('my profile' as one page); computed minutes, hours and pages; e-mail, SMS and WhatsApp messages",
    ],
    [
      "statistics.json",
      "statistics by option, relation and month, an average, my own rows, a leaderboard of per-user rows; charts",
    ],
  ])(
    "%s passes every check step (%s)",
    async (manifest) => {
      const dir = mkdtempSync(join(tmpdir(), "appgen-e2e-"));
      try {
        renderApp(join(import.meta.dirname, "manifests", manifest), dir);
        const report = await runLocalChecks({ appDir: dir, env: process.env });
        expect(report.ok, renderCheckReport(report)).toBe(true);
        expect(otherThanDependencyChecks(report.steps).map((s) => [s.step, s.status])).toEqual(
          ["install", "lint", "typecheck", "build", "database", "start", "e2e"].map((step) => [step, "passed"]),
        );
        expect(report.steps.at(-1)?.summary).toMatch(/^\d+ passed, 0 failed$/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
