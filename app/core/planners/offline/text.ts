// Tokenising free text for the offline planner. There is no part-of-speech tagger here on purpose: small closed
// word lists (determiners, prepositions, common verbs, adjectives) are enough to cut a prompt into noun phrases,
// stay deterministic and run in linear time.
import pluralize from "pluralize";
import type { PartOfSpeech } from "./english.ts";

export interface Token {
  /** As written (letters keep their case), used for labels and names. */
  text: string;
  /** Lower-case, possessive "'s" removed; what every rule matches against. */
  word: string;
  kind: "word" | "punct" | "options";
  /** Options listed in parentheses after a word, e.g. "priority (low, medium, high)". */
  options?: string[];
  /** Part of speech in context and lemma, from the English tagger (english.ts); absent until tagged. */
  pos?: PartOfSpeech;
  lemma?: string;
}

export type Sentence = Token[];

const OPTIONS_MARK = /\uE000(\d+)\uE001/u;
const TOKEN = /\uE000\d+\uE001|#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|[\p{L}\p{N}]+(?:'[\p{L}]+)?|[.,;:!?&/]/gu;
const SENTENCE_END = new Set([".", "!", "?", ";"]);

/** Normalises punctuation and spelling variants that would otherwise split or hide words. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, ", ")
    .replace(/\be\.g\./gi, "eg")
    .replace(/\bi\.e\./gi, "ie")
    .replace(/\be-mail/gi, "email")
    .replace(/\bto-do/gi, "todo");
}

/** Splits text into sentences of tokens. Bullet lines and blank lines end a sentence. */
/** The lower-case words of a text (letters and digits), for the feature planners that match words. */
export function plainWords(text: string): string[] {
  return normalizeText(text)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The sentences of a prompt as plain strings, for the feature planners that read whole sentences. */
export function plainSentences(prompt: string): string[] {
  return normalizeText(prompt)
    .split(/[.!?;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function tokenize(text: string): Sentence[] {
  const options: string[][] = [];
  const withMarks = normalizeText(text)
    .replace(/^\s*(?:[-*+\u2022]|\d+[.)])\s+/gm, ". ")
    .replace(/\n\s*\n/g, ". ")
    .replace(/\(([^()]{1,400})\)/g, (_match, inner: string) => {
      const parsed = splitOptions(inner);
      if (parsed.length < 2) return ` ${inner} `;
      options.push(parsed);
      return ` \uE000${options.length - 1}\uE001 `;
    });
  const sentences: Sentence[] = [];
  let current: Sentence = [];
  for (const match of withMarks.matchAll(TOKEN)) {
    const raw = match[0];
    const marked = OPTIONS_MARK.exec(raw);
    if (marked) {
      current.push({ text: raw, word: "", kind: "options", options: options[Number(marked[1])] ?? [] });
      continue;
    }
    if (/^[.,;:!?&/]$/.test(raw)) {
      if (SENTENCE_END.has(raw)) {
        if (current.length) sentences.push(current);
        current = [];
      } else {
        current.push({ text: raw, word: raw, kind: "punct" });
      }
      continue;
    }
    const word = raw.toLowerCase().replace(/'s$/, "");
    current.push({ text: raw.replace(/'s$/i, ""), word, kind: "word" });
  }
  if (current.length) sentences.push(current);
  return sentences;
}

/** "low, medium, high" / "open/closed" / "yes or no" -> option identifiers. */
export function splitOptions(inner: string): string[] {
  const parts = inner
    .split(/\s*(?:,|\/|\||;|\bor\b|\band\b)\s*/i)
    .map((p) => optionIdentifier(p))
    .filter((p): p is string => p !== undefined);
  return [...new Set(parts)].slice(0, 100);
}

export function optionIdentifier(text: string): string | undefined {
  const id = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/^(?:e\.?g\.?|i\.?e\.?|like|such as|etc\.?)\s+/, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 48)
    .replace(/_+$/, "");
  return id && id !== "etc" ? id : undefined;
}

export function isWord(token: Token | undefined): token is Token {
  return token?.kind === "word";
}

const words = (list: string) => new Set(list.trim().split(/\s+/));

export const DETERMINERS =
  words(`a an the each every per one this that these those any another some my our your their his her
  its all both either no its own whose which what les des los las gli der dem une una uno`);
export const POSSESSIVES = words("my our your their his her its");
export const PREPOSITIONS = words(`with for of in on at by from to into onto about against across via without under over
  between among through during after before like including within along around than as per until`);
export const CONJUNCTIONS = words("and or but nor so yet then plus also & / ,");
export const CLAUSE_WORDS = words(`that which who whom whose where when while because so if then but although though
  unless until since whether how why what once`);
export const PRONOUNS = words(`i we you he she it they me us him them myself ourselves yourself themselves itself
  everyone everybody someone somebody anyone anybody nobody nothing something anything everything`);
export const ADVERBS = words(`also only just easily quickly always usually often typically simply then too very really
  still already even soon later now first finally ideally optionally currently mainly mostly`);
export const AUXILIARIES =
  words(`is are was were be been being am has have had having do does did can could should would
  will shall may might must need needs want wants`);

/** Words that describe rather than name; dropped from the front of a noun phrase. */
export const ADJECTIVES =
  words(`simple small basic little big large huge tiny new old daily weekly monthly yearly annual
  shared personal private public upcoming past recent current active various different several many multiple more fewer
  other main general custom internal external online offline local open available billable free quick easy
  nice cool modern beautiful clean good great better best full complete entire whole individual single separate
  related future previous next last first second third extra additional optional required important key certain
  specific own particular favourite favorite preferred real actual potential possible regular special standard
  existing incoming outgoing pending overdue late early digital physical total average`);

export const NUMBER_WORDS = words("one two three four five six seven eight nine ten dozen hundred thousand few");

const VERB_BASES = `accept add allow announce approve award archive arrange ask assign attach attend be become book borrow browse build buy
  calculate call cancel capture carry catch change charge chat check choose claim clean close collect combine come comment
  complete compute confirm connect contain control convert coordinate copy create customise customize decide define
  delete deliver describe design display distribute do download drive drop edit email enable enroll enrol enter
  estimate export fill filter find finish fix follow generate get give go grade handle hate help hire hold host import
  include invite join keep know learn leave let like link list live load log look love maintain make manage mark match
  meet monitor move need notify offer open order organise organize own pay pick pin place plan play post prefer
  prepare print process provide publish purchase put rate reach read receive record reference register reject relate
  remind remove rent reorder repair reply report request require reserve respond return review run save schedule
  search see sell send serve set share ship show sign sort split start stay stock store submit subscribe suggest
  support tag take talk teach tell test think track train transfer travel try turn update upload use view visit vote
  label pin star bookmark flag rank favourite favorite archive dispatch
  want watch work write`;

/** Common verbs in every inflection: a noun phrase never contains one before its head. */
export const VERBS: ReadonlySet<string> = (() => {
  const set = new Set<string>();
  for (const base of VERB_BASES.trim().split(/\s+/)) {
    set.add(base);
    set.add(
      /(?:s|sh|ch|x|z)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`,
    );
    const stem = base.endsWith("e") ? base.slice(0, -1) : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}i` : base;
    set.add(`${stem}ed`);
    set.add(`${base.endsWith("e") && base !== "be" ? base.slice(0, -1) : base}ing`);
  }
  for (const w of "is are was were been being am has have had having did done does made got gave went taken saw seen sent sold bought kept paid left built met told thought wrote written ran".split(
    " ",
  ))
    set.add(w);
  return set;
})();

/**
 * Whether a token is a verb where it stands. The closed list says which words can be verbs; for "-ing" forms the
 * tagger decides, because "training plans" and "trading positions" are nouns while "adding products" is an act.
 */
export function actsAsVerb(token: Token): boolean {
  if (!VERBS.has(token.word)) return false;
  return !(token.word.endsWith("ing") && (token.pos === "NOUN" || token.pos === "PROPN" || token.pos === "ADJ"));
}

export function isPluralWord(word: string): boolean {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return false;
  if (IRREGULAR_SINGULARS[word] !== undefined) return IRREGULAR_SINGULARS[word] !== word;
  const singular = singularWord(word);
  return singular !== word && pluralize.plural(singular) === word;
}

/** Plurals pluralize gets wrong; kept local so the shared pluralize instance is not changed. */
const IRREGULAR_SINGULARS: Record<string, string> = {
  lenses: "lens",
  canvases: "canvas",
  campuses: "campus",
  bonuses: "bonus",
  viruses: "virus",
  censuses: "census",
  aliases: "alias",
  buses: "bus",
  gases: "gas",
  statuses: "status",
  syllabuses: "syllabus",
  bases: "base",
  courses: "course",
  criteria: "criterion",
  data: "data",
  media: "media",
  species: "species",
  series: "series",
};

// pluralize runs dozens of regular expressions per word; prompts repeat words, so results are remembered (bounded).
const singularCache = new Map<string, string>();

export function singularWord(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  let singular = singularCache.get(word);
  if (singular === undefined) {
    singular = IRREGULAR_SINGULARS[word] ?? pluralize.singular(word);
    if (singularCache.size > 20_000) singularCache.clear();
    singularCache.set(word, singular);
  }
  return singular;
}

/** Everything that ends a noun phrase when read backwards or forwards. */
export function isBoundaryWord(word: string): boolean {
  return (
    DETERMINERS.has(word) ||
    PREPOSITIONS.has(word) ||
    CONJUNCTIONS.has(word) ||
    CLAUSE_WORDS.has(word) ||
    PRONOUNS.has(word) ||
    ADVERBS.has(word) ||
    AUXILIARIES.has(word)
  );
}
