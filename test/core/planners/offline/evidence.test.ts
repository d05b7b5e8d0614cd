import { describe, expect, it } from "vitest";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";

const entityNames = (prompt: string): string[] => planFromPrompt(prompt).entities.map((e) => e.name);

describe("the offline planner reads what the sentence structure says is kept", () => {
  it.each([
    [
      "asking which row goes with which",
      "A zoo app. Keepers record the feeding of each animal. Curators see which animals live in which enclosure.",
      ["animal", "enclosure"],
    ],
    [
      "making one new row with 'a'/'an'",
      "A property agency site. Visitors search listings and send an inquiry about a property.",
      ["inquiry"],
    ],
    [
      "a counted act read as a verb by the tagger",
      "A dairy farm app. For each cow we track the ear tag and breed. Every milking we record the litres per cow.",
      ["cow", "milking"],
    ],
    [
      "a verb after a modal read as a noun by the tagger",
      "A ward roster. Nurses can state their availability and swap shifts with each other.",
      ["shift", "swap"],
    ],
    [
      "an act on the noun its relative clause follows",
      "A tennis club. Coaches offer group lessons that members can sign up for.",
      ["lesson", "signup"],
    ],
    [
      "a person's act on one thing",
      "A tennis club. Members book courts, and members pay a yearly membership fee.",
      ["payment"],
    ],
    [
      "things the business counts, named twice",
      "We are a kindergarten with four groups. Each child belongs to one of the groups.",
      ["group", "child"],
    ],
    [
      "being present or absent",
      "A kindergarten app. Teachers track which children are present each day.",
      ["child", "attendance"],
    ],
  ])("%s", (_name, prompt, expected) => {
    expect(entityNames(prompt)).toEqual(expect.arrayContaining(expected));
  });

  it.each([
    [
      "a verb between subject and object",
      "A budget app. We set budgets per category and the app shows how much is left.",
      "show",
    ],
    ["a measurement", "A food bank app. Volunteers log donations with the donor and the weight.", "weight"],
    [
      "the tool being replaced",
      "A farm app to replace our paper notebooks. We track cows and their calvings.",
      "paper_notebook",
    ],
    [
      "a ranking view",
      "A fitness app. Members log workouts and see a leaderboard of the most active members.",
      "leaderboard",
    ],
  ])("no entity for %s", (_name, prompt, absent) => {
    expect(entityNames(prompt)).not.toContain(absent);
  });
});
