// The long feature-request corpus (issue #13) that `npm run bench -- planner` scores the offline planner on.
// Its shape is checked here; its scores are not: the planner is tuned on dev and judged on holdout by the bench.
import { readFileSync } from "node:fs";
import pluralize from "pluralize";
import { describe, expect, it } from "vitest";
import { requestSplit, type RequestCorpusItem } from "../../../bench/planner-score.ts";
import { planFromPrompt } from "../../../app/core/planners/offline/index.ts";

const load = (split: "dev" | "holdout") =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/prompts/requests-${split}.json`, import.meta.url), "utf8"),
  ) as RequestCorpusItem[];
const sets = { dev: load("dev"), holdout: load("holdout") };
const all = [...sets.dev, ...sets.holdout];

// Word-like segments, so Japanese (no spaces) is counted in words too.
const segmenter = new Intl.Segmenter("und", { granularity: "word" });
const wordCount = (text: string) => [...segmenter.segment(text)].filter((s) => s.isWordLike).length;

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

describe("request corpus", () => {
  it("has at least 120 prompts with unique kebab-case ids across both files", () => {
    expect(all.length).toBeGreaterThanOrEqual(120);
    const ids = all.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("puts every prompt in the file its id hashes to", () => {
    for (const split of ["dev", "holdout"] as const) {
      expect(sets[split].filter((item) => requestSplit(item.id) !== split).map((item) => item.id)).toEqual([]);
    }
  });

  it("has long prompts (at least 40 words) with expected entities", () => {
    for (const item of all) {
      expect(wordCount(item.prompt), item.id).toBeGreaterThanOrEqual(40);
      expect(item.expected_entities.length, item.id).toBeGreaterThan(0);
      expect(Array.isArray(item.acceptable_entities), item.id).toBe(true);
    }
  });

  it("names entities in singular snake_case, alternatives too", () => {
    const bad = all.flatMap((item) =>
      [...item.expected_entities, ...item.acceptable_entities]
        .flatMap((entry) => entry.split("|"))
        .filter(
          (name) => !SNAKE_CASE.test(name) || pluralize.singular(name.split("_").at(-1)!) !== name.split("_").at(-1),
        )
        .map((name) => `${item.id}: ${name}`),
    );
    expect(bad).toEqual([]);
  });

  it.each(all.map((item) => [item.id, item.prompt] as const))(
    "plans %s without throwing, the same twice",
    (_id, prompt) => {
      const first = JSON.stringify(planFromPrompt(prompt));
      expect(JSON.stringify(planFromPrompt(prompt))).toBe(first);
    },
  );
});
