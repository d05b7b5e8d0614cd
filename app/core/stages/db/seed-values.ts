// Demo values chosen by a field's type and name ("price" looks like 19.99, "email" like an address), then bent to
// fit its constraints. Everything depends on the row index only — never on the clock — so the seed is reproducible.
import { kebabCase, words } from "../../naming.ts";
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
const TASKS = ["Plan the spring launch", "Review supplier contracts", "Update the onboarding guide", "Fix the checkout bug", "Prepare the quarterly report"];
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
  "person people user customer contact employee member author student patient client lead staff teacher guest attendee volunteer owner applicant candidate driver player subscriber tenant worker participant speaker instructor doctor friend host agent manager assignee reviewer recipient sender founder".split(" "),
);
const COMPANY_WORDS = new Set("company companies organization organisation account vendor supplier business agency brand partner firm store shop employer manufacturer".split(" "));
const PRODUCT_WORDS = new Set("product item article good merchandise device".split(" "));
const CATEGORY_WORDS = new Set("tag category label topic genre type kind group department team section".split(" "));

type Kind = "person" | "company" | "product" | "category" | "other";

function kindOf(name: string): Kind {
  const last = words(name).at(-1) ?? name;
  if (PERSON_WORDS.has(last)) return "person";
  if (COMPANY_WORDS.has(last)) return "company";
  if (PRODUCT_WORDS.has(last)) return "product";
  if (CATEGORY_WORDS.has(last)) return "category";
  return "other";
}

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
      return isoDateTime(dateValue(field, index) + (9 * 60 + 30 + index * 75) * 60_000);
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
        const base = chars(field.label).slice(0, Math.max(0, (max ?? 80) - suffix.length)).join("");
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
  if (has("last", "surname", "family")) return person.last;
  if (has("company", "organization", "organisation", "employer", "business", "vendor", "supplier", "manufacturer", "brand")) return pick(COMPANIES, i);
  if (has("name", "fullname")) {
    const qualifier = kindOf(field.name.replace(/_?name$/, "") || "name");
    const kind = qualifier === "other" ? entityKind : qualifier;
    if (kind === "person") return `${person.first} ${person.last}`;
    if (kind === "company") return pick(COMPANIES, i);
    if (kind === "product") return pick(PRODUCTS, i);
    if (kind === "category") return pick(CATEGORIES, i);
    return `${entity.label} ${pick(SERIES, i)}`;
  }
  if (has("title", "subject", "headline", "summary", "topic", "role", "position", "job")) return entityKind === "person" ? pick(JOBS, i) : pick(TASKS, i);
  if (has("city", "town")) return pick(CITIES, i);
  if (has("country")) return pick(COUNTRIES, i);
  if (has("region", "province", "county", "state")) return pick(REGIONS, i);
  if (has("address", "street", "line1", "location")) return `${pick(STREETS, i)}, ${pick(CITIES, i)}`;
  if (has("zip", "postcode", "postal")) return pick(POSTCODES, i);
  if (has("code", "sku", "ref", "reference", "number", "serial", "invoice")) return `${entity.name.slice(0, 3).toUpperCase()}-${1001 + i}`;
  if (has("color", "colour")) return pick(COLORS, i);
  if (has("username", "handle", "login", "slug", "nickname")) return `${person.first}${person.last.charAt(0)}`.toLowerCase();
  if (has("currency")) return pick(CURRENCIES, i);
  if (has("language", "locale")) return pick(LANGUAGES, i);
  if (has("status", "stage", "phase")) return pick(STATUSES, i);
  if (has("category", "categories", "tag", "tags", "label", "type", "kind", "group", "department", "team", "section")) return pick(CATEGORIES, i);
  if (field.type === "long_text" || has("description", "notes", "note", "bio", "body", "content", "comment", "comments", "message", "details", "about", "text")) {
    return pick(SENTENCES, i);
  }
  return `${field.label} ${i + 1}`;
}

function emailCandidates(entity: Entity, i: number): string[] {
  const person = pick(PEOPLE, i);
  const local = `${person.first}.${person.last}`.toLowerCase();
  const primary = kindOf(entity.name) === "company" ? `hello@${kebabCase(pick(COMPANIES, i).toLowerCase().replace(/[^a-z0-9]+/g, "-"))}.example` : `${local}@example.com`;
  return [primary, `${person.first.toLowerCase()}${i + 1}@example.com`, `u${i + 1}@x.io`];
}

function urlCandidates(entity: Entity, field: Field, i: number): string[] {
  const w = new Set(words(field.name));
  const company = pick(COMPANIES, i).toLowerCase().replace(/[^a-z0-9]+/g, "-");
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
  if (nameHas(field, "quantity", "qty", "count", "units", "stock", "seats", "capacity", "inventory")) return pick([3, 12, 1, 25, 7], i);
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
  if (nameHas(field, "weight", "kg", "hours", "distance", "km", "height", "width", "depth", "size")) return pick([2.5, 0.75, 12.3, 5.0, 1.25], i);
  return pick([1.5, 2.75, 10.25, 0.5, 42.0], i);
}

function moneyValue(field: Field, i: number): number {
  if (nameHas(field, "salary", "income", "revenue", "wage")) return pick([52000, 61500, 78000, 45000, 90000], i);
  if (nameHas(field, "budget", "limit", "goal", "target")) return pick([5000, 12500, 750, 30000, 2200], i);
  if (nameHas(field, "fee", "shipping", "tip", "deposit")) return pick([4.99, 9.5, 0, 15, 2.25], i);
  return pick([19.99, 49.0, 120.5, 7.25, 1250.0], i);
}

function sequenceValue(field: Field, i: number, count: number): number {
  const bounds = field.type === "integer" ? integerBounds(field) : field.type === "money" ? moneyBounds(field) : { min: field.min, max: field.max };
  const step = field.type === "integer" ? 1 : field.type === "money" ? 0.01 : bounds.min !== undefined && bounds.max !== undefined ? (bounds.max - bounds.min) / Math.max(1, count - 1) : 1;
  const start = bounds.min ?? (bounds.max !== undefined ? bounds.max - step * (count - 1) : 1);
  const value = start + step * i;
  return field.type === "money" ? Math.round(value * 100) / 100 : value;
}

function booleanValue(field: Field, i: number): boolean {
  if (field.name.startsWith("is_") || field.name.startsWith("has_") || nameHas(field, "active", "enabled", "published", "available", "visible", "public", "verified")) {
    return pick([true, true, false, true, false], i);
  }
  return i % 2 === 0;
}

/** 2025-01-15, a fixed day the demo data is spread around. */
const BASE_DAY = Date.UTC(2025, 0, 15);
const DAY = 86_400_000;

function dateValue(field: Field, i: number): number {
  if (nameHas(field, "birth", "birthday", "born", "dob")) return Date.UTC(1978 + i * 5, (i * 3) % 12, 3 + i * 5);
  if (nameHas(field, "due", "deadline", "end", "until", "expires", "expiry", "expiration", "return")) return BASE_DAY + (i + 1) * 7 * DAY;
  if (nameHas(field, "start", "begin", "since", "from", "joined", "hired", "opened")) return BASE_DAY - (5 - i) * 30 * DAY;
  return BASE_DAY + (i * 9 - 18) * DAY;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
