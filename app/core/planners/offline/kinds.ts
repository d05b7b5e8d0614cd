// "We rent city bikes, e-bikes and tandems", "a joint account, two personal accounts and a savings account", "sea and
// air shipments": a coordinated list whose items share one head noun names kinds of that one thing, not several
// things. The list becomes the head noun followed by its kinds as options, as if written "bikes (city bike, e bike,
// tandem)", so every later rule sees one thing with a type.
import pluralize from "pluralize";

import {
  DETERMINERS,
  NUMBER_WORDS,
  POSSESSIVES,
  isPluralWord,
  isWord,
  optionIdentifier,
  singularWord,
  type Sentence,
  type Token,
} from "./text.ts";

interface Item {
  start: number;
  end: number;
  words: Token[];
}

/**
 * Rewrites the tagged sentence. `isThing` says whether a head noun can name a table at all: "start date, end date and
 * due date" are fields of one thing, never kinds of a "date".
 */
export function sharedHeadKinds(tokens: Sentence, isThing: (head: string) => boolean): Sentence {
  const out: Sentence = [];
  for (let i = 0; i < tokens.length; i++) {
    const list = listAt(tokens, i);
    const kinds = list && kindsOf(list, isThing);
    if (!list || !kinds) {
      out.push(tokens[i]!);
      continue;
    }
    const last = list
      .filter((it) => it.words.length > 1)
      .at(-1)!
      .words.at(-1)!;
    const head = singularWord(last.word);
    const plural = isPluralWord(last.word) ? last.word : pluralize.plural(head);
    out.push({ ...last, text: plural, word: plural, pos: "NOUN", lemma: head });
    out.push({ text: `(${kinds.join(", ")})`, word: "", kind: "options", options: kinds });
    i = list.at(-1)!.end;
  }
  return out;
}

/** Items of one to three words, articles and numbers in front skipped, joined by commas, "and" and "or". */
function listAt(tokens: Sentence, from: number): Item[] | undefined {
  // A list starts at its first word: not inside a noun phrase, not after its article.
  const before = tokens[from - 1];
  if (isWord(before) && (isNoun(before) || before.pos === "ADJ" || isArticle(before))) return undefined;
  const items: Item[] = [];
  let i = from;
  for (;;) {
    const start = i;
    while (isWord(tokens[i]) && isArticle(tokens[i]!)) i++;
    const words: Token[] = [];
    while (words.length < 4 && isWord(tokens[i]) && (isNoun(tokens[i]) || tokens[i]?.pos === "ADJ")) {
      words.push(tokens[i]!);
      i++;
    }
    if (words.length === 0 || words.length === 4 || !isNoun(words.at(-1))) break;
    items.push({ start, end: i - 1, words });
    const sep = tokens[i]?.word;
    const next = tokens[i + 1]?.word;
    if (sep === "," && (next === "and" || next === "or")) i += 2;
    else if (sep === "," || sep === "and" || sep === "or") i += 1;
    else break;
    if (items.length > 12) break;
  }
  if (items.length < 2) return undefined;
  // The list ends at its last item, not at a separator that led nowhere.
  return items;
}

/**
 * The kinds, when at least two items are "<kind> <head>" with the same head and the others are single nouns
 * ("tandems"), or when single words share the last item's plural head ("sea and air shipments").
 */
function kindsOf(items: Item[], isThing: (head: string) => boolean): string[] | undefined {
  const last = items.at(-1)!.words;
  const pairs = items.filter((it) => it.words.length > 1);
  const head = singularWord((pairs[0] ?? items.at(-1)!).words.at(-1)!.word);
  if (!isThing(head)) return undefined;
  const headed = pairs.filter((it) => singularWord(it.words.at(-1)!.word) === head);
  const singles = items.filter((it) => it.words.length === 1);
  if (headed.length + singles.length !== items.length) return undefined;
  // "sea and air shipments" shares the head; "a patient and lists medicines" (a verb read as a noun) does not.
  const distributive =
    headed.length === 1 &&
    last.length > 1 &&
    isPluralWord(last.at(-1)!.word) &&
    headed[0] === items.at(-1) &&
    singles.every((it) => !isPluralWord(it.words[0]!.word)) &&
    items.every((it) => it.end - it.start + 1 === it.words.length);
  if (headed.length < 2 && !distributive) return undefined;
  // "rooms and room types": a single noun that is the head itself is the thing, not a kind of it.
  if (singles.some((it) => singularWord(it.words[0]!.word) === head)) return undefined;
  const kinds = items.map((it) =>
    it.words.length > 1
      ? optionIdentifier(
          `${it.words
            .slice(0, -1)
            .map((w) => w.word)
            .join(" ")} ${head}`,
        )
      : optionIdentifier(distributive ? `${it.words[0]!.word} ${head}` : singularWord(it.words[0]!.word)),
  );
  if (kinds.some((k) => k === undefined) || new Set(kinds).size !== kinds.length) return undefined;
  return kinds as string[];
}

function isArticle(t: Token): boolean {
  return DETERMINERS.has(t.word) || POSSESSIVES.has(t.word) || NUMBER_WORDS.has(t.word) || /^\d+$/.test(t.word);
}

function isNoun(t: Token | undefined): boolean {
  return isWord(t) && (t.pos === "NOUN" || t.pos === "PROPN") && /^[a-z]+$/.test(t.word);
}
