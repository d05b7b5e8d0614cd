// The auto-fix attempts read back from the branch's history, and the comment sections built from them.
import { describe, expect, it } from "vitest";
import { renderHandOverComment, withSection } from "../../app/core/progress.ts";
import { autofixHistory, newestWork, summarizeFixCommit } from "../../app/github/autofix.ts";
import { cardCommitMessage } from "../../app/core/pipeline/commit-message.ts";
import { stageMessage } from "./check-runs.ts";

const SHA = "a".repeat(64);

const fix = (n: number, explanation?: string) => {
  const base = stageMessage("fix", [`lib/file-${n}.ts`], {
    "Appgen-Autofix": String(n),
    "Appgen-Fixer": "deterministic",
  });
  if (!explanation) return base;
  const [subject, ...rest] = base.split("\n\n");
  return [subject, explanation, ...rest].join("\n\n");
};

describe("autofixHistory", () => {
  it("lists the fix commits since the last generation commit, oldest first, across a person's commits", () => {
    const commits = [
      { sha: "c4", message: fix(2, "lib/file-2.ts: removed the unused import of Badge") },
      { sha: "c3", message: "a person's tweak\n" },
      { sha: "c2", message: fix(1) },
      { sha: "c1", message: stageMessage("files", ["a.ts"]) },
      { sha: "c0", message: fix(1) },
    ];
    expect(autofixHistory(commits)).toEqual([
      { number: 1, commit: "c2", fixer: "deterministic", summary: "fix failing checks", files: ["lib/file-1.ts"] },
      {
        number: 2,
        commit: "c4",
        fixer: "deterministic",
        summary: "lib/file-2.ts: removed the unused import of Badge",
        files: ["lib/file-2.ts"],
      },
    ]);
  });

  it("looks through app card commits: they neither count nor end the count", () => {
    const commits = [
      { sha: "c5", message: cardCommitMessage("checks failing, handed over to a person", SHA) },
      { sha: "c4", message: fix(2) },
      { sha: "c3", message: cardCommitMessage("checks passing", SHA) },
      { sha: "c2", message: fix(1) },
      { sha: "c1", message: cardCommitMessage("generated, checks pending", SHA) },
      { sha: "c0", message: stageMessage("files", ["a.ts"]) },
    ];
    expect(autofixHistory(commits).map((a) => [a.number, a.commit])).toEqual([
      [1, "c2"],
      [2, "c4"],
    ]);
  });

  it.each([
    [
      "a fix under card commits",
      [
        cardCommitMessage("checks passing", SHA),
        cardCommitMessage("deployed to https://example.vercel.app", SHA, true),
        fix(1),
      ],
      "fix",
    ],
    [
      "a generation under its card",
      [cardCommitMessage("generated, checks pending", SHA), stageMessage("files", ["a.ts"])],
      "files",
    ],
    ["a person's commit", ["a person's tweak\n", fix(1)], undefined],
    ["only card commits", [cardCommitMessage("checks passing", SHA)], undefined],
  ])("newestWork: %s", (_name, messages, stage) => {
    expect(newestWork(messages)).toBe(stage);
  });

  it("counts no fix-stage commit without an Appgen-Autofix number", () => {
    expect(
      autofixHistory([
        { sha: "c1", message: stageMessage("fix", ["a.ts"]) },
        { sha: "c0", message: stageMessage("files", ["a.ts"]) },
      ]),
    ).toEqual([]);
  });

  it("keeps the first line of a multi-line explanation and drops the list's overflow line", () => {
    const message =
      "appgen(fix): fix failing checks\n\nfirst line\nsecond line\n\n- a.ts\n- … and 3 more\n\nAppgen-Stage: fix\nAppgen-Autofix: 1\n";
    expect(summarizeFixCommit(message)).toEqual({ summary: "first line", files: ["a.ts"], fixer: undefined });
  });
});

describe("comment sections", () => {
  it("replaces a section in place and appends a missing one", () => {
    const body = "head\n\n<!-- appgen:fix -->\nold\n<!-- /appgen:fix -->\n\ntail\n";
    expect(withSection(body, "fix", "new")).toBe("head\n\n<!-- appgen:fix -->\nnew\n<!-- /appgen:fix -->\n\ntail\n");
    expect(withSection(body, "deploy", "live")).toBe(
      `${body.trimEnd()}\n\n<!-- appgen:deploy -->\nlive\n<!-- /appgen:deploy -->\n`,
    );
  });

  it("keeps tool and model text from breaking the diagnosis table or mentioning people", () => {
    const body = renderHandOverComment({
      branch: "appgen/issue-7",
      reason: "the fix was refused",
      failedRunUrl: "https://github.com/o/r/actions/runs/1",
      diagnostics: Array.from({ length: 12 }, (_, i) => ({
        step: "lint" as const,
        file: `a|${i}.ts`,
        severity: "error" as const,
        message: "ping @octocat <img src=x>\nsecond line",
      })),
      label: "appgen:needs-human",
      command: "/regenerate",
    });
    const rows = body.split("\n").filter((line) => line.startsWith("| lint |"));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toBe("| lint | `a\\|0.ts` | — | ping @\u200boctocat &lt;img src=x> |");
    expect(body).toContain("… and 2 more");
  });
});
