// The app's name and one-line summary, from the prompt when it names them, otherwise from what was planned.
import pluralize from "pluralize";
import { humanize } from "../../naming.ts";
import { normalizeText, VERBS } from "./text.ts";

const APP_KINDS = new Set(
  "app application tracker log planner manager management system scheduler portal platform tool dashboard catalogue catalog box diary organizer organiser hub database directory crm erp site website assistant board forum gradebook journal marketplace desk inventory notebook wiki blog".split(
    " ",
  ),
);
const GENERIC_KINDS = new Set([
  "app",
  "application",
  "system",
  "platform",
  "tool",
  "site",
  "website",
  "portal",
  "dashboard",
  "hub",
]);
/** Words that grade the app rather than name it: "a simple expense tracker" is an "Expense Tracker". */
const FILLER = new Set(
  "a an the my our your their simple small basic little quick new nice cool modern beautiful clean good great easy lightweight minimal tiny web online internal custom".split(
    " ",
  ),
);
const STOP = new Set(
  "build create make need want write design develop i we you me us for to with and or of in on at by from that which who where please can could should would will is are be just some track manage keep log record store organize organise run sell buy handle save plan".split(
    " ",
  ),
);
/** "for a dance school", "manage my book club", "We are a dog walking business". */
const DOMAIN =
  /\b(?:for|manage|run|runs|organi[sz]e|are|am|is)\s+(?:a|an|my|our|the)\s+((?:[\p{L}][\p{L}-]*\s+){0,2}[\p{L}][\p{L}-]*)(?=\s*(?:[.,:;!?)]|$|\s(?:to|where|that|who|with|and|in|so)\b))/iu;

/** "Build a CRM called Pipeline" -> "Pipeline"; "Clinic scheduler for a dental practice" -> "Clinic Scheduler". */
export function appName(prompt: string, fallback: string): string {
  const text = normalizeText(prompt).replace(/[\p{Extended_Pictographic}\uFE0F\u200D]/gu, " ");
  const kind = kindName(text);
  return (
    (
      calledName(text) ??
      headingName(text) ??
      kind.name ??
      domainName(text, kind.bare) ??
      (kind.bare && !GENERIC_KINDS.has(kind.bare) ? titleWord(kind.bare) : undefined) ??
      fallback
    )
      .slice(0, 80)
      .trim() || fallback
  );
}

function calledName(text: string): string | undefined {
  const match =
    /\b(?:called|named|titled|call it|name it)\s+(?:"([^"\n]{1,80})"|'([^'\n]{1,80})'|`([^`\n]{1,80})`|([^\s.,;:!?()]+(?:\s+[\p{Lu}\d&][^\s.,;:!?()]*){0,4}))/u.exec(
      text,
    );
  if (!match) return undefined;
  const name = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? "").trim();
  if (!name) return undefined;
  return /^[\p{Ll}]/u.test(name) ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

/** "Landlord portal: properties, units…" -> "Landlord Portal". */
function headingName(text: string): string | undefined {
  const match = /^\s*([^:.!?\n]{2,48}):/u.exec(text);
  if (!match) return undefined;
  const words = (match[1] ?? "").trim().split(/\s+/);
  if (
    words.length > 4 ||
    words.some(
      (w) =>
        STOP.has(w.toLowerCase()) ||
        (VERBS.has(w.toLowerCase()) && !APP_KINDS.has(w.toLowerCase()) && !/ing$/i.test(w)),
    )
  )
    return undefined;
  const kept = dropFiller(words);
  return kept.length ? kept.map(titleWord).join(" ") : undefined;
}

/** "Clinic scheduler" -> "Clinic Scheduler"; a kind named without modifiers ("an app", "a marketplace") is returned bare. */
function kindName(text: string): { name?: string; bare?: string } {
  const words = text.split(/[^\p{L}\p{N}'-]+/u).filter(Boolean);
  let bare: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const lower = word.toLowerCase();
    if (!APP_KINDS.has(lower)) continue;
    const modifiers: string[] = [];
    for (let j = i - 1; j >= 0 && modifiers.length < 3; j--) {
      const w = words[j] ?? "";
      const l = w.toLowerCase();
      if (STOP.has(l) || FILLER.has(l) || /^\d/.test(w)) break;
      modifiers.unshift(w);
    }
    if (modifiers.length === 0) {
      bare ??= lower === "application" ? "app" : lower;
      if (["crm", "erp", "gradebook"].includes(lower)) return { name: titleWord(word) };
      continue;
    }
    return { name: [...modifiers, word].map(titleWord).join(" ") };
  }
  return bare ? { bare } : {};
}

function domainName(text: string, kind: string | undefined): string | undefined {
  const match = DOMAIN.exec(text);
  if (!match) return undefined;
  const words = dropFiller((match[1] ?? "").split(/\s+/)).filter((w) => !STOP.has(w.toLowerCase()));
  if (words.length === 0 || words.some((w) => /^\d/.test(w))) return undefined;
  const suffix =
    kind && !["app", "application", "system", "platform", "tool", "site", "website"].includes(kind)
      ? ` ${titleWord(kind)}`
      : kind
        ? " App"
        : "";
  return `${words.map(titleWord).join(" ")}${suffix}`;
}

function dropFiller(words: string[]): string[] {
  let start = 0;
  while (start < words.length && FILLER.has((words[start] ?? "").toLowerCase())) start++;
  return words.slice(start);
}

function titleWord(word: string): string {
  if (word.length > 1 && word === word.toUpperCase() && /\p{Lu}/u.test(word)) return word;
  if (["crm", "erp", "hr", "sla", "api", "saas"].includes(word.toLowerCase())) return word.toUpperCase();
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export interface Summary {
  entityLabels: string[];
  roles: string[];
  personal: boolean;
}

/** "Keeps track of leads, companies and deals for sales reps and admins." entityLabels are plural. */
export function summary({ entityLabels, roles, personal }: Summary): string {
  const plurals = entityLabels.map((label) => (/^[A-Za-z ]+$/.test(label) ? label.toLowerCase() : label));
  const shown = plurals.length > 6 ? [...plurals.slice(0, 6), `${plurals.length - 6} more`] : plurals;
  const list = joinList(shown);
  if (personal) return `A private app to keep track of your ${list}.`.slice(0, 500);
  const people = roles
    .filter((r) => r !== "member")
    .map((r) =>
      humanize(r)
        .toLowerCase()
        .replace(/[a-z]+$/, (w) => pluralize.plural(w)),
    );
  return `Keeps track of ${list}${people.length ? ` for ${joinList(people)}` : ""}.`.slice(0, 500);
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
