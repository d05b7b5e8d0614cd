// Scores planned entity names against a request-corpus item (test/fixtures/prompts/requests-*.json), for
// `npm run bench -- planner`. Pure: no file access, no planner import, so tests can pin the rules down.
import pluralize from "pluralize";

/** One feature request with the tables a person filing it would expect; `|` separates equally good names. */
export interface RequestCorpusItem {
  id: string;
  prompt: string;
  expected_entities: string[];
  acceptable_entities: string[];
}

export interface ItemScore {
  id: string;
  expected: number;
  found: number;
  /** Expected entries (as written, with their alternatives) that no planned entity satisfied. */
  missed: string[];
  /** Planned entities that are neither an expected nor an acceptable name. */
  junk: string[];
  noDomainEntity: boolean;
}

export interface ScoreTotals {
  prompts: number;
  expected: number;
  found: number;
  junk: number;
  noDomainEntity: number;
}

/** `rooms` and `room` are one name; `stock_movements` singularises only its last segment. Nothing fuzzier. */
export function normaliseEntityName(name: string): string {
  const segments = name.split("_");
  const last = segments.pop() ?? "";
  return [...segments, pluralize.singular(last)].join("_");
}

export function alternatives(entry: string): string[] {
  return entry.split("|").map((alt) => normaliseEntityName(alt.trim()));
}

export function scorePlannedEntities(item: RequestCorpusItem, planned: readonly string[]): ItemScore {
  const names = planned.map(normaliseEntityName);
  const expected = item.expected_entities.map((entry) => new Set(alternatives(entry)));
  const known = new Set([...expected.flatMap((s) => [...s]), ...item.acceptable_entities.flatMap(alternatives)]);
  // Bipartite matching (augmenting paths): a greedy pass could spend an entity on the wrong entry and under-count.
  const entryOf = new Map<number, number>(); // planned index -> expected index
  const plannedOf = new Map<number, number>(); // expected index -> planned index
  const tryEntry = (e: number, seen: Set<number>): boolean => {
    for (let p = 0; p < names.length; p++) {
      if (seen.has(p) || !expected[e]!.has(names[p]!)) continue;
      seen.add(p);
      const holder = entryOf.get(p);
      if (holder === undefined || tryEntry(holder, seen)) {
        entryOf.set(p, e);
        plannedOf.set(e, p);
        return true;
      }
    }
    return false;
  };
  for (let e = 0; e < expected.length; e++) tryEntry(e, new Set());
  const found = plannedOf.size;
  return {
    id: item.id,
    expected: expected.length,
    found,
    missed: item.expected_entities.filter((_, e) => !plannedOf.has(e)),
    junk: planned.filter((_, p) => !known.has(names[p]!)),
    noDomainEntity: found === 0,
  };
}

export function totalScores(scores: readonly ItemScore[]): ScoreTotals {
  return {
    prompts: scores.length,
    expected: scores.reduce((n, s) => n + s.expected, 0),
    found: scores.reduce((n, s) => n + s.found, 0),
    junk: scores.reduce((n, s) => n + s.junk.length, 0),
    noDomainEntity: scores.filter((s) => s.noDomainEntity).length,
  };
}

/** The goal on the holdout set (issue #13). */
export const HOLDOUT_GOAL = { foundPercent: 85, junk: 0, noDomainEntity: 0 } as const;

export function meetsGoal(totals: ScoreTotals): boolean {
  const percent = totals.expected ? (100 * totals.found) / totals.expected : 0;
  return (
    percent >= HOLDOUT_GOAL.foundPercent &&
    totals.junk <= HOLDOUT_GOAL.junk &&
    totals.noDomainEntity <= HOLDOUT_GOAL.noDomainEntity
  );
}

/**
 * Which file a request belongs in: FNV-1a of its id, even → dev, odd → holdout. A hash rather than a choice keeps
 * domains mixed across both sets and stops anyone from moving a hard prompt out of the holdout.
 */
export function requestSplit(id: string): "dev" | "holdout" {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(id, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2 === 0 ? "dev" : "holdout";
}
