// `npm run screenshots`: the pictures in the README, made from the product itself so they cannot drift from it.
// 1. The README's CRM prompt through the offline planner into a generated app, built and started on a throwaway
//    PostgreSQL, signed in through its local sign-in, photographed in Debian's Chromium (list, form, dashboard,
//    phone width).
// 2. A whole generation on the in-memory forge: its real progress comment and pull-request body, rendered as GitHub
//    shows Markdown (marked's GitHub-flavoured Markdown with github-markdown-css).
// 3. appgen's own dashboard page with example runs.
// Fixed inputs (prompt, seed, sign-in address, run times, browser clock, DejaVu fonts from Debian) keep a re-run
// visually the same; PNGs at device scale 1 keep the repository small.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

import { Marked } from "marked";
import markedAlert from "marked-alert";
import { pino } from "pino";
import { chromium, type Browser, type Page } from "playwright-core";

import { freePort } from "../app/adapters/free-port.ts";
import { pnpmCommand } from "../app/adapters/local-checks.ts";
import { startPostgres } from "../app/adapters/postgres-cluster.ts";
import { DEFAULT_CONFIG } from "../app/core/config.ts";
import { planFromPrompt } from "../app/core/planners/offline/index.ts";
import { PROGRESS_MARKER } from "../app/core/progress.ts";
import { runStatistics } from "../app/core/run-stats.ts";
import type { RunRecord } from "../app/core/runs.ts";
import { renderOpenApi } from "../app/core/stages/api/index.ts";
import { renderDatabase } from "../app/core/stages/db/index.ts";
import { renderProject } from "../app/core/stages/files/index.ts";
import { renderUiSpec } from "../app/core/stages/ui/index.ts";
import { runGeneration } from "../app/github/generation.ts";
import { dashboardPage } from "../app/web/pages.ts";
import { MemoryForge } from "../test/helpers/memory-forge.ts";

/** The quick-start prompt of the README, word for word (a test keeps the two equal). */
export const README_PROMPT =
  "A CRM to track leads, companies and deals. Papaya whip background and dark orange buttons.";
/** The pictures the README shows, in the order they are made. */
export const IMAGES = [
  "app-list.png",
  "app-form.png",
  "app-dashboard.png",
  "app-phone.png",
  "progress-comment.png",
  "pull-request.png",
  "appgen-dashboard.png",
] as const;

const OUT_DIR = join(import.meta.dirname, "..", "docs", "images");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const EMOJI_FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";
const FIXED_TIME = new Date("2026-12-01T10:00:00Z");
const DESKTOP = { width: 1100, height: 700 };
const PHONE = { width: 390, height: 760 };

async function main(): Promise<void> {
  for (const [path, what] of [
    [CHROMIUM, "Chromium (Debian package chromium; `npm run setup` installs it)"],
    [FONT, "the DejaVu fonts (Debian package fonts-dejavu-core; `npm run setup` installs it)"],
    [EMOJI_FONT, "an emoji font (Debian package fonts-noto-color-emoji; `npm run setup` installs it)"],
  ] as const) {
    if (!existsSync(path)) throw new Error(`npm run screenshots needs ${what}: ${path} is missing`);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--font-render-hinting=none"],
  });
  try {
    // --skip-app keeps the app's pictures and remakes the others (seconds instead of a build).
    if (!process.argv.includes("--skip-app")) await appShots(browser);
    await markdownShots(browser);
    await dashboardShot(browser);
  } finally {
    await browser.close();
  }
  let total = 0;
  for (const name of IMAGES) {
    const size = statSync(join(OUT_DIR, name)).size;
    total += size;
    console.log(`${name.padEnd(24)} ${(size / 1024).toFixed(0).padStart(5)} KB`);
  }
  console.log(`${"in all".padEnd(24)} ${(total / 1024).toFixed(0).padStart(5)} KB (docs/images/)`);
}

/** Generates, builds and starts the README's app, then photographs it as a signed-in person sees it. */
async function appShots(browser: Browser): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "appgen-screenshots-"));
  const pnpm = pnpmCommand();
  const env = { ...process.env, PATH: [pnpm.binDir, process.env.PATH].join(delimiter), NEXT_TELEMETRY_DISABLED: "1" };
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(pnpm.file, [...pnpm.prefix, ...args], { cwd: dir, env: { ...env, ...extra }, stdio: "pipe" });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`pnpm ${args.join(" ")} failed (${code}):\n${output.slice(-4000)}`)),
      );
    });
  const cluster = await startPostgres({ searchPath: process.env.PATH });
  let server: ChildProcess | undefined;
  try {
    const manifest = planFromPrompt(README_PROMPT);
    const artifacts = [...renderDatabase(manifest), renderOpenApi(manifest), renderUiSpec(manifest)];
    for (const file of renderProject(manifest, artifacts)) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
    console.log("generated the README's CRM; installing and building it (about a minute)");
    await run(["install", "--frozen-lockfile", "--prefer-offline"]);
    const databaseUrl = await cluster.createDatabase("app");
    await run(["db:setup"], { DATABASE_URL: databaseUrl });
    await run(["build"]);
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = spawn(pnpm.file, [...pnpm.prefix, "exec", "next", "start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: dir,
      env: {
        ...env,
        DATABASE_URL: databaseUrl,
        ALLOW_LOCAL_SIGN_IN: "true",
        AUTH_SECRET: randomBytes(24).toString("hex"),
      },
      stdio: "ignore",
    });
    await waitForHttp(`${origin}/sign-in`);

    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, baseURL: origin });
    const page = await context.newPage();
    await page.clock.setFixedTime(FIXED_TIME);
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill("ada@example.test");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("current-user").waitFor();
    const lead = manifest.entities[0]!;
    await shot(page, `/${lead.path}`, "app-list.png");
    const deal = manifest.entities.find((e) => e.name === "deal") ?? lead;
    await shot(page, `/${deal.path}/new`, "app-form.png");
    await shot(page, "/", "app-dashboard.png");
    await page.setViewportSize(PHONE);
    await shot(page, `/${lead.path}`, "app-phone.png");
    await context.close();
  } finally {
    server?.kill("SIGTERM");
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function shot(page: Page, path: string, name: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  // Fonts and the toaster settle before the picture, so two runs take the same one.
  await page.evaluate("document.fonts.ready");
  await page.screenshot({ path: join(OUT_DIR, name), animations: "disabled", caret: "hide" });
}

async function waitForHttp(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

/** A whole generation on the in-memory forge; its progress comment and pull request, as GitHub renders them. */
async function markdownShots(browser: Browser): Promise<void> {
  const forge = new MemoryForge();
  await forge
    .branch("main")
    .commit({ parent: undefined, message: "Initial commit", changes: [{ path: "LICENSE", content: "MIT\n" }] });
  const progress = await forge.createComment(1, `${PROGRESS_MARKER}\nqueued`);
  let clock = 0;
  const result = await runGeneration({
    forge,
    log: pino({ level: "silent" }),
    repository: {
      owner: forge.owner,
      repo: forge.repo,
      htmlUrl: "https://github.com/octo-org/crm",
      defaultBranch: "main",
    },
    issueNumber: 1,
    trigger: { kind: "label", title: "A CRM", body: README_PROMPT },
    config: DEFAULT_CONFIG,
    models: undefined,
    comment: { issueNumber: 1, id: progress.id },
    progressIntervalMs: 0,
    // A clock that moves on by a fixed step per reading: stage times look real and stay the same on every run.
    now: () => (clock += 61),
  });
  if (result.status !== "done") throw new Error(`the example generation did not finish: ${JSON.stringify(result)}`);
  const comment = forge.comments.find((c) => c.id === progress.id)?.body ?? "";
  const body = forge.pulls[0]?.body ?? "";
  await markdownShot(browser, comment, "progress-comment.png");
  await markdownShot(browser, body, "pull-request.png");
}

async function markdownShot(browser: Browser, markdown: string, name: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const css = readFileSync(require.resolve("github-markdown-css/github-markdown-light.css"), "utf8");
  // GitHub-flavoured Markdown, with GitHub's alert blocks ("> [!NOTE]").
  const html = await new Marked({ gfm: true }).use(markedAlert()).parse(markdown);
  const page = await browser.newPage({ viewport: { width: 860, height: 600 }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body{margin:0;background:#fff}.markdown-body{box-sizing:border-box;width:860px;padding:24px 32px;font-family:"DejaVu Sans","Noto Color Emoji",sans-serif}
.markdown-body code,.markdown-body pre{font-family:"DejaVu Sans Mono",monospace}</style></head>
<body><article class="markdown-body">${html}</article></body></html>`,
  );
  // Long bodies are cut at a screen's height: the top is what a reviewer sees first.
  const box = await page.locator("article").boundingBox();
  await page.screenshot({
    path: join(OUT_DIR, name),
    clip: { x: 0, y: 0, width: 860, height: Math.min(box?.height ?? 600, 900) },
    fullPage: true,
    animations: "disabled",
  });
  await page.close();
}

/** appgen's dashboard with example runs of three repositories. */
async function dashboardShot(browser: Browser): Promise<void> {
  const at = (minutes: number) => new Date(FIXED_TIME.getTime() - minutes * 60_000).toISOString();
  const stages = (ms: number[]): RunRecord["stages"] =>
    (["plan", "db", "api", "ui", "files"] as const).map((stage, i) => ({
      stage,
      status: "committed",
      durationMs: ms[i] ?? 0,
    }));
  const run = (
    n: number,
    repository: string,
    issueNumber: number,
    fields: Partial<RunRecord> & Pick<RunRecord, "status" | "check">,
  ): RunRecord => ({
    id: `example-${n}`,
    installationId: 1,
    repository,
    repositoryUrl: `https://github.com/${repository}`,
    issueNumber,
    requestedBy: "ada",
    trigger: "label",
    queuedAt: at(n * 47),
    startedAt: at(n * 47 - 0.1),
    finishedAt: at(n * 47 - 0.4),
    stages: stages([220, 35, 20, 15, 180]),
    tokens: 0,
    planner: "offline",
    autofixAttempts: 0,
    ...fields,
  });
  const runs: RunRecord[] = [
    run(1, "octo-org/crm", 1, {
      status: "done",
      check: "passing",
      pullRequest: { number: 2, url: "https://github.com/octo-org/crm/pull/2" },
      deployUrl: "https://crm-octo-org.vercel.app",
      app: {
        name: "CRM",
        description: "",
        counts: { entities: 3, pages: 10, roles: 1 },
        theme: { background: "#ffefd5", primary: "#ff8c00" },
      },
    }),
    run(2, "octo-org/field-service", 4, {
      status: "done",
      check: "passing",
      trigger: "regenerate",
      planner: "llm",
      model: "gpt-4.1-mini",
      tokens: 14_200,
      costUsd: 0.021,
      autofixAttempts: 1,
      pullRequest: { number: 5, url: "https://github.com/octo-org/field-service/pull/5" },
    }),
    run(3, "octo-org/library", 9, {
      status: "running",
      check: "pending",
      finishedAt: undefined,
      stages: stages([240, 40]).slice(0, 2),
    }),
    run(4, "octo-org/library", 7, {
      status: "failed",
      check: "unknown",
      error: { code: "CONFIG_INVALID", message: ".github/appgen.yml: runs_on must be a list of runner labels" },
      stages: [],
    }),
  ].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as RunRecord);
  const html = dashboardPage({
    chrome: { login: "ada" },
    csrf: "example",
    choice: { period: "7d" },
    repository: undefined,
    repositories: [...new Set(runs.map((r) => r.repository))].sort(),
    runs,
    hiddenRuns: 0,
    stats: runStatistics(runs),
    canRerun: (r) => r.status === "failed",
    queue: {
      jobs: [{ id: "42", key: "octo-org/library#9", state: "active", attempts: 1, enqueuedAt: at(3) }],
      counts: { waiting: 0, active: 1, delayed: 0, failed: 0 },
      canRetry: true,
    },
    seesNothing: false,
    flash: undefined,
  });
  const page = await browser.newPage({ viewport: DESKTOP, deviceScaleFactor: 1 });
  await page.clock.setFixedTime(FIXED_TIME);
  await page.setContent(html);
  await page.screenshot({ path: join(OUT_DIR, "appgen-dashboard.png"), fullPage: true, animations: "disabled" });
  await page.close();
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
