// Runs the generated app's scripts (templates/base/scripts) as the app runs them: `node scripts/….mjs` as a child
// process in a project folder. The scripts resolve `postgres` from this repository's node_modules.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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
export function runScript(script: string, cwd: string, env: Record<string, string>, args: string[] = []): Promise<ScriptRun> {
  return new Promise((done) => {
    execFile(process.execPath, [join(TEMPLATE_SCRIPTS, script), ...args], { cwd, env: { PATH: process.env.PATH ?? "", ...env } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
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
