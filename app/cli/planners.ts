// Composition root for planning on the command line: which planners exist depends on flags and environment.
import { createOpenAiLlm } from "../adapters/openai-llm.ts";
import { readLlmSettings, type Environment } from "../settings.ts";
import { standardPlanners, type PlanAppOptions } from "../core/planners/chain.ts";
import { createOfflinePlanner } from "../core/planners/offline/index.ts";
import type { Planner } from "../core/planners/types.ts";

export function cliPlanners(env: Environment, offlineOnly: boolean): { planners: Planner[]; options: PlanAppOptions } {
  const offline = createOfflinePlanner();
  if (offlineOnly)
    return { planners: standardPlanners({ offline }), options: { llmUnavailableReason: "--offline was given" } };
  const config = readLlmSettings(env);
  if (!config)
    return { planners: standardPlanners({ offline }), options: { llmUnavailableReason: "OPENAI_API_KEY is not set" } };
  return { planners: standardPlanners({ offline, llm: createOpenAiLlm(config) }), options: {} };
}
