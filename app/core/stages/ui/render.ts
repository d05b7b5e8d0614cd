// The manifest as a UI spec: theme, navigation and a shadcn/ui component tree per route.
// Only pages the manifest lists become routes, and every link points at a route that exists.
import type { Entity, Manifest, Page } from "../../schema-types/manifest.ts";
import type { ButtonNode, Column, Endpoint, NavItem, Node, Route, TableNode, UiSpec } from "../../schema-types/ui.ts";
import {
  actionInputs,
  allowedRoles,
  apiNames,
  DEFAULT_PER_PAGE,
  entityIndex,
  isReadOnly,
  sortFields,
  type EntityApiNames,
} from "../api/index.ts";
import { myLabel } from "../../naming.ts";
import { columnName } from "../db/index.ts";
import type { GeneratedFile } from "../types.ts";
import { fieldBinding, fieldControl, systemBinding, type UiContext } from "./fields.ts";
import { deriveTheme } from "./theme.ts";
import { statisticsGrid } from "./statistics.ts";

export const UI_SPEC_PATH = "appgen/ui.json";
export const RECENT_ITEMS = 5;
/** Cards a board column shows (the most recently changed); the rest are a link to the filtered list away. */
export const BOARD_COLUMN_SIZE = 100;

type Kind = Page["kind"];

/** What the manifest's pages ask for: which kinds each entity has, and whether there is a dashboard. */
interface PagePlan {
  dashboard?: Page;
  byEntity: Map<string, Map<Exclude<Kind, "dashboard">, Page>>;
}

function planPages(manifest: Manifest): PagePlan {
  const plan: PagePlan = { byEntity: new Map() };
  for (const page of manifest.pages) {
    if (page.kind === "dashboard") plan.dashboard ??= page;
    else if (page.entity !== undefined) {
      const kinds = plan.byEntity.get(page.entity) ?? new Map();
      if (!kinds.has(page.kind)) kinds.set(page.kind, page);
      plan.byEntity.set(page.entity, kinds);
    }
  }
  return plan;
}

interface Hrefs {
  list?: string;
  detail?: string;
  create?: string;
  edit?: string;
  board?: string;
  calendar?: string;
}

// The spec is typed by the schema's generated types and checked by the tests; validateUiSpec belongs where
// ui.json is read back from the branch (a person may have edited it), and would double the render time here.
export function renderUiSpec(manifest: Manifest): GeneratedFile {
  return { path: UI_SPEC_PATH, content: `${JSON.stringify(buildUiSpec(manifest), null, 2)}\n` };
}

export function buildUiSpec(manifest: Manifest): UiSpec {
  const plan = planPages(manifest);
  const names = apiNames(manifest);
  const entities = entityIndex(manifest);
  const hrefs = new Map<string, Hrefs>();
  for (const entity of manifest.entities) {
    const kinds = plan.byEntity.get(entity.name);
    const base = `/${entity.path}`;
    hrefs.set(entity.name, {
      ...(kinds?.has("list") && { list: base }),
      ...(kinds?.has("detail") && { detail: `${base}/{id}` }),
      ...(kinds?.has("form") && { create: `${base}/new`, edit: `${base}/{id}/edit` }),
      ...(kinds?.has("board") && { board: `${base}/board` }),
      ...(kinds?.has("calendar") && { calendar: `${base}/calendar` }),
    });
  }
  const context: UiContext = {
    names,
    entities,
    detailHref: new Map([...hrefs].flatMap(([name, h]) => (h.detail ? [[name, h.detail] as const] : []))),
  };
  // An app needs somewhere to open; without a dashboard, list or create page the dashboard is added as home.
  const hasHome = plan.dashboard !== undefined || [...hrefs.values()].some((h) => h.list ?? h.create);
  const dashboard = plan.dashboard ?? (hasHome ? undefined : { kind: "dashboard" as const, title: "Dashboard" });
  const firstList = manifest.entities.map((e) => hrefs.get(e.name)?.list).find(Boolean);
  const firstCreate = manifest.entities.map((e) => hrefs.get(e.name)?.create).find(Boolean);
  const home = dashboard ? "/" : (firstList ?? firstCreate ?? "/");
  const publicApp = !manifest.auth.required;
  const isPublic = (roles: string[]) => publicApp && roles.includes("anon");
  const dashboardRoles = publicApp ? ["*", "anon"] : ["*"];

  const ui: PageBuilder = { manifest, names, hrefs, context, home, isPublic };
  const routes: Route[] = [];
  const seen = new Set<string>();
  const add = (route: Route) => {
    if (seen.has(route.path)) return;
    seen.add(route.path);
    routes.push(route);
  };
  if (dashboard && !plan.dashboard) add(dashboardRoute(ui, dashboard.title, dashboardRoles));
  for (const page of manifest.pages) {
    if (page.kind === "dashboard") {
      add(dashboardRoute(ui, page.title, dashboardRoles));
      continue;
    }
    const entity = entities.get(page.entity ?? "");
    const entityNames = names.get(page.entity ?? "");
    if (!entity || !entityNames) continue;
    if (page.kind === "list") add(listRoute(ui, entity, entityNames, page));
    if (page.kind === "board") add(boardRoute(ui, entity, entityNames, page));
    if (page.kind === "calendar") add(calendarRoute(ui, entity, entityNames, page));
    if (page.kind === "detail") add(detailRoute(ui, entity, entityNames, page.title));
    if (page.kind === "form") {
      add(formRoute(ui, entity, entityNames, "create"));
      add(formRoute(ui, entity, entityNames, "edit"));
    }
  }

  const navigation: NavItem[] = [];
  if (dashboard) navigation.push({ label: dashboard.title, href: "/", public: publicApp, roles: dashboardRoles });
  for (const entity of manifest.entities) {
    const list = hrefs.get(entity.name)?.list;
    if (!list) continue;
    const roles = allowedRoles(entity, "read");
    navigation.push(
      entity.singleton
        ? { label: myLabel(entity.label), href: `${list}/mine`, entity: entity.name, public: false, roles }
        : { label: entity.plural_label, href: list, entity: entity.name, public: isPublic(roles), roles },
    );
  }

  return {
    version: 1,
    app: {
      name: manifest.name,
      slug: manifest.slug,
      description: manifest.description,
      auth_required: manifest.auth.required,
      auth_providers: [...manifest.auth.providers],
    },
    theme: deriveTheme(manifest.theme.background, manifest.theme.primary),
    home,
    navigation,
    routes,
  };
}

interface PageBuilder {
  manifest: Manifest;
  names: Map<string, EntityApiNames>;
  hrefs: Map<string, Hrefs>;
  context: UiContext;
  home: string;
  isPublic: (roles: string[]) => boolean;
}

const listEndpoint = (n: EntityApiNames): Endpoint => ({
  api: n.collectionPath,
  method: "GET",
  operation: n.operations.list,
});
const getEndpoint = (n: EntityApiNames): Endpoint => ({ api: n.itemPath, method: "GET", operation: n.operations.get });

function newButton(ui: PageBuilder, entity: Entity): ButtonNode | undefined {
  const create = ui.hrefs.get(entity.name)?.create;
  if (!create) return undefined;
  return {
    component: "Button",
    label: `New ${entity.label}`,
    variant: "default",
    type: "button",
    href: create,
    roles: allowedRoles(entity, "write"),
  };
}

function bindingOf(ui: PageBuilder, n: EntityApiNames, fieldName: string) {
  const found = n.properties.find(({ field }) => field.name === fieldName);
  if (!found) throw new Error(`entity '${n.entity.name}' has no field '${fieldName}'`);
  return fieldBinding(found.field, found.property, ui.context);
}

function table(
  ui: PageBuilder,
  n: EntityApiNames,
  columns: Column[],
  pageSize: number,
  urlState: boolean,
  sort: TableNode["default_sort"] = { key: "created_at", order: "desc" },
): TableNode {
  const { entity } = n;
  const h = ui.hrefs.get(entity.name);
  const action = newButton(ui, entity);
  const rowHref = h?.detail ?? h?.edit;
  return {
    component: "Table",
    entity: entity.name,
    source: listEndpoint(n),
    columns,
    page_size: pageSize,
    default_sort: sort,
    url_state: urlState,
    ...(rowHref && { row_href: rowHref }),
    empty: {
      title: `No ${entity.plural_label} yet`,
      description: action ? `Create the first ${entity.label}.` : "Nothing to show here yet.",
      ...(action && { action }),
    },
  };
}

function dashboardRoute(ui: PageBuilder, title: string, roles: string[]): Route {
  const counts: Node[] = [];
  const recent: Node[] = [];
  for (const n of ui.names.values()) {
    const { entity } = n;
    const list = ui.hrefs.get(entity.name)?.list;
    const visibleTo = { ...(list && { href: list }), roles: allowedRoles(entity, "read") };
    counts.push({
      component: "Card",
      title: entity.plural_label,
      ...visibleTo,
      children: [{ component: "Stat", label: "Total", source: listEndpoint(n), value: "total" }],
    });
    const columns: Column[] = [
      { binding: bindingOf(ui, n, entity.display_field), sortable: false },
      { binding: systemBinding("created_at"), sortable: false },
    ];
    recent.push({
      component: "Card",
      title: entity.plural_label,
      description: `The ${RECENT_ITEMS} newest`,
      ...visibleTo,
      children: [table(ui, n, columns, RECENT_ITEMS, false)],
    });
  }
  return {
    path: "/",
    kind: "dashboard",
    title,
    public: roles.includes("anon"),
    roles,
    body: [
      { component: "Heading", text: title, level: 1 },
      ...statisticsGrid(ui.manifest),
      { component: "Grid", columns: 3, children: counts },
      { component: "Grid", columns: 2, children: recent },
    ],
  };
}

function listRoute(ui: PageBuilder, entity: Entity, n: EntityApiNames, page: Page): Route {
  const { title } = page;
  const sortable = new Set(sortFields(entity));
  const fields = entity.list_fields.length > 0 ? entity.list_fields : [entity.display_field];
  const columns: Column[] = fields.map((name) => ({
    binding: bindingOf(ui, n, name),
    sortable: sortable.has(name),
    ...(sortable.has(name) && { sort_key: name }),
  }));
  const roles = allowedRoles(entity, "read");
  const action = newButton(ui, entity);
  const body: Node[] = [
    {
      component: "Stack",
      direction: "row",
      justify: "between",
      children: [
        { component: "Heading", text: title, level: 1 },
        ...actionButtons(ui, n, true),
        ...viewLinks(ui, entity),
        ...(action ? [action] : []),
      ],
    },
  ];
  if (entity.search_fields.length > 0) {
    body.push({
      component: "Input",
      name: "q",
      label: "Search",
      type: "search",
      required: false,
      placeholder: `Search ${entity.plural_label}…`,
    });
  }
  const sort = page.sort && { key: page.sort.field, order: page.sort.order ?? ("asc" as const) };
  body.push(table(ui, n, columns, DEFAULT_PER_PAGE, true, sort), {
    component: "Pagination",
    param: "page",
    page_size: DEFAULT_PER_PAGE,
  });
  return { path: `/${entity.path}`, kind: "list", entity: entity.name, title, public: ui.isPublic(roles), roles, body };
}

/** Links from a list to the entity's board and calendar, when it has them. */
function viewLinks(ui: PageBuilder, entity: Entity): ButtonNode[] {
  const h = ui.hrefs.get(entity.name) ?? {};
  const links: ButtonNode[] = [];
  const roles = allowedRoles(entity, "read");
  if (h.board)
    links.push({ component: "Button", label: "Board", variant: "outline", type: "button", href: h.board, roles });
  if (h.calendar)
    links.push({ component: "Button", label: "Calendar", variant: "outline", type: "button", href: h.calendar, roles });
  return links;
}

/** The page's rows as cards in one column per option of its enum field; writers move them between columns. */
function boardRoute(ui: PageBuilder, entity: Entity, n: EntityApiNames, page: Page): Route {
  const h = ui.hrefs.get(entity.name) ?? {};
  const group = bindingOf(ui, n, page.group_by ?? "");
  const field = entity.fields.find((f) => f.name === page.group_by);
  const movable = field !== undefined && !isReadOnly(field);
  const roles = allowedRoles(entity, "read");
  return {
    path: `/${entity.path}/board`,
    kind: "board",
    entity: entity.name,
    title: page.title,
    public: ui.isPublic(roles),
    roles,
    body: [
      { component: "Heading", text: page.title, level: 1 },
      {
        component: "Board",
        entity: entity.name,
        source: listEndpoint(n),
        group,
        title: bindingOf(ui, n, entity.display_field),
        ...(h.detail && { card_href: h.detail }),
        ...(movable && {
          move: { api: n.itemPath, method: "PATCH" as const, operation: n.operations.update },
          move_roles: allowedRoles(entity, "write"),
        }),
        page_size: BOARD_COLUMN_SIZE,
      },
    ],
  };
}

/** The page's rows on the days of a month, by its date or datetime field. */
function calendarRoute(ui: PageBuilder, entity: Entity, n: EntityApiNames, page: Page): Route {
  const h = ui.hrefs.get(entity.name) ?? {};
  const roles = allowedRoles(entity, "read");
  return {
    path: `/${entity.path}/calendar`,
    kind: "calendar",
    entity: entity.name,
    title: page.title,
    public: ui.isPublic(roles),
    roles,
    body: [
      { component: "Heading", text: page.title, level: 1 },
      {
        component: "Calendar",
        entity: entity.name,
        source: listEndpoint(n),
        date: bindingOf(ui, n, page.date_field ?? ""),
        title: bindingOf(ui, n, entity.display_field),
        ...(h.detail && { item_href: h.detail }),
        param: "month",
      },
    ],
  };
}

function detailRoute(ui: PageBuilder, entity: Entity, n: EntityApiNames, title: string): Route {
  const h = ui.hrefs.get(entity.name) ?? {};
  const writers = allowedRoles(entity, "write");
  const actions: Node[] = [];
  if (h.edit)
    actions.push({
      component: "Button",
      label: "Edit",
      variant: "outline",
      type: "button",
      href: h.edit,
      roles: writers,
    });
  actions.push({
    component: "AlertDialog",
    trigger: { component: "Button", label: "Delete", variant: "destructive", type: "button" },
    title: `Delete this ${entity.label}?`,
    description: "This cannot be undone.",
    cancel_label: "Cancel",
    confirm_label: "Delete",
    action: { api: n.itemPath, method: "DELETE", operation: n.operations.delete },
    success_href: h.list ?? ui.home,
    roles: writers,
  });
  actions.unshift(...actionButtons(ui, n, false));
  const display = n.properties.find(({ field }) => field.name === entity.display_field)?.property;
  const rows: Node[] = [
    ...n.properties.map(({ field, property }): Node => ({
      component: "DetailRow",
      binding: fieldBinding(field, property, ui.context),
    })),
    { component: "DetailRow", binding: systemBinding("created_at") },
    { component: "DetailRow", binding: systemBinding("updated_at") },
  ];
  const roles = allowedRoles(entity, "read");
  return {
    path: `/${entity.path}/{id}`,
    kind: "detail",
    entity: entity.name,
    title,
    public: ui.isPublic(roles),
    roles,
    load: getEndpoint(n),
    body: [
      {
        component: "Stack",
        direction: "row",
        justify: "between",
        children: [
          { component: "Heading", text: title, level: 1, ...(display && { property: display }) },
          { component: "Stack", direction: "row", justify: "end", children: actions },
        ],
      },
      { component: "Card", children: rows },
    ],
  };
}

function formRoute(ui: PageBuilder, entity: Entity, n: EntityApiNames, mode: "create" | "edit"): Route {
  const h = ui.hrefs.get(entity.name) ?? {};
  const title = mode === "create" ? `New ${entity.label}` : `Edit ${entity.label}`;
  const back = mode === "edit" ? (h.detail ?? h.list ?? ui.home) : (h.list ?? ui.home);
  const submit: Endpoint =
    mode === "create"
      ? { api: n.collectionPath, method: "POST", operation: n.operations.create }
      : { api: n.itemPath, method: "PATCH", operation: n.operations.update };
  const roles = allowedRoles(entity, "write");
  return {
    path: mode === "create" ? `/${entity.path}/new` : `/${entity.path}/{id}/edit`,
    kind: "form",
    mode,
    entity: entity.name,
    title,
    public: false,
    roles,
    ...(mode === "edit" && { load: getEndpoint(n) }),
    body: [
      { component: "Heading", text: title, level: 1 },
      {
        component: "Form",
        entity: entity.name,
        mode,
        submit,
        submit_label: mode === "create" ? "Create" : "Save",
        cancel_href: back,
        success_href: h.detail ?? h.list ?? ui.home,
        controls: n.properties
          .filter(({ field }) => !isReadOnly(field))
          .map(({ field, property }) => fieldControl(field, property, mode, ui.context)),
      },
    ],
  };
}

/** The entity's actions as buttons on its detail page, before Edit and Delete. */
function actionButtons(ui: PageBuilder, n: EntityApiNames, picks: boolean): Node[] {
  const { entity } = n;
  const properties = new Map(n.properties.map((p) => [p.field.name, p.property]));
  // Row actions go on the row's page; picks (of the whole list) on the list page, and their conditions choose rows.
  return n.actions
    .filter(({ action }) => Boolean(action.pick) === picks)
    .map(({ action, path, operation }): Node => {
      const roles = action.roles ?? allowedRoles(entity, "write");
      const when = (action.pick ? [] : (action.when ?? [])).map((c) => {
        const property = properties.get(c.field) ?? c.field;
        if (c.empty !== undefined) return { property, test: c.empty ? ("empty" as const) : ("not_empty" as const) };
        if (c.at_least !== undefined) return { property, test: "at_least" as const, value: c.at_least };
        if (c.at_most !== undefined) return { property, test: "at_most" as const, value: c.at_most };
        if (c.not_equals !== undefined) return { property, test: "not_equals" as const, value: c.not_equals };
        return { property, test: "equals" as const, value: c.equals ?? "" };
      });
      const controls = actionInputs(ui.manifest, entity, action).map((input) =>
        fieldControl(input.field, columnName(input.field) ?? input.key, "create", ui.context),
      );
      return {
        component: "ActionButton",
        action: action.name,
        label: action.label,
        ...(action.confirm && { confirm: action.confirm }),
        submit: { api: path, method: "POST", operation },
        ...(when.length > 0 && { when }),
        ...(controls.length > 0 && { controls }),
        roles: [...new Set(roles)].sort(),
      };
    });
}
