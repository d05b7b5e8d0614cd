// Which deployment_status events are previews of an appgen pull request (appgen-preview.yml), and which keep the
// production path: the webhook's deployment is untrusted input.
import { describe, expect, it } from "vitest";
import { classifyDeployment, PREVIEW_ENVIRONMENT } from "../../app/core/preview.ts";

const HEAD = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
const REF_SHA = "0123456789abcdef0123456789abcdef01234567";
const preview = { environment: PREVIEW_ENVIRONMENT, ref: "appgen/issue-7", sha: REF_SHA, transientEnvironment: true };

describe("classifyDeployment", () => {
  it.each([
    ["the deploy workflow's production deployment", { environment: "production", ref: "main", sha: REF_SHA }],
    ["a Preview marked as production", { ...preview, productionEnvironment: true }],
  ])("keeps %s on the production path", (_name, deployment) => {
    expect(classifyDeployment(deployment)).toEqual({ kind: "production" });
  });

  it.each([
    ["an object", { sha: HEAD, pull_request: 8 }],
    ["a JSON string", JSON.stringify({ sha: HEAD, pull_request: 8 })],
  ])("reads the previewed commit and pull request from the payload as %s", (_name, payload) => {
    expect(classifyDeployment({ ...preview, payload })).toEqual({
      kind: "preview",
      branch: "appgen/issue-7",
      issueNumber: 7,
      sha: HEAD,
      pullRequest: 8,
    });
  });

  it("recognises a transient environment of another name, and falls back to the ref's commit without a usable payload", () => {
    expect(
      classifyDeployment({ ...preview, environment: "pr-7", payload: { sha: "not a sha", pull_request: -1 } }),
    ).toEqual({ kind: "preview", branch: "appgen/issue-7", issueNumber: 7, sha: REF_SHA });
    expect(
      classifyDeployment({ ...preview, transientEnvironment: undefined, environment: "preview", payload: "{" }),
    ).toMatchObject({ kind: "preview", sha: REF_SHA });
  });

  it("ignores a preview of another branch", () => {
    expect(classifyDeployment({ ...preview, ref: "feature/login" })).toEqual({
      kind: "ignored",
      reason: "the preview's branch 'feature/login' is not an appgen branch",
    });
  });
});
