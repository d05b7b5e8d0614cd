// Daily quotas per installation (generations and LLM tokens). The counting lives in the run store, shared by every
// server and worker process; this module words the refusal and reads the operator's ceilings from the environment.
import { DEFAULT_LLM_MODEL, DEFAULT_OPERATOR_LIMITS, type OperatorLimits } from "../core/limits.ts";
import type { Admission, DailyLimits } from "../core/runs.ts";

/** When daily limits reset: the next UTC midnight, as "2026-11-23 00:00 UTC (in 5 h 12 min)". */
export function nextUtcMidnight(nowMs: number): string {
  const now = new Date(nowMs);
  const reset = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const minutes = Math.ceil((reset - nowMs) / 60_000);
  const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `${new Date(reset).toISOString().slice(0, 10)} 00:00 UTC (in ${wait})`;
}

/**
 * The comment when the run store refused a run: which daily limit the installation reached, and when it resets.
 * `retry` says how to ask again, e.g. "apply the `generate` label again". A repository's config can raise its limit
 * only up to the operator's ceiling, so the comment says which of the two it is.
 */
export function quotaRefusal(refused: Extract<Admission, { admitted: false }>, limits: DailyLimits, nowMs: number, retry: string, operator: OperatorLimits): string {
  if (refused.limit === "tokens") {
    const budget = limits.tokensPerDay ?? 0;
    return (
      `appgen did not run: this installation used ${refused.used.toLocaleString("en-US")} LLM tokens today (UTC) and its budget is ${budget.toLocaleString("en-US")} tokens a day. ` +
      `The budget resets at ${nextUtcMidnight(nowMs)}; ${retry} then${raise("llm_tokens_per_day", budget, operator.llmTokensPerDay, "APPGEN_LLM_TOKENS_PER_DAY")}`
    );
  }
  return `appgen did not run: this installation reached its limit of ${limits.generationsPerDay} generations today (UTC). The count resets at ${nextUtcMidnight(nowMs)}; ${retry} then${raise("generations_per_day", limits.generationsPerDay, operator.generationsPerDay, "APPGEN_GENERATIONS_PER_DAY")}`;
}

function raise(key: string, limit: number, ceiling: number | undefined, variable: string): string {
  if (ceiling !== undefined && limit >= ceiling) return `. ${ceiling.toLocaleString("en-US")} is the most this appgen server allows (its operator sets ${variable}).`;
  const upTo = ceiling === undefined ? "" : ` (up to ${ceiling.toLocaleString("en-US")}, this appgen server's ceiling)`;
  return `, or raise \`limits.${key}\` in \`.github/appgen.yml\`${upTo}.`;
}

/**
 * The operator's ceilings from the environment, or the problems (each naming the variable and the fix):
 * APPGEN_GENERATIONS_PER_DAY (default 50), APPGEN_LLM_TOKENS_PER_DAY (default: no budget), APPGEN_LLM_MODEL (default
 * gpt-4o-mini) and APPGEN_LLM_MODELS (comma-separated; default: only APPGEN_LLM_MODEL), which must list APPGEN_LLM_MODEL.
 */
export function operatorLimitsFromEnv(env: NodeJS.ProcessEnv): { limits: OperatorLimits; problems: string[] } {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;
  const whole = (name: string, example: string, unset: string): number | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    if (/^[1-9][0-9]*$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
    problems.push(`${name} '${text}' is not a positive whole number. Set ${example}, or unset it ${unset}.`);
    return undefined;
  };
  const generationsPerDay = whole("APPGEN_GENERATIONS_PER_DAY", "the most generations per installation per UTC day, e.g. 50", `for ${DEFAULT_OPERATOR_LIMITS.generationsPerDay}`) ?? DEFAULT_OPERATOR_LIMITS.generationsPerDay;
  const llmTokensPerDay = whole("APPGEN_LLM_TOKENS_PER_DAY", "the daily LLM token budget per installation, e.g. 2000000", "for no budget");

  const defaultModel = value("APPGEN_LLM_MODEL") ?? DEFAULT_LLM_MODEL;
  const listed = value("APPGEN_LLM_MODELS");
  let models = [defaultModel];
  if (listed !== undefined) {
    const names = listed.split(",").map((name) => name.trim());
    const bad = names.find((name) => !MODEL_NAME.test(name));
    if (bad !== undefined) {
      problems.push(`APPGEN_LLM_MODELS holds ${bad === "" ? "an empty name" : `'${bad}', which is not a model name`}. List the models repositories may choose in llm.model, separated by commas, e.g. gpt-4o-mini,gpt-4o.`);
    } else if (!names.includes(defaultModel)) {
      problems.push(`APPGEN_LLM_MODELS (${names.join(",")}) does not list APPGEN_LLM_MODEL '${defaultModel}'${value("APPGEN_LLM_MODEL") ? "" : " (its default)"}, the model repositories get when they name none. Add it to APPGEN_LLM_MODELS, or set APPGEN_LLM_MODEL to one of the listed models.`);
    } else {
      models = [...new Set(names)];
    }
  }
  return { limits: { generationsPerDay, llmTokensPerDay, defaultModel, models }, problems };
}

/** What the config schema accepts in llm.model, without spaces (a comma-separated list cannot hold them anyway). */
const MODEL_NAME = /^[^\s,]{1,200}$/;
