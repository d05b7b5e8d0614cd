// The dependency checks: `pnpm audit --prod --json` (advisories of the production dependencies) and
// `pnpm licenses list --prod --json` (their licences against an allow-list). Pure: `appgen check` and the diagnose
// Action give these functions the tools' output and get the step's verdict. Their failures are reported like every
// other check but are never sent to the auto-fix model (see DEPENDENCY_STEPS in app/core/fix/plan.ts): a vulnerable or
// non-allowed dependency is a person's decision, not a code change.
import type { Diagnostic, Step } from "../schema-types/diagnostics.ts";
import { parsePnpmOutput } from "./pnpm.ts";
import { diagnostic, plainLines } from "./text.ts";

/** What a dependency step comes to: passed, failed, or skipped when its tool could not ask what it needs. */
export interface StepVerdict {
  status: "passed" | "failed" | "skipped";
  summary?: string;
  diagnostics: Diagnostic[];
}

export type AuditSeverity = "info" | "low" | "moderate" | "high" | "critical";
const SEVERITIES: readonly AuditSeverity[] = ["info", "low", "moderate", "high", "critical"];
/** Advisories at or above this severity fail the audit; the others are warnings. */
export const AUDIT_FAIL_LEVEL: AuditSeverity = "high";

/** The command both `appgen check` and the CI workflow run (exit 1 at or above --audit-level). */
export const AUDIT_COMMAND = `pnpm audit --prod --json --audit-level ${AUDIT_FAIL_LEVEL}`;
export const LICENSES_COMMAND = "pnpm licenses list --prod --json";

/**
 * pnpm 12 asks the registry's bulk advisory endpoint; a registry mirror without it (405), no network or no DNS all
 * end in ERR_PNPM_AUDIT_BAD_RESPONSE (ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS in older pnpm). The audit then says nothing
 * about the dependencies, so the step is skipped with the reason rather than failed.
 */
const UNREACHABLE = /\bERR_PNPM_AUDIT_(?:BAD_RESPONSE|ENDPOINT_NOT_EXISTS)\b/;

interface AuditAdvisory {
  id?: number;
  title?: string;
  module_name?: string;
  severity?: string;
  url?: string;
  github_advisory_id?: string;
  vulnerable_versions?: string;
  patched_versions?: string | null;
  findings?: { version?: string; paths?: string[] }[];
}

/**
 * The audit's verdict from its output (stdout, or stdout and stderr interleaved: the JSON document is found in it).
 * One diagnostic per advisory — package and version, severity, title, URL, the fixed versions and a dependency
 * path — errors at or above AUDIT_FAIL_LEVEL, warnings below it. Most severe first.
 */
export function auditVerdict(output: string, failLevel: AuditSeverity = AUDIT_FAIL_LEVEL): StepVerdict {
  const unreachable = UNREACHABLE.exec(output);
  const report = jsonDocument(output) as
    { advisories?: Record<string, AuditAdvisory>; metadata?: { totalDependencies?: number } } | undefined;
  if (!report || typeof report !== "object" || report.advisories === undefined) {
    if (unreachable)
      return {
        status: "skipped",
        summary: `skipped: audit endpoint unreachable (${unreachableReason(output)})`,
        diagnostics: [],
      };
    const found = parsePnpmOutput(output, { step: "audit" });
    return {
      status: "failed",
      summary: "pnpm audit gave no report",
      diagnostics: found.length
        ? found
        : [
            diagnostic({
              step: "audit",
              severity: "error",
              code: "audit-no-report",
              message: `pnpm audit printed no JSON report:\n${tail(output)}`,
            }),
          ],
    };
  }
  const threshold = SEVERITIES.indexOf(failLevel);
  const advisories = Object.values(report.advisories ?? {}).filter(
    (a): a is AuditAdvisory => typeof a === "object" && a !== null,
  );
  const rank = (a: AuditAdvisory) => SEVERITIES.indexOf((a.severity ?? "") as AuditSeverity);
  advisories.sort((a, b) => rank(b) - rank(a) || String(a.module_name).localeCompare(String(b.module_name)));
  const diagnostics = advisories.map((advisory) => {
    const versions = [
      ...new Set((advisory.findings ?? []).map((f) => f.version).filter((v): v is string => typeof v === "string")),
    ];
    // The shortest path says best why the package is there (pnpm lists them in no fixed order).
    const path = (advisory.findings ?? [])
      .flatMap((f) => f.paths ?? [])
      .sort((a, b) => a.split(">").length - b.split(">").length || a.localeCompare(b))[0];
    const pkg = `${advisory.module_name ?? "(unknown package)"}${versions.length ? ` ${versions.join(", ")}` : ""}`;
    const fixed = advisory.patched_versions ? `fixed in ${advisory.patched_versions}` : "no fixed version published";
    return diagnostic({
      step: "audit",
      severity: rank(advisory) >= threshold ? "error" : "warning",
      code: advisory.github_advisory_id ?? (advisory.id === undefined ? undefined : `advisory-${advisory.id}`),
      file: "pnpm-lock.yaml",
      message: [
        `${pkg}: ${advisory.severity ?? "unknown"} — ${advisory.title ?? "(no title)"}`,
        `vulnerable: ${advisory.vulnerable_versions ?? "?"}; ${fixed}`,
        ...(advisory.url ? [advisory.url] : []),
        ...(path ? [`through ${path.replace(/^\.>/, "").split(">").join(" › ")}`] : []),
      ].join("\n"),
    });
  });
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const counts = SEVERITIES.slice()
    .reverse()
    .map((severity) => [severity, advisories.filter((a) => a.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  const total = report.metadata?.totalDependencies;
  const of = typeof total === "number" ? ` in ${total} production dependencies` : "";
  return {
    status: errors ? "failed" : "passed",
    summary: advisories.length
      ? `${counts.join(", ")} advisor${advisories.length === 1 ? "y" : "ies"}${of}${errors ? ` (fails at ${failLevel})` : ""}`
      : `no advisories${of}`,
    diagnostics,
  };
}

function unreachableReason(output: string): string {
  const text = plainLines(output)
    .map((line) => line.replace(/^[\s│├╰─▶×]*/u, "").trim())
    .filter(Boolean)
    .join(" ");
  const status = /responded with (\d{3})/.exec(text)?.[1];
  if (status) return `the registry answered ${status}`;
  const cause = /(Connection refused|dns error|timed out|Network is unreachable|certificate)/i.exec(text)?.[1];
  return cause ? cause.toLowerCase() : "no answer";
}

export interface LicensePolicy {
  /** SPDX identifiers a dependency may have. */
  allow: readonly string[];
  /** Package names allowed whatever their licence; `*` matches any characters. */
  allowPackages: readonly string[];
}

/**
 * Permissive licences: no copyleft and no obligation beyond keeping the notice (CC-BY-4.0 is caniuse-lite's data,
 * attribution only; Python-2.0 is argparse's). Copyleft — GPL, LGPL, AGPL, MPL, EPL — is left to a person.
 */
export const DEFAULT_LICENSE_POLICY: LicensePolicy = {
  allow: [
    "MIT",
    "MIT-0",
    "ISC",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "Apache-2.0",
    "0BSD",
    "BlueOak-1.0.0",
    "CC0-1.0",
    "Unlicense",
    "Python-2.0",
    "CC-BY-4.0",
    "Zlib",
  ],
  // libvips (LGPL-3.0-or-later) is the shared library sharp loads, unmodified, for next's image optimisation.
  allowPackages: ["@img/sharp-libvips-*"],
};

interface LicensedPackage {
  name?: string;
  versions?: string[];
  license?: string;
  homepage?: string;
}

/**
 * The licence check's verdict from `pnpm licenses list --json` (licence → packages). A package passes when its
 * licence expression is satisfied by the allow-list or its name is allowed; one error per other package.
 */
export function licensesVerdict(output: string, policy: LicensePolicy = DEFAULT_LICENSE_POLICY): StepVerdict {
  const report = jsonDocument(output);
  if (!report || typeof report !== "object" || Array.isArray(report)) {
    const found = parsePnpmOutput(output, { step: "licenses" });
    return {
      status: "failed",
      summary: "pnpm licenses gave no report",
      diagnostics: found.length
        ? found
        : [
            diagnostic({
              step: "licenses",
              severity: "error",
              code: "licenses-no-report",
              message: `pnpm licenses list printed no JSON report:\n${tail(output)}`,
            }),
          ],
    };
  }
  const packages = Object.entries(report as Record<string, unknown>).flatMap(([group, list]) =>
    Array.isArray(list)
      ? (list as LicensedPackage[]).map((pkg) => ({
          ...pkg,
          license: typeof pkg.license === "string" && pkg.license ? pkg.license : group,
        }))
      : [],
  );
  const diagnostics: Diagnostic[] = [];
  const licences = new Set<string>();
  for (const pkg of packages) {
    licences.add(pkg.license);
    if (licenseAllowed(pkg.license, policy.allow) || packageAllowed(pkg.name ?? "", policy.allowPackages)) continue;
    const versions = (pkg.versions ?? []).join(", ");
    diagnostics.push(
      diagnostic({
        step: "licenses",
        severity: "error",
        code: "license-not-allowed",
        file: "package.json",
        message: [
          `${pkg.name ?? "(unnamed package)"}${versions ? ` ${versions}` : ""}: ${pkg.license} is not on the licence allow-list`,
          ...(pkg.homepage ? [pkg.homepage] : []),
          "replace the dependency, or after review allow it in .github/appgen.yml (licenses.allow_packages, or its licence in licenses.allow)",
        ].join("\n"),
      }),
    );
  }
  diagnostics.sort((a, b) => a.message.localeCompare(b.message));
  const n = packages.length;
  return {
    status: diagnostics.length ? "failed" : "passed",
    summary: diagnostics.length
      ? `${diagnostics.length} of ${n} production dependenc${n === 1 ? "y" : "ies"} not allowed`
      : `${n} production dependenc${n === 1 ? "y" : "ies"}, ${licences.size} licence${licences.size === 1 ? "" : "s"}, all allowed`,
    diagnostics,
  };
}

/**
 * Whether an SPDX expression is satisfied by the allowed identifiers: `A OR B` needs one side, `A AND B` both,
 * parentheses group, `X WITH exception` and `X+` count as X (an exception or a later version only adds permissions).
 * Anything that is not an expression (UNKNOWN, "SEE LICENSE IN …", a URL) is not allowed. Case-insensitive.
 */
export function licenseAllowed(expression: string, allow: readonly string[]): boolean {
  const allowed = new Set(allow.map((id) => id.toLowerCase()));
  const tokens = expression.replace(/[()]/g, " $& ").trim().split(/\s+/).filter(Boolean);
  let index = 0;
  const peek = () => tokens[index]?.toUpperCase();
  // or := and ("OR" and)* ; and := atom ("AND" atom)* ; atom := "(" or ")" | id ["WITH" id]
  const parseOr = (): boolean | undefined => {
    let value = parseAnd();
    while (value !== undefined && peek() === "OR") {
      index++;
      const right = parseAnd();
      if (right === undefined) return undefined;
      value = value || right;
    }
    return value;
  };
  const parseAnd = (): boolean | undefined => {
    let value = parseAtom();
    while (value !== undefined && peek() === "AND") {
      index++;
      const right = parseAtom();
      if (right === undefined) return undefined;
      value = value && right;
    }
    return value;
  };
  const parseAtom = (): boolean | undefined => {
    const token = tokens[index++];
    if (token === undefined) return undefined;
    if (token === "(") {
      const value = parseOr();
      if (tokens[index++] !== ")") return undefined;
      return value;
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(token) || ["AND", "OR", "WITH"].includes(token.toUpperCase()))
      return undefined;
    if (peek() === "WITH") index += 2;
    return allowed.has(token.replace(/\+$/, "").toLowerCase());
  };
  const result = parseOr();
  return result === true && index === tokens.length;
}

export function packageAllowed(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*")}$`).test(name),
  );
}

/** The JSON document in a tool's output: all of it, or from the first line that opens one to the last that closes it. */
function jsonDocument(output: string): unknown {
  const text = output.trim();
  try {
    return JSON.parse(text);
  } catch {
    const lines = plainLines(output);
    const start = lines.findIndex((line) => line === "{" || line === "[");
    const end = lines.findLastIndex((line) => line === "}" || line === "]");
    if (start < 0 || end < start) return undefined;
    try {
      return JSON.parse(lines.slice(start, end + 1).join("\n"));
    } catch {
      return undefined;
    }
  }
}

function tail(output: string): string {
  const lines = plainLines(output).filter((line) => line.trim());
  return lines.length ? lines.slice(-15).join("\n") : "(no output)";
}

/** The dependency steps: reported like the others, never given to the fix model. */
export const DEPENDENCY_STEPS: ReadonlySet<Step> = new Set<Step>(["audit", "licenses"]);
