// Statistics and leaderboards from the way people ask for them: "statistics of bookings per month", "a dashboard
// showing totals of deals by stage", "the average amount of expenses", "a leaderboard of who ran the most
// kilometres". Sentence by sentence, on the entities the plan already has: the entity is the one the sentence names,
// the grouping a field after "by"/"per" (or a period: "per month", "weekly"), the measure a number field the sentence
// names (summed, or averaged after "average"), else a count. A leaderboard ranks people by a user field of the entity,
// added as "recorded_by" (the signed-in user) when it has none. Requests it plans are no longer listed as not built.
import { humanize } from "../../naming.ts";
import type { FieldDraft } from "./field-types.ts";
import { plainSentences, plainWords, singularWord } from "./text.ts";

type Json = Record<string, unknown>;

interface EntityDraft {
  name: string;
  label: string;
  plural_label: string;
  ownership: string;
  fields: FieldDraft[];
}

const STATISTIC_WORDS = new Set([
  "statistic",
  "statistics",
  "stat",
  "stats",
  "chart",
  "charts",
  "graph",
  "graphs",
  "analytics",
  "total",
  "totals",
  "average",
  "averages",
  "sum",
]);
const LEADERBOARD_WORDS = new Set(["leaderboard", "leaderboards", "ranking", "rankings", "scoreboard"]);
const AVERAGE_WORDS = new Set(["average", "averages", "avg", "mean"]);
const PERIODS: Record<string, "day" | "week" | "month"> = {
  day: "day",
  daily: "day",
  week: "week",
  weekly: "week",
  month: "month",
  monthly: "month",
};
const NUMBER_TYPES = new Set(["integer", "decimal", "money"]);
const DATE_TYPES = new Set(["date", "datetime"]);
/** Words in a prompt that name no field even when a field's name contains them. */
const NOT_FIELD_WORDS = new Set(["of", "the", "a", "an", "and", "or", "per", "by", "in", "on", "at", "my", "our"]);
const VIEW_WORDS = new Set([...STATISTIC_WORDS, ...LEADERBOARD_WORDS, "dashboard"]);

const wordsOf = plainWords;

const sentencesOf = plainSentences;

function mentionsEntity(words: string[], entity: EntityDraft): number {
  const names = new Set(
    [entity.name, entity.label, entity.plural_label].flatMap((n) => [n.toLowerCase().replace(/[_ ]+/g, " ")]),
  );
  const text = ` ${words.join(" ")} `;
  let at = -1;
  for (const name of names) {
    const i = text.indexOf(` ${name} `);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at >= 0) return at;
  return words.findIndex((w) => singularWord(w) === entity.name);
}

/** A field the sentence names: every word of its name, or one distinctive word ("minutes" for duration_minutes). */
function namedField(words: string[], fields: FieldDraft[], keep: (f: FieldDraft) => boolean): FieldDraft | undefined {
  const said = new Set(words.flatMap((w) => [w, singularWord(w)]));
  const candidates = fields.filter(keep);
  return (
    candidates.find((f) => f.name.split("_").every((part) => said.has(part))) ??
    candidates.find((f) =>
      f.name.split("_").some((part) => !NOT_FIELD_WORDS.has(part) && part.length > 3 && said.has(part)),
    )
  );
}

function groupable(f: FieldDraft): boolean {
  return (
    f.type === "enum" || f.type === "boolean" || (f.type === "relation" && f.relation?.cardinality !== "many_to_many")
  );
}

/** The words after "by"/"per" up to the next preposition: the grouping the sentence asks for. */
function groupWords(words: string[]): string[][] {
  const groups: string[][] = [];
  words.forEach((w, i) => {
    if (w !== "by" && w !== "per" && w !== "each") return;
    const rest: string[] = [];
    for (const next of words.slice(i + 1)) {
      if (NOT_FIELD_WORDS.has(next) && rest.length > 0) break;
      if (!NOT_FIELD_WORDS.has(next)) rest.push(next);
      if (rest.length === 2) break;
    }
    if (rest.length) groups.push(rest);
  });
  return groups;
}

function statisticFor(words: string[], entity: EntityDraft): Json {
  const fields = entity.fields;
  const groups = groupWords(words);
  const periodWord = words.find((w) => PERIODS[w] !== undefined);
  const period = periodWord ? PERIODS[periodWord] : undefined;
  const dateField =
    namedField(words, fields, (f) => DATE_TYPES.has(f.type)) ?? fields.find((f) => DATE_TYPES.has(f.type));
  const groupField = groups.map((g) => namedField(g, fields, groupable)).find((f) => f !== undefined);
  const numberField = namedField(
    words.filter((w) => !PERIODS[w]),
    fields,
    (f) => NUMBER_TYPES.has(f.type),
  );
  const average = words.some((w) => AVERAGE_WORDS.has(w)) && numberField !== undefined;
  const measure = average ? "average" : numberField ? "sum" : "count";
  const what = numberField ? humanize(numberField.name).toLowerCase() : entity.plural_label.toLowerCase();
  const statistic: Json = { entity: entity.name, measure, ...(numberField ? { field: numberField.name } : {}) };
  let by = "";
  if (period && dateField) {
    Object.assign(statistic, { group_by: dateField.name, period });
    by = ` per ${period}`;
  } else if (groupField) {
    statistic.group_by = groupField.name;
    by = ` by ${humanize(groupField.name.replace(/_id$/, "")).toLowerCase()}`;
  }
  const head = measure === "average" ? `Average ${what}` : measure === "sum" ? `Total ${what}` : humanize(what);
  const label = `${head}${by}`;
  return {
    name: label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 48),
    label,
    ...statistic,
  };
}

function leaderboardFor(words: string[], entity: EntityDraft): Json {
  let person = entity.fields.find((f) => f.type === "user");
  if (!person) {
    person = { name: "recorded_by", label: "Recorded by", type: "user", required: true, default: "current_user" };
    entity.fields.push(person);
  }
  const numberField = namedField(words, entity.fields, (f) => NUMBER_TYPES.has(f.type));
  const what = numberField ? humanize(numberField.name).toLowerCase() : entity.plural_label.toLowerCase();
  return {
    name: `most_${(numberField?.name ?? entity.name).slice(0, 40)}`,
    label: `Most ${what}`.slice(0, 80),
    entity: entity.name,
    person: person.name,
    measure: numberField ? "sum" : "count",
    ...(numberField ? { field: numberField.name } : {}),
    limit: 10,
  };
}

/**
 * The statistics and leaderboards a prompt asks for, with `notPlanned` (what the rest of the planner could not
 * plan) minus the requests planned here. May add a user field to an entity a leaderboard ranks people of.
 */
export function planStatistics(
  prompt: string,
  entities: EntityDraft[],
  notPlanned: { not_planned?: string[] },
): { statistics?: Json[]; leaderboards?: Json[]; not_planned?: string[] } {
  const statistics: Json[] = [];
  const leaderboards: Json[] = [];
  const handled: string[] = [];
  const names = new Set<string>();
  const claim = (item: Json) => {
    let name = String(item.name || "statistic");
    for (let i = 2; names.has(name); i++) name = `${String(item.name).slice(0, 45)}_${i}`;
    names.add(name);
    return { ...item, name };
  };
  for (const sentence of sentencesOf(prompt)) {
    const words = wordsOf(sentence);
    const wantsLeaderboard = words.some((w) => LEADERBOARD_WORDS.has(w));
    const dashboardOf = words.includes("dashboard") && words.some((w) => STATISTIC_WORDS.has(w) || w === "showing");
    const wantsStatistic = words.some((w) => STATISTIC_WORDS.has(w)) || dashboardOf;
    if (!wantsLeaderboard && !wantsStatistic) continue;
    const mentioned = entities
      .map((entity) => ({ entity, at: mentionsEntity(words, entity) }))
      .filter((m) => m.at >= 0)
      .sort((a, b) => a.at - b.at);
    const entity = mentioned[0]?.entity ?? (entities.length === 1 ? entities[0] : undefined);
    if (!entity) continue;
    if (wantsLeaderboard) {
      const at = words.findIndex((w) => LEADERBOARD_WORDS.has(w));
      leaderboards.push(claim(leaderboardFor(words.slice(at), entity)));
    }
    if (wantsStatistic) {
      const end = wantsLeaderboard ? words.findIndex((w) => LEADERBOARD_WORDS.has(w)) : words.length;
      const own = words.slice(0, end > 0 ? end : words.length);
      if (own.some((w) => STATISTIC_WORDS.has(w)) || dashboardOf) statistics.push(claim(statisticFor(own, entity)));
    }
    handled.push(words.join(" "));
  }
  const left = (notPlanned.not_planned ?? []).filter((request) => {
    const words = wordsOf(request);
    const planned = handled.some((h) => h.includes(words.join(" ")));
    return !(planned && words.some((w) => VIEW_WORDS.has(w)));
  });
  return {
    ...(statistics.length ? { statistics } : {}),
    ...(leaderboards.length ? { leaderboards } : {}),
    ...(left.length ? { not_planned: left } : {}),
  };
}
