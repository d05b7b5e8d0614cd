// Board and calendar pages from the way people ask for them: "a kanban board of tasks by status", "a board to move
// orders between stages", "a calendar of bookings", "see the appointments on a calendar". Sentence by sentence, on the
// entities the plan already has: the entity is the one the sentence names (else the only one), the board's column
// field an enum the sentence names (else completion's status-like choice), the calendar's a date the sentence names
// (else the first). An entity without such a field gets one ("status", "date"). A text field the tagger made of the
// view's own words ("calendar", "calendar view") is removed: the view is the answer to those words.
import type { FieldDraft } from "./field-types.ts";
import { plainSentences, plainWords, singularWord } from "./text.ts";

type Json = Record<string, unknown>;

interface EntityDraft {
  name: string;
  label: string;
  plural_label: string;
  display_field?: string;
  fields: FieldDraft[];
}

const BOARD_WORDS = new Set(["kanban", "board", "boards"]);
const CALENDAR_WORDS = new Set(["calendar", "calendars"]);
/** Boards that are not a view of rows: board games, a board of directors, a message board. */
const OTHER_BOARDS_BEFORE = new Set([
  "message",
  "bulletin",
  "notice",
  "white",
  "dash",
  "key",
  "score",
  "leader",
  "cutting",
]);
const OTHER_BOARDS_AFTER = new Set([
  "game",
  "games",
  "member",
  "members",
  "meeting",
  "meetings",
  "director",
  "directors",
]);
/** Words a field name made from the request of a view consists of. */
const VIEW_FIELD_WORDS = new Set(["calendar", "kanban", "board", "view"]);
const DATE_TYPES = new Set(["date", "datetime"]);
const SMALL_WORDS = new Set(["of", "the", "a", "an", "and", "or", "by", "in", "on", "at", "to", "my", "our", "their"]);

const wordsOf = plainWords;

const sentencesOf = plainSentences;

function asksForBoard(words: string[]): boolean {
  return words.some(
    (w, i) =>
      w === "kanban" ||
      (BOARD_WORDS.has(w) &&
        !OTHER_BOARDS_BEFORE.has(words[i - 1] ?? "") &&
        !OTHER_BOARDS_AFTER.has(words[i + 1] ?? "")),
  );
}

/** Where the sentence first names the entity (by name, label or plural), or -1. */
function mentionAt(words: string[], entity: EntityDraft): number {
  const text = ` ${words.join(" ")} `;
  const names = [entity.name, entity.label, entity.plural_label].map((n) => n.toLowerCase().replace(/[_ ]+/g, " "));
  const found = names.map((name) => text.indexOf(` ${name} `)).filter((i) => i >= 0);
  if (found.length > 0) return Math.min(...found);
  return words.findIndex((w) => singularWord(w) === entity.name) >= 0 ? text.length : -1;
}

/** A field of the kind the sentence names: all words of its name, or one distinctive word of it. */
function namedField(words: string[], fields: FieldDraft[], keep: (f: FieldDraft) => boolean): FieldDraft | undefined {
  const said = new Set(words.flatMap((w) => [w, singularWord(w)]));
  const candidates = fields.filter(keep);
  return (
    candidates.find((f) => f.name.split("_").every((part) => said.has(part))) ??
    candidates.find((f) =>
      f.name.split("_").some((part) => !SMALL_WORDS.has(part) && part.length > 3 && said.has(part)),
    )
  );
}

const isViewField = (f: FieldDraft) =>
  f.type === "text" && f.name.split("_").every((part) => VIEW_FIELD_WORDS.has(part));

/**
 * The board and calendar pages a prompt asks for, at most one of each per entity. May add a status or date field to
 * the entity a view needs one on, and removes text fields named after the view itself.
 */
export function planViews(prompt: string, entities: EntityDraft[]): Json[] {
  const pages: Json[] = [];
  const planned = new Set<string>();
  for (const sentence of sentencesOf(prompt)) {
    const words = wordsOf(sentence);
    const kinds = [
      ...(asksForBoard(words) ? (["board"] as const) : []),
      ...(words.some((w) => CALENDAR_WORDS.has(w)) ? (["calendar"] as const) : []),
    ];
    if (kinds.length === 0) continue;
    const mentioned = entities
      .map((entity) => ({ entity, at: mentionAt(words, entity) }))
      .filter((m) => m.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((m) => m.entity);
    for (const kind of kinds) {
      const fits = (e: EntityDraft) =>
        e.fields.some((f) => (kind === "board" ? f.type === "enum" : DATE_TYPES.has(f.type)));
      const entity =
        mentioned.find(fits) ??
        mentioned[0] ??
        entities.find(fits) ??
        (entities.length === 1 ? entities[0] : undefined);
      if (!entity || planned.has(`${kind} ${entity.name}`)) continue;
      planned.add(`${kind} ${entity.name}`);
      entity.fields = entity.fields.filter((f) => !isViewField(f) || f.name === entity.display_field);
      pages.push(kind === "board" ? boardPage(words, entity) : calendarPage(words, entity));
    }
  }
  return pages;
}

function boardPage(words: string[], entity: EntityDraft): Json {
  let field = namedField(words, entity.fields, (f) => f.type === "enum");
  if (!entity.fields.some((f) => f.type === "enum")) {
    field = {
      name: entity.fields.some((f) => f.name === "status") ? "board_status" : "status",
      type: "enum",
      options: ["todo", "in_progress", "done"],
      default: "todo",
      required: true,
    };
    entity.fields.push(field);
  }
  return { kind: "board", entity: entity.name, ...(field ? { group_by: field.name } : {}) };
}

function calendarPage(words: string[], entity: EntityDraft): Json {
  let field = namedField(words, entity.fields, (f) => DATE_TYPES.has(f.type));
  if (!entity.fields.some((f) => DATE_TYPES.has(f.type))) {
    field = { name: entity.fields.some((f) => f.name === "date") ? "calendar_date" : "date", type: "date" };
    entity.fields.push(field);
  }
  return { kind: "calendar", entity: entity.name, ...(field ? { date_field: field.name } : {}) };
}
