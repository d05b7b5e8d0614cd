// appgen-preview.yml, beyond the schema and actionlint checks every workflow gets in workflows.test.ts (for each
// variant: default runners, self-hosted labels, an app in a subfolder): its shell steps run in bash as the runner runs
// them, with stand-ins for pnpm and the Vercel CLI, and its github-script steps as github-script runs them.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  DEPLOY_WORKFLOW_PATH,
  PREVIEW_WORKFLOW_PATH,
  renderWorkflows,
  type WorkflowOptions,
} from "../../../../app/core/stages/workflows/index.ts";

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  env: Record<string, string>;
  jobs: Record<string, { if?: string; "runs-on": unknown; steps: Step[] }>;
}

const workflowOf = (path: string, options: WorkflowOptions = {}) =>
  parse(renderWorkflows(options).find((f) => f.path === path)!.content) as Workflow;
const preview = workflowOf(PREVIEW_WORKFLOW_PATH);
const production = workflowOf(DEPLOY_WORKFLOW_PATH);
const steps = preview.jobs.preview!.steps;
const step = (id: string) => steps.find((s) => s.id === id)!;
const dir = mkdtempSync(join(tmpdir(), "appgen-preview-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBash(script: string, env: Record<string, string>, bin?: Record<string, string>) {
  const work = mkdtempSync(join(dir, "run-"));
  const output = join(work, "output");
  const summary = join(work, "summary");
  const calls = join(work, "calls");
  for (const file of [output, summary, calls]) writeFileSync(file, "");
  const binDir = join(work, "bin");
  mkdirSync(binDir);
  for (const [name, body] of Object.entries(bin ?? {}))
    writeFileSync(join(binDir, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${calls}"\n${body}\n`, {
      mode: 0o755,
    });
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: work,
    env: {
      PATH: `${binDir}:${process.env.PATH}`,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: work,
      GITHUB_HEAD_REF: "appgen/issue-7",
      ...env,
    },
    encoding: "utf8",
  });
  const read = (file: string) => readFileSync(file, "utf8");
  return {
    status: result.status,
    stdout: result.stdout,
    output: read(output),
    summary: read(summary),
    calls: read(calls).split("\n").filter(Boolean),
  };
}

describe("appgen-preview.yml", () => {
  it("runs for the pushes of a pull request from this repository, one run per pull request, newest wins", () => {
    expect(preview.on).toEqual({ pull_request: { types: ["opened", "synchronize", "reopened"] } });
    expect(preview.concurrency).toEqual({
      group: "appgen-preview-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
    expect(preview.jobs.preview!.if).toBe("${{ github.event.pull_request.head.repo.full_name == github.repository }}");
    expect(preview.permissions).toEqual({ contents: "read", deployments: "write" });
    expect(preview.env.VERCEL_CLI).toBe(production.env.VERCEL_CLI);
  });

  it.each([
    {
      name: "an app in a subfolder",
      options: { appPath: "apps/crm" },
      paths: ["apps/crm/**", PREVIEW_WORKFLOW_PATH],
      runsOn: "ubuntu-latest",
    },
    {
      name: "self-hosted runners",
      options: { runsOn: ["self-hosted", "linux", "gpu"] },
      paths: undefined,
      runsOn: ["self-hosted", "linux", "gpu"],
    },
  ])("follows the settings for $name", ({ options, paths, runsOn }) => {
    const rendered = workflowOf(PREVIEW_WORKFLOW_PATH, options);
    expect((rendered.on.pull_request as { paths?: string[] }).paths).toEqual(paths);
    expect(rendered.jobs.preview!["runs-on"]).toEqual(runsOn);
    expect(rendered.env.APP_DIR).toBe(options.appPath ?? ".");
  });

  const secrets = step("secrets");
  const VERCEL = { VERCEL_TOKEN: "t", VERCEL_ORG_ID: "o", VERCEL_PROJECT_ID: "p" };
  const empty = Object.fromEntries(Object.keys(secrets.env ?? {}).map((name) => [name, ""]));
  it.each<{ name: string; env: Record<string, string>; ready: string; summary: string; notice: string | undefined }>([
    {
      name: "no Vercel secrets",
      env: { PREVIEW_DATABASE_URL: "postgres://preview" },
      ready: "false",
      summary: "## No preview: Vercel is not set up yet",
      notice: "Vercel is not set up (missing: VERCEL_TOKEN, VERCEL_ORG_ID, VERCEL_PROJECT_ID)",
    },
    {
      name: "no preview database",
      env: { ...VERCEL, DATABASE_URL: "postgres://prod" },
      ready: "false",
      summary: "Not deployed because the PREVIEW_DATABASE_URL secret is not set.",
      notice: "the PREVIEW_DATABASE_URL secret is not set",
    },
    {
      name: "the production database as the preview's",
      env: { ...VERCEL, DATABASE_URL: "postgres://prod", PREVIEW_DATABASE_URL: "postgres://prod" },
      ready: "false",
      summary: "Not deployed because PREVIEW_DATABASE_URL is the production DATABASE_URL.",
      notice: "PREVIEW_DATABASE_URL is the production DATABASE_URL",
    },
    {
      name: "everything",
      env: { ...VERCEL, DATABASE_URL: "postgres://prod", PREVIEW_DATABASE_URL: "postgres://preview" },
      ready: "true",
      summary: "",
      notice: undefined,
    },
  ])("checks the secrets: $name", ({ env, ready, summary, notice }) => {
    const run = runBash(secrets.run!, {
      ...empty,
      SECRETS_PAGE: "https://github.com/o/r/settings/secrets/actions",
      ...env,
    });
    expect(run.status).toBe(0);
    expect(run.output).toBe(`ready=${ready}\n`);
    if (summary) expect(run.summary).toContain(summary);
    else expect(run.summary).toBe("");
    if (notice) expect(run.stdout).toContain(`::notice title=No preview::${notice}`);
    if (ready === "false") expect(run.summary).toContain("https://github.com/o/r/settings/secrets/actions");
  });

  it("uses the production deploy's Vercel secrets", () => {
    const names = (s: Step | undefined) => Object.keys(s?.env ?? {}).filter((name) => name.startsWith("VERCEL_"));
    expect(names(step("vercel"))).toEqual(names(production.jobs.deploy!.steps.find((s) => s.id === "vercel")));
    for (const name of names(step("vercel"))) expect(step("vercel").env?.[name]).toBe(`\${{ secrets.${name} }}`);
  });

  it("applies the migrations and loads the seed into the preview database only", () => {
    const database = step("database");
    expect(database.env).toEqual({ DATABASE_URL: "${{ secrets.PREVIEW_DATABASE_URL }}" });
    const run = runBash(database.run!, { DATABASE_URL: "postgres://preview" }, { pnpm: 'echo "db at $DATABASE_URL"' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual(["pnpm install --frozen-lockfile", "pnpm db:setup"]);
    expect(run.stdout).toContain("db at postgres://preview");
  });

  it("deploys a preview (never --prod) of the pushed commit with the preview database, and hands on its URL", () => {
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.ref).toBe(
      "${{ github.event.pull_request.head.sha }}",
    );
    const vercel = step("vercel");
    expect(vercel.if).toBe("${{ steps.secrets.outputs.ready == 'true' && steps.database.outcome == 'success' }}");
    expect(vercel.run).not.toContain("--prod");
    const run = runBash(
      vercel.run!,
      { VERCEL_CLI: "vercel@64.0.2", VERCEL_TOKEN: "t", PREVIEW_DATABASE_URL: "postgres://preview" },
      {
        pnpm: 'if [ "$3" = deploy ]; then echo "Inspect: …"; echo "https://crm-git-appgen-issue-7-octo.vercel.app"; fi',
      },
    );
    expect(run.status).toBe(0);
    expect(run.calls.map((call) => call.replace(/AUTH_SECRET=[0-9a-f]{64}/, "AUTH_SECRET=<random>"))).toEqual([
      "pnpm dlx vercel@64.0.2 pull --yes --environment=preview --token=t",
      "pnpm dlx vercel@64.0.2 build --token=t",
      "pnpm dlx vercel@64.0.2 deploy --prebuilt --token=t --env DATABASE_URL=postgres://preview --env AUTH_SECRET=<random> --env ALLOW_LOCAL_SIGN_IN=true",
    ]);
    expect(run.output).toBe("url=https://crm-git-appgen-issue-7-octo.vercel.app\n");
    expect(run.summary).toBe("Preview of appgen/issue-7: https://crm-git-appgen-issue-7-octo.vercel.app\n");
    expect(run.stdout).toMatch(/^::add-mask::[0-9a-f]{64}$/m);
  });

  async function runScript(s: Step, env: Record<string, string>) {
    const calls: { method: string; params: Record<string, unknown> }[] = [];
    const outputs: Record<string, string> = {};
    const record = (method: string, data: unknown) => async (params: Record<string, unknown>) => {
      calls.push({ method, params });
      return { data };
    };
    const github = {
      rest: {
        repos: {
          createDeployment: record("createDeployment", { id: 99 }),
          createDeploymentStatus: record("createDeploymentStatus", {}),
        },
      },
    };
    const context = {
      repo: { owner: "octo", repo: "crm" },
      sha: "merge0000000000000000000000000000000000000",
      serverUrl: "https://github.com",
      runId: 5,
    };
    const core = { setOutput: (name: string, value: string) => (outputs[name] = value) };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...values: unknown[]) => Promise<void>;
      await new AsyncFunction("github", "context", "core", String(s.with?.script))(github, context, core);
    } finally {
      for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    }
    return { calls, outputs };
  }

  it("records a transient Preview deployment of the head branch, in progress", async () => {
    const start = step("deployment");
    expect(start.env).toEqual({
      HEAD_REF: "${{ github.head_ref }}",
      HEAD_SHA: "${{ github.event.pull_request.head.sha }}",
      PULL_NUMBER: "${{ github.event.pull_request.number }}",
    });
    const run = await runScript(start, { HEAD_REF: "appgen/issue-7", HEAD_SHA: "abc1234", PULL_NUMBER: "12" });
    expect(run.calls).toEqual([
      {
        method: "createDeployment",
        params: {
          owner: "octo",
          repo: "crm",
          ref: "appgen/issue-7",
          environment: "Preview",
          transient_environment: true,
          production_environment: false,
          auto_merge: false,
          required_contexts: [],
          payload: { sha: "abc1234", pull_request: 12 },
          description: "appgen: preparing the preview database, then deploying a Vercel preview",
        },
      },
      {
        method: "createDeploymentStatus",
        params: {
          owner: "octo",
          repo: "crm",
          deployment_id: 99,
          state: "in_progress",
          log_url: "https://github.com/octo/crm/actions/runs/5",
        },
      },
    ]);
    expect(run.outputs).toEqual({ id: "99" });
  });

  it.each([
    {
      name: "deployed",
      env: { PREPARED: "true", DEPLOYED: "true", URL: "https://crm-git-x.vercel.app" },
      state: "success",
      url: "https://crm-git-x.vercel.app",
      description: "appgen: preview deployed to Vercel",
    },
    {
      name: "the Vercel CLI failed",
      env: { PREPARED: "true", DEPLOYED: "false", URL: "" },
      state: "failure",
      url: undefined,
      description: "appgen: the Vercel preview deployment failed",
    },
    {
      name: "the database failed",
      env: { PREPARED: "false", DEPLOYED: "false", URL: "" },
      state: "failure",
      url: undefined,
      description: "appgen: the preview database could not be prepared; nothing was deployed",
    },
  ])("records the final status when $name", async ({ env, state, url, description }) => {
    const status = steps.at(-1)!;
    expect(status.if).toBe("${{ always() && steps.deployment.outputs.id }}");
    const run = await runScript(status, { DEPLOYMENT_ID: "99", ...env });
    expect(run.calls).toEqual([
      {
        method: "createDeploymentStatus",
        params: {
          owner: "octo",
          repo: "crm",
          deployment_id: 99,
          state,
          ...(url ? { environment_url: url } : {}),
          log_url: "https://github.com/octo/crm/actions/runs/5",
          description,
        },
      },
    ]);
  });
});
