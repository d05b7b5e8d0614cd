// The layering rules of docs/architecture.md, as a test: every import under app/ is read with the TypeScript
// compiler's parser (static imports, re-exports, import type and dynamic import() with a literal), resolved to a path
// or a package, and checked against the rules below. A table of synthetic imports shows each rule failing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/**
 * Libraries the core may use: pure computation on data, no I/O and no clients of outside services. Anything else a
 * core module needs comes in through app/core/ports.ts.
 */
export const CORE_LIBRARIES = [
  "ajv",
  "ajv-formats",
  "yaml",
  "diff",
  "pluralize",
  "color-name",
  "fflate",
  "typescript",
  "wink-nlp",
  "wink-eng-lite-web-model",
] as const;

/** Clients of outside services and runtimes: never in core, whatever the list above says. */
export const FORBIDDEN_IN_CORE = [
  "octokit",
  "@octokit/*",
  "openai",
  "probot",
  "bullmq",
  "ioredis",
  "postgres",
  "pino",
  "prom-client",
  "@actions/*",
] as const;

/** Who may import app/adapters/**: the composition root, the entry points, and the adapters themselves. */
export const ADAPTER_IMPORTERS = [
  "app/compose.ts",
  "app/server.ts",
  "app/worker.ts",
  "app/cli/",
  "app/adapters/",
] as const;

/**
 * Jobs (app/github/**) reach GitHub and the model only through ports (Forge, LlmModels): no client library. The job
 * runner, which authenticates as the installation and binds the forge, is the one exception.
 */
export const FORBIDDEN_IN_JOBS = ["octokit", "@octokit/*", "probot", "openai"] as const;
export const JOB_RUNNER = "app/github/run-job.ts";

/** The entry points: the only modules under app/ that read process.env (everything else gets settings passed in). */
export const ENV_READERS = ["app/server.ts", "app/worker.ts", "app/cli/main.ts"] as const;

export interface Import {
  /** The importing file, relative to the repository root (app/core/x.ts). */
  from: string;
  /** The specifier as written ("../ports.ts", "ajv/dist/2020.js", "node:fs"). */
  specifier: string;
}

/** What an import names: a file (relative to the root), a Node builtin, or a package. */
function target(
  item: Import,
): { kind: "file"; path: string } | { kind: "builtin" } | { kind: "package"; name: string } {
  const { specifier } = item;
  if (specifier.startsWith("."))
    return {
      kind: "file",
      path: relative(ROOT, resolve(ROOT, dirname(item.from), specifier))
        .split("\\")
        .join("/"),
    };
  if (specifier.startsWith("node:") || builtinModules.includes(specifier)) return { kind: "builtin" };
  const parts = specifier.split("/");
  return { kind: "package", name: specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier) };
}

function matches(name: string, pattern: string): boolean {
  return pattern.endsWith("/*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** Every rule an import breaks, worded with the fix. */
export function importViolations(imports: readonly Import[]): string[] {
  const violations: string[] = [];
  for (const item of imports) {
    const to = target(item);
    const where = `${item.from} imports '${item.specifier}'`;
    if (item.from.startsWith("app/core/")) {
      if (to.kind === "file" && !to.path.startsWith("app/core/") && !/^schemas\/[a-z-]+\.schema\.json$/.test(to.path)) {
        violations.push(
          `${where}: core imports nothing outside app/core (schemas/*.schema.json aside). Define the port it needs in app/core/ports.ts, or move the module into core if it is pure.`,
        );
      }
      if (to.kind === "package" && FORBIDDEN_IN_CORE.some((pattern) => matches(to.name, pattern))) {
        violations.push(
          `${where}: core never talks to GitHub, a model, a queue, a database or a logger. Reach it through a port in app/core/ports.ts, implemented in app/adapters.`,
        );
      } else if (to.kind === "package" && !(CORE_LIBRARIES as readonly string[]).includes(to.name)) {
        violations.push(
          `${where}: '${to.name}' is not one of core's pure libraries (${CORE_LIBRARIES.join(", ")}). Use one of them, or add it to CORE_LIBRARIES here if it is pure (no I/O, no service client).`,
        );
      }
    }
    if (
      item.from.startsWith("app/github/") &&
      item.from !== JOB_RUNNER &&
      to.kind === "package" &&
      FORBIDDEN_IN_JOBS.some((pattern) => matches(to.name, pattern))
    ) {
      violations.push(
        `${where}: jobs talk to GitHub and the model through ports only. Use the Forge (app/ports.ts) the job runner hands over, and let app/adapters/github-forge.ts make the request.`,
      );
    }
    if (
      to.kind === "file" &&
      to.path.startsWith("app/adapters/") &&
      !ADAPTER_IMPORTERS.some(
        (allowed) => item.from === allowed || (allowed.endsWith("/") && item.from.startsWith(allowed)),
      )
    ) {
      violations.push(
        `${where}: adapters are chosen by the composition root. Take the port (app/ports.ts) as a service and build the adapter in app/compose.ts.`,
      );
    }
  }
  return violations;
}

/** Every import of a TypeScript file, as written. */
export function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ from: file, specifier: node.moduleSpecifier.text });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ from: file, specifier: node.moduleReference.expression.text });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ from: file, specifier: node.arguments[0].text });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ from: file, specifier: node.argument.literal.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Whether the file reads process.env (a property access or an element access on it). */
export function readsProcessEnv(file: string, text: string): boolean {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === "env" &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "process"
    )
      reads = true;
    if (!reads) ts.forEachChild(node, visit);
  };
  visit(source);
  return reads;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|tsx)$/.test(name) ? [path] : [];
  });
}

const appFiles = sourceFiles("app");

describe("import boundaries", () => {
  it("reads the imports of every module under app/", () => {
    expect(appFiles.length).toBeGreaterThan(100);
    // Generated code inside template strings is text, not an import: the core renders `import … from "next"` often.
    const core = appFiles
      .filter((file) => file.startsWith("app/core/"))
      .flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), "utf8")));
    expect(core.map((i) => i.specifier)).not.toContain("next");
    expect(core).toContainEqual({ from: "app/core/fix/plan.ts", specifier: "../ports.ts" });
  });

  it("app/ keeps every rule: core is pure, jobs use ports, adapters are chosen by the composition root", () => {
    const imports = appFiles.flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), "utf8")));
    expect(importViolations(imports)).toEqual([]);
  });

  it("only the entry points read process.env", () => {
    const readers = appFiles.filter((file) => readsProcessEnv(file, readFileSync(join(ROOT, file), "utf8")));
    expect(readers.sort()).toEqual([...ENV_READERS].sort());
  });

  it.each<[string, Import, RegExp[]]>([
    ["core importing core", { from: "app/core/stages/db/index.ts", specifier: "../../manifest/index.ts" }, []],
    ["core importing its ports", { from: "app/core/fix/plan.ts", specifier: "../ports.ts" }, []],
    ["core importing a schema", { from: "app/core/config.ts", specifier: "../../schemas/config.schema.json" }, []],
    ["core importing a builtin", { from: "app/core/card.ts", specifier: "node:crypto" }, []],
    ["core importing a pure library by a subpath", { from: "app/core/jobs.ts", specifier: "ajv/dist/2020.js" }, []],
    [
      "core importing the shell's ports",
      { from: "app/core/fix/plan.ts", specifier: "../../ports.ts" },
      [/core imports nothing outside app\/core/],
    ],
    [
      "core importing an adapter",
      { from: "app/core/pipeline/pipeline.ts", specifier: "../../adapters/github-host.ts" },
      [/core imports nothing outside app\/core/, /adapters are chosen by the composition root/],
    ],
    [
      "core importing the settings",
      { from: "app/core/limits.ts", specifier: "../settings.ts" },
      [/core imports nothing outside app\/core/],
    ],
    [
      "core importing openai",
      { from: "app/core/planners/llm-planner.ts", specifier: "openai" },
      [/core never talks to GitHub, a model/],
    ],
    ["core importing octokit", { from: "app/core/card.ts", specifier: "octokit" }, [/core never talks to GitHub/]],
    [
      "core importing an @octokit package",
      { from: "app/core/card.ts", specifier: "@octokit/rest" },
      [/core never talks to GitHub/],
    ],
    ["core importing probot", { from: "app/core/runs.ts", specifier: "probot" }, [/core never talks/]],
    ["core importing bullmq", { from: "app/core/jobs.ts", specifier: "bullmq" }, [/core never talks/]],
    ["core importing ioredis", { from: "app/core/jobs.ts", specifier: "ioredis" }, [/core never talks/]],
    ["core importing postgres", { from: "app/core/runs.ts", specifier: "postgres" }, [/core never talks/]],
    ["core importing pino", { from: "app/core/runs.ts", specifier: "pino" }, [/core never talks/]],
    [
      "core importing @actions/core",
      { from: "app/core/diagnostics/index.ts", specifier: "@actions/core" },
      [/core never talks/],
    ],
    [
      "core importing an unlisted library",
      { from: "app/core/naming.ts", specifier: "lodash" },
      [/'lodash' is not one of core's pure libraries/],
    ],
    [
      "a handler importing an adapter",
      { from: "app/handlers/deps.ts", specifier: "../adapters/file-run-store.ts" },
      [/adapters are chosen by the composition root/],
    ],
    [
      "a job importing an adapter",
      { from: "app/github/autofix.ts", specifier: "../adapters/github-host.ts" },
      [/adapters are chosen by the composition root/],
    ],
    [
      "the dashboard importing an adapter",
      { from: "app/web/dashboard.ts", specifier: "../adapters/postgres-run-store.ts" },
      [/adapters are chosen by the composition root/],
    ],
    [
      "a job importing probot",
      { from: "app/github/autofix.ts", specifier: "probot" },
      [/jobs talk to GitHub and the model through ports only/],
    ],
    [
      "a job importing an @octokit package",
      { from: "app/github/logs.ts", specifier: "@octokit/rest" },
      [/jobs talk to GitHub/],
    ],
    [
      "a job importing openai",
      { from: "app/github/planners.ts", specifier: "openai" },
      [/jobs talk to GitHub and the model/],
    ],
    ["the job runner importing probot (it authenticates)", { from: "app/github/run-job.ts", specifier: "probot" }, []],
    ["a job importing pino (a logger is not a service)", { from: "app/github/deploy.ts", specifier: "pino" }, []],
    [
      "the composition root importing an adapter",
      { from: "app/compose.ts", specifier: "./adapters/github-host.ts" },
      [],
    ],
    [
      "the CLI importing an adapter",
      { from: "app/cli/generate-command.ts", specifier: "../adapters/local-host.ts" },
      [],
    ],
    ["the server importing an adapter", { from: "app/server.ts", specifier: "./adapters/file-run-store.ts" }, []],
    [
      "an adapter importing an adapter",
      { from: "app/adapters/local-checks.ts", specifier: "./postgres-cluster.ts" },
      [],
    ],
  ])("%s", (_name, item, violations) => {
    expect(importViolations([item])).toEqual(violations.map((violation) => expect.stringMatching(violation)));
  });

  it("finds every form of import, and process.env reads", () => {
    const text = [
      `import a from "a";`,
      `import type { B } from "b";`,
      `export { c } from "c";`,
      `export * from "d";`,
      `const e = await import("e");`,
      `type F = import("f").F;`,
      `import g = require("g");`,
      'const text = `import h from "h"`;',
    ].join("\n");
    expect(importsOf("app/x.ts", text).map((i) => i.specifier)).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(readsProcessEnv("app/x.ts", "const port = process.env.PORT;")).toBe(true);
    expect(readsProcessEnv("app/x.ts", "const { PORT } = process.env;")).toBe(true);
    expect(readsProcessEnv("app/x.ts", "const env = settings.env; process.cwd();")).toBe(false);
  });
});
