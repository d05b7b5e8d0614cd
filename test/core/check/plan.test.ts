import { describe, expect, it } from "vitest";

import {
  CHECK_STEPS,
  checkPassed,
  databaseCommands,
  nextMoves,
  planCheck,
  type StepState,
} from "../../../app/core/check/plan.ts";
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
    expect(CHECK_STEPS.map((s) => s.step)).toEqual([
      "install",
      "audit",
      "licenses",
      "lint",
      "typecheck",
      "build",
      "database",
      "start",
      "e2e",
    ]);
    expect(CHECK_STEPS[0]?.command).toBe("pnpm install --frozen-lockfile");
  });

  it("names only earlier steps as needs, so it can always finish", () => {
    CHECK_STEPS.forEach((planned, index) => {
      const earlier = CHECK_STEPS.slice(0, index).map((s) => s.step);
      for (const need of planned.needs) expect(earlier).toContain(need);
    });
  });

  it("runs the dependency checks, lint, typecheck and the database side by side once install has passed", () => {
    const { waves, skipped } = simulate(() => "passed");
    expect(waves).toEqual([
      ["install"],
      ["audit", "licenses", "lint", "typecheck", "database"],
      ["build"],
      ["start"],
      ["e2e"],
    ]);
    expect(skipped).toEqual({});
  });

  it.each<{ failing: Step; skipped: Record<string, string> }>([
    {
      failing: "install",
      skipped: {
        audit: "skipped: install failed",
        licenses: "skipped: install failed",
        lint: "skipped: install failed",
        typecheck: "skipped: install failed",
        database: "skipped: install failed",
        build: "skipped: lint was skipped, typecheck was skipped",
        start: "skipped: build was skipped, database was skipped",
        e2e: "skipped: start was skipped",
      },
    },
    {
      failing: "typecheck",
      skipped: {
        build: "skipped: typecheck failed",
        start: "skipped: build was skipped",
        e2e: "skipped: start was skipped",
      },
    },
    { failing: "database", skipped: { start: "skipped: database failed", e2e: "skipped: start was skipped" } },
    { failing: "start", skipped: { e2e: "skipped: start failed" } },
    { failing: "e2e", skipped: {} },
    // Nothing needs the dependency checks: a vulnerable or non-allowed dependency does not stop the app's own checks.
    { failing: "audit", skipped: {} },
    { failing: "licenses", skipped: {} },
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
    expect(nextMoves(plan, states).start).toEqual(["audit", "licenses", "lint", "typecheck", "database"]);
  });
});

describe("the database step", () => {
  it("without a base builds the app's database from scratch with db:setup, as before", () => {
    expect(planCheck().database).toEqual([{ database: "app", args: ["db:setup"], shell: "pnpm db:setup" }]);
    expect(planCheck({ base: { ref: "main", hasMigrations: false } }).database).toEqual(planCheck().database);
    expect(planCheck({ base: { ref: "main", hasMigrations: false } }).steps).toBe(CHECK_STEPS);
  });

  it("with a base that has migrations upgrades the base's database, builds a fresh one and compares them", () => {
    const plan = planCheck({ base: { ref: "main", hasMigrations: true } });
    expect(plan.database.map((c) => [c.database, c.shell])).toEqual([
      ["app", 'pnpm db:setup --dir "$BASE_DIR"'],
      ["app", "pnpm db:migrate"],
      ["fresh", 'DATABASE_URL="$FRESH_DATABASE_URL" pnpm db:setup'],
      ["app", 'pnpm db:compare "$FRESH_DATABASE_URL" "$DATABASE_URL" --names fresh,upgraded'],
    ]);
    expect(plan.database).toEqual(databaseCommands(true));
    // The report names what ran and the base; the step order and needs are unchanged.
    expect(plan.steps.find((s) => s.step === "database")?.command).toBe(
      'throwaway PostgreSQL cluster, then pnpm db:setup --dir "$BASE_DIR" && pnpm db:migrate && DATABASE_URL="$FRESH_DATABASE_URL" pnpm db:setup && pnpm db:compare "$FRESH_DATABASE_URL" "$DATABASE_URL" --names fresh,upgraded (base: main)',
    );
    expect(plan.steps.map((s) => [s.step, s.needs])).toEqual(CHECK_STEPS.map((s) => [s.step, s.needs]));
  });

  it("never seeds through db:migrate, and seeds the upgraded database only from the base", () => {
    const upgrade = databaseCommands(true);
    expect(upgrade.filter((c) => c.args[0] === "db:setup" && c.database === "app")).toEqual([upgrade[0]]);
    expect(upgrade[0]?.args).toContain("$BASE_DIR");
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
