// The dependency checks against recorded pnpm 12 output (test/fixtures/tool-output): `pnpm audit --prod --json` of a
// generated app against a stand-in advisory endpoint (the report's shape is pnpm's; the two advisories are made up,
// since this machine's registry has no audit endpoint), its real answers offline and from a registry without the
// endpoint (405), and `pnpm licenses list --prod --json` of a generated app as it is and with a GPL package added.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  auditVerdict,
  DEFAULT_LICENSE_POLICY,
  diagnoseStep,
  licenseAllowed,
  licensesVerdict,
  packageAllowed,
} from "../../../app/core/diagnostics/index.ts";
import { licensePolicyFromConfig, resolveConfig } from "../../../app/core/config.ts";
import { DEFAULT_OPERATOR_LIMITS } from "../../../app/core/limits.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tool-output/${name}`, import.meta.url), "utf8");

describe("auditVerdict", () => {
  it.each([
    {
      name: "a high advisory fails, a moderate one warns",
      output: fixture("pnpm-audit-vulnerable.json"),
      status: "failed",
      errors: 1,
      warnings: 1,
      summary: "1 high, 1 moderate advisories in 179 production dependencies (fails at high)",
    },
    {
      name: "no advisories passes",
      output: fixture("pnpm-audit-clean.json"),
      status: "passed",
      errors: 0,
      warnings: 0,
      summary: "no advisories in 179 production dependencies",
    },
    {
      name: "no network is a skip",
      output: fixture("pnpm-audit-offline.txt"),
      status: "skipped",
      errors: 0,
      warnings: 0,
      summary: "skipped: audit endpoint unreachable (connection refused)",
    },
    {
      name: "a registry without the endpoint is a skip",
      output: fixture("pnpm-audit-405.txt"),
      status: "skipped",
      errors: 0,
      warnings: 0,
      summary: "skipped: audit endpoint unreachable (the registry answered 405)",
    },
    {
      name: "the report amid other output is found",
      output: `WARN something\n${fixture("pnpm-audit-vulnerable.json")}\n`,
      status: "failed",
      errors: 1,
      warnings: 1,
      summary: "1 high, 1 moderate advisories in 179 production dependencies (fails at high)",
    },
    {
      name: "another pnpm error fails with it",
      output: fixture("pnpm-fetch-404.txt"),
      status: "failed",
      errors: 1,
      warnings: 0,
      summary: "pnpm audit gave no report",
    },
    {
      name: "no output at all fails",
      output: "",
      status: "failed",
      errors: 1,
      warnings: 0,
      summary: "pnpm audit gave no report",
    },
  ])("$name", ({ output, status, errors, warnings, summary }) => {
    const verdict = auditVerdict(output);
    expect(verdict.status).toBe(status);
    expect(verdict.summary).toBe(summary);
    expect(verdict.diagnostics.filter((d) => d.severity === "error")).toHaveLength(errors);
    expect(verdict.diagnostics.filter((d) => d.severity === "warning")).toHaveLength(warnings);
    expect(verdict.diagnostics.every((d) => d.step === "audit")).toBe(true);
  });

  it("names the package, severity, title, URL, fixed version and path of each advisory, most severe first", () => {
    expect(auditVerdict(fixture("pnpm-audit-vulnerable.json")).diagnostics).toEqual([
      {
        step: "audit",
        severity: "error",
        code: "GHSA-xxxx-yyyy-zzzz",
        file: "pnpm-lock.yaml",
        message:
          "postgres 3.4.9: high — SQL injection through crafted identifiers in postgres\nvulnerable: <3.4.10; fixed in >=3.4.10\nhttps://github.com/advisories/GHSA-xxxx-yyyy-zzzz\nthrough postgres",
      },
      {
        step: "audit",
        severity: "warning",
        code: "GHSA-aaaa-bbbb-cccc",
        file: "pnpm-lock.yaml",
        message:
          "caniuse-lite 1.0.30001826: moderate — Regular expression denial of service in caniuse-lite\nvulnerable: <=1.0.30001826; fixed in >=1.0.30001827\nhttps://github.com/advisories/GHSA-aaaa-bbbb-cccc\nthrough next › caniuse-lite",
      },
    ]);
  });

  it("fails a lower level when asked, and says when no fix exists", () => {
    const report = JSON.parse(fixture("pnpm-audit-vulnerable.json")) as {
      advisories: Record<string, { patched_versions: string | null }>;
    };
    for (const advisory of Object.values(report.advisories)) advisory.patched_versions = null;
    const verdict = auditVerdict(JSON.stringify(report), "moderate");
    expect(verdict.diagnostics.map((d) => d.severity)).toEqual(["error", "error"]);
    expect(verdict.diagnostics.map((d) => d.message.split("\n")[1])).toEqual([
      "vulnerable: <3.4.10; no fixed version published",
      "vulnerable: <=1.0.30001826; no fixed version published",
    ]);
  });
});

describe("licensesVerdict", () => {
  it("passes a generated app's own dependencies with the default allow-list", () => {
    const verdict = licensesVerdict(fixture("pnpm-licenses.json"));
    expect(verdict).toEqual({
      status: "passed",
      summary: "149 production dependencies, 8 licences, all allowed",
      diagnostics: [],
    });
  });

  it("fails a GPL dependency with a readable diagnosis, and passes a dual licence on its permissive side", () => {
    const verdict = licensesVerdict(fixture("pnpm-licenses-gpl.json"));
    expect(verdict.status).toBe("failed");
    expect(verdict.summary).toBe("1 of 151 production dependencies not allowed");
    expect(verdict.diagnostics).toEqual([
      {
        step: "licenses",
        severity: "error",
        code: "license-not-allowed",
        file: "package.json",
        message:
          "readline-gpl 2.1.0: GPL-3.0-only is not on the licence allow-list\nhttps://example.org/readline-gpl\nreplace the dependency, or after review allow it in .github/appgen.yml (licenses.allow_packages, or its licence in licenses.allow)",
      },
    ]);
  });

  it.each<{ name: string; policy: { allow: readonly string[]; allowPackages: readonly string[] }; failing: string[] }>([
    {
      name: "the libvips exception removed",
      policy: { allow: DEFAULT_LICENSE_POLICY.allow, allowPackages: [] },
      failing: ["@img/sharp-libvips-linux-x64", "readline-gpl"],
    },
    {
      name: "the GPL package allowed by name",
      policy: { allow: DEFAULT_LICENSE_POLICY.allow, allowPackages: ["@img/sharp-libvips-*", "readline-gpl"] },
      failing: [],
    },
    {
      name: "GPL-3.0-only allowed",
      policy: { allow: [...DEFAULT_LICENSE_POLICY.allow, "GPL-3.0-only"], allowPackages: ["@img/*"] },
      failing: [],
    },
    {
      name: "only MIT",
      policy: { allow: ["MIT"], allowPackages: [] },
      failing: ["@img/sharp-libvips-linux-x64", "caniuse-lite", "postgres", "readline-gpl", "tslib"],
    },
  ])("with $name", ({ policy, failing }) => {
    const verdict = licensesVerdict(fixture("pnpm-licenses-gpl.json"), policy);
    const names = [...new Set(verdict.diagnostics.map((d) => d.message.split(" ")[0]))];
    expect(names.filter((n) => failing.includes(n!)).sort()).toEqual(failing);
    if (policy.allow.length === 1)
      expect(names.length).toBeGreaterThan(failing.length); // Apache-2.0, ISC, BSD… too
    else expect(names).toEqual(failing);
    expect(verdict.status).toBe(failing.length ? "failed" : "passed");
  });

  it.each([
    { output: "", summary: "pnpm licenses gave no report" },
    { output: fixture("pnpm-outdated-lockfile.txt"), summary: "pnpm licenses gave no report" },
  ])("fails without a report ($summary)", ({ output, summary }) => {
    const verdict = licensesVerdict(output);
    expect(verdict.status).toBe("failed");
    expect(verdict.summary).toBe(summary);
    expect(verdict.diagnostics.length).toBeGreaterThan(0);
  });

  it("is what diagnoseStep reports for the steps", () => {
    expect(diagnoseStep({ step: "licenses", log: fixture("pnpm-licenses-gpl.json"), failed: true })).toEqual(
      licensesVerdict(fixture("pnpm-licenses-gpl.json")).diagnostics,
    );
    expect(diagnoseStep({ step: "audit", log: fixture("pnpm-audit-offline.txt"), failed: true })).toEqual([]);
  });
});

describe("licenseAllowed", () => {
  const allow = ["MIT", "Apache-2.0", "BSD-3-Clause"];
  it.each([
    ["MIT", true],
    ["mit", true],
    ["GPL-3.0-only", false],
    ["(MIT OR GPL-3.0)", true],
    ["(GPL-2.0 OR GPL-3.0)", false],
    ["MIT AND Apache-2.0", true],
    ["MIT AND GPL-2.0", false],
    ["(MIT AND BSD-3-Clause) OR GPL-2.0", true],
    ["MIT AND (GPL-2.0 OR Apache-2.0)", true],
    ["Apache-2.0 WITH LLVM-exception", true],
    ["Apache-2.0+", true],
    ["UNKNOWN", false],
    ["SEE LICENSE IN LICENSE.md", false],
    ["(MIT", false],
    ["MIT OR", false],
    ["", false],
  ] as const)("%s → %s", (expression, expected) => {
    expect(licenseAllowed(expression, allow)).toBe(expected);
  });

  it.each([
    ["@img/sharp-libvips-linux-x64", ["@img/sharp-libvips-*"], true],
    ["@img/sharp-linux-x64", ["@img/sharp-libvips-*"], false],
    ["readline-gpl", ["readline-gpl"], true],
    ["readline-gplx", ["readline-gpl"], false],
    ["a.b", ["a*b"], true],
  ] as const)("package %s against %j → %s", (name, patterns, expected) => {
    expect(packageAllowed(name, patterns)).toBe(expected);
  });
});

describe("licenses in .github/appgen.yml", () => {
  it.each([
    { name: "no file", raw: undefined, expected: DEFAULT_LICENSE_POLICY },
    { name: "no licenses key", raw: { label: "generate" }, expected: DEFAULT_LICENSE_POLICY },
    {
      name: "an allow-list",
      raw: { licenses: { allow: ["MIT"] } },
      expected: { allow: ["MIT"], allowPackages: DEFAULT_LICENSE_POLICY.allowPackages },
    },
    {
      name: "both",
      raw: { licenses: { allow: ["MIT", "ISC"], allow_packages: ["readline-gpl"] } },
      expected: { allow: ["MIT", "ISC"], allowPackages: ["readline-gpl"] },
    },
  ])("$name", ({ raw, expected }) => {
    expect(licensePolicyFromConfig(raw)).toEqual(expected);
    const resolved = resolveConfig(raw, DEFAULT_OPERATOR_LIMITS).licenses;
    expect(resolved).toEqual({ allow: [...expected.allow], allowPackages: [...expected.allowPackages] });
  });

  it.each([
    { raw: { licenses: { allow: [] } }, path: "/licenses/allow" },
    { raw: { licenses: { allow: ["MIT OR GPL"] } }, path: "/licenses/allow/0" },
    { raw: { licenses: { allow_packages: ["Bad Name"] } }, path: "/licenses/allow_packages/0" },
    { raw: { licenses: { deny: ["GPL-3.0"] } }, path: "/licenses" },
  ])("refuses $raw.licenses at $path", ({ raw, path }) => {
    expect(() => licensePolicyFromConfig(raw)).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", problems: [expect.objectContaining({ path })] }),
    );
  });
});
