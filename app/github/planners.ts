// Which planners a GitHub run uses: the server's model (OPENAI_* variables) unless the repository's config turns it
// off or names another model; the offline planner always answers last.
import { CONFIG_PATH, type ResolvedConfig } from "../core/config.ts";
import { standardPlanners, type PlanAppOptions } from "../core/planners/chain.ts";
import { createOfflinePlanner } from "../core/planners/offline/index.ts";
import type { Planner } from "../core/planners/types.ts";
import type { LlmModels } from "../ports.ts";

export interface GitHubPlanners {
  planners: Planner[];
  options: PlanAppOptions;
  /** The model asked, for the progress comment. */
  model: string | undefined;
}

export function githubPlanners(models: LlmModels | undefined, config: ResolvedConfig["llm"]): GitHubPlanners {
  const offline = createOfflinePlanner();
  if (!config.enabled) {
    return {
      planners: standardPlanners({ offline }),
      options: { llmUnavailableReason: `llm.enabled is false in ${CONFIG_PATH}` },
      model: undefined,
    };
  }
  if (!models) {
    return {
      planners: standardPlanners({ offline }),
      options: { llmUnavailableReason: "the appgen server has no OPENAI_API_KEY" },
      model: undefined,
    };
  }
  const model = config.model ?? models.defaultModel;
  return { planners: standardPlanners({ offline, llm: models.forModel(model) }), options: {}, model };
}
