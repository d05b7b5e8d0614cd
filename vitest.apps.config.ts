import { defineConfig } from "vitest/config";
import { APP_TESTS } from "./vitest.config.ts";

// Whole generated apps: install, lint, typecheck, next build, PostgreSQL, next start, Playwright. Each app uses
// both cores, so files run one after another.
export default defineConfig({
  test: {
    include: APP_TESTS,
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
    fileParallelism: false,
  },
});
