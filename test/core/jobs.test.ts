// Jobs are data: every kind passes schemas/job.schema.json after a trip through JSON (as Redis and the run store keep
// it), records written before jobs had a kind still load, and anything else is refused with JOB_INVALID and a path.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../app/core/config.ts";
import { AppgenError } from "../../app/core/errors.ts";
import { generationJob, jobDataOrUndefined, keyOf, parseJobData, type JobData } from "../../app/core/jobs.ts";

const repository = { owner: "acme", repo: "shop", htmlUrl: "https://github.com/acme/shop" };
const SHA = "0123456789abcdef0123456789abcdef01234567";

const JOBS: JobData[] = [
  generationJob({
    installationId: 4,
    repository: { ...repository, defaultBranch: "main" },
    issueNumber: 3,
    trigger: { kind: "label", title: "A shop", body: "Products." },
    config: DEFAULT_CONFIG,
    comment: { issueNumber: 3, id: 77 },
  }),
  generationJob({
    installationId: 4,
    repository: { ...repository, defaultBranch: "main" },
    issueNumber: 3,
    trigger: {
      kind: "regenerate",
      instructions: "add a price",
      pullRequest: { number: 4, url: "https://github.com/acme/shop/pull/4" },
    },
    config: { ...DEFAULT_CONFIG, baseBranch: "main", llm: { enabled: true, model: "gpt-4o-mini" } },
    comment: { issueNumber: 4, id: 78 },
  }),
  {
    kind: "autofix",
    installationId: 4,
    repository,
    issueNumber: 3,
    branch: "appgen/issue-3",
    run: {
      id: 99,
      headSha: SHA,
      htmlUrl: "https://github.com/acme/shop/actions/runs/99",
      conclusion: "failure",
      startedAt: "2026-01-01T00:00:00Z",
    },
    config: DEFAULT_CONFIG,
  },
  {
    kind: "deploy-report",
    installationId: 4,
    repository,
    deployment: { sha: SHA, environment: "production" },
    status: { state: "success", environmentUrl: "https://shop.vercel.app" },
    root: "",
  },
  {
    kind: "deploy-report",
    installationId: 4,
    repository,
    deployment: { sha: SHA, environment: "Preview" },
    status: { state: "failure", logUrl: "https://github.com/acme/shop/actions/runs/98", description: "no database" },
    preview: { branch: "appgen/issue-3", issueNumber: 3, pullRequest: 4 },
  },
  {
    kind: "screenshots",
    installationId: 4,
    repository,
    issueNumber: 3,
    branch: "appgen/issue-3",
    run: { id: 99, headSha: SHA, htmlUrl: "https://github.com/acme/shop/actions/runs/99" },
  },
];

describe("JobData", () => {
  it.each(JOBS.map((job) => [job.kind, job] as const))("a %s job survives JSON and the schema", (_kind, job) => {
    const copy = JSON.parse(JSON.stringify(job));
    expect(parseJobData(copy)).toEqual(copy);
  });

  it("keys generations, fixes, previews and screenshots by issue (they edit its progress comment), production deploy reports by commit", () => {
    expect(JOBS.map(keyOf)).toEqual([
      "acme/shop#3",
      "acme/shop#3",
      "acme/shop#3",
      `acme/shop@${SHA}`,
      "acme/shop#3",
      "acme/shop#3",
    ]);
    expect(JOBS.map((j) => j.kind)).toEqual([
      "generate",
      "regenerate",
      "autofix",
      "deploy-report",
      "deploy-report",
      "screenshots",
    ]);
  });

  it("reads a generation a run record kept before jobs had a kind", () => {
    const { kind: _kind, ...legacy } = JSON.parse(JSON.stringify(JOBS[1]));
    expect(parseJobData(legacy)).toMatchObject({ kind: "regenerate", trigger: { kind: "regenerate" } });
  });

  it.each([
    [
      "a closure where data belongs",
      { ...JOBS[2], execute: () => undefined },
      "/",
      "must NOT have additional properties (execute)",
    ],
    [
      "a promise of the comment id",
      { ...JOBS[0], comment: { issueNumber: 3, id: {} } },
      "/comment/id",
      "must be integer",
    ],
    [
      "a branch that is not appgen's",
      { ...JOBS[2], branch: "main" },
      "/branch",
      'must match pattern "^appgen/issue-[1-9][0-9]{0,9}$"',
    ],
    ["an unknown kind", { ...JOBS[3], kind: "deploy" }, "/kind", undefined],
    [
      "a preview of a branch that is not appgen's",
      { ...JOBS[4], preview: { branch: "feature/x", issueNumber: 3 } },
      "/preview/branch",
      'must match pattern "^appgen/issue-[1-9][0-9]{0,9}$"',
    ],
    [
      "screenshots of a run without its head commit",
      { ...JOBS[5], run: { id: 99, htmlUrl: "https://github.com/acme/shop/actions/runs/99" } },
      "/run",
      "must have required property 'headSha'",
    ],
  ])("refuses %s with JOB_INVALID", (_name, value, path, message) => {
    const copy = JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "function" ? "[function]" : v)));
    let error: unknown;
    try {
      parseJobData(copy);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).code).toBe("JOB_INVALID");
    expect((error as AppgenError).message).toContain("start the work again from GitHub");
    if (message) expect((error as AppgenError).problems).toContainEqual({ path, message });
    else expect((error as AppgenError).problems.length).toBeGreaterThan(0);
    expect(jobDataOrUndefined(copy)).toBeUndefined();
  });
});
