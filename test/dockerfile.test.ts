// No Docker engine runs here, so the image is checked by reading its Dockerfile: stages, base image, the user it
// runs as, no secrets baked in, every copied path present, and the server's import graph needing only the
// production dependencies the image installs.
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

interface Instruction {
  stage: number;
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, " ");
  const out: Instruction[] = [];
  let stage = -1;
  for (const raw of joined.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [keyword = "", ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage++;
    out.push({ stage, keyword: keyword.toUpperCase(), args: rest.join(" ") });
  }
  return out;
}

const dockerfile = instructions(readFileSync("Dockerfile", "utf8"));
const dockerignore = readFileSync(".dockerignore", "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const finalStage = Math.max(...dockerfile.map((i) => i.stage));
const final = dockerfile.filter((i) => i.stage === finalStage);

describe("Dockerfile", () => {
  it("has a dependency stage and a runtime stage, both on node:20-bookworm-slim", () => {
    const froms = dockerfile.filter((i) => i.keyword === "FROM").map((i) => i.args);
    expect(froms).toEqual(["node:20-bookworm-slim AS deps", "node:20-bookworm-slim AS runtime"]);
    expect(final.some((i) => i.keyword === "COPY" && i.args.startsWith("--from=deps /app/node_modules"))).toBe(true);
  });

  it("installs production dependencies only, from the lockfile, and tsx is one of them", () => {
    const install = dockerfile.find((i) => i.keyword === "RUN" && /npm (ci|install)/.test(i.args));
    expect(install?.stage).toBe(0);
    expect(install?.args).toContain("--omit=dev");
    expect(packageJson.dependencies.tsx).toBeDefined();
  });

  it("runs as the unprivileged node user, after every root-only step", () => {
    const users = final.filter((i) => i.keyword === "USER").map((i) => i.args);
    expect(users.at(-1)).toBe("node");
    const lastUser = final.findLastIndex((i) => i.keyword === "USER");
    expect(final.slice(lastUser).some((i) => i.keyword === "RUN")).toBe(false);
  });

  it("installs git and starts the server through tini", () => {
    expect(final.find((i) => i.keyword === "RUN" && i.args.includes("apt-get install"))?.args).toMatch(/\bgit\b/);
    expect(final.find((i) => i.keyword === "ENTRYPOINT")?.args).toBe('["/usr/bin/tini", "--"]');
    const command = JSON.parse(final.find((i) => i.keyword === "CMD")!.args) as string[];
    expect(command).toEqual(["node", "--import", "tsx", "app/server.ts"]);
    expect(existsSync(command.at(-1)!)).toBe(true);
  });

  it("bakes in no secrets", () => {
    const secret = /(PRIVATE_KEY|WEBHOOK_SECRET|API_KEY|TOKEN|PASSWORD|REDIS_URL|DATABASE_URL)/i;
    for (const instruction of dockerfile.filter((i) => i.keyword === "ENV" || i.keyword === "ARG"))
      expect(instruction.args).not.toMatch(secret);
    for (const instruction of dockerfile.filter((i) => i.keyword === "COPY"))
      expect(instruction.args).not.toMatch(/\.env|\.pem/);
    expect(dockerignore).toEqual(expect.arrayContaining([".git", "node_modules", ".env", ".env.*", "*.pem"]));
  });

  it("copies only paths that exist and that .dockerignore lets through", () => {
    const copies = final.filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from"));
    const sources = copies.flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(existsSync(source), source).toBe(true);
      const ignoredExactly = dockerignore.includes(source) || dockerignore.includes(source.split("/")[0]!);
      const reincluded = dockerignore.includes(`!${source}`);
      expect(!ignoredExactly || reincluded, `${source} is excluded by .dockerignore`).toBe(true);
    }
  });

  it.each(["app/server.ts", "app/worker.ts"])("%s imports only production dependencies", async (entry) => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const packages = new Set<string>();
    for (const input of Object.values(result.metafile.inputs)) {
      for (const imported of input.imports) {
        if (!imported.external) continue;
        const path = imported.path;
        if (path.startsWith("node:") || builtinModules.includes(path.split("/")[0]!)) continue;
        packages.add(path.startsWith("@") ? path.split("/").slice(0, 2).join("/") : path.split("/")[0]!);
      }
    }
    expect(packages.size).toBeGreaterThan(3);
    const notInstalled = [...packages].filter((name) => !packageJson.dependencies[name]);
    expect(notInstalled).toEqual([]);
  });
});
