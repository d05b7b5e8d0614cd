// The README's pictures (made by `npm run screenshots`): each one the README names exists, is a PNG that is not
// empty, and together they keep the repository small; the pictured app is the README's own quick-start prompt.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGES, README_PROMPT } from "../../scripts/screenshots.ts";

const root = join(import.meta.dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const named = [...readme.matchAll(/(?:!\[[^\]]*\]\(|<img [^>]*src=")([^)"\s]+\.png)/g)].map((m) => m[1]!);

describe("the README's pictures", () => {
  it("names every picture the screenshot script makes, and only those", () => {
    expect(new Set(named)).toEqual(new Set(IMAGES.map((name) => `docs/images/${name}`)));
  });

  it.each(named)("%s exists and is a PNG", (path) => {
    const file = join(root, path);
    expect(existsSync(file), `${path} is missing: run npm run screenshots`).toBe(true);
    expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(file).size).toBeGreaterThan(1_000);
  });

  it("weigh a few hundred kilobytes in all", () => {
    const total = named.reduce((sum, path) => sum + statSync(join(root, path)).size, 0);
    expect(total).toBeLessThan(800 * 1024);
  });

  it("show the app of the README's quick-start prompt", () => {
    expect(readme).toContain(`--prompt "${README_PROMPT}"`);
  });

  it("each have a caption", () => {
    for (const path of named) {
      const after = readme.slice(readme.indexOf(path)).split("\n").slice(1, 4).join("\n");
      expect(after, `${path} has no one-line caption in italics after it`).toMatch(/^\s*\*[^*\n]+\*$/m);
    }
  });
});
