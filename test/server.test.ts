import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readServerConfig, startServer } from "../app/server.ts";

const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const dir = mkdtempSync(join(tmpdir(), "appgen-server-"));
writeFileSync(join(dir, "app.pem"), pem);
writeFileSync(join(dir, "bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = { APP_ID: "12345", PRIVATE_KEY_PATH: "app.pem", WEBHOOK_SECRET: "s3cret" };

describe("start-up environment", () => {
  it("accepts the minimal environment with defaults", () => {
    const result = readServerConfig(valid, dir);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ appId: 12345, port: 3000, logLevel: "info", baseUrl: "https://api.github.com", llm: undefined });
    expect(result.config.privateKey).toBe(pem);
  });

  it.each([
    ["PRIVATE_KEY inline with \\n escapes", { PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: pem.replace(/\n/g, "\\n") }],
    ["PRIVATE_KEY as base64", { PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: Buffer.from(pem).toString("base64") }],
  ])("accepts %s", (_name, extra) => {
    const result = readServerConfig({ ...valid, ...extra }, dir);
    expect(result.ok && result.config.privateKey.trim()).toBe(pem.trim());
  });

  it("points at GitHub Enterprise Server and an LLM", () => {
    const result = readServerConfig({ ...valid, GHE_HOST: "ghe.example.com:8443", GHE_PROTOCOL: "http", PORT: "8080", LOG_LEVEL: "DEBUG", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", APPGEN_LLM_MODEL: "llama3.1" } as unknown as NodeJS.ProcessEnv, dir);
    expect(result.ok && result.config).toMatchObject({ baseUrl: "http://ghe.example.com:8443/api/v3", port: 8080, logLevel: "debug", llm: { model: "llama3.1", baseURL: "http://127.0.0.1:11434/v1" } });
  });

  it.each([
    [{ APP_ID: undefined }, /^APP_ID is not set\. Set it to the App ID/],
    [{ APP_ID: "Iv1.abc" }, /^APP_ID 'Iv1\.abc' is not a number/],
    [{ PRIVATE_KEY_PATH: undefined }, /^PRIVATE_KEY and PRIVATE_KEY_PATH are both unset/],
    [{ PRIVATE_KEY_PATH: "missing.pem" }, /^PRIVATE_KEY_PATH does not hold a usable PEM private key \(ENOENT/],
    [{ PRIVATE_KEY_PATH: "bad.pem" }, /^PRIVATE_KEY_PATH does not hold a usable PEM private key/],
    [{ PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: "hello" }, /^PRIVATE_KEY does not hold a usable PEM private key/],
    [{ WEBHOOK_SECRET: "" }, /^WEBHOOK_SECRET is not set/],
    [{ PORT: "http" }, /^PORT 'http' is not a port number/],
    [{ PORT: "70000" }, /^PORT '70000' is not a port number/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL 'loud' is not a level\. Use one of trace, debug/],
    [{ GHE_HOST: "https://ghe.example.com/" }, /^GHE_HOST 'https:\/\/ghe\.example\.com\/' is not a host name\. Give only the host/],
    [{ GHE_HOST: "ghe.example.com", GHE_PROTOCOL: "ftp" }, /^GHE_PROTOCOL 'ftp' must be https or http/],
    [{ GHE_PROTOCOL: "http" }, /^GHE_PROTOCOL is set but GHE_HOST is not/],
    [{ OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: "localhost:11434" }, /^OPENAI_BASE_URL 'localhost:11434' is not an http\(s\) URL/],
    [{ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }, /^OPENAI_BASE_URL is set but OPENAI_API_KEY is not/],
    [{ DATABASE_URL: "mysql://db/appgen" }, /^DATABASE_URL is not a PostgreSQL URL\. Use postgres:\/\//],
    [{ GITHUB_CLIENT_ID: "Iv1.abc" }, /^GITHUB_CLIENT_SECRET is not set but GITHUB_CLIENT_ID is\. Set both/],
    [{ GITHUB_CLIENT_SECRET: "shh" }, /^GITHUB_CLIENT_ID is not set but GITHUB_CLIENT_SECRET is/],
    [{ APPGEN_ADMIN_TOKEN: "short" }, /^APPGEN_ADMIN_TOKEN is shorter than 32 characters/],
    [{ APPGEN_SESSION_SECRET: "short" }, /^APPGEN_SESSION_SECRET is shorter than 32 characters/],
    [{ APPGEN_OPERATORS: "octocat, not a login" }, /^APPGEN_OPERATORS holds 'not a login'/],
    [{ APPGEN_PUBLIC_URL: "https://appgen.example.com/dashboard" }, /^APPGEN_PUBLIC_URL 'https:\/\/appgen\.example\.com\/dashboard' is not an origin/],
    [{ APPGEN_GENERATIONS_PER_DAY: "fifty" }, /^APPGEN_GENERATIONS_PER_DAY 'fifty' is not a positive whole number\. Set the most generations/],
    [{ APPGEN_LLM_TOKENS_PER_DAY: "1.5M" }, /^APPGEN_LLM_TOKENS_PER_DAY '1\.5M' is not a positive whole number/],
    [{ APPGEN_LLM_MODELS: "llama3.1" }, /^APPGEN_LLM_MODELS \(llama3\.1\) does not list APPGEN_LLM_MODEL 'gpt-4o-mini' \(its default\)/],
    [{ APPGEN_LLM_MODEL: "llama3.1", APPGEN_LLM_MODELS: "qwen2.5,," }, /^APPGEN_LLM_MODELS holds an empty name/],
  ])("rejects %j naming the variable and the fix", (change, message) => {
    const result = readServerConfig({ ...valid, ...change } as NodeJS.ProcessEnv, dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(message);
  });

  it("reads the operator's ceilings: the defaults, and every variable", () => {
    const defaults = readServerConfig(valid, dir);
    expect(defaults.ok && defaults.config.limits).toEqual({ generationsPerDay: 50, llmTokensPerDay: undefined, defaultModel: "gpt-4o-mini", models: ["gpt-4o-mini"] });
    const set = readServerConfig({ ...valid, APPGEN_GENERATIONS_PER_DAY: "10", APPGEN_LLM_TOKENS_PER_DAY: "500000", APPGEN_LLM_MODEL: "llama3.1", APPGEN_LLM_MODELS: "llama3.1,qwen2.5-coder:32b" }, dir);
    expect(set.ok && set.config.limits).toEqual({ generationsPerDay: 10, llmTokensPerDay: 500_000, defaultModel: "llama3.1", models: ["llama3.1", "qwen2.5-coder:32b"] });
  });

  it("keeps runs in APPGEN_DATA_DIR by default, in PostgreSQL with DATABASE_URL, and reads the dashboard's access", () => {
    const defaults = readServerConfig(valid, dir);
    expect(defaults.ok && defaults.config.runStore).toEqual({ kind: "file", path: join(dir, ".appgen-data", "runs.jsonl") });
    expect(defaults.ok && defaults.config.dashboard).toMatchObject({ operators: [] });
    expect(defaults.ok && defaults.config.dashboard?.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(defaults.ok && defaults.config.dashboard?.oauth).toBeUndefined();
    // The derived session secret is stable across restarts.
    const again = readServerConfig(valid, dir);
    expect(again.ok && again.config.dashboard?.sessionSecret).toBe(defaults.ok && defaults.config.dashboard?.sessionSecret);

    const result = readServerConfig(
      { ...valid, DATABASE_URL: "postgres://appgen:pw@db:5432/appgen", APPGEN_DATA_DIR: "/ignored", GHE_HOST: "ghe.example.com", GITHUB_CLIENT_ID: "Iv1.abc", GITHUB_CLIENT_SECRET: "shh", APPGEN_ADMIN_TOKEN: "t".repeat(40), APPGEN_OPERATORS: "octocat, hubot", APPGEN_PUBLIC_URL: "https://appgen.example.com/" },
      dir,
    );
    expect(result.ok && result.config.runStore).toEqual({ kind: "postgres", connectionString: "postgres://appgen:pw@db:5432/appgen" });
    expect(result.ok && result.config.dashboard).toMatchObject({
      adminToken: "t".repeat(40),
      operators: ["octocat", "hubot"],
      oauth: { clientId: "Iv1.abc", clientSecret: "shh", apiUrl: "https://ghe.example.com/api/v3" },
      publicUrl: "https://appgen.example.com",
    });
    const dataDir = readServerConfig({ ...valid, APPGEN_DATA_DIR: "/var/lib/appgen" }, dir);
    expect(dataDir.ok && dataDir.config.runStore).toEqual({ kind: "file", path: "/var/lib/appgen/runs.jsonl" });
  });

  it("reports every problem at once", () => {
    const result = readServerConfig({}, dir);
    expect(!result.ok && result.problems.map((p) => p.split(" ")[0])).toEqual(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]);
  });

  it("never echoes the API key", () => {
    const result = readServerConfig({ ...valid, OPENAI_API_KEY: "sk-secret-123456789", OPENAI_BASE_URL: "nope" }, dir);
    expect(JSON.stringify(result)).not.toContain("sk-secret-123456789");
  });
});

describe("server", () => {
  it("serves health, rejects unsigned webhooks, and closes", async () => {
    const result = readServerConfig({ ...valid, PORT: "1", LOG_LEVEL: "silent", APPGEN_GENERATIONS_PER_DAY: "7" }, dir);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const running = await startServer({ ...result.config, port: 0, host: "127.0.0.1" });
    try {
      // The handlers get the ceilings read at start-up, not whatever process.env holds later.
      expect(running.deps.limits).toEqual({ generationsPerDay: 7, llmTokensPerDay: undefined, defaultModel: "gpt-4o-mini", models: ["gpt-4o-mini"] });
      const base = `http://127.0.0.1:${running.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      const unsigned = await fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d1", "x-hub-signature-256": "sha256=00" },
        body: "{}",
      });
      expect(unsigned.status).toBe(400);
    } finally {
      await running.close();
    }
    expect(running.server.listening).toBe(false);
  });
});

describe("app.yml", () => {
  it("asks for the permissions and events the design lists, in GitHub's manifest format", async () => {
    const { parse } = await import("yaml");
    const { readFileSync } = await import("node:fs");
    const manifest = parse(readFileSync(new URL("../app.yml", import.meta.url), "utf8"));
    expect(Object.keys(manifest).sort()).toEqual(["callback_urls", "default_events", "default_permissions", "description", "hook_attributes", "name", "public", "url"]);
    expect(manifest.default_permissions).toEqual({ contents: "write", pull_requests: "write", issues: "write", checks: "write", actions: "write", workflows: "write", deployments: "read", metadata: "read", members: "read" });
    expect(manifest.callback_urls).toEqual([expect.stringMatching(/\/appgen\/auth\/callback$/)]);
    expect(manifest.default_events).toEqual(["issues", "issue_comment", "pull_request", "check_suite", "workflow_run", "deployment_status"]);
    expect(manifest.hook_attributes.url).toMatch(/\/api\/github\/webhooks$/);
  });
});
