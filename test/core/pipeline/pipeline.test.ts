// The pipeline against real local git repositories (LocalHost): one commit per stage with trailers, idempotence,
// minimal commits on change, hand edits kept, concurrent pushes handled.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalHost } from "../../../app/adapters/local-host.ts";
import { AppgenError } from "../../../app/core/errors.ts";
import { assertManifest, canonicalJson, manifestSha256, type Manifest } from "../../../app/core/manifest/index.ts";
import { parseTrailers } from "../../../app/core/pipeline/commit-message.ts";
import { LEDGER_PATH, MANIFEST_PATH, parseLedger } from "../../../app/core/pipeline/ledger.ts";
import { runPipeline, type StageReport } from "../../../app/core/pipeline/pipeline.ts";
import { NO_USAGE } from "../../../app/core/planners/types.ts";
import type { RepoHost } from "../../../app/ports.ts";

const tasks = assertManifest({
  name: "Tasks",
  entities: [
    { name: "project", fields: [{ name: "name", type: "text", required: true }] },
    {
      name: "task",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "project", type: "relation", relation: { target: "project" } },
      ],
    },
  ],
});
const withPriority = assertManifest({
  ...JSON.parse(canonicalJson(tasks)),
  entities: [
    JSON.parse(canonicalJson(tasks)).entities[0],
    {
      ...JSON.parse(canonicalJson(tasks)).entities[1],
      fields: [...(tasks.entities[1]?.fields ?? []), { name: "priority", type: "enum", options: ["low", "high"] }],
    },
  ],
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "appgen-pipeline-"));
  dirs.push(dir);
  return dir;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Pat",
      GIT_AUTHOR_EMAIL: "pat@example.com",
      GIT_COMMITTER_NAME: "Pat",
      GIT_COMMITTER_EMAIL: "pat@example.com",
    },
  });
}

function generate(host: RepoHost, manifest: Manifest, extra: { root?: string; reports?: StageReport[] } = {}) {
  return runPipeline({
    host,
    root: extra.root ?? "",
    plan: async () => ({ manifest, planner: "explicit", usage: NO_USAGE, notes: [] }),
    onProgress: (r) => void extra.reports?.push(r),
  });
}

/** LocalHost that lets a person push once, right before appgen's commit for `stage`. */
function racingHost(host: RepoHost, stage: string, push: () => void): RepoHost {
  let pushed = false;
  return {
    head: () => host.head(),
    listFiles: (c) => host.listFiles(c),
    readFile: (c, p) => host.readFile(c, p),
    async commit(request) {
      if (request.message.includes(`Appgen-Stage: ${stage}`) && !pushed) {
        pushed = true;
        push();
      }
      return host.commit(request);
    },
  };
}

function commits(dir: string): { subject: string; trailers: Record<string, string>; files: string[] }[] {
  const shas = git(dir, "rev-list", "--reverse", "HEAD").trim().split("\n");
  return shas.map((sha) => ({
    subject: git(dir, "log", "-1", "--format=%s", sha).trim(),
    trailers: parseTrailers(git(dir, "log", "-1", "--format=%B", sha)),
    files: git(dir, "show", "--name-only", "--format=", sha).trim().split("\n").filter(Boolean),
  }));
}

describe("runPipeline on a local repository", () => {
  it("commits the manifest, then one commit per stage with trailers", async () => {
    const dir = tempDir();
    const reports: StageReport[] = [];
    const result = await generate(await LocalHost.open(dir, { env: process.env }), tasks, { reports });
    const history = commits(dir);
    expect(history.map((c) => c.trailers["Appgen-Stage"])).toEqual(["plan", "db", "api", "ui", "files"]);
    for (const c of history) expect(c.trailers["Appgen-Manifest-Sha"]).toBe(manifestSha256(tasks));
    expect(history[0]?.files).toEqual([MANIFEST_PATH]);
    expect(history[1]?.files).toEqual(
      expect.arrayContaining([
        "supabase/migrations/20250101000000_appgen_schema.sql",
        "supabase/seed.sql",
        LEDGER_PATH,
      ]),
    );
    expect(history[2]?.files.sort()).toEqual(["appgen/files.json", "appgen/openapi.json"]);
    expect(history[3]?.files.sort()).toEqual(["appgen/files.json", "appgen/ui.json"]);
    expect(history[4]?.files).toEqual(expect.arrayContaining(["package.json", "app/api/tasks/route.ts"]));
    expect(readFileSync(join(dir, MANIFEST_PATH), "utf8")).toBe(canonicalJson(tasks));
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(result.changed).toBe(true);
    expect(reports.filter((r) => r.status !== "running").map((r) => `${r.stage}:${r.status}`)).toEqual([
      "plan:committed",
      "db:committed",
      "api:committed",
      "ui:committed",
      "files:committed",
    ]);
    const ledger = parseLedger(readFileSync(join(dir, LEDGER_PATH), "utf8"));
    expect(ledger.get("appgen/openapi.json")?.stage).toBe("api");
    expect(ledger.get("package.json")?.sha).toBe(git(dir, "rev-parse", "HEAD:package.json").trim());
  });

  it("commits nothing when run again with the same manifest", async () => {
    const dir = tempDir();
    await generate(await LocalHost.open(dir, { env: process.env }), tasks);
    const head = git(dir, "rev-parse", "HEAD");
    const again = await generate(await LocalHost.open(dir, { env: process.env }), tasks);
    expect(again.changed).toBe(false);
    expect(again.stages.every((s) => s.status === "unchanged")).toBe(true);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
  });

  it("touches only the files a manifest change affects", async () => {
    const dir = tempDir();
    await generate(await LocalHost.open(dir, { env: process.env }), tasks);
    const before = git(dir, "rev-parse", "HEAD").trim();
    await generate(await LocalHost.open(dir, { env: process.env }), withPriority);
    const changed = git(dir, "diff", "--name-only", before, "HEAD").trim().split("\n");
    expect(changed).toContain("lib/entities/task.ts");
    expect(changed).not.toContain("lib/entities/project.ts");
    expect(changed).not.toContain("package.json");
    expect(changed.some((p) => p.startsWith("components/ui/"))).toBe(false);
    const stages = commits(dir)
      .slice(5)
      .map((c) => c.trailers["Appgen-Stage"]);
    expect(stages[0]).toBe("plan");
    expect(new Set(stages).size).toBe(stages.length);
  });

  it("keeps a file a person edited and reports it, while writing the rest", async () => {
    const dir = tempDir();
    await generate(await LocalHost.open(dir, { env: process.env }), tasks);
    const path = "lib/entities/task.ts";
    writeFileSync(join(dir, path), `${readFileSync(join(dir, path), "utf8")}\n// tuned by hand\n`);
    git(dir, "commit", "-qam", "tune task by hand");
    const result = await generate(await LocalHost.open(dir, { env: process.env }), withPriority);
    const files = result.stages.find((s) => s.stage === "files");
    expect(files?.kept).toEqual([{ path, reason: "edited" }]);
    expect(readFileSync(join(dir, path), "utf8")).toContain("// tuned by hand");
    expect(readFileSync(join(dir, "appgen/openapi.json"), "utf8")).toContain("priority");
    expect(git(dir, "log", "--format=%an", "-1", "--", path).trim()).toBe("Pat");
  });

  it("leaves a person's edit alone without a report when appgen has nothing new for that file", async () => {
    const dir = tempDir();
    await generate(await LocalHost.open(dir, { env: process.env }), tasks);
    writeFileSync(join(dir, "README.md"), "# Mine\n");
    git(dir, "commit", "-qam", "own readme");
    const result = await generate(await LocalHost.open(dir, { env: process.env }), tasks);
    expect(result.changed).toBe(false);
    expect(result.stages.flatMap((s) => s.kept)).toEqual([]);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# Mine\n");
  });

  it("does not overwrite a file it did not write, and deletes only its own files", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "placeholder"), "x");
    git(dir, "init", "-q", "-b", "main");
    writeFileSync(join(dir, "README.md"), "# Hand-written\n");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "start");
    const first = await generate(await LocalHost.open(dir, { env: process.env }), withPriority);
    expect(first.stages.flatMap((s) => s.kept)).toEqual([{ path: "README.md", reason: "foreign" }]);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# Hand-written\n");

    // Removing the task entity deletes its generated files, and nothing else.
    const projectsOnly = assertManifest({ name: "Tasks", entities: [JSON.parse(canonicalJson(tasks)).entities[0]] });
    await generate(await LocalHost.open(dir, { env: process.env }), projectsOnly);
    expect(existsSync(join(dir, "lib/entities/task.ts"))).toBe(false);
    expect(existsSync(join(dir, "app/api/tasks/route.ts"))).toBe(false);
    expect(existsSync(join(dir, "placeholder"))).toBe(true);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# Hand-written\n");
  });

  it("generates into a folder of the repository", async () => {
    const dir = tempDir();
    await generate(await LocalHost.open(dir, { env: process.env }), tasks, { root: "apps/tasks" });
    expect(existsSync(join(dir, "apps/tasks/package.json"))).toBe(true);
    expect(existsSync(join(dir, "apps/tasks/appgen/manifest.json"))).toBe(true);
    expect(existsSync(join(dir, "package.json"))).toBe(false);
    await expect(
      generate(await LocalHost.open(dir, { env: process.env }), tasks, { root: "../outside" }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });

  it("recomputes a stage on top of a commit pushed meanwhile", async () => {
    const dir = tempDir();
    const racing = racingHost(await LocalHost.open(dir, { env: process.env }), "api", () => {
      writeFileSync(join(dir, "NOTES.md"), "pushed during generation\n");
      git(dir, "add", "NOTES.md");
      git(dir, "commit", "-qm", "a person pushes");
    });
    await generate(racing, tasks);
    const history = commits(dir);
    expect(history.map((c) => c.trailers["Appgen-Stage"] ?? c.subject)).toEqual([
      "plan",
      "db",
      "a person pushes",
      "api",
      "ui",
      "files",
    ]);
    expect(readFileSync(join(dir, "NOTES.md"), "utf8")).toBe("pushed during generation\n");
  });

  it("stops when the manifest on the branch changes during the run", async () => {
    const dir = tempDir();
    const racing = racingHost(await LocalHost.open(dir, { env: process.env }), "db", () => {
      writeFileSync(join(dir, MANIFEST_PATH), canonicalJson(withPriority));
      git(dir, "commit", "-qam", "a person edits the manifest");
    });
    const error = await generate(racing, tasks).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).code).toBe("MANIFEST_CHANGED");
    expect(commits(dir).map((c) => c.trailers["Appgen-Stage"] ?? c.subject)).toEqual([
      "plan",
      "a person edits the manifest",
    ]);
  });

  it("refuses to commit over an untracked file in the way", async () => {
    const dir = tempDir();
    const host = await LocalHost.open(dir, { env: process.env });
    writeFileSync(join(dir, "package.json"), "{}");
    const error = await generate(host, tasks).catch((e: unknown) => e);
    expect((error as AppgenError).code).toBe("DIRTY_WORKTREE");
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe("{}");
  });
});
