// validateManifest = derived defaults + JSON Schema (ajv) + the semantic rules a schema cannot say.
// Every problem names a JSON pointer and a fix, so a person (or the LLM, in a repair round) can act on it.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import manifestSchema from "../../../schemas/manifest.schema.json" with { type: "json" };
import { AppgenError, type Problem } from "../errors.ts";
import { APP_ROUTES, INTERNAL_TABLES, foreignKeyColumn, joinTableName } from "../naming.ts";
import type { Action, Assignment, Condition, Entity, Field, Manifest } from "../schema-types/manifest.ts";
import { canonicalManifest } from "./canonical.ts";
import { completeManifest } from "./complete.ts";
import { parseDocument, type ParseOptions } from "./parse.ts";
import { statisticsProblems } from "./validate-statistics.ts";
import { computedProblems } from "./validate-computed.ts";
import { notificationProblems } from "./validate-notifications.ts";
import { pageProblems } from "./validate-pages.ts";

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const checkSchema = ajv.compile<Manifest>(manifestSchema);

export type ValidationResult = { ok: true; manifest: Manifest } | { ok: false; problems: Problem[] };

/** Columns every table gets; a field may not take their names. */
export const SYSTEM_COLUMNS = new Set(["id", "created_at", "updated_at", "owner_id"]);
const TEXT_LIKE = new Set(["text", "long_text", "email", "url", "phone"]);
const NUMERIC = new Set(["integer", "decimal", "money"]);

export function validateManifest(input: unknown): ValidationResult {
  const completed = completeManifest(input);
  if (!checkSchema(completed)) {
    return { ok: false, problems: dedupe((checkSchema.errors ?? []).map(schemaProblem)) };
  }
  const problems = semanticProblems(completed);
  if (problems.length) return { ok: false, problems };
  return { ok: true, manifest: canonicalManifest(completed) };
}

/** Validates or throws MANIFEST_INVALID with every problem listed. */
export function assertManifest(input: unknown, source = "the manifest"): Manifest {
  const result = validateManifest(input);
  if (!result.ok) {
    throw new AppgenError(
      "MANIFEST_INVALID",
      `${source} is not a valid appgen manifest (${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}).`,
      result.problems,
    );
  }
  return result.manifest;
}

/** Parses JSON or YAML text (size- and alias-limited) and validates it. */
export function parseManifest(text: string, options: ParseOptions = {}): Manifest {
  return assertManifest(parseDocument(text, options), options.source);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function schemaProblem(error: ErrorObject): Problem {
  const path = error.instancePath || "/";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return {
        path,
        message: `missing property '${String(params.missingProperty)}'`,
        fix: `add '${String(params.missingProperty)}'`,
      };
    case "additionalProperties":
      return {
        path,
        message: `unknown property '${String(params.additionalProperty)}'`,
        fix: `remove it; allowed here: ${Object.keys(propertiesAt(error.schemaPath)).join(", ")}`,
      };
    case "enum":
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        fix: "use one of the listed values",
      };
    case "const":
      return {
        path,
        message: `must be ${JSON.stringify(params.allowedValue)}`,
        fix: `write ${JSON.stringify(params.allowedValue)}, or leave the property out`,
      };
    case "pattern":
      if (String(params.pattern).includes("\\p{Cc}")) {
        return {
          path,
          message: "contains a control character (a line break, tab, NEL, U+2028/U+2029 or another invisible control)",
          fix: String(params.pattern).includes("\\n")
            ? "remove it; only line feeds and tabs may break this text"
            : "write it as one line of plain text without control characters",
        };
      }
      return { path, message: `does not match ${String(params.pattern)}`, fix: patternFix(String(params.pattern)) };
    case "type":
      return { path, message: `must be ${String(params.type)}` };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

function propertiesAt(schemaPath: string): Record<string, unknown> {
  // schemaPath looks like "#/$defs/field/additionalProperties" or "#/additionalProperties".
  const parts = schemaPath.replace(/^#\/?/, "").split("/").slice(0, -1);
  let node: unknown = manifestSchema;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  return ((node as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
}

function patternFix(pattern: string): string {
  if (pattern.startsWith("^[a-z][a-z0-9_]"))
    return "use lower-case letters, digits and underscores, starting with a letter (e.g. 'due_date')";
  if (pattern.startsWith("^#")) return "use a six-digit lower-case hex colour such as '#ff8c00'";
  if (pattern.includes("(-[a-z0-9]+)")) return "use lower-case words joined by hyphens (e.g. 'order-items')";
  return "change the value to match the pattern";
}

function semanticProblems(m: Manifest): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string, fix?: string) =>
    problems.push(fix ? { path, message, fix } : { path, message });

  const roleNames = new Set<string>();
  m.roles.forEach((role, i) => {
    if (roleNames.has(role.name))
      add(`/roles/${i}/name`, `duplicate role '${role.name}'`, "give every role a different name");
    roleNames.add(role.name);
  });
  if (!roleNames.has(m.auth.default_role)) {
    add(
      "/auth/default_role",
      `role '${m.auth.default_role}' is not defined`,
      `use one of: ${[...roleNames].join(", ")}`,
    );
  }

  const entities = new Map<string, Entity>();
  const tables = new Map<string, string>();
  const paths = new Set<string>();
  m.entities.forEach((entity, i) => {
    const at = `/entities/${i}`;
    if (entities.has(entity.name))
      add(
        `${at}/name`,
        `duplicate entity '${entity.name}'`,
        "give every entity a different name, or merge their fields",
      );
    entities.set(entity.name, entity);
    if (paths.has(entity.path))
      add(`${at}/path`, `duplicate path '${entity.path}'`, "give the entity a different path");
    paths.add(entity.path);
    if (APP_ROUTES.has(entity.path))
      add(`${at}/path`, `'${entity.path}' is a route the app uses itself`, `use e.g. '${entity.path}-list'`);
    claimTable(entity.table, `${at}/table`);
  });

  function claimTable(table: string, path: string): void {
    if (INTERNAL_TABLES.has(table) || table.startsWith("pg_")) {
      add(
        path,
        `table name '${table}' is reserved for appgen or Postgres`,
        `use e.g. 'app_${table.replace(/^pg_/, "")}'`,
      );
    }
    const owner = tables.get(table);
    if (owner !== undefined)
      add(path, `table '${table}' is already used by ${owner}`, "choose another table or field name");
    else tables.set(table, path);
  }

  m.entities.forEach((entity, i) => {
    const at = `/entities/${i}`;
    const fields = new Map<string, Field>();
    const columns = new Set<string>(SYSTEM_COLUMNS);
    entity.fields.forEach((field, j) => {
      const fp = `${at}/fields/${j}`;
      if (fields.has(field.name))
        add(`${fp}/name`, `duplicate field '${field.name}' in entity '${entity.name}'`, "rename or remove one of them");
      fields.set(field.name, field);
      if (SYSTEM_COLUMNS.has(field.name)) {
        add(
          `${fp}/name`,
          `'${field.name}' is added to every table by appgen`,
          "remove this field, or rename it (e.g. 'code' instead of 'id')",
        );
      }
      fieldProblems(field, fp, entities, add);
      if (field.type === "relation" && field.relation?.cardinality === "many_to_many") {
        claimTable(joinTableName(entity.table, field.name), `${fp}/name`);
      } else {
        const column = field.type === "relation" ? foreignKeyColumn(field.name) : field.name;
        if (columns.has(column) && !SYSTEM_COLUMNS.has(field.name) && !fields.has(column)) {
          add(`${fp}/name`, `column '${column}' would be defined twice in '${entity.table}'`, "rename the field");
        }
        columns.add(column);
      }
    });

    const display = fields.get(entity.display_field);
    if (!display)
      add(
        `${at}/display_field`,
        `no field '${entity.display_field}' in entity '${entity.name}'`,
        `use one of: ${[...fields.keys()].join(", ")}`,
      );
    else if (display.relation?.cardinality === "many_to_many")
      add(`${at}/display_field`, "a many-to-many field cannot name a row", "choose a text field");
    entity.search_fields.forEach((name, k) => {
      const f = fields.get(name);
      if (!f)
        add(
          `${at}/search_fields/${k}`,
          `no field '${name}' in entity '${entity.name}'`,
          `use one of: ${[...fields.keys()].join(", ")}`,
        );
      else if (!TEXT_LIKE.has(f.type) && f.type !== "enum")
        add(
          `${at}/search_fields/${k}`,
          `'${name}' is a ${f.type} field and cannot be searched as text`,
          "list only text, email, url, phone, long_text or enum fields",
        );
    });
    entity.list_fields.forEach((name, k) => {
      if (!fields.has(name))
        add(
          `${at}/list_fields/${k}`,
          `no field '${name}' in entity '${entity.name}'`,
          `use one of: ${[...fields.keys()].join(", ")}`,
        );
    });
    for (const kind of ["read", "write", "manage"] as const) {
      entity.access[kind].forEach((role, k) => {
        const special = role === "*" || (role === "anon" && kind === "read");
        if (!special && !roleNames.has(role)) {
          add(
            `${at}/access/${kind}/${k}`,
            `role '${role}' is not defined`,
            `use '*', ${kind === "read" ? "'anon', " : ""}or one of: ${[...roleNames].join(", ")}`,
          );
        }
      });
    }
  });

  m.entities.forEach((entity, i) => {
    if (!entity.singleton) return;
    if (entity.ownership !== "user")
      add(
        `/entities/${i}/ownership`,
        `'${entity.name}' is a singleton (one row per user), so its rows belong to users`,
        "set ownership to 'user' or leave it out, or remove 'singleton' to share the rows",
      );
    (entity.actions ?? []).forEach((action, k) => {
      if (action.pick)
        add(
          `/entities/${i}/actions/${k}/pick`,
          `'${action.name}' draws one of many rows, but each person has one '${entity.name}'`,
          "remove 'pick' to act on the person's own row, or remove 'singleton' from the entity",
        );
    });
  });
  m.entities.forEach((entity, i) =>
    (entity.actions ?? []).forEach((action, k) =>
      actionProblems(entity, action, `/entities/${i}/actions/${k}`, entities, roleNames, add),
    ),
  );
  m.entities.forEach((entity, i) => {
    const names = new Set<string>();
    (entity.actions ?? []).forEach((action, k) => {
      if (names.has(action.name))
        add(
          `/entities/${i}/actions/${k}/name`,
          `duplicate action '${action.name}' in entity '${entity.name}'`,
          "give every action of an entity a different name",
        );
      names.add(action.name);
    });
  });

  statisticsProblems(m, add);
  computedProblems(m, add);
  notificationProblems(m, add);

  renameProblems(m.entities, "/entities", "entity", add);
  m.entities.forEach((entity, i) =>
    renameProblems(entity.fields, `/entities/${i}/fields`, `field of '${entity.name}'`, add),
  );

  m.pages.forEach((page, i) => {
    if (page.kind === "dashboard") {
      if (page.entity !== undefined)
        add(`/pages/${i}/entity`, "a dashboard page shows every entity", "remove 'entity'");
    } else if (page.entity === undefined) {
      add(
        `/pages/${i}`,
        `a ${page.kind} page needs an entity`,
        `add 'entity' with one of: ${[...entities.keys()].join(", ")}`,
      );
    } else if (!entities.has(page.entity)) {
      add(`/pages/${i}/entity`, `no entity '${page.entity}'`, `use one of: ${[...entities.keys()].join(", ")}`);
    }
  });
  pageProblems(m, add);
  return problems;
}

/** A rename names one previous thing, which no longer exists under that name: otherwise it is not a rename. */
function renameProblems(
  items: readonly { name: string; renamed_from?: string }[],
  at: string,
  what: string,
  add: (path: string, message: string, fix?: string) => void,
): void {
  const names = new Set(items.map((item) => item.name));
  const previous = new Set<string>();
  items.forEach((item, i) => {
    const from = item.renamed_from;
    if (from === undefined) return;
    const path = `${at}/${i}/renamed_from`;
    if (from === item.name) add(path, `'${item.name}' is renamed from itself`, "remove renamed_from");
    else if (names.has(from))
      add(
        path,
        `'${from}' still exists as another ${what}, so '${item.name}' cannot be its new name`,
        `remove renamed_from, or rename or remove the other '${from}'`,
      );
    else if (previous.has(from)) add(path, `two names are renamed from '${from}'`, "keep renamed_from on one of them");
    previous.add(from);
  });
}

function fieldProblems(
  field: Field,
  fp: string,
  entities: Map<string, Entity>,
  add: (path: string, message: string, fix?: string) => void,
): void {
  if (field.type === "relation") {
    if (!field.relation) {
      add(fp, "a relation field needs 'relation'", "add relation: { target: <entity name>, cardinality: many_to_one }");
    } else if (!entities.has(field.relation.target)) {
      add(
        `${fp}/relation/target`,
        `no entity '${field.relation.target}'`,
        `use one of: ${[...entities.keys()].join(", ")}, or add that entity`,
      );
    }
    if (field.relation?.on_delete === "set_null" && field.required && field.relation.cardinality !== "many_to_many") {
      add(
        `${fp}/relation/on_delete`,
        "a required relation cannot be set to null when its target is deleted",
        "use 'restrict' or 'cascade', or make the field optional",
      );
    }
    if (field.relation?.cardinality === "many_to_many" && field.unique)
      add(`${fp}/unique`, "a many-to-many field cannot be unique", "remove 'unique'");
    if (field.default !== undefined) add(`${fp}/default`, "a relation cannot have a default", "remove 'default'");
  } else if (field.relation) {
    add(`${fp}/relation`, `a ${field.type} field cannot have 'relation'`, "remove 'relation', or set type: relation");
  }
  if (field.type === "enum") {
    if (!field.options) add(fp, "an enum field needs 'options'", "add options: [first_value, second_value]");
  } else if (field.options) {
    add(`${fp}/options`, `a ${field.type} field cannot have 'options'`, "remove 'options', or set type: enum");
  }
  if (field.option_labels !== undefined) {
    if (field.type !== "enum")
      add(
        `${fp}/option_labels`,
        `a ${field.type} field cannot have 'option_labels'`,
        "remove 'option_labels', or set type: enum",
      );
    else {
      for (const key of Object.keys(field.option_labels)) {
        if (!field.options?.includes(key))
          add(
            `${fp}/option_labels/${key}`,
            `'${key}' is not one of the options`,
            `use one of: ${field.options?.join(", ") ?? "none"}, or remove it`,
          );
      }
    }
  }
  if ((field.min !== undefined || field.max !== undefined) && !NUMERIC.has(field.type) && !TEXT_LIKE.has(field.type)) {
    add(fp, `a ${field.type} field cannot have 'min' or 'max'`, "remove them");
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max)
    add(`${fp}/min`, `min ${field.min} is greater than max ${field.max}`, "swap them");
  if (
    TEXT_LIKE.has(field.type) &&
    ((field.min !== undefined && (field.min < 0 || !Number.isInteger(field.min))) ||
      (field.max !== undefined && (field.max < 1 || !Number.isInteger(field.max))))
  ) {
    add(fp, "a text length limit must be a whole number (min ≥ 0, max ≥ 1)", "fix 'min'/'max'");
  }
  if (field.type === "user" && field.read_only === false) {
    add(
      `${fp}/read_only`,
      "a user field is always read-only: only the server knows who is signed in",
      "remove 'read_only'",
    );
  }
  if (field.read_only && field.relation?.cardinality === "many_to_many")
    add(`${fp}/read_only`, "a many-to-many field cannot be read-only", "remove 'read_only'");
  if (field.read_only && field.required && field.default === undefined) {
    add(
      `${fp}/required`,
      `'${field.name}' is read-only and required, but has no default: a new row could never get a value`,
      field.type === "user"
        ? "add default: current_user, or make it optional (an action sets it)"
        : "add a default, or make it optional (an action sets it)",
    );
  }
  if (field.default !== undefined) {
    const reason = defaultProblem(field);
    if (reason) add(`${fp}/default`, reason, "change or remove 'default'");
  }
}

type Add = (path: string, message: string, fix?: string) => void;
const NUMBER_TYPES = new Set(["integer", "decimal", "money"]);
const OPERATORS = ["equals", "not_equals", "empty", "at_least", "at_most"] as const;

/** Whether `value` is a value of the field's type, as a default would be; the reason when it is not. */
function valueProblem(field: Field, value: string | number | boolean): string | undefined {
  return defaultProblem({ ...field, default: value });
}

function actionProblems(
  entity: Entity,
  action: Action,
  at: string,
  entities: Map<string, Entity>,
  roleNames: Set<string>,
  add: Add,
): void {
  const fields = new Map(entity.fields.map((f) => [f.name, f]));
  const fieldNames = () =>
    entity.fields
      .filter((f) => f.relation?.cardinality !== "many_to_many")
      .map((f) => f.name)
      .join(", ");
  const columnField = (name: string, path: string, owner: Entity, names: () => string): Field | undefined => {
    const field = owner.fields.find((f) => f.name === name);
    if (!field) add(path, `no field '${name}' in entity '${owner.name}'`, `use one of: ${names()}`);
    else if (field.relation?.cardinality === "many_to_many")
      add(
        path,
        `'${name}' is a many-to-many field, which an action cannot test or set`,
        "use a field stored on the row",
      );
    else return field;
    return undefined;
  };
  if (!action.set && !action.create && !action.pick?.stock)
    add(
      at,
      `action '${action.name}' does nothing`,
      "add 'set' (fields it changes) or 'create' (a related row it adds), or both",
    );
  if (action.pick) {
    const weight = columnField(action.pick.weight, `${at}/pick/weight`, entity, fieldNames);
    if (weight && !NUMBER_TYPES.has(weight.type))
      add(
        `${at}/pick/weight`,
        `'${weight.name}' is a ${weight.type} field: a weight is a number`,
        "use an integer, decimal or money field",
      );
    if (action.pick.stock !== undefined) {
      const stock = columnField(action.pick.stock, `${at}/pick/stock`, entity, fieldNames);
      if (stock && stock.type !== "integer")
        add(
          `${at}/pick/stock`,
          `'${stock.name}' is a ${stock.type} field: stock is counted in whole numbers`,
          "use an integer field",
        );
      if (stock && (action.set ?? []).some((a) => a.field === stock.name))
        add(`${at}/set`, `'${stock.name}' is the stock: the pick takes 1 from it already`, "remove it from 'set'");
    }
  }
  (action.roles ?? []).forEach((role, k) => {
    if (!roleNames.has(role))
      add(
        `${at}/roles/${k}`,
        `role '${role}' is not defined`,
        `use one of: ${[...roleNames].join(", ")}, or leave 'roles' out for everyone who may write ${entity.plural_label}`,
      );
  });
  (action.when ?? []).forEach((condition, k) => {
    const path = `${at}/when/${k}`;
    const field = columnField(condition.field, `${path}/field`, entity, fieldNames);
    conditionProblems(condition, field, path, add);
  });
  const seen = new Set<string>();
  (action.set ?? []).forEach((assignment, k) => {
    const path = `${at}/set/${k}`;
    if (seen.has(assignment.field)) add(`${path}/field`, `'${assignment.field}' is set twice`, "keep one of them");
    seen.add(assignment.field);
    const field = columnField(assignment.field, `${path}/field`, entity, fieldNames);
    if (field) assignmentProblems(assignment, field, path, true, add);
  });
  const create = action.create;
  if (!create) return;
  const target = entities.get(create.entity);
  if (!target) {
    add(`${at}/create/entity`, `no entity '${create.entity}'`, `use one of: ${[...entities.keys()].join(", ")}`);
    return;
  }
  const targetNames = () =>
    target.fields
      .filter((f) => f.relation?.cardinality !== "many_to_many")
      .map((f) => f.name)
      .join(", ");
  const link = target.fields.find((f) => f.name === create.link);
  const candidates = target.fields
    .filter(
      (f) => f.type === "relation" && f.relation?.target === entity.name && f.relation.cardinality !== "many_to_many",
    )
    .map((f) => f.name);
  if (create.link === undefined) {
    add(
      `${at}/create`,
      candidates.length
        ? `'${target.name}' has several relations to '${entity.name}': which one links the new row?`
        : `'${target.name}' has no relation to '${entity.name}' to link the new row with`,
      candidates.length
        ? `add link: one of ${candidates.join(", ")}`
        : `add a field { name: ${entity.name}, type: relation, relation: { target: ${entity.name} } } to '${target.name}'`,
    );
  } else if (
    !link ||
    link.type !== "relation" ||
    link.relation?.target !== entity.name ||
    link.relation.cardinality === "many_to_many"
  ) {
    add(
      `${at}/create/link`,
      `'${create.link}' is not a relation of '${target.name}' to '${entity.name}'`,
      candidates.length
        ? `use one of: ${candidates.join(", ")}`
        : `add a field { name: ${entity.name}, type: relation, relation: { target: ${entity.name} } } to '${target.name}'`,
    );
  }
  const given = new Set<string>(create.link === undefined ? [] : [create.link]);
  (create.values ?? []).forEach((assignment, k) => {
    const path = `${at}/create/values/${k}`;
    if (given.has(assignment.field))
      add(
        `${path}/field`,
        assignment.field === create.link
          ? `'${assignment.field}' is the link: the action sets it to this row`
          : `'${assignment.field}' is given twice`,
        "remove this value",
      );
    given.add(assignment.field);
    const field = columnField(assignment.field, `${path}/field`, target, targetNames);
    if (field) assignmentProblems(assignment, field, path, false, add);
  });
  for (const field of target.fields) {
    if (!field.required || field.default !== undefined || given.has(field.name)) continue;
    add(
      `${at}/create`,
      `the new ${target.name} needs '${field.name}', which is required and has no default`,
      `add { field: ${field.name}, input: true } (the person enters it) or { field: ${field.name}, to: <value> } to 'values'`,
    );
  }
}

function conditionProblems(condition: Condition, field: Field | undefined, path: string, add: Add): void {
  const operators = OPERATORS.filter((op) => condition[op] !== undefined);
  if (operators.length !== 1) {
    add(
      path,
      operators.length === 0 ? "a condition needs a test" : `a condition has one test, not ${operators.join(" and ")}`,
      `use exactly one of: ${OPERATORS.join(", ")}`,
    );
    return;
  }
  if (!field) return;
  const op = operators[0] as (typeof OPERATORS)[number];
  const value = condition[op];
  if ((op === "at_least" || op === "at_most") && !NUMBER_TYPES.has(field.type)) {
    add(
      `${path}/${op}`,
      `'${field.name}' is a ${field.type} field: only number fields compare with ${op}`,
      "use equals, not_equals or empty",
    );
  } else if ((op === "equals" || op === "not_equals") && typeof value !== "boolean" && field.type === "user") {
    if (value !== "current_user")
      add(`${path}/${op}`, "a user field can only be compared with 'current_user'", "use 'current_user', or empty");
  } else if (op === "equals" || op === "not_equals") {
    const reason =
      value === "now"
        ? "'now' is not a fixed value to compare with"
        : valueProblem(field, value as string | number | boolean);
    if (reason) add(`${path}/${op}`, `${reason} (field '${field.name}')`, "compare with a value of the field's type");
  }
}

function assignmentProblems(assignment: Assignment, field: Field, path: string, onRow: boolean, add: Add): void {
  const kinds = (["to", "add", "input"] as const).filter((k) => assignment[k] !== undefined);
  if (kinds.length !== 1) {
    add(
      path,
      kinds.length === 0
        ? `no value for '${field.name}'`
        : `'${field.name}' gets one value, not ${kinds.join(" and ")}`,
      `use exactly one of: to${onRow ? ", add" : ""}, input`,
    );
    return;
  }
  if (assignment.add !== undefined) {
    if (!onRow) add(`${path}/add`, "a new row has no value to add to", "use 'to' or 'input'");
    else if (!NUMBER_TYPES.has(field.type))
      add(`${path}/add`, `'${field.name}' is a ${field.type} field: only number fields can be added to`, "use 'to'");
    else if (field.type === "integer" && !Number.isInteger(assignment.add))
      add(`${path}/add`, `'${field.name}' holds whole numbers`, "add a whole number");
    return;
  }
  if (assignment.input !== undefined) {
    if (field.type === "user")
      add(`${path}/input`, "nobody may enter an account: a user field is set by the server", "use to: current_user");
    return;
  }
  const to = assignment.to;
  if (to === null) {
    if (field.required) add(`${path}/to`, `'${field.name}' is required and cannot be cleared`, "give a value");
    return;
  }
  if (to === undefined) return;
  if (field.type === "user") {
    if (to !== "current_user")
      add(`${path}/to`, "a user field can only be set to 'current_user' (or null)", "use to: current_user");
    return;
  }
  if (field.type === "relation") {
    if (typeof to !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(to))
      add(`${path}/to`, "a relation is set to a row id (uuid)", "use input: true, or a row's id");
    return;
  }
  const reason = valueProblem(field, to);
  if (reason) add(`${path}/to`, `${reason} (field '${field.name}')`, "use a value of the field's type");
}

function defaultProblem(field: Field): string | undefined {
  const v = field.default;
  switch (field.type) {
    case "user":
      return v === "current_user" ? undefined : "must be 'current_user' (the signed-in user), or left out";
    case "boolean":
      return typeof v === "boolean" ? undefined : "must be true or false";
    case "integer":
      return typeof v === "number" && Number.isInteger(v) ? rangeProblem(field, v) : "must be a whole number";
    case "decimal":
    case "money":
      return typeof v === "number" && Number.isFinite(v) ? rangeProblem(field, v) : "must be a number";
    case "enum":
      return typeof v === "string" && field.options?.includes(v)
        ? undefined
        : `must be one of the options (${field.options?.join(", ") ?? "none"})`;
    case "date":
      return v === "now" || (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)))
        ? undefined
        : "must be 'now' or a date like 2025-01-31";
    case "datetime":
      return v === "now" || (typeof v === "string" && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v))
        ? undefined
        : "must be 'now' or an ISO date-time like 2025-01-31T09:00:00Z";
    case "email":
      return typeof v === "string" && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? undefined : "must be an email address";
    case "url":
      return typeof v === "string" && URL.canParse(v) ? undefined : "must be an absolute URL";
    default:
      if (typeof v !== "string") return "must be text";
      if (field.min !== undefined && v.length < field.min) return `must be at least ${field.min} characters long`;
      if (field.max !== undefined && v.length > field.max) return `must be at most ${field.max} characters long`;
      return undefined;
  }
}

function rangeProblem(field: Field, v: number): string | undefined {
  if (field.min !== undefined && v < field.min) return `must be at least ${field.min}`;
  if (field.max !== undefined && v > field.max) return `must be at most ${field.max}`;
  return undefined;
}
