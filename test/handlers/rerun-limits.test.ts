// A dashboard re-run replays the job data a failed run kept, config included; the operator's ceilings of today
// still apply to it (they may have been lowered since the run was first admitted).
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../app/core/config.ts";
import type { OperatorLimits } from "../../app/core/limits.ts";
import type { RunRecord } from "../../app/core/runs.ts";
import { composeApp } from "../../app/compose.ts";
import { rerunner } from "../../app/handlers/rerun.ts";
import type { GenerateJob } from "../../app/core/jobs.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const OPERATOR: OperatorLimits = {
  generationsPerDay: 1,
  llmTokensPerDay: undefined,
  defaultModel: "gpt-4o-mini",
  models: ["gpt-4o-mini"],
};

function failedRun(id: string, config = DEFAULT_CONFIG): RunRecord {
  const job: GenerateJob = {
    kind: "generate",
    installationId: 1,
    repository: { owner: "acme", repo: "shop", htmlUrl: "https://github.com/acme/shop", defaultBranch: "main" },
    issueNumber: 3,
    trigger: { kind: "label", title: "A shop", body: "Products and orders." },
    config,
    comment: { issueNumber: 3, id: 77 },
  };
  return {
    id,
    installationId: 1,
    repository: "acme/shop",
    repositoryUrl: "https://github.com/acme/shop",
    issueNumber: 3,
    requestedBy: "acme",
    trigger: "label",
    status: "failed",
    queuedAt: new Date(NOW - 60_000).toISOString(),
    stages: [],
    tokens: 0,
    check: "pending",
    autofixAttempts: 0,
    job,
  };
}

async function rerunOf(run: RunRecord) {
  const deps = composeApp({}, { limits: OPERATOR, clock: () => NOW });
  await deps.runs.admit(run, { dayStart: "2025-06-01T00:00:00.000Z", generationsPerDay: 100, tokensPerDay: undefined });
  const result = await rerunner(deps, pino({ level: "silent" }))(run.id, "olga");
  expect(await deps.runs.list()).toHaveLength(1); // nothing new admitted
  await deps.queue.close();
  return result;
}

describe("dashboard re-run under today's ceilings", () => {
  it("is capped by the operator's generations per day, even though the job's config kept a higher one", async () => {
    const result = await rerunOf(
      failedRun("run-1", { ...DEFAULT_CONFIG, limits: { ...DEFAULT_CONFIG.limits, generationsPerDay: 50 } }),
    );
    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining("reached its limit of 1 generations today (UTC)"),
    });
    expect(result.ok ? "" : result.reason).toContain(
      "re-run it then. 1 is the most this appgen server allows (its operator sets APPGEN_GENERATIONS_PER_DAY).",
    );
  });

  it("is refused for a model the operator no longer offers", async () => {
    const result = await rerunOf(failedRun("run-2", { ...DEFAULT_CONFIG, llm: { enabled: true, model: "gpt-4o" } }));
    expect(result).toEqual({
      ok: false,
      reason:
        "run run-2 asked for model 'gpt-4o', which this appgen server no longer offers (APPGEN_LLM_MODELS: gpt-4o-mini); apply the label or comment the command again so the repository's current config is read",
    });
  });
});
