// Prompts from the corpus, planned offline and generated through the `appgen` command exactly as a person would
// (generate into a new git repository, then check it), must yield apps that pass every check. Three run here; the
// benchmark (`npm run bench -- apps`) runs ten.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main, type CliIo } from "../../app/cli/main.ts";
import type { DiagnosticsReport } from "../../app/core/schema-types/diagnostics.ts";
import { otherThanDependencyChecks } from "../helpers/dependency-checks.ts";

const corpus = JSON.parse(readFileSync(new URL("../fixtures/prompts/corpus.json", import.meta.url), "utf8")) as {
  id: string;
  prompt: string;
}[];

async function appgen(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: tmpdir(),
    env: { ...process.env, OPENAI_API_KEY: "" },
  };
  return { code: await main(args, io), stdout, stderr };
}

describe("apps generated offline from corpus prompts", () => {
  it.each([
    ["crm-pipeline", "relations between leads, companies and deals; a theme from colour words"],
    ["personal-workouts", "per-user rows that a second user cannot see"],
    ["japanese-shop", "a Japanese prompt and an admin-only entity"],
  ])("%s passes appgen check (%s)", async (id) => {
    const item = corpus.find((c) => c.id === id);
    if (!item) throw new Error(`corpus has no prompt '${id}'`);
    const dir = mkdtempSync(join(tmpdir(), `appgen-corpus-${id}-`));
    try {
      const generated = await appgen(["generate", "--prompt", item.prompt, "--out", dir]);
      expect(generated.code, generated.stderr).toBe(0);
      expect(generated.stderr).toMatch(/files\s+committed/);
      const checked = await appgen(["check", dir, "--json"]);
      const report = JSON.parse(checked.stdout) as DiagnosticsReport;
      const failures = otherThanDependencyChecks(report.steps)
        .filter((s) => s.status !== "passed")
        .map((s) => `${s.step}: ${s.status}\n${JSON.stringify(s.diagnostics.slice(0, 5), null, 2)}`);
      expect(failures).toEqual([]);
      expect(checked.code).toBe(0);
      expect(report.steps.at(-1)?.summary).toMatch(/^\d+ passed, 0 failed$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
