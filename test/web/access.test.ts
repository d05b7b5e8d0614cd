import { beforeAll, describe, expect, it } from "vitest";
import { FileRunStore } from "../../app/adapters/file-run-store.ts";
import type { RunQuery, RunRecord } from "../../app/core/runs.ts";
import { canRerun, canRetryJobs, canSeeQueueKey, canSeeRun, visibleRuns, type Viewer } from "../../app/web/access.ts";
import { recordRuns, runRecord } from "./fixtures.ts";

const token: Viewer = { kind: "token" };
const operator: Viewer = { kind: "operator", login: "olga" };
const orgAdmin: Viewer = { kind: "user", login: "ada", admin: [{ id: 1, account: "acme" }], repos: [] };
const member: Viewer = { kind: "user", login: "bob", admin: [], repos: ["Acme/Shop"] };
const nobody: Viewer = { kind: "user", login: "nemo", admin: [], repos: [] };

const shop = { installationId: 1, repository: "acme/shop" };
const blog = { installationId: 1, repository: "acme/blog" };
const foreign = { installationId: 2, repository: "globex/portal" };

describe("access rules", () => {
  it.each([
    ["token", token, [true, true, true]],
    ["operator", operator, [true, true, true]],
    ["org admin", orgAdmin, [true, true, false]],
    ["member of one repository", member, [true, false, false]],
    ["no installations", nobody, [false, false, false]],
  ] as const)("%s sees runs of shop, blog, foreign: %j", (_name, viewer, expected) => {
    expect([shop, blog, foreign].map((run) => canSeeRun(viewer, run))).toEqual(expected);
    expect(["acme/shop#1", "acme/blog#2", "globex/portal#3"].map((key) => canSeeQueueKey(viewer, key))).toEqual(
      expected,
    );
  });

  it.each([
    ["token", token, true, [true, true]],
    ["operator", operator, true, [true, true]],
    ["org admin", orgAdmin, false, [true, false]],
    ["member", member, false, [false, false]],
  ] as const)("%s: retry jobs %s, re-run shop/foreign %j", (_name, viewer, retry, rerun) => {
    expect(canRetryJobs(viewer)).toBe(retry);
    expect([shop, foreign].map((run) => canRerun(viewer, run))).toEqual(rerun);
  });
});

describe("visibleRuns", () => {
  const runs: RunRecord[] = [
    runRecord({ id: "1", ...shop, queuedAt: "2030-01-01T00:00:01Z" }),
    runRecord({ id: "2", ...blog, queuedAt: "2030-01-01T00:00:02Z" }),
    runRecord({ id: "3", ...foreign, queuedAt: "2030-01-01T00:00:03Z" }),
    runRecord({ id: "4", ...shop, queuedAt: "2030-01-01T00:00:04Z", requestedBy: "carol" }),
  ];
  // The embedded store kept in memory: the same queries the dashboard makes, answered by a real store.
  const store = new FileRunStore();
  beforeAll(() => recordRuns(store, runs));

  it.each([
    ["operator", operator, {}, ["4", "3", "2", "1"]],
    ["org admin", orgAdmin, {}, ["4", "2", "1"]],
    // The stores compare repository names exactly; both sides come from GitHub's full_name.
    ["member of one repository", { ...member, repos: ["acme/shop"] }, {}, ["4", "1"]],
    ["nobody", nobody, {}, []],
    ["member, filtered to a repository they cannot see", member, { repositories: ["acme/blog"] }, []],
    ["org admin, by requester", orgAdmin, { requestedBy: "carol" }, ["4"]],
    ["org admin, limit", orgAdmin, { limit: 2 }, ["4", "2"]],
  ] as [string, Viewer, RunQuery, string[]][])("%s", async (_name, viewer, query, ids) => {
    expect((await visibleRuns(store, viewer, query)).map((run) => run.id)).toEqual(ids);
  });
});
