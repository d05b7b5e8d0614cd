// Singletons ("my profile"): one row per user. What a manifest may say about them and the problems (with a JSON path
// and a fix) for what it may not.
import { describe, expect, it } from "vitest";
import { validateManifest } from "../../../app/core/manifest/index.ts";

const app = (profile: Record<string, unknown>) => ({
  name: "Club",
  entities: [
    {
      name: "profile",
      singleton: true,
      fields: [
        { name: "display_name", type: "text", required: true },
        { name: "points", type: "integer", default: 0, read_only: true },
        { name: "weight", type: "integer", default: 1 },
      ],
      ...profile,
    },
    {
      name: "post",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "author", type: "relation", relation: { target: "profile" } },
      ],
    },
  ],
});

function problems(input: unknown): string[] {
  const result = validateManifest(input);
  if (result.ok) return [];
  for (const p of result.problems) expect(p.fix, `${p.path} ${p.message}`).toBeTruthy();
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("a singleton entity", () => {
  it("is per user by default, and keeps its flag in the canonical manifest", () => {
    const result = validateManifest(app({}));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const profile = result.manifest.entities[0];
    expect(profile?.singleton).toBe(true);
    expect(profile?.ownership).toBe("user");
    expect(result.manifest.entities[1]?.singleton).toBeUndefined();
  });

  it.each([
    [
      "shared rows",
      { ownership: "shared" },
      "/entities/0/ownership: 'profile' is a singleton (one row per user), so its rows belong to users",
    ],
    [
      "a random pick among rows",
      { actions: [{ name: "draw", pick: { weight: "weight" }, set: [{ field: "points", add: 1 }] }] },
      "/entities/0/actions/0/pick: 'draw' draws one of many rows, but each person has one 'profile'",
    ],
    ["a flag other than true", { singleton: false }, "/entities/0/singleton"],
  ])("refuses %s", (_what, change, expected) => {
    expect(problems(app(change)).join("\n")).toContain(expected);
  });

  it("may have actions on the person's own row", () => {
    const result = validateManifest(
      app({ actions: [{ name: "add_point", label: "Add a point", set: [{ field: "points", add: 1 }] }] }),
    );
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
