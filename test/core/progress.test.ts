import { describe, expect, it } from "vitest";
import type { StageReport } from "../../app/core/pipeline/pipeline.ts";
import {
  applyStageReport,
  duration,
  failProgress,
  initialProgress,
  PROGRESS_MARKER,
  renderProgress,
  type ProgressState,
} from "../../app/core/progress.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const base = () =>
  initialProgress({
    kind: "generate",
    repositoryUrl: "https://github.com/acme/crm",
    branch: "appgen/issue-7",
    command: "/regenerate",
  });
const report = (
  stage: StageReport["stage"],
  status: StageReport["status"],
  extra: Partial<StageReport> = {},
): StageReport => ({ stage, status, changed: [], kept: [], durationMs: 0, ...extra });

function run(reports: StageReport[], state: ProgressState = base()): ProgressState {
  return reports.reduce(applyStageReport, state);
}

describe("progress comment", () => {
  it("starts as a queued checklist of the five stages, marked as appgen's", () => {
    const text = renderProgress(base());
    expect(text.startsWith(PROGRESS_MARKER)).toBe(true);
    expect(text).toContain("### Generating the app: queued");
    expect(text.match(/^- \[ \] ⬜ /gm)).toHaveLength(5);
    expect(text).toContain("Branch: `appgen/issue-7`");
  });

  it("links each committed stage, with its file count and duration", () => {
    const state = run([
      report("plan", "running"),
      report("plan", "committed", { commit: SHA, changed: ["appgen/manifest.json"], durationMs: 1234 }),
      report("db", "running"),
    ]);
    const text = renderProgress(state);
    expect(text).toContain(
      `- [x] ✅ Plan the manifest (\`appgen/manifest.json\`) — [\`0123456\`](https://github.com/acme/crm/commit/${SHA}), 1 file (1.2 s)`,
    );
    expect(text).toContain("- [ ] ⏳ Database");
    expect(text).toContain("### Generating the app…");
  });

  it("reports planner, model, tokens, notes and the pull request", () => {
    const state: ProgressState = {
      ...run([report("plan", "committed", { commit: SHA, changed: ["a"], durationMs: 5 })]),
      planner: "llm",
      model: "gpt-4o-mini",
      usage: { promptTokens: 1200, completionTokens: 345, totalTokens: 1545 },
      notes: ["no LLM configured (OPENAI_API_KEY is not set): used the offline planner"],
      pullRequest: { number: 8, url: "https://github.com/acme/crm/pull/8" },
    };
    const text = renderProgress(state);
    expect(text).toContain(
      "Pull request: #8 · Branch: `appgen/issue-7` · Planner: LLM (`gpt-4o-mini`) · Tokens: 1,545 (1,200 prompt + 345 completion)",
    );
    expect(text).toContain("> [!NOTE]\n> no LLM configured (OPENAI_API_KEY is not set): used the offline planner");
  });

  it("lists files kept because a person changed them, once each", () => {
    const kept = [{ path: "app/page.tsx", reason: "edited" as const }];
    const state = run([
      report("files", "committed", { commit: SHA, changed: ["x"], kept }),
      report("files", "committed", { commit: SHA, changed: ["x"], kept }),
    ]);
    const text = renderProgress(state);
    expect(text).toContain(
      "**Kept 1 file a person changed** (appgen did not overwrite it):\n- `app/page.tsx` (edited by a person)",
    );
  });

  it("says so when nothing changed", () => {
    const steps = (["plan", "db", "api", "ui", "files"] as const).map((s) => report(s, "unchanged", { durationMs: 3 }));
    const state = {
      ...run(
        steps,
        initialProgress({
          kind: "regenerate",
          repositoryUrl: "u",
          branch: "appgen/issue-7",
          command: "/regenerate",
          instructions: "add tags",
        }),
      ),
      phase: "done" as const,
    };
    const text = renderProgress(state);
    expect(text).toContain("### Regenerated the app");
    expect(text).toContain("> /regenerate add tags");
    expect(text).toContain(
      "Nothing changed: the re-planned manifest and every generated file are already on `appgen/issue-7`, so appgen committed nothing.",
    );
    expect(text).toContain("Time: 15 ms");
  });

  it("on failure marks the running stage, skips the rest and says how to retry", () => {
    const state = failProgress(
      run([
        report("plan", "committed", { commit: SHA, changed: ["m"] }),
        report("db", "committed", { commit: SHA, changed: ["d"] }),
        report("api", "running"),
      ]),
      "GitHub answered 500 while creating a commit",
    );
    const text = renderProgress(state);
    expect(text).toContain("### Generating the app failed");
    expect(text).toContain("- [ ] ❌ API");
    expect(text).toContain("- [ ] ⏭️ UI specification");
    expect(text).toContain(
      "> GitHub answered 500 while creating a commit\n>\n> Comment `/regenerate` on the pull request to retry",
    );
  });

  it("keeps untrusted error text on one line and inert", () => {
    const text = renderProgress(failProgress(base(), "bad\n<img src=x onerror=alert(1)>"));
    expect(text).toContain("> bad &lt;img src=x onerror=alert(1)>");
  });

  it.each([
    [0, "0 ms"],
    [999, "999 ms"],
    [1500, "1.5 s"],
    [125_000, "2 min 5 s"],
  ])("formats %i ms as %s", (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
