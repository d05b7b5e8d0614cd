import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveConfig } from "../../app/core/config.ts";
import { AppgenError } from "../../app/core/errors.ts";

function problemsOf(input: unknown): { path: string; message: string; fix?: string }[] {
  try {
    resolveConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).code).toBe("CONFIG_INVALID");
    return (error as AppgenError).problems;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("resolveConfig", () => {
  it.each([null, undefined, {}])("fills every default when the file is absent or empty (%s)", (input) => {
    expect(resolveConfig(input)).toEqual(DEFAULT_CONFIG);
  });

  it("returns a copy: changing it does not change the defaults", () => {
    const config = resolveConfig(null);
    config.runnerLabels.push("gpu");
    expect(DEFAULT_CONFIG.runnerLabels).toEqual(["ubuntu-latest"]);
    config.autofix.runnerLabels.push("gpu");
    expect(DEFAULT_CONFIG.autofix.runnerLabels).toEqual(["ubuntu-latest"]);
  });

  it("maps every key of the file", () => {
    const config = resolveConfig({
      label: "appgen",
      command: "/rebuild",
      base_branch: "develop",
      path: "apps/crm",
      draft: false,
      runner_labels: ["self-hosted", "gpu"],
      llm: { enabled: false, model: "llama3.1" },
      limits: { max_issue_bytes: 2000, generations_per_day: 3, max_autofix: 0 },
      autofix: { mode: "self-hosted", runner_labels: ["self-hosted", "gpu", "ollama"] },
    });
    expect(config).toEqual({
      label: "appgen",
      command: "/rebuild",
      baseBranch: "develop",
      path: "apps/crm",
      draft: false,
      runnerLabels: ["self-hosted", "gpu"],
      llm: { enabled: false, model: "llama3.1" },
      limits: { maxIssueBytes: 2000, generationsPerDay: 3, maxAutofix: 0 },
      autofix: { mode: "self-hosted", runnerLabels: ["self-hosted", "gpu", "ollama"] },
    });
  });

  it("runs the fix workflow on the checks' runners unless autofix names its own", () => {
    expect(resolveConfig({ runner_labels: ["self-hosted", "linux"] }).autofix).toEqual({ mode: "app", runnerLabels: ["self-hosted", "linux"] });
    expect(resolveConfig({ runner_labels: ["self-hosted"], autofix: { runner_labels: ["gpu"] } }).autofix.runnerLabels).toEqual(["gpu"]);
  });

  it.each([
    [{ lable: "generate" }, "/", /unknown key 'lable'/, /allowed here: label, command/],
    [{ draft: "yes" }, "/draft", /must be boolean/, undefined],
    [{ command: "regenerate" }, "/command", /does not match/, /\/regenerate/],
    [{ path: "../elsewhere" }, "/path", /leaves the repository/, /apps\/crm/],
    [{ path: "/abs" }, "/path", /does not match/, /relative folder/],
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
    expect(problemsOf({ label: "", draft: 1, extra: true }).map((p) => p.path).sort()).toEqual(["/", "/draft", "/label"]);
  });

  it.each([["a string"], [[1, 2]], [42]])("rejects a file that is not a mapping (%j)", (input) => {
    expect(problemsOf(input)[0]?.message).toMatch(/must be object/);
  });
});
