import { defineConfig } from "vitest/config";

/** Tests that build and run whole generated apps (a minute each); they run in their own pass, one file at a time. */
export const APP_TESTS = ["test/e2e/**/*.test.ts", "test/cli/check.test.ts"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...APP_TESTS],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
