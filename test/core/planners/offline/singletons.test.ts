// The phrasings people use for one thing per person ("their profile", "my account page", "personal settings"),
// planned by the offline planner as singletons whose listed fields are fields, not things of their own.
import { describe, expect, it } from "vitest";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";

const shape = (prompt: string) => {
  const manifest = planFromPrompt(prompt);
  return {
    manifest,
    singletons: manifest.entities
      .filter((e) => e.singleton)
      .map((e) => ({ name: e.name, ownership: e.ownership, fields: e.fields.map((f) => f.name) })),
    others: manifest.entities.filter((e) => !e.singleton).map((e) => e.name),
  };
};

describe("offline planner: singletons", () => {
  it.each([
    {
      prompt:
        "A book club app. Members can edit their profile with their name, favourite genre and a short bio. Members review books.",
      singletons: [{ name: "profile", ownership: "user", fields: ["name", "genre", "short_bio"] }],
      notOthers: ["genre", "short_bio", "name"],
    },
    {
      prompt: "A CRM to track leads, companies and deals. Users can update their account settings.",
      singletons: [{ name: "profile", ownership: "user", fields: ["display_name", "bio"] }],
      notOthers: [],
    },
    {
      prompt: "A recipe site where I keep my recipes and my profile.",
      singletons: [{ name: "profile", ownership: "user", fields: ["display_name", "bio"] }],
      notOthers: [],
    },
    {
      prompt: "A habit tracker. Each user has personal settings for the reminder time and the weekly target.",
      singletons: [{ name: "setting", ownership: "user", fields: ["reminder_time", "weekly_target"] }],
      notOthers: ["reminder", "target"],
    },
  ])("$prompt", ({ prompt, singletons, notOthers }) => {
    const planned = shape(prompt);
    expect(planned.singletons).toEqual(singletons);
    for (const name of notOthers) expect(planned.others).not.toContain(name);
    expect(planned.manifest.prompt).toBe(prompt);
    expect(planned.manifest.not_planned ?? []).not.toContainEqual(expect.stringMatching(/profile|settings/i));
  });

  it.each([
    "A personal finance app to track my accounts and transactions.",
    "A shop where customers browse products and place orders.",
    "Settings are managed by admins.",
    "A team wiki where people write pages about their projects.",
  ])("plans no singleton for %s", (prompt) => {
    expect(shape(prompt).singletons).toEqual([]);
  });

  it("a profile's name names it: required and its display field", () => {
    const profile = planFromPrompt(
      "A forum where members edit their profile with a display name and an avatar.",
    ).entities.find((e) => e.singleton);
    expect(profile?.fields.find((f) => f.name === "display_name")).toMatchObject({ type: "text", required: true });
    expect(profile?.display_field).toBe("display_name");
  });
});
