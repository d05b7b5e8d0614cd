// Composition root for planning on the command line: which planners exist depends on flags and environment.
import { createOpenAiLlm, llmConfigFromEnv } from "../adapters/openai-llm.ts";
import { standardPlanners, type PlanAppOptions } from "../core/planners/chain.ts";
import { createOfflinePlanner } from "../core/planners/offline/index.ts";
import type { Planner } from "../core/planners/types.ts";

export function cliPlanners(env: NodeJS.ProcessEnv, offlineOnly: boolean): { planners: Planner[]; options: PlanAppOptions } {
  const offline = createOfflinePlanner();
  if (offlineOnly) return { planners: standardPlanners({ offline }), options: { llmUnavailableReason: "--offline was given" } };
  const config = llmConfigFromEnv(env);
  if (!config) return { planners: standardPlanners({ offline }), options: { llmUnavailableReason: "OPENAI_API_KEY is not set" } };
  return { planners: standardPlanners({ offline, llm: createOpenAiLlm(config) }), options: {} };
}
