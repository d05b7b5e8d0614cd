// `appgen fix <dir>`: check → diagnose → fix → commit → check again, at most --max-attempts auto-fix commits since
// the last generation (counted from the branch, so the limit holds across runs). Thin: the checks are the adapter's,
// the fix and its commit are core's (the same code the GitHub App's auto-fix calls).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { runLocalChecks } from "../adapters/local-checks.ts";
import { LocalHost } from "../adapters/local-host.ts";
import { createOpenAiLlm } from "../adapters/openai-llm.ts";
import { readLlmSettings, type Environment } from "../settings.ts";
import { formatDuration, renderCheckReport } from "../core/check/render.ts";
import { AppgenError, describeError } from "../core/errors.ts";
import { commitFixAttempt, countAutofixCommits, DEFAULT_MAX_AUTOFIX } from "../core/fix/index.ts";
import type { Llm } from "../ports.ts";
import type { CliIo, Command } from "./main.ts";

export const fixCommand: Command = {
  summary: "check a generated app and commit fixes for what fails (at most 2 auto-fix commits)",
  usage: [
    "Usage: appgen fix <dir> [--max-attempts 2] [--offline] [--root <folder>] [--skip-e2e]",
    "",
    "Runs `appgen check` on the app in <dir> (a git repository made by `appgen generate`). While it fails, it",
    "repairs what it can and commits each repair to the current branch (Appgen-Stage: fix, Appgen-Autofix: <n>),",
    "then checks again. Deterministic fixers come first (missing or unused imports, let → const, unescaped JSX",
    "text); other problems go to the LLM (OPENAI_API_KEY, OPENAI_BASE_URL, APPGEN_LLM_MODEL) as a patch limited to",
    "the files the diagnostics name. Auto-fix commits since the last generation count against the maximum, so",
    "running it again does not exceed it. Uncommitted changes to tracked files stop it (commit or stash them).",
    "",
    "  --max-attempts <n>  auto-fix commits allowed since the last generation (default 2)",
    "  --offline           never call an LLM: deterministic fixes only",
    "  --root <folder>     the app's folder inside the repository, as given to `appgen generate --root`",
    "  --skip-e2e          leave Playwright out of every check",
    "",
    "Exits 0 when the check passes, 1 when it still fails.",
  ].join("\n"),
  options: {
    "max-attempts": { type: "string" },
    offline: { type: "boolean", default: false },
    root: { type: "string" },
    "skip-e2e": { type: "boolean", default: false },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [dirArg, ...extra] = positionals;
    if (!dirArg || extra.length)
      throw new AppgenError("USAGE", "give exactly one directory, e.g. `appgen fix ./my-app`");
    const maxAttempts = parseMaxAttempts(values["max-attempts"]);
    const dir = resolve(io.cwd, dirArg);
    const root = typeof values.root === "string" ? values.root.replace(/^\/+|\/+$/g, "") : "";
    const appDir = root ? join(dir, root) : dir;
    // LocalHost.open would create a repository; fixing needs the one the app was generated into.
    if (!existsSync(join(dir, ".git"))) {
      throw new AppgenError(
        "USAGE",
        `${dir} is not a git repository. appgen fix commits its repairs: run it on the directory \`appgen generate --out\` created (and --root for an app in a folder).`,
      );
    }
    const host = await LocalHost.open(dir, { env: io.env });
    const dirty = await host.uncommittedChanges();
    if (dirty.length) {
      throw new AppgenError(
        "DIRTY_WORKTREE",
        `${dir} has uncommitted changes; commit or stash them first so a fix commit cannot mix with them.`,
        dirty.map((path) => ({ path, message: "modified, not committed" })),
      );
    }
    const llm = values.offline === true ? undefined : llmFromEnv(io.env);
    let made = countAutofixCommits((await host.log(200)).map((c) => c.message));
    const skipE2e = values["skip-e2e"] === true;

    for (let round = 0; ; round++) {
      io.stderr(`appgen fix: checking ${appDir}${round ? " again" : ""}\n`);
      const report = await runLocalChecks({ appDir, skipE2e, env: io.env, onStep: (event) => progress(io, event) });
      if (report.ok) {
        io.stdout(`\n${renderCheckReport(report)}`);
        io.stdout(
          round
            ? `appgen fix: the check passes after ${round} fix commit${round === 1 ? "" : "s"}.\n`
            : "appgen fix: the check passes; nothing to fix.\n",
        );
        return 0;
      }
      if (made >= maxAttempts) {
        io.stdout(`\n${renderCheckReport(report)}`);
        io.stdout(
          `appgen fix: ${made} auto-fix commit${made === 1 ? "" : "s"} since the last generation, the maximum (--max-attempts ${maxAttempts}); the rest needs a person.\n`,
        );
        return 1;
      }
      const attempt = made + 1;
      try {
        const result = await commitFixAttempt({ host, report, attempt, root, llm });
        made = attempt;
        const tokens = result.plan.usage.totalTokens ? `, ${result.plan.usage.totalTokens} tokens` : "";
        io.stdout(
          `appgen fix: attempt ${attempt} (${result.plan.fixer}${tokens}) committed ${result.commit.slice(0, 12)}: ${result.plan.changes.map((c) => c.path).join(", ")}\n`,
        );
        for (const line of result.plan.explanation.split("\n")) io.stdout(`  ${line}\n`);
      } catch (error) {
        if (!(error instanceof AppgenError)) throw error;
        io.stdout(`\n${renderCheckReport(report)}`);
        io.stdout(`appgen fix: attempt ${attempt} made no commit: ${describeError(error)}\n`);
        return 1;
      }
    }
  },
};

function parseMaxAttempts(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_MAX_AUTOFIX;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 0 || n > 10)
    throw new AppgenError("USAGE", `--max-attempts takes a whole number from 0 to 10 (got ${String(value)})`);
  return n;
}

function llmFromEnv(env: Environment): Llm | undefined {
  const config = readLlmSettings(env);
  return config ? createOpenAiLlm(config) : undefined;
}

function progress(io: CliIo, event: Parameters<NonNullable<Parameters<typeof runLocalChecks>[0]["onStep"]>>[0]): void {
  if (event.phase !== "end" || event.report.status === "skipped") return;
  const summary = event.report.summary ? `: ${event.report.summary}` : "";
  io.stderr(
    `appgen fix: ${event.step} ${event.report.status} (${formatDuration(event.report.duration_ms)})${summary}\n`,
  );
}
