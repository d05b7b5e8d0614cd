// Cross-field rules of statistics and leaderboards: the entity and fields they name exist and have a type that the
// measure and the grouping can use, and names (hence URLs) are unique.
import type { Entity, Field, Manifest } from "../schema-types/manifest.ts";

type Add = (path: string, message: string, fix?: string) => void;

const NUMBER_TYPES = new Set(["integer", "decimal", "money"]);
const DATE_TYPES = new Set(["date", "datetime"]);
/** API path segments statistics use; an entity there would make its routes collide with theirs. */
export const STATISTICS_PATHS = ["stats", "leaderboards"] as const;

const isGroupable = (f: Field): boolean =>
  f.type === "enum" ||
  f.type === "boolean" ||
  DATE_TYPES.has(f.type) ||
  (f.type === "relation" && f.relation?.cardinality !== "many_to_many");

function fieldNames(entity: Entity, keep: (f: Field) => boolean): string {
  const names = entity.fields.filter(keep).map((f) => f.name);
  return names.length ? `use one of: ${names.join(", ")}` : `add such a field to '${entity.name}'`;
}

export function statisticsProblems(m: Manifest, add: Add): void {
  const entities = new Map(m.entities.map((e) => [e.name, e]));
  const entityOf = (name: string, path: string): Entity | undefined => {
    const entity = entities.get(name);
    if (!entity) add(path, `no entity '${name}'`, `use one of: ${[...entities.keys()].join(", ")}`);
    return entity;
  };
  const names = new Set<string>();
  const claimName = (name: string, path: string) => {
    if (names.has(name))
      add(path, `duplicate statistic or leaderboard '${name}'`, "give every statistic and leaderboard its own name");
    names.add(name);
  };
  const numberField = (entity: Entity, name: string | undefined, needed: boolean, path: string, measure: string) => {
    if (name === undefined) {
      if (needed)
        add(
          path,
          `a ${measure} needs 'field'`,
          fieldNames(entity, (f) => NUMBER_TYPES.has(f.type)),
        );
      return;
    }
    if (!needed) {
      add(`${path}/field`, `a ${measure} uses no field`, "remove 'field', or use measure 'sum'");
      return;
    }
    const field = entity.fields.find((f) => f.name === name);
    if (!field || !NUMBER_TYPES.has(field.type))
      add(
        `${path}/field`,
        field ? `'${name}' is a ${field.type} field, not a number` : `no field '${name}' in entity '${entity.name}'`,
        fieldNames(entity, (f) => NUMBER_TYPES.has(f.type)),
      );
  };

  (m.statistics ?? []).forEach((statistic, i) => {
    const at = `/statistics/${i}`;
    claimName(statistic.name, `${at}/name`);
    const entity = entityOf(statistic.entity, `${at}/entity`);
    if (!entity) return;
    numberField(entity, statistic.field, statistic.measure !== "count", at, statistic.measure);
    if (statistic.scope === "mine" && entity.ownership !== "user")
      add(
        `${at}/scope`,
        `'${entity.name}' rows belong to nobody in particular`,
        "use scope 'all', or a per-user entity",
      );
    if (statistic.group_by === undefined) {
      if (statistic.period !== undefined)
        add(`${at}/period`, "a period groups by a date", "add 'group_by' or remove 'period'");
      if (statistic.chart !== "number")
        add(`${at}/chart`, `a ${statistic.chart} chart needs groups`, "add 'group_by', or use chart 'number'");
      return;
    }
    const group = entity.fields.find((f) => f.name === statistic.group_by);
    if (!group || !isGroupable(group)) {
      add(
        `${at}/group_by`,
        group
          ? `'${group.name}' is a ${group.type === "relation" ? "many-to-many" : group.type} field and cannot group rows`
          : `no field '${statistic.group_by}' in entity '${entity.name}'`,
        fieldNames(entity, isGroupable),
      );
      return;
    }
    if (DATE_TYPES.has(group.type) && statistic.period === undefined)
      add(`${at}/period`, "a date grouping needs a period", "add period 'day', 'week' or 'month'");
    if (!DATE_TYPES.has(group.type) && statistic.period !== undefined)
      add(`${at}/period`, `'${group.name}' is not a date`, "remove 'period'");
    if (statistic.chart === "number")
      add(`${at}/chart`, "one number cannot show groups", "use chart 'bar', 'line' or 'pie', or remove 'group_by'");
  });

  (m.leaderboards ?? []).forEach((leaderboard, i) => {
    const at = `/leaderboards/${i}`;
    claimName(leaderboard.name, `${at}/name`);
    const entity = entityOf(leaderboard.entity, `${at}/entity`);
    if (!entity) return;
    numberField(entity, leaderboard.field, leaderboard.measure === "sum", at, leaderboard.measure);
    const person = entity.fields.find((f) => f.name === leaderboard.person);
    if (!person || person.type !== "user")
      add(
        `${at}/person`,
        person
          ? `'${person.name}' is a ${person.type} field, not a user field`
          : `no field '${leaderboard.person}' in entity '${entity.name}'`,
        fieldNames(entity, (f) => f.type === "user"),
      );
  });

  if (names.size > 0)
    m.entities.forEach((entity, i) => {
      if ((STATISTICS_PATHS as readonly string[]).includes(entity.path))
        add(`/entities/${i}/path`, `'/api/${entity.path}' serves statistics`, `use e.g. '${entity.path}-list'`);
    });
}
