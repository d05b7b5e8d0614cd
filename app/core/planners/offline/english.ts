// English structure for the offline planner: part-of-speech tags and lemmas from wink-nlp's statistical tagger
// (wink-eng-lite-web-model, Universal Dependencies tags), aligned to the planner's own tokens. Closed word lists
// cannot tell "booking rooms" (an act on rooms) from "bookings" (records), or "stay" the noun from "stay" the verb;
// a tagger that reads the words around them can. wink-nlp was chosen over compromise after both were run on the
// request corpus (docs/architecture.md records the numbers). Deterministic: the same text gives the same tags.
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Sentence } from "./text.ts";

/** Universal Dependencies coarse tags, as wink-nlp reports them. */
export type PartOfSpeech =
  | "ADJ"
  | "ADP"
  | "ADV"
  | "AUX"
  | "CCONJ"
  | "DET"
  | "INTJ"
  | "NOUN"
  | "NUM"
  | "PART"
  | "PRON"
  | "PROPN"
  | "PUNCT"
  | "SCONJ"
  | "SYM"
  | "VERB"
  | "X"
  | "SPACE";

export interface TaggedWord {
  start: number;
  end: number;
  pos: PartOfSpeech;
  lemma: string;
}

export interface EnglishTagger {
  readonly name: string;
  tag(text: string): TaggedWord[];
}

let wink: ReturnType<typeof winkNLP> | undefined;

/** The tagger the planner uses; the model loads on first use (about 50 ms), not at import. */
export const winkTagger: EnglishTagger = {
  name: "wink-nlp",
  tag(text) {
    wink ??= winkNLP(model, ["sbd", "pos"]);
    const its = wink.its;
    const tokens = wink.readDoc(text).tokens();
    const words = tokens.out();
    const spaces = tokens.out(its.precedingSpaces);
    const tags = tokens.out(its.pos) as PartOfSpeech[];
    // wink-nlp types its.lemma as needing add-ons the lite model carries built in.
    const lemmas = tokens.out(its.lemma as unknown as typeof its.value) as string[];
    const tagged: TaggedWord[] = [];
    let at = 0;
    words.forEach((word, i) => {
      at += (spaces[i] ?? "").length;
      const found = text.startsWith(word, at) ? at : text.indexOf(word, at);
      const start = found >= 0 && found - at < 4 ? found : at;
      tagged.push({ start, end: start + word.length, pos: tags[i] ?? "X", lemma: (lemmas[i] ?? word).toLowerCase() });
      at = start + word.length;
    });
    return tagged;
  },
};

/**
 * Tags the planner's sentences in place: each word token gets the tag and lemma of the tagger's token it starts in.
 * All sentences go through the tagger as one text (one call, sentence breaks kept) so the cost stays linear.
 */
export function tagSentences(sentences: Sentence[], tagger: EnglishTagger = winkTagger): void {
  const parts: string[] = [];
  const offsets: number[][] = [];
  let length = 0;
  for (const sentence of sentences) {
    const starts: number[] = [];
    for (const token of sentence) {
      const text = token.kind === "options" ? "," : token.text;
      if (parts.length) {
        parts.push(" ");
        length += 1;
      }
      starts.push(length);
      parts.push(text);
      length += text.length;
    }
    parts.push(" .");
    length += 2;
    offsets.push(starts);
  }
  const tagged = tagger.tag(parts.join(""));
  let k = 0;
  sentences.forEach((sentence, s) => {
    sentence.forEach((token, t) => {
      const start = offsets[s]?.[t] ?? 0;
      while (k < tagged.length && (tagged[k]?.end ?? 0) <= start) k++;
      const word = tagged[k];
      if (token.kind !== "word" || !word || word.start > start) return;
      token.pos = word.pos;
      token.lemma = word.lemma;
    });
    nounsAfterDeterminers(sentence);
    verbsAfterSubjects(sentence);
    verbsAfterModals(sentence);
  });
}

const SUBJECT_PRONOUNS = new Set(["who", "it", "he", "she", "that", "which"]);
const SUBJECT_OPENERS = new Set([
  "the",
  "a",
  "an",
  "each",
  "every",
  "this",
  "our",
  "my",
  "their",
  "your",
  "his",
  "her",
]);
const OBJECT_STARTS = new Set(["DET", "PRON", "ADV", "ADP", "SCONJ", "NUM"]);

/**
 * "the host clicks a button", "every employee who attends gets": an -s form right after a singular subject and
 * before what starts an object is the verb, though the tagger read a plural noun ("clicks", "attends").
 */
function verbsAfterSubjects(sentence: Sentence): void {
  for (let i = 1; i < sentence.length - 1; i++) {
    const t = sentence[i];
    if (t?.kind !== "word" || t.pos !== "NOUN" || !/^[a-z]{3,}s$/.test(t.word) || /ss$/.test(t.word)) continue;
    const subject = sentence[i - 1];
    const next = sentence[i + 1];
    if (subject?.kind !== "word" || !next) continue;
    const pronoun = SUBJECT_PRONOUNS.has(subject.word);
    // "a system that stores readings": after a relative pronoun even a noun can start the object.
    const relative = ["who", "that", "which"].includes(subject.word) && next.kind === "word" && next.pos === "NOUN";
    // "when the customer books, …": a subject and its verb ending the clause that "when" opens.
    const clauseEnd =
      next.kind !== "word" &&
      ["when", "if", "once", "after", "before", "until", "as"].includes(sentence[i - 3]?.word ?? "");
    if (!OBJECT_STARTS.has(next.pos ?? "") && !relative && !clauseEnd) continue;
    // "the host clicks", "our history museum offers": a singular noun phrase opened by an article or possessive.
    const opener = [sentence[i - 2], sentence[i - 3]].find((w) => w?.kind === "word" && SUBJECT_OPENERS.has(w.word));
    const singularNoun =
      subject.pos === "NOUN" &&
      !subject.word.endsWith("s") &&
      opener !== undefined &&
      (opener === sentence[i - 2] || sentence[i - 2]?.pos === "NOUN") &&
      // "the host clicks a button"; not "our building projects where …", "my insurance policies in the app".
      (clauseEnd || (next.kind === "word" && ["DET", "NUM"].includes(next.pos ?? "")));
    if (!pronoun && !singularNoun) continue;
    t.pos = "VERB";
    t.lemma = t.word.replace(/(?:(?<=[sxz]|ch|sh)es|s)$/, "");
  }
}

const NOMINAL_DETERMINERS = new Set(["a", "an", "the", "each", "every", "this", "these", "those", "any", "no"]);
const POSSESSIVE_DETERMINERS = new Set(["my", "our", "their", "his", "her", "its", "your"]);

/**
 * "every milking", "the daily feeding": a determiner (and its adjectives) is never followed by a verb, so an
 * -ing form the tagger read as one is the noun of the act. Its lemma becomes the word itself, as for other nouns.
 */
function nounsAfterDeterminers(sentence: Sentence): void {
  for (let i = 1; i < sentence.length; i++) {
    const t = sentence[i];
    if (t?.kind !== "word" || t.pos !== "VERB" || !/^[a-z]{3,}$/.test(t.word)) continue;
    let j = i - 1;
    while (j >= 0 && sentence[j]?.kind === "word" && sentence[j]?.pos === "ADJ") j--;
    const before = sentence[j];
    if (before?.kind !== "word") continue;
    // "the exercises given", "their exercises": any verb form; after "a"/"each" only the -ing form is safe to read
    // as a noun ("each costs" is rare, "a planned visit" is an adjective).
    const gerund = /ings?$/.test(t.word);
    if (
      POSSESSIVE_DETERMINERS.has(before.word) ||
      (NOMINAL_DETERMINERS.has(before.word) && (gerund || (j === i - 1 && /s$/.test(t.word) && before.word === "the")))
    ) {
      t.pos = "NOUN";
      t.lemma = gerund ? t.word : t.lemma;
    }
  }
}

const PERSONAL_PRONOUNS = new Set(["we", "they", "i", "you"]);
const MODALS = new Set(["to", "can", "could", "should", "must", "will", "would", "may", "might", "cannot"]);

/**
 * "nurses can state their availability and swap shifts": a base-form verb after a modal, or joined by "and" to a
 * base-form verb before it, with its object after it, though the tagger read a noun modifying the object.
 */
function verbsAfterModals(sentence: Sentence): void {
  for (let i = 1; i < sentence.length - 1; i++) {
    const t = sentence[i];
    const next = sentence[i + 1];
    if (t?.kind !== "word" || t.pos !== "NOUN" || !/^[a-z]{3,}$/.test(t.word) || /(?:s|ing|ed)$/.test(t.word)) continue;
    if (next?.kind !== "word" || !["NOUN", "DET", "PRON", "ADJ", "NUM"].includes(next.pos ?? "")) continue;
    const before = sentence[i - 1];
    let parallel = false;
    // Not after a comma: "we log feedings, diaper changes and sleep" is a list of nouns.
    const joined = before?.kind === "word" && (before.word === "and" || before.word === "or");
    if (joined) {
      // "can state … and swap shifts", "we plan sprints and drag issues into a sprint".
      for (let j = i - 2; j >= Math.max(0, i - 7) && !parallel; j--) {
        const v = sentence[j];
        if (v?.kind !== "word") break;
        const lead = sentence[j - 1]?.word ?? "";
        parallel = v.pos === "VERB" && v.lemma === v.word && (MODALS.has(lead) || PERSONAL_PRONOUNS.has(lead));
      }
    }
    if (!parallel && !(before?.kind === "word" && MODALS.has(before.word))) continue;
    t.pos = "VERB";
    t.lemma = t.word;
  }
}
