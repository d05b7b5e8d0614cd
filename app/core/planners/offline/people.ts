// Who uses the app and what they may do: roles, "only managers can edit products", sign-in providers, and whether
// the data is private to each user.
import { identifierFrom } from "../../naming.ts";
import type { Candidate } from "./mentions.ts";
import { DETERMINERS, VERBS, isWord, singularWord, type Sentence } from "./text.ts";
import { ROLE_ONLY_WORDS } from "./vocabulary.ts";

export type Provider = "email" | "magic_link" | "github" | "google";

export interface AccessRule {
  kind: "read" | "write";
  roles: string[];
  /** Entity names, or "all". */
  entities: string[] | "all";
}

const ROLE_VERBS = new Set(
  `manage manages approve approves assign assigns create creates edit edits update updates see sees view views read
  reads write writes log logs enter enters record records reply replies submit submits publish publishes mark marks
  check checks review reviews sign signs enroll enrolls enrol enrols add adds delete deletes remove removes access
  accesses upload uploads moderate moderates invite invites answer answers grade grades schedule schedules handle
  handles process processes approve run runs oversee oversees dispatch dispatches`.split(/\s+/),
);
const MODALS = new Set(["can", "may", "should", "must", "will", "could", "only", "also", "then"]);
const WRITE_VERBS = new Set(
  "edit change create add delete remove manage update write modify approve publish post enter record change".split(" "),
);
const READ_VERBS = new Set("see view read access browse".split(" "));

/** Words that say the data is the writer's alone ("personal" but not "personal trainer"). */
export const STRONG_PERSONAL =
  /\b(?:private(?:ly)?|only i\b|just (?:for )?me\b|for myself|only me\b|nobody else|no one else|my own|by myself|single[- ]user|personal(?!\s+(?:trainers?|information|info|details|data|assistant))|just for my ?self)\b/i;
/** "I save recipes": one person keeping things, unless the prompt also speaks of others. */
export const FIRST_PERSON =
  /\bI\s+(?:want to\s+|can\s+|need to\s+|would like to\s+|'d like to\s+|like to\s+)?(?:save|log|record|track|keep|note|write|collect|plan|store|jot|list|follow)\b/;
/** "my plants", "my expenses". */
export const MY_THINGS = /\bmy\s+(?:own\s+)?[a-z]+s\b/i;
/** Words that say several people share the data; they outweigh "I" and "my". */
export const COLLABORATIVE =
  /\b(?:we|our|us|team|teams|company|companies|business|clients?|customers?|staff|employees?|colleagues|users|shared|share|group|groups|family|friends|together|collaborat\w*|organi[sz]ation|agency|firm|shop|store|clinic|school|admins?|managers?)\b/i;

/** Role words anywhere: "admins", "the manager can approve" (but not "a task manager"). */
export function roleMentions(tokens: Sentence): string[] {
  const roles: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!isWord(t)) continue;
    const role = ROLE_ONLY_WORDS.get(t.word);
    if (!role) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const plural = t.word !== role && t.word.endsWith("s");
    // "a task manager" is an app, "the manager can approve" a person.
    if (
      !plural &&
      role !== "staff" &&
      role !== "admin" &&
      isWord(prev) &&
      !DETERMINERS.has(prev.word) &&
      !(isWord(next) && (MODALS.has(next.word) || ROLE_VERBS.has(next.word)))
    )
      continue;
    if (role === "sales_rep" && t.word.startsWith("rep") && !(isWord(prev) && prev.word === "sales")) continue;
    roles.push(role);
  }
  return roles;
}

/** People nouns at the start of a clause followed by an action: "Teachers manage courses", "Tenants can submit". */
export function roleSubjects(tokens: Sentence, candidates: Candidate[]): Candidate[] {
  const subjects: Candidate[] = [];
  for (const c of candidates) {
    if (!c.archetype?.person || !c.plural) continue;
    const prev = tokens[c.start - 1];
    const clauseStart =
      c.start === 0 ||
      !isWord(prev) ||
      ["and", "but", "where", "while", "so", "only", "then", "whereas", "when"].includes(prev.word);
    if (!clauseStart) continue;
    let i = c.end + 1;
    let modal = false;
    while (isWord(tokens[i]) && MODALS.has(tokens[i]?.word ?? "")) {
      modal = true;
      i++;
    }
    const verb = tokens[i];
    if (!isWord(verb)) continue;
    if (ROLE_VERBS.has(verb.word) || (modal && VERBS.has(verb.word))) subjects.push(c);
  }
  return subjects;
}

/** "only managers can edit products", "only admins may see invoices". */
export function accessRules(tokens: Sentence, candidates: Candidate[]): AccessRule[] {
  const rules: AccessRule[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.word !== "only") continue;
    const roles: string[] = [];
    let j = i + 1;
    while (j < tokens.length) {
      const t = tokens[j];
      if (!t || (t.kind !== "word" && t.word !== ",")) break;
      if (t.word === "and" || t.word === "or" || t.word === "," || t.word === "the") {
        j++;
        continue;
      }
      const role = ROLE_ONLY_WORDS.get(t.word) ?? candidates.find((c) => c.start === j && c.archetype?.person)?.name;
      if (!role) break;
      roles.push(role);
      const c = candidates.find((x) => x.start === j);
      j = (c?.end ?? j) + 1;
    }
    if (roles.length === 0) continue;
    while (
      j < tokens.length &&
      ["can", "may", "should", "are", "is", "allowed", "able", "to", "be", "will"].includes(tokens[j]?.word ?? "")
    )
      j++;
    const verb = tokens[j]?.word ?? "";
    const kind =
      WRITE_VERBS.has(verb) || WRITE_VERBS.has(verb.replace(/s$/, ""))
        ? "write"
        : READ_VERBS.has(verb) || READ_VERBS.has(verb.replace(/s$/, ""))
          ? "read"
          : undefined;
    if (!kind) continue;
    let end = tokens.length;
    for (let k = j + 1; k < tokens.length; k++) {
      if (tokens[k]?.word === "only" || tokens[k]?.word === "but" || tokens[k]?.word === "while") {
        end = k;
        break;
      }
    }
    const rest = tokens.slice(j + 1, end).map((t) => t.word);
    const everything = rest.some((w) => w === "everything" || w === "anything" || w === "all");
    const entities = candidates.filter((c) => c.start > j && c.start < end).map((c) => c.name);
    if (!everything && entities.length === 0) continue;
    rules.push({ kind, roles, entities: everything && entities.length === 0 ? "all" : entities });
  }
  return rules;
}

const SIGN_IN =
  /\b(?:sign(?:s|ing)?[\s-]*(?:in|on|up)|log(?:s|ging)?[\s-]*in|login|signin|auth\w*|oauth|sso|accounts?)\b/i;

/** Sign-in methods named in a sentence about signing in ("Import issues from GitHub" is not one). */
export function detectProviders(tokens: Sentence, out: Provider[]): void {
  const text = tokens.map((t) => t.word).join(" ");
  const add = (p: Provider) => {
    if (!out.includes(p)) out.push(p);
  };
  if (/\bmagic (?:link|links)\b|\bpasswordless\b/.test(text)) add("magic_link");
  if (!SIGN_IN.test(text)) return;
  if (/\bgithub\b/.test(text)) add("github");
  if (/\bgoogle\b/.test(text)) add("google");
  if (/\b(?:email|password|passwords)\b/.test(text)) add("email");
}

/** "Roles: admin, editor and viewer." */
export function rolesListed(prompt: string): string[] {
  const match = /\broles?\s*(?::|are|include|including)\s*([^.\n;]+)/i.exec(prompt);
  if (!match) return [];
  return (match[1] ?? "")
    .split(/\s*(?:,|\band\b|\bor\b|\/)\s*/)
    .map((w) => w.trim().replace(/^(?:an?|the)\s+/i, ""))
    .filter((w) => w.split(/\s+/).length <= 2)
    .map((w) => ROLE_ONLY_WORDS.get(w.toLowerCase()) ?? identifierFrom(singularWord(w.toLowerCase())))
    .filter((w): w is string => w !== undefined && w.length > 1);
}
