// readSettings: every variable the server and the workers read, checked at once, each problem naming the variable and the fix.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSettings } from "../app/settings.ts";

const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
const dir = mkdtempSync(join(tmpdir(), "appgen-settings-"));
writeFileSync(join(dir, "app.pem"), pem);
writeFileSync(join(dir, "bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = { APP_ID: "12345", PRIVATE_KEY_PATH: "app.pem", WEBHOOK_SECRET: "s3cret" };

describe("start-up environment", () => {
  it("accepts the minimal environment with defaults", () => {
    const result = readSettings(valid, { cwd: dir });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings).toMatchObject({
      appId: 12345,
      port: 3000,
      logLevel: "info",
      baseUrl: "https://api.github.com",
    });
    expect(result.settings.llm).toBeUndefined();
    expect(result.settings.privateKey).toBe(pem);
  });

  it.each([
    ["PRIVATE_KEY inline with \\n escapes", { PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: pem.replace(/\n/g, "\\n") }],
    ["PRIVATE_KEY as base64", { PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: Buffer.from(pem).toString("base64") }],
  ])("accepts %s", (_name, extra) => {
    const result = readSettings({ ...valid, ...extra }, { cwd: dir });
    expect(result.ok && result.settings.privateKey.trim()).toBe(pem.trim());
  });

  it("points at GitHub Enterprise Server and an LLM", () => {
    const result = readSettings(
      {
        ...valid,
        GHE_HOST: "ghe.example.com:8443",
        GHE_PROTOCOL: "http",
        PORT: "8080",
        LOG_LEVEL: "DEBUG",
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
        APPGEN_LLM_MODEL: "llama3.1",
      } as unknown as NodeJS.ProcessEnv,
      { cwd: dir },
    );
    expect(result.ok && result.settings).toMatchObject({
      baseUrl: "http://ghe.example.com:8443/api/v3",
      port: 8080,
      logLevel: "debug",
      llm: { model: "llama3.1", baseURL: "http://127.0.0.1:11434/v1" },
    });
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
    [
      { GHE_HOST: "https://ghe.example.com/" },
      /^GHE_HOST 'https:\/\/ghe\.example\.com\/' is not a host name\. Give only the host/,
    ],
    [{ GHE_HOST: "ghe.example.com", GHE_PROTOCOL: "ftp" }, /^GHE_PROTOCOL 'ftp' must be https or http/],
    [{ GHE_PROTOCOL: "http" }, /^GHE_PROTOCOL is set but GHE_HOST is not/],
    [
      { OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: "localhost:11434" },
      /^OPENAI_BASE_URL 'localhost:11434' is not an http\(s\) URL/,
    ],
    [{ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }, /^OPENAI_BASE_URL is set but OPENAI_API_KEY is not/],
    [{ DATABASE_URL: "mysql://db/appgen" }, /^DATABASE_URL is not a PostgreSQL URL\. Use postgres:\/\//],
    [{ GITHUB_CLIENT_ID: "Iv1.abc" }, /^GITHUB_CLIENT_SECRET is not set but GITHUB_CLIENT_ID is\. Set both/],
    [{ GITHUB_CLIENT_SECRET: "shh" }, /^GITHUB_CLIENT_ID is not set but GITHUB_CLIENT_SECRET is/],
    [{ APPGEN_ADMIN_TOKEN: "short" }, /^APPGEN_ADMIN_TOKEN is shorter than 32 characters/],
    [{ APPGEN_SESSION_SECRET: "short" }, /^APPGEN_SESSION_SECRET is shorter than 32 characters/],
    [{ APPGEN_OPERATORS: "octocat, not a login" }, /^APPGEN_OPERATORS holds 'not a login'/],
    [
      { APPGEN_PUBLIC_URL: "https://appgen.example.com/dashboard" },
      /^APPGEN_PUBLIC_URL 'https:\/\/appgen\.example\.com\/dashboard' is not an origin/,
    ],
    [
      { APPGEN_GENERATIONS_PER_DAY: "fifty" },
      /^APPGEN_GENERATIONS_PER_DAY 'fifty' is not a positive whole number\. Set the most generations/,
    ],
    [{ APPGEN_LLM_TOKENS_PER_DAY: "1.5M" }, /^APPGEN_LLM_TOKENS_PER_DAY '1\.5M' is not a positive whole number/],
    [
      { APPGEN_LLM_MODELS: "llama3.1" },
      /^APPGEN_LLM_MODELS \(llama3\.1\) does not list APPGEN_LLM_MODEL 'gpt-4o-mini' \(its default\)/,
    ],
    [{ APPGEN_LLM_MODEL: "llama3.1", APPGEN_LLM_MODELS: "qwen2.5,," }, /^APPGEN_LLM_MODELS holds an empty name/],
  ])("rejects %j naming the variable and the fix", (change, message) => {
    const result = readSettings({ ...valid, ...change } as NodeJS.ProcessEnv, { cwd: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(message);
  });

  it("reads the operator's ceilings: the defaults, and every variable", () => {
    const defaults = readSettings(valid, { cwd: dir });
    expect(defaults.ok && defaults.settings.limits).toEqual({
      generationsPerDay: 50,
      llmTokensPerDay: undefined,
      defaultModel: "gpt-4o-mini",
      models: ["gpt-4o-mini"],
    });
    const set = readSettings(
      {
        ...valid,
        APPGEN_GENERATIONS_PER_DAY: "10",
        APPGEN_LLM_TOKENS_PER_DAY: "500000",
        APPGEN_LLM_MODEL: "llama3.1",
        APPGEN_LLM_MODELS: "llama3.1,qwen2.5-coder:32b",
      },
      { cwd: dir },
    );
    expect(set.ok && set.settings.limits).toEqual({
      generationsPerDay: 10,
      llmTokensPerDay: 500_000,
      defaultModel: "llama3.1",
      models: ["llama3.1", "qwen2.5-coder:32b"],
    });
  });

  it("keeps runs in APPGEN_DATA_DIR by default, in PostgreSQL with DATABASE_URL, and reads the dashboard's access", () => {
    const defaults = readSettings(valid, { cwd: dir });
    expect(defaults.ok && defaults.settings.runStore).toEqual({
      kind: "file",
      path: join(dir, ".appgen-data", "runs.jsonl"),
    });
    expect(defaults.ok && defaults.settings.dashboard).toMatchObject({ operators: [] });
    expect(defaults.ok && defaults.settings.dashboard?.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(defaults.ok && defaults.settings.dashboard?.oauth).toBeUndefined();
    // The derived session secret is stable across restarts.
    const again = readSettings(valid, { cwd: dir });
    expect(again.ok && again.settings.dashboard?.sessionSecret).toBe(
      defaults.ok && defaults.settings.dashboard?.sessionSecret,
    );

    const result = readSettings(
      {
        ...valid,
        DATABASE_URL: "postgres://appgen:pw@db:5432/appgen",
        APPGEN_DATA_DIR: "/ignored",
        GHE_HOST: "ghe.example.com",
        GITHUB_CLIENT_ID: "Iv1.abc",
        GITHUB_CLIENT_SECRET: "shh",
        APPGEN_ADMIN_TOKEN: "t".repeat(40),
        APPGEN_OPERATORS: "octocat, hubot",
        APPGEN_PUBLIC_URL: "https://appgen.example.com/",
      },
      { cwd: dir },
    );
    expect(result.ok && result.settings.runStore).toEqual({
      kind: "postgres",
      connectionString: "postgres://appgen:pw@db:5432/appgen",
    });
    expect(result.ok && result.settings.dashboard).toMatchObject({
      adminToken: "t".repeat(40),
      operators: ["octocat", "hubot"],
      oauth: { clientId: "Iv1.abc", clientSecret: "shh", apiUrl: "https://ghe.example.com/api/v3" },
      publicUrl: "https://appgen.example.com",
    });
    const dataDir = readSettings({ ...valid, APPGEN_DATA_DIR: "/var/lib/appgen" }, { cwd: dir });
    expect(dataDir.ok && dataDir.settings.runStore).toEqual({ kind: "file", path: "/var/lib/appgen/runs.jsonl" });
  });

  it("reports every problem at once", () => {
    const result = readSettings({}, { cwd: dir });
    expect(!result.ok && result.problems.map((p) => p.split(" ")[0])).toEqual([
      "APP_ID",
      "PRIVATE_KEY",
      "WEBHOOK_SECRET",
    ]);
  });

  it("never echoes the API key", () => {
    const result = readSettings(
      { ...valid, OPENAI_API_KEY: "sk-secret-123456789", OPENAI_BASE_URL: "nope" },
      { cwd: dir },
    );
    expect(JSON.stringify(result)).not.toContain("sk-secret-123456789");
  });
});

describe("the settings schema", () => {
  it("holds what readSettings builds from every variable, for a server and a worker", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const schema = (await import("../schemas/settings.schema.json", { with: { type: "json" } })).default;
    const check = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const env = {
      ...valid,
      HOST: "127.0.0.1",
      GHE_HOST: "ghe.example.com",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      APPGEN_LLM_MODEL: "llama3.1",
      APPGEN_LLM_MODELS: "llama3.1,qwen2.5",
      APPGEN_LLM_TOKENS_PER_DAY: "1000",
      APPGEN_LLM_USD_PER_MILLION_TOKENS: "0.5",
      REDIS_URL: "redis://127.0.0.1:6379",
      DATABASE_URL: "postgres://db/appgen",
      GITHUB_CLIENT_ID: "Iv1.abc",
      GITHUB_CLIENT_SECRET: "shh",
      APPGEN_ADMIN_TOKEN: "t".repeat(40),
      APPGEN_OPERATORS: "octocat",
      APPGEN_PUBLIC_URL: "https://appgen.example.com",
      APPGEN_WORKER_CONCURRENCY: "3",
      APPGEN_WORKER_METRICS_PORT: "9100",
    };
    for (const role of ["server", "worker"] as const) {
      const result = readSettings(env, { cwd: dir, role });
      if (!result.ok) throw new Error(result.problems.join("\n"));
      expect(check(result.settings), JSON.stringify(check.errors)).toBe(true);
      expect(result.settings.worker).toEqual(role === "worker" ? { concurrency: 3, metricsPort: 9100 } : undefined);
      expect(result.settings.usdPerMillionTokens).toBe(0.5);
    }
    // The schema is strict: a value the reader should never build is refused.
    expect(check({ ...readSettingsOk(env), port: 70_000 })).toBe(false);
  });
});

function readSettingsOk(env: Record<string, string>) {
  const result = readSettings(env, { cwd: dir });
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.settings;
}
