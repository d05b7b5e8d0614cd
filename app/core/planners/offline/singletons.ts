// One row per person from the way people ask for it: "members can edit their profile", "a my-account page with my
// name and phone number", "each user has personal settings for currency and language". Sentence by sentence: a
// person's possessive ("my", "their", "personal", "user") shortly before a singleton noun (profile, account page,
// settings, preferences) makes a singleton entity (`singleton: true`, one per user, shown as "My …"), with the
// fields the sentence lists after "with/including/containing/like/for" (a profile starts from a display name and a
// bio when it lists none; settings without fields are not planned). A noun the plan already has as an ordinary
// entity (a bank account in a finance tracker) is left alone. Requests it plans are no longer listed as not built.
import { humanize, pluralLabel } from "../../naming.ts";
import { fieldFromPhrase, type FieldDraft } from "./field-types.ts";
import { normalizeText, plainSentences } from "./text.ts";

type Json = Record<string, unknown>;

interface EntityDraft {
  name: string;
  fields: unknown[];
}

/** The nouns that name one thing per person, and the entity each becomes. */
const SINGLETON_NOUNS: Record<string, { entity: string; needsFields: boolean }> = {
  profile: { entity: "profile", needsFields: false },
  profiles: { entity: "profile", needsFields: false },
  bio: { entity: "profile", needsFields: false },
  settings: { entity: "setting", needsFields: true },
  preferences: { entity: "preference", needsFields: true },
};
/** "account" is also a thing people keep many of (bank accounts): only "account page/settings/details" is one per person. */
const ACCOUNT_PAGE_WORDS = new Set(["page", "settings", "details", "info", "information", "screen"]);
/** Words before the noun that make it a person's own; "each child's profile" is about a thing, not a person. */
const OWNER_WORDS = new Set([
  "my",
  "their",
  "his",
  "her",
  "your",
  "own",
  "personal",
  "user",
  "users",
  "member",
  "members",
]);
const LIST_STARTS = new Set(["with", "including", "containing", "showing", "like", "for", "where", "listing"]);
const LIST_SPLIT = new Set(["and", "or", "as", "well", "plus", "also"]);
const SYSTEM_FIELDS = new Set(["id", "owner_id", "created_at", "updated_at"]);
const PROFILE_FIELDS: FieldDraft[] = [
  { name: "display_name", type: "text", required: true, max: 80 },
  { name: "bio", type: "long_text", max: 2000 },
];

const sentencesOf = plainSentences;

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}',]+/u)
    .flatMap((w) => (w.includes(",") ? w.split(/(,)/) : [w]))
    .map((w) => w.replace(/'s?$/, ""))
    .filter(Boolean);

interface Found {
  entity: string;
  needsFields: boolean;
  /** Index of the word after the noun phrase. */
  after: number;
}

/** The singleton noun a sentence names with a possessive ("their profile", "my account page"), if any. */
function singletonNoun(words: string[]): Found | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const owned = (j: number) => {
      for (let k = j - 1; k >= Math.max(0, j - 3); k--) {
        const before = words[k] as string;
        if (OWNER_WORDS.has(before)) return true;
      }
      return false;
    };
    const known = SINGLETON_NOUNS[word];
    if (known && owned(i)) return { ...known, after: i + 1 };
    if (word === "account" && ACCOUNT_PAGE_WORDS.has(words[i + 1] ?? "") && owned(i))
      return { entity: "profile", needsFields: false, after: i + 2 };
  }
  return undefined;
}

/** The fields a sentence lists after the noun: "with their name, phone number and a short bio". */
function listedFields(words: string[], from: number): FieldDraft[] {
  const start = words.findIndex((w, i) => i >= from && LIST_STARTS.has(w));
  if (start < 0) return [];
  const phrases: string[][] = [[]];
  for (const word of words.slice(start + 1)) {
    if (word === "," || LIST_SPLIT.has(word)) {
      if ((phrases.at(-1) as string[]).length > 0) phrases.push([]);
      continue;
    }
    if (OWNER_WORDS.has(word) || ["a", "an", "the", "such"].includes(word)) continue;
    (phrases.at(-1) as string[]).push(word);
  }
  const fields: FieldDraft[] = [];
  for (const phrase of phrases) {
    if (phrase.length === 0 || phrase.length > 4) continue;
    const field = fieldFromPhrase(phrase);
    if (!field || SYSTEM_FIELDS.has(field.name) || fields.some((f) => f.name === field.name)) continue;
    fields.push(field);
  }
  return fields;
}

/** One person's one thing a sentence asks for, with the fields it lists. */
export interface SingletonRequest {
  entity: string;
  fields: FieldDraft[];
  /** The sentence's words, to recognise it among the requests not planned. */
  words: string;
}

/**
 * The singletons a prompt asks for, and the prompt without the field lists of their sentences ("… their profile
 * with their name, favourite genre and a short bio" keeps "… their profile"), so that the rest of the planner does
 * not take a profile's fields for things of their own.
 */
export function findSingletons(prompt: string): { requests: SingletonRequest[]; rest: string } {
  const requests: SingletonRequest[] = [];
  let rest = normalizeText(prompt);
  for (const sentence of sentencesOf(prompt)) {
    const words = wordsOf(sentence);
    const found = singletonNoun(words);
    if (!found || requests.some((r) => r.entity === found.entity)) continue;
    const listed = listedFields(words, found.after);
    if (found.needsFields && listed.length === 0) continue;
    requests.push({
      entity: found.entity,
      fields: found.entity === "profile" ? withProfileDefaults(listed) : listed,
      words: words.filter((w) => w !== ",").join(" "),
    });
    if (listed.length > 0) rest = rest.replace(sentence, withoutList(sentence));
  }
  return { requests, rest };
}

/** The sentence up to the word that starts its list of fields after the singleton noun. */
function withoutList(sentence: string): string {
  const noun = /\b(?:profile|profiles|bio|settings|preferences|account)\b/iu.exec(sentence);
  if (!noun) return sentence;
  const from = noun.index + noun[0].length;
  const list = new RegExp(`\\b(?:${[...LIST_STARTS].join("|")})\\b`, "iu").exec(sentence.slice(from));
  return list ? sentence.slice(0, from + list.index).trimEnd() : sentence;
}

/**
 * Adds the singletons found to `entities` (never one the plan has already as an ordinary entity: a bank account in a
 * finance tracker), and answers `notPlanned` minus the requests planned here.
 */
export function addSingletons(
  requests: SingletonRequest[],
  entities: (EntityDraft & Json)[],
  notPlanned: { not_planned?: string[] },
): { not_planned?: string[] } {
  const handled: string[] = [];
  for (const request of requests) {
    if (entities.some((e) => e.name === request.entity)) continue;
    const label = humanize(request.entity);
    entities.push({
      name: request.entity,
      label,
      plural_label: pluralLabel(label),
      singleton: true,
      ownership: "user",
      access: { read: ["*"], write: ["*"], manage: [] },
      fields: request.fields,
      display_field: (request.fields.find((f) => f.required) ?? request.fields[0])?.name,
    });
    handled.push(request.words);
  }
  const left = (notPlanned.not_planned ?? []).filter((request) => {
    const words = wordsOf(request).filter((w) => w !== ",");
    return !handled.some((h) => h.includes(words.join(" ")));
  });
  return left.length ? { not_planned: left } : {};
}

/** A profile's fields: what the sentence lists, with a display name to name it by when it lists none. */
function withProfileDefaults(listed: FieldDraft[]): FieldDraft[] {
  if (listed.length === 0) return PROFILE_FIELDS.map((f) => ({ ...f }));
  const name = listed.find((f) => f.type === "text" && /name/.test(f.name));
  // The name is what names the profile in lists and pickers, so it is required.
  if (name) return listed.map((f) => (f === name ? { ...f, required: true } : f));
  return [{ ...(PROFILE_FIELDS[0] as FieldDraft) }, ...listed];
}
