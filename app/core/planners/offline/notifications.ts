// Notifications from the way people ask for them, on the entities and actions the plan already has: "send an email to
// the patient when an appointment is booked", "when a repair is marked as done, text the customer", "the customer
// gets a WhatsApp message that the order is ready". Sentence by sentence: a channel (WhatsApp, SMS or "text", e-mail,
// webhook; "notify"/"remind" mean e-mail), the entity the sentence names (the one in its "when" clause first), the
// moment (an action of that entity whose words the sentence uses, else created or changed), and the person it goes
// to. The recipient's address is stored on the row (a `<person>_email` or `<person>_phone` field, added when the
// entity has none; the entity's own email or phone field when it is that person), because a message goes to an
// address the row holds. Messages to the app's own staff ("the team", "admins") have no address the app could know,
// so they stay listed as not built. Requests it plans are no longer listed as not built.
import { humanize } from "../../naming.ts";
import type { FieldDraft } from "./field-types.ts";
import { plainSentences, plainWords, singularWord } from "./text.ts";

type Json = Record<string, unknown>;

interface EntityDraft {
  name: string;
  label?: string;
  fields: FieldDraft[];
  display_field?: string;
  actions?: { name: string; label?: string }[];
}

type Channel = "email" | "sms" | "whatsapp" | "webhook";

const CHANNELS: [RegExp, Channel][] = [
  [/\bwhats ?app\b/, "whatsapp"],
  [/\bsms\b|\btext messages?\b|\btexts?\s+(?:the|them|him|her|a|an|their)\b|\btexted\b/, "sms"],
  [/\bwebhooks?\b/, "webhook"],
  [/\be-?mails?\b|\bnotif(?:y|ies|ied|ication|ications)\b|\bremind(?:er|ers|s)?\b|\balerts?\b/, "email"],
];
/** People a row's message can go to: someone the row is about, whose address it can hold. */
const PEOPLE =
  /\b(?:the |their |its |his |her )?(customer|client|patient|guest|member|student|parent|owner|buyer|seller|tenant|driver|applicant|candidate|user|requester|reporter|attendee|passenger|participant|subscriber|volunteer|employee|contact|lead|bidder|winner|renter|borrower)s?\b/;
/** The app's own people: no address the app could know. */
const STAFF = /\b(?:team|staff|admins?|administrators?|managers?|support|us|me|owner of the (?:shop|business))\b/;
const CREATED =
  /\b(?:new|created|added|booked|placed|opened|submitted|registered|made|scheduled|received|reserved|logged)\b/;
const UPDATED = /\b(?:changed|changes|updated|updates|edited|moves|modified)\b/;
const WHEN = /\b(?:when|whenever|once|after|as soon as|if)\b/;

const sentencesOf = plainSentences;

const wordsOf = plainWords;

function mentionAt(text: string, entity: EntityDraft): number {
  const words = wordsOf(text);
  const names = [entity.name, ...(entity.label ? [entity.label.toLowerCase()] : [])].map((n) =>
    wordsOf(n.replaceAll("_", " ")).map(singularWord).join(" "),
  );
  const singular = words.map(singularWord);
  for (let i = 0; i < singular.length; i++) {
    for (const name of names) {
      const parts = name.split(" ");
      if (parts.every((part, k) => singular[i + k] === part)) return i;
    }
  }
  return -1;
}

/** The action of the entity whose distinctive words the text uses ("marked as done" -> mark_done). */
function actionIn(text: string, entity: EntityDraft): string | undefined {
  const said = new Set(wordsOf(text).map(singularWord));
  const generic = new Set(["mark", "as", "set", "to", "the", "a", "an", "is", "make"]);
  return (entity.actions ?? []).find((action) => {
    const words = wordsOf(`${action.name.replaceAll("_", " ")} ${action.label ?? ""}`).filter((w) => !generic.has(w));
    return words.length > 0 && words.every((w) => said.has(singularWord(w)));
  })?.name;
}

const ADDRESS_TYPES: Record<Channel, FieldDraft["type"]> = {
  email: "email",
  sms: "phone",
  whatsapp: "phone",
  webhook: "url",
};

/** The row's field holding the person's address, added when the entity has none. */
function recipientField(entity: EntityDraft, person: string, channel: Channel): string {
  const type = ADDRESS_TYPES[channel];
  const own = entity.fields.filter((f) => f.type === type);
  const named = own.find((f) => f.name.startsWith(`${person}_`));
  if (named) return named.name;
  // The entity is that person (a customer's own e-mail), or holds one generic address.
  if (own.length === 1 && (entity.name === person || !entity.fields.some((f) => f.name === person)))
    return own[0]!.name;
  const suffix = channel === "email" ? "email" : channel === "webhook" ? "webhook_url" : "phone";
  const name = `${person}_${suffix}`;
  entity.fields.push({ name, type });
  return name;
}

/**
 * Whom a message about a row goes to when the sentence names nobody ("send a WhatsApp notification when an order is
 * ready"): the person who made the row — their account's e-mail (a user field set to the signed-in user), or a
 * contact phone they give with it. A webhook needs an address someone names.
 */
function authorField(entity: EntityDraft, channel: Channel): string | undefined {
  if (channel === "webhook") return undefined;
  if (channel === "email") {
    const author = entity.fields.find((f) => f.type === "user" && f.default === "current_user");
    if (author) return author.name;
    const name = entity.fields.some((f) => f.name === "created_by") ? "made_by" : "created_by";
    entity.fields.push({ name, type: "user", default: "current_user", read_only: true });
    return name;
  }
  const phone = entity.fields.find((f) => f.type === "phone");
  if (phone) return phone.name;
  entity.fields.push({ name: "contact_phone", type: "phone" });
  return "contact_phone";
}

function messageFor(entity: EntityDraft, on: string): string {
  const label = entity.label ?? humanize(entity.name);
  // What names the row in words: a name, title or number before an enum display field such as a status.
  const display =
    entity.fields.find((f) => f.type === "text" && /(?:^|_)(?:name|title|number|code|subject)$/.test(f.name))?.name ??
    entity.display_field ??
    entity.fields.find((f) => f.type === "text")?.name;
  const named = display ? ` {${display}}` : "";
  if (on === "created") return `New ${label.toLowerCase()}${named ? `:${named}` : ""}`;
  if (on === "updated") return `${label}${named} was updated`;
  const action = (entity.actions ?? []).find((a) => `action:${a.name}` === on);
  return `${label}${named}: ${(action?.label ?? humanize(on.slice(7))).toLowerCase()}`;
}

/**
 * Adds the notifications a prompt asks for (and the address fields they need) to the planned entities, and answers
 * `notPlanned` minus the requests planned here.
 */
export function planNotifications(
  prompt: string,
  entities: EntityDraft[],
  notPlanned: { not_planned?: string[] },
): { notifications?: Json[]; not_planned?: string[] } {
  const notifications: Json[] = [];
  const handled: string[] = [];
  for (const sentence of sentencesOf(prompt)) {
    const lower = sentence.toLowerCase();
    const channel = CHANNELS.find(([pattern]) => pattern.test(lower))?.[1];
    if (!channel) continue;
    // A message is sent at a moment the sentence names ("when an order is ready"); "be notified about changes" is a
    // subscription, which the vocabulary has no word for.
    const when = WHEN.exec(lower);
    if (!when) continue;
    const clause = lower.slice(when.index);
    const mentioned = entities
      .map((entity) => ({ entity, at: mentionAt(clause, entity), anywhere: mentionAt(lower, entity) }))
      .filter((m) => m.anywhere >= 0)
      .sort((a, b) => (a.at < 0 ? 1 : 0) - (b.at < 0 ? 1 : 0) || a.anywhere - b.anywhere);
    const entity = mentioned.find((m) => m.entity.name !== PEOPLE.exec(lower)?.[1])?.entity ?? mentioned[0]?.entity;
    if (!entity) continue;
    // To the person the sentence names, else the person the row refers to ("when an order is ready": its customer).
    const person =
      PEOPLE.exec(lower.replace(new RegExp(`\\b${entity.name.replaceAll("_", " ")}s?\\b`, "g"), ""))?.[1] ??
      entity.fields.find((f) => f.type === "relation" && PEOPLE.test(f.relation?.target.replaceAll("_", " ") ?? ""))
        ?.relation?.target;
    const self = PEOPLE.test(entity.name.replaceAll("_", " ")) ? entity.name : undefined;
    if (STAFF.test(lower) && !PEOPLE.test(lower)) continue;
    const action = actionIn(clause, entity) ?? actionIn(lower, entity);
    const on = action
      ? `action:${action}`
      : UPDATED.test(clause)
        ? "updated"
        : CREATED.test(clause)
          ? "created"
          : undefined;
    if (!on) continue;
    const to_field =
      person || self ? recipientField(entity, (person ?? self) as string, channel) : authorField(entity, channel);
    if (!to_field) continue;
    const base = `${entity.name}_${on === "created" ? "created" : on === "updated" ? "updated" : on.slice(7)}`;
    let name = base.slice(0, 50);
    for (let i = 2; notifications.some((n) => n.name === name); i++) name = `${base.slice(0, 45)}_${i}`;
    const label = entity.label ?? humanize(entity.name);
    const actionLabel = (entity.actions ?? []).find((a) => `action:${a.name}` === on)?.label;
    notifications.push({
      name,
      label: `${label}: ${actionLabel ?? (on === "created" ? "new" : "changed")}`.slice(0, 80),
      entity: entity.name,
      on,
      channel,
      to_field,
      message: messageFor(entity, on),
    });
    handled.push(wordsOf(sentence).join(" "));
  }
  const left = (notPlanned.not_planned ?? []).filter((request) => {
    const words = wordsOf(request).join(" ");
    return !handled.some((h) => h.includes(words) || words.includes(h));
  });
  return {
    ...(notifications.length ? { notifications } : {}),
    ...(left.length ? { not_planned: left } : {}),
  };
}
