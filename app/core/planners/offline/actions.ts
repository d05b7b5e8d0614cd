// What people DO to the things a prompt names, as manifest actions: "mark orders as ready", "managers approve
// expenses", "walkers check in at the start and end of each walk", "employees clock in and out", "place a bid on an
// item". Each phrasing maps onto the same few action shapes (set a status, stamp a time and a person, create a linked
// row), so the generated app has a button and an endpoint for it instead of an edit form a person must know to use.
import type { FieldDraft } from "./field-types.ts";
import { VERBS, isPluralWord, isWord, singularWord, type Sentence } from "./text.ts";
import { STATE_VERBS } from "./verbs.ts";
import { ROLE_ONLY_WORDS } from "./vocabulary.ts";

export interface ActionDraft {
  name: string;
  label: string;
  confirm?: string;
  roles?: string[];
  when?: Record<string, unknown>[];
  set?: Record<string, unknown>[];
  create?: { entity: string; values?: Record<string, unknown>[] };
}

export interface ActionPlan {
  name: string;
  fields: FieldDraft[];
  actions?: ActionDraft[];
}

const BOOKING_LIKE =
  /(?:^|_)(?:booking|reservation|appointment|order|rental|registration|enrollment|subscription|ticket|loan)$/;
const START_STATES = ["pending", "submitted", "requested", "new", "open", "draft", "proposed"];
const MAX_ACTIONS = 20;

/**
 * Adds the actions the sentences ask for to the planned entities, with the fields they need (a status that has the
 * action's state, a time and a person the action stamps). `roleOf` maps a people word to a role of the plan.
 */
export function planActions(
  sentences: Sentence[],
  plans: ActionPlan[],
  roleOf: (word: string) => string | undefined,
): void {
  const byName = new Map(plans.map((p) => [p.name, p]));
  const entityAt = (tokens: Sentence, from: number, span = 5): ActionPlan | undefined => {
    for (let k = from; k < tokens.length && k < from + span; k++) {
      const t = tokens[k];
      if (!isWord(t) || t.pos === "VERB" || t.word === "as") break;
      const two = isWord(tokens[k + 1]) ? `${t.word}_${singularWord(tokens[k + 1]?.word ?? "")}` : "";
      const plan = byName.get(two) ?? byName.get(singularWord(t.word)) ?? compoundEnding(plans, singularWord(t.word));
      if (plan) return plan;
    }
    return undefined;
  };
  for (const tokens of sentences) {
    tokens.forEach((t, i) => {
      // "accepted talks", "when a ticket is resolved": a participle describes a state; it asks for no button.
      if (!isWord(t) || !verbAt(tokens, i) || /ed$/.test(t.word)) return;
      const lemma = t.pos === "VERB" ? (t.lemma ?? t.word) : singularWord(t.word);
      const subject = roleBefore(tokens, i, roleOf);
      // "mark orders as ready", "mark the prescription as dispensed"
      if (lemma === "mark") {
        const plan = entityAt(tokens, i + 1);
        const as = tokens.findIndex((x, k) => k > i && k <= i + 6 && x.word === "as");
        const state = as > 0 ? stateWords(tokens, as + 1) : undefined;
        if (plan && state) addStateAction(plan, state, `Mark as ${state.replace(/_/g, " ")}`, false, subject);
        return;
      }
      const verb = STATE_VERBS[lemma];
      if (verb) {
        const object =
          entityAt(tokens, i + 1) ?? objectOfCoordinatedVerb(tokens, i, entityAt) ?? antecedent(tokens, i, entityAt);
        // "cancelling rooms" cancels the booking of a room, not the room.
        const plan =
          lemma === "cancel" && object && !BOOKING_LIKE.test(object.name)
            ? (plans.find(
                (p) => BOOKING_LIKE.test(p.name) && p.fields.some((f) => f.relation?.target === object.name),
              ) ?? undefined)
            : object;
        if (plan) addStateAction(plan, verb.state, verb.label, verb.decision, subject, lemma);
        return;
      }
      // "check in / check out", "clock in / clock out": stamps of a time and a person on a record of the visit.
      const particle = tokens[i + 1]?.word;
      if ((lemma === "check" || lemma === "clock") && (particle === "in" || particle === "out")) {
        const plan =
          entityAt(tokens, i + 2, 8) ??
          (lemma === "clock"
            ? (byName.get("time_entry") ?? byName.get("shift") ?? byName.get("attendance"))
            : undefined);
        if (plan) addStamps(plan, lemma);
      }
      // "place a bid on the item", "bid on items": an action on the item that creates the bid.
      if ((lemma === "place" || lemma === "bid" || lemma === "make") && byName.has("bid")) {
        const on = tokens.findIndex((x, k) => k > i && k <= i + 4 && x.word === "on");
        const target = on > 0 ? entityAt(tokens, on + 1) : undefined;
        const bid = byName.get("bid");
        if (target && bid && target !== bid) addCreateAction(target, bid, "place_bid", "Place a bid");
      }
    });
  }
}

/**
 * The tagger misses verbs after plural subjects ("staff mark orders", "buyers place bids", "employees clock in"):
 * a word the verb list knows is a verb there too, unless a determiner or adjective makes it a noun.
 */
function verbAt(tokens: Sentence, at: number): boolean {
  const t = tokens[at];
  if (!t) return false;
  if (t.pos === "VERB") return true;
  const phrasal = (t.word === "clock" || t.word === "clocks") && ["in", "out"].includes(tokens[at + 1]?.word ?? "");
  if (!VERBS.has(t.word) && !phrasal) return false;
  const prev = tokens[at - 1];
  if (!prev || !isWord(prev)) return at === 0;
  if (
    prev.pos === "DET" ||
    prev.pos === "ADJ" ||
    prev.pos === "NUM" ||
    ["a", "an", "the", "my", "our", "their", "each", "every"].includes(prev.word)
  )
    return false;
  return (
    prev.pos === "AUX" ||
    prev.pos === "PART" ||
    prev.pos === "PRON" ||
    prev.pos === "CCONJ" ||
    ((prev.pos === "NOUN" || prev.pos === "PROPN") && isPluralWord(prev.word)) ||
    ROLE_ONLY_WORDS.has(prev.word)
  );
}

function compoundEnding(plans: ActionPlan[], head: string): ActionPlan | undefined {
  const matches = plans.filter((p) => p.name.endsWith(`_${head}`));
  return matches.length === 1 ? matches[0] : undefined;
}

/** "accepts or rejects talk proposals": the object follows the last verb of the pair. */
function objectOfCoordinatedVerb(
  tokens: Sentence,
  at: number,
  entityAt: (tokens: Sentence, from: number) => ActionPlan | undefined,
): ActionPlan | undefined {
  const next = tokens[at + 1];
  const verb = tokens[at + 2];
  if (next && (next.word === "or" || next.word === "and") && verb?.pos === "VERB") return entityAt(tokens, at + 3);
  return undefined;
}

/** "managers approve or reject them": the pronoun stands for the last thing named before the verb. */
function antecedent(
  tokens: Sentence,
  at: number,
  entityAt: (tokens: Sentence, from: number, span?: number) => ActionPlan | undefined,
): ActionPlan | undefined {
  const next = ["or", "and"].includes(tokens[at + 1]?.word ?? "") ? tokens[at + 3] : tokens[at + 1];
  // "talk proposals, which the committee reviews and accepts or rejects": the relative pronoun's noun.
  const relative = [...tokens.slice(Math.max(0, at - 8), at)]
    .reverse()
    .findIndex((x) => x.word === "which" || x.word === "that");
  if (relative >= 0) {
    const which = at - 1 - relative;
    for (let k = which - 1; k >= 0 && k >= which - 3; k--) {
      const plan = entityAt(tokens, k, 2);
      if (plan) return plan;
    }
  }
  if (!next || !["them", "it"].includes(next.word)) return undefined;
  for (let k = at - 1; k >= 0; k--) {
    const plan = entityAt(tokens, k, 1);
    if (plan) return plan;
  }
  return undefined;
}

function roleBefore(tokens: Sentence, at: number, roleOf: (word: string) => string | undefined): string | undefined {
  for (let k = at - 1; k >= 0 && k >= at - 4; k--) {
    const t = tokens[k];
    if (!isWord(t)) return undefined;
    const role = roleOf(t.word);
    if (role) return role;
  }
  return undefined;
}

/** The state words after "as": "ready", "sold out", "dispensed" -> ready, sold_out, dispensed. */
function stateWords(tokens: Sentence, from: number): string | undefined {
  const words: string[] = [];
  for (let k = from; k < tokens.length && words.length < 2; k++) {
    const t = tokens[k];
    if (!isWord(t) || ["and", "or", "when", "if", "so", "by", "for", "to", "in", "on", "at", "with"].includes(t.word))
      break;
    if (["a", "an", "the"].includes(t.word)) continue;
    words.push(t.word);
  }
  const state = words.join("_").replace(/[^a-z0-9_]/g, "");
  return /^[a-z][a-z0-9_]{1,40}$/.test(state) ? state : undefined;
}

function statusField(plan: ActionPlan, decision: boolean): FieldDraft {
  let status = plan.fields.find((f) => f.type === "enum" && (f.name === "status" || f.name === "state"));
  if (!status) {
    const start = decision ? "pending" : "open";
    status = { name: "status", type: "enum", options: [start], default: start, required: true };
    plan.fields.push(status);
  }
  status.options ??= [];
  return status;
}

function addStateAction(
  plan: ActionPlan,
  state: string,
  label: string,
  decision: boolean,
  role: string | undefined,
  verb?: string,
): void {
  const name = verb ?? `mark_${state}`;
  plan.actions ??= [];
  if (plan.actions.some((a) => a.name === name) || plan.actions.length >= MAX_ACTIONS) return;
  const status = statusField(plan, decision);
  const options = status.options ?? [];
  // A decision starts from a waiting state: the one the status already starts in, else "pending".
  const start =
    typeof status.default === "string"
      ? status.default
      : (options.find((o) => START_STATES.includes(o)) ?? (decision ? "pending" : options[0]));
  if (start && !options.includes(start)) options.unshift(start);
  if (!options.includes(state)) options.push(state);
  status.options = options;
  if (start) status.default ??= start;
  status.required = true;
  // A decision someone in particular makes is theirs alone: nobody edits the status around the action.
  if (role && decision) status.read_only = true;
  const when = decision && start ? [{ field: "status", equals: start }] : [{ field: "status", not_equals: state }];
  plan.actions.push({
    name,
    label,
    ...(state === "cancelled" || state === "rejected" || state === "declined"
      ? { confirm: `${label} this record?` }
      : {}),
    ...(role ? { roles: [role] } : {}),
    when,
    set: [{ field: "status", to: state }],
  });
}

function addStamps(plan: ActionPlan, verb: "check" | "clock"): void {
  const [inName, outName] =
    verb === "clock" ? ["clocked_in_at", "clocked_out_at"] : ["checked_in_at", "checked_out_at"];
  for (const name of [inName, outName])
    if (!plan.fields.some((f) => f.name === name)) plan.fields.push({ name, type: "datetime" });
  plan.actions ??= [];
  if (plan.actions.some((a) => a.name === `${verb}_in`)) return;
  plan.actions.push(
    {
      name: `${verb}_in`,
      label: verb === "clock" ? "Clock in" : "Check in",
      when: [{ field: inName, empty: true }],
      set: [{ field: inName, to: "now" }],
    },
    {
      name: `${verb}_out`,
      label: verb === "clock" ? "Clock out" : "Check out",
      when: [
        { field: inName, empty: false },
        { field: outName, empty: true },
      ],
      set: [{ field: outName, to: "now" }],
    },
  );
}

function addCreateAction(target: ActionPlan, record: ActionPlan, name: string, label: string): void {
  target.actions ??= [];
  if (target.actions.some((a) => a.name === name)) return;
  if (!record.fields.some((f) => f.type === "relation" && f.relation?.target === target.name)) return;
  const amount = record.fields.find((f) => ["money", "decimal", "integer"].includes(f.type) && !f.relation);
  target.actions.push({
    name,
    label,
    create: { entity: record.name, ...(amount ? { values: [{ field: amount.name, input: true }] } : {}) },
  });
}
