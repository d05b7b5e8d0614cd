import { describe, expect, it } from "vitest";
import { REDACTED, containsSecret, redactSecrets } from "../../app/core/redact.ts";

// Fake credentials are assembled at run time so that secret scanners do not flag this file.
const alnum = (n: number) => "aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC".repeat(4).slice(0, n);
const githubClassic = `ghp_${alnum(36)}`;
const jwt = [
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
  "eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImFub24ifQ",
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
].join(".");
const pem = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEA7V8t",
  "q2lz0Yg7dJ==",
  "-----END RSA PRIVATE KEY-----",
].join("\n");

describe("redactSecrets", () => {
  it.each([
    ["GitHub classic token", `use ${githubClassic} to push`, `use ${REDACTED} to push`],
    ["GitHub OAuth token", `gho_${alnum(36)}`, REDACTED],
    ["GitHub app installation token", `token ghs_${alnum(36)}`, `token ${REDACTED}`],
    ["GitHub user-to-server token", `ghu_${alnum(36)}`, REDACTED],
    ["GitHub fine-grained PAT", `github_pat_11ABCDEFG0_${alnum(59)}`, REDACTED],
    ["OpenAI key", `key sk-${alnum(48)} end`, `key ${REDACTED} end`],
    ["OpenAI project key", `sk-proj-${alnum(40)}_${alnum(20)}`, REDACTED],
    ["AWS access key id", `AKIA${"IOSFODNN7EXAMPLE"}`, REDACTED],
    ["Slack bot token", `xoxb-${"1234567890"}-${alnum(24)}`, REDACTED],
    ["JWT", `anon key: ${jwt}`, `anon key: ${REDACTED}`],
    ["PEM private key block", `before\n${pem}\nafter`, `before\n${REDACTED}\nafter`],
    ["PEM block without END line", `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk`, REDACTED],
    ["password=", "DB password=hunter2 please", `DB password=${REDACTED} please`],
    ["env-style prefixed key", "DATABASE_PASSWORD=S3cr3t!x", `DATABASE_PASSWORD=${REDACTED}`],
    ["api_key: in YAML", "api_key: abc123def456", `api_key: ${REDACTED}`],
    ["quoted JSON token", '{"token": "abc def 123"}', `{"token": "${REDACTED}"}`],
    ["camelCase apiKey", "apiKey='k-12345678'", `apiKey='${REDACTED}'`],
    ["client_secret", "client_secret = 9f8e7d6c5b4a", `client_secret = ${REDACTED}`],
    ["Bearer header", "Authorization: Bearer abc.def-ghi_jkl", `Authorization: Bearer ${REDACTED}`],
    ["Basic header", "Authorization: Basic dXNlcjpwYXNzd29yZA==", `Authorization: Basic ${REDACTED}`],
    [
      "URL with credentials",
      "postgres://app:s3cret@db.example.com:5432/app",
      `postgres://${REDACTED}@db.example.com:5432/app`,
    ],
    [
      "https URL with credentials",
      "clone https://user:tok3n@github.com/o/r.git",
      `clone https://${REDACTED}@github.com/o/r.git`,
    ],
  ])("redacts a %s", (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    ["ordinary prose", "A CRM to track leads, tasks and deals; sketch a desk-lamp skeleton."],
    ["prose with a colon after 'password'", "Users sign in with email and password: simple."],
    ["counts of tokens", "max_tokens: 500, tokens: 12, token_count=3"],
    ["a UUID", "id 123e4567-e89b-12d3-a456-426614174000"],
    ["hex colours", "background #ffffff, primary #0F172A"],
    ["a git commit sha", "fixed in 6124b29a3f0c9d8e7b6a5f4e3d2c1b0a99887766"],
    ["sk- in ordinary words", "uses sk-learn and task-list"],
    ["an e-mail address", "write to ops@example.com"],
    ["a URL without credentials", "see https://example.com/docs?a=b#c and http://localhost:3000"],
    [
      "a manifest block",
      "```yaml appgen\nname: Vault\nentities:\n  - name: password\n    fields:\n      - { name: token, type: text }\n```",
    ],
    ["the word Bearer alone", "Bearer of good news"],
  ])("leaves %s alone", (_name, input) => {
    expect(redactSecrets(input)).toBe(input);
    expect(containsSecret(input)).toBe(false);
  });

  it("is idempotent", () => {
    const once = redactSecrets(`password=${githubClassic} api_key: "sk-${alnum(30)}" ${jwt}`);
    expect(once).toBe(`password=${REDACTED} api_key: "${REDACTED}" ${REDACTED}`);
    expect(redactSecrets(once)).toBe(once);
  });

  it("redacts every secret in a longer text", () => {
    const text = `Build a CRM.\nOPENAI_API_KEY=sk-proj-${alnum(40)}\nGITHUB_TOKEN=${githubClassic}\nColour: #ff8800`;
    const out = redactSecrets(text);
    expect(out).toBe(`Build a CRM.\nOPENAI_API_KEY=${REDACTED}\nGITHUB_TOKEN=${REDACTED}\nColour: #ff8800`);
    expect(containsSecret(text)).toBe(true);
  });

  // Before TOKEN_START, "a.a.a.…" of 200 kB took 45 s: every position restarted a scan to the end of the input.
  // A quadratic regression runs into the test timeout; the speed itself is measured by `npm run bench`.
  it.each([
    ["dotted words", "a."],
    ["dashed JWT prefixes", "eyJ-"],
    ["URL schemes", "ab+"],
    ["assignment keys", "x_password "],
  ])("finishes 1 MB of %s and leaves it unchanged", (_name, unit) => {
    const text = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
    expect(redactSecrets(text)).toBe(text);
  });
});
