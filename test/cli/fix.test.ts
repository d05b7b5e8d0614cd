// `appgen fix` refusals that come before any check runs (the full loop runs in test/e2e/fix.test.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { main, type CliIo } from "../../app/cli/main.ts";

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
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: { PATH: process.env.PATH } };
  const code = await main(["fix", ...args], io);
  return { code, stdout, stderr };
}

describe("appgen fix refuses", () => {
  it.each([
    ["no directory", [], /give exactly one directory/],
    ["two directories", ["a", "b"], /give exactly one directory/],
    ["a negative --max-attempts", [".", "--max-attempts=-1"], /--max-attempts takes a whole number from 0 to 10 \(got -1\)/],
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
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, stdio: "pipe" });
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
