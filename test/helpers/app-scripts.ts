// Runs the generated app's scripts (templates/base/scripts) as the app runs them: `node scripts/….mjs` as a child
// process in a project folder. The scripts resolve `postgres` from this repository's node_modules.
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const TEMPLATE_SCRIPTS = resolve(dirname(fileURLToPath(import.meta.url)), "../../templates/base/scripts");

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the app's scripts in `cwd`, with only the environment given (plus PATH). */
export function runScript(
  script: string,
  cwd: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<ScriptRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(TEMPLATE_SCRIPTS, script), ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", ...env } },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A project folder holding the given files (paths relative to the app). */
export function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "appgen-db-scripts-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/**
 * A git repository holding a minimal generated app: the template's package.json scripts and scripts/ folder, a
 * node_modules with only `postgres` (linked from this repository), and the files given, committed on `main`.
 * `commit(files, message)` commits more changes (a `null` content deletes the file) and answers the commit.
 */
export function gitApp(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "appgen-git-app-"));
  const template = JSON.parse(readFileSync(join(TEMPLATE_SCRIPTS, "../package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "app", private: true, type: "module", scripts: template.scripts }, null, 2)}\n`,
  );
  cpSync(TEMPLATE_SCRIPTS, join(dir, "scripts"), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(resolve(TEMPLATE_SCRIPTS, "../../../node_modules/postgres"), join(dir, "node_modules/postgres"));
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", dir, ...args], {
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    }).trim();
  git("init", "-q", "-b", "main");
  const commit = (changes: Record<string, string | null>, message: string) => {
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) rmSync(join(dir, path));
      else {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    }
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD");
  };
  commit(files, "base");
  return { dir, git, commit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
