// Field names -> typed fields. The same rules type the archetype vocabulary, the fields a prompt lists and the fields
// a /regenerate instruction adds, so "due date" is a date wherever it is written.
import { identifierFrom } from "../../naming.ts";
import type { Field, Relation } from "../../schema-types/manifest.ts";
import { SYSTEM_COLUMNS } from "../../manifest/validate.ts";
import { ADJECTIVES, DETERMINERS, POSSESSIVES, singularWord } from "./text.ts";

export type FieldType = Field["type"];

/** A field before completion: labels, required/unique flags and on_delete are filled by completeManifest. */
export interface FieldDraft {
  name: string;
  type: FieldType;
  label?: string;
  required?: boolean;
  unique?: boolean;
  read_only?: boolean;
  default?: string | number | boolean;
  options?: string[];
  min?: number;
  max?: number;
  relation?: { target: string; cardinality?: Relation["cardinality"]; on_delete?: Relation["on_delete"] };
}

const set = (list: string) => new Set(list.trim().split(/\s+/));

const URL_WORDS = set(
  "url website link homepage site linkedin twitter instagram facebook photo image avatar logo picture thumbnail cover resume cv attachment",
);
const BOOLEAN_WORDS =
  set(`active paid completed complete done enabled archived published approved verified available featured
  public visible pinned billable confirmed cancelled canceled returned vegetarian vegan urgent private flagged starred
  favorite favourite read resolved signed refundable taxable recurring remote sold default primary hidden locked
  accepted invoiced shipped delivered attended present checked plus_one`);
const DATE_WORDS = set("date day deadline birthday dob due birthdate anniversary");
const DATETIME_WORDS = set("at time datetime timestamp starts ends start end");
const MONEY_WORDS = set(`price amount cost salary fee fees total subtotal budget revenue balance wage wages deposit rent
  value payment tax discount tip income spend spending pay payout refund charge bill fare premium goal raised`);
const DECIMAL_WORDS =
  set(`percentage percent ratio score weight height width length depth distance latitude longitude lat
  lng lon temperature area volume kg km kilometres kilometers miles hectares acres litres liters hours gpa mileage
  yield size_cm bmi speed grams lbs pounds ounces`);
const INTEGER_WORDS =
  set(`count quantity qty capacity stock guests seats age year minutes seconds days calories reps sets
  pages floor floors bedrooms bathrooms rooms points credits position rank servings attendees duration population
  spots slots places stories copies units headcount votes views likes players members nights weeks months years
  level laps sessions tickets`);
const LONG_TEXT_WORDS =
  set(`notes note description bio biography comments comment details summary body content instructions
  message feedback remarks directions agenda transcript requirements symptoms diagnosis treatment answer abstract
  review story text steps ingredients`);
const IDENTIFIER_NUMBER_PREFIXES = set(`invoice order tracking serial account license licence policy case reference
  registration plate vin passport id isbn room flight ticket student employee member customer part model
  bar badge receipt confirmation po sku unit apartment table seat lot batch`);
const PARTICIPLES = set(
  "paid due born held sent made done built sold bought won lost begun given taken seen spent set met read written",
);
const PHONE_WORDS = set("phone mobile telephone tel cell fax whatsapp");
const DURATION_TIME_PREFIXES = set(
  "cooking cook prep preparation travel wait waiting response reading run running total",
);

/** Options an enum gets when the text names the field but not its values. */
const DEFAULT_OPTIONS: Record<string, string[]> = {
  priority: ["low", "medium", "high"],
  severity: ["low", "medium", "high", "critical"],
  status: ["active", "inactive"],
  difficulty: ["easy", "medium", "hard"],
  level: ["beginner", "intermediate", "advanced"],
  size: ["small", "medium", "large"],
  frequency: ["daily", "weekly", "monthly"],
  urgency: ["low", "medium", "high"],
  stage: ["new", "in_progress", "done"],
};

/** The type a field's name suggests; options (from "(low, high)") make it an enum. */
export function inferField(name: string, options?: string[]): FieldDraft {
  const parts = name.split("_");
  const written = parts.at(-1) ?? name;
  // "quantities" types like "quantity"; words the sets list in the plural ("bedrooms") match as written.
  const singular = singularWord(written);
  const last = [INTEGER_WORDS, DECIMAL_WORDS, MONEY_WORDS, LONG_TEXT_WORDS, URL_WORDS, DATE_WORDS].some((set) =>
    set.has(written),
  )
    ? written
    : singular;
  const first = parts[0] ?? name;
  if (options && options.length) return { name, type: "enum", options };
  if (/(?:^|_)e_?mail(?:_|$)/.test(name) || last === "email") return { name, type: "email" };
  if (parts.some((p) => PHONE_WORDS.has(p))) return { name, type: "phone" };
  if (URL_WORDS.has(last) || (first === "url" && parts.length > 1)) return { name, type: "url" };
  if (last === "at") return { name, type: "datetime" };
  // "paid_on", "returned_on": an act and the day it happened.
  const before = parts.at(-2) ?? "";
  if (parts.length > 1 && last === "on" && (/ed$/.test(before) || PARTICIPLES.has(before)))
    return { name, type: "date" };
  if (["is", "has", "can", "allow", "allows", "needs", "include", "includes"].includes(first) && parts.length > 1)
    return { name, type: "boolean" };
  if (last === "flag" || BOOLEAN_WORDS.has(name) || (parts.length === 2 && first === "in" && last === "stock"))
    return { name, type: "boolean" };
  if (DATE_WORDS.has(last) || name === "date_of_birth" || name.startsWith("date_") || name === "due_by")
    return { name, type: "date" };
  if (last === "time" && DURATION_TIME_PREFIXES.has(first) && parts.length > 1)
    return { name, type: "integer", min: 0 };
  if (DATETIME_WORDS.has(last) || name === "start" || name === "end") return { name, type: "datetime" };
  if (last === "rating" || last === "stars") return { name, type: "integer", min: 1, max: 5 };
  if (last === "rate") {
    return ["daily", "hourly", "nightly", "weekly", "monthly", "day", "hour", "night", "room", "billing"].includes(
      first,
    ) || parts.length === 1
      ? { name, type: "money", min: 0 }
      : { name, type: "decimal" };
  }
  if (MONEY_WORDS.has(last)) return { name, type: "money", min: 0 };
  if (DECIMAL_WORDS.has(last)) return { name, type: "decimal" };
  if (last === "number" || last === "no" || last === "num") {
    if (parts.length === 1 || first === "number") return { name, type: "integer" };
    return IDENTIFIER_NUMBER_PREFIXES.has(parts.at(-2) ?? "") ? { name, type: "text" } : { name, type: "integer" };
  }
  if (first === "number" && parts[1] === "of") return { name, type: "integer", min: 0 };
  if (last === "level" && parts.length > 1) return { name, type: "integer", min: 0 };
  if (INTEGER_WORDS.has(last)) return { name, type: "integer", min: 0 };
  const defaults = DEFAULT_OPTIONS[name];
  if (defaults) return { name, type: "enum", options: defaults };
  if (LONG_TEXT_WORDS.has(last)) return { name, type: "long_text" };
  return { name, type: "text" };
}

const UNIT_NAMES: Record<string, { suffix: string; type: FieldType }> = {
  minutes: { suffix: "minutes", type: "integer" },
  minute: { suffix: "minutes", type: "integer" },
  mins: { suffix: "minutes", type: "integer" },
  seconds: { suffix: "seconds", type: "integer" },
  hours: { suffix: "hours", type: "decimal" },
  days: { suffix: "days", type: "integer" },
  kilograms: { suffix: "kg", type: "decimal" },
  kilos: { suffix: "kg", type: "decimal" },
  kg: { suffix: "kg", type: "decimal" },
  grams: { suffix: "g", type: "decimal" },
  pounds: { suffix: "lb", type: "decimal" },
  lbs: { suffix: "lb", type: "decimal" },
  kilometres: { suffix: "km", type: "decimal" },
  kilometers: { suffix: "km", type: "decimal" },
  km: { suffix: "km", type: "decimal" },
  miles: { suffix: "miles", type: "decimal" },
  meters: { suffix: "m", type: "decimal" },
  metres: { suffix: "m", type: "decimal" },
  litres: { suffix: "l", type: "decimal" },
  liters: { suffix: "l", type: "decimal" },
  hectares: { suffix: "hectares", type: "decimal" },
  acres: { suffix: "acres", type: "decimal" },
  percent: { suffix: "percent", type: "decimal" },
  dollars: { suffix: "", type: "money" },
  euros: { suffix: "", type: "money" },
  usd: { suffix: "", type: "money" },
  eur: { suffix: "", type: "money" },
};

/** Field words of a few other languages, so "nombre, teléfono y correo" types like "name, phone and email". */
const FOREIGN_FIELD_WORDS: Record<string, string> = {
  nombre: "name",
  telefono: "phone",
  correo: "email",
  direccion: "address",
  fecha: "date",
  precio: "price",
  cantidad: "quantity",
  notas: "notes",
  estado: "status",
  descripcion: "description",
  titulo: "title",
  nom: "name",
  telephone: "phone",
  courriel: "email",
  adresse: "address",
  prix: "price",
  quantite: "quantity",
  statut: "status",
  titre: "title",
  telefon: "phone",
  preis: "price",
  menge: "quantity",
  datum: "date",
  notizen: "notes",
  beschreibung: "description",
  titel: "title",
};

const TYPE_WORDS: Record<string, FieldType> = {
  text: "text",
  string: "text",
  long: "long_text",
  paragraph: "long_text",
  textarea: "long_text",
  multiline: "long_text",
  email: "email",
  url: "url",
  link: "url",
  phone: "phone",
  integer: "integer",
  int: "integer",
  number: "integer",
  count: "integer",
  decimal: "decimal",
  float: "decimal",
  money: "money",
  currency: "money",
  boolean: "boolean",
  checkbox: "boolean",
  toggle: "boolean",
  flag: "boolean",
  date: "date",
  datetime: "datetime",
  timestamp: "datetime",
  enum: "enum",
  choice: "enum",
  select: "enum",
  dropdown: "enum",
};

/** An explicit type written in words, e.g. "long text", "date time", "yes/no". */
export function typeFromWords(words: string[]): FieldType | undefined {
  const joined = words.join(" ");
  if (/^(?:long|rich|multi[- ]?line) ?text$/.test(joined)) return "long_text";
  if (/^date ?time$/.test(joined)) return "datetime";
  if (/^(?:yes ?\/? ?no|true ?\/? ?false|on ?\/? ?off)$/.test(joined)) return "boolean";
  if (/^whole number$/.test(joined)) return "integer";
  if (words.length === 1) return TYPE_WORDS[joined];
  return undefined;
}

export interface PhraseOptions {
  options?: string[];
}

/**
 * A noun phrase from a list ("a due date", "whether it was paid by card", "duration in minutes", "required email")
 * -> a typed field, or undefined when the phrase does not look like a field name.
 */
export function fieldFromPhrase(input: string[], { options }: PhraseOptions = {}): FieldDraft | undefined {
  let words = input
    .map((w) =>
      w
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase(),
    )
    .filter((w) => w !== "");
  let required = false;
  let unique = false;
  let forcedType: FieldType | undefined;
  let unitSuffix = "";

  const whether = words.indexOf("whether");
  if (whether >= 0) {
    const rest = words
      .slice(whether + 1)
      .filter((w) => !/^(?:it|they|he|she|is|was|are|were|has|have|been|the|a|an|its|their)$/.test(w));
    const name = identifierFrom(rest.slice(0, 4).join(" "));
    return name ? { name, type: "boolean" } : undefined;
  }
  while (
    words.length &&
    (DETERMINERS.has(words[0] ?? "") ||
      POSSESSIVES.has(words[0] ?? "") ||
      ["required", "mandatory", "unique", "optional", "also", "new"].includes(words[0] ?? ""))
  ) {
    const w = words.shift();
    if (w === "required" || w === "mandatory") required = true;
    if (w === "unique") unique = true;
  }
  // "duration in minutes", "price in euros"
  const unitAt = words.findIndex(
    (w, i) => (w === "in" || w === "per") && i > 0 && UNIT_NAMES[words[i + 1] ?? ""] !== undefined,
  );
  if (unitAt > 0) {
    const unit = UNIT_NAMES[words[unitAt + 1] ?? ""];
    if (unit) {
      forcedType = unit.type;
      unitSuffix = unit.suffix;
    }
    words = words.slice(0, unitAt);
  }
  // "a boolean field called done", "status field", "email as text"
  const called = words.findIndex((w) => w === "called" || w === "named");
  if (called >= 0) {
    forcedType =
      typeFromWords(words.slice(0, called).filter((w) => !["field", "column", "property", "attribute"].includes(w))) ??
      forcedType;
    words = words.slice(called + 1);
  }
  const asAt = words.findIndex((w, i) => (w === "as" || w === "type") && i > 0);
  if (asAt > 0) {
    const hinted = typeFromWords(
      words.slice(asAt + 1).filter((w) => !DETERMINERS.has(w) && w !== "of" && w !== "field"),
    );
    if (hinted) {
      forcedType = hinted;
      words = words.slice(0, asAt).filter((w) => w !== "of");
    }
  }
  // Cut at prepositions that start a qualifier ("price for each product"); keep "date of birth", "number of guests".
  const cut = words.findIndex(
    (w, i) =>
      i > 0 &&
      [
        "for",
        "with",
        "per",
        "by",
        "from",
        "to",
        "on",
        "at",
        "in",
        "so",
        "that",
        "which",
        "when",
        "where",
        "if",
      ].includes(w),
  );
  if (cut > 0) words = words.slice(0, cut);
  words = words.filter(
    (w) => !["field", "fields", "column", "columns", "property", "attribute"].includes(w) || words.length === 1,
  );
  if (["flag", "checkbox", "toggle", "switch", "tickbox"].includes(words.at(-1) ?? "") && words.length > 1) {
    words = words.slice(0, -1);
    forcedType = "boolean";
  }
  while (
    words.length > 1 &&
    ADJECTIVES.has(words[0] ?? "") &&
    !["daily", "hourly", "weekly", "monthly", "total", "start", "first", "last", "required"].includes(words[0] ?? "")
  )
    words.shift();
  if (words.length === 0 || words.length > 4) return undefined;
  if (words.length === 1) words = [FOREIGN_FIELD_WORDS[words[0] ?? ""] ?? words[0] ?? ""];
  const base = identifierFrom(words.join(" "));
  if (!base) return undefined;
  const name = unitSuffix && !base.endsWith(`_${unitSuffix}`) ? `${base}_${unitSuffix}` : base;
  if (SYSTEM_COLUMNS.has(name) || name === "created" || name === "updated") return undefined;
  const inferred = inferField(name, options);
  const field: FieldDraft = forcedType && !options?.length ? { name, type: forcedType } : inferred;
  if (forcedType && !options?.length && forcedType === inferred.type) Object.assign(field, inferred);
  if (field.type === "enum" && !field.options) field.options = DEFAULT_OPTIONS[name] ?? ["yes", "no"];
  if (required) field.required = true;
  if (unique) field.unique = true;
  return field;
}

const TEMPORAL = new Set<FieldType>(["date", "datetime"]);
const NUMERIC = new Set<FieldType>(["integer", "decimal", "money"]);
const family = (type: FieldType) =>
  TEMPORAL.has(type) ? "temporal" : NUMERIC.has(type) ? "numeric" : type === "long_text" ? "text" : type;

/**
 * Whether two differently named fields mean the same thing: "start_time" and "starts_at", "harvest_date" and
 * "harvested_on", "price" and "unit_price". Used so a field the prompt names replaces the archetype's version.
 */
export function sameField(a: Pick<FieldDraft, "name" | "type">, b: Pick<FieldDraft, "name" | "type">): boolean {
  if (a.name === b.name) return true;
  if (a.type === "relation" || b.type === "relation" || family(a.type) !== family(b.type)) return false;
  const wa = a.name.split("_");
  const wb = b.name.split("_");
  if (
    wa.at(-1) === wb.at(-1) &&
    (wa.length === 1 || wb.length === 1) &&
    !["name", "date", "at", "on", "id", "number", "type"].includes(wa.at(-1) ?? "")
  )
    return true;
  const fa = wa[0] ?? "";
  const fb = wb[0] ?? "";
  if (fa.length < 3 || fb.length < 3 || ["date", "due", "is", "has", "number", "total", "first", "last"].includes(fa))
    return false;
  const n = Math.min(4, fa.length, fb.length);
  return fa.slice(0, n) === fb.slice(0, n) && (family(a.type) === "temporal" || family(a.type) === "numeric");
}
