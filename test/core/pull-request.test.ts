import { describe, expect, it } from "vitest";
import { manifestSha256 } from "../../app/core/manifest/index.ts";
import { planFromPrompt } from "../../app/core/planners/offline/index.ts";
import { branchForIssue, issueForBranch, pullRequestText } from "../../app/core/pull-request.ts";
import { renderMarkdown } from "../helpers/markdown.ts";

const manifest = planFromPrompt(
  "A CRM to track leads, companies and deals. Sales reps log calls with contacts. Admins manage everything.",
);

describe("pull request text", () => {
  const { title, body } = pullRequestText({
    manifest,
    issueNumber: 42,
    manifestSha: manifestSha256(manifest),
    command: "/regenerate",
    planner: "offline",
  });

  it("closes the issue and names the app", () => {
    expect(title).toBe(`appgen: ${manifest.name}`);
    expect(body).toContain("Closes #42\n");
  });

  it("summarises entities, pages and roles from the manifest", () => {
    expect(body).toContain(
      `${manifest.entities.length} entities, ${manifest.pages.length} pages, ${manifest.roles.length} role`,
    );
    for (const entity of manifest.entities) expect(body).toContain(`| ${entity.label} | \`${entity.table}\` |`);
    for (const page of manifest.pages) expect(body).toContain(`- ${page.title} (${page.kind}`);
    for (const role of manifest.roles) expect(body).toContain(`(\`${role.name}\`)`);
    expect(body).toContain("— given to new users");
  });

  it("says how to change the app", () => {
    expect(body).toContain("comment `/regenerate <what to change>` on this pull request");
    expect(body).toContain(
      `Manifest SHA-256 \`${manifestSha256(manifest).slice(0, 12)}\` · planned by the offline planner`,
    );
  });

  it("is the same text for the same manifest", () => {
    expect(
      pullRequestText({
        manifest,
        issueNumber: 42,
        manifestSha: manifestSha256(manifest),
        command: "/regenerate",
        planner: "offline",
      }).body,
    ).toBe(body);
  });

  it("neutralises names that would break markdown or ping people", () => {
    const hostile = {
      ...manifest,
      name: "Evil | <b>app</b> @everyone [x](javascript:alert(1))",
      description: "line\nbreak",
    };
    const html = renderMarkdown(
      pullRequestText({ manifest: hostile, issueNumber: 1, manifestSha: "abc", command: "/regenerate" }).body,
    );
    expect(html).toContain("<strong>Evil | &lt;b&gt;app&lt;/b&gt; @\u200beveryone [x](javascript:alert(1))</strong>");
    expect(html).toContain("<blockquote>\n<p>line break</p>");
    expect(html).not.toMatch(/<b>|href="javascript/);
  });

  it("mentions the folder when the app is not at the root", () => {
    expect(
      pullRequestText({ manifest, issueNumber: 1, manifestSha: "abc", command: "/regenerate", path: "apps/crm" }).body,
    ).toContain("into `apps/crm/`");
  });
});

describe("appgen branches", () => {
  it.each([
    [1, "appgen/issue-1"],
    [1234, "appgen/issue-1234"],
  ])("issue %i uses %s and back", (issue, branch) => {
    expect(branchForIssue(issue)).toBe(branch);
    expect(issueForBranch(branch)).toBe(issue);
  });
  it.each(["main", "appgen/issue-", "appgen/issue-01", "appgen/issue-3/x", "feature/appgen/issue-3"])(
    "%s is not an appgen branch",
    (branch) => {
      expect(issueForBranch(branch)).toBeUndefined();
    },
  );
});
