// Which steps `appgen check` runs, what each needs, and so what runs in parallel and what a failure skips.
// The order and commands are those of the generated project's CI workflow, so a local pass predicts a CI pass.
// Pure: the adapter (app/adapters/local-checks.ts) asks `nextMoves` what to do after every step it finishes.
import { AUDIT_COMMAND, LICENSES_COMMAND } from "../diagnostics/dependencies.ts";
import type { Step, StepReport } from "../schema-types/diagnostics.ts";

export interface PlannedStep {
  step: Step;
  /** Steps that must pass first; a failed or skipped need skips this step. */
  needs: readonly Step[];
  /** What the step runs, as a person would type it in the app's directory. */
  command: string;
}

/**
 * lint and typecheck need only the installed packages, so they run side by side; the database needs only the
 * `postgres` package for db:setup, so it runs beside them too (a migration error is worth knowing even when the
 * build fails). next build type-checks again, so a failed typecheck skips it instead of repeating its errors.
 * The dependency audit and the licence check read only the installed tree and the lockfile, so they run beside them
 * too; nothing needs them, and their failures are never given to the fix model.
 */
export const CHECK_STEPS: readonly PlannedStep[] = [
  { step: "install", needs: [], command: "pnpm install --frozen-lockfile" },
  { step: "audit", needs: ["install"], command: AUDIT_COMMAND },
  { step: "licenses", needs: ["install"], command: LICENSES_COMMAND },
  { step: "lint", needs: ["install"], command: "pnpm lint" },
  { step: "typecheck", needs: ["install"], command: "pnpm typecheck" },
  { step: "build", needs: ["lint", "typecheck"], command: "pnpm build" },
  {
    step: "database",
    needs: ["install"],
    command: "throwaway PostgreSQL cluster, then pnpm db:setup (auth shim, migrations, seed)",
  },
  { step: "start", needs: ["build", "database"], command: "pnpm start" },
  { step: "e2e", needs: ["start"], command: "pnpm exec playwright test" },
];

export interface CheckOptions {
  /** Leave out the Playwright step (the server is still started once, as a smoke test). */
  skipE2e?: boolean;
  /**
   * The base the app's migrations upgrade from (a git ref, e.g. the pull request's base branch) and whether it has
   * migrations. When it has, the database step checks the upgrade path (see `databaseCommands`).
   */
  base?: { ref: string; hasMigrations: boolean };
}

export interface CheckPlan {
  steps: readonly PlannedStep[];
  /** Steps left out on request, with the reason the report gives. */
  skippedOnRequest: ReadonlyMap<Step, string>;
  /** What the database step runs, in order, once its throwaway databases exist. */
  database: readonly DatabaseCommand[];
}

export function planCheck(options: CheckOptions = {}): CheckPlan {
  const skippedOnRequest = new Map<Step, string>();
  if (options.skipE2e) skippedOnRequest.set("e2e", "skipped on request (--skip-e2e)");
  const upgrade = options.base?.hasMigrations === true;
  const database = databaseCommands(upgrade);
  const steps = upgrade
    ? CHECK_STEPS.map((planned) =>
        planned.step === "database"
          ? {
              ...planned,
              command: `throwaway PostgreSQL cluster, then ${database.map((c) => c.shell).join(" && ")} (base: ${options.base?.ref})`,
            }
          : planned,
      )
    : CHECK_STEPS;
  return { steps, skippedOnRequest, database };
}

/**
 * One command of the database step: a package script of the generated app, run with DATABASE_URL set to one of the
 * step's databases. `$BASE_DIR` (a folder holding the base's supabase/ files), `$DATABASE_URL` and
 * `$FRESH_DATABASE_URL` in `args` are filled in by whoever runs the command; `shell` is the same command as the CI
 * workflow's database step writes it.
 */
export interface DatabaseCommand {
  /** The database the command works on: `app` is the one the app's tests then run against. */
  database: "app" | "fresh";
  args: readonly string[];
  shell: string;
}

const command = (database: DatabaseCommand["database"], ...args: string[]): DatabaseCommand => ({
  database,
  args,
  shell: `${database === "fresh" ? 'DATABASE_URL="$FRESH_DATABASE_URL" ' : ""}pnpm ${args.map((arg) => (arg.startsWith("$") ? `"${arg}"` : arg)).join(" ")}`,
});

/**
 * Without an upgrade, the app's database is built from scratch (auth shim, every migration, seed). With one — the
 * base has migrations — the app's database is the one a deployed app would have: the base's migrations and seed
 * (demo rows, so a migration that cannot cope with existing rows fails here), then `db:migrate` for this branch's
 * new migrations; a second database is built from scratch, and `db:compare` requires both to have the same schema,
 * so the migrations history and the full schema cannot drift apart.
 */
export function databaseCommands(upgrade: boolean): readonly DatabaseCommand[] {
  if (!upgrade) return [command("app", "db:setup")];
  return [
    command("app", "db:setup", "--dir", "$BASE_DIR"),
    command("app", "db:migrate"),
    command("fresh", "db:setup"),
    command("app", "db:compare", "$FRESH_DATABASE_URL", "$DATABASE_URL", "--names", "fresh,upgraded"),
  ];
}

export type StepState = "pending" | "running" | "passed" | "failed" | "skipped";

export interface Moves {
  /** Steps whose needs have all passed: start them now, together. */
  start: Step[];
  /** Steps that will never run, with the reason. */
  skip: { step: Step; reason: string }[];
  /** Nothing is running and nothing can start: the check is over. */
  done: boolean;
}

/** Given the state of every step, what to start and what to give up on. */
export function nextMoves(plan: CheckPlan, states: ReadonlyMap<Step, StepState>): Moves {
  // Skips decided in this pass count at once, so a whole chain of skips is decided in one call.
  const decided = new Map<Step, StepState>();
  const state = (step: Step): StepState => decided.get(step) ?? states.get(step) ?? "pending";
  const start: Step[] = [];
  const skip: Moves["skip"] = [];
  for (const planned of plan.steps) {
    if (state(planned.step) !== "pending") continue;
    const requested = plan.skippedOnRequest.get(planned.step);
    if (requested) {
      skip.push({ step: planned.step, reason: requested });
      decided.set(planned.step, "skipped");
      continue;
    }
    const blocked = planned.needs.filter((need) => state(need) === "failed" || state(need) === "skipped");
    if (blocked.length) {
      skip.push({
        step: planned.step,
        reason: `skipped: ${blocked.map((need) => `${need} ${state(need) === "failed" ? "failed" : "was skipped"}`).join(", ")}`,
      });
      decided.set(planned.step, "skipped");
      continue;
    }
    if (planned.needs.every((need) => state(need) === "passed")) start.push(planned.step);
  }
  const running = plan.steps.some((planned) => state(planned.step) === "running");
  return { start, skip, done: start.length === 0 && skip.length === 0 && !running };
}

/** The report's verdict. A step skipped because of a failure implies a failed step, so "nothing failed" says it. */
export function checkPassed(steps: readonly Pick<StepReport, "status">[]): boolean {
  return steps.every((step) => step.status !== "failed");
}
