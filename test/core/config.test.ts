import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveConfig } from "../../app/core/config.ts";
import { AppgenError } from "../../app/core/errors.ts";
import { DEFAULT_OPERATOR_LIMITS, type OperatorLimits } from "../../app/core/limits.ts";

/** A server that offers two models, 20 generations and 100,000 tokens a day. */
const OPERATOR: OperatorLimits = {
  generationsPerDay: 20,
  llmTokensPerDay: 100_000,
  defaultModel: "gpt-4o-mini",
  models: ["gpt-4o-mini", "llama3.1"],
};

function problemsOf(
  input: unknown,
  code: "CONFIG_INVALID" | "CONFIG_NOT_ALLOWED" = "CONFIG_INVALID",
  operator = DEFAULT_OPERATOR_LIMITS,
): { path: string; message: string; fix?: string }[] {
  try {
    resolveConfig(input, operator);
  } catch (error) {
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).code).toBe(code);
    return (error as AppgenError).problems;
  }
  throw new Error(`expected ${code}`);
}

describe("resolveConfig", () => {
  it.each([null, undefined, {}])("fills every default when the file is absent or empty (%s)", (input) => {
    expect(resolveConfig(input, DEFAULT_OPERATOR_LIMITS)).toEqual(DEFAULT_CONFIG);
  });

  it("returns a copy: changing it does not change the defaults", () => {
    const config = resolveConfig(null, DEFAULT_OPERATOR_LIMITS);
    config.runnerLabels.push("gpu");
    expect(DEFAULT_CONFIG.runnerLabels).toEqual(["ubuntu-latest"]);
    config.autofix.runnerLabels.push("gpu");
    expect(DEFAULT_CONFIG.autofix.runnerLabels).toEqual(["ubuntu-latest"]);
  });

  it("maps every key of the file", () => {
    const config = resolveConfig(
      {
        label: "appgen",
        command: "/rebuild",
        base_branch: "develop",
        path: "apps/crm",
        draft: false,
        runner_labels: ["self-hosted", "gpu"],
        llm: { enabled: false, model: "llama3.1" },
        limits: { max_issue_bytes: 2000, generations_per_day: 3, max_autofix: 0 },
        autofix: { mode: "self-hosted", runner_labels: ["self-hosted", "gpu", "ollama"] },
        licenses: { allow: ["MIT", "ISC"], allow_packages: ["@img/*"] },
      },
      OPERATOR,
    );
    expect(config).toEqual({
      label: "appgen",
      command: "/rebuild",
      baseBranch: "develop",
      path: "apps/crm",
      draft: false,
      runnerLabels: ["self-hosted", "gpu"],
      llm: { enabled: false, model: "llama3.1" },
      limits: { maxIssueBytes: 2000, generationsPerDay: 3, maxAutofix: 0, llmTokensPerDay: 100_000 },
      autofix: { mode: "self-hosted", runnerLabels: ["self-hosted", "gpu", "ollama"] },
      licenses: { allow: ["MIT", "ISC"], allowPackages: ["@img/*"] },
    });
  });

  it("runs the fix workflow on the checks' runners unless autofix names its own", () => {
    expect(resolveConfig({ runner_labels: ["self-hosted", "linux"] }, DEFAULT_OPERATOR_LIMITS).autofix).toEqual({
      mode: "app",
      runnerLabels: ["self-hosted", "linux"],
    });
    expect(
      resolveConfig({ runner_labels: ["self-hosted"], autofix: { runner_labels: ["gpu"] } }, DEFAULT_OPERATOR_LIMITS)
        .autofix.runnerLabels,
    ).toEqual(["gpu"]);
  });

  it.each([
    [{ lable: "generate" }, "/", /unknown key 'lable'/, /allowed here: label, command/],
    [{ draft: "yes" }, "/draft", /must be boolean/, undefined],
    [{ command: "regenerate" }, "/command", /does not match/, /\/regenerate/],
    [{ path: "../elsewhere" }, "/path", /leaves the repository/, /apps\/crm/],
    [{ path: "/abs" }, "/path", /not a relative folder/, /apps\/crm/],
    [{ path: "apps/crm!" }, "/path", /does not match/, /relative folder/],
    [{ limits: { max_issue_bytes: 10 } }, "/limits/max_issue_bytes", /must be >= 100/, undefined],
    [{ llm: { model: 5 } }, "/llm/model", /must be string/, undefined],
    [{ runner_labels: [] }, "/runner_labels", /must NOT have fewer than 1 items/, undefined],
    [{ autofix: { mode: "cloud" } }, "/autofix/mode", /must be one of "app", "self-hosted"/, undefined],
    [{ limits: { max_autofix: 11 } }, "/limits/max_autofix", /must be <= 10/, undefined],
  ])("rejects %j with a problem at the key and a fix", (input, path, message, fix) => {
    const [problem, ...rest] = problemsOf(input);
    expect(rest).toEqual([]);
    expect(problem?.path).toBe(path);
    expect(problem?.message).toMatch(message);
    if (fix) expect(problem?.fix).toMatch(fix);
  });

  it("lists every problem at once", () => {
    expect(
      problemsOf({ label: "", draft: 1, extra: true })
        .map((p) => p.path)
        .sort(),
    ).toEqual(["/", "/draft", "/label"]);
  });

  it.each([["a string"], [[1, 2]], [42]])("rejects a file that is not a mapping (%j)", (input) => {
    expect(problemsOf(input)[0]?.message).toMatch(/must be object/);
  });

  it.each([
    ["apps/../../etc", /leaves the repository/],
    ["..", /leaves the repository/],
    [".", /names the current folder/],
    ["apps/./crm", /'\.' or '\.\.' segment/],
    ["apps/crm/..", /'\.' or '\.\.' segment/],
    [".github", /belongs to git or GitHub/],
    [".github/workflows", /inside '\.github'/],
    [".GitHub/x", /inside '\.GitHub'/],
    [".git", /belongs to git or GitHub/],
    [".GIT/hooks", /inside '\.GIT'/],
    [".gitfoo", /starting with \.git/],
    [".gitignore/app", /inside '\.gitignore'/],
  ])("refuses the app folder %j with one problem at /path saying why", (path, message) => {
    const problems = problemsOf({ path });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      path: "/path",
      message: expect.stringMatching(message),
      fix: expect.stringContaining("apps/crm"),
    });
  });

  it.each(["", "apps/crm", "apps/.github", "web/.git-tools", "git", "github/app", "a/.hidden/b", "...", "_x/y-z.1"])(
    "accepts the app folder %j",
    (path) => {
      expect(resolveConfig({ path }, DEFAULT_OPERATOR_LIMITS).path).toBe(path);
    },
  );
});

describe("resolveConfig within the operator's limits", () => {
  it("gives a repository without limits the operator's: its generations, its token budget, its default model", () => {
    const config = resolveConfig({}, OPERATOR);
    expect(config.limits).toMatchObject({ generationsPerDay: 20, llmTokensPerDay: 100_000 });
    expect(config.llm.model).toBeUndefined(); // the operator's APPGEN_LLM_MODEL
  });

  it.each([
    [
      "a lower generations_per_day",
      { limits: { generations_per_day: 5 } },
      { generationsPerDay: 5, llmTokensPerDay: 100_000 },
      undefined,
    ],
    [
      "generations_per_day at the ceiling",
      { limits: { generations_per_day: 20 } },
      { generationsPerDay: 20, llmTokensPerDay: 100_000 },
      undefined,
    ],
    [
      "a lower llm_tokens_per_day",
      { limits: { llm_tokens_per_day: 5_000 } },
      { generationsPerDay: 20, llmTokensPerDay: 5_000 },
      undefined,
    ],
    [
      "an allowed model",
      { llm: { model: "llama3.1" } },
      { generationsPerDay: 20, llmTokensPerDay: 100_000 },
      "llama3.1",
    ],
  ])("honours %s", (_name, input, limits, model) => {
    const config = resolveConfig(input, OPERATOR);
    expect(config.limits).toMatchObject(limits);
    expect(config.llm.model).toBe(model);
  });

  it.each([
    [
      "generations_per_day above the ceiling",
      { limits: { generations_per_day: 21 } },
      "/limits/generations_per_day",
      "21 is above this appgen server's ceiling of 20 generations a day",
      /at most 20.*APPGEN_GENERATIONS_PER_DAY/,
    ],
    [
      "llm_tokens_per_day above the ceiling",
      { limits: { llm_tokens_per_day: 2_000_000 } },
      "/limits/llm_tokens_per_day",
      "2,000,000 is above this appgen server's ceiling of 100,000 LLM tokens a day",
      /at most 100,000.*APPGEN_LLM_TOKENS_PER_DAY/,
    ],
    [
      "a model the operator does not list",
      { llm: { model: "gpt-4o" } },
      "/llm/model",
      "'gpt-4o' is not a model this appgen server offers",
      /one of 'gpt-4o-mini', 'llama3\.1', or remove the key to get 'gpt-4o-mini'/,
    ],
    [
      "an unlisted model even with the LLM turned off",
      { llm: { enabled: false, model: "o1" } },
      "/llm/model",
      "'o1' is not a model this appgen server offers",
      /APPGEN_LLM_MODELS/,
    ],
  ])("refuses %s with CONFIG_NOT_ALLOWED quoting the value and what is allowed", (_name, input, path, message, fix) => {
    const problems = problemsOf(input, "CONFIG_NOT_ALLOWED", OPERATOR);
    expect(problems).toEqual([{ path, message, fix: expect.stringMatching(fix) }]);
  });

  it("lists every refused value at once", () => {
    const problems = problemsOf(
      { llm: { model: "gpt-4o" }, limits: { generations_per_day: 1_000, llm_tokens_per_day: 1_000_000 } },
      "CONFIG_NOT_ALLOWED",
      OPERATOR,
    );
    expect(problems.map((p) => p.path)).toEqual([
      "/limits/generations_per_day",
      "/limits/llm_tokens_per_day",
      "/llm/model",
    ]);
  });

  it("lets a repository set any token budget when the operator sets none (it can only be lower than no limit)", () => {
    const operator = { ...OPERATOR, llmTokensPerDay: undefined };
    expect(resolveConfig({ limits: { llm_tokens_per_day: 1_000_000_000 } }, operator).limits.llmTokensPerDay).toBe(
      1_000_000_000,
    );
    expect(resolveConfig({}, operator).limits.llmTokensPerDay).toBeUndefined();
  });

  it("checks an invalid file before the limits: a wrong type is CONFIG_INVALID, not a ceiling", () => {
    expect(problemsOf({ limits: { generations_per_day: "lots" } }, "CONFIG_INVALID", OPERATOR)[0]?.path).toBe(
      "/limits/generations_per_day",
    );
  });

  it("is idempotent on its own result: an effective config passes the same ceilings again", () => {
    const config = resolveConfig({ llm: { model: "llama3.1" }, limits: { generations_per_day: 20 } }, OPERATOR);
    expect(
      resolveConfig(
        {
          llm: { model: config.llm.model },
          limits: {
            generations_per_day: config.limits.generationsPerDay,
            llm_tokens_per_day: config.limits.llmTokensPerDay,
          },
        },
        OPERATOR,
      ).limits,
    ).toEqual(config.limits);
  });
});
