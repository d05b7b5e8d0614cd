// Which planners a GitHub run uses: the server's model (OPENAI_* variables) unless the repository's config turns it
// off or names another model; the offline planner always answers last.
import { createOpenAiLlm, type OpenAiLlmConfig } from "../adapters/openai-llm.ts";
import { CONFIG_PATH, type ResolvedConfig } from "../core/config.ts";
import { standardPlanners, type PlanAppOptions } from "../core/planners/chain.ts";
import { createOfflinePlanner } from "../core/planners/offline/index.ts";
import type { Planner } from "../core/planners/types.ts";

export interface GitHubPlanners {
  planners: Planner[];
  options: PlanAppOptions;
  /** The model asked, for the progress comment. */
  model: string | undefined;
}

export function githubPlanners(llm: OpenAiLlmConfig | undefined, config: ResolvedConfig["llm"]): GitHubPlanners {
  const offline = createOfflinePlanner();
  if (!config.enabled) {
    return { planners: standardPlanners({ offline }), options: { llmUnavailableReason: `llm.enabled is false in ${CONFIG_PATH}` }, model: undefined };
  }
  if (!llm) {
    return { planners: standardPlanners({ offline }), options: { llmUnavailableReason: "the appgen server has no OPENAI_API_KEY" }, model: undefined };
  }
  const model = config.model ?? llm.model;
  return { planners: standardPlanners({ offline, llm: createOpenAiLlm({ ...llm, model }) }), options: {}, model };
}
