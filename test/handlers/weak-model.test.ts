// A weak model through the GitHub App: it answers `Task`, `dueDate`, `projectId`, `type: "string"` and ignores every
// stated pattern, and the generation still commits a valid manifest, with no repair round, and says what it normalised.
import { afterEach, describe, expect, it } from "vitest";
import { parseManifest } from "../../app/core/manifest/index.ts";
import { branchForIssue } from "../../app/core/pull-request.ts";
import { completion } from "../helpers/fake-openai-server.ts";
import { githubApi, useGitHubApi } from "../helpers/github-api.ts";
import { NORMALISED_TASK_FIELDS, WEAK_MODEL_ANSWER } from "../helpers/weak-model.ts";
import {
  announce,
  FULL_RUN,
  labeledPayload,
  MemoryRepo,
  newSide,
  noConfig,
  permission,
  pullCreate,
  testApp,
  type TestApp,
  useFakeOpenAi,
} from "./harness.ts";

useGitHubApi();

let app: TestApp | undefined;
const model = useFakeOpenAi();
afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

describe("a weak model through the GitHub App", () => {
  it("commits a valid manifest from its answer, without a repair round, and notes what was normalised", async () => {
    app = await testApp({
      llm: model.llm("weak-model"),
    });
    model.server().enqueue(completion(WEAK_MODEL_ANSWER));
    const github = githubApi();
    const repo = new MemoryRepo();
    const side = newSide();
    noConfig(github);
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    repo.intercept([...FULL_RUN]);
    pullCreate(github, side);
    await app.receive(
      "issues",
      labeledPayload({ title: "Projects", body: "Projects with tasks that have a due date and a status." }),
    );
    await app.deps.queue.drain();

    expect(model.server().requests).toHaveLength(1);
    expect(model.server().pending()).toBe(0);
    const manifest = parseManifest(repo.files(branchForIssue(7)).get("appgen/manifest.json") ?? "");
    expect(manifest.entities.map((e) => e.name)).toEqual(["project", "task"]);
    expect(manifest.entities[1]?.fields.map((f) => [f.name, f.type])).toEqual(NORMALISED_TASK_FIELDS);
    const progress = side.edits.at(-1)?.body ?? "";
    expect(progress).toContain("### Generated the app");
    expect(progress).toContain("normalised the model's answer: entity Project → project");
    expect((await app.deps.runs.list())[0]).toMatchObject({ status: "done", planner: "llm", model: "weak-model" });
  });
});
