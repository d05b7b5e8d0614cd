import { describe, expect, it } from "vitest";
import { tagSentences } from "../../../../app/core/planners/offline/english.ts";
import { sharedHeadKinds } from "../../../../app/core/planners/offline/kinds.ts";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";
import { tokenize } from "../../../../app/core/planners/offline/text.ts";

const rewritten = (text: string): string => {
  const [sentence] = tokenize(text);
  tagSentences([sentence!]);
  return sharedHeadKinds(sentence!, (head) => !["date", "number"].includes(head))
    .map((t) => t.word || t.text)
    .join(" ");
};

describe("a list of items sharing one head noun names kinds of one thing", () => {
  it.each([
    [
      "kinds with the head repeated",
      "We rent city bikes, e-bikes and tandems by the hour.",
      "we rent bikes (city_bike, e_bike, tandem) by the hour",
    ],
    [
      "articles and numbers in front",
      "We have a joint account, two personal accounts and a savings account.",
      "we have accounts (joint_account, personal_account, savings_account)",
    ],
    [
      "modifiers sharing a plural head",
      "We organise sea and air shipments for importers.",
      "we organise shipments (sea_shipment, air_shipment) for importers",
    ],
  ])("%s", (_name, text, expected) => {
    expect(rewritten(text)).toBe(expected);
  });

  it.each([
    ["different things", "Members book classes, rooms and trainers."],
    ["a field list (the head is no thing)", "Each task has a start date, an end date and a due date."],
    ["a verb read as a noun", "Each prescription belongs to a patient and lists medicines with dosage."],
    ["the thing and a kind of it", "We keep rooms and room types."],
    ["one headed item only", "We sell coffee beans and tea."],
  ])("leaves %s alone", (_name, text) => {
    const words = tokenize(text)[0]!
      .map((t) => t.word || t.text)
      .join(" ");
    expect(rewritten(text)).toBe(words);
  });

  it("plans one entity whose type lists the kinds", () => {
    const manifest = planFromPrompt(
      "A bike rental shop. We rent city bikes, e-bikes and tandems by the hour. Customers reserve a bike online.",
    );
    const names = manifest.entities.map((e) => e.name);
    expect(names).toContain("bike");
    expect(names).not.toContain("city_bike");
    expect(names).not.toContain("tandem");
    const type = manifest.entities.find((e) => e.name === "bike")?.fields.find((f) => f.name === "type");
    expect(type?.options).toEqual(["city_bike", "e_bike", "tandem"]);
  });
});

describe("the tagger's plural noun in a verb's place is a verb", () => {
  it.each([
    ["The host clicks a button and a ticket is drawn.", "clicks"],
    ["We want a system that stores readings from sensors.", "stores"],
    ["When the customer books, the quotation becomes a shipment.", "books"],
    ["Nurses can state their availability and swap shifts with each other.", "swap"],
  ])("%s", (text, word) => {
    const [sentence] = tokenize(text);
    tagSentences([sentence!]);
    expect(sentence!.find((t) => t.word === word)?.pos).toBe("VERB");
  });

  it.each([
    ["We want an app for our building projects where the foreman fills in a diary.", "projects"],
    ["I also keep my insurance policies in the app.", "policies"],
    ["We log feedings, diaper changes and sleep times.", "diaper"],
  ])("but not in a noun phrase: %s", (text, word) => {
    const [sentence] = tokenize(text);
    tagSentences([sentence!]);
    expect(sentence!.find((t) => t.word === word)?.pos).toBe("NOUN");
  });
});

describe("the tagger's verb after a determiner is a noun", () => {
  it.each([
    ["Every milking we record the litres per cow.", "milking"],
    ["As a keeper I want to record the daily feeding of each animal.", "feeding"],
  ])("%s", (text, word) => {
    const [sentence] = tokenize(text);
    tagSentences([sentence!]);
    expect(sentence!.find((t) => t.word === word)?.pos).toBe("NOUN");
  });
});
