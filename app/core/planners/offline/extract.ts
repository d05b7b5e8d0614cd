// Reads a free-text app description into facts: which entities it names, the fields it lists for them, how they
// relate, who the users are and what they may do. No model, no network: closed word lists and a handful of
// sentence patterns, applied once per token, so a 200-entity prompt reads as fast as a 5-entity one.
import { identifierFrom } from "../../naming.ts";
import { tagSentences, winkTagger, type EnglishTagger } from "./english.ts";
import { RECORD_ACT_VERBS } from "./verbs.ts";
import { sharedHeadKinds } from "./kinds.ts";
import { thingMentions } from "./things.ts";
import { isColourName, stylingSentence } from "./theme.ts";
import { fieldFromPhrase, inferField, sameField, type FieldDraft } from "./field-types.ts";
import { findCandidates, type Candidate } from "./mentions.ts";
import {
  COLLABORATIVE,
  FIRST_PERSON,
  MY_THINGS,
  STRONG_PERSONAL,
  accessRules,
  detectProviders,
  roleMentions,
  roleSubjects,
  rolesListed,
  type AccessRule,
  type Provider,
} from "./people.ts";
import {
  ADJECTIVES,
  AUXILIARIES,
  CLAUSE_WORDS,
  DETERMINERS,
  NUMBER_WORDS,
  PREPOSITIONS,
  PRONOUNS,
  VERBS,
  actsAsVerb,
  isBoundaryWord,
  isPluralWord,
  isWord,
  optionIdentifier,
  singularWord,
  tokenize,
  type Sentence,
  type Token,
} from "./text.ts";
import {
  ARCHETYPES,
  DOMAIN_WORDS,
  FOREIGN_NOUNS,
  FOREIGN_ROLES,
  NON_ENTITY_WORDS,
  ROLE_ONLY_WORDS,
  SINGULAR_ONLY_NON_ENTITIES,
  VERB_NOUNS,
  type Archetype,
} from "./vocabulary.ts";

/** A field the prompt lists for an entity; `entity` is set when the item names an entity ("a company"). */
export interface FieldMention {
  field: FieldDraft;
  entity?: string;
  /** The prompt listed the options, e.g. "priority (low, high)". */
  optionsGiven: boolean;
}

export interface EntityFacts {
  name: string;
  archetype?: Archetype;
  /** Label in the prompt's own script when the noun was not English ("顧客"). */
  label?: string;
  /** Where it was first named: entities keep the prompt's order. */
  position: number;
  fields: FieldMention[];
  /** Named only as someone who acts ("teachers manage courses"): a role, not a table. */
  roleOnly: boolean;
}

export type { AccessRule, Provider };

export interface RelationHint {
  from: string;
  to: string;
  /** strong: the text says which side holds the key; weak: archetype knowledge may turn it around. */
  strength: "strong" | "weak";
  manyToMany?: boolean;
}

/** An entity implied by a verb: "members book classes" implies bookings of classes by members. */
export interface ImpliedEntity {
  name: string;
  position: number;
  links: string[];
}

export interface Extraction {
  entities: Map<string, EntityFacts>;
  relations: RelationHint[];
  implied: ImpliedEntity[];
  /** Entities the text says can be tagged. */
  tagged: string[];
  roles: string[];
  access: AccessRule[];
  providers: Provider[];
  personal: boolean;
  collaborative: boolean;
  /** The tagged sentences entities were read from (styling sentences left out). */
  sentences: Sentence[];
}

const TRIGGER_WORDS = new Set(
  `track tracks tracking manage manages managing store stores storing log logs logging record records recording keep
  keeps organize organise organizes organises catalog catalogue catalogs list lists handle handles maintain maintains
  monitor monitors schedule schedules register registers sell sells rent rents plan plans collect collects save saves
  follow follows administer administers with for of about including include includes like : covering entities tables
  models objects resources data need needs want wants add adds view see manages oversee oversees`.split(/\s+/),
);
const FIELD_INTRODUCERS = new Set(
  "has have having with including includes include contains contain containing records stores tracks needs gets : tienen tiene con avec mit hat haben ont".split(
    " ",
  ),
);
const VERB_INTRODUCERS = new Set([
  "has",
  "have",
  "having",
  "records",
  "stores",
  "tracks",
  "needs",
  "gets",
  "contains",
  "contain",
  "includes",
  "include",
  "tienen",
  "tiene",
  "hat",
  "haben",
  "ont",
]);
const OWNER_GAP = new Set([
  "also",
  "usually",
  "should",
  "must",
  "can",
  "will",
  "always",
  "typically",
  "often",
  "then",
  "would",
  "may",
  "might",
  "each",
  "all",
  "only",
  "to",
  "need",
  "needs",
  "generally",
]);
const SEPARATORS = new Set([",", "and", "or", "&", "plus", "/", "y", "et", "und", "oder", "ou"]);
const PAIR_WORDS = new Set([
  "start",
  "end",
  "check_in",
  "check_out",
  "pickup",
  "pick_up",
  "drop_off",
  "dropoff",
  "return",
  "first",
  "last",
  "opening",
  "closing",
  "arrival",
  "departure",
  "begin",
  "finish",
  "billing",
  "shipping",
  "min",
  "minimum",
  "max",
  "maximum",
  "home",
  "work",
  "from",
  "to",
]);
const PAIR_HEADS = new Set([
  "date",
  "dates",
  "time",
  "times",
  "name",
  "names",
  "address",
  "addresses",
  "number",
  "numbers",
  "price",
  "prices",
  "location",
  "locations",
]);
/** Verbs that imply a record of the act: "members book classes" -> bookings. */
const ACT_NOUNS: Record<string, string> = {
  book: "booking",
  books: "booking",
  booking: "booking",
  reserve: "reservation",
  reserves: "reservation",
  enroll: "enrollment",
  enrolls: "enrollment",
  enrol: "enrollment",
  enrols: "enrollment",
  borrow: "loan",
  borrows: "loan",
  ship: "shipment",
  ships: "shipment",
  rate: "rating",
  rates: "rating",
  rent: "rental",
  rents: "rental",
  donate: "donation",
  donates: "donation",
};
/**
 * Acts that leave a record, by lemma (the tagger's, so every inflection counts): "members sign up for lessons" keeps
 * sign-ups, "nurses swap shifts" keeps swaps. Only when a person acts on a thing the app keeps (impliedByVerbs).
 */
const ACT_RECORDS: Record<string, string> = {
  register: "registration",
  subscribe: "subscription",
  pay: "payment",
  vote: "vote",
  upvote: "vote",
  swap: "swap",
  apply: "application",
  deliver: "delivery",
  review: "review",
  comment: "comment",
  message: "message",
  feed: "feeding",
  inspect: "inspection",
  visit: "visit",
  attend: "attendance",
  plant: "planting",
  harvest: "harvest",
  milk: "milking",
  bid: "bid",
  assess: "assessment",
  complain: "complaint",
  score: "score",
  grade: "grade",
  evaluate: "evaluation",
  treat: "treatment",
  vaccinate: "vaccination",
  lend: "loan",
  loan: "loan",
  measure: "measurement",
  perform: "performance",
  rehearse: "rehearsal",
  audition: "audition",
  transfer: "transfer",
  deposit: "deposit",
  withdraw: "withdrawal",
  order: "order",
  favourite: "favourite",
  favorite: "favorite",
  bookmark: "bookmark",
  check_in: "check_in",
  check_out: "checkout",
  clock_in: "time_entry",
  clock_out: "time_entry",
  sign_up: "signup",
  signup: "signup",
  refuel: "refuel",
  fill_up: "fill_up",
  walk: "walk",
  tip: "tip",
  donate: "donation",
  reserve: "reservation",
  book: "booking",
  enrol: "enrollment",
  enroll: "enrollment",
  borrow: "loan",
  rent: "rental",
  ship: "shipment",
  rate: "rating",
};
/** Acts whose direct object is the record itself ("register patients"); only "register for camps" keeps a registration. */
const ACTS_THROUGH_PREPOSITION = new Set([
  "registration",
  "subscription",
  "application",
  "vote",
  "comment",
  "signup",
  "enrollment",
  "check_in",
  "checkout",
  "complaint",
]);
/** Nouns that are fields when listed among fields ("workouts with a date and notes"). */
const FIELD_FIRST = new Set(["note", "memo", "attachment", "photo", "image", "document", "file"]);
const PERSON_FIELD_WORDS = new Set([
  "assignee",
  "owner",
  "reporter",
  "organizer",
  "organiser",
  "host",
  "participant",
  "approver",
  "reviewer",
]);
/** Verbs whose plural object is a kind of record: "submit applications", "record damage reports". */
const RECORD_VERBS = new Set(
  `submit create add track log record store file open publish upload schedule book reserve rent borrow sell buy order
  write post leave place hold assign issue raise enter save collect keep plan organize organise list register announce
  award review score approve process handle manage follow send ship receive catalog catalogue import host run teach`
    .split(/\s+/)
    .flatMap((v) => [v, /(?:s|sh|ch|x)$/.test(v) ? `${v}es` : `${v}s`]),
);
const PEOPLE_OBJECTS = new Set(["them", "him", "her", "it"]);
/** Words for where a record's details are shown, not records of their own. */
const CONTAINER_WORDS = new Set(["profile", "record", "page", "card", "entry", "sheet", "file", "form", "section"]);
/** Heads too generic to name a table alone ("items") that do with a kind in front ("auction items"). */
const GENERIC_HEADS = new Set(["item", "entry", "record", "thing"]);

export function extract(prompt: string, tagger: EnglishTagger = winkTagger): Extraction {
  // The styling sentence feeds the theme only: "a seashell background and sienna buttons" names no thing to keep.
  const sentences = tokenize(prompt)
    .filter((tokens) => !stylingSentence(tokens.filter(isWord).map((t) => t.word)))
    .map(examplesAsOptions);
  tagSentences(sentences, tagger);
  sentences.forEach((tokens, s) => {
    sentences[s] = sharedHeadKinds(tokens, (head) => unknownEntityName([head]) !== undefined);
  });
  const state: Extraction = {
    entities: new Map(),
    relations: [],
    implied: [],
    tagged: [],
    roles: [],
    access: [],
    providers: [],
    personal: false,
    collaborative: COLLABORATIVE.test(prompt),
    sentences,
  };
  const roleNames = new Set<string>();
  const addRole = (name: string) => {
    if (!roleNames.has(name) && roleNames.size < 19) {
      roleNames.add(name);
      state.roles.push(name);
    }
  };
  const seenAsRecord = new Set<string>();
  const seenAsRole = new Set<string>();
  const readSentences: { tokens: Sentence; counted: Candidate[] }[] = [];

  sentences.forEach((tokens, s) => {
    const base = s * 100_000;
    // "the app shows how much is left", "who attends gets a ticket": a word the tagger reads as a verb where it
    // stands is no mention of a thing there, whatever the vocabulary knows it as elsewhere.
    const candidates = findCandidates(tokens).filter((c) => c.start !== c.end || !verbOfSubject(tokens, c.start));
    const consumed = new Uint8Array(tokens.length);
    const addEntity = (name: string, position: number, archetype?: Archetype, label?: string): EntityFacts => {
      let entity = state.entities.get(name);
      if (!entity) {
        entity = {
          name,
          position,
          fields: [],
          roleOnly: false,
          ...(archetype ? { archetype } : {}),
          ...(label ? { label } : {}),
        };
        state.entities.set(name, entity);
      }
      return entity;
    };

    // Roles: people who act ("admins can see everything", "teachers manage courses").
    for (const role of roleMentions(tokens)) addRole(role);
    const subjects = roleSubjects(tokens, candidates);
    for (const c of subjects) {
      addRole(c.name);
      seenAsRole.add(c.name);
    }

    // Field lists: "each deal has a value, a stage and a close date".
    for (const list of fieldLists(tokens, candidates, consumed)) {
      const owner = list.owner;
      const entity = addEntity(owner.name, base + owner.start, owner.archetype, owner.label);
      seenAsRecord.add(owner.name);
      for (const item of list.items) {
        if (item.candidate && item.candidate.plural && !(item.field && FIELD_FIRST.has(item.candidate.name))) {
          addEntity(item.candidate.name, base + item.candidate.start, item.candidate.archetype, item.candidate.label);
          seenAsRecord.add(item.candidate.name);
          state.relations.push({ from: item.candidate.name, to: owner.name, strength: "weak" });
        } else if (item.entityName) {
          addEntity(item.entityName, base + owner.end + 1, undefined);
          seenAsRecord.add(item.entityName);
          state.relations.push({ from: item.entityName, to: owner.name, strength: "weak" });
        } else if (item.field) {
          entity.fields.push({
            field: item.field,
            optionsGiven: item.optionsGiven,
            ...(item.candidate ? { entity: item.candidate.name } : {}),
          });
        }
      }
    }

    // Lists of nouns: "track leads, companies and deals", "Landlord portal: properties, units and tenants".
    for (const item of entityLists(tokens, candidates, consumed)) {
      addEntity(item.name, base + item.start, item.archetype, item.label);
      seenAsRecord.add(item.name);
    }

    // Plural objects of verbs that create records: "submit applications", "borrow tools", "follow shows".
    const objects = verbObjects(tokens, candidates, consumed);
    for (const o of objects) {
      addEntity(o.name, base + o.start, o.archetype, o.label);
      seenAsRecord.add(o.name);
    }
    const counted = candidates.filter((c) => c.counted && !isConsumed(consumed, c));
    for (const c of counted) {
      addEntity(c.name, base + c.start, c.archetype, c.label);
      if (!subjects.includes(c)) seenAsRecord.add(c.name);
    }

    readSentences.push({ tokens, counted });
    const free = [...candidates.filter((c) => !isConsumed(consumed, c)), ...objects.filter((o) => !o.archetype)].sort(
      (a, b) => a.start - b.start,
    );
    for (const act of impliedByVerbs(tokens, free, base, state.implied)) {
      for (const c of [act.subject, act.object]) {
        if (!c) continue;
        addEntity(c.name, base + c.start, c.archetype, c.label);
        seenAsRecord.add(c.name);
      }
    }
    taggedSubjects(tokens, counted, state.tagged);
    state.access.push(...accessRules(tokens, candidates));
    detectProviders(tokens, state.providers);
  });

  // What the sentence structure says people act on, beyond the patterns above.
  for (const thing of thingMentions(sentences, unknownEntityName)) {
    if (state.entities.has(thing.name) || roleNames.has(thing.name) || seenAsRole.has(thing.name)) continue;
    state.entities.set(thing.name, {
      name: thing.name,
      position: thing.position,
      fields: [],
      roleOnly: false,
      ...(thing.archetype ? { archetype: thing.archetype } : {}),
    });
    seenAsRecord.add(thing.name);
  }

  // Relations are read once every entity is known, so "widgets belong to gadgets" links nouns the vocabulary lacks.
  for (const { tokens, counted } of readSentences)
    relationsBetween(tokens, withEntityMentions(tokens, counted, state.entities), state.relations);

  // CJK and other unspaced scripts: find known nouns inside the text.
  for (const [word, name] of FOREIGN_NOUNS) {
    if (!/[\u3040-\u30ff\u3400-\u9fff]/u.test(word)) continue;
    const at = prompt.indexOf(word);
    if (at < 0 || state.entities.has(name)) continue;
    state.entities.set(name, {
      name,
      label: word,
      position: at,
      fields: [],
      roleOnly: false,
      ...(ARCHETYPES.get(name) ? { archetype: ARCHETYPES.get(name) } : {}),
    });
    seenAsRecord.add(name);
  }
  for (const [word, role] of FOREIGN_ROLES) if (prompt.toLowerCase().includes(word)) addRole(role);
  const onlyRule = /([^\s、。,.]+?)だけが([^\s、。,.]+?)を(?:編集|追加|削除|管理|変更)/u.exec(prompt);
  if (onlyRule) {
    const role = [...FOREIGN_ROLES].find(([w]) => onlyRule[1]?.includes(w))?.[1];
    const entity = [...FOREIGN_NOUNS].find(([w]) => onlyRule[2]?.includes(w))?.[1];
    if (role && entity) state.access.push({ kind: "write", roles: [role], entities: [entity] });
  }
  for (const role of rolesListed(prompt)) addRole(role);

  kindsOfEntities(sentences, state.entities);
  for (const person of assignedPeople(sentences)) {
    if (!state.entities.has(person.name))
      state.entities.set(person.name, {
        name: person.name,
        position: person.position,
        fields: [],
        roleOnly: false,
        ...(ARCHETYPES.get(person.name) ? { archetype: ARCHETYPES.get(person.name) } : {}),
      });
    seenAsRecord.add(person.name);
  }
  for (const entity of [...state.entities.values()]) {
    // A noun the prompt lists fields for is a thing, whatever the tagger made of one of its uses ("runs with distance").
    if (!entity.archetype && !entity.label && entity.fields.length === 0 && !thingName(entity.name, sentences))
      state.entities.delete(entity.name);
  }
  for (const entity of state.entities.values()) {
    entity.roleOnly = seenAsRole.has(entity.name) && !seenAsRecord.has(entity.name) && entity.fields.length === 0;
  }
  state.personal =
    STRONG_PERSONAL.test(prompt) || ((FIRST_PERSON.test(prompt) || MY_THINGS.test(prompt)) && !state.collaborative);
  return state;
}

/** A word the tagger reads as a verb between its subject and what follows it ("the app shows how", "who attends"). */
function verbOfSubject(tokens: Sentence, at: number): boolean {
  const t = tokens[at];
  const subject = tokens[at - 1];
  const next = tokens[at + 1];
  if (t?.pos !== "VERB" || /ing$/.test(t.word) || !isWord(subject)) return false;
  if (subject.pos === "PRON" && ["who", "that", "which", "it", "he", "she"].includes(subject.word)) return true;
  return (
    (subject.pos === "NOUN" || subject.pos === "PROPN") &&
    isWord(next) &&
    ["PRON", "DET", "SCONJ", "ADV", "NUM"].includes(next.pos ?? "")
  );
}

function isConsumed(consumed: Uint8Array, c: { start: number; end: number }): boolean {
  for (let i = c.start; i <= c.end; i++) if (consumed[i]) return true;
  return false;
}

interface FieldListItem {
  field?: FieldDraft;
  candidate?: Candidate;
  optionsGiven: boolean;
  /** A plural noun that is no column name ("checklists"): a table linked to the owner, not a field. */
  entityName?: string;
}

interface FieldList {
  owner: Candidate;
  items: FieldListItem[];
}

function fieldLists(tokens: Sentence, candidates: Candidate[], consumed: Uint8Array): FieldList[] {
  const lists: FieldList[] = [];
  const byEnd = new Map(candidates.map((c) => [c.end, c]));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || consumed[i] || !FIELD_INTRODUCERS.has(t.word)) continue;
    const owner = ownerBefore(tokens, i, byEnd, candidates);
    if (!owner) continue;
    const parsed = readFieldItems(tokens, i + 1, candidates);
    if (parsed.items.length === 0) continue;
    // "activities (running, cycling) with distance and duration": the examples are the kinds of the owner.
    const kinds = tokens[i - 1]?.kind === "options" ? (tokens[i - 1]?.options ?? []) : [];
    if (
      kinds.length >= 2 &&
      !parsed.items.some((item) => ["type", "kind", "category"].includes(item.field?.name ?? ""))
    ) {
      parsed.items.unshift({ field: { name: "type", type: "enum", options: kinds }, optionsGiven: true });
    }
    const entityItems = parsed.items.filter((item) => item.candidate?.plural || item.entityName).length;
    if (entityItems * 2 > parsed.items.length && parsed.items.length > 1) continue;
    if (parsed.items.every((item) => !item.field && !item.candidate?.plural)) continue;
    // "runs with distance, duration and route": an unknown noun owns a "with" list only when it reads as fields.
    if (
      owner.tentative &&
      parsed.items.filter((item) => item.field && (fieldLike(item.field.name) || item.field.type !== "text")).length *
        2 <
        parsed.items.length
    )
      continue;
    for (let k = i; k < parsed.end; k++) consumed[k] = 1;
    lists.push({ owner: betterOwner(tokens, owner, candidates, parsed.items), items: parsed.items });
    i = parsed.end - 1;
  }
  return lists;
}

/**
 * "log time entries against cases with hours and a rate": when the noun before "with" follows a preposition, the
 * fields may belong to the noun before it. The one whose known shape already has more of the fields wins.
 */
function betterOwner(tokens: Sentence, owner: Candidate, candidates: Candidate[], items: FieldListItem[]): Candidate {
  let j = owner.start - 1;
  while (j >= 0 && (DETERMINERS.has(tokens[j]?.word ?? "") || ADJECTIVES.has(tokens[j]?.word ?? ""))) j--;
  if (!PREPOSITIONS.has(tokens[j]?.word ?? "")) return owner;
  const earlier = [...candidates].reverse().find((c) => c.end < j && (c.counted || c.plural) && c.archetype);
  if (!earlier?.archetype) return owner;
  const names = items.map((item) => item.field?.name).filter((n): n is string => n !== undefined);
  const overlap = (c: Candidate) =>
    names.filter((n) => c.archetype?.fields.some((f) => f.name === n || sameField(f, { name: n, type: f.type })))
      .length;
  return overlap(earlier) > overlap(owner) ? earlier : owner;
}

function ownerBefore(
  tokens: Sentence,
  introducer: number,
  byEnd: Map<number, Candidate>,
  candidates: Candidate[],
): Candidate | undefined {
  const word = tokens[introducer]?.word ?? "";
  let j = introducer - 1;
  if (tokens[j]?.kind === "options") j--;
  while (j >= 0 && OWNER_GAP.has(tokens[j]?.word ?? "")) j--;
  if (j < 0) return undefined;
  const known = byEnd.get(j);
  if (known) return known;
  const prev = tokens[j];
  // "... and have a start time": the sentence's subject owns the list.
  if (prev && (prev.word === "and" || prev.word === ",") && VERB_INTRODUCERS.has(word)) {
    const subject = candidates.find((c) => c.start < j);
    return subject;
  }
  if (word === ":" || !isWord(prev)) return undefined;
  // "each dog has a profile with breed and age": the profile is where the subject's fields are shown.
  if (
    word === "with" &&
    CONTAINER_WORDS.has(prev.word) &&
    ["a", "an"].includes(tokens[j - 1]?.word ?? "") &&
    VERB_INTRODUCERS.has(tokens[j - 2]?.word ?? "")
  ) {
    const subject = byEnd.get(j - 3) ?? ownerBefore(tokens, j - 2, byEnd, candidates);
    if (subject) return subject;
  }
  // An unknown noun owns a field list when the text is clearly defining it: "each pizza has", "pizzas have".
  const np = nounPhraseEndingAt(tokens, j);
  if (!np) return undefined;
  const det = tokens[np.start - 1];
  const head = singularWord(np.words.at(-1) ?? "");
  const name = unknownEntityName(np.words) ?? (GENERIC_HEADS.has(head) ? head : undefined);
  if (!name) return undefined;
  const plural = isPluralWord(np.words.at(-1) ?? "");
  const defining =
    (isWord(det) && ["each", "every", "a", "an"].includes(det.word) && VERB_INTRODUCERS.has(word)) ||
    (isWord(det) && (det.word === "each" || det.word === "every")) ||
    (plural && VERB_INTRODUCERS.has(word));
  const tentative = !defining && plural && word === "with";
  if (!defining && !tentative) return undefined;
  return { start: np.start, end: j, name, plural, counted: true, inList: false, ...(tentative ? { tentative } : {}) };
}

function nounPhraseEndingAt(tokens: Sentence, end: number): { start: number; words: string[] } | undefined {
  const words: string[] = [];
  let i = end;
  while (i >= 0 && words.length < 3) {
    const t = tokens[i];
    // The head may look like a verb ("runs with a distance"); words before it may not.
    if (
      !isWord(t) ||
      isBoundaryWord(t.word) ||
      (actsAsVerb(t) && !(i === end && isPluralWord(t.word))) ||
      ADJECTIVES.has(t.word)
    )
      break;
    words.unshift(t.word);
    i--;
  }
  return words.length ? { start: i + 1, words } : undefined;
}

/** Items of a field list, stopping where the list clearly ends (a verb, a clause word, the next subject). */
function readFieldItems(
  tokens: Sentence,
  from: number,
  candidates: Candidate[],
): { items: FieldListItem[]; end: number } {
  const items: { words: string[]; options?: string[]; start: number; end: number }[] = [];
  let current: { words: string[]; options?: string[]; start: number; end: number } | undefined;
  let i = from;
  const close = () => {
    if (current && current.words.length) items.push(current);
    current = undefined;
  };
  let end = from;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) break;
    if (t.kind === "options") {
      if (current) current.options = t.options;
      else if (items.length) {
        const last = items.at(-1);
        if (last) last.options = t.options;
      }
      end = i + 1;
      continue;
    }
    if (t.word === "plus" && tokens[i + 1]?.word === "one") {
      current ??= { words: [], start: i, end: i };
      current.words.push("plus", "one");
      current.end = i + 1;
      end = i + 2;
      i++;
      continue;
    }
    if (SEPARATORS.has(t.word) || (t.word === "as" && tokens[i + 1]?.word === "well")) {
      close();
      if (t.word === "as") i += 2;
      continue;
    }
    if (!isWord(t)) break;
    if (!current) {
      // A new item that starts like a clause ends the list.
      const gerundModifier =
        t.word.endsWith("ing") && isWord(tokens[i + 1]) && !SEPARATORS.has(tokens[i + 1]?.word ?? "");
      if (
        (CLAUSE_WORDS.has(t.word) && t.word !== "whether") ||
        PRONOUNS.has(t.word) ||
        (AUXILIARIES.has(t.word) && t.word !== "need") ||
        (VERBS.has(t.word) && !isNounish(t.word) && !gerundModifier) ||
        ["each", "every", "then", "so", "but"].includes(t.word)
      )
        break;
      current = { words: [], start: i, end: i };
    }
    if (current.words.length >= 7 && !current.words.includes("whether")) break;
    // "exercises with sets and reps": a nested list belongs to the noun before "with"; leave it for its own pass.
    if (t.word === "with" && current.words.length > 0 && !current.words.includes("whether")) {
      // "..., plus shoes with mileage": the noun before the nested "with" starts its own list.
      if (isPluralWord(current.words.at(-1) ?? "") && items.length > 0) {
        end = current.start;
      } else if (CONTAINER_WORDS.has(current.words.at(-1) ?? "") && items.length === 0) {
        // "has a profile with breed and age": the list after "with" is the owner's own; let its pass read it.
        end = current.start;
      } else {
        items.push(current);
        end = i;
      }
      current = undefined;
      break;
    }
    if (
      !current.words.includes("whether") &&
      current.words.length > 0 &&
      (AUXILIARIES.has(t.word) || (CLAUSE_WORDS.has(t.word) && t.word !== "whether"))
    )
      break;
    // "..., and managers approve them": a subject and its verb end the list; the subject is no field.
    if (
      current.words.length > 0 &&
      t.pos === "VERB" &&
      actsAsVerb(t) &&
      !isPluralWord(t.word) &&
      isPluralWord(current.words.at(-1) ?? "") &&
      isWord(tokens[i + 1])
    ) {
      current = undefined;
      break;
    }
    current.words.push(t.word);
    current.end = i;
    end = i + 1;
  }
  if (current && (current as { words: string[] }).words.length) {
    const c = current as { words: string[]; options?: string[]; start: number; end: number };
    items.push(c);
    end = Math.max(end, c.end + 1);
  }
  distributePairHeads(items);
  const result: FieldListItem[] = [];
  for (const item of items) {
    const candidate = candidates.find(
      (c) => c.start >= item.start && c.end <= item.end && headOf(item.words) === (tokens[c.end]?.word ?? ""),
    );
    const field = fieldFromPhrase(item.words, item.options ? { options: item.options } : {});
    if (candidate && !field && !candidate.plural) continue;
    if (!field && !candidate) {
      if (result.length === 0) return { items: [], end: from };
      break;
    }
    const last = item.words.at(-1) ?? "";
    const entityName =
      !candidate &&
      !item.options &&
      field &&
      field.type === "text" &&
      isPluralWord(last) &&
      !fieldLike(field.name) &&
      !PERSON_FIELD_WORDS.has(singularWord(last)) &&
      !FIELD_FIRST.has(singularWord(last))
        ? unknownEntityName(item.words.filter((w) => !DETERMINERS.has(w)))
        : undefined;
    result.push({
      ...(field ? { field } : {}),
      ...(candidate ? { candidate } : {}),
      optionsGiven: item.options !== undefined,
      ...(entityName ? { entityName } : {}),
    });
  }
  return { items: result, end };
}

function isNounish(word: string): boolean {
  if (VERBS.has(word) && !isPluralWord(word) && VERB_NOUNS.has(word)) return false;
  return (
    ARCHETYPES.has(singularWord(word)) ||
    inferField(word).type !== "text" ||
    [
      "name",
      "title",
      "notes",
      "description",
      "address",
      "location",
      "status",
      "type",
      "category",
      "color",
      "colour",
      "size",
      "code",
      "source",
    ].includes(word)
  );
}

function headOf(words: string[]): string {
  const cut = words.findIndex((w, i) => i > 0 && PREPOSITIONS.has(w) && w !== "of");
  const head = cut > 0 ? words.slice(0, cut) : words;
  return head.at(-1) ?? "";
}

/** "a start and end time" -> start_time, end_time; "check-in and check-out dates" -> check_in_date, check_out_date. */
function distributePairHeads(items: { words: string[] }[]): void {
  for (let k = 0; k + 1 < items.length; k++) {
    const item = items[k];
    const next = items[k + 1];
    if (!item || !next) continue;
    const words = item.words.filter((w) => !DETERMINERS.has(w));
    const key = words.join("_");
    const head = next.words.at(-1) ?? "";
    if (PAIR_WORDS.has(key) && PAIR_HEADS.has(head) && next.words.length >= 2)
      item.words = [...words, singularWord(head)];
  }
}

interface ListItem {
  start: number;
  end: number;
  name: string;
  archetype?: Archetype;
  label?: string;
}

/** Comma/and lists of nouns. Known nouns in a list always count; unknown ones when the list is clearly of things to keep. */
function entityLists(tokens: Sentence, candidates: Candidate[], consumed: Uint8Array): ListItem[] {
  // A lone singular verb-noun ("agents reply", "tag them") is read as the verb it usually is.
  const spans = candidates.filter((c) => c.end > c.start || c.plural || !VERBS.has(tokens[c.start]?.word ?? ""));
  const known: KnownSpans = {
    inside: new Set(spans.flatMap((c) => Array.from({ length: c.end - c.start + 1 }, (_, k) => c.start + k))),
    ends: new Set(spans.map((c) => c.end)),
  };
  // Segments between separators, over tokens not already read as field lists.
  const segments: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    const boundary =
      i === tokens.length || consumed[i] === 1 || (t !== undefined && (SEPARATORS.has(t.word) || t.kind === "options"));
    if (boundary) {
      if (i > start) segments.push({ start, end: i - 1 });
      start = i + 1;
    }
  }
  const results: ListItem[] = [];
  let k = 0;
  while (k < segments.length) {
    const first = segments[k];
    if (!first) break;
    const tail = phraseAtEnd(tokens, first, known);
    if (!tail) {
      k++;
      continue;
    }
    const items = [tail];
    let j = k + 1;
    for (; j < segments.length; j++) {
      const seg = segments[j];
      if (!seg || !adjacent(tokens, segments[j - 1], seg, consumed)) break;
      const whole = wholePhrase(tokens, seg, known);
      if (whole) {
        items.push(whole);
        continue;
      }
      const head = phraseAtStart(tokens, seg, known);
      if (head) items.push(head);
      j++;
      break;
    }
    if (items.length >= 2) {
      const before = tokens[tail.start - 1];
      const triggered =
        tail.start === 0 ||
        (before !== undefined && (TRIGGER_WORDS.has(before.word) || before.word === ":")) ||
        precededByTrigger(tokens, tail.start);
      const known = items.map((item) => candidates.find((c) => c.start >= item.start && c.end === item.end));
      const anyKnown = known.some((c) => c !== undefined && (c.plural || c.archetype?.mass));
      if (triggered || anyKnown) {
        items.forEach((item, index) => {
          const c = known[index];
          const compound =
            c && c.start > item.start && !DOMAIN_WORDS.has(tokens[item.start]?.word ?? "")
              ? unknownEntityName(item.words)
              : undefined;
          if (c && compound && !c.archetype?.person) {
            results.push({ start: item.start, end: item.end, name: compound });
            return;
          }
          if (c) {
            if (c.archetype?.person && !c.plural && !triggered) return;
            c.inList = true;
            results.push({
              start: c.start,
              end: c.end,
              name: c.name,
              ...(c.archetype ? { archetype: c.archetype } : {}),
              ...(c.label ? { label: c.label } : {}),
            });
            return;
          }
          const lastWord = tokens[item.end]?.word ?? "";
          if (!triggered && !isPluralWord(lastWord)) return;
          const name = unknownEntityName(item.words);
          if (name) results.push({ start: item.start, end: item.end, name });
        });
      }
    }
    k = Math.max(j - 1, k + 1);
  }
  return results;
}

function adjacent(
  tokens: Sentence,
  a: { end: number } | undefined,
  b: { start: number },
  consumed: Uint8Array,
): boolean {
  if (!a) return false;
  for (let i = a.end + 1; i < b.start; i++) {
    const t = tokens[i];
    if (consumed[i] || !t || !(SEPARATORS.has(t.word) || t.kind === "options")) return false;
  }
  return true;
}

function precededByTrigger(tokens: Sentence, start: number): boolean {
  let i = start - 1;
  while (
    i >= 0 &&
    isWord(tokens[i]) &&
    (DETERMINERS.has(tokens[i]?.word ?? "") ||
      ADJECTIVES.has(tokens[i]?.word ?? "") ||
      /^\d+$/.test(tokens[i]?.word ?? ""))
  )
    i--;
  const t = tokens[i];
  return i < 0 || (t !== undefined && (TRIGGER_WORDS.has(t.word) || t.word === ":"));
}

interface Phrase {
  start: number;
  end: number;
  words: string[];
}

/** Token indices inside known nouns of a sentence: "check-ins", "purchase orders" are nouns whatever their words. */
interface KnownSpans {
  inside: Set<number>;
  ends: Set<number>;
}

function isPhraseWord(tokens: Sentence, at: number, known: KnownSpans): boolean {
  const t = tokens[at];
  if (!isWord(t)) return false;
  if (known.inside.has(at)) return true;
  if (isBoundaryWord(t.word) || !/^[\p{L}][\p{L}\p{N}]*$/u.test(t.word)) return false;
  if (!actsAsVerb(t) || isNounish(t.word)) return true;
  // A verb form that ends a list item is a noun: "fertilizer logs, ...", "watering schedule and ...".
  const next = tokens[at + 1];
  return !isWord(next) || SEPARATORS.has(next.word);
}

/** The noun phrase a segment ends with: "Track [products]", "We sell [garden tools]". */
function phraseAtEnd(tokens: Sentence, seg: { start: number; end: number }, known: KnownSpans): Phrase | undefined {
  let i = seg.end;
  while (i >= seg.start && isPhraseWord(tokens, i, known) && seg.end - i < 3) i--;
  const start = skipModifiers(tokens, i + 1, seg.end);
  if (start > seg.end) return undefined;
  return { start, end: seg.end, words: tokens.slice(start, seg.end + 1).map((t) => t.word) };
}

/** The noun phrase a segment starts with: "[stock movements] between warehouses". */
function phraseAtStart(tokens: Sentence, seg: { start: number; end: number }, known: KnownSpans): Phrase | undefined {
  const start = skipModifiers(tokens, seg.start, seg.end);
  let i = start;
  while (i <= seg.end && isPhraseWord(tokens, i, known) && i - start < 3) {
    i++;
    if (known.ends.has(i - 1) && !known.inside.has(i)) break;
  }
  if (i === start) return undefined;
  return { start, end: i - 1, words: tokens.slice(start, i).map((t) => t.word) };
}

function wholePhrase(tokens: Sentence, seg: { start: number; end: number }, known: KnownSpans): Phrase | undefined {
  const start = skipModifiers(tokens, seg.start, seg.end);
  if (start > seg.end || seg.end - start >= 3) return undefined;
  for (let i = start; i <= seg.end; i++) if (!isPhraseWord(tokens, i, known)) return undefined;
  return { start, end: seg.end, words: tokens.slice(start, seg.end + 1).map((t) => t.word) };
}

function skipModifiers(tokens: Sentence, from: number, to: number): number {
  let i = from;
  while (
    i < to &&
    isWord(tokens[i]) &&
    (DETERMINERS.has(tokens[i]?.word ?? "") ||
      ADJECTIVES.has(tokens[i]?.word ?? "") ||
      NUMBER_WORDS.has(tokens[i]?.word ?? "") ||
      /^\d+$/.test(tokens[i]?.word ?? ""))
  )
    i++;
  while (i <= to && isWord(tokens[i]) && DETERMINERS.has(tokens[i]?.word ?? "")) i++;
  return i;
}

/** A table name for a noun the vocabulary does not know, or undefined when the words are not a plausible noun. */
export function unknownEntityName(words: string[]): string | undefined {
  const kept = words.filter(
    (w) => !ADJECTIVES.has(w) && !DETERMINERS.has(w) && !NUMBER_WORDS.has(w) && !/^\d+$/.test(w),
  );
  if (kept.length === 0 || kept.length > 3) return undefined;
  const tail = kept.slice(-2);
  const last = tail.at(-1) ?? "";
  // "auction items", "menu entries": a generic head names a thing once a noun says what kind.
  const kindOf =
    tail.length === 2 &&
    GENERIC_HEADS.has(singularWord(last)) &&
    !NON_ENTITY_WORDS.has(tail[0] ?? "") &&
    !VERBS.has(tail[0] ?? "");
  if (!kindOf && tail.some((w) => NON_ENTITY_WORDS.has(w) || ROLE_ONLY_WORDS.has(w))) return undefined;
  // "place orders", "reserve tables": a verb in front is an action, not part of the name.
  if (tail.length > 1 && VERBS.has(tail[0] ?? "") && !isPluralWord(tail[0] ?? "") && !(tail[0] ?? "").endsWith("ing"))
    return undefined;
  if (tail.length === 1 && DOMAIN_WORDS.has(last)) return undefined;
  const singular = singularWord(last);
  if (!kindOf && NON_ENTITY_WORDS.has(singular) && !(SINGULAR_ONLY_NON_ENTITIES.has(singular) && singular !== last))
    return undefined;
  // Participles and adverbs ("once accepted", "finished") are not names of things.
  if (tail.some((w) => /^[a-z]{4,}(?:ed|ly)$/.test(w) && !ARCHETYPES.has(w))) return undefined;
  const name = identifierFrom([...tail.slice(0, -1), singular].join(" "));
  if (!name || name.length < 2) return undefined;
  if (tail.length === 1 && fieldLike(name)) return undefined;
  return name;
}

/** Numbers that are also records of their own: a level, score or rating is often a table of its own rows. */
const COUNTED_RECORDS = new Set(["level", "score", "rating", "grade", "vote", "reading", "measurement", "result"]);

/** Words that are columns wherever they appear; numbers and choices ("levels", "scores") can be tables. */
function fieldLike(name: string): boolean {
  const type = inferField(name).type;
  return (
    ["email", "phone", "url", "date", "datetime", "money", "boolean", "long_text"].includes(type) ||
    ((type === "integer" || type === "decimal") && !COUNTED_RECORDS.has(name)) ||
    [
      "name",
      "title",
      "address",
      "location",
      "source",
      "color",
      "colour",
      "code",
      "description",
      "type",
      "status",
      "priority",
    ].includes(name)
  );
}

const RELATION_PATTERNS: { pattern: RegExp; kind: "strong" | "weak"; reverse?: boolean; manyToMany?: boolean }[] = [
  {
    pattern:
      /^(?:(?:should|must|will|can|also|each|always|all|only|usually)\s+)*(?:belongs?|belonging)\s+to(?:\s+(?:a|an|one|the|their|its|exactly one|a single))?$/,
    kind: "strong",
  },
  {
    pattern:
      /^(?:(?:are|is|be|should be|must be|can be)\s+)?(?:linked|tied|attached|connected|related)\s+to(?:\s+(?:a|an|one|the|their|its))?$/,
    kind: "strong",
  },
  { pattern: /^(?:for|of)\s+(?:each|every)$|^per$|^(?:one|a)\s+per$/, kind: "strong" },
  {
    pattern:
      /^(?:are|is)\s+(?:made|composed)\s+(?:up\s+)?of$|^made\s+(?:up\s+)?of$|^(?:are\s+|is\s+)?(?:split|divided|organi[sz]ed)\s+into$/,
    kind: "strong",
    reverse: true,
  },
  {
    pattern:
      /^(?:has|have|contains?|includes?|holds?)\s+(?:many|multiple|several|one or more|some|a list of|a number of|lots of)$/,
    kind: "strong",
    reverse: true,
  },
  {
    pattern: /^(?:can\s+)?(?:carry|carries|have|has)\s+(?:many|multiple|several|any number of)$/,
    kind: "strong",
    manyToMany: true,
  },
  {
    pattern:
      /^(?:(?:are|is)\s+)?assigned\s+to(?:\s+(?:a|an|the))?$|^(?:to|for|from|in|at|on|inside|within)(?:\s+(?:a|an|the|their|its))?$/,
    kind: "weak",
  },
  { pattern: /^(?:(?:are|is)\s+)?with(?:\s+(?:a|an|the|their|its|one))?$/, kind: "weak" },
];

/** Adds mentions of entities found elsewhere in the prompt (nouns the vocabulary does not know) to a sentence's. */
function withEntityMentions(tokens: Sentence, counted: Candidate[], entities: Map<string, EntityFacts>): Candidate[] {
  const taken = new Set(counted.flatMap((c) => Array.from({ length: c.end - c.start + 1 }, (_, k) => c.start + k)));
  const mentions = [...counted];
  for (let i = 0; i < tokens.length; i++) {
    if (taken.has(i) || !isWord(tokens[i])) continue;
    for (let n = 3; n >= 1; n--) {
      const window = tokens.slice(i, i + n);
      if (window.length < n || !window.every(isWord) || window.some((_, k) => taken.has(i + k))) continue;
      const words = window.map((t) => t.word);
      const last = words.at(-1) ?? "";
      const said = [...words.slice(0, -1), singularWord(last)].join("_");
      // "auction items ... bids on items": a bare head stands for the one compound that ends in it.
      const compounds =
        n === 1 && !entities.has(said) ? [...entities.keys()].filter((e) => e.endsWith(`_${said}`)) : [];
      const name = compounds.length === 1 ? (compounds[0] ?? said) : said;
      if (!entities.has(name) || entities.get(name)?.archetype) continue;
      mentions.push({
        start: i,
        end: i + n - 1,
        name,
        plural: singularWord(last) !== last,
        counted: true,
        inList: false,
      });
      i += n - 1;
      break;
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** Relations the text states between two neighbouring entity nouns. */
function relationsBetween(tokens: Sentence, mentions: Candidate[], out: RelationHint[]): void {
  for (let k = 0; k + 1 < mentions.length; k++) {
    const a = mentions[k];
    const b = mentions[k + 1];
    if (!a || !b || a.name === b.name) continue;
    const between = tokens.slice(a.end + 1, b.start);
    if (between.length > 6 || between.some((t) => !isWord(t))) continue;
    const text = between
      .map((t) => t.word)
      .filter((w) => !ADJECTIVES.has(w) && !NUMBER_WORDS.has(w))
      .join(" ");
    for (const rule of RELATION_PATTERNS) {
      if (!rule.pattern.test(text)) continue;
      const [from, to] = rule.reverse && b.plural ? [b, a] : [a, b];
      out.push({ from: from.name, to: to.name, strength: rule.kind, ...(rule.manyToMany ? { manyToMany: true } : {}) });
      break;
    }
  }
}

function verbObjects(tokens: Sentence, candidates: Candidate[], consumed: Uint8Array): Candidate[] {
  const found: Candidate[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    const verb = tokens[i];
    // "browsing, searching and filtering auction items": a tagged verb of the record vocabulary takes an object too.
    const recordAct =
      RECORD_VERBS.has(verb?.word ?? "") || (verb?.pos === "VERB" && RECORD_ACT_VERBS.has(verb.lemma ?? ""));
    if (!isWord(verb) || consumed[i] || !recordAct) continue;
    if (candidates.some((c) => c.start <= i && c.end >= i && c.counted)) continue;
    let j = i + 1;
    while (
      j < tokens.length &&
      isWord(tokens[j]) &&
      (DETERMINERS.has(tokens[j]?.word ?? "") ||
        ADJECTIVES.has(tokens[j]?.word ?? "") ||
        NUMBER_WORDS.has(tokens[j]?.word ?? "") ||
        /^[a-z]{4,}ed$/.test(tokens[j]?.word ?? ""))
    )
      j++;
    if (consumed[j]) continue;
    const known = candidates.find((c) => c.start === j);
    if (known) {
      if (known.plural || known.archetype?.mass) {
        known.counted = true;
        found.push(known);
      }
      continue;
    }
    const words: string[] = [];
    let k = j;
    while (
      k < tokens.length &&
      words.length < 3 &&
      isWord(tokens[k]) &&
      !consumed[k] &&
      !isBoundaryWord(tokens[k]?.word ?? "") &&
      !(actsAsVerb(tokens[k] as Token) && !isPluralWord(tokens[k]?.word ?? ""))
    ) {
      words.push(tokens[k]?.word ?? "");
      k++;
    }
    const last = words.at(-1) ?? "";
    // "record each trade": one of many is as good as the plural.
    const each = ["each", "every"].includes(tokens[j - 1]?.word ?? "") && tokens[k - 1]?.pos === "NOUN";
    if (
      !(isPluralWord(last) || each) ||
      (isWord(tokens[k]) && !isBoundaryWord(tokens[k]?.word ?? "") && !SEPARATORS.has(tokens[k]?.word ?? ""))
    )
      continue;
    // "hotel rooms" are the rooms the vocabulary knows; "trading opportunities" are not a sales pipeline's
    // opportunities: a compound over a known noun names its own thing unless the modifier is only the place.
    const head = candidates.find((c) => c.start > j && c.end === k - 1 && c.archetype);
    if (head && words.length - (head.end - head.start + 1) === 1 && DOMAIN_WORDS.has(words[0] ?? "")) {
      head.counted = true;
      found.push(head);
      continue;
    }
    const name = unknownEntityName(words);
    if (name && !fieldLike(singularWord(name))) {
      found.push({ start: j, end: k - 1, name, plural: true, counted: true, inList: false });
      if (head) head.counted = false;
    }
  }
  for (const c of [...found, ...candidates.filter((x) => x.counted)]) {
    const object = objectOfRecord(tokens, c, candidates, consumed);
    if (object && !found.some((f) => f.start === object.start)) found.push(object);
  }
  return found;
}

/** "members book classes" -> a booking entity linking member and class; "owners book appointments" -> appointment -> owner. */
function impliedByVerbs(
  tokens: Sentence,
  mentions: Candidate[],
  base: number,
  out: ImpliedEntity[],
): { subject?: Candidate; object?: Candidate }[] {
  const acts: { subject?: Candidate; object?: Candidate }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!isWord(t)) continue;
    const particle = tokens[i + 1]?.word;
    const phrasal =
      particle === "up" || particle === "in" || particle === "out"
        ? ACT_RECORDS[`${t.lemma ?? t.word}_${particle}`]
        : undefined;
    // "employees clock in and out" keeps time entries of whoever clocks, with nothing else to act on.
    // "which children are present each day": being present or absent is attendance, a record per person and day.
    const presence =
      (t.word === "present" || t.word === "absent") && AUXILIARIES.has(tokens[i - 1]?.word ?? "")
        ? "attendance"
        : undefined;
    const known = presence ?? ACT_NOUNS[t.word] ?? (t.word === "clock" || t.word === "clocks" ? phrasal : undefined);
    const noun = known ?? phrasal ?? (t.pos === "VERB" ? ACT_RECORDS[t.lemma ?? ""] : undefined);
    if (!noun || mentions.some((m) => m.start <= i && m.end >= i && m.counted)) continue;
    if (presence) {
      const present = mentions.find((m) => m.end === i - 2 && m.plural);
      if (present) {
        out.push({ name: presence, position: base + i, links: [present.name] });
        acts.push({ subject: present });
      }
      continue;
    }
    // "a rate", "the booking": after a determiner the word is the noun, not the act.
    if (DETERMINERS.has(tokens[i - 1]?.word ?? "") || ADJECTIVES.has(tokens[i - 1]?.word ?? "")) continue;
    if (PEOPLE_OBJECTS.has(tokens[i + 1]?.word ?? "")) continue;
    const from = phrasal ? i + 1 : i;
    // "members pay a yearly membership fee": a person's act on one thing is a record too.
    const actor = [...mentions].reverse().find((m) => m.end < i && m.end >= i - 3 && m.archetype?.person && m.plural);
    const object = mentions.find(
      (m) =>
        m.start > from &&
        m.start <= from + 4 &&
        (m.plural || m.counted || actor !== undefined) &&
        tokens
          .slice(from + 1, m.start)
          .every(
            (x) =>
              DETERMINERS.has(x.word) ||
              ADJECTIVES.has(x.word) ||
              ["in", "on", "for", "into", "onto", "at"].includes(x.word),
          ),
    );
    // "group lessons that members can sign up for": the act's object is the clause's antecedent.
    const antecedent =
      object === undefined && ACTS_THROUGH_PREPOSITION.has(noun) ? antecedentOf(tokens, mentions, from) : undefined;
    const subject = [...mentions].reverse().find((m) => m.end < i && m.archetype?.person && m.plural);
    if (antecedent) {
      out.push({
        name: noun,
        position: base + i,
        links: [subject?.name, antecedent.name].filter((n): n is string => !!n),
      });
      acts.push({ ...(subject ? { subject } : {}), object: antecedent });
      continue;
    }
    // The wider list of acts needs the thing acted on: "pay online" keeps nothing, "pay membership fees" does.
    if (!object && (!subject || !known)) continue;
    if (
      !known &&
      object &&
      ACTS_THROUGH_PREPOSITION.has(noun) &&
      !PREPOSITIONS.has(tokens[object.start - 1]?.word ?? "") &&
      !PREPOSITIONS.has(tokens[object.start - 2]?.word ?? "")
    )
      continue;
    const links = [subject?.name, object?.name].filter((n): n is string => n !== undefined);
    out.push({
      name: object?.archetype?.booking || object?.name === noun ? object.name : noun,
      position: base + i,
      links,
    });
    acts.push({ ...(subject ? { subject } : {}), ...(object ? { object } : {}) });
  }
  return acts;
}

/**
 * "lessons that members can sign up for": an act ending its relative clause with a bare preposition acts on the
 * plural noun phrase the clause follows.
 */
function antecedentOf(tokens: Sentence, mentions: Candidate[], verbAt: number): Candidate | undefined {
  const preposition = tokens[verbAt + 1];
  if (!isWord(preposition) || !PREPOSITIONS.has(preposition.word) || isWord(tokens[verbAt + 2])) return undefined;
  const relative = tokens.findLastIndex((t, k) => k < verbAt && (t.word === "that" || t.word === "which"));
  if (relative < 0 || verbAt - relative > 5) return undefined;
  return mentions.find((m) => m.end === relative - 1 && (m.plural || m.counted));
}

function taggedSubjects(tokens: Sentence, mentions: Candidate[], out: string[]): void {
  const at = tokens.findIndex((t) => t.word === "tagged" || t.word === "tag" || t.word === "tagging");
  if (at < 0) return;
  const subject =
    [...mentions].reverse().find((m) => m.end < at && !m.archetype?.tag) ?? mentions.find((m) => !m.archetype?.tag);
  if (subject && !out.includes(subject.name)) out.push(subject.name);
}

/**
 * Whether a noun the vocabulary does not know names a thing. Colours never do. A bare gerund ("browsing, booking and
 * cancelling rooms", "functionality for bidding"), or a word the prompt also uses as a verb ("the app shows",
 * "attend"), is an act unless the text also uses it as a countable noun: in the plural ("paintings") or after a
 * determiner or adjective ("a painting", "their weekly training", "each check").
 */
function thingName(name: string, sentences: Sentence[]): boolean {
  if (isColourName(name)) return false;
  if (!taggedAsNoun(name, sentences)) return false;
  if (name.includes("_") || (!/[a-z]{3,}ing$/.test(name) && !readAsVerb(name, sentences))) return true;
  for (const tokens of sentences) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!isWord(t) || (t.word !== name && t.word !== `${name}s`) || t.pos === "VERB" || t.pos === "AUX") continue;
      if (t.word !== name) return true;
      const before = tokens[i - 1];
      if (
        isWord(before) &&
        (DETERMINERS.has(before.word) || ADJECTIVES.has(before.word) || before.pos === "DET" || before.pos === "ADJ")
      )
        return true;
    }
  }
  return false;
}

/** "the app shows", "check the bike out", "attend": the word is used as a verb somewhere in the prompt. */
function readAsVerb(name: string, sentences: Sentence[]): boolean {
  return sentences.some((tokens) => tokens.some((t) => isWord(t) && t.pos === "VERB" && (t.lemma ?? t.word) === name));
}

/**
 * Whether the tagger read the words of a name as a noun phrase at least once: the head a noun, the words in front
 * not verbs ("accept", "drag issues", "product used" are acts and participles, whatever pattern picked them up).
 * Names the text does not spell out word for word (translated, derived) are left to the other rules.
 */
function taggedAsNoun(name: string, sentences: Sentence[]): boolean {
  const parts = name.split("_");
  let spelled = false;
  for (const tokens of sentences) {
    for (let i = 0; i + parts.length <= tokens.length; i++) {
      const window = tokens.slice(i, i + parts.length);
      if (
        !window.every(
          (t, k) => isWord(t) && (t.word === parts[k] || (k === parts.length - 1 && singularWord(t.word) === parts[k])),
        )
      )
        continue;
      spelled = true;
      const head = window.at(-1);
      if (
        (head?.pos === "NOUN" || head?.pos === "PROPN" || head?.pos === undefined) &&
        window.slice(0, -1).every((t) => t.pos !== "VERB" && t.pos !== "AUX")
      )
        return true;
    }
  }
  return !spelled;
}

const EXAMPLE_MARKERS = [["like"], ["such", "as"], ["eg"], ["for", "example"]];

/**
 * "activities, like running and cycling," names kinds of a thing, not things: the examples become the noun's options,
 * as if written "activities (running, cycling)", even when an example could be a table of its own ("products such as
 * books and games" keeps products of two kinds).
 */
function examplesAsOptions(tokens: Sentence): Sentence {
  const out: Sentence = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const noun = out.at(-1)?.kind === "punct" ? out.at(-2) : out.at(-1);
    const marker = t ? EXAMPLE_MARKERS.find((m) => m.every((w, k) => tokens[i + k]?.word === w)) : undefined;
    if (!t || !marker || !isWord(noun) || !isPluralWord(noun.word)) {
      if (t) out.push(t);
      continue;
    }
    const items: string[] = [];
    let current: string[] = [];
    let k = i + marker.length;
    for (; k < tokens.length; k++) {
      const w = tokens[k];
      if (!w) break;
      if (w.word === "," || w.word === "and" || w.word === "or" || w.word === "/") {
        if (current.length) items.push(current.join(" "));
        current = [];
        if (w.word === "," && (tokens[k + 1]?.word === "and" || tokens[k + 1]?.word === "or" || !isWord(tokens[k + 1])))
          continue;
        if (
          w.word === "," &&
          items.length >= 2 &&
          !["and", "or"].includes(tokens[k - 2]?.word ?? "") &&
          isBoundaryWord(tokens[k + 1]?.word ?? "")
        )
          break;
        continue;
      }
      // "like a new laptop, the bill of lading": an example's article is not part of its name.
      if (current.length === 0 && isWord(w) && (DETERMINERS.has(w.word) || NUMBER_WORDS.has(w.word))) continue;
      const ofPhrase = w.word === "of" && current.length === 1 && isWord(tokens[k + 1]);
      if (
        !isWord(w) ||
        (isBoundaryWord(w.word) && !ofPhrase) ||
        current.length === (current[1] === "of" ? 3 : 2) ||
        FIELD_INTRODUCERS.has(w.word)
      )
        break;
      current.push(w.word);
    }
    if (current.length) items.push(current.join(" "));
    const options = items.map((item) => optionIdentifier(item)).filter((o): o is string => o !== undefined);
    // "things like invoices and receipts", "data such as orders": after a word for nothing in particular the examples
    // are the things themselves.
    const generic =
      NON_ENTITY_WORDS.has(noun.word) || GENERIC_HEADS.has(singularWord(noun.word)) || ROLE_ONLY_WORDS.has(noun.word);
    if (options.length < 2 || generic || options.length !== items.length) {
      out.push(t);
      continue;
    }
    if (out.at(-1)?.kind === "punct") out.pop();
    out.push({ text: `(${items.join(", ")})`, word: "", kind: "options", options });
    i = k - 1;
    if (tokens[k]?.word === ",") i = k;
  }
  return out;
}

/** "products (books, games)" with no field list after it: the options are the product's kinds. */
function kindsOfEntities(sentences: Sentence[], entities: Map<string, EntityFacts>): void {
  for (const tokens of sentences) {
    tokens.forEach((t, i) => {
      if (t.kind !== "options" || FIELD_INTRODUCERS.has(tokens[i + 1]?.word ?? "")) return;
      const noun = tokens[i - 1];
      if (!isWord(noun)) return;
      const two = isWord(tokens[i - 2]) ? `${tokens[i - 2]?.word}_${singularWord(noun.word)}` : "";
      const entity = entities.get(two) ?? entities.get(singularWord(noun.word));
      if (!entity || entity.fields.some((f) => ["type", "kind", "category"].includes(f.field.name) || f.optionsGiven))
        return;
      entity.fields.push({ field: { name: "type", type: "enum", options: t.options ?? [] }, optionsGiven: true });
    });
  }
}

/**
 * "open positions on stocks", "reviews of dishes": a plural noun phrase right after a record and a preposition names
 * the thing the record is about. Only a tagged plural noun counts, so "bookings per month" stays a phrase.
 */
function objectOfRecord(
  tokens: Sentence,
  record: Candidate,
  candidates: Candidate[],
  consumed: Uint8Array,
): Candidate | undefined {
  let j = record.end + 1;
  if (!["on", "of", "for", "about"].includes(tokens[j]?.word ?? "")) return undefined;
  j++;
  while (isWord(tokens[j]) && (DETERMINERS.has(tokens[j]?.word ?? "") || ADJECTIVES.has(tokens[j]?.word ?? ""))) j++;
  if (consumed[j] || candidates.some((c) => c.start === j)) return undefined;
  const words: string[] = [];
  let k = j;
  while (
    k < tokens.length &&
    words.length < 2 &&
    isWord(tokens[k]) &&
    tokens[k]?.pos === "NOUN" &&
    !isBoundaryWord(tokens[k]?.word ?? "")
  ) {
    words.push(tokens[k]?.word ?? "");
    k++;
  }
  const last = words.at(-1) ?? "";
  if (
    !isPluralWord(last) ||
    (isWord(tokens[k]) && !isBoundaryWord(tokens[k]?.word ?? "") && !SEPARATORS.has(tokens[k]?.word ?? ""))
  )
    return undefined;
  const name = unknownEntityName(words);
  if (!name || fieldLike(singularWord(name))) return undefined;
  return { start: j, end: k - 1, name, plural: true, counted: true, inList: false };
}

/**
 * People someone picks from a list are a table of those people, not only a role: "I assign the walks to walkers",
 * "the coordinator assigns a guide", "we work with about 80 freelance translators".
 */
function assignedPeople(sentences: Sentence[]): { name: string; position: number }[] {
  const found: { name: string; position: number }[] = [];
  const personAt = (t: Token | undefined): string | undefined => {
    if (!isWord(t)) return undefined;
    const singular = singularWord(t.word);
    const role = ROLE_ONLY_WORDS.get(t.word) ?? ROLE_ONLY_WORDS.get(singular);
    if (role) return role;
    return ARCHETYPES.get(singular)?.person
      ? singular
      : /(?:er|or|ist|ant|ent)s$/.test(t.word) && t.pos === "NOUN" && !NON_ENTITY_WORDS.has(t.word)
        ? singular
        : undefined;
  };
  sentences.forEach((tokens, s) => {
    tokens.forEach((t, i) => {
      if (t.pos === "VERB" && ["assign", "allocate", "pair", "match", "dispatch"].includes(t.lemma ?? "")) {
        for (let k = i + 1; k < tokens.length && k <= i + 8; k++) {
          const before = tokens[k - 1]?.word ?? "";
          const name = ["to", "a", "an", "one", "of"].includes(before) ? personAt(tokens[k]) : undefined;
          if (name) {
            found.push({ name, position: s * 100_000 + k });
            break;
          }
          if (!isWord(tokens[k])) break;
        }
      }
      // "with five walkers", "about 80 freelance translators": people counted are people on a list.
      if (t.pos === "NUM" || NUMBER_WORDS.has(t.word)) {
        const next =
          ADJECTIVES.has(tokens[i + 1]?.word ?? "") || tokens[i + 1]?.pos === "ADJ" ? tokens[i + 2] : tokens[i + 1];
        const name = isWord(next) && isPluralWord(next.word) ? personAt(next) : undefined;
        if (
          name &&
          ["with", "of", "about", "around", "have", "has", "employ", "employs"].includes(tokens[i - 1]?.word ?? "")
        )
          found.push({ name, position: s * 100_000 + i });
      }
    });
  });
  return found;
}
