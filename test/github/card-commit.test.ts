// commitCard on its own: where the card goes for an app in a subfolder, the blob SHA of the card it replaces, no
// commit for the same bytes, and a refused commit that is skipped instead of failing its caller.
import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { cardFromManifest, renderCardSvg, type AppCard } from "../../app/core/card.ts";
import { manifestSha256 } from "../../app/core/manifest/index.ts";
import { gitBlobSha } from "../../app/core/pipeline/ledger.ts";
import { cardPath, commitCard } from "../../app/github/card-commit.ts";
import { openGitHubForge } from "../../app/adapters/github-forge.ts";
import { useGitHubApi } from "../helpers/github-api.ts";
import { MemoryRepo, OWNER, REPO } from "../handlers/harness.ts";
import { BRANCH, generatedRepo, head, MANIFEST } from "./check-runs.ts";

useGitHubApi();

const octokit = new (ProbotOctokit.defaults((o: Record<string, any>) => ({
  ...o,
  retry: { enabled: false },
  throttle: { ...o.throttle, enabled: false },
})))({ auth: { token: "ghs_test" } });
const log = pino({ level: "silent" });
const card: AppCard = { ...cardFromManifest(MANIFEST), check: "passing", autofixAttempts: 1 };

function commit(repo: MemoryRepo, root = "", reason = "checks passing") {
  return commitCard({
    forge: openGitHubForge(octokit, { owner: OWNER, repo: REPO }),
    log,
    branch: BRANCH,
    root,
    card,
    manifestSha: manifestSha256(MANIFEST),
    reason,
  });
}

describe("commitCard", () => {
  it.each([
    ["", "appgen/card.svg"],
    ["apps/crm", "apps/crm/appgen/card.svg"],
    ["./apps/crm/", "apps/crm/appgen/card.svg"],
  ])("puts the card of an app in %j at %s", async (root, path) => {
    expect(cardPath(root)).toBe(path);
    const repo = generatedRepo();
    const git = repo.intercept(["getContent", "putContent"]);
    expect(await commit(repo, root)).toBe("committed");
    expect(repo.files(BRANCH).get(path)).toBe(renderCardSvg(card));
    expect(git.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
  });

  it("replaces an older card by its blob SHA, and makes no commit for the same bytes", async () => {
    const repo = generatedRepo();
    const old = renderCardSvg({ ...card, check: "pending" });
    repo.commitAsPerson(BRANCH, { "appgen/card.svg": old });
    const git = repo.intercept(["getContent", "putContent"]);
    expect(await commit(repo)).toBe("committed");
    expect(git.requests[1]?.body).toMatchObject({ sha: gitBlobSha(old) });
    const after = head(repo);
    expect(await commit(repo)).toBe("unchanged");
    expect(head(repo)).toBe(after);
    expect(git.requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET"]);
  });

  it.each([
    ["the file moved (409)", 409],
    ["a protected branch (422)", 422],
  ])("skips %s without throwing", async (_name, status) => {
    const repo = generatedRepo();
    repo.failures.set("putContent", [status]);
    const before = head(repo);
    repo.intercept(["getContent", "putContent"]);
    expect(await commit(repo)).toBe("skipped");
    expect(head(repo)).toBe(before);
  });

  it("answers failed, without throwing, when GitHub fails otherwise", async () => {
    const repo = generatedRepo();
    repo.failures.set("getContent", [500]);
    repo.intercept(["getContent"]);
    expect(await commit(repo)).toBe("failed");
  });
});
