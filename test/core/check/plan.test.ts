import { describe, expect, it } from "vitest";

import { CHECK_STEPS, checkPassed, nextMoves, planCheck, type StepState } from "../../../app/core/check/plan.ts";
import type { Step } from "../../../app/core/schema-types/diagnostics.ts";

/** Runs the plan to the end the way the adapter does, with every started step finishing with `outcome(step)`. */
function simulate(outcome: (step: Step) => "passed" | "failed", options: { skipE2e?: boolean } = {}) {
  const plan = planCheck(options);
  const states = new Map<Step, StepState>();
  const waves: Step[][] = [];
  const skipped: Record<string, string> = {};
  for (let guard = 0; guard < 20; guard++) {
    const moves = nextMoves(plan, states);
    for (const { step, reason } of moves.skip) {
      states.set(step, "skipped");
      skipped[step] = reason;
    }
    if (moves.start.length) {
      waves.push(moves.start);
      for (const step of moves.start) states.set(step, outcome(step));
    }
    if (moves.done) return { waves, skipped, states };
  }
  throw new Error("the plan did not finish");
}

describe("check plan", () => {
  it("lists the CI workflow's steps in the report's order", () => {
    expect(CHECK_STEPS.map((s) => s.step)).toEqual(["install", "lint", "typecheck", "build", "database", "start", "e2e"]);
    expect(CHECK_STEPS[0]?.command).toBe("pnpm install --frozen-lockfile");
  });

  it("names only earlier steps as needs, so it can always finish", () => {
    CHECK_STEPS.forEach((planned, index) => {
      const earlier = CHECK_STEPS.slice(0, index).map((s) => s.step);
      for (const need of planned.needs) expect(earlier).toContain(need);
    });
  });

  it("runs lint, typecheck and the database side by side once install has passed", () => {
    const { waves, skipped } = simulate(() => "passed");
    expect(waves).toEqual([["install"], ["lint", "typecheck", "database"], ["build"], ["start"], ["e2e"]]);
    expect(skipped).toEqual({});
  });

  it.each<{ failing: Step; skipped: Record<string, string> }>([
    {
      failing: "install",
      skipped: {
        lint: "skipped: install failed",
        typecheck: "skipped: install failed",
        database: "skipped: install failed",
        build: "skipped: lint was skipped, typecheck was skipped",
        start: "skipped: build was skipped, database was skipped",
        e2e: "skipped: start was skipped",
      },
    },
    { failing: "typecheck", skipped: { build: "skipped: typecheck failed", start: "skipped: build was skipped", e2e: "skipped: start was skipped" } },
    { failing: "database", skipped: { start: "skipped: database failed", e2e: "skipped: start was skipped" } },
    { failing: "start", skipped: { e2e: "skipped: start failed" } },
    { failing: "e2e", skipped: {} },
  ])("a failed $failing skips what depends on it, and only that", ({ failing, skipped }) => {
    const result = simulate((step) => (step === failing ? "failed" : "passed"));
    expect(result.skipped).toEqual(skipped);
    expect(result.states.get(failing)).toBe("failed");
  });

  it("still builds when lint fails alongside, but not when both lint and typecheck fail", () => {
    expect(simulate((step) => (step === "lint" ? "failed" : "passed")).skipped.build).toBe("skipped: lint failed");
  });

  it("leaves out e2e on request and still starts the server", () => {
    const { waves, skipped } = simulate(() => "passed", { skipE2e: true });
    expect(waves.flat()).toContain("start");
    expect(waves.flat()).not.toContain("e2e");
    expect(skipped).toEqual({ e2e: "skipped on request (--skip-e2e)" });
  });

  it("waits while a step runs, and is done only when nothing runs", () => {
    const plan = planCheck();
    const states = new Map<Step, StepState>([["install", "running"]]);
    expect(nextMoves(plan, states)).toEqual({ start: [], skip: [], done: false });
    states.set("install", "passed");
    expect(nextMoves(plan, states).start).toEqual(["lint", "typecheck", "database"]);
  });
});

describe("checkPassed", () => {
  it.each([
    { statuses: ["passed", "passed"], ok: true },
    { statuses: ["passed", "skipped"], ok: true },
    { statuses: ["failed", "skipped"], ok: false },
    { statuses: ["passed", "failed"], ok: false },
  ] as const)("$statuses -> $ok", ({ statuses, ok }) => {
    expect(checkPassed(statuses.map((status) => ({ status })))).toBe(ok);
  });
});
