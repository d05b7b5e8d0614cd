import { AppgenError } from "../core/errors.ts";
import { canonicalJson, manifestSha256, parseManifest } from "../core/manifest/index.ts";
import { planApp } from "../core/planners/chain.ts";
import type { PlanRequest } from "../core/planners/types.ts";
import { readInputFile, writeOutputFile } from "./files.ts";
import type { Command } from "./main.ts";
import { cliPlanners } from "./planners.ts";

export const planCommand: Command = {
  summary: "plan a manifest from a description, or re-plan one with instructions",
  usage: [
    'Usage: appgen plan --prompt "<text>" [--offline] [--out manifest.json]',
    '       appgen plan --previous manifest.json --instructions "<text>" [--offline] [--out manifest.json]',
    "",
    "Options:",
    "  --prompt <text>          what the app should do (an issue title and body)",
    "  --prompt-file <path>     read the description from a file instead",
    "  --previous <path>        the manifest to change (re-planning)",
    '  --instructions <text>    what to change, e.g. "add a priority field to tasks"',
    "  --offline                never call an LLM, even when OPENAI_API_KEY is set",
    "  --out <path>             write the canonical manifest here instead of printing it",
    "",
    "Planners, in order: a ```yaml appgen``` block in the text, the LLM (OPENAI_API_KEY, OPENAI_BASE_URL,",
    "APPGEN_LLM_MODEL), the offline planner.",
  ].join("\n"),
  options: {
    prompt: { type: "string" },
    "prompt-file": { type: "string" },
    previous: { type: "string" },
    instructions: { type: "string" },
    offline: { type: "boolean", default: false },
    out: { type: "string" },
  },
  async run({ values }, io) {
    const request = await planRequest(values, io.cwd);
    const { planners, options } = cliPlanners(io.env, values.offline === true);
    const result = await planApp(request, planners, options);
    const json = canonicalJson(result.manifest);
    for (const note of result.notes) io.stderr(`note: ${note}\n`);
    for (const request of result.manifest.not_planned ?? []) io.stderr(`not built: ${request}\n`);
    const summary =
      `planned '${result.manifest.name}' with the ${result.planner} planner: ${result.manifest.entities.length} entities ` +
      `(${result.manifest.entities.map((e) => e.name).join(", ")}), sha256 ${manifestSha256(result.manifest).slice(0, 12)}` +
      (result.usage.totalTokens ? `, ${result.usage.totalTokens} tokens` : "");
    if (typeof values.out === "string") {
      await writeOutputFile(io.cwd, values.out, json);
      io.stderr(`${summary}\nwrote ${values.out}\n`);
    } else {
      io.stdout(json);
      io.stderr(`${summary}\n`);
    }
    return 0;
  },
};

async function planRequest(values: Record<string, string | boolean | undefined>, cwd: string): Promise<PlanRequest> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const promptText = str("prompt");
  const promptFile = str("prompt-file");
  const previousPath = str("previous");
  const instructions = str("instructions");
  if (promptText !== undefined && promptFile !== undefined)
    throw new AppgenError("USAGE", "give --prompt or --prompt-file, not both");
  if ((previousPath === undefined) !== (instructions === undefined)) {
    throw new AppgenError("USAGE", 're-planning needs both --previous <manifest> and --instructions "<text>"');
  }
  const previous =
    previousPath === undefined
      ? undefined
      : parseManifest(await readInputFile(cwd, previousPath, "previous manifest"), { source: previousPath });
  const prompt =
    promptFile !== undefined ? await readInputFile(cwd, promptFile, "prompt file") : (promptText ?? previous?.prompt);
  if (prompt === undefined || (prompt.trim() === "" && !previous)) {
    throw new AppgenError(
      "USAGE",
      'describe the app with --prompt "<text>" (or --prompt-file), e.g. --prompt "A CRM for leads and deals"',
    );
  }
  const request: PlanRequest = { prompt };
  if (previous) request.previous = previous;
  if (instructions !== undefined) request.instructions = instructions;
  return request;
}
