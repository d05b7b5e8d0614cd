// Known nouns in a sentence, and whether each one names a table where it stands: "a booking app" does, "the
// delivery status" does not, "a member books a class" uses "books" as a verb.
import {
  ADJECTIVES,
  CLAUSE_WORDS,
  DETERMINERS,
  NUMBER_WORDS,
  POSSESSIVES,
  PRONOUNS,
  VERBS,
  isBoundaryWord,
  isPluralWord,
  isWord,
  singularWord,
  type Sentence,
} from "./text.ts";
import {
  ARCHETYPES,
  DOMAIN_WORDS,
  FOREIGN_NOUNS,
  MAX_COMPOUND_WORDS,
  NON_ENTITY_WORDS,
  VERB_NOUNS,
  type Archetype,
} from "./vocabulary.ts";

export interface Candidate {
  start: number;
  end: number;
  name: string;
  archetype?: Archetype;
  plural: boolean;
  counted: boolean;
  inList: boolean;
  label?: string;
  /** An unknown noun that owns a "with" list only if the list turns out to be fields. */
  tentative?: boolean;
}

/** Words for the app itself; a noun right before one names what the app is about ("expense tracker"). */
export const APP_KINDS = new Set(
  "app application tracker log logger planner manager management system scheduler portal platform tool dashboard catalogue catalog box diary organizer organiser hub database directory crm software site website assistant board book keeper journal".split(
    " ",
  ),
);
/** Apps named after their audience ("landlord portal", "driver app") are not about tables of those people. */
const RECORD_APP_KINDS = new Set(
  "tracker log logger management manager database directory crm catalogue catalog book list".split(" "),
);
/** Nouns whose modifier is an attribute, not a table: "the delivery status", "a harvest date". */
const MODIFIED_HEADS = new Set(
  `status date time price name number address type details detail info information history list page form report
  reports count total amount level id code card calendar summary rate fee cost size notes note photo picture email
  phone title description id method confirmation reminder reminders slot slots count period window fees value
  request requests queue confirmation flow process workflow stage tracking management schedule`.split(/\s+/),
);
/** Known nouns (longest compound first) and the context rules that say whether each one names a table. */
export function findCandidates(tokens: Sentence): Candidate[] {
  const found: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i])) continue;
    let match: Candidate | undefined;
    for (let n = Math.min(MAX_COMPOUND_WORDS, tokens.length - i); n >= 1 && !match; n--) {
      const window = tokens.slice(i, i + n);
      if (!window.every(isWord)) continue;
      const words = window.map((t) => t.word);
      const last = words.at(-1) ?? "";
      const singular = singularWord(last);
      for (const key of [[...words.slice(0, -1), singular].join("_"), words.join("_")]) {
        const archetype = ARCHETYPES.get(key);
        if (archetype) {
          match = {
            start: i,
            end: i + n - 1,
            name: archetype.name,
            archetype,
            plural: singular !== last,
            counted: false,
            inList: false,
          };
          break;
        }
      }
      if (!match && n === 1) {
        const foreign = FOREIGN_NOUNS.get(last);
        if (foreign) {
          const text = window[0]?.text ?? last;
          const label = singularLabel(text, last);
          match = {
            start: i,
            end: i,
            name: foreign,
            archetype: ARCHETYPES.get(foreign),
            plural: /s$/.test(last),
            counted: true,
            inList: false,
            label,
          } as Candidate;
          if (!match.archetype) delete match.archetype;
        }
      }
    }
    if (!match) continue;
    if (!match.label) match.counted = countsAlone(tokens, match);
    found.push(match);
    i = match.end;
  }
  return found;
}

function singularLabel(text: string, word: string): string {
  const singular = word.replace(/(?<=[^aeiou])es$/u, "").replace(/s$/u, "");
  const label = text.slice(0, singular.length || text.length);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function countsAlone(tokens: Sentence, c: Candidate): boolean {
  const a = c.archetype;
  if (!a || a.listOnly) return false;
  const next = tokens[c.end + 1];
  const nextWord = isWord(next) ? next.word : undefined;
  const lastWord = tokens[c.end]?.word ?? "";
  if (c.plural) {
    if (VERB_NOUNS.has(singularWord(lastWord)) && c.start === c.end && usedAsVerb(tokens, c.start)) return false;
    // "the app shows how much is left", "the host clicks a button": a verb with its object, as the tagger reads it.
    const head = tokens[c.end];
    if (c.start === c.end && head?.pos === "VERB" && next && ["PRON", "DET", "SCONJ", "ADV"].includes(next.pos ?? ""))
      return false;
    return true;
  }
  // "a bug bounty platform", "equipment rental shop": a singular noun before another noun is its modifier.
  const modifiesNext = nextWord !== undefined && !APP_KINDS.has(nextWord) && isNounModifierOf(nextWord);
  if (a.mass) return !modifiesNext;
  // Walk back over adjectives and numbers to the determiner, if any.
  let i = c.start - 1;
  let skipped = 0;
  while (
    i >= 0 &&
    isWord(tokens[i]) &&
    (ADJECTIVES.has(tokens[i]?.word ?? "") ||
      NUMBER_WORDS.has(tokens[i]?.word ?? "") ||
      /^\d+$/.test(tokens[i]?.word ?? "")) &&
    skipped < 2
  ) {
    i--;
    skipped++;
  }
  const before = tokens[i];
  const atStart = i < 0 || !isWord(before);
  if (nextWord && APP_KINDS.has(nextWord)) {
    if (!atStart && !DETERMINERS.has(before?.word ?? "") && !ADJECTIVES.has(before?.word ?? "")) return false;
    return !a.person || RECORD_APP_KINDS.has(nextWord);
  }
  if (modifiesNext) return false;
  if (!before || !isWord(before) || !DETERMINERS.has(before.word) || POSSESSIVES.has(before.word)) return false;
  const beforeDeterminer = tokens[i - 1];
  if (
    isWord(beforeDeterminer) &&
    ["for", "at", "in", "from", "about"].includes(beforeDeterminer.word) &&
    (before.word === "a" || before.word === "an")
  )
    return false;
  return true;
}

/** Whether a word after a singular noun makes that noun a modifier: a noun, not a verb, preposition or clause. */
function isNounModifierOf(next: string): boolean {
  if (
    MODIFIED_HEADS.has(next) ||
    NON_ENTITY_WORDS.has(next) ||
    DOMAIN_WORDS.has(next) ||
    ARCHETYPES.has(singularWord(next))
  )
    return true;
  if (isBoundaryWord(next) || VERBS.has(next) || ADJECTIVES.has(next) || /^\d/.test(next)) return false;
  // Unknown words: nouns have no verb or adverb endings.
  return /^[a-z]{3,}$/.test(next) && !/(?:ly|ed|ing)$/.test(next);
}

/** "a member books a class", "the library issues cards": a noun-verb homograph after a singular subject is a verb. */
function usedAsVerb(tokens: Sentence, at: number): boolean {
  const prev = tokens[at - 1];
  if (!isWord(prev)) return false;
  if (PRONOUNS.has(prev.word) || CLAUSE_WORDS.has(prev.word) || prev.word === "that") return true;
  if (isBoundaryWord(prev.word) || ADJECTIVES.has(prev.word) || VERBS.has(prev.word) || isPluralWord(prev.word))
    return false;
  const prevPrev = tokens[at - 2];
  return !isWord(prevPrev) || DETERMINERS.has(prevPrev.word);
}
