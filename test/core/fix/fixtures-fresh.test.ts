// The captured tsc and eslint output (fixtures/) points at lines of the broken generated app. When a template change
// moves those lines, the fix tests fail far from the cause; this test says what to do instead.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { brokenFilesFingerprint, FINGERPRINT_FILE } from "./broken-app.ts";

it("the captured tool output is from the app the templates generate today", () => {
  expect(
    readFileSync(FINGERPRINT_FILE, "utf8").trim(),
    "test/core/fix/fixtures are stale: render test/e2e/manifests/expenses.json into a folder, `pnpm install --offline` there, then run `npx tsx test/core/fix/fixtures/capture.ts <that folder>`",
  ).toBe(brokenFilesFingerprint());
});
