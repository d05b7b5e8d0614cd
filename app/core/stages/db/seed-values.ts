// Demo values chosen by a field's type and name ("price" looks like 19.99, "email" like an address), then bent to
// fit its constraints. Everything depends on the row index only — never on the clock — so the seed is reproducible.
import { kebabCase, words } from "../../naming.ts";

/** A label inside a sentence: capitalised words lowered, acronyms and brands (CRM, WhatsApp) kept. */
const inSentence = (label: string): string =>
  label.replace(/\p{L}[\p{L}\p{N}'’-]*/gu, (word) => (/^\p{Lu}[^\p{Lu}]*$/u.test(word) ? word.toLowerCase() : word));
import type { Entity, Field } from "../../schema-types/manifest.ts";
import { lengthBounds } from "./columns.ts";

export type SeedValue = string | number | boolean | null;

const PEOPLE = [
  { first: "Ada", last: "Lovelace" },
  { first: "Grace", last: "Hopper" },
  { first: "Alan", last: "Turing" },
  { first: "Katherine", last: "Johnson" },
  { first: "Linus", last: "Torvalds" },
];
const COMPANIES = ["Acme Corporation", "Globex Industries", "Initech", "Umbrella Logistics", "Stark Manufacturing"];
const PRODUCTS = ["Ergonomic Chair", "Standing Desk", "Wireless Keyboard", "Noise-Cancelling Headphones", "4K Monitor"];
const SERIES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"];
const TASKS = [
  "Plan the spring launch",
  "Review supplier contracts",
  "Update the onboarding guide",
  "Fix the checkout bug",
  "Prepare the quarterly report",
];
const JOBS = ["Engineering Manager", "Product Designer", "Data Analyst", "Sales Lead", "Support Specialist"];
const SENTENCES = [
  "Discussed next steps with the team and agreed on a timeline.",
  "Needs a follow-up call before the end of the month.",
  "Asked for a detailed quote including delivery and installation.",
  "All items were checked and signed off.",
  "Waiting for approval from the finance department.",
];
const CITIES = ["Lisbon", "Toronto", "Nairobi", "Osaka", "Berlin"];
const COUNTRIES = ["Portugal", "Canada", "Kenya", "Japan", "Germany"];
const REGIONS = ["Lisboa", "Ontario", "Nairobi County", "Kansai", "Brandenburg"];
const STREETS = ["12 Harbour Street", "450 King Street West", "8 Moi Avenue", "3-1 Umeda", "27 Torstrasse"];
const POSTCODES = ["1100-148", "M5V 1M3", "00100", "530-0001", "10119"];
const COLORS = ["Red", "Blue", "Green", "Orange", "Purple"];
const CATEGORIES = ["General", "Urgent", "Internal", "Marketing", "Operations"];
const STATUSES = ["active", "pending", "done", "archived", "draft"];
const CURRENCIES = ["EUR", "CAD", "KES", "JPY", "USD"];
const LANGUAGES = ["Portuguese", "English", "Swahili", "Japanese", "German"];
const FILLER = " lorem ipsum dolor sit amet consectetur adipiscing elit";

const PERSON_WORDS = new Set(
  (
    "person people user profile customer contact employee member author student patient client lead staff teacher guest attendee volunteer owner applicant " +
    "candidate driver player subscriber tenant worker participant speaker instructor doctor friend host agent manager assignee reviewer recipient " +
    "sender founder barber stylist trainer coach nurse tutor mechanic walker sitter chef cook waiter cleaner courier guide photographer lawyer " +
    "consultant freelancer contractor technician musician artist therapist dentist vet florist physician librarian receptionist cashier " +
    "salesperson seller buyer landlord resident neighbour neighbor parent child kid pupil athlete runner rider coworker colleague dancer singer " +
    "writer editor designer developer engineer accountant advisor adviser mentor mentee intern recruiter hire provider practitioner"
  ).split(" "),
);
const COMPANY_WORDS = new Set(
  "company companies organization organisation account vendor supplier business agency brand partner firm store shop employer manufacturer".split(
    " ",
  ),
);
const PRODUCT_WORDS = new Set(
  "product item article good merchandise device equipment gear tool part component ingredient supply".split(" "),
);
const ANIMAL_WORDS = new Set(
  "species animal pet dog cat bird fish horse breed plant tree flower specimen sighting creature".split(" "),
);
const PLACE_WORDS = new Set(
  "venue room location site place office branch warehouse store hall studio court field clinic salon property building space desk".split(
    " ",
  ),
);
const EVENT_WORDS = new Set(
  "event meeting session class course workshop lesson appointment booking reservation shift visit trip tour match game concert".split(
    " ",
  ),
);
const PROJECT_WORDS = new Set("project campaign program programme initiative goal objective milestone".split(" "));
const TASK_WORDS = new Set("task todo ticket issue bug story chore job assignment request".split(" "));
const DOCUMENT_WORDS = new Set(
  "document report invoice contract policy note memo proposal quote quotation receipt article post page".split(" "),
);
const MEDIA_WORDS = new Set("book song album movie film track playlist episode podcast show video".split(" "));
const VEHICLE_WORDS = new Set("car vehicle bike bicycle truck van boat scooter motorcycle".split(" "));
const DISH_WORDS = new Set("recipe dish meal drink cocktail".split(" "));
const SERVICE_WORDS = new Set("service treatment package plan membership subscription".split(" "));
const CATEGORY_WORDS = new Set("tag category label topic genre type kind group department team section".split(" "));

type Kind =
  | "person"
  | "company"
  | "product"
  | "category"
  | "animal"
  | "place"
  | "event"
  | "project"
  | "task"
  | "document"
  | "media"
  | "vehicle"
  | "dish"
  | "service"
  | "other";

const KINDS: [Kind, ReadonlySet<string>][] = [
  ["person", PERSON_WORDS],
  ["company", COMPANY_WORDS],
  ["product", PRODUCT_WORDS],
  ["category", CATEGORY_WORDS],
  ["animal", ANIMAL_WORDS],
  ["place", PLACE_WORDS],
  ["event", EVENT_WORDS],
  ["project", PROJECT_WORDS],
  ["task", TASK_WORDS],
  ["document", DOCUMENT_WORDS],
  ["media", MEDIA_WORDS],
  ["vehicle", VEHICLE_WORDS],
  ["dish", DISH_WORDS],
  ["service", SERVICE_WORDS],
];

/** What an entity (or a field's qualifier) names, by its last word: "trading_account" is a company-like account. */
function kindOf(name: string): Kind {
  const last = words(name).at(-1) ?? name;
  for (const [kind, vocabulary] of KINDS)
    if (vocabulary.has(last) || vocabulary.has(last.replace(/s$/, ""))) return kind;
  // Occupations by their ending (florist, technician), but not lists (checklist, playlist).
  if (/(?:ist|ian)$/.test(last) && !last.endsWith("list")) return "person";
  return "other";
}

/** Names, titles and a second descriptive word per kind of thing, for fields that call for them. */
const NAMES: Partial<Record<Kind, readonly string[]>> = {
  animal: ["Red fox", "Barn owl", "Monarch butterfly", "Atlantic salmon", "Giant panda"],
  place: ["Harbour Room", "Riverside Studio", "North Hall", "Garden Court", "Main Street Branch"],
  event: ["Spring kickoff", "Weekly stand-up", "Customer workshop", "Summer open day", "Quarterly review"],
  project: ["Website relaunch", "Warehouse move", "Loyalty programme", "Mobile app beta", "Office refit"],
  task: TASKS,
  document: ["Q1 sales report", "Supplier agreement", "Travel policy", "Onboarding checklist", "Annual budget"],
  media: ["The Long Way Home", "Northern Lights", "Paper Moons", "City of Glass", "Quiet Water"],
  vehicle: ["Ford Transit", "Toyota Corolla", "Trek FX 3", "Vespa Primavera", "Volvo XC40"],
  dish: ["Lemon risotto", "Shakshuka", "Pad thai", "Mushroom ramen", "Apple crumble"],
  service: ["Starter plan", "Premium support", "Annual membership", "Express delivery", "Deep clean"],
};
const FAMILIES = ["Canidae", "Strigidae", "Nymphalidae", "Salmonidae", "Ursidae"];
const SPECIALTIES: Partial<Record<Kind, readonly string[]>> & { other: readonly string[] } = {
  person: ["Classic cuts", "Colour and styling", "Sports massage", "Interior design", "Tax returns"],
  other: ["Consulting", "Training", "Design", "Repairs", "Customer care"],
};

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const chars = (s: string): string[] => Array.from(s);

/** A value for a field of row `index`; relations are chosen by the seed planner, not here. */
export function fieldValue(entity: Entity, field: Field, index: number): SeedValue {
  switch (field.type) {
    case "text":
    case "long_text":
      return fitText(textValue(entity, field, index), field);
    case "email":
      return fitShaped(emailCandidates(entity, index), field, "x");
    case "url":
      return fitShaped(urlCandidates(entity, field, index), field, "a");
    case "phone":
      return fitShaped([`+1 555 01${10 + index}`, `555010${index}`, `55501${index}`], field, "0");
    case "integer":
      return clamp(integerValue(field, index), integerBounds(field));
    case "decimal":
      return clamp(decimalValue(field, index), { min: field.min, max: field.max });
    case "money":
      return clamp(moneyValue(field, index), moneyBounds(field));
    case "boolean":
      return booleanValue(field, index);
    case "date":
      return isoDate(dateValue(field, index));
    case "datetime":
      return isoDateTime(dateTimeValue(field, index));
    case "enum":
      return pick(field.options ?? [""], index);
    case "relation":
    case "user":
      // Relations are chosen by the seed planner; accounts are the demo users (seed.ts).
      return null;
  }
}

/**
 * Replaces repeated values of a unique field (possible once values are cut to a maximum length or clamped to a
 * range) with values built from the row index. Capacity limits in the seed planner keep this solvable.
 */
export function makeUnique(field: Field, values: SeedValue[]): SeedValue[] {
  if (new Set(values).size === values.length) return values;
  return values.map((_, i) => {
    switch (field.type) {
      case "text":
      case "long_text": {
        const { max } = lengthBounds(field);
        const suffix = (max ?? 80) < 6 ? String(i + 1) : ` ${i + 1}`;
        const base = chars(field.label)
          .slice(0, Math.max(0, (max ?? 80) - suffix.length))
          .join("");
        return fitText(`${base}${suffix}`, field);
      }
      case "email":
        return fitShaped([`user${i + 1}@example.com`, `u${i + 1}@x.io`], field, "x");
      case "url":
        return fitShaped([`https://example.com/${i + 1}`, `https://x.io/${i + 1}`], field, "a");
      case "phone":
        return fitShaped([`+1 555 01${10 + i}`, `55501${i}`], field, "0");
      case "integer":
      case "decimal":
      case "money":
        return sequenceValue(field, i, values.length);
      case "boolean":
        return i % 2 === 0;
      case "enum":
        return pick(field.options ?? [""], i);
      default:
        return values[i] ?? null;
    }
  });
}

function textValue(entity: Entity, field: Field, i: number): string {
  const w = new Set(words(field.name));
  const has = (...names: string[]) => names.some((n) => w.has(n));
  const person = pick(PEOPLE, i);
  const entityKind = kindOf(entity.name);
  if (has("first", "given", "forename")) return person.first;
  if (has("family") && entityKind === "animal") return pick(FAMILIES, i);
  if (has("last", "surname", "family")) return person.last;
  if (has("species", "breed")) return pick(NAMES.animal ?? SERIES, i);
  if (has("specialty", "speciality", "specialties", "skill", "skills", "expertise", "focus"))
    return pick(SPECIALTIES[entityKind] ?? SPECIALTIES.other, i);
  if (
    has(
      "company",
      "organization",
      "organisation",
      "employer",
      "business",
      "vendor",
      "supplier",
      "manufacturer",
      "brand",
    )
  )
    return pick(COMPANIES, i);
  if (has("name", "fullname")) {
    const qualifier = kindOf(field.name.replace(/_?name$/, "") || "name");
    const kind = qualifier === "other" ? entityKind : qualifier;
    if (kind === "person") return `${person.first} ${person.last}`;
    if (kind === "company") return pick(COMPANIES, i);
    if (kind === "product") return pick(PRODUCTS, i);
    if (kind === "category") return pick(CATEGORIES, i);
    const names = NAMES[kind];
    if (names) return pick(names, i);
    return `${pick(COMPANIES, i)} ${inSentence(entity.label)}`;
  }
  if (has("title", "subject", "headline", "summary", "topic", "role", "position", "job")) {
    if (entityKind === "person") return pick(JOBS, i);
    const names = NAMES[entityKind];
    // A title of something the vocabulary does not know names it with whom it is for: "Trading opportunity with Initech".
    return names ? pick(names, i) : `${entity.label} with ${pick(COMPANIES, i)}`;
  }
  if (has("city", "town")) return pick(CITIES, i);
  if (has("country")) return pick(COUNTRIES, i);
  if (has("region", "province", "county", "state")) return pick(REGIONS, i);
  if (has("address", "street", "line1", "location")) return `${pick(STREETS, i)}, ${pick(CITIES, i)}`;
  if (has("zip", "postcode", "postal")) return pick(POSTCODES, i);
  if (has("code", "sku", "ref", "reference", "number", "serial", "invoice"))
    return `${entity.name.slice(0, 3).toUpperCase()}-${1001 + i}`;
  if (has("color", "colour")) return pick(COLORS, i);
  if (has("username", "handle", "login", "slug", "nickname"))
    return `${person.first}${person.last.charAt(0)}`.toLowerCase();
  if (has("currency")) return pick(CURRENCIES, i);
  if (has("language", "locale")) return pick(LANGUAGES, i);
  if (has("status", "stage", "phase")) return pick(STATUSES, i);
  if (has("category", "categories", "tag", "tags", "label", "type", "kind", "group", "department", "team", "section"))
    return pick(CATEGORIES, i);
  if (
    field.type === "long_text" ||
    has(
      "description",
      "notes",
      "note",
      "bio",
      "body",
      "content",
      "comment",
      "comments",
      "message",
      "details",
      "about",
      "text",
    )
  ) {
    return pick(SENTENCES, i);
  }
  return `${field.label} ${i + 1}`;
}

function emailCandidates(entity: Entity, i: number): string[] {
  const person = pick(PEOPLE, i);
  const local = `${person.first}.${person.last}`.toLowerCase();
  const primary =
    kindOf(entity.name) === "company"
      ? `hello@${kebabCase(
          pick(COMPANIES, i)
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-"),
        )}.example`
      : `${local}@example.com`;
  return [primary, `${person.first.toLowerCase()}${i + 1}@example.com`, `u${i + 1}@x.io`];
}

function urlCandidates(entity: Entity, field: Field, i: number): string[] {
  const w = new Set(words(field.name));
  const company = pick(COMPANIES, i)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
  const primary = ["image", "photo", "avatar", "picture", "logo", "thumbnail", "cover"].some((n) => w.has(n))
    ? `https://images.example.com/${entity.path}/${i + 1}.png`
    : ["website", "homepage", "site", "web", "domain"].some((n) => w.has(n))
      ? `https://www.${company}.example`
      : `https://example.com/${entity.path}/${i + 1}`;
  return [primary, `https://example.com/${i + 1}`, `https://x.io/${i + 1}`];
}

/** Cuts or pads free text to the field's length bounds (counted in characters, as char_length does). */
function fitText(value: string, field: Field): string {
  const { min, max } = lengthBounds(field);
  let out = chars(value);
  if (max !== undefined && out.length > max) out = chars(out.slice(0, max).join("").trimEnd());
  if (min !== undefined && out.length < min) {
    const filler = chars(FILLER.repeat(Math.ceil(min / FILLER.length) + 1));
    out = [...out, ...filler.slice(0, min - out.length)];
    if (out.at(-1) === " ") out[out.length - 1] = "x";
  }
  return out.join("");
}

/** Takes the first candidate short enough, then pads it with `pad` inside its shape until it is long enough. */
function fitShaped(candidates: string[], field: Field, pad: string): string {
  const { min, max } = lengthBounds(field);
  const value = candidates.find((c) => max === undefined || c.length <= max) ?? candidates.at(-1) ?? "";
  if (min === undefined || value.length >= min) return value;
  const missing = pad.repeat(min - value.length);
  if (field.type === "email") return value.replace("@", `${missing}@`);
  if (field.type === "phone") return `${value.slice(0, -1)}${missing}${value.slice(-1)}`;
  return value.endsWith("/") ? `${value}${missing}` : `${value}/${missing.slice(1)}`;
}

interface Bounds {
  min?: number | undefined;
  max?: number | undefined;
}

function clamp(value: number, { min, max }: Bounds): number {
  if (min !== undefined && value < min) return min;
  if (max !== undefined && value > max) return max;
  return value;
}

function integerBounds(field: Field): Bounds {
  return {
    min: field.min === undefined ? undefined : Math.ceil(field.min),
    max: field.max === undefined ? undefined : Math.floor(field.max),
  };
}

function moneyBounds(field: Field): Bounds {
  return {
    min: field.min === undefined ? undefined : Math.ceil(field.min * 100) / 100,
    max: field.max === undefined ? undefined : Math.floor(field.max * 100) / 100,
  };
}

function nameHas(field: Field, ...names: string[]): boolean {
  const w = new Set(words(field.name));
  return names.some((n) => w.has(n));
}

function integerValue(field: Field, i: number): number {
  if (nameHas(field, "quantity", "qty", "count", "units", "stock", "seats", "capacity", "inventory"))
    return pick([3, 12, 1, 25, 7], i);
  if (nameHas(field, "age")) return pick([34, 27, 45, 52, 23], i);
  if (nameHas(field, "year")) return pick([2021, 2022, 2023, 2024, 2025], i);
  if (nameHas(field, "rating", "stars", "score", "priority", "level")) return pick([4, 5, 3, 2, 1], i);
  if (nameHas(field, "position", "rank", "order", "sort", "sequence", "step", "index")) return i + 1;
  if (nameHas(field, "minutes", "duration", "length")) return pick([30, 45, 60, 90, 15], i);
  return pick([10, 25, 3, 42, 7], i);
}

function decimalValue(field: Field, i: number): number {
  if (nameHas(field, "lat", "latitude")) return pick([38.7223, 43.6532, -1.2921, 34.6937, 52.52], i);
  if (nameHas(field, "lng", "lon", "longitude")) return pick([-9.1393, -79.3832, 36.8219, 135.5023, 13.405], i);
  if (nameHas(field, "percent", "percentage", "rate", "discount", "tax", "vat")) return pick([5, 12.5, 20, 7.5, 15], i);
  if (nameHas(field, "weight", "kg", "hours", "distance", "km", "height", "width", "depth", "size"))
    return pick([2.5, 0.75, 12.3, 5.0, 1.25], i);
  return pick([1.5, 2.75, 10.25, 0.5, 42.0], i);
}

function moneyValue(field: Field, i: number): number {
  if (nameHas(field, "salary", "income", "revenue", "wage")) return pick([52000, 61500, 78000, 45000, 90000], i);
  if (nameHas(field, "budget", "limit", "goal", "target")) return pick([5000, 12500, 750, 30000, 2200], i);
  if (nameHas(field, "fee", "shipping", "tip", "deposit")) return pick([4.99, 9.5, 0, 15, 2.25], i);
  return pick([19.99, 49.0, 120.5, 7.25, 1250.0], i);
}

function sequenceValue(field: Field, i: number, count: number): number {
  const bounds =
    field.type === "integer"
      ? integerBounds(field)
      : field.type === "money"
        ? moneyBounds(field)
        : { min: field.min, max: field.max };
  const step =
    field.type === "integer"
      ? 1
      : field.type === "money"
        ? 0.01
        : bounds.min !== undefined && bounds.max !== undefined
          ? (bounds.max - bounds.min) / Math.max(1, count - 1)
          : 1;
  const start = bounds.min ?? (bounds.max !== undefined ? bounds.max - step * (count - 1) : 1);
  const value = start + step * i;
  return field.type === "money" ? Math.round(value * 100) / 100 : value;
}

function booleanValue(field: Field, i: number): boolean {
  if (
    field.name.startsWith("is_") ||
    field.name.startsWith("has_") ||
    nameHas(field, "active", "enabled", "published", "available", "visible", "public", "verified")
  ) {
    return pick([true, true, false, true, false], i);
  }
  return i % 2 === 0;
}

/** 2025-01-15, a fixed day the demo data is spread around. */
const BASE_DAY = Date.UTC(2025, 0, 15);
const DAY = 86_400_000;

/** Words that mark the end of a span (clock_out, ends_at, check_out) and its start (clock_in, starts_at, check_in). */
const END_WORDS = [
  "end",
  "ends",
  "ended",
  "out",
  "until",
  "finish",
  "finished",
  "stop",
  "stopped",
  "close",
  "closed",
  "departure",
  "checkout",
  "to",
  "completed",
  "returned",
];
const START_WORDS = [
  "start",
  "starts",
  "started",
  "begin",
  "begins",
  "in",
  "from",
  "arrival",
  "checkin",
  "opened",
  "open",
];

/**
 * A date-time of row `i`. Both ends of a span fall on the same day, the end after the start (clock-in 08:00,
 * clock-out 16:30), so a shift, a booking or a visit never ends before it begins.
 */
function dateTimeValue(field: Field, i: number): number {
  const day = BASE_DAY + (i * 9 - 18) * DAY;
  if (nameHas(field, ...END_WORDS)) return day + (16 * 60 + 30 + i * 10) * 60_000;
  if (nameHas(field, ...START_WORDS)) return day + (8 * 60 + i * 15) * 60_000;
  if (nameHas(field, "due", "deadline", "expires", "expiry")) return BASE_DAY + (i + 1) * 7 * DAY + 17 * 3600_000;
  return day + (9 * 60 + 30 + i * 75) * 60_000;
}

function dateValue(field: Field, i: number): number {
  if (nameHas(field, "birth", "birthday", "born", "dob")) return Date.UTC(1978 + i * 5, (i * 3) % 12, 3 + i * 5);
  if (
    nameHas(
      field,
      "due",
      "deadline",
      "end",
      "until",
      "expires",
      "expiry",
      "expiration",
      "return",
      "out",
      "checkout",
      "departure",
      "to",
      "finish",
      "closed",
    )
  ) {
    return BASE_DAY + (i + 1) * 7 * DAY;
  }
  if (nameHas(field, "start", "begin", "since", "from", "joined", "hired", "opened", "in", "checkin", "arrival"))
    return BASE_DAY - (5 - i) * 30 * DAY;
  return BASE_DAY + (i * 9 - 18) * DAY;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

const QUANTITY_WORDS = ["quantity", "qty", "units", "count", "hours", "nights", "seats", "days", "pieces"];
const PRICE_WORDS = ["price", "rate", "fee", "cost"];
const TOTAL_WORDS = ["total", "subtotal", "amount", "sum"];

const isNumber = (field: Field) => field.type === "integer" || field.type === "decimal" || field.type === "money";

/**
 * Makes a row's numbers agree with each other: a total (or amount) is its quantity times its unit price, and a total
 * next to a subtotal and a tax is their sum. A result outside the total's bounds (or not allowed to repeat) is left as
 * it was. `columns` holds one array of values per field, in the order of `fields`; the arrays are changed in place.
 */
export function consistentColumns(fields: readonly Field[], columns: SeedValue[][]): void {
  const find = (pick: (field: Field) => boolean) => fields.findIndex((f) => isNumber(f) && pick(f));
  const quantity = find((f) => nameHas(f, ...QUANTITY_WORDS) && f.type !== "money");
  const price = find((f) => nameHas(f, ...PRICE_WORDS) && !nameHas(f, ...TOTAL_WORDS));
  const subtotal = find((f) => nameHas(f, "subtotal"));
  const tax = find((f) => nameHas(f, "tax", "vat"));
  const total = find((f) => nameHas(f, ...TOTAL_WORDS) && !nameHas(f, "subtotal", "tax", "vat"));
  const fill = (target: number, compute: (row: number) => number | undefined) => {
    const field = fields[target];
    if (!field || field.unique) return;
    const column = columns[target] ?? [];
    column.forEach((_, row) => {
      const value = compute(row);
      if (value === undefined || !Number.isFinite(value)) return;
      const fitted = field.type === "integer" ? Math.round(value) : Math.round(value * 100) / 100;
      if ((field.min !== undefined && fitted < field.min) || (field.max !== undefined && fitted > field.max)) return;
      column[row] = fitted;
    });
  };
  const num = (index: number, row: number) => {
    const value = columns[index]?.[row];
    return typeof value === "number" ? value : undefined;
  };
  if (total >= 0 && subtotal >= 0 && tax >= 0) {
    // A percentage "tax rate" is not an amount of tax; only add amounts.
    if (fields[tax]?.type === "money") fill(total, (row) => (num(subtotal, row) ?? NaN) + (num(tax, row) ?? NaN));
  } else if (quantity >= 0 && price >= 0) {
    fill(total >= 0 ? total : subtotal, (row) => (num(quantity, row) ?? NaN) * (num(price, row) ?? NaN));
  }
}
