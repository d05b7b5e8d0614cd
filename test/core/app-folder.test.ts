import { describe, expect, it } from "vitest";
import { appFolderProblem } from "../../app/core/app-folder.ts";
import { AppgenError } from "../../app/core/errors.ts";
import { inAppFolder, normaliseRoot } from "../../app/core/pipeline/pipeline.ts";

describe("appFolderProblem", () => {
  it.each([
    ["/etc", /not a relative folder/],
    ["C:/apps", /not a relative folder/],
    ["apps\\crm", /not a relative folder/],
    ["apps//crm", /empty segment/],
    ["apps/crm/", /empty segment/],
    ["..", /'\.' or '\.\.' segment/],
    ["apps/../..", /'\.' or '\.\.' segment/],
    ["./apps", /'\.' or '\.\.' segment/],
    [".git", /'\.git', which belongs to git or GitHub/],
    [".git/hooks", /inside '\.git'/],
    [".github", /'\.github', which belongs/],
    [".github/workflows", /inside '\.github'/],
    [".GITHUB/actions", /inside '\.GITHUB'/],
    [".Git", /inside '\.Git'/],
    [".gitfoo/app", /inside '\.gitfoo'/],
    [".github-pages", /inside '\.github-pages'/],
  ])("refuses %j", (folder, message) => {
    const problem = appFolderProblem(folder);
    expect(problem?.message).toMatch(message);
    expect(problem?.fix).toContain("apps/crm");
  });

  it.each(["", "apps/crm", "apps/.github", "apps/.git", "git/app", "github", "my.app", "...", ".config/app"])(
    "accepts %j",
    (folder) => {
      expect(appFolderProblem(folder)).toBeUndefined();
    },
  );
});

describe("normaliseRoot (appgen generate --root, and every join of the app folder)", () => {
  it.each([
    ["", ""],
    [".", ""],
    ["./", ""],
    ["apps/crm", "apps/crm"],
    ["./apps/crm/", "apps/crm"],
    ["apps/crm///", "apps/crm"],
  ])("accepts the command line's spelling %j as %j", (root, expected) => {
    expect(normaliseRoot(root)).toBe(expected);
  });

  it.each([
    ["../elsewhere", /'\.' or '\.\.' segment/],
    ["apps/../../x", /'\.' or '\.\.' segment/],
    ["apps/./crm", /'\.' or '\.\.' segment/],
    ["/abs", /not a relative folder/],
    [".github", /belongs to git or GitHub/],
    ["./.github/workflows", /inside '\.github'/],
    [".Git", /inside '\.Git'/],
    [".gitmodules", /starting with \.git/],
  ])("refuses %j by the same rule as config.path", (root, message) => {
    let error: unknown;
    try {
      normaliseRoot(root);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppgenError);
    expect((error as AppgenError).code).toBe("USAGE");
    expect((error as AppgenError).message).toMatch(message);
    expect((error as AppgenError).message).toContain(appFolderProblem(root.replace(/^(\.\/)+/, ""))!.message);
  });

  it("joins paths only inside an accepted folder", () => {
    expect(inAppFolder("apps/crm", "appgen/manifest.json")).toBe("apps/crm/appgen/manifest.json");
    expect(() => inAppFolder(".github", "appgen/manifest.json")).toThrow(AppgenError);
  });
});

describe("the config schema's path pattern", () => {
  it("agrees with appFolderProblem for folders of the schema's characters", async () => {
    const schema = (await import("../../schemas/config.schema.json", { with: { type: "json" } })).default;
    const pattern = new RegExp(schema.properties.path.pattern, "u");
    const samples = [
      "",
      "a",
      "apps/crm",
      ".",
      "..",
      "...",
      "a/.",
      "a/..",
      "./a",
      "a/./b",
      ".git",
      ".github",
      ".GitHub/x",
      ".gitx",
      "x/.github",
      ".hidden",
      "a/.b",
      "git",
      "a..b",
      "a/..b",
    ];
    for (const sample of samples)
      expect([sample, pattern.test(sample)]).toEqual([sample, appFolderProblem(sample) === undefined]);
  });
});
