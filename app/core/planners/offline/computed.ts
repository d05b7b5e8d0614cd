// Computed fields from the way people ask for derived values, on the entities the plan already has: "see how long
// each session took", "the hours worked for each shift", "the duration in minutes" over a start/end pair of one
// entity become a duration; "its total (quantity times unit price)", "a line total" over a quantity and a price of
// one entity become a product. A stored field the plan already gave that value (an "hours" or "total" field) becomes
// the computed one instead of a second copy. Requests it plans are no longer listed as not built.
import type { FieldDraft } from "./field-types.ts";
import { normalizeText, plainSentences, singularWord } from "./text.ts";

type Json = Record<string, unknown>;

interface EntityDraft {
  name: string;
  label?: string;
  plural_label?: string;
  fields: FieldDraft[];
}

const DURATION_WORDS =
  /\b(?:duration|how long|time spent|time taken|hours worked|minutes worked|hours spent|minutes spent|length of|(?:in|number of|total) (?:minutes|hours|days|nights))\b/;
const UNIT_WORDS: [RegExp, "minutes" | "hours" | "days"][] = [
  [/\bminutes?\b/, "minutes"],
  [/\bhours?\b/, "hours"],
  [/\b(?:days?|nights?)\b/, "days"],
];
const START =
  /^(?:start|starts|started|begin|begins|clock(?:ed)?_in|check(?:ed)?_in|arrival|arrived|entered|entry|pickup|from|departure_from|opened)(?:_(?:at|on|time|date))?$|^(?:start|begin|check_in|clock_in)_\w+$/;
const END =
  /^(?:end|ends|ended|finish|finished|clock(?:ed)?_out|check(?:ed)?_out|departure|departed|left|exit|dropoff|return|returned|to|closed)(?:_(?:at|on|time|date))?$|^(?:end|finish|check_out|clock_out)_\w+$/;
const TOTAL_WORDS =
  /\b(?:total|subtotal|line total|amount due|cost|price)\b.*\b(?:times|multiplied|×|x)\b|\b(?:quantity|qty) (?:times|×|x|multiplied by)\b|\bline total\b/;
const QUANTITY = /^(?:quantity|qty|units|count|hours|nights|seats|tickets|pieces|items)$/;
const PRICE = /^(?:unit_price|price|rate|hourly_rate|price_per_\w+|cost|unit_cost|fee)$/;
const TIME_TYPES = new Set(["date", "datetime"]);
const NUMBER_TYPES = new Set(["integer", "decimal", "money"]);

const sentencesOf = (prompt: string): string[] => plainSentences(prompt).map((s) => s.toLowerCase());

function mentions(sentence: string, entity: EntityDraft): boolean {
  const words = sentence.split(/[^\p{L}\p{N}]+/u).map(singularWord);
  const names = [entity.name, ...(entity.label ? [entity.label.toLowerCase()] : [])].map((n) => n.replaceAll("_", " "));
  return names.some((name) => words.join(" ").includes(singularWord(name)) || words.includes(name));
}

/** The start and end fields of an entity: one type, named as a pair. */
function timePair(entity: EntityDraft): [FieldDraft, FieldDraft] | undefined {
  const times = entity.fields.filter((f) => TIME_TYPES.has(f.type) && !f.read_only);
  for (const start of times.filter((f) => START.test(f.name)))
    for (const end of times.filter((f) => END.test(f.name) && f.type === start.type)) return [start, end];
  return undefined;
}

function pricePair(entity: EntityDraft): [FieldDraft, FieldDraft] | undefined {
  const numbers = entity.fields.filter((f) => NUMBER_TYPES.has(f.type) && !f.read_only);
  const quantity = numbers.find((f) => QUANTITY.test(f.name));
  const price = numbers.find((f) => f !== quantity && PRICE.test(f.name));
  return quantity && price ? [quantity, price] : undefined;
}

/** Makes `name` a computed field of the entity: a stored field of that name becomes it, or a new one is added. */
function compute(entity: EntityDraft, name: string, type: FieldDraft["type"], computed: Json): void {
  const at = entity.fields.findIndex((f) => f.name === name);
  const field = { name, type, computed } as FieldDraft & { computed: Json };
  if (at >= 0) entity.fields[at] = field;
  else entity.fields.push(field);
}

/**
 * Adds the computed fields a prompt asks for to the planned entities (in place), and answers `notPlanned` minus the
 * requests planned here.
 */
export function planComputed(
  prompt: string,
  entities: EntityDraft[],
  notPlanned: { not_planned?: string[] },
): { not_planned?: string[] } {
  const handled: string[] = [];
  for (const sentence of sentencesOf(prompt)) {
    const wantsDuration = DURATION_WORDS.test(sentence);
    const wantsTotal = TOTAL_WORDS.test(sentence);
    if (!wantsDuration && !wantsTotal) continue;
    const candidates = (pick: (e: EntityDraft) => unknown) => {
      const able = entities.filter(pick);
      const named = able.filter((e) => mentions(sentence, e));
      return named.length > 0 ? named : able.length === 1 ? able : [];
    };
    if (wantsDuration) {
      for (const entity of candidates(timePair)) {
        const [start, end] = timePair(entity) as [FieldDraft, FieldDraft];
        if (entity.fields.some((f) => (f as { computed?: unknown }).computed)) continue;
        const said = UNIT_WORDS.find(([pattern]) => pattern.test(sentence))?.[1];
        const unit = start.type === "date" ? "days" : (said ?? "hours");
        const existing = entity.fields.find(
          (f) => NUMBER_TYPES.has(f.type) && (f.name === unit || f.name === "duration" || f.name === `${unit}_worked`),
        );
        compute(entity, existing?.name ?? `duration_${unit}`, unit === "hours" ? "decimal" : "integer", {
          duration: { from: start.name, to: end.name, unit },
        });
        handled.push(sentence);
      }
    }
    if (wantsTotal) {
      for (const entity of candidates(pricePair)) {
        const [quantity, price] = pricePair(entity) as [FieldDraft, FieldDraft];
        if (entity.fields.some((f) => f.name === "total" && (f as { computed?: unknown }).computed)) continue;
        compute(entity, "total", price.type === "money" ? "money" : "decimal", {
          multiply: [quantity.name, price.name],
        });
        handled.push(sentence);
      }
    }
  }
  const left = (notPlanned.not_planned ?? []).filter((request) => {
    const text = normalizeText(request).toLowerCase();
    return !handled.some((h) => h.includes(text) || text.includes(h));
  });
  return left.length ? { not_planned: left } : {};
}
