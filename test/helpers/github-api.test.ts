// The GitHub API validator itself: it must reject what GitHub would reject (or silently ignore), and accept the
// requests Octokit really sends.
import { Octokit } from "@octokit/core";
import { describe, expect, it } from "vitest";
import {
  checkGitHubRequest,
  checkGitHubResponse,
  errorResponse,
  fakeSha,
  githubApi,
  gitBlobResponse,
  gitCommitResponse,
  gitRefResponse,
  gitTreeResponse,
  contentFileResponse,
  takeGitHubViolations,
  verifyGitHubApi,
  useGitHubApi,
} from "./github-api.ts";

useGitHubApi();

const octokit = (baseUrl?: string) => new Octokit({ ...(baseUrl ? { baseUrl } : {}), request: { retries: 0 } });
const SHA = fakeSha("head");

describe("checkGitHubRequest", () => {
  const cases: { name: string; method: string; path: string; body?: unknown; problem: RegExp | null }[] = [
    {
      name: "a valid tree request",
      method: "POST",
      path: "/repos/o/r/git/trees",
      body: {
        base_tree: SHA,
        tree: [
          { path: "a.txt", mode: "100644", type: "blob", content: "hi" },
          { path: "b.txt", mode: "100644", type: "blob", sha: null },
        ],
      },
      problem: null,
    },
    {
      name: "an unknown route",
      method: "GET",
      path: "/repos/o/r/git/refz/heads/main",
      problem: /GET \/repos\/o\/r\/git\/refz\/heads\/main: no such operation/,
    },
    { name: "a wrong method", method: "DELETE", path: "/repos/o/r/git/trees", problem: /no such operation/ },
    {
      name: "a misspelt body field",
      method: "POST",
      path: "/repos/o/r/git/trees",
      body: { base_tree: SHA, tree: [{ path: "a", mode: "100644", type: "blob", contnet: "x" }] },
      problem:
        /POST \/repos\/\{owner\}\/\{repo\}\/git\/trees \(git\/create-tree\): body \/tree\/0\/contnet: unknown property/,
    },
    {
      name: "a misspelt top-level field",
      method: "POST",
      path: "/repos/o/r/git/commits",
      body: { message: "m", tree: SHA, parent: [SHA] },
      problem: /body \/parent: unknown property/,
    },
    {
      name: "a wrong type",
      method: "PATCH",
      path: "/repos/o/r/git/refs/heads%2Fmain",
      body: { sha: SHA, force: "no" },
      problem: /\(git\/update-ref\): body \/force: must be boolean/,
    },
    {
      name: "a value outside an enum",
      method: "POST",
      path: "/repos/o/r/git/trees",
      body: { tree: [{ path: "a", mode: "100645", type: "blob", content: "" }] },
      problem: /body \/tree\/0\/mode: must be equal to one of the allowed values \(\["100644"/,
    },
    {
      name: "a missing required field",
      method: "POST",
      path: "/repos/o/r/git/commits",
      body: { message: "m" },
      problem: /missing required property "tree"/,
    },
    { name: "a missing body", method: "POST", path: "/repos/o/r/git/trees", problem: /has no body/ },
    {
      name: "an unknown query parameter",
      method: "GET",
      path: "/repos/o/r/git/trees/abc?recursve=1",
      problem: /query parameter "recursve" is not a parameter of this operation \(known: recursive\)/,
    },
    {
      name: "a query parameter of the wrong type",
      method: "GET",
      path: "/repos/o/r/issues?per_page=lots",
      problem: /query parameter "per_page": must be integer/,
    },
    {
      name: "a multi-segment path parameter",
      method: "GET",
      path: "/repos/o/r/contents/src/app/page.tsx?ref=main",
      problem: null,
    },
    { name: "a GHES path", method: "GET", path: "/api/v3/repos/o/r/git/ref/heads%2Fmain", problem: null },
  ];
  it.each(cases)("$name", ({ method, path, body, problem }) => {
    const check = checkGitHubRequest({
      method,
      path,
      body: body === undefined ? undefined : JSON.stringify(body),
      basePath: path.startsWith("/api/v3") ? "/api/v3" : "",
    });
    if (problem === null) expect(check.problems).toEqual([]);
    else expect(check.problems.join("\n")).toMatch(problem);
  });

  it("prefers the literal route and decodes parameters", () => {
    const check = checkGitHubRequest({ method: "GET", path: "/repos/octo-org/hello/git/ref/heads%2Fappgen%2Fissue-4" });
    expect(check.operation).toEqual({
      method: "GET",
      route: "/repos/{owner}/{repo}/git/ref/{ref}",
      operationId: "git/get-ref",
    });
    expect(check.pathParams).toEqual({ owner: "octo-org", repo: "hello", ref: "heads/appgen/issue-4" });
  });
});

describe("response builders", () => {
  const op = (method: string, path: string) => {
    const operation = checkGitHubRequest({ method, path }).operation;
    if (!operation) throw new Error(`no operation for ${method} ${path}`);
    return operation;
  };
  it.each([
    ["GET", "/repos/o/r/git/ref/heads%2Fmain", 200, gitRefResponse("heads/main", SHA)],
    ["POST", "/repos/o/r/git/refs", 201, gitRefResponse("heads/main", SHA)],
    [
      "GET",
      "/repos/o/r/git/trees/abc",
      200,
      gitTreeResponse(fakeSha("t"), [
        ["a/b/c.txt", fakeSha("c")],
        ["d.txt", fakeSha("d")],
      ]),
    ],
    [
      "POST",
      "/repos/o/r/git/commits",
      201,
      gitCommitResponse({ sha: SHA, tree: fakeSha("t"), parents: [fakeSha("p")], message: "m" }),
    ],
    ["GET", "/repos/o/r/git/blobs/abc", 200, gitBlobResponse(fakeSha("b"), "hello\n".repeat(40))],
    ["GET", "/repos/o/r/contents/a/b.txt", 200, contentFileResponse("a/b.txt", "x")],
    [
      "PATCH",
      "/repos/o/r/git/refs/heads%2Fmain",
      422,
      errorResponse(422, "Update is not a fast forward", "git/refs#update-a-reference"),
    ],
  ] as const)("%s %s %i validates", (method, path, status, body) => {
    expect(checkGitHubResponse(op(method, path), status, body)).toEqual([]);
  });

  it("catches an unrealistic response", () => {
    const broken = { ...gitRefResponse("heads/main", SHA), object: { sha: 1 } };
    expect(checkGitHubResponse(op("GET", "/repos/o/r/git/ref/heads%2Fmain"), 200, broken).join("\n")).toMatch(
      /response 200 body \/object: missing required property "type"/,
    );
  });

  it("lists directories in trees, as GitHub's recursive listing does", () => {
    const tree = gitTreeResponse(fakeSha("t"), [["a/b/c.txt", fakeSha("c")]]);
    expect(tree.tree.map((e) => `${e.type} ${e.path}`)).toEqual(["tree a", "tree a/b", "blob a/b/c.txt"]);
  });
});

describe("githubApi scopes", () => {
  it("answers valid requests and records them", async () => {
    const github = githubApi();
    github.get("/repos/octo-org/hello/git/ref/heads%2Fmain").reply(200, gitRefResponse("heads/main", SHA));
    const response = await octokit().request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
      owner: "octo-org",
      repo: "hello",
      ref: "heads/main",
    });
    expect(response.data.object.sha).toBe(SHA);
    expect(github.requests).toEqual([
      {
        method: "GET",
        path: "/repos/octo-org/hello/git/ref/heads%2Fmain",
        query: {},
        body: undefined,
        operation: { method: "GET", route: "/repos/{owner}/{repo}/git/ref/{ref}", operationId: "git/get-ref" },
      },
    ]);
  });

  it("fails the request and records the violation for a misspelt field", async () => {
    const github = githubApi();
    github.post("/repos/octo-org/hello/git/trees").reply(201, gitTreeResponse(SHA, []));
    const request = octokit().request("POST /repos/{owner}/{repo}/git/trees", {
      owner: "octo-org",
      repo: "hello",
      tree: [{ path: "a", mode: "100644", type: "blob", contents: "x" }] as never,
    });
    await expect(request).rejects.toThrow(
      /request rejected by the GitHub API validator:\n.*body \/tree\/0\/contents: unknown property/,
    );
    expect(takeGitHubViolations()).toEqual([
      "POST /repos/{owner}/{repo}/git/trees (git/create-tree): body /tree/0/contents: unknown property",
    ]);
  });

  it("rejects a mocked route GitHub does not have", async () => {
    const github = githubApi();
    github.get("/repos/octo-org/hello/branchez").reply(200, []);
    await expect(octokit().request("GET /repos/octo-org/hello/branchez")).rejects.toThrow(/no such operation/);
    expect(takeGitHubViolations()).toHaveLength(1);
  });

  it("rejects a canned response that does not match GitHub's schema", async () => {
    const github = githubApi();
    github.get("/repos/octo-org/hello/git/ref/heads%2Fmain").reply(200, { ref: "refs/heads/main" });
    await expect(
      octokit().request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
        owner: "octo-org",
        repo: "hello",
        ref: "heads/main",
      }),
    ).rejects.toThrow(/response 200 body: missing required property "node_id"/);
    expect(takeGitHubViolations().length).toBeGreaterThan(0);
  });

  it("serves GitHub Enterprise Server under /api/v3", async () => {
    const github = githubApi("https://ghe.example.com/api/v3");
    github
      .post("/repos/octo-org/hello/git/refs", { ref: "refs/heads/x", sha: SHA })
      .reply(201, gitRefResponse("heads/x", SHA, { owner: "octo-org", repo: "hello", baseUrl: github.baseUrl }));
    const response = await octokit("https://ghe.example.com/api/v3").request("POST /repos/{owner}/{repo}/git/refs", {
      owner: "octo-org",
      repo: "hello",
      ref: "refs/heads/x",
      sha: SHA,
    });
    expect(response.data.url).toBe("https://ghe.example.com/api/v3/repos/octo-org/hello/git/refs/heads/x");
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /repos/octo-org/hello/git/refs"]);
  });

  it("fails on an unused mock and cleans up", () => {
    const github = githubApi();
    github.get("/repos/octo-org/hello/git/ref/heads%2Fmain").reply(200, gitRefResponse("heads/main", SHA));
    expect(() => verifyGitHubApi()).toThrow(
      /unused mock: GET https:\/\/api\.github\.com:443\/repos\/octo-org\/hello\/git\/ref\/heads%2Fmain/,
    );
    expect(() => verifyGitHubApi()).not.toThrow();
  });

  it("records a request to a mocked host that no mock answers, even when the caller swallows the error", async () => {
    githubApi();
    await octokit()
      .request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: "octo-org", repo: "hello", ref: "heads/other" })
      .catch(() => undefined);
    expect(takeGitHubViolations()).toEqual([
      "no mock for GET https://api.github.com/repos/octo-org/hello/git/ref/heads%2Fother",
    ]);
  });
});
