// `appgen fix` end to end on a real generated app, broken on purpose by a person's commit: missing imports (a
// shadcn component, a React hook), an unused import, a `let` never reassigned, unescaped quotes in JSX text — which
// the deterministic fixers claim — and a type error and a wrong prop, which only the model can fix. The model is a
// scripted OpenAI-compatible server on 127.0.0.1 that answers with the correct unified diff. The real tools
// (pnpm, eslint, tsc, next build, PostgreSQL, Playwright) judge every round; the last check is complete.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main, type CliIo } from "../../app/cli/main.ts";
import { parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import { BREAKS, breakApp, MANIFEST_FILE } from "../core/fix/broken-app.ts";
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from "../helpers/fake-openai-server.ts";

const dir = mkdtempSync(join(tmpdir(), "appgen-fix-e2e-"));
let server: FakeOpenAiServer;
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });

async function appgen(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir, env };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe("appgen fix", () => {
  const llmBreaks = BREAKS.filter((b) => !b.deterministic);
  const deterministicBreaks = BREAKS.filter((b) => b.deterministic);
  const original = new Map<string, string>();
  let broken: Map<string, string>;
  let breakingCommit: string;
  let run: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const generated = await appgen(["generate", "--manifest", MANIFEST_FILE, "--out", dir]);
    expect(generated.code, generated.stderr).toBe(0);
    for (const b of BREAKS) original.set(b.file, readFileSync(join(dir, b.file), "utf8"));
    broken = breakApp(original);
    for (const [path, content] of broken) writeFileSync(join(dir, path), content);
    git("-c", "user.name=Person", "-c", "user.email=person@example.com", "commit", "-qam", "Try a few things");
    breakingCommit = git("rev-parse", "HEAD").trim();

    server = await startFakeOpenAiServer();
    // The correct repair of the two breaks no deterministic fixer covers, as a model would answer.
    const diff = llmBreaks
      .map((b) =>
        createTwoFilesPatch(`a/${b.file}`, `b/${b.file}`, broken.get(b.file) ?? "", original.get(b.file) ?? "").replace(
          /^=+\n/m,
          "",
        ),
      )
      .join("");
    server.enqueue(
      completion(`pageSize must be a number, and EntityList has no colour prop.\n\n\`\`\`diff\n${diff}\`\`\`\n`),
    );

    const env = {
      ...process.env,
      OPENAI_API_KEY: "sk-test-fix-e2e-0123456789abcdef",
      OPENAI_BASE_URL: server.baseURL,
      APPGEN_LLM_MODEL: "fix-model",
    };
    run = await appgen(["fix", "."], env);
  }, 900_000);

  it("ends with a complete check that passes", () => {
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^ok {3}e2e +[\d.]+ s {2}\d+ passed, 0 failed$/m);
    expect(run.stdout).toMatch(/^PASSED in /m);
    expect(run.stdout).toContain("appgen fix: the check passes after 2 fix commits.");
  });

  it("made exactly two Appgen-Autofix commits on top of the person's commit: deterministic, then the model's", () => {
    const commits = git("rev-list", `${breakingCommit}..HEAD`).trim().split("\n").reverse();
    expect(commits).toHaveLength(2);
    const trailers = commits.map((sha) => parseTrailers(git("log", "-1", "--format=%B", sha)));
    expect(trailers.map((t) => [t["Appgen-Stage"], t["Appgen-Autofix"], t["Appgen-Fixer"]])).toEqual([
      ["fix", "1", "deterministic"],
      ["fix", "2", "llm"],
    ]);
    const changed = commits.map((sha) =>
      git("diff-tree", "--no-commit-id", "--name-only", "-r", sha).trim().split("\n").sort(),
    );
    expect(changed[0]).toEqual([...new Set(deterministicBreaks.map((b) => b.file))].sort());
    expect(changed[1]).toEqual(llmBreaks.map((b) => b.file).sort());
    expect(git("status", "--porcelain", "--untracked-files=no")).toBe("");
  });

  it("repaired the deterministic breaks so that lint passed and only the model's type errors were left", () => {
    // Round 1: both static steps fail; round 2 (after the deterministic commit): lint passes, typecheck has the two.
    expect(run.stderr).toMatch(
      /appgen fix: lint failed[^\n]*\n(?:.*\n)*?appgen fix: checking [^\n]* again\n(?:(?!checking).*\n)*?appgen fix: lint passed/,
    );
    expect(run.stdout).toMatch(/attempt 1 \(deterministic\) committed [0-9a-f]{12}: /);
    expect(run.stdout).toMatch(/attempt 2 \(llm, 150 tokens\) committed [0-9a-f]{12}: /);
    expect(server.requests).toHaveLength(1);
    const prompt = server.requests[0]?.body.messages.find((m) => m.role === "user")?.content ?? "";
    expect(server.requests[0]?.body.temperature).toBe(0);
    expect(prompt).toMatch(/^## Diagnostics \(2\)$/m);
    expect(prompt).toContain("- [typecheck] lib/app-config.ts:");
    expect(prompt).toContain("- [typecheck] app/(app)/categories/page.tsx:10:66 error TS2322");
    expect(server.pending()).toBe(0);
  });

  it("leaves the files as the repairs say: the model's files restored, the deterministic ones fixed", () => {
    for (const b of llmBreaks) expect(readFileSync(join(dir, b.file), "utf8"), b.file).toBe(original.get(b.file));
    const list = readFileSync(join(dir, "components/entity-list.tsx"), "utf8");
    expect(list).toContain('import { Button } from "@/components/ui/button";');
    expect(list).not.toContain("badgeVariants");
    expect(readFileSync(join(dir, "app/sign-in/sign-in-form.tsx"), "utf8")).toContain(
      'import { useActionState } from "react";',
    );
    expect(readFileSync(join(dir, "lib/utils.ts"), "utf8")).toContain("const result = value * 2;");
    expect(readFileSync(join(dir, "app/sign-in/page.tsx"), "utf8")).toContain(
      "Don&apos;t have an account? Ask the &quot;admin&quot;.",
    );
  });
});
