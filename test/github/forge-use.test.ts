// Use-case code against the Forge port, with the in-memory forge: who may trigger a run, and how the progress
// comment coalesces its edits. No HTTP: what a job asks of GitHub is the forge's call list.
import { describe, expect, it } from "vitest";
import { initialProgress, type ProgressState } from "../../app/core/progress.ts";
import { checkSender } from "../../app/github/permissions.ts";
import { ProgressComment } from "../../app/github/progress-comment.ts";
import { MemoryForge } from "../helpers/memory-forge.ts";

describe("checkSender", () => {
  it.each([
    ["admin", true, "admin"],
    ["maintain", true, "maintain"],
    ["write", true, "write"],
    ["triage", false, "triage"],
    ["read", false, "read"],
  ])("a collaborator with role %s may trigger: %s", async (role, allowed, permission) => {
    const forge = new MemoryForge();
    forge.collaborators.set("octocat", role);
    expect(await checkSender(forge, { login: "octocat", type: "User" })).toEqual({ allowed, permission });
  });

  it("refuses someone who is no collaborator, and bots without asking", async () => {
    const forge = new MemoryForge();
    expect(await checkSender(forge, { login: "stranger", type: "User" })).toEqual({ allowed: false, permission: "none" });
    expect(await checkSender(forge, { login: "renovate[bot]", type: "Bot" })).toEqual({ allowed: false, permission: "bot" });
    expect(forge.calls).toEqual(["permissionOf"]);
  });
});

describe("ProgressComment", () => {
  const state = (note: string): ProgressState => ({ ...initialProgress({ kind: "generate", repositoryUrl: "https://github.com/octo-org/hello", branch: "appgen/issue-1", command: "/regenerate" }), notes: [note] });

  it("creates once, coalesces edits within the interval, and always writes the final state", async () => {
    const forge = new MemoryForge();
    let now = 0;
    const comment = new ProgressComment({ forge, issueNumber: 1, minIntervalMs: 1_000, now: () => now });
    const id = await comment.create(state("queued"));
    now = 10;
    await comment.update(state("planning"));
    await comment.update(state("db"));
    expect(forge.calls).toEqual(["createComment"]);
    now = 2_000;
    await comment.update(state("api"));
    await comment.flush(state("done"));
    await comment.flush(state("done"));
    expect(forge.calls).toEqual(["createComment", "updateComment", "updateComment"]);
    expect(forge.comments).toHaveLength(1);
    expect(forge.comments[0]).toMatchObject({ id, issueNumber: 1 });
  });
});
