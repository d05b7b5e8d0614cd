// `appgen fix` refusals that come before any check runs (the full loop runs in test/e2e/fix.test.ts).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { main, type CliIo } from "../../app/cli/main.ts";
import { MANIFEST_FILE } from "../core/fix/broken-app.ts";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "appgen-fix-cli-"));
  temps.push(dir);
  return dir;
}

async function fix(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env: { PATH: process.env.PATH },
  };
  const code = await main(["fix", ...args], io);
  return { code, stdout, stderr };
}

describe("appgen fix refuses", () => {
  it.each([
    ["no directory", [], /give exactly one directory/],
    ["two directories", ["a", "b"], /give exactly one directory/],
    [
      "a negative --max-attempts",
      [".", "--max-attempts=-1"],
      /--max-attempts takes a whole number from 0 to 10 \(got -1\)/,
    ],
    ["a fractional --max-attempts", [".", "--max-attempts", "1.5"], /--max-attempts takes a whole number/],
  ])("%s (usage, exit 2)", async (_name, args, message) => {
    const { code, stderr } = await fix(args, tempDir());
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("a directory that is not a git repository, without creating one there", async () => {
    const dir = tempDir();
    const { code, stderr } = await fix(["."], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not a git repository\. appgen fix commits its repairs/);
    expect(() => execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: dir, stdio: "pipe" })).toThrow();
  });

  it("uncommitted changes, naming the files", async () => {
    const dir = tempDir();
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    writeFileSync(join(dir, "package.json"), "{}\n");
    git("add", "package.json");
    git("commit", "-qm", "init");
    writeFileSync(join(dir, "package.json"), '{ "name": "changed" }\n');
    const { code, stderr } = await fix(["."], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/DIRTY_WORKTREE: .* has uncommitted changes/);
    expect(stderr).toMatch(/^ {2}package\.json: modified, not committed$/m);
  });

  it("is listed in appgen's help", async () => {
    let stdout = "";
    await main(["--help"], { stdout: (t) => void (stdout += t), stderr: () => {}, cwd: tmpdir(), env: {} });
    expect(stdout).toMatch(/^ {2}fix {8}check a generated app and commit fixes/m);
  });
});

// A repository whose check fails in a fraction of a second: no pnpm-lock.yaml, so `pnpm install --frozen-lockfile`
// stops with ERR_PNPM_NO_LOCKFILE and every later step is skipped.
function repositoryWithoutLockfile(previousMessages: string[]): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir();
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "app", version: "1.0.0", dependencies: { "left-pad": "1.3.0" } }),
  );
  execFileSync("mkdir", ["-p", join(dir, "appgen")]);
  copyFileSync(MANIFEST_FILE, join(dir, "appgen/manifest.json"));
  git("add", ".");
  git("commit", "-qm", "appgen(files): app\n\nAppgen-Stage: files");
  for (const message of previousMessages) git("commit", "-q", "--allow-empty", "-m", message);
  return { dir, git };
}

describe("appgen fix stops", () => {
  it("at the maximum of auto-fix commits, counted from the branch across runs", async () => {
    const { dir, git } = repositoryWithoutLockfile([
      "appgen(fix): one\n\nAppgen-Stage: fix\nAppgen-Autofix: 1",
      "appgen(fix): two\n\nAppgen-Stage: fix\nAppgen-Autofix: 2",
    ]);
    const head = git("rev-parse", "HEAD");
    const { code, stdout } = await fix([".", "--offline"], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL install/m);
    expect(stdout).toContain(
      "appgen fix: 2 auto-fix commits since the last generation, the maximum (--max-attempts 2); the rest needs a person.",
    );
    expect(git("rev-parse", "HEAD")).toBe(head);
  }, 60_000);

  it("when the failure cannot be fixed in code, saying what to do instead, without committing", async () => {
    const { dir, git } = repositoryWithoutLockfile([]);
    const head = git("rev-parse", "HEAD");
    const { code, stdout } = await fix([".", "--offline", "--max-attempts", "1"], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /appgen fix: attempt 1 made no commit: FIX_NOT_POSSIBLE: this problem cannot be fixed by changing the app's code\./,
    );
    expect(stdout).toMatch(/ERR_PNPM_NO_LOCKFILE[\s\S]*fix: pnpm could not install the dependencies/);
    expect(git("rev-parse", "HEAD")).toBe(head);
  }, 60_000);
});
