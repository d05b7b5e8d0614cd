// What a prompt asks the app to DO that the manifest cannot express. The manifest's vocabulary is records people
// create, read, change and delete, with roles and ownership; a requirement whose verb is none of those ("send
// WhatsApp notifications", "spin the wheel", "generate a PDF report") or whose object is a derived view ("see
// statistics", "a leaderboard") is listed as not built instead of being dropped without a word. The check is by
// what IS supported, so a request nobody foresaw is reported, not silently ignored.
import { isWord, singularWord, type Sentence, type Token } from "./text.ts";
import { FRAME_VERBS, RECORD_ACT_VERBS } from "./verbs.ts";

/** Verbs that reach outside the app; done to a record it keeps ("send invoices") they are still not built. */
const OUTWARD_VERBS = new Set(
  `send email mail text message notify remind alert export print download share pay charge refund sync import publish
  broadcast invite call ping post tweet forward transfer`
    .trim()
    .split(/\s+/),
);

/** Things an app shows that are not records: derived views the manifest has no word for yet. */
const DERIVED_VIEWS = new Set(
  `statistic statistics stat stats chart charts graph graphs analytics leaderboard leaderboards ranking rankings
  heatmap insight insights trend trends forecast forecasts kpi kpis metric metrics notification notifications
  reminder reminders alert alerts pdf csv export exports payment payments checkout chat qr`
    .trim()
    .split(/\s+/),
);

const CLAUSE_END = new Set([",", ";", ":"]);
const FOREIGN_FUNCTION_WORDS = new Set(
  `le la les des une du est pour avec dans sur und der die das ein eine einen mit für ist wir el los las del una para con
  por que es nosotros com não uma os é per il lo gli della sono`
    .trim()
    .split(/\s+/),
);

/**
 * Whether a tagged verb is what someone asks the app to do: a present form ("send", "sends"), not a gerund or a
 * participle ("growing tomatoes", "paid", "printed") that describes, and not a capitalised word the tagger took for
 * a verb at the start of a sentence ("Ward needs a roster app").
 */
function requestVerb(tokens: Sentence, at: number): boolean {
  const t = tokens[at];
  if (!t || /(?:ing|ed)$/.test(t.word)) return false;
  const lemma = t.lemma ?? t.word;
  if (lemma !== t.word && !t.word.endsWith("s")) return false;
  if (t.text !== t.word) {
    const next = tokens[at + 1];
    if (at === 0 && next && (next.pos === "VERB" || next.pos === "AUX")) return false;
  }
  // Inside a noun phrase the tagger's "verb" is a noun: "our hospital ward", "the IT team", "have contracts with".
  const prev = tokens[at - 1];
  const beforePrev = tokens[at - 2];
  const determiner = (x: Token | undefined) =>
    x !== undefined && (x.pos === "DET" || x.pos === "ADJ" || x.pos === "NUM" || POSSESSIVE_WORDS.has(x.word));
  if (determiner(prev)) return false;
  if (prev && (prev.pos === "NOUN" || prev.pos === "PROPN" || prev.pos === "PRON") && determiner(beforePrev))
    return false;
  if (t.word.endsWith("s") && prev && (prev.pos === "AUX" || prev.pos === "VERB" || prev.word === ":")) return false;
  // A verb takes an object, a particle or an adverb; "falls and errors", "tent pitches," and "stock is" are nouns.
  const next = tokens[at + 1];
  if (
    !next ||
    next.pos === "AUX" ||
    (t.word.endsWith("s") && (next.kind !== "word" || next.pos === "CCONJ" || next.pos === "ADP"))
  )
    return false;
  return true;
}

const POSSESSIVE_WORDS = new Set([
  "my",
  "our",
  "your",
  "their",
  "his",
  "her",
  "its",
  "the",
  "a",
  "an",
  "each",
  "every",
]);
const MAX_WORDS = 14;
const MAX_ITEMS = 40;

/**
 * Requests in tagged sentences the manifest does not cover, in the prompt's own words. `planned` holds the entity
 * names of the plan, so "reports" stays quiet in an app that keeps a report table.
 */
export function notPlannedRequests(
  sentences: Sentence[],
  planned: ReadonlySet<string>,
  plannedActs: ReadonlySet<string> = new Set(),
): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const tokens of sentences) {
    // The vocabulary of requests is English; another language's sentence is not read for them.
    if (tokens.filter((t) => FOREIGN_FUNCTION_WORDS.has(t.word)).length >= 2) continue;
    const covered = new Uint8Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!isWord(t) || covered[i]) continue;
      const verb = t.pos === "VERB" && requestVerb(tokens, i) ? (t.lemma ?? t.word) : undefined;
      const unsupportedVerb =
        verb !== undefined &&
        !RECORD_ACT_VERBS.has(verb) &&
        !FRAME_VERBS.has(verb) &&
        !plannedActs.has(verb) &&
        /^[a-z]{3,}$/.test(verb);
      const view = DERIVED_VIEWS.has(t.word) && !planned.has(singularWord(t.word)) && !planned.has(t.word);
      if (!unsupportedVerb && !view) continue;
      // "leave reviews", "place orders": an act whose object is a record the plan keeps is how that record is made.
      if (unsupportedVerb && !OUTWARD_VERBS.has(verb) && actsOnPlanned(tokens, i, planned)) continue;
      const span = clauseAround(tokens, i, view && !unsupportedVerb);
      for (let k = span.start; k <= span.end; k++) covered[k] = 1;
      const text = phrase(tokens.slice(span.start, span.end + 1));
      const key = text.toLowerCase();
      // "asks for it", "win twice": a request names what it is about.
      const aboutSomething = tokens
        .slice(unsupportedVerb ? i + 1 : span.start, span.end + 1)
        .some((x) => x.pos === "NOUN" || x.pos === "PROPN" || x.kind === "options");
      if (text.split(" ").length < 2 || seen.has(key) || !aboutSomething) continue;
      seen.add(key);
      found.push(text);
      if (found.length === MAX_ITEMS) return found;
    }
  }
  return found;
}

function actsOnPlanned(tokens: Sentence, verb: number, planned: ReadonlySet<string>): boolean {
  for (let k = verb + 1; k < tokens.length && k <= verb + 5; k++) {
    const t = tokens[k];
    if (!isWord(t) || t.pos === "VERB" || CLAUSE_END.has(t.word)) return false;
    if (t.pos !== "NOUN" && t.pos !== "PROPN") continue;
    const next = tokens[k + 1];
    const head = isWord(next) && (next.pos === "NOUN" || next.pos === "PROPN") ? next : t;
    const name = `${head === t ? "" : `${t.word}_`}${singularWord(head.word)}`;
    if (planned.has(name) || planned.has(singularWord(head.word))) return true;
  }
  return false;
}

/** From the verb (or the verb governing a derived view) to the end of its clause, at most MAX_WORDS words. */
function clauseAround(tokens: Sentence, at: number, fromNoun: boolean): { start: number; end: number } {
  let start = at;
  if (fromNoun) {
    // "see statistics of their workouts": start at the verb that governs the noun, when there is one nearby.
    for (let k = at - 1; k >= 0 && at - k <= 5; k--) {
      const t = tokens[k];
      if (!isWord(t) || CLAUSE_END.has(t.word)) break;
      if (t.pos === "VERB" || t.pos === "AUX") {
        start = t.pos === "VERB" ? k : k + 1;
        break;
      }
      start = k;
    }
    while (start < at && !isContent(tokens[start])) start++;
  }
  let end = at;
  for (let k = at + 1; k < tokens.length && k - start < MAX_WORDS; k++) {
    const t = tokens[k];
    if (!t || (t.kind === "punct" && CLAUSE_END.has(t.word))) break;
    // "…, and admins approve them": a new clause starts where a conjunction meets a subject or a modal.
    if (t.word === "and" || t.word === "or" || t.word === "but") {
      const next = tokens[k + 1];
      if (
        next &&
        (next.pos === "PRON" ||
          next.pos === "AUX" ||
          next.pos === "PROPN" ||
          (next.pos === "NOUN" && tokens[k + 2]?.pos === "AUX"))
      )
        break;
    }
    if (t.kind === "word" || t.kind === "options") end = k;
  }
  return { start, end };
}

function isContent(token: Token | undefined): boolean {
  return (
    token !== undefined &&
    token.kind === "word" &&
    !["DET", "ADP", "CCONJ", "PART", "PRON", "AUX", "SCONJ"].includes(token.pos ?? "")
  );
}

function phrase(tokens: Token[]): string {
  const text = tokens
    .map((t) => (t.kind === "options" ? `(${(t.options ?? []).join(", ")})` : t.text))
    .join(" ")
    .replace(/\s+([,;:])/g, "$1")
    .trim();
  return (text.charAt(0).toUpperCase() + text.slice(1)).slice(0, 200);
}
