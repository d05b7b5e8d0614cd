import { resolve } from "node:path";
import { LocalHost } from "../adapters/local-host.ts";
import { AppgenError } from "../core/errors.ts";
import { parseManifest, type Manifest } from "../core/manifest/index.ts";
import { normaliseRoot, runPipeline, type StageReport } from "../core/pipeline/pipeline.ts";
import { planApp } from "../core/planners/chain.ts";
import { NO_USAGE, type PlanResult } from "../core/planners/types.ts";
import { readInputFile } from "./files.ts";
import type { Command, CliIo } from "./main.ts";
import { cliPlanners } from "./planners.ts";

export const generateCommand: Command = {
  summary: "generate (or update) an app in a local git repository, one commit per stage",
  usage: [
    'Usage: appgen generate --prompt "<text>" --out <dir> [--offline]',
    "       appgen generate --manifest <manifest.json|yaml> --out <dir>",
    '       appgen generate --out <dir> --instructions "<text>"      (change the app already in <dir>)',
    "",
    "Creates <dir> and a git repository in it when needed, then commits to its current branch: the manifest",
    "(appgen/manifest.json), then the db, api, ui and files stages, each as its own commit with Appgen-Stage and",
    "Appgen-Manifest-Sha trailers. Stages that change nothing commit nothing. Files you changed since appgen wrote",
    "them are kept and listed. Uncommitted changes to tracked files stop the run (commit or stash them first).",
    "",
    "Options:",
    "  --prompt <text> | --prompt-file <path> | --manifest <path>   what to generate",
    '  --instructions <text>   re-plan the manifest in <dir> (e.g. "add a priority field to tasks")',
    "  --out <dir>             the repository to generate into (default: the current directory)",
    "  --root <folder>         put the app in a folder of the repository instead of its root (not .git or .github,",
    "                          no '.' or '..' segments)",
    "  --runs-on <labels>      runner labels for the generated CI and deploy workflows, comma-separated",
    "                          (default: ubuntu-latest; e.g. self-hosted,linux,gpu)",
    "  --base <branch>         the branch this one will be merged into: its migrations count as applied, and this",
    "                          branch's own migration is rewritten as the change evolves (default: every migration",
    "                          committed on the current branch is applied, so a change adds a new one)",
    "  --offline               never call an LLM",
  ].join("\n"),
  options: {
    prompt: { type: "string" },
    "prompt-file": { type: "string" },
    manifest: { type: "string" },
    instructions: { type: "string" },
    out: { type: "string" },
    root: { type: "string" },
    "runs-on": { type: "string" },
    base: { type: "string" },
    offline: { type: "boolean", default: false },
  },
  async run({ values }, io) {
    const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
    const sources = ["prompt", "prompt-file", "manifest"].filter((k) => str(k) !== undefined);
    if (sources.length > 1)
      throw new AppgenError(
        "USAGE",
        `give only one of --prompt, --prompt-file and --manifest (got ${sources.map((s) => `--${s}`).join(", ")})`,
      );
    if (str("manifest") !== undefined && str("instructions") !== undefined)
      throw new AppgenError(
        "USAGE",
        "--instructions change a planned manifest; they cannot be combined with --manifest",
      );

    // The folder rule of config.path, checked before anything is created or planned.
    const root = normaliseRoot(str("root") ?? "");

    const dir = resolve(io.cwd, str("out") ?? ".");
    const base = str("base");
    const host = await LocalHost.open(dir, { env: io.env, ...(base !== undefined ? { base } : {}) });
    const dirty = await host.uncommittedChanges();
    if (dirty.length) {
      throw new AppgenError(
        "DIRTY_WORKTREE",
        `${dir} has uncommitted changes; commit or stash them first so appgen cannot lose them.`,
        dirty.map((path) => ({ path, message: "modified, not committed" })),
      );
    }
    const promptText =
      str("prompt-file") !== undefined
        ? await readInputFile(io.cwd, str("prompt-file") as string, "prompt file")
        : str("prompt");
    const manifestText =
      str("manifest") !== undefined ? await readInputFile(io.cwd, str("manifest") as string, "manifest") : undefined;
    const { planners, options } = cliPlanners(io.env, values.offline === true);

    const plan = async (previous: Manifest | undefined): Promise<PlanResult> => {
      if (manifestText !== undefined) {
        return {
          manifest: parseManifest(manifestText, { source: str("manifest") }),
          planner: "explicit",
          usage: NO_USAGE,
          notes: [],
        };
      }
      const instructions = str("instructions");
      if (instructions !== undefined) {
        if (!previous)
          throw new AppgenError(
            "USAGE",
            `there is no appgen/manifest.json in ${dir} to change; generate the app first with --prompt`,
          );
        return planApp({ prompt: promptText ?? previous.prompt, previous, instructions }, planners, options);
      }
      if (promptText !== undefined)
        return planApp(previous ? { prompt: promptText, previous } : { prompt: promptText }, planners, options);
      if (previous)
        return {
          manifest: previous,
          planner: "explicit",
          usage: NO_USAGE,
          notes: ["re-rendered from the manifest in the repository"],
        };
      throw new AppgenError(
        "USAGE",
        'say what to generate: --prompt "<text>", --prompt-file <path> or --manifest <path>',
      );
    };

    const runsOn = str("runs-on")
      ?.split(",")
      .map((label) => label.trim())
      .filter(Boolean);
    const stageOptions = runsOn ? { workflows: { runsOn } } : {};
    const result = await runPipeline({ host, plan, root, stageOptions, onProgress: (r) => progress(io, r) });
    for (const note of result.plan.notes) io.stderr(`note: ${note}\n`);
    const migration = result.stages.find((s) => s.migration)?.migration;
    if (migration) {
      io.stderr(`migration ${migration.path}: ${migration.changes.join("; ")}\n`);
      if (migration.warnings.length) {
        io.stderr(`warning: applying this migration to a database that holds data:\n`);
        for (const warning of migration.warnings) io.stderr(`  ${warning}\n`);
      }
    }
    const kept = result.stages.flatMap((s) => s.kept);
    if (kept.length) {
      io.stderr(
        `kept ${kept.length} file${kept.length === 1 ? "" : "s"} you changed (appgen did not overwrite them):\n`,
      );
      for (const k of kept)
        io.stderr(
          `  ${k.path} (${k.reason === "foreign" ? "not written by appgen" : k.reason === "deleted" ? "deleted by you" : "edited by you"})\n`,
        );
    }
    const notPlanned = result.manifest.not_planned ?? [];
    if (notPlanned.length) {
      io.stderr(`not built (the issue asks for it; appgen cannot express it yet):\n`);
      for (const request of notPlanned) io.stderr(`  - ${request}\n`);
    }
    io.stdout(
      result.changed
        ? `${result.manifest.name}: generated in ${dir} (branch ${host.branch}, head ${result.head?.slice(0, 12)})\n`
        : `${result.manifest.name}: nothing changed in ${dir}\n`,
    );
    return 0;
  },
};

function progress(io: CliIo, report: StageReport): void {
  if (report.status === "running") return;
  const detail =
    report.status === "committed"
      ? `${report.commit?.slice(0, 12)}  ${report.changed.length} file${report.changed.length === 1 ? "" : "s"}`
      : report.status === "failed"
        ? (report.error ?? "")
        : "";
  io.stderr(
    `${report.stage.padEnd(6)} ${report.status.padEnd(10)} ${String(report.durationMs).padStart(5)} ms  ${detail}\n`,
  );
}
