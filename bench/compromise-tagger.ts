// compromise behind the planner's tagger port, so the planner benchmark can compare it with wink-nlp on the same
// corpus. compromise tags with its own rule set; its tags are mapped to the Universal Dependencies ones wink reports.
import nlp from "compromise";
import type { EnglishTagger, PartOfSpeech } from "../app/core/planners/offline/english.ts";

interface CompromiseTerm {
  text: string;
  tags: string[];
  offset: { start: number; length: number };
  normal?: string;
}

function universalTag(tags: string[]): PartOfSpeech {
  const has = (t: string) => tags.includes(t);
  if (has("Auxiliary") || has("Modal") || has("Copula")) return "AUX";
  if (has("Verb")) return "VERB";
  if (has("ProperNoun")) return "PROPN";
  if (has("Pronoun") || has("Possessive")) return "PRON";
  if (has("Noun")) return "NOUN";
  if (has("Adjective")) return "ADJ";
  if (has("Adverb")) return "ADV";
  if (has("Determiner")) return "DET";
  if (has("Preposition")) return "ADP";
  if (has("Conjunction")) return "CCONJ";
  if (has("Value") || has("Cardinal")) return "NUM";
  return "X";
}

export const compromiseTagger: EnglishTagger = {
  name: "compromise",
  tag(text) {
    const doc = nlp(text);
    const terms = (
      doc.json({ offset: true, terms: { offset: true, normal: true } }) as { terms: CompromiseTerm[] }[]
    ).flatMap((s) => s.terms);
    return terms.map((t) => {
      const pos = universalTag(t.tags);
      const word = (t.normal ?? t.text).toLowerCase();
      const lemma =
        pos === "VERB"
          ? String(nlp(word).verbs().toInfinitive().text() || word)
          : pos === "NOUN"
            ? String(nlp(word).nouns().toSingular().text() || word)
            : word;
      return { start: t.offset.start, end: t.offset.start + t.offset.length, pos, lemma: lemma.toLowerCase() };
    });
  },
};
