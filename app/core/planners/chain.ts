// The plan stage's single entry: redact, then ask each planner in turn until one answers. The order is the
// product's promise: a manifest the person wrote wins, then the model, then the offline planner that needs nothing.
import { AppgenError } from "../errors.ts";
import { normaliseMultiLine } from "../escape.ts";
import { MAX_INPUT_BYTES } from "../manifest/index.ts";
import { containsSecret, redactSecrets } from "../redact.ts";
import type { Llm } from "../ports.ts";
import { createExplicitPlanner } from "./explicit-planner.ts";
import { createLlmPlanner, type LlmPlannerOptions } from "./llm-planner.ts";
import type { PlanRequest, PlanResult, Planner } from "./types.ts";

export interface PlanAppOptions {
  /**
   * Why there is no LLM planner in the list, for the note shown when the offline planner answers instead,
   * e.g. "OPENAI_API_KEY is not set" or "llm: false in .github/appgen.yml".
   */
  llmUnavailableReason?: string;
}

export const DEFAULT_LLM_UNAVAILABLE_REASON = "set OPENAI_API_KEY to plan with a model";

/** explicit -> llm (when a model is configured) -> offline. */
export function standardPlanners(parts: { offline: Planner; llm?: Llm; llmOptions?: LlmPlannerOptions }): Planner[] {
  return [
    createExplicitPlanner(),
    ...(parts.llm ? [createLlmPlanner(parts.llm, parts.llmOptions)] : []),
    parts.offline,
  ];
}

function checkSize(text: string | undefined, what: string): void {
  if (text === undefined) return;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_INPUT_BYTES) {
    throw new AppgenError(
      "INPUT_TOO_LARGE",
      `the ${what} is ${bytes} bytes; the limit is ${MAX_INPUT_BYTES} bytes. Describe the app more briefly.`,
    );
  }
}

/** Plans with the first planner that applies. AppgenErrors propagate: a failing model is reported, not papered over. */
export async function planApp(
  request: PlanRequest,
  planners: Planner[],
  options: PlanAppOptions = {},
): Promise<PlanResult> {
  checkSize(request.prompt, "request");
  checkSize(request.instructions, "instructions");
  // Line ends and invisible controls are normalised once, here, for every planner: they carry no meaning in a request.
  const redacted: PlanRequest = { ...request, prompt: normaliseMultiLine(redactSecrets(request.prompt)) };
  if (request.instructions !== undefined)
    redacted.instructions = normaliseMultiLine(redactSecrets(request.instructions));

  const notes: string[] = [];
  if (containsSecret(request.prompt) || (request.instructions !== undefined && containsSecret(request.instructions))) {
    notes.push(
      "removed what looked like a secret (a token, key or password) from the request before planning; revoke it if it was real",
    );
  }
  const hasLlm = planners.some((p) => p.name === "llm");

  for (const planner of planners) {
    const result = await planner.plan(redacted);
    if (!result) continue;
    if (result.planner === "offline" && !hasLlm) {
      notes.push(
        `no LLM configured (${options.llmUnavailableReason ?? DEFAULT_LLM_UNAVAILABLE_REASON}): used the offline planner`,
      );
    }
    return { ...result, notes: [...notes, ...result.notes] };
  }
  throw new AppgenError(
    "MANIFEST_NOT_FOUND",
    `no planner could plan this request (tried: ${planners.map((p) => p.name).join(", ") || "none"}). Add a \`\`\`yaml appgen block with the manifest, or configure an LLM with OPENAI_API_KEY.`,
  );
}
