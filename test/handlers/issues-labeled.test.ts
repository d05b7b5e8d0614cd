import { afterEach, describe, expect, it } from "vitest";
import { cardFromManifest, CARD_PATH, renderCardSvg } from "../../app/core/card.ts";
import { manifestSha256, parseManifest } from "../../app/core/manifest/index.ts";
import { cardCommitMessage, parseTrailers } from "../../app/core/pipeline/commit-message.ts";
import { cardOfRun } from "../../app/core/runs.ts";
import { githubApi, useGitHubApi } from "../helpers/github-api.ts";
import {
  announce,
  FULL_RUN,
  labeledRunMocks,
  parsedSvg,
  BASE,
  commentCreate,
  commentEdits,
  configFile,
  labeledPayload,
  MemoryRepo,
  newSide,
  noConfig,
  permission,
  pullCreate,
  REPO_PATH,
  testApp,
  type TestApp,
} from "./harness.ts";

useGitHubApi();

const BRANCH = "appgen/issue-7";
let app: TestApp | undefined;

afterEach(async () => {
  await app?.deps.queue.close();
  app = undefined;
});

describe("issues.labeled", () => {
  it("generates: 👀, progress comment, branch, manifest commit, draft PR, one commit per stage, one final edit", async () => {
    app = await testApp();
    const { github, repo, side, git } = labeledRunMocks();

    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();

    expect(side.reactions).toEqual(["eyes"]);
    expect(side.comments).toHaveLength(1);
    expect(side.comments[0]?.body).toContain("### Generating the app: queued");
    const messages = repo.log(BRANCH);
    expect(messages.slice(0, 6).map((m) => parseTrailers(m)["Appgen-Stage"])).toEqual([
      "card",
      "files",
      "ui",
      "api",
      "db",
      "plan",
    ]);
    expect(new Set(messages.slice(1, 6).map((m) => parseTrailers(m)["Appgen-Manifest-Sha"])).size).toBe(1);
    expect(messages[6]).toBe("Initial commit");
    // One card commit after the stages, through the contents API, on the branch the pull request shows.
    const files = repo.files(BRANCH);
    const manifest = parseManifest(files.get("appgen/manifest.json")!);
    // It names the manifest it describes, like the stage commits before it.
    expect(messages[0]).toBe(cardCommitMessage("generated, checks pending", manifestSha256(manifest)));
    expect(parseTrailers(messages[0]!)["Appgen-Manifest-Sha"]).toBe(parseTrailers(messages[1]!)["Appgen-Manifest-Sha"]);
    const card = { ...cardFromManifest(manifest), check: "pending" as const, autofixAttempts: 0, generationMs: 0 };
    const svg = files.get(CARD_PATH)!;
    expect(svg).toBe(renderCardSvg(card));
    expect(parsedSvg(svg)["@_aria-label"]).toBe(`${manifest.name}: ${manifest.description}`);
    // The run store's record renders the same card, so a later status change re-renders it byte for byte.
    const [run] = await app.deps.runs.list();
    expect(cardOfRun(run!)).toEqual(card);
    const puts = git.requests.filter((r) => r.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual({
      branch: BRANCH,
      message: messages[0],
      content: Buffer.from(svg).toString("base64"),
    });
    expect(files.has("appgen/manifest.json")).toBe(true);
    expect(files.get("README.md")).toBe("# Hello-World\n");
    expect(JSON.parse(files.get("appgen/manifest.json")!).prompt).toContain("Track leads, companies and deals");

    expect(side.pulls).toHaveLength(1);
    expect(side.pulls[0]).toMatchObject({ head: BRANCH, base: BASE, draft: true });
    expect(side.pulls[0]?.body).toContain("Closes #7");

    expect(side.edits).toHaveLength(1);
    const final = side.edits[0]!.body;
    expect(final).toContain("### Generated the app");
    expect(final).toContain("Pull request: #8");
    expect(final.match(/- \[x\] ✅/g)).toHaveLength(5);
    expect(final).toContain("no LLM configured (the appgen server has no OPENAI_API_KEY): used the offline planner");
    expect(github.requests.length + git.requests.length).toBeLessThanOrEqual(30);
  });

  it("ignores a bot sender without a single request", async () => {
    app = await testApp();
    githubApi();
    await app.receive("issues", labeledPayload({ sender: { login: "dependabot[bot]", type: "Bot" } }));
    expect(app.ignored()).toEqual(["the sender is a bot"]);
  });

  it("ignores a sender who can only triage", async () => {
    app = await testApp();
    const github = githubApi();
    noConfig(github);
    permission(github, "Codertocat", "triage");
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();
    expect(app.ignored()).toEqual(["the sender's permission is triage; write, maintain or admin is needed"]);
  });

  it("ignores other labels", async () => {
    app = await testApp();
    const github = githubApi();
    noConfig(github);
    await app.receive("issues", labeledPayload({ label: "bug" }));
    expect(app.ignored()).toEqual(["another label than 'generate'"]);
  });

  it("honours the configured label", async () => {
    app = await testApp();
    const github = githubApi();
    configFile(github, "label: build-me\n");
    permission(github, "Codertocat", "maintain");
    const side = newSide();
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    new MemoryRepo().intercept([...FULL_RUN]);
    pullCreate(github, side);
    await app.receive("issues", labeledPayload({ label: "build-me" }));
    await app.deps.queue.drain();
    expect(side.edits[0]?.body).toContain("### Generated the app");
  });

  it("does nothing twice for a redelivered webhook", async () => {
    app = await testApp();
    const github = githubApi();
    const side = newSide();
    noConfig(github);
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    new MemoryRepo().intercept([...FULL_RUN]);
    pullCreate(github, side);
    await app.receive("issues", labeledPayload(), "same-delivery");
    await app.receive("issues", labeledPayload(), "same-delivery");
    await app.deps.queue.drain();
    expect(side.comments).toHaveLength(1);
    expect(side.pulls).toHaveLength(1);
    expect(app.ignored()).toEqual(["this delivery was handled before (redelivery)"]);
  });

  it("two labels at once: the second run waits, then finds the branch and the pull request and commits nothing", async () => {
    app = await testApp();
    const github = githubApi();
    const repo = new MemoryRepo();
    const side = newSide();
    noConfig(github, 2);
    permission(github, "Codertocat", "write");
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "issue", issue: 7 });
    announce(github, side, { on: "issue", issue: 7 });
    commentEdits(github, side, 2);
    const git = repo.intercept([...FULL_RUN, "getBlob"]);
    pullCreate(github, side);
    pullCreate(github, side, "exists");

    await Promise.all([app.receive("issues", labeledPayload()), app.receive("issues", labeledPayload())]);
    await app.deps.queue.drain();

    expect(side.comments).toHaveLength(2);
    // The stages and the card once: the second run changes nothing, so it does not even read the card.
    expect(repo.log(BRANCH)).toHaveLength(7);
    expect(git.requests.filter((r) => r.path.includes("/contents/"))).toHaveLength(2);
    expect(side.pulls).toHaveLength(2);
    const second = side.edits[1]!.body;
    expect(second).toContain("Pull request: #8");
    expect(second).toContain("Nothing changed");
  });

  it("answers an invalid .github/appgen.yml with a comment quoting the error, and nothing else", async () => {
    app = await testApp();
    const github = githubApi();
    const side = newSide();
    configFile(github, "label: generate\ndraft: maybe\ncolour: blue\n");
    commentCreate(github, side, 7);
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();
    expect(side.comments).toHaveLength(1);
    expect(side.comments[0]?.body).toContain("appgen did not run: its configuration is invalid.");
    expect(side.comments[0]?.body).toContain("/draft: must be boolean");
    expect(side.comments[0]?.body).toContain("unknown key 'colour'");
  });

  it("reports unparsable YAML in the config", async () => {
    app = await testApp();
    const github = githubApi();
    const side = newSide();
    configFile(github, "label: [unclosed\n");
    commentCreate(github, side, 7);
    await app.receive("issues", labeledPayload());
    expect(side.comments[0]?.body).toMatch(/appgen\.yml could not be read: Flow sequence .* at line 2, column 1/);
  });

  it("refuses an issue over the size limit with a comment", async () => {
    app = await testApp();
    const github = githubApi();
    const side = newSide();
    configFile(github, "limits:\n  max_issue_bytes: 200\n");
    permission(github, "Codertocat", "admin");
    commentCreate(github, side, 7);
    await app.receive("issues", labeledPayload({ body: "x".repeat(500) }));
    expect(side.comments[0]?.body).toMatch(/this issue is 5\d\d bytes and the limit is 200 bytes/);
  });

  it("an invalid manifest block in the issue fails the plan with the problems and no branch", async () => {
    app = await testApp();
    const github = githubApi();
    const repo = new MemoryRepo();
    const side = newSide();
    noConfig(github);
    permission(github, "Codertocat", "write");
    announce(github, side, { on: "issue", issue: 7, edits: 1 });
    const git = repo.intercept(["getRef", "listTree"]);
    const body =
      "Here is the manifest:\n\n```yaml appgen\nname: Shop\nentities:\n  - name: product\n    fields:\n      - name: price\n        type: moneyish\n```\n";
    await app.receive("issues", labeledPayload({ body }));
    await app.deps.queue.drain();
    expect(repo.refs.has(BRANCH)).toBe(false);
    const final = side.edits[0]!.body;
    expect(final).toContain("### Generating the app failed");
    expect(final).toContain("MANIFEST_INVALID");
    expect(final).toContain("/entities/0/fields/0/type");
    expect(final).toContain("Comment `/regenerate` on the pull request to retry");
  });

  it("a GitHub 500 mid-pipeline ends the run with a comment; /regenerate then resumes from the branch", async () => {
    app = await testApp();
    const { github, repo, side, git } = labeledRunMocks(
      FULL_RUN.filter((r) => r !== "getContent" && r !== "putContent"),
    );
    // plan and db commit, then the api stage's tree fails: no card for a failed run.
    let trees = 0;
    git.on("request", (req: { method: string; path: string }) => {
      if (req.method === "POST" && req.path.endsWith("/git/trees") && ++trees === 3)
        repo.failures.set("createTree", [500]);
    });
    await app.receive("issues", labeledPayload());
    await app.deps.queue.drain();
    const failed = side.edits[0]!.body;
    expect(failed).toContain("### Generating the app failed");
    expect(failed).toContain("GitHub answered 500 to POST /repos/Codertocat/Hello-World/git/trees");
    expect(failed).toContain("- [ ] ❌ API");
    expect(
      repo
        .log(BRANCH)
        .slice(0, 2)
        .map((m) => parseTrailers(m)["Appgen-Stage"]),
    ).toEqual(["db", "plan"]);
    expect(github.requests.filter((r) => r.path === `${REPO_PATH}/pulls`)).toHaveLength(1);
  });
});
