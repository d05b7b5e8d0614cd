// The full check of one generated app: install, lint + typecheck, build, PostgreSQL with the migration, next start
// and Playwright in Chromium. Minutes, not seconds, so it runs only with APPGEN_E2E=1 (CI sets it).
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { tryGeneratedApp } from "../../scripts/try-generated-app.ts";

describe.skipIf(process.env.APPGEN_E2E !== "1")("a generated app", () => {
  it("passes install, lint, typecheck, build and its Playwright tests (reserved words, many-to-many, per-user rows)", async () => {
    const result = await tryGeneratedApp(join(import.meta.dirname, "manifests/reserved-words.json"), { log: () => {} });
    const failed = result.steps.filter((s) => !s.ok);
    expect(failed, failed.map((s) => `${s.step}:\n${s.output ?? ""}`).join("\n")).toEqual([]);
    expect(result.steps.map((s) => s.step)).toEqual(["render", "install", "lint+typecheck", "build", "database", "start", "playwright"]);
    expect(result.steps.at(-1)?.output).toMatch(/^\d+ passed/);
  }, 600_000);
});
