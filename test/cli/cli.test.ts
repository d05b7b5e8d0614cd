// The appgen command as a person uses it: exit codes, what it prints, what it writes.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../app/cli/main.ts";
import { parseManifest } from "../../app/core/manifest/index.ts";
import { completion, startFakeOpenAiServer } from "../helpers/fake-openai-server.ts";
import { NORMALISED_TASK_FIELDS, WEAK_MODEL_ANSWER } from "../helpers/weak-model.ts";

const work = mkdtempSync(join(tmpdir(), "appgen-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: work, env };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const CRM = "A CRM to track leads, companies and deals. Papaya whip background and dark orange buttons.";

describe("appgen plan", () => {
  it("prints a canonical manifest planned offline and says why no LLM was used", async () => {
    const { code, stdout, stderr } = await run(["plan", "--prompt", CRM]);
    expect(code).toBe(0);
    const manifest = parseManifest(stdout);
    expect(manifest.entities.map((e) => e.name)).toEqual(expect.arrayContaining(["lead", "company", "deal"]));
    expect(manifest.theme).toEqual({ background: "#ffefd5", primary: "#ff8c00" });
    expect(stderr).toMatch(/no LLM configured \(OPENAI_API_KEY is not set\): used the offline planner/);
    expect(stderr).toMatch(/planned '.+' with the offline planner: \d+ entities/);
  });

  it("writes --out and re-plans with --previous and --instructions", async () => {
    expect((await run(["plan", "--prompt", CRM, "--out", "crm.json"])).code).toBe(0);
    const { code, stderr } = await run([
      "plan",
      "--previous",
      "crm.json",
      "--instructions",
      "add a priority field to deals",
      "--out",
      "crm2.json",
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/wrote crm2\.json/);
    const before = parseManifest(readFileSync(join(work, "crm.json"), "utf8"));
    const after = parseManifest(readFileSync(join(work, "crm2.json"), "utf8"));
    expect(after.entities.find((e) => e.name === "deal")?.fields.map((f) => f.name)).toContain("priority");
    expect(after.entities.find((e) => e.name === "lead")).toEqual(before.entities.find((e) => e.name === "lead"));
  });

  it("uses an explicit manifest block over any planner", async () => {
    const prompt =
      "Please build this:\n```yaml appgen\nname: Books\nentities:\n  - name: book\n    fields: [{ name: title, type: text }]\n```\n";
    const { code, stdout } = await run(["plan", "--prompt", prompt]);
    expect(code).toBe(0);
    expect(parseManifest(stdout).entities.map((e) => e.name)).toEqual(["book"]);
  });

  it.each([
    [["plan"], 2, /describe the app with --prompt/],
    [["plan", "--prompt", "x", "--prompt-file", "y"], 2, /not both/],
    [["plan", "--previous", "crm.json"], 2, /needs both --previous/],
    [["plan", "--prompt", "x", "--bogus"], 2, /Unknown option '--bogus'/],
    [["plan", "--prompt-file", "missing.txt"], 1, /IO: prompt file 'missing.txt' does not exist/],
    [["nope"], 2, /unknown command 'nope'/],
  ])("%j exits %i with a message that says what to do", async (args, expected, message) => {
    const { code, stderr } = await run(args as string[]);
    expect(code).toBe(expected);
    expect(stderr).toMatch(message);
  });

  it("plans through a weak model's answer (Task, dueDate, projectId, type string) without a repair round", async () => {
    const server = await startFakeOpenAiServer();
    try {
      server.enqueue(completion(WEAK_MODEL_ANSWER));
      const env = {
        OPENAI_API_KEY: "sk-test-abcdefghijklmnopqrstuvwxyz",
        OPENAI_BASE_URL: server.baseURL,
        APPGEN_LLM_MODEL: "weak-model",
      };
      const { code, stdout, stderr } = await run(
        ["plan", "--prompt", "Projects with tasks that have a due date and a status"],
        env,
      );
      expect(code).toBe(0);
      expect(server.requests).toHaveLength(1);
      const manifest = parseManifest(stdout);
      expect(manifest.entities.map((e) => e.name)).toEqual(["project", "task"]);
      expect(manifest.entities[1]?.fields.map((f) => [f.name, f.type])).toEqual(NORMALISED_TASK_FIELDS);
      expect(stderr).toMatch(/note: normalised the model's answer: entity Project → project/);
      expect(stderr).toMatch(/planned '.+' with the llm planner/);
      expect(server.pending()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("refuses an unreachable LLM endpoint with LLM_NOT_CONFIGURED when the base URL is malformed", async () => {
    const { code, stderr } = await run(["plan", "--prompt", CRM], {
      OPENAI_API_KEY: "sk-test-abcdefghijklmnopqrstuvwxyz",
      OPENAI_BASE_URL: "not a url",
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/LLM_NOT_CONFIGURED/);
    expect(stderr).not.toMatch(/abcdefghijklmnop/);
  });
});

describe("appgen validate", () => {
  it("accepts a valid manifest and summarises it", async () => {
    await run(["plan", "--prompt", CRM, "--out", "ok.json"]);
    const { code, stdout } = await run(["validate", "ok.json"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok\.json: valid — \d+ entities, \d+ fields, \d+ pages, \d+ roles \(sha256 [0-9a-f]{12}\)/);
  });

  it("exits 1 and lists each problem with its JSON path and fix", async () => {
    writeFileSync(
      join(work, "bad.yaml"),
      "name: Bad\nentities:\n  - name: a\n    fields:\n      - { name: b, type: relation, relation: { target: ghost } }\n      - { name: c, type: strng }\n",
    );
    const { code, stderr } = await run(["validate", "bad.yaml"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/MANIFEST_INVALID: bad\.yaml is not a valid appgen manifest/);
    expect(stderr).toMatch(/\/entities\/0\/fields\/1\/type: must be one of/);
  });
});

describe("the installed bin", () => {
  it.each([".github", ".GitHub/workflows", ".git", "../elsewhere", "apps/./crm"])(
    "generate --root %s exits 2 by config.path's rule, creating nothing",
    async (root) => {
      const out = join(work, `root-${root.replace(/[^a-z]/gi, "_")}`);
      const { code, stderr } = await run([
        "generate",
        "--prompt",
        "A todo list",
        "--offline",
        "--out",
        out,
        "--root",
        root,
      ]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/USAGE: the app folder '.*' (leaves the repository|is inside|has)/);
      expect(stderr).toContain("use a folder inside the repository, e.g. 'apps/crm'");
      expect(existsSync(out)).toBe(false);
    },
  );

  it("runs through npx-style invocation of bin/appgen.mjs", async () => {
    const bin = new URL("../../bin/appgen.mjs", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"], { cwd: work });
    expect(stdout).toMatch(/Usage: appgen <command>/);
    expect(stdout).toMatch(/generate/);
  });
});

describe("appgen check --base", () => {
  it("refuses a base that is not a commit before running any step, and says what to give", async () => {
    const app = mkdtempSync(join(work, "app-"));
    writeFileSync(join(app, "package.json"), "{}\n");
    await promisify(execFile)("git", ["init", "-q", app]);
    const { code, stdout, stderr } = await run(["check", app, "--base", "no-such-branch"]);
    expect(code).toBe(2); // a usage error
    expect(stdout).toBe("");
    expect(stderr).toContain("--base no-such-branch is not a commit of the git repository at");
    expect(stderr).toContain("Give a branch, tag or commit to upgrade from, e.g. --base main");
    expect(stderr).not.toContain("appgen check: install");
  });

  it("documents --base in its usage", async () => {
    const { stdout, stderr } = await run(["check", "--help"]);
    expect(`${stdout}${stderr}`).toContain(
      "--base <ref>  check the upgrade path from a git ref of the app's repository",
    );
  });
});
