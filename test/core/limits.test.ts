import { describe, expect, it } from "vitest";
import {
  decideLimits,
  DEFAULT_OPERATOR_LIMITS,
  issueBytes,
  issueSizeRefusal,
  type OperatorLimits,
  type RequestedLimits,
} from "../../app/core/limits.ts";

const OPERATOR: OperatorLimits = {
  generationsPerDay: 50,
  llmTokensPerDay: 2_000_000,
  defaultModel: "gpt-4o-mini",
  models: ["gpt-4o-mini", "qwen2.5-coder"],
};

describe("decideLimits", () => {
  it.each<
    [
      string,
      RequestedLimits,
      OperatorLimits,
      { generationsPerDay: number; llmTokensPerDay: number | undefined; model: string | undefined },
    ]
  >([
    [
      "nothing asked: the operator's values",
      {},
      OPERATOR,
      { generationsPerDay: 50, llmTokensPerDay: 2_000_000, model: undefined },
    ],
    [
      "lower generations",
      { generationsPerDay: 1 },
      OPERATOR,
      { generationsPerDay: 1, llmTokensPerDay: 2_000_000, model: undefined },
    ],
    [
      "lower tokens",
      { llmTokensPerDay: 1_000 },
      OPERATOR,
      { generationsPerDay: 50, llmTokensPerDay: 1_000, model: undefined },
    ],
    [
      "values at the ceilings",
      { generationsPerDay: 50, llmTokensPerDay: 2_000_000 },
      OPERATOR,
      { generationsPerDay: 50, llmTokensPerDay: 2_000_000, model: undefined },
    ],
    [
      "a listed model",
      { model: "qwen2.5-coder" },
      OPERATOR,
      { generationsPerDay: 50, llmTokensPerDay: 2_000_000, model: "qwen2.5-coder" },
    ],
    [
      "the default model named explicitly",
      { model: "gpt-4o-mini" },
      OPERATOR,
      { generationsPerDay: 50, llmTokensPerDay: 2_000_000, model: "gpt-4o-mini" },
    ],
    [
      "any tokens when the operator has no budget",
      { llmTokensPerDay: 999_999_999 },
      { ...OPERATOR, llmTokensPerDay: undefined },
      { generationsPerDay: 50, llmTokensPerDay: 999_999_999, model: undefined },
    ],
    [
      "the defaults of a server with an empty environment",
      {},
      DEFAULT_OPERATOR_LIMITS,
      { generationsPerDay: 50, llmTokensPerDay: undefined, model: undefined },
    ],
  ])("allows %s", (_name, requested, operator, limits) => {
    expect(decideLimits(requested, operator)).toEqual({ ok: true, limits });
  });

  it.each<[string, RequestedLimits, OperatorLimits, string[]]>([
    [
      "one generation more than the ceiling",
      { generationsPerDay: 51 },
      OPERATOR,
      ["/limits/generations_per_day: 51 is above this appgen server's ceiling of 50 generations a day"],
    ],
    [
      "one token more than the ceiling",
      { llmTokensPerDay: 2_000_001 },
      OPERATOR,
      ["/limits/llm_tokens_per_day: 2,000,001 is above this appgen server's ceiling of 2,000,000 LLM tokens a day"],
    ],
    [
      "an unlisted model",
      { model: "gpt-4o" },
      OPERATOR,
      ["/llm/model: 'gpt-4o' is not a model this appgen server offers"],
    ],
    [
      "a model differing only in case",
      { model: "GPT-4o-mini" },
      OPERATOR,
      ["/llm/model: 'GPT-4o-mini' is not a model this appgen server offers"],
    ],
    [
      "any model but the default on an unconfigured server",
      { model: "gpt-4o" },
      DEFAULT_OPERATOR_LIMITS,
      ["/llm/model: 'gpt-4o' is not a model this appgen server offers"],
    ],
    [
      "everything at once",
      { generationsPerDay: 10_000, llmTokensPerDay: 1_000_000_000, model: "o3" },
      OPERATOR,
      [
        "/limits/generations_per_day: 10,000 is above this appgen server's ceiling of 50 generations a day",
        "/limits/llm_tokens_per_day: 1,000,000,000 is above this appgen server's ceiling of 2,000,000 LLM tokens a day",
        "/llm/model: 'o3' is not a model this appgen server offers",
      ],
    ],
  ])("refuses %s", (_name, requested, operator, expected) => {
    const decision = decideLimits(requested, operator);
    if (decision.ok) throw new Error("expected a refusal");
    expect(decision.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(expected);
    for (const problem of decision.problems)
      expect(problem.fix).toMatch(/APPGEN_(GENERATIONS_PER_DAY|LLM_TOKENS_PER_DAY|LLM_MODELS)/);
  });

  it("names the allowed models and the default in the fix", () => {
    const decision = decideLimits({ model: "gpt-4o" }, OPERATOR);
    expect(decision.ok ? undefined : decision.problems[0]?.fix).toBe(
      "use one of 'gpt-4o-mini', 'qwen2.5-coder', or remove the key to get 'gpt-4o-mini' (the server's operator lists the models in APPGEN_LLM_MODELS)",
    );
  });
});

describe("issueSizeRefusal", () => {
  it("counts UTF-8 bytes of the title and the body", () => {
    expect(issueBytes("Café", "ü")).toBe(5 + 2);
  });

  it.each([
    [{ title: "a".repeat(60), body: "b".repeat(40) }, 100, undefined],
    [
      { title: "a".repeat(60), body: "b".repeat(41) },
      100,
      "appgen did not run: this issue is 101 bytes and the limit is 100 bytes. Describe the app more briefly (or raise `limits.max_issue_bytes` in `.github/appgen.yml`), then apply the `generate` label again.",
    ],
    [
      { title: "", body: "é".repeat(51) },
      100,
      "appgen did not run: this issue is 102 bytes and the limit is 100 bytes. Describe the app more briefly (or raise `limits.max_issue_bytes` in `.github/appgen.yml`), then apply the `generate` label again.",
    ],
  ])("%j against %i bytes", (issue, max, expected) => {
    expect(issueSizeRefusal(issue, max, "apply the `generate` label again")).toBe(expected);
  });
});
