// The chain itself is under test here, so the planners are small fakes; the real explicit planner joins in where
// the point is that a manifest block keeps the model out of it.
import { describe, expect, it } from "vitest";
import { AppgenError } from "../../../app/core/errors.ts";
import { assertManifest } from "../../../app/core/manifest/index.ts";
import { DEFAULT_LLM_UNAVAILABLE_REASON, planApp, standardPlanners } from "../../../app/core/planners/chain.ts";
import { createExplicitPlanner } from "../../../app/core/planners/explicit-planner.ts";
import {
  NO_USAGE,
  type PlanRequest,
  type PlanResult,
  type Planner,
  type PlannerName,
} from "../../../app/core/planners/types.ts";
import type { Llm } from "../../../app/ports.ts";

const manifest = assertManifest({
  name: "Tasks",
  entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }],
});
const secret = `sk-proj-${"q7".repeat(20)}`;

interface FakePlanner extends Planner {
  calls: PlanRequest[];
}

function fakePlanner(name: PlannerName, behaviour: "answer" | "pass" | Error): FakePlanner {
  const calls: PlanRequest[] = [];
  return {
    name,
    calls,
    async plan(request) {
      calls.push(request);
      if (behaviour instanceof Error) throw behaviour;
      if (behaviour === "pass") return undefined;
      const result: PlanResult = {
        manifest,
        planner: name,
        usage: name === "llm" ? { promptTokens: 10, completionTokens: 5, totalTokens: 15 } : { ...NO_USAGE },
        notes: [`${name} note`],
      };
      return result;
    },
  };
}

async function planError(promise: Promise<unknown>): Promise<AppgenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppgenError)) throw new Error(`expected an AppgenError, got ${String(error)}`);
  return error;
}

describe("planApp", () => {
  it.each([
    ["the explicit planner answers", ["answer", "answer", "answer"], "explicit", [1, 0, 0]],
    ["explicit passes, the LLM answers", ["pass", "answer", "answer"], "llm", [1, 1, 0]],
    ["both pass, offline answers", ["pass", "pass", "answer"], "offline", [1, 1, 1]],
  ] as const)("tries planners in order: %s", async (_name, behaviours, winner, calls) => {
    const planners = [
      fakePlanner("explicit", behaviours[0]),
      fakePlanner("llm", behaviours[1]),
      fakePlanner("offline", behaviours[2]),
    ];
    const result = await planApp({ prompt: "A to-do app" }, planners);
    expect(result.planner).toBe(winner);
    expect(planners.map((p) => p.calls.length)).toEqual(calls);
    expect(result.notes).toEqual([`${winner} note`]);
  });

  it("redacts the prompt and instructions before any planner sees them, and says so", async () => {
    const llm = fakePlanner("llm", "answer");
    const result = await planApp(
      { prompt: `Tasks app. key=${secret}`, previous: manifest, instructions: `use ${secret}` },
      [llm],
    );
    expect(llm.calls[0]).toEqual({
      prompt: "Tasks app. key=[REDACTED]",
      previous: manifest,
      instructions: "use [REDACTED]",
    });
    expect(result.notes[0]).toMatch(/^removed what looked like a secret .* revoke it if it was real$/);
    expect(result.notes).toHaveLength(2);
  });

  it("notes that the offline planner stood in because no LLM is configured", async () => {
    const result = await planApp(
      { prompt: "A to-do app" },
      [fakePlanner("explicit", "pass"), fakePlanner("offline", "answer")],
      {
        llmUnavailableReason: "OPENAI_API_KEY is not set",
      },
    );
    expect(result.notes).toEqual([
      "no LLM configured (OPENAI_API_KEY is not set): used the offline planner",
      "offline note",
    ]);
  });

  it("uses a default reason when the caller gives none", async () => {
    const result = await planApp({ prompt: "A to-do app" }, [fakePlanner("offline", "answer")]);
    expect(result.notes[0]).toBe(`no LLM configured (${DEFAULT_LLM_UNAVAILABLE_REASON}): used the offline planner`);
  });

  it("adds no such note when an LLM planner exists but did not apply", async () => {
    const result = await planApp({ prompt: "A to-do app" }, [
      fakePlanner("llm", "pass"),
      fakePlanner("offline", "answer"),
    ]);
    expect(result.notes).toEqual(["offline note"]);
  });

  it("rethrows a planner's AppgenError instead of falling through", async () => {
    const offline = fakePlanner("offline", "answer");
    const failure = new AppgenError("LLM_FAILED", "could not reach the model");
    const error = await planError(planApp({ prompt: "x" }, [fakePlanner("llm", failure), offline]));
    expect(error).toBe(failure);
    expect(offline.calls).toHaveLength(0);
  });

  it("fails clearly when no planner applies", async () => {
    const error = await planError(planApp({ prompt: "x" }, [fakePlanner("explicit", "pass")]));
    expect(error.code).toBe("MANIFEST_NOT_FOUND");
    expect(error.message).toContain("tried: explicit");
  });

  it.each([
    ["prompt", { prompt: "x".repeat(1024 * 1024 + 1) }],
    ["instructions", { prompt: "x", instructions: "y".repeat(1024 * 1024 + 1) }],
  ])("refuses an oversized %s before planning", async (_name, request) => {
    const llm = fakePlanner("llm", "answer");
    const error = await planError(planApp(request, [llm]));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(llm.calls).toHaveLength(0);
  });

  it("never asks the LLM when the request carries a manifest block", async () => {
    const llm = fakePlanner("llm", "answer");
    const prompt =
      "Here you go:\n```yaml appgen\nname: Notes\nentities:\n  - name: note\n    fields: [{ name: body, type: long_text }]\n```";
    const result = await planApp({ prompt }, [createExplicitPlanner(), llm, fakePlanner("offline", "answer")]);
    expect(result.planner).toBe("explicit");
    expect(result.manifest.name).toBe("Notes");
    expect(result.usage.totalTokens).toBe(0);
    expect(llm.calls).toHaveLength(0);
  });
});

describe("standardPlanners", () => {
  const llm: Llm = { model: "m", chat: () => Promise.reject(new Error("not called")) };
  const offline = fakePlanner("offline", "answer");

  it.each([
    ["with a model", { offline, llm }, ["explicit", "llm", "offline"]],
    ["without a model", { offline }, ["explicit", "offline"]],
  ])("orders the planners %s", (_name, parts, names) => {
    expect(standardPlanners(parts).map((p) => p.name)).toEqual(names);
  });
});
