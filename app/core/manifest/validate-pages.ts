// Rules of the views a page may add to an entity: a board's columns come from an enum field, a calendar's days from a
// date or datetime field, a list's default order from a field it can sort by; each property belongs to its kind.
import type { Entity, Field, Manifest, Page } from "../schema-types/manifest.ts";

type Add = (path: string, message: string, fix?: string) => void;

const DATE_TYPES = new Set(["date", "datetime"]);
/** Columns every row has, which a list can sort by too. */
const SYSTEM_SORT = ["created_at", "updated_at"];

const isEnum = (f: Field) => f.type === "enum";
const isDate = (f: Field) => DATE_TYPES.has(f.type);
/** Fields a list sorts by: stored values with an order (the same rule as the API's sort parameter). */
const isSortable = (f: Field) => f.type !== "long_text" && f.type !== "relation" && f.type !== "user";

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function choices(entity: Entity, keep: (f: Field) => boolean, extra: string[] = []): string {
  const names = [...entity.fields.filter(keep).map((f) => f.name), ...extra];
  return names.length ? `use one of: ${names.join(", ")}` : "";
}

/** Properties that only one kind of page takes. */
const OWN_PROPERTY = [
  ["group_by", "board", "a board groups its cards by a field"],
  ["date_field", "calendar", "a calendar places rows on days by a field"],
  ["sort", "list", "only a list has a default order"],
] as const;

export function pageProblems(m: Manifest, add: Add): void {
  const entities = new Map(m.entities.map((e) => [e.name, e]));
  const views = new Set<string>();
  m.pages.forEach((page, i) => {
    const at = `/pages/${i}`;
    for (const [property, kind, reason] of OWN_PROPERTY) {
      if (page[property] !== undefined && page.kind !== kind)
        add(`${at}/${property}`, `${reason}: a ${page.kind} page has no '${property}'`, `remove '${property}'`);
    }
    const entity = entities.get(page.entity ?? "");
    if (!entity) return;
    if (page.kind === "board" || page.kind === "calendar") {
      const key = `${page.kind} ${entity.name}`;
      if (views.has(key))
        add(
          at,
          `a second ${page.kind} of '${entity.name}'`,
          `keep one ${page.kind} page per entity (it is /${entity.path}/${page.kind})`,
        );
      views.add(key);
      if (entity.singleton)
        add(
          at,
          `'${entity.name}' has one row per person: a ${page.kind} would show a single row`,
          `remove the ${page.kind} page, or remove 'singleton' from the entity`,
        );
    }
    if (page.kind === "board") boardProblems(page, entity, at, add);
    if (page.kind === "calendar") calendarProblems(page, entity, at, add);
    if (page.kind === "list" && page.sort) sortProblems(page.sort.field, entity, `${at}/sort/field`, add);
  });
}

function boardProblems(page: Page, entity: Entity, at: string, add: Add): void {
  if (page.group_by === undefined) {
    add(
      at,
      `a board shows one column per option of an enum field, and '${entity.name}' has none`,
      `add a field such as { name: status, type: enum, options: [todo, doing, done] } to '${entity.name}', or remove the page`,
    );
    return;
  }
  const field = entity.fields.find((f) => f.name === page.group_by);
  if (!field || !isEnum(field))
    add(
      `${at}/group_by`,
      field
        ? `'${field.name}' is ${article(field.type)} field: a board's columns are the options of an enum field`
        : `no field '${page.group_by}' in entity '${entity.name}'`,
      choices(entity, isEnum) || `add an enum field to '${entity.name}'`,
    );
}

function calendarProblems(page: Page, entity: Entity, at: string, add: Add): void {
  if (page.date_field === undefined) {
    add(
      at,
      `a calendar places rows on days by a date or datetime field, and '${entity.name}' has none`,
      `add a field such as { name: starts_at, type: datetime } to '${entity.name}', or remove the page`,
    );
    return;
  }
  const field = entity.fields.find((f) => f.name === page.date_field);
  if (!field || !isDate(field))
    add(
      `${at}/date_field`,
      field
        ? `'${field.name}' is ${article(field.type)} field: a calendar needs a date or datetime field`
        : `no field '${page.date_field}' in entity '${entity.name}'`,
      choices(entity, isDate) || `add a date or datetime field to '${entity.name}'`,
    );
}

function sortProblems(name: string, entity: Entity, at: string, add: Add): void {
  if (SYSTEM_SORT.includes(name)) return;
  const field = entity.fields.find((f) => f.name === name);
  if (!field || !isSortable(field))
    add(
      at,
      field
        ? `'${field.name}' is ${article(field.type)} field, which a list cannot sort by`
        : `no field '${name}' in entity '${entity.name}'`,
      choices(entity, isSortable, SYSTEM_SORT),
    );
}
