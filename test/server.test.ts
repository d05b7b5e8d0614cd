import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "../app/server.ts";
import { readSettings } from "../app/settings.ts";

const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
const dir = mkdtempSync(join(tmpdir(), "appgen-server-"));
writeFileSync(join(dir, "app.pem"), pem);
writeFileSync(join(dir, "bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = { APP_ID: "12345", PRIVATE_KEY_PATH: "app.pem", WEBHOOK_SECRET: "s3cret" };

describe("server", () => {
  it("serves health, rejects unsigned webhooks, and closes", async () => {
    const result = readSettings(
      { ...valid, PORT: "1", LOG_LEVEL: "silent", APPGEN_GENERATIONS_PER_DAY: "7" },
      { cwd: dir },
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const running = await startServer({ ...result.settings, port: 0, host: "127.0.0.1" });
    try {
      // The handlers get the ceilings read at start-up, not whatever process.env holds later.
      expect(running.deps.limits).toEqual({
        generationsPerDay: 7,
        llmTokensPerDay: undefined,
        defaultModel: "gpt-4o-mini",
        models: ["gpt-4o-mini"],
      });
      const base = `http://127.0.0.1:${running.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      const unsigned = await fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": "d1",
          "x-hub-signature-256": "sha256=00",
        },
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
    expect(Object.keys(manifest).sort()).toEqual([
      "callback_urls",
      "default_events",
      "default_permissions",
      "description",
      "hook_attributes",
      "name",
      "public",
      "url",
    ]);
    expect(manifest.default_permissions).toEqual({
      contents: "write",
      pull_requests: "write",
      issues: "write",
      checks: "write",
      actions: "write",
      workflows: "write",
      deployments: "read",
      metadata: "read",
      members: "read",
    });
    expect(manifest.callback_urls).toEqual([expect.stringMatching(/\/appgen\/auth\/callback$/)]);
    expect(manifest.default_events).toEqual([
      "issues",
      "issue_comment",
      "pull_request",
      "check_suite",
      "workflow_run",
      "deployment_status",
    ]);
    expect(manifest.hook_attributes.url).toMatch(/\/api\/github\/webhooks$/);
  });
});
