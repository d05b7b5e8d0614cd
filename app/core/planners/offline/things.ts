// Things a prompt keeps, found from the tagged sentence structure rather than from the vocabulary: noun phrases that
// are what people act on ("book one of our four courts", "keep track of our fields", "swap shifts"), counted one by
// one ("each child"), or named as the subject of what happens. Each use is evidence; a noun becomes an entity only
// with enough of it, and never when its name says it is a column, the software or a word for no thing in particular
// (unknownEntityName decides that, for every pass alike).
import {
  DETERMINERS,
  POSSESSIVES,
  NUMBER_WORDS,
  VERBS,
  isPluralWord,
  isWord,
  singularWord,
  type Sentence,
  type Token,
} from "./text.ts";
import { CHOOSING_VERBS, CREATING_VERBS, EMPTY_VERBS, HAVING_VERBS, RECORD_ACT_VERBS } from "./verbs.ts";
import { ARCHETYPES, ROLE_ONLY_WORDS, type Archetype } from "./vocabulary.ts";

export interface ThingMention {
  name: string;
  archetype?: Archetype;
  /** Sentence index * 100 000 + token index of the head, as the extractor orders entities. */
  position: number;
  evidence: number;
}

/** "keep track of", "a list of", "one of": the noun after "of" is what the phrase is about. */
const OF_HEADS = new Set([
  "track",
  "list",
  "lists",
  "one",
  "each",
  "all",
  "any",
  "record",
  "records",
  "log",
  "logs",
  "history",
  "overview",
  "collection",
  "catalogue",
  "catalog",
  "inventory",
  "register",
  "database",
  "set",
  "series",
  "some",
  "most",
  "many",
  "none",
  "both",
]);
const EVIDENCE_NEEDED = 2;
const NUMBERED_EVIDENCE = 1;
/** "song list", "price list": a list of the modifier's things; the modifier is what is kept. */
const LIST_HEADS = new Set([
  "list",
  "catalogue",
  "catalog",
  "library",
  "collection",
  "database",
  "register",
  "inventory",
]);
export function thingMentions(sentences: Sentence[], nameOf: (words: string[]) => string | undefined): ThingMention[] {
  const byName = new Map<string, ThingMention>();
  sentences.forEach((tokens, s) => {
    for (let j = 0; j < tokens.length; j++) {
      const head = tokens[j];
      if (!isNounToken(head) || (isNounToken(tokens[j + 1]) && !verbAfterSubject(tokens, j + 1))) continue;
      if (verbAfterSubject(tokens, j)) continue;
      // The phrase: up to one noun in front of the head ("membership fee", "group lessons").
      const modifier =
        isNounToken(tokens[j - 1]) && !NUMBER_WORDS.has(tokens[j - 1]?.word ?? "") ? tokens[j - 1] : undefined;
      const start = modifier ? j - 1 : j;
      // "chosen from our song list": the list's modifier is the thing.
      if (modifier && LIST_HEADS.has(head.word)) {
        // "waiting list", "picking list": an act's list is a thing of its own.
        const listed = modifier.word.endsWith("ing") ? `${modifier.word}_${head.word}` : nameOf([modifier.word]);
        if (listed && !ROLE_ONLY_WORDS.has(modifier.word)) {
          const mention = byName.get(listed);
          if (mention) mention.evidence += 2;
          else byName.set(listed, { name: listed, position: s * 100_000 + j - 1, evidence: 2 });
        }
        continue;
      }
      const words = [...(modifier ? [modifier.word] : []), head.word];
      const singular = singularWord(head.word);
      const key = [...words.slice(0, -1), singular].join("_");
      const archetype = ARCHETYPES.get(key) ?? (modifier ? undefined : ARCHETYPES.get(singular));
      const name = archetype?.name ?? nameOf(words);
      if (!name || ROLE_ONLY_WORDS.has(head.word)) continue;
      const evidence = evidenceAt(tokens, start, j, modifier !== undefined);
      if (evidence === 0) continue;
      const mention = byName.get(name);
      if (mention) mention.evidence += evidence;
      else byName.set(name, { name, position: s * 100_000 + j, evidence, ...(archetype ? { archetype } : {}) });
    }
  });
  return [...byName.values()].filter((m) => m.evidence >= EVIDENCE_NEEDED);
}

function isNounToken(t: Token | undefined): t is Token {
  return (
    isWord(t) &&
    (t.pos === "NOUN" || (t.pos === "PROPN" && /^[A-Z]?[a-z]+$/.test(t.text))) &&
    /^[a-z]{3,}$/.test(t.word)
  );
}

/** How strongly the words around a noun phrase say it is a thing the app keeps. */
function evidenceAt(tokens: Sentence, start: number, head: number, compound: boolean): number {
  const plural = isPluralWord(tokens[head]?.word ?? "");
  let i = start - 1;
  let counted = false as boolean;
  while (i >= 0) {
    const t = tokens[i];
    if (!isWord(t)) break;
    if (t.word === "each" || t.word === "every") counted = true;
    if (!(
      DETERMINERS.has(t.word) ||
      POSSESSIVES.has(t.word) ||
      NUMBER_WORDS.has(t.word) ||
      /^\d+$/.test(t.word) ||
      t.pos === "ADJ" ||
      t.pos === "NUM" ||
      t.pos === "DET"
    ))
      break;
    i--;
  }
  const before = tokens[i];
  // "a kindergarten with four groups", "twelve hospitals": things the business counts.
  const numbered = tokens
    .slice(i + 1, start)
    .some((t) => NUMBER_WORDS.has(t.word) || /^\d+$/.test(t.word) || t.pos === "NUM");
  // "which animals live in which enclosure": asking which row goes with which is asking about a table.
  if (tokens[start - 1]?.word === "which" && tokens[start - 1]?.pos === "DET") counted = true;
  let evidence = counted ? 2 : numbered && plural ? NUMBERED_EVIDENCE : 0;
  // "send an inquiry", "create a purchase request", "open a ticket": making one new row of the thing.
  const article = tokens[start - 1]?.word;
  const verb = tokens[start - 2];
  if (
    !plural &&
    (article === "a" || article === "an") &&
    isWord(verb) &&
    verb.pos === "VERB" &&
    CREATING_VERBS.has(verb.lemma ?? "")
  ) {
    evidence += 2;
    counted = true;
  }
  // "a daily log for each child", "maintenance for each bike": kept once per thing, so a record.
  const per = tokens[head + 1]?.word;
  if ((per === "for" || per === "per" || per === "of") && ["each", "every"].includes(tokens[head + 2]?.word ?? "")) {
    evidence += 2;
    counted = true;
  }
  // "each client gets a training plan": a compound noun a counted thing has is a record of its own.
  const countedOwner = [3, 4].some((k) => ["each", "every"].includes(tokens[start - 1 - k]?.word ?? ""));
  if (
    compound &&
    !plural &&
    countedOwner &&
    ["a", "an"].includes(tokens[start - 1]?.word ?? "") &&
    HAVING_VERBS.has(tokens[start - 2]?.word ?? "")
  ) {
    evidence += 2;
    counted = true;
  }
  if (isWord(before)) {
    if (before.pos === "VERB" && CHOOSING_VERBS.has(before.lemma ?? "")) evidence += 2;
    else if (before.pos === "VERB" && EMPTY_VERBS.has(before.lemma ?? "") && plural && compound) evidence += 1;
    else if (before.pos === "VERB" && !EMPTY_VERBS.has(before.lemma ?? ""))
      evidence += RECORD_ACT_VERBS.has(before.lemma ?? "") ? 2 : 1;
    else if (before.word === "of" && OF_HEADS.has(tokens[i - 1]?.word ?? "")) evidence += 2;
    else if (before.pos === "ADP" && plural) evidence += 1;
  }
  // "deliveries are recorded", "sick leave should be recorded", "products are stored in bins": kept, in the passive.
  let k = tokens[head + 1]?.kind === "options" ? head + 2 : head + 1;
  while (isWord(tokens[k]) && (tokens[k]?.pos === "AUX" || tokens[k]?.pos === "ADV" || tokens[k]?.pos === "PART")) k++;
  const participle = tokens[k];
  if (
    k > head + 1 &&
    isWord(participle) &&
    /(?:ed|kept|held|made|done)$/.test(participle.word) &&
    RECORD_ACT_VERBS.has(participle.lemma ?? "")
  ) {
    evidence += 2;
    counted = true;
  }
  const after = tokens[head + 1];
  // "members book classes", "nurses can swap": a plural subject of a verb; "pages read." is a participle, not one.
  if (plural && isWord(after) && (after.pos === "AUX" || (after.pos === "VERB" && isWord(tokens[head + 2]))))
    evidence += 1;
  if (!plural && !counted) evidence = Math.min(evidence, 1);
  return evidence;
}

/** "each harvest records the yield": a verb form the tagger read as a noun, right after a counted subject. */
function verbAfterSubject(tokens: Sentence, at: number): boolean {
  const t = tokens[at];
  const subject = tokens[at - 1];
  if (!isWord(t) || !isWord(subject) || !VERBS.has(t.word) || !t.word.endsWith("s") || isPluralWord(subject.word))
    return false;
  const next = tokens[at + 1];
  return (
    isWord(next) &&
    (DETERMINERS.has(next.word) || POSSESSIVES.has(next.word) || next.pos === "DET" || next.pos === "NUM")
  );
}
