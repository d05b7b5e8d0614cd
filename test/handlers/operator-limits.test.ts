// The operator's limits are ceilings: a repository's .github/appgen.yml can lower them and choose among the listed
// models, never raise them. Through the webhook harness: a refused config gets one comment quoting the value and
// what is allowed, and no run (no 👀, no progress comment, no run record, no branch); a lower value is honoured.
import { afterEach, describe, expect, it } from "vitest";
import type { OperatorLimits } from "../../app/core/limits.ts";
import type { RunRecord } from "../../app/core/runs.ts";
import { completion } from "../helpers/fake-openai-server.ts";
import { githubApi, useGitHubApi } from "../helpers/github-api.ts";
import {
  announce,
  commentCreate,
  commentPayload,
  configFile,
  FULL_RUN,
  labeledPayload,
  MemoryRepo,
  newSide,
  permission,
  pullCreate,
  pullGet,
  testApp,
  type TestApp,
  useFakeOpenAi,
} from "./harness.ts";

useGitHubApi();

/** The operator: two models, 20 generations and 100,000 tokens per installation a day. */
const OPERATOR: OperatorLimits = {
  generationsPerDay: 20,
  llmTokensPerDay: 100_000,
  defaultModel: "fake-coder",
  models: ["fake-coder", "fake-coder-large"],
};
const tasks = {
  name: "Tasks",
  entities: [{ name: "task", fields: [{ name: "title", type: "text", required: true }] }],
};

let app: TestApp | undefined;
const model = useFakeOpenAi();
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

const llm = () => model.llm(OPERATOR.defaultModel);

/** A label with `yaml` as .github/appgen.yml, answered only by one comment on the issue. */
async function refusedLabel(yaml: string): Promise<string> {
  app = await testApp({ limits: OPERATOR, llm: llm() });
  const github = githubApi();
  const side = newSide();
  configFile(github, yaml);
  commentCreate(github, side, 7);
  await app.receive("issues", labeledPayload());
  await app.deps.queue.drain();
  expect(side.comments).toHaveLength(1);
  expect(side.reactions).toEqual([]);
  expect(await app.deps.runs.list()).toEqual([]);
  expect(model.server().requests).toHaveLength(0);
  // Only the config read and the comment: no permission check, no git, no pull request.
  expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /repos/Codertocat/Hello-World/contents/.github%2Fappgen.yml",
    "POST /repos/Codertocat/Hello-World/issues/7/comments",
  ]);
  return side.comments[0]!.body;
}

describe("a repository's config above the operator's limits", () => {
  afterEach(() => {
    model.server().requests.length = 0;
  });

  it.each([
    [
      "limits.generations_per_day",
      "limits:\n  generations_per_day: 500\n",
      "/limits/generations_per_day: 500 is above this appgen server's ceiling of 20 generations a day",
      "use at most 20",
    ],
    [
      "limits.llm_tokens_per_day",
      "limits:\n  llm_tokens_per_day: 5000000\n",
      "/limits/llm_tokens_per_day: 5,000,000 is above this appgen server's ceiling of 100,000 LLM tokens a day",
      "use at most 100,000",
    ],
    [
      "llm.model",
      "llm:\n  model: gpt-4o\n",
      "/llm/model: 'gpt-4o' is not a model this appgen server offers",
      "use one of 'fake-coder', 'fake-coder-large', or remove the key to get 'fake-coder'",
    ],
  ])(
    "refuses %s with a comment quoting the value and the ceiling, and runs nothing",
    async (_key, yaml, problem, fix) => {
      const body = await refusedLabel(yaml);
      expect(body.split("\n")[0]).toBe(
        "appgen did not run: its configuration asks for more than this appgen server allows.",
      );
      expect(body).toContain(
        "CONFIG_NOT_ALLOWED: .github/appgen.yml asks for more than this appgen server allows (1 problem).",
      );
      expect(body).toContain(`  ${problem}\n    fix: ${fix}`);
      expect(body).toContain(
        "Fix `.github/appgen.yml` on the default branch (or in the organisation's `.github` repository), then apply the label again.",
      );
    },
  );

  it("refuses /regenerate on the pull request alike, saying to comment the command again", async () => {
    app = await testApp({ limits: OPERATOR, llm: llm() });
    const github = githubApi();
    const side = newSide();
    configFile(github, "llm:\n  model: o3\nlimits:\n  generations_per_day: 21\n");
    commentCreate(github, side, 8);
    await app.receive("issue_comment", commentPayload({ body: "/regenerate add a priority field" }));
    await app.deps.queue.drain();
    expect(side.comments).toHaveLength(1);
    const body = side.comments[0]!.body;
    expect(body).toContain("(2 problems)");
    expect(body).toContain(
      "/limits/generations_per_day: 21 is above this appgen server's ceiling of 20 generations a day",
    );
    expect(body).toContain("/llm/model: 'o3' is not a model this appgen server offers");
    expect(body).toContain("then comment `/regenerate` again.");
    expect(await app.deps.runs.list()).toEqual([]);
  });
});

describe("a repository's config within the operator's limits", () => {
  it("plans with the allowed model the repository chose, on the operator's key", async () => {
    app = await testApp({ limits: OPERATOR, llm: llm() });
    model.server().requests.length = 0;
    model.server().enqueue(completion(tasks, { prompt_tokens: 100, completion_tokens: 50 }, "fake-coder-large"));
    const github = githubApi();
    const repo = new MemoryRepo();
    const side = newSide();
    configFile(github, "llm:\n  model: fake-coder-large\n");
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    repo.intercept([...FULL_RUN]);
    pullCreate(github, side);
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();

    expect(side.edits[0]?.body).toContain("### Generated the app");
    expect(model.server().requests.map((r) => (r.body as { model?: string }).model)).toEqual(["fake-coder-large"]);
    expect((await app.deps.runs.list())[0]).toMatchObject({ status: "done", model: "fake-coder-large", tokens: 150 });
  });

  it("honours a lower generations_per_day: the repository's own limit refuses the next run", async () => {
    app = await testApp({ limits: OPERATOR });
    for (let i = 0; i < 2; i++) {
      const run: RunRecord = {
        id: `earlier-${i}`,
        installationId: 1,
        repository: "Codertocat/Hello-World",
        repositoryUrl: "https://github.com/Codertocat/Hello-World",
        issueNumber: 100 + i,
        requestedBy: "Codertocat",
        trigger: "label",
        status: "done",
        queuedAt: "2025-06-01T11:00:00.000Z",
        stages: [],
        tokens: 0,
        check: "pending",
        autofixAttempts: 0,
      };
      expect(
        await app.deps.runs.admit(run, {
          dayStart: "2025-06-01T00:00:00.000Z",
          generationsPerDay: 1_000,
          tokensPerDay: undefined,
        }),
      ).toEqual({ admitted: true });
    }
    const github = githubApi();
    const side = newSide();
    configFile(github, "limits:\n  generations_per_day: 2\n");
    permission(github, "Codertocat", "write");
    commentCreate(github, side, 7);
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();
    expect(side.comments.map((c) => c.body)).toEqual([
      "appgen did not run: this installation reached its limit of 2 generations today (UTC). The count resets at 2025-06-02 00:00 UTC (in 12 h 0 min); apply the `generate` label again then, or raise `limits.generations_per_day` in `.github/appgen.yml` (up to 20, this appgen server's ceiling).",
    ]);
  });

  it("gives a repository without limits the operator's ceiling, and says so when it is reached", async () => {
    app = await testApp({ limits: { ...OPERATOR, generationsPerDay: 1 } });
    const run: RunRecord = {
      id: "earlier",
      installationId: 1,
      repository: "Codertocat/Hello-World",
      repositoryUrl: "https://github.com/Codertocat/Hello-World",
      issueNumber: 100,
      requestedBy: "Codertocat",
      trigger: "label",
      status: "done",
      queuedAt: "2025-06-01T11:00:00.000Z",
      stages: [],
      tokens: 0,
      check: "pending",
      autofixAttempts: 0,
    };
    await app.deps.runs.admit(run, {
      dayStart: "2025-06-01T00:00:00.000Z",
      generationsPerDay: 1_000,
      tokensPerDay: undefined,
    });
    const github = githubApi();
    const side = newSide();
    configFile(github, "label: generate\n");
    pullGet(github);
    permission(github, "Codertocat", "write");
    commentCreate(github, side, 8);
    await app.receive("issue_comment", commentPayload({ body: "/regenerate" }));
    await app.deps.queue.drain();
    expect(side.comments[0]?.body).toContain("reached its limit of 1 generations today (UTC)");
    expect(side.comments[0]?.body).toContain(
      "comment `/regenerate` again then. 1 is the most this appgen server allows (its operator sets APPGEN_GENERATIONS_PER_DAY).",
    );
  });
});
