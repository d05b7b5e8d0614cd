// The workflows travel with the files stage: committed at the repository root whatever the app's folder, set up
// for that folder and the repository's runners, and recommitted only when those settings change.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { LocalHost } from "../../../../app/adapters/local-host.ts";
import { assertManifest } from "../../../../app/core/manifest/index.ts";
import { LEDGER_PATH, parseLedger } from "../../../../app/core/pipeline/ledger.ts";
import { runPipeline, type PipelineOptions } from "../../../../app/core/pipeline/pipeline.ts";
import { NO_USAGE } from "../../../../app/core/planners/types.ts";
import {
  CI_WORKFLOW_PATH,
  DEPLOY_WORKFLOW_PATH,
  DIAGNOSE_ACTION_PATH,
  PREVIEW_WORKFLOW_PATH,
} from "../../../../app/core/stages/workflows/index.ts";

const notes = assertManifest({
  name: "Notes",
  entities: [{ name: "note", fields: [{ name: "title", type: "text", required: true }] }],
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function generate(dir: string, extra: Partial<PipelineOptions> = {}) {
  return runPipeline({
    host: await LocalHost.open(dir, { env: process.env }),
    plan: async () => ({ manifest: notes, planner: "explicit", usage: NO_USAGE, notes: [] }),
    ...extra,
  });
}

function newRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "appgen-workflows-"));
  dirs.push(dir);
  return dir;
}

const changedFiles = (dir: string, commit: string) =>
  execFileSync("git", ["show", "--name-only", "--format=", commit], { cwd: dir, encoding: "utf8" })
    .trim()
    .split("\n")
    .sort();

describe("the files stage with workflows", () => {
  it("commits them at the repository root, set up for the app's folder and the runner labels", async () => {
    const dir = newRepository();
    const result = await generate(dir, {
      root: "apps/notes",
      stageOptions: { workflows: { runsOn: ["self-hosted", "linux", "gpu"] } },
    });
    const files = result.stages.find((stage) => stage.stage === "files");
    expect(files?.changed).toEqual(
      expect.arrayContaining([
        CI_WORKFLOW_PATH,
        DEPLOY_WORKFLOW_PATH,
        `${DIAGNOSE_ACTION_PATH}/action.yml`,
        "apps/notes/package.json",
      ]),
    );
    expect(existsSync(join(dir, "apps/notes/.github"))).toBe(false);

    const ci = parse(readFileSync(join(dir, CI_WORKFLOW_PATH), "utf8")) as {
      env: Record<string, string>;
      jobs: { check: { "runs-on": string[] } };
    };
    expect(ci.env.APP_DIR).toBe("apps/notes");
    expect(ci.jobs.check["runs-on"]).toEqual(["self-hosted", "linux", "gpu"]);
    // The ledger (in the app's folder) owns the workflows, so a later run may update or delete them.
    const ledger = parseLedger(readFileSync(join(dir, "apps/notes", LEDGER_PATH), "utf8"));
    expect(ledger.get(CI_WORKFLOW_PATH)?.stage).toBe("files");
  });

  it("changes nothing on a rerun, and only the workflows when the runner labels change", async () => {
    const dir = newRepository();
    await generate(dir);
    expect(parse(readFileSync(join(dir, CI_WORKFLOW_PATH), "utf8")).jobs.check["runs-on"]).toBe("ubuntu-latest");

    const again = await generate(dir);
    expect(again.changed).toBe(false);

    const relabelled = await generate(dir, { stageOptions: { workflows: { runsOn: ["self-hosted", "gpu"] } } });
    const files = relabelled.stages.find((stage) => stage.stage === "files");
    expect(files?.status).toBe("committed");
    expect(files?.changed.sort()).toEqual([CI_WORKFLOW_PATH, DEPLOY_WORKFLOW_PATH, PREVIEW_WORKFLOW_PATH]);
    expect(changedFiles(dir, files!.commit!)).toEqual(
      [LEDGER_PATH, CI_WORKFLOW_PATH, DEPLOY_WORKFLOW_PATH, PREVIEW_WORKFLOW_PATH].sort(),
    );
  });

  it("refuses unusable runner labels before committing anything", async () => {
    const dir = newRepository();
    await expect(
      generate(dir, { stageOptions: { workflows: { runsOn: ["${{ github.token }}"] } } }),
    ).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    expect(execFileSync("git", ["rev-list", "--all", "--count"], { cwd: dir, encoding: "utf8" }).trim()).toBe("0");
  });

  it("refuses a workflow app folder that contradicts the pipeline's root", async () => {
    const dir = newRepository();
    await expect(
      generate(dir, { root: "apps/notes", stageOptions: { workflows: { appPath: "web" } } }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });
});
