import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.PORT ?? 3000);
const baseURL = process.env.BASE_URL ?? `http://127.0.0.1:${port}`;

// Debian's Chromium where CHROMIUM_PATH is set (no browser download needed); Playwright's own browser otherwise.
const chromiumPath = process.env.CHROMIUM_PATH;
const launchOptions = chromiumPath
  ? {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    }
  : {};

export default defineConfig({
  testDir: "./e2e",
  // The pull request's pictures are taken by their own CI step once every check passed (APPGEN_SCREENSHOTS names the
  // folder); the checks themselves leave them out rather than count them as skipped.
  testIgnore: process.env.APPGEN_SCREENSHOTS ? [] : ["**/screenshots.spec.ts"],
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/report.json" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  // Set BASE_URL to test a server that is already running (appgen check starts its own).
  webServer: process.env.BASE_URL
    ? undefined
    : { command: `pnpm start --port ${port}`, url: baseURL, reuseExistingServer: !process.env.CI, timeout: 120_000 },
});
