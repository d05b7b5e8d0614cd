// Computed fields: values the database works out from other fields of the same row (generated columns). What they
// may read, what type their result has, and that nobody (a default, a form, an action) writes them.
import type { Entity, Field, Manifest } from "../schema-types/manifest.ts";

type Add = (path: string, message: string, fix?: string) => void;

const NUMBER_TYPES = new Set(["integer", "decimal", "money"]);
const TIME_TYPES = new Set(["date", "datetime"]);

/** The fields a computed field reads, in order. */
export function computedOperands(field: Field): string[] {
  const c = field.computed;
  if (!c) return [];
  if (c.duration) return [c.duration.from, c.duration.to];
  return c.multiply ?? c.add ?? c.subtract ?? [];
}

export function computedProblems(m: Manifest, add: Add): void {
  m.entities.forEach((entity, i) => {
    entity.fields.forEach((field, j) => {
      if (!field.computed) return;
      fieldProblems(entity, field, `/entities/${i}/fields/${j}`, add);
    });
    (entity.actions ?? []).forEach((action, k) => {
      (action.set ?? []).forEach((change, n) => {
        if (entity.fields.find((f) => f.name === change.field)?.computed)
          add(
            `/entities/${i}/actions/${k}/set/${n}/field`,
            `'${change.field}' is computed from other fields, so an action cannot set it`,
            "set the fields it is computed from instead",
          );
      });
      const created = m.entities.find((e) => e.name === action.create?.entity);
      (action.create?.values ?? []).forEach((value, n) => {
        if (created?.fields.find((f) => f.name === value.field)?.computed)
          add(
            `/entities/${i}/actions/${k}/create/values/${n}/field`,
            `'${value.field}' of '${created.name}' is computed from other fields, so an action cannot set it`,
            "set the fields it is computed from instead",
          );
      });
    });
  });
}

function fieldProblems(entity: Entity, field: Field, at: string, add: Add): void {
  const computed = field.computed as NonNullable<Field["computed"]>;
  for (const [key, what] of [
    ["required", "required"],
    ["unique", "unique"],
    ["default", "a default"],
    ["read_only", "read_only"],
    ["min", "bounded by min"],
    ["max", "bounded by max"],
  ] as const) {
    if (field[key] !== undefined && field[key] !== false)
      add(`${at}/${key}`, `a computed field cannot be ${what}: the database works out its value`, `remove '${key}'`);
  }
  const duration = computed.duration;
  const kind = duration ? "duration" : computed.multiply ? "multiply" : computed.add ? "add" : "subtract";
  const allowed = duration ? ["integer", "decimal"] : ["integer", "decimal", "money"];
  if (!allowed.includes(field.type))
    add(`${at}/type`, `a computed '${kind}' gives a number, not a ${field.type}`, `use type ${allowed.join(" or ")}`);
  const operands = computedOperands(field);
  const path = duration ? `${at}/computed/duration` : `${at}/computed/${kind}`;
  const found: Field[] = [];
  operands.forEach((name, n) => {
    const where = duration ? `${path}/${n === 0 ? "from" : "to"}` : `${path}/${n}`;
    const operand = entity.fields.find((f) => f.name === name);
    const candidates = entity.fields
      .filter((f) => !f.computed && (duration ? TIME_TYPES : NUMBER_TYPES).has(f.type))
      .map((f) => f.name);
    const fix = candidates.length
      ? `use one of: ${candidates.join(", ")}`
      : `add a ${duration ? "date or datetime" : "number"} field to '${entity.name}' first`;
    if (!operand) return add(where, `no field '${name}' in entity '${entity.name}'`, fix);
    if (operand.computed)
      return add(where, `'${name}' is computed too; a computed field reads stored fields only`, fix);
    if (!(duration ? TIME_TYPES : NUMBER_TYPES).has(operand.type))
      return add(
        where,
        `'${name}' is a ${operand.type} field; '${kind}' reads ${duration ? "date or datetime" : "number"} fields`,
        fix,
      );
    found.push(operand);
  });
  if (duration && found.length === 2 && found[0]?.type !== found[1]?.type)
    add(
      `${path}/to`,
      `'${duration.from}' is a ${found[0]?.type} and '${duration.to}' a ${found[1]?.type}; a duration needs two of one type`,
      "make both dates or both datetimes",
    );
  if (duration?.unit && duration.unit !== "days" && found[0]?.type === "date")
    add(`${path}/unit`, "between two dates a duration is in days", "use unit 'days', or make both fields datetimes");
}
