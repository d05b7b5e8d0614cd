// The audit and licence steps of `appgen check` in whole-app tests. The licence check runs offline and must pass.
// The audit needs the registry's advisory endpoint, which this machine's registry does not serve (it answers 405),
// so it may be skipped — but only for that reason, said in its summary; on a machine that reaches the endpoint, it
// must pass.
import { expect } from "vitest";

export const DEPENDENCY_STEPS = new Set(["audit", "licenses"]);

interface Step {
  step: string;
  status: string;
  summary?: string;
}

/** Checks the two dependency steps and returns the other steps, for the assertions each test already makes. */
export function otherThanDependencyChecks<T extends Step>(steps: T[]): T[] {
  const audit = steps.find((s) => s.step === "audit");
  const licenses = steps.find((s) => s.step === "licenses");
  expect(licenses?.status).toBe("passed");
  if (audit?.status === "skipped") expect(audit.summary).toMatch(/^skipped: audit endpoint unreachable/);
  else expect(audit?.status).toBe("passed");
  return steps.filter((s) => !DEPENDENCY_STEPS.has(s.step));
}
