import { afterEach, describe, expect, it } from "vitest";
import { usageOf, type RunRecord } from "../../app/core/runs.ts";
import { DEFAULT_OPERATOR_LIMITS, type OperatorLimits } from "../../app/core/limits.ts";
import { nextUtcMidnight } from "../../app/github/limits.ts";
import { readOperatorLimits } from "../../app/settings.ts";
import { completion } from "../helpers/fake-openai-server.ts";
import { githubApi, useGitHubApi } from "../helpers/github-api.ts";
import {
  labeledRunMocks,
  commentCreate,
  commentPayload,
  configFile,
  labeledPayload,
  newSide,
  noConfig,
  permission,
  pullGet,
  testApp,
  type TestApp,
  useFakeOpenAi,
} from "./harness.ts";

useGitHubApi();

// The harness's wall clock: 2025-06-01T12:00:00Z, so limits reset in 12 hours.
const NOW = Date.parse("2025-06-01T12:00:00Z");
const RESET = "2025-06-02 00:00 UTC (in 12 h 0 min)";
const INSTALLATION = 1;
const operator = (overrides: Partial<OperatorLimits>): OperatorLimits => ({ ...DEFAULT_OPERATOR_LIMITS, ...overrides });
const tasks = {
  name: "Tasks",
  entities: [
    {
      name: "task",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "status", type: "enum", options: ["open", "done"] },
      ],
    },
  ],
};

let app: TestApp | undefined;
const model = useFakeOpenAi();
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

/** Earlier runs of the installation today, as the run store holds them. */
async function spent(runs: number, tokens: number, queuedAt = new Date(NOW).toISOString()): Promise<void> {
  for (let i = 0; i < runs; i++) {
    const run: RunRecord = {
      id: `earlier-${queuedAt}-${i}`,
      installationId: INSTALLATION,
      repository: "Codertocat/Hello-World",
      repositoryUrl: "https://github.com/Codertocat/Hello-World",
      issueNumber: 100 + i,
      requestedBy: "Codertocat",
      trigger: "label",
      status: "done",
      queuedAt,
      stages: [],
      tokens: i === 0 ? tokens : 0,
      check: "pending",
      autofixAttempts: 0,
    };
    expect(
      await app!.deps.runs.admit(run, {
        dayStart: queuedAt.slice(0, 10) + "T00:00:00.000Z",
        generationsPerDay: 1_000,
        tokensPerDay: undefined,
      }),
    ).toEqual({ admitted: true });
  }
}

const usage = async (nowMs = NOW) =>
  usageOf(await app!.deps.runs.list(), INSTALLATION, new Date(nowMs).toISOString().slice(0, 10) + "T00:00:00.000Z");

async function refusal(trigger: "label" | "comment"): Promise<string> {
  const github = githubApi();
  const side = newSide();
  if (trigger === "label") {
    noConfig(github);
    permission(github, "Codertocat", "write");
    commentCreate(github, side, 7);
    await app!.receive("issues", labeledPayload());
  } else {
    noConfig(github);
    pullGet(github);
    permission(github, "Codertocat", "write");
    commentCreate(github, side, 8);
    await app!.receive("issue_comment", commentPayload({ body: "/regenerate" }));
  }
  await app!.deps.queue.drain();
  expect(side.comments).toHaveLength(1);
  return side.comments[0]!.body;
}

describe("LLM token budget per installation", () => {
  it.each(["label", "comment"] as const)(
    "refuses a %s once the day's tokens are spent (server default), generating nothing",
    async (trigger) => {
      app = await testApp({ limits: operator({ llmTokensPerDay: 10_000 }) });
      await spent(1, 10_000);
      const body = await refusal(trigger);
      expect(body).toBe(
        `appgen did not run: this installation used 10,000 LLM tokens today (UTC) and its budget is 10,000 tokens a day. The budget resets at ${RESET}; ` +
          `${trigger === "label" ? "apply the `generate` label" : "comment `/regenerate`"} again then. 10,000 is the most this appgen server allows (its operator sets APPGEN_LLM_TOKENS_PER_DAY).`,
      );
      // The refused run is not recorded: it does not count against the generations of the day either.
      expect(await usage()).toEqual({ generations: 1, tokens: 10_000 });
      expect(await app.deps.metrics.render()).toContain(
        `appgen_generations_total{outcome="refused",trigger="${trigger === "label" ? "label" : "regenerate"}"} 1`,
      );
    },
  );

  it("takes the repository's lower limits.llm_tokens_per_day over the server's ceiling, and says it may be raised up to the ceiling", async () => {
    app = await testApp({ limits: operator({ llmTokensPerDay: 1_000_000 }) });
    await spent(1, 5_000);
    const github = githubApi();
    const side = newSide();
    configFile(github, "limits:\n  llm_tokens_per_day: 5000\n");
    permission(github, "Codertocat", "write");
    commentCreate(github, side, 7);
    await app.receive("issues", labeledPayload());
    expect(side.comments[0]?.body).toContain("its budget is 5,000 tokens a day");
    expect(side.comments[0]?.body).toContain(
      "or raise `limits.llm_tokens_per_day` in `.github/appgen.yml` (up to 1,000,000, this appgen server's ceiling).",
    );
  });

  it("charges the tokens a plan spent, then refuses the next generation", async () => {
    app = await testApp({
      limits: operator({ llmTokensPerDay: 1_000 }),
      llm: model.llm(),
    });
    model.server().enqueue(completion(tasks, { prompt_tokens: 1_200, completion_tokens: 300 }));
    const { github, repo, side } = labeledRunMocks();
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();

    expect(side.edits[0]?.body).toContain("### Generated the app");
    expect(await usage()).toEqual({ generations: 1, tokens: 1_500 });
    const [run] = await app.deps.runs.list();
    expect(run).toMatchObject({
      status: "done",
      requestedBy: "Codertocat",
      trigger: "label",
      tokens: 1_500,
      planner: "llm",
      model: "fake-coder",
      app: { name: "Tasks" },
    });
    expect(run?.stages.map((s) => s.stage)).toEqual(["plan", "db", "api", "ui", "files"]);
    // The pull request's app card shows what the plan cost in tokens.
    expect(side.pulls[0]?.body).toContain("#### App card");
    expect(side.pulls[0]?.body).toContain("| 1,500 |");

    const body = await refusal("label");
    expect(body).toContain("used 1,500 LLM tokens today (UTC) and its budget is 1,000 tokens a day");
    // A new UTC day starts from zero.
    expect(await usage(Date.parse("2025-06-02T00:00:00Z"))).toEqual({ generations: 0, tokens: 0 });
  });
});

describe("generations per day", () => {
  it("says when the count resets", async () => {
    app = await testApp();
    await spent(1, 0, "2025-05-31T23:59:59.000Z"); // yesterday's run does not count
    await spent(50, 0);
    const body = await refusal("label");
    expect(body).toBe(
      `appgen did not run: this installation reached its limit of 50 generations today (UTC). The count resets at ${RESET}; apply the \`generate\` label again then. 50 is the most this appgen server allows (its operator sets APPGEN_GENERATIONS_PER_DAY).`,
    );
  });
});

describe("quota helpers", () => {
  it.each([
    ["2025-06-01T12:00:00Z", RESET],
    ["2025-12-31T23:59:30Z", "2026-01-01 00:00 UTC (in 1 min)"],
    ["2025-06-01T00:00:00Z", "2025-06-02 00:00 UTC (in 24 h 0 min)"],
  ])("next UTC midnight after %s is %s", (now, expected) => {
    expect(nextUtcMidnight(Date.parse(now))).toBe(expected);
  });

  it.each<[string, NodeJS.ProcessEnv, OperatorLimits]>([
    [
      "an empty environment",
      {},
      { generationsPerDay: 50, llmTokensPerDay: undefined, defaultModel: "gpt-4o-mini", models: ["gpt-4o-mini"] },
    ],
    [
      "every ceiling",
      {
        APPGEN_GENERATIONS_PER_DAY: "200",
        APPGEN_LLM_TOKENS_PER_DAY: "2000000",
        APPGEN_LLM_MODEL: "gpt-4o",
        APPGEN_LLM_MODELS: "gpt-4o-mini, gpt-4o ,gpt-4o",
      },
      { generationsPerDay: 200, llmTokensPerDay: 2_000_000, defaultModel: "gpt-4o", models: ["gpt-4o-mini", "gpt-4o"] },
    ],
    [
      "only APPGEN_LLM_MODEL: the only model allowed",
      { APPGEN_LLM_MODEL: "qwen2.5-coder:32b" },
      {
        generationsPerDay: 50,
        llmTokensPerDay: undefined,
        defaultModel: "qwen2.5-coder:32b",
        models: ["qwen2.5-coder:32b"],
      },
    ],
    [
      "a list holding the unset model's default",
      { APPGEN_LLM_MODELS: "gpt-4o-mini,llama3.1" },
      {
        generationsPerDay: 50,
        llmTokensPerDay: undefined,
        defaultModel: "gpt-4o-mini",
        models: ["gpt-4o-mini", "llama3.1"],
      },
    ],
  ])("reads the operator's ceilings from %s", (_name, env, limits) => {
    expect(readOperatorLimits(env)).toEqual({ limits, problems: [] });
  });

  it.each([
    [
      { APPGEN_LLM_TOKENS_PER_DAY: "2e6" },
      "APPGEN_LLM_TOKENS_PER_DAY '2e6' is not a positive whole number. Set the daily LLM token budget per installation, e.g. 2000000, or unset it for no budget.",
    ],
    [{ APPGEN_LLM_TOKENS_PER_DAY: "-5" }, "APPGEN_LLM_TOKENS_PER_DAY '-5' is not a positive whole number."],
    [
      { APPGEN_GENERATIONS_PER_DAY: "0" },
      "APPGEN_GENERATIONS_PER_DAY '0' is not a positive whole number. Set the most generations per installation per UTC day, e.g. 50, or unset it for 50.",
    ],
    [{ APPGEN_GENERATIONS_PER_DAY: "ten" }, "APPGEN_GENERATIONS_PER_DAY 'ten' is not a positive whole number."],
    [
      { APPGEN_GENERATIONS_PER_DAY: "99999999999999999999" },
      "APPGEN_GENERATIONS_PER_DAY '99999999999999999999' is not a positive whole number.",
    ],
    [
      { APPGEN_LLM_MODELS: "gpt-4o-mini,,gpt-4o" },
      "APPGEN_LLM_MODELS holds an empty name. List the models repositories may choose in llm.model, separated by commas, e.g. gpt-4o-mini,gpt-4o.",
    ],
    [{ APPGEN_LLM_MODELS: "gpt-4o-mini,gpt 4o" }, "APPGEN_LLM_MODELS holds 'gpt 4o', which is not a model name."],
    [
      { APPGEN_LLM_MODELS: "llama3.1,qwen2.5" },
      "APPGEN_LLM_MODELS (llama3.1,qwen2.5) does not list APPGEN_LLM_MODEL 'gpt-4o-mini' (its default), the model repositories get when they name none. Add it to APPGEN_LLM_MODELS, or set APPGEN_LLM_MODEL to one of the listed models.",
    ],
    [
      { APPGEN_LLM_MODEL: "gpt-4o", APPGEN_LLM_MODELS: "gpt-4o-mini" },
      "APPGEN_LLM_MODELS (gpt-4o-mini) does not list APPGEN_LLM_MODEL 'gpt-4o', the model repositories get when they name none.",
    ],
  ])("refuses %j naming the variable and the fix", (env, problem) => {
    const { problems } = readOperatorLimits(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });
});
