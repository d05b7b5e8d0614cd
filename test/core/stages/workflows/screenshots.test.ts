// The generated CI's screenshots, beyond the schema and actionlint checks every CI variant gets in workflows.test.ts
// (default runners, self-hosted labels, an app in a subfolder): the check job takes the pictures only after every
// check passed on a pull request, and the screenshots job — the one job that may write — commits them to the
// appgen-screenshots branch. Its shell runs here in bash against a real bare repository standing in for GitHub.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  parseScreenshotsIndex,
  SCREENSHOT_VIEWPORTS,
  SCREENSHOTS_ARTIFACT,
  SCREENSHOTS_BRANCH,
  screenshotsFolder,
} from "../../../../app/core/screenshots.ts";
import { SCREENSHOTS_SPEC, SCREENSHOTS_SPEC_PATH } from "../../../../app/core/stages/files/screenshots.ts";
import {
  CI_WORKFLOW_PATH,
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
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
}
interface Job {
  needs?: string;
  if?: string;
  "continue-on-error"?: boolean;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[]; paths?: string[]; types?: string[] } | null>;
  jobs: Record<string, Job>;
}

const workflowOf = (path: string, options: WorkflowOptions = {}) =>
  parse(renderWorkflows(options).find((f) => f.path === path)!.content) as Workflow;
const ci = workflowOf(CI_WORKFLOW_PATH);
const check = ci.jobs.check!;
const publish = ci.jobs.screenshots!;
const take = check.steps.find((s) => s.id === "screenshots")!;
const dir = mkdtempSync(join(tmpdir(), "appgen-screenshots-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
const INDEX = {
  version: 1,
  pages: [
    {
      name: "dashboard",
      title: "Dashboard",
      path: "/",
      desktop: "dashboard-desktop.png",
      phone: "dashboard-phone.png",
    },
  ],
};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function runBash(script: string, env: Record<string, string>, bin: Record<string, string> = {}) {
  const work = mkdtempSync(join(dir, "run-"));
  const files = { output: join(work, "output"), summary: join(work, "summary"), calls: join(work, "calls") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const binDir = join(work, "bin");
  mkdirSync(binDir);
  for (const [name, body] of Object.entries(bin))
    writeFileSync(join(binDir, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${files.calls}"\n${body}\n`, {
      mode: 0o755,
    });
  const app = join(work, "app");
  mkdirSync(app);
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: app,
    env: {
      PATH: `${binDir}:${process.env.PATH}`,
      HOME: work,
      GIT_CONFIG_NOSYSTEM: "1",
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: work,
      ...env,
    },
    encoding: "utf8",
  });
  const read = (file: string) => readFileSync(file, "utf8");
  return {
    work,
    app,
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: read(files.output),
    summary: read(files.summary),
    calls: read(files.calls).split("\n").filter(Boolean),
  };
}

describe("the CI workflow's screenshots", () => {
  it("are taken after every check passed, on pull requests only, and never fail the checks", () => {
    expect(check.steps.at(-2)).toBe(take);
    expect(take.if).toBe("${{ success() && github.event_name == 'pull_request' }}");
    expect(take["continue-on-error"]).toBe(true);
    expect(take.env).toEqual({ BASE_URL: "http://127.0.0.1:${{ env.APP_PORT }}" });
    const upload = check.steps.at(-1)!;
    expect(upload.if).toBe("${{ steps.screenshots.outputs.taken == 'true' }}");
    expect(upload.uses).toBe("actions/upload-artifact@v4");
    expect(upload.with).toMatchObject({ name: SCREENSHOTS_ARTIFACT, path: "${{ runner.temp }}/appgen-screenshots" });
    expect(check.outputs).toEqual({ screenshots: "${{ steps.screenshots.outputs.taken }}" });
  });

  it("run the generated screenshot spec with APPGEN_SCREENSHOTS set, and say so only when it passed", () => {
    const run = runBash(
      `mkdir -p e2e && touch ${SCREENSHOTS_SPEC_PATH}\n${take.run!}`,
      {},
      {
        pnpm: 'echo "pictures into $APPGEN_SCREENSHOTS"; touch "$APPGEN_SCREENSHOTS/dashboard-phone.png"',
      },
    );
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([`pnpm exec playwright test ${SCREENSHOTS_SPEC_PATH} --reporter=list`]);
    expect(run.stdout).toContain(`pictures into ${run.work}/appgen-screenshots`);
    expect(run.output).toBe("taken=true\n");

    const failing = runBash(`mkdir -p e2e && touch ${SCREENSHOTS_SPEC_PATH}\n${take.run!}`, {}, { pnpm: "exit 1" });
    expect(failing.status).toBe(1);
    expect(failing.output).toBe("");
  });

  it("are skipped, with a notice, for an app generated before its spec existed", () => {
    const run = runBash(take.run!, {}, { pnpm: "exit 1" });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.output).toBe("");
    expect(run.stdout).toContain("::notice title=No screenshots::e2e/screenshots.spec.ts is missing");
  });

  it("are published by a job of their own: after the check job, for this repository's pull requests, never failing the run", () => {
    expect(publish.needs).toBe("check");
    expect(publish.if).toBe(
      "${{ needs.check.outputs.screenshots == 'true' && github.event.pull_request.head.repo.full_name == github.repository }}",
    );
    expect(publish["continue-on-error"]).toBe(true);
    expect(publish.permissions).toEqual({ contents: "write" });
    expect(publish.steps[0]?.with).toEqual({
      name: SCREENSHOTS_ARTIFACT,
      path: "${{ runner.temp }}/appgen-screenshots",
    });
    expect(publish.steps[1]?.env).toEqual({
      GH_TOKEN: "${{ github.token }}",
      BRANCH: SCREENSHOTS_BRANCH,
      PULL_NUMBER: "${{ github.event.pull_request.number }}",
      HEAD_SHA: "${{ github.event.pull_request.head.sha }}",
      PICTURES: "${{ runner.temp }}/appgen-screenshots",
    });
  });

  it.each([
    { name: "self-hosted runners", options: { runsOn: ["self-hosted", "linux", "gpu"] } },
    { name: "an app in a subfolder", options: { appPath: "apps/crm" } },
  ])("follow the settings for $name", ({ options }) => {
    const rendered = workflowOf(CI_WORKFLOW_PATH, options);
    expect(rendered.jobs.screenshots).toMatchObject({
      "runs-on": options.runsOn ?? "ubuntu-latest",
      permissions: { contents: "write" },
    });
    // The step runs in the app's folder (the job's default), where the spec is.
    expect(rendered.jobs.check!.steps.find((s) => s.id === "screenshots")?.run).toContain(
      `[ ! -f ${SCREENSHOTS_SPEC_PATH} ]`,
    );
  });
});

describe("publishing on the appgen-screenshots branch", () => {
  const script = publish.steps[1]!.run!;

  /** A bare repository as the GitHub remote at $GITHUB_SERVER_URL/$GITHUB_REPOSITORY.git, with a main branch. */
  function remote(): { server: string; bare: string } {
    const server = mkdtempSync(join(dir, "server-"));
    const bare = join(server, "acme", "shop.git");
    mkdirSync(bare, { recursive: true });
    git(bare, "init", "-q", "--bare", "-b", "main");
    const seed = mkdtempSync(join(dir, "seed-"));
    git(seed, "init", "-q", "-b", "main");
    mkdirSync(join(seed, ".github/workflows"), { recursive: true });
    writeFileSync(join(seed, ".github/workflows/appgen-ci.yml"), "name: appgen CI\n");
    git(seed, "add", "-A");
    git(seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "the app");
    git(seed, "push", "-q", bare, "main");
    return { server: `file://${server}`, bare };
  }

  /** The check job's artifact as download-artifact leaves it. */
  function pictures(files: Record<string, string> = {}): string {
    const folder = mkdtempSync(join(dir, "pictures-"));
    const all = {
      "index.json": JSON.stringify(INDEX),
      "dashboard-desktop.png": "desktop",
      "dashboard-phone.png": "phone",
      ...files,
    };
    for (const [name, content] of Object.entries(all)) writeFileSync(join(folder, name), content);
    return folder;
  }

  function publishRun(server: string, pull: number, head: string, folder: string, bin: Record<string, string> = {}) {
    return runBash(
      script,
      {
        GH_TOKEN: "ghs_secret",
        BRANCH: SCREENSHOTS_BRANCH,
        PULL_NUMBER: String(pull),
        HEAD_SHA: head,
        PICTURES: folder,
        GITHUB_SERVER_URL: server,
        GITHUB_REPOSITORY: "acme/shop",
      },
      bin,
    );
  }

  const tree = (bare: string) => git(bare, "ls-tree", "-r", "--name-only", SCREENSHOTS_BRANCH).split("\n");

  it("commits the pictures and their index under <pull request>/<head>/ on an orphan branch, with [skip ci]", () => {
    const { server, bare } = remote();
    const run = publishRun(server, 8, HEAD, pictures());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const folder = screenshotsFolder(8, HEAD);
    expect(tree(bare)).toEqual([
      `${folder}/dashboard-desktop.png`,
      `${folder}/dashboard-phone.png`,
      `${folder}/index.json`,
    ]);
    // No history shared with the app and no workflow file: nothing builds this branch.
    expect(git(bare, "rev-list", "--count", SCREENSHOTS_BRANCH)).toBe("1");
    expect(git(bare, "log", "-1", "--format=%s", SCREENSHOTS_BRANCH)).toBe(
      "appgen: screenshots of #8 at 5ca1ab1 [skip ci]",
    );
    const index = git(bare, "show", `${SCREENSHOTS_BRANCH}:${folder}/index.json`);
    expect(parseScreenshotsIndex(index)).toEqual({ ok: true, index: INDEX });
    expect(run.summary).toBe(`Screenshots of #8: ${server}/acme/shop/tree/${SCREENSHOTS_BRANCH}/${folder}\n`);
    expect(run.stdout).not.toContain("ghs_secret");
    expect(git(bare, "rev-parse", "main")).toBe(git(bare, "rev-parse", "main"));
  });

  it("keeps one folder per pull request (the newest push) and other pull requests' folders, on top of the branch", () => {
    const { server, bare } = remote();
    const OTHER = "b".repeat(40);
    const NEWER = "c".repeat(40);
    expect(publishRun(server, 8, HEAD, pictures()).status).toBe(0);
    expect(publishRun(server, 9, OTHER, pictures()).status).toBe(0);
    expect(publishRun(server, 8, NEWER, pictures()).status).toBe(0);
    expect(tree(bare).map((path) => path.split("/").slice(0, 2).join("/"))).toEqual([
      ...Array(3).fill(`8/${NEWER}`),
      ...Array(3).fill(`9/${OTHER}`),
    ]);
    expect(git(bare, "rev-list", "--count", SCREENSHOTS_BRANCH)).toBe("3");
    // The pictures of the older push stay in the history, so links to them keep working where they were shown.
    expect(git(bare, "show", `${SCREENSHOTS_BRANCH}~2:8/${HEAD}/dashboard-phone.png`)).toBe("phone");
  });

  it("starts again from the branch when another pull request published between its fetch and its push", () => {
    const { server, bare } = remote();
    expect(publishRun(server, 9, "b".repeat(40), pictures()).status).toBe(0);
    // Right before the first push, another publisher adds pull request 10's pictures: that push is refused as not
    // a fast-forward, as on GitHub, and the script starts again from the moved branch.
    const real = spawnSync("bash", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    const mark = join(bare, "raced");
    const racer = [
      `real=${real}`,
      `if [[ " $* " == *" push "* && ! -f "${mark}" ]]; then`,
      `  touch "${mark}"`,
      `  other=$(mktemp -d) && cd "$other"`,
      `  $real init -q && $real fetch -q "${bare}" ${SCREENSHOTS_BRANCH} && $real checkout -q FETCH_HEAD`,
      `  mkdir 10 && echo '{}' > 10/index.json && $real add -A`,
      `  $real -c user.name=r -c user.email=r@r commit -qm race && $real push -q "${bare}" HEAD:refs/heads/${SCREENSHOTS_BRANCH}`,
      `  cd - > /dev/null`,
      "fi",
      'exec $real "$@"',
    ].join("\n");
    const run = publishRun(server, 8, HEAD, pictures(), { git: racer });
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => call.includes(" push ")).length).toBe(2);
    expect([...new Set(tree(bare).map((path) => path.split("/")[0]))]).toEqual(["10", "8", "9"]);
  });

  it.each([
    [
      "a picture that is not plainly named",
      { "My Page.png": "x" },
      "::error title=Screenshots not published::unexpected file name My Page.png",
    ],
    [
      "no pull request number",
      { PULL_NUMBER: "" },
      "::error title=Screenshots not published::no pull request number or head commit",
    ],
  ])("refuses %s and writes nothing", (_name, change, message) => {
    const { server, bare } = remote();
    const run =
      "PULL_NUMBER" in change
        ? runBash(script, {
            GH_TOKEN: "t",
            BRANCH: SCREENSHOTS_BRANCH,
            PULL_NUMBER: "",
            HEAD_SHA: HEAD,
            PICTURES: pictures(),
            GITHUB_SERVER_URL: server,
            GITHUB_REPOSITORY: "acme/shop",
          })
        : publishRun(server, 8, HEAD, pictures(change as Record<string, string>));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(message);
    expect(git(bare, "branch", "--list", SCREENSHOTS_BRANCH)).toBe("");
  });

  it("publishes nothing, without failing, when the artifact holds no index", () => {
    const { server, bare } = remote();
    const folder = pictures();
    rmSync(join(folder, "index.json"));
    const run = publishRun(server, 8, HEAD, folder);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("::warning title=Screenshots not published::the artifact holds no index.json");
    expect(git(bare, "branch", "--list", SCREENSHOTS_BRANCH)).toBe("");
  });
});

describe("no workflow builds the appgen-screenshots branch", () => {
  it.each([{}, { appPath: "apps/crm", defaultBranch: "trunk" }])(
    "pushes trigger only the default branch (%o)",
    (options) => {
      const branch = (options as WorkflowOptions).defaultBranch ?? "main";
      for (const path of [CI_WORKFLOW_PATH, DEPLOY_WORKFLOW_PATH, PREVIEW_WORKFLOW_PATH]) {
        const on = workflowOf(path, options).on;
        if (on.push) expect(on.push.branches).toEqual([branch]);
        expect(
          Object.keys(on).filter((event) => !["push", "pull_request", "workflow_dispatch"].includes(event)),
        ).toEqual([]);
      }
    },
  );
});

describe("the generated screenshot spec", () => {
  it("takes the pictures at the widths the comment names, and writes the index appgen reads", () => {
    const { desktop, phone } = SCREENSHOT_VIEWPORTS;
    expect(SCREENSHOTS_SPEC).toContain(`{ name: "desktop", width: ${desktop.width}, height: ${desktop.height} }`);
    expect(SCREENSHOTS_SPEC).toContain(`{ name: "phone", width: ${phone.width}, height: ${phone.height} }`);
    expect(SCREENSHOTS_SPEC).toContain('writeFileSync(join(folder, "index.json")');
    expect(SCREENSHOTS_SPEC).toContain('test.skip(!folder, "pictures are taken only when APPGEN_SCREENSHOTS');
  });
});
