// validateUiSpec = schemas/ui.schema.json (ajv) + the rules a schema cannot say: every link leads to a route,
// paths are unique, rows are loaded where a path has {id}, and a Select has exactly one source of options.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import uiSchema from "../../../../schemas/ui.schema.json" with { type: "json" };
import type { Problem } from "../../errors.ts";
import type { Node, UiSpec } from "../../schema-types/ui.ts";

// The discriminator makes ajv check only the branch a node's `component` names, so errors stay precise.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
const checkSchema = ajv.compile<UiSpec>(uiSchema);

export type UiValidationResult = { ok: true; spec: UiSpec; problems: [] } | { ok: false; problems: Problem[] };

const CONTROLS = new Set(["Input", "Textarea", "Select", "MultiSelect", "Switch", "DatePicker"]);

export function validateUiSpec(value: unknown): UiValidationResult {
  if (!checkSchema(value)) return { ok: false, problems: (checkSchema.errors ?? []).map(schemaProblem) };
  const problems = semanticProblems(value);
  return problems.length ? { ok: false, problems } : { ok: true, spec: value, problems: [] };
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
      return { path, message: `unknown property '${String(params.additionalProperty)}'`, fix: "remove it" };
    case "enum":
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "discriminator":
      return { path: `${path}/component`, message: `unknown component ${JSON.stringify(params.tagValue)}` };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

function semanticProblems(spec: UiSpec): Problem[] {
  const problems: Problem[] = [];
  const paths = new Set<string>();
  spec.routes.forEach((route, i) => {
    if (paths.has(route.path))
      problems.push({
        path: `/routes/${i}/path`,
        message: `duplicate route '${route.path}'`,
        fix: "keep one route per path",
      });
    paths.add(route.path);
    if (route.path.includes("{id}") && !route.load)
      problems.push({
        path: `/routes/${i}`,
        message: `route '${route.path}' shows a row but has no 'load'`,
        fix: "add load: the get operation",
      });
  });
  // An href names a route exactly, with {id} where the route has {id}.
  const checkHref = (href: string | undefined, at: string) => {
    if (href !== undefined && !paths.has(href)) {
      problems.push({
        path: at,
        message: `'${href}' is not a route of this app`,
        fix: `use one of: ${[...paths].join(", ")}`,
      });
    }
  };
  checkHref(spec.home, "/home");
  if (spec.home.includes("{id}"))
    problems.push({
      path: "/home",
      message: "the home route cannot need a row id",
      fix: "use the dashboard or a list route",
    });
  spec.navigation.forEach((item, i) => checkHref(item.href, `/navigation/${i}/href`));
  spec.routes.forEach((route, i) => route.body.forEach((node, j) => checkNode(node, `/routes/${i}/body/${j}`, false)));

  function checkNode(node: Node, at: string, inForm: boolean): void {
    switch (node.component) {
      case "Stack":
      case "Grid":
        node.children.forEach((child, k) => checkNode(child, `${at}/children/${k}`, inForm));
        break;
      case "Card":
        checkHref(node.href, `${at}/href`);
        node.children.forEach((child, k) => checkNode(child, `${at}/children/${k}`, inForm));
        break;
      case "Button":
        checkHref(node.href, `${at}/href`);
        break;
      case "AlertDialog":
        checkHref(node.trigger.href, `${at}/trigger/href`);
        checkHref(node.success_href, `${at}/success_href`);
        break;
      case "Table":
        checkHref(node.row_href, `${at}/row_href`);
        checkHref(node.empty.action?.href, `${at}/empty/action/href`);
        node.columns.forEach((column, k) => {
          checkHref(column.binding.relation?.href, `${at}/columns/${k}/binding/relation/href`);
          if (column.sortable !== (column.sort_key !== undefined)) {
            problems.push({
              path: `${at}/columns/${k}`,
              message: "a sortable column needs a sort_key, and only a sortable one may have it",
              fix: "set both or neither",
            });
          }
        });
        break;
      case "Board":
        checkHref(node.card_href, `${at}/card_href`);
        if ((node.move === undefined) !== (node.move_roles === undefined))
          problems.push({
            path: at,
            message: "a Board that moves cards needs both 'move' and 'move_roles'",
            fix: "set both or neither",
          });
        break;
      case "Calendar":
        checkHref(node.item_href, `${at}/item_href`);
        break;
      case "DetailRow":
        checkHref(node.binding.relation?.href, `${at}/binding/relation/href`);
        break;
      case "Form":
        checkHref(node.cancel_href, `${at}/cancel_href`);
        checkHref(node.success_href, `${at}/success_href`);
        node.controls.forEach((control, k) => {
          if (!CONTROLS.has(control.component))
            problems.push({
              path: `${at}/controls/${k}/component`,
              message: `a ${control.component} is not a form control`,
              fix: `use one of: ${[...CONTROLS].join(", ")}`,
            });
          checkNode(control, `${at}/controls/${k}`, true);
        });
        break;
      case "ActionButton":
        (node.controls ?? []).forEach((control, k) => {
          if (!CONTROLS.has(control.component))
            problems.push({
              path: `${at}/controls/${k}/component`,
              message: `a ${control.component} is not a form control`,
              fix: `use one of: ${[...CONTROLS].join(", ")}`,
            });
          checkNode(control, `${at}/controls/${k}`, true);
        });
        break;
      case "Select":
        if ((node.options === undefined) === (node.options_from === undefined)) {
          problems.push({
            path: at,
            message: "a Select needs exactly one of 'options' and 'options_from'",
            fix: "keep options for an enum, options_from for a relation",
          });
        }
        break;
      case "Input":
        if (!inForm && node.type !== "search")
          problems.push({
            path: `${at}/type`,
            message: "an Input outside a Form is a search box",
            fix: "use type 'search' or move it into a Form",
          });
        break;
      default:
        break;
    }
  }
  return problems;
}
