import { describe, expect, it } from "vitest";
import {
  meetsGoal,
  normaliseEntityName,
  requestSplit,
  scorePlannedEntities,
  totalScores,
  type RequestCorpusItem,
} from "../../bench/planner-score.ts";

const hotel: RequestCorpusItem = {
  id: "hotel",
  prompt: "A hotel with rooms, bookings and reviews.",
  expected_entities: ["room|hotel_room", "booking|reservation", "review"],
  acceptable_entities: ["room_type", "guest|customer"],
};

describe("scorePlannedEntities", () => {
  const cases: {
    name: string;
    planned: string[];
    found: number;
    missed: string[];
    junk: string[];
    noDomainEntity: boolean;
  }[] = [
    {
      name: "every expected entry, by any alternative",
      planned: ["hotel_room", "reservation", "review"],
      found: 3,
      missed: [],
      junk: [],
      noDomainEntity: false,
    },
    {
      name: "plurals match their singular",
      planned: ["rooms", "bookings", "reviews"],
      found: 3,
      missed: [],
      junk: [],
      noDomainEntity: false,
    },
    {
      name: "acceptable extras are not junk",
      planned: ["room", "guest", "room_types"],
      found: 1,
      missed: ["booking|reservation", "review"],
      junk: [],
      noDomainEntity: false,
    },
    {
      name: "anything else is junk",
      planned: ["room", "website", "dashboard"],
      found: 1,
      missed: ["booking|reservation", "review"],
      junk: ["website", "dashboard"],
      noDomainEntity: false,
    },
    {
      name: "no expected entry found",
      planned: ["guest", "functionality"],
      found: 0,
      missed: ["room|hotel_room", "booking|reservation", "review"],
      junk: ["functionality"],
      noDomainEntity: true,
    },
    {
      name: "nothing planned",
      planned: [],
      found: 0,
      missed: ["room|hotel_room", "booking|reservation", "review"],
      junk: [],
      noDomainEntity: true,
    },
    {
      name: "no fuzzy matching: a longer name is not the same table",
      planned: ["room_booking", "reviewer"],
      found: 0,
      missed: ["room|hotel_room", "booking|reservation", "review"],
      junk: ["room_booking", "reviewer"],
      noDomainEntity: true,
    },
    {
      name: "two alternatives of one entry count once",
      planned: ["booking", "reservation"],
      found: 1,
      missed: ["room|hotel_room", "review"],
      junk: [],
      noDomainEntity: false,
    },
  ];
  it.each(cases)("$name", ({ planned, found, missed, junk, noDomainEntity }) => {
    expect(scorePlannedEntities(hotel, planned)).toEqual({
      id: "hotel",
      expected: 3,
      found,
      missed,
      junk,
      noDomainEntity,
    });
  });

  it("spends each planned entity on at most one entry, and finds the assignment that satisfies the most", () => {
    // Greedy in entry order would give `event` to the first entry and leave the second one unfound.
    const item: RequestCorpusItem = {
      id: "band",
      prompt: "",
      expected_entities: ["event|concert", "event"],
      acceptable_entities: [],
    };
    expect(scorePlannedEntities(item, ["event", "concert"])).toMatchObject({ found: 2, missed: [] });
    expect(scorePlannedEntities(item, ["event"]).found).toBe(1);
  });
});

describe("normaliseEntityName", () => {
  it.each([
    ["rooms", "room"],
    ["stock_movements", "stock_movement"],
    ["categories", "category"],
    ["news_items", "news_item"],
    ["room", "room"],
  ])("%s -> %s", (name, singular) => expect(normaliseEntityName(name)).toBe(singular));
});

describe("totals and goal", () => {
  it("adds the scores up and checks the holdout goal", () => {
    const scores = [
      scorePlannedEntities(hotel, ["room", "booking", "review"]),
      scorePlannedEntities(hotel, ["room", "booking", "page"]),
    ];
    const totals = totalScores(scores);
    expect(totals).toEqual({ prompts: 2, expected: 6, found: 5, junk: 1, noDomainEntity: 0 });
    expect(meetsGoal(totals)).toBe(false);
    expect(meetsGoal({ ...totals, junk: 0 })).toBe(false); // 5 of 6 is 83 %, under 85 %
    expect(meetsGoal({ prompts: 2, expected: 20, found: 17, junk: 0, noDomainEntity: 0 })).toBe(true);
    expect(meetsGoal({ prompts: 2, expected: 20, found: 20, junk: 0, noDomainEntity: 1 })).toBe(false);
  });
});

describe("requestSplit", () => {
  it.each([
    ["seaside-hotel-booking", "dev"],
    ["a", "dev"],
    ["b", "holdout"],
    ["pub-quiz-night", "holdout"],
  ] as const)("%s -> %s (FNV-1a, pinned so the split never silently changes)", (id, split) =>
    expect(requestSplit(id)).toBe(split),
  );
});
