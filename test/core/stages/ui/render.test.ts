import { describe, expect, it } from "vitest";
import { assertManifest, type Field, type Manifest } from "../../../../app/core/manifest/index.ts";
import type { Binding, Endpoint, Node, Route, UiSpec } from "../../../../app/core/schema-types/ui.ts";
import { apiNames, buildOpenApi, URL_PATTERN } from "../../../../app/core/stages/api/index.ts";
import { FIELD_PATTERNS } from "../../../../app/core/stages/db/index.ts";
import {
  buildUiSpec,
  fieldControl,
  formatOf,
  renderUiSpec,
  UI_SPEC_PATH,
  validateUiSpec,
} from "../../../../app/core/stages/ui/index.ts";
import { kitchenSink, minimal, partialPages, testManifests } from "../api/manifests.ts";

type Json = Record<string, any>;

function walk(nodes: Node[], visit: (node: Node) => void): void {
  for (const node of nodes) {
    visit(node);
    if ("children" in node) walk(node.children, visit);
    if (node.component === "Form") walk(node.controls, visit);
  }
}

const nodesOf = (route: Route | undefined): Node[] => {
  const all: Node[] = [];
  walk(route?.body ?? [], (n) => all.push(n));
  return all;
};
const routeAt = (spec: UiSpec, path: string) => spec.routes.find((r) => r.path === path);

/** Every request the UI makes is an operation of the OpenAPI document, and every bound property exists there. */
function checkAgainstOpenApi(manifest: Manifest, spec: UiSpec): string[] {
  const doc = buildOpenApi(manifest) as Json;
  const names = apiNames(manifest);
  const problems: string[] = [];
  const endpoint = (e: Endpoint | undefined) => {
    if (!e) return;
    const op = doc.paths[e.api]?.[e.method.toLowerCase()];
    if (op?.operationId !== e.operation) problems.push(`${e.method} ${e.api} is not ${e.operation}`);
  };
  const schemaOf = (entity: string) => doc.components.schemas[names.get(entity)?.schema ?? ""] as Json;
  const binding = (entity: string, b: Binding) => {
    if (!schemaOf(entity)?.properties[b.property]) problems.push(`${entity} rows have no ${b.property}`);
    if (b.relation && !schemaOf(entity)?.properties._refs?.properties[b.field ?? ""])
      problems.push(`${entity}._refs has no ${b.field}`);
  };
  for (const route of spec.routes) {
    endpoint(route.load);
    for (const node of nodesOf(route)) {
      if (node.component === "Table") {
        endpoint(node.source);
        node.columns.forEach((c) => binding(node.entity, c.binding));
        const sort = doc.paths[node.source.api].get.parameters.find((p: Json) => p.name === "sort").schema
          .enum as string[];
        for (const c of node.columns)
          if (c.sort_key && !sort.includes(c.sort_key)) problems.push(`cannot sort ${node.entity} by ${c.sort_key}`);
      }
      if (node.component === "Stat") endpoint(node.source);
      if (node.component === "DetailRow" && route.entity) binding(route.entity, node.binding);
      if (node.component === "AlertDialog") endpoint(node.action);
      if (node.component === "Form") {
        endpoint(node.submit);
        const body = doc.components.schemas[
          (node.submit.method === "POST" ? names.get(node.entity)?.input : names.get(node.entity)?.patch) ?? ""
        ] as Json;
        for (const control of node.controls)
          if ("name" in control && !body.properties[control.name])
            problems.push(`${node.entity} bodies have no ${control.name}`);
      }
      if (node.component === "Select" || node.component === "MultiSelect") endpoint(node.options_from?.source);
    }
  }
  return problems;
}

describe("renderUiSpec", () => {
  it.each(Object.entries(testManifests))(
    "%s: a schema-valid ui.json whose requests and properties exist in the API",
    (_, manifest) => {
      const file = renderUiSpec(manifest);
      expect(file.path).toBe(UI_SPEC_PATH);
      expect(file.content.endsWith("}\n")).toBe(true);
      const spec = JSON.parse(file.content) as UiSpec;
      expect(validateUiSpec(spec).problems).toEqual([]);
      expect(checkAgainstOpenApi(manifest, spec)).toEqual([]);
    },
  );

  it("is deterministic", () => {
    expect(renderUiSpec(kitchenSink).content).toBe(renderUiSpec(structuredClone(kitchenSink)).content);
    const reparsed = assertManifest(JSON.parse(JSON.stringify(kitchenSink)));
    expect(renderUiSpec(reparsed).content).toBe(renderUiSpec(kitchenSink).content);
  });

  it("makes a route per page, a dashboard and a navigation item per list page, reserved words included", () => {
    const spec = buildUiSpec(kitchenSink);
    expect(spec.routes.map((r) => r.path)).toEqual([
      "/",
      ...["users", "types", "orders", "selects"].flatMap((p) => [
        `/${p}`,
        `/${p}/{id}`,
        `/${p}/new`,
        `/${p}/{id}/edit`,
      ]),
    ]);
    expect(spec.navigation.map((n) => [n.label, n.href])).toEqual([
      ["Dashboard", "/"],
      ["Benutzer·innen", "/users"],
      ["種類", "/types"],
      ["Orders", "/orders"],
      ["Étiquettes", "/selects"],
    ]);
    expect(spec.home).toBe("/");
    expect(spec.app).toEqual({
      name: "Cafe Ops ☕ — Bestellungen",
      slug: "cafe-ops-bestellungen",
      description: "Orders, users and types for a café",
      auth_required: true,
      auth_providers: ["email"],
    });
    expect(routeAt(spec, "/orders/new")).toMatchObject({
      kind: "form",
      mode: "create",
      entity: "order",
      roles: ["admin", "member"],
      public: false,
    });
    expect(routeAt(spec, "/orders/{id}/edit")).toMatchObject({
      kind: "form",
      mode: "edit",
      load: { api: "/api/orders/{id}", method: "GET", operation: "getOrder" },
    });
  });

  it("shows entity pages only where the manifest lists them, and links only to routes that exist", () => {
    const spec = buildUiSpec(partialPages);
    expect(spec.routes.map((r) => r.path)).toEqual(["/products", "/products/{id}", "/brands/new", "/brands/{id}/edit"]);
    expect(spec.navigation.map((n) => n.href)).toEqual(["/products"]);
    expect(spec.home).toBe("/products");
    // Visitors may read products because the app does not require sign-in and access.read has 'anon'.
    expect(spec.routes.map((r) => r.public)).toEqual([true, true, false, false]);
    const list = nodesOf(routeAt(spec, "/products"));
    expect(list.filter((n) => n.component === "Button")).toEqual([]);
    const table = list.find((n) => n.component === "Table");
    expect(table).toMatchObject({
      row_href: "/products/{id}",
      empty: { title: "No Products yet", description: "Nothing to show here yet." },
    });
    const detail = nodesOf(routeAt(spec, "/products/{id}"));
    expect(detail.find((n) => n.component === "Button" && n.label === "Edit")).toBeUndefined();
    expect(detail.find((n) => n.component === "AlertDialog")).toMatchObject({
      success_href: "/products",
      roles: ["*"],
    });
    // brand has no detail page, so the product's brand is shown without a link.
    const brand = detail.find((n) => n.component === "DetailRow" && n.binding.field === "brand");
    expect(brand).toEqual({
      component: "DetailRow",
      binding: {
        property: "brand_id",
        field: "brand",
        label: "Brand",
        format: "relation",
        relation: { entity: "brand", cardinality: "many_to_one" },
      },
    });
    const form = nodesOf(routeAt(spec, "/brands/new")).find((n) => n.component === "Form");
    expect(form).toMatchObject({ cancel_href: "/products", success_href: "/products" });
  });

  it("adds the dashboard as home when no listed page can open the app", () => {
    const manifest = assertManifest({
      name: "Odd",
      entities: [{ name: "note", fields: [{ name: "title", type: "text" }] }],
      pages: [{ kind: "detail", entity: "note" }],
    });
    const spec = buildUiSpec(manifest);
    expect(spec.routes.map((r) => r.path)).toEqual(["/", "/notes/{id}"]);
    expect(spec.home).toBe("/");
    expect(validateUiSpec(spec).problems).toEqual([]);
  });

  it("builds the list page: search, sortable columns from list_fields, pagination, empty state and New button", () => {
    const route = routeAt(buildUiSpec(kitchenSink), "/orders");
    const components = (route?.body ?? []).map((n) => n.component);
    expect(components).toEqual(["Stack", "Input", "Table", "Pagination"]);
    const table = nodesOf(route).find((n) => n.component === "Table");
    if (table?.component !== "Table") throw new Error("no table");
    expect(table.columns.map((c) => c.binding.property)).toEqual(kitchenSink.entities[2]?.list_fields);
    expect(table).toMatchObject({
      page_size: 20,
      url_state: true,
      default_sort: { key: "created_at", order: "desc" },
      source: { operation: "listOrders" },
    });
    expect(table.empty.action).toMatchObject({ label: "New Order", href: "/orders/new" });
    const relationColumns = routeAt(buildUiSpec(kitchenSink), "/selects");
    const selectTable = nodesOf(relationColumns).find((n) => n.component === "Table");
    if (selectTable?.component !== "Table") throw new Error("no table");
    // Relations are shown by label and cannot be sorted; the API has no order for them.
    expect(selectTable.columns.find((c) => c.binding.field === "parent")).toEqual({
      binding: {
        property: "parent_id",
        field: "parent",
        label: "Parent",
        format: "relation",
        relation: { entity: "select", cardinality: "many_to_one", href: "/selects/{id}" },
      },
      sortable: false,
    });
  });

  it("builds the detail page: a heading from the display field, edit and confirmed delete, a row per field", () => {
    const route = routeAt(buildUiSpec(kitchenSink), "/orders/{id}");
    const nodes = nodesOf(route);
    expect(nodes.find((n) => n.component === "Heading")).toEqual({
      component: "Heading",
      text: "Order",
      level: 1,
      property: "number",
    });
    expect(nodes.find((n) => n.component === "Button" && n.label === "Edit")).toMatchObject({
      href: "/orders/{id}/edit",
      roles: ["admin", "member"],
    });
    expect(nodes.find((n) => n.component === "AlertDialog")).toMatchObject({
      trigger: { variant: "destructive" },
      action: { api: "/api/orders/{id}", method: "DELETE", operation: "deleteOrder" },
      success_href: "/orders",
    });
    const rows = nodes.flatMap((n) => (n.component === "DetailRow" ? [[n.binding.property, n.binding.format]] : []));
    expect(rows).toEqual([
      ["number", "text"],
      ["status", "badge"],
      ["total", "money"],
      ["weight", "decimal"],
      ["quantity", "integer"],
      ["ordered_on", "date"],
      ["deliver_at", "datetime"],
      ["paid", "boolean"],
      ["customer_id", "relation"],
      ["type_id", "relation"],
      ["tags_ids", "relation_list"],
      ["tag_ids", "text"],
      ["notes", "multiline"],
      ["created_at", "datetime"],
      ["updated_at", "datetime"],
    ]);
  });

  it("builds the form pages: create with defaults, edit without, both back to the right places", () => {
    const spec = buildUiSpec(kitchenSink);
    const create = nodesOf(routeAt(spec, "/orders/new")).find((n) => n.component === "Form");
    const edit = nodesOf(routeAt(spec, "/orders/{id}/edit")).find((n) => n.component === "Form");
    if (create?.component !== "Form" || edit?.component !== "Form") throw new Error("no forms");
    expect(create).toMatchObject({
      mode: "create",
      submit: { api: "/api/orders", method: "POST", operation: "createOrder" },
      submit_label: "Create",
      cancel_href: "/orders",
      success_href: "/orders/{id}",
    });
    expect(edit).toMatchObject({
      mode: "edit",
      submit: { api: "/api/orders/{id}", method: "PATCH", operation: "updateOrder" },
      submit_label: "Save",
      cancel_href: "/orders/{id}",
    });
    expect(create.controls.map((c) => c.component)).toEqual([
      "Input",
      "Select",
      "Input",
      "Input",
      "Input",
      "DatePicker",
      "Input",
      "Switch",
      "Select",
      "Select",
      "MultiSelect",
      "Input",
      "Textarea",
    ]);
    const defaults = (controls: Node[]) =>
      controls.flatMap((c) => ("default" in c && c.default !== undefined ? [[c.name, c.default]] : []));
    expect(defaults(create.controls)).toEqual([
      ["status", "draft"],
      ["ordered_on", "now"],
    ]);
    expect(defaults(edit.controls)).toEqual([]);
  });

  it("builds the dashboard: a count card and a recent-items table per entity", () => {
    const route = routeAt(buildUiSpec(kitchenSink), "/");
    const [heading, counts, recent] = route?.body ?? [];
    expect(heading).toEqual({ component: "Heading", text: "Dashboard", level: 1 });
    if (counts?.component !== "Grid" || recent?.component !== "Grid") throw new Error("no grids");
    expect(counts.children).toHaveLength(4);
    expect(counts.children[2]).toEqual({
      component: "Card",
      title: "Orders",
      href: "/orders",
      roles: ["admin", "member"],
      children: [
        {
          component: "Stat",
          label: "Total",
          source: { api: "/api/orders", method: "GET", operation: "listOrders" },
          value: "total",
        },
      ],
    });
    const tables = recent.children
      .flatMap((card) => (card.component === "Card" ? card.children : []))
      .filter((n) => n.component === "Table");
    expect(
      tables.map((t) =>
        t.component === "Table" ? [t.entity, t.page_size, t.url_state, t.columns.map((c) => c.binding.property)] : [],
      ),
    ).toEqual([
      ["user", 5, false, ["name", "created_at"]],
      ["type", 5, false, ["select", "created_at"]],
      ["order", 5, false, ["number", "created_at"]],
      ["select", 5, false, ["label", "created_at"]],
    ]);
  });
});

describe("controls and display formats per field type", () => {
  const target = {
    name: "tag",
    label: "Tag",
    plural_label: "Tags",
    table: "tags",
    path: "tags",
    ownership: "shared",
    access: { read: ["*"], write: ["*"], manage: [] },
    fields: [{ name: "name", label: "Name", type: "text", required: true, unique: false }],
    display_field: "name",
    search_fields: ["name"],
    list_fields: ["name"],
  } as const;
  const manifest = assertManifest({ name: "Fields", entities: [target] });
  const context = {
    names: apiNames(manifest),
    entities: new Map(manifest.entities.map((e) => [e.name, e])),
    detailHref: new Map([["tag", "/tags/{id}"]]),
  };
  const tagOptions = {
    entity: "tag",
    source: { api: "/api/tags", method: "GET", operation: "listTags" },
    value_property: "id",
    label_field: "name",
    label_property: "name",
    search_param: "q",
  };

  it.each<[string, Partial<Field>, string, Record<string, unknown>]>([
    [
      "text",
      { min: 2, max: 80 },
      "text",
      { component: "Input", type: "text", min_length: 2, max_length: 80, description: "Required, 2 to 80 characters." },
    ],
    ["long_text", { max: 2000 }, "multiline", { component: "Textarea", rows: 5, max_length: 2000 }],
    [
      "email",
      { unique: true },
      "email",
      { component: "Input", type: "email", pattern: FIELD_PATTERNS.email, description: "Required, must be unique." },
    ],
    [
      "url",
      {},
      "url",
      {
        component: "Input",
        type: "url",
        pattern: URL_PATTERN,
        description: "Required, starting with http:// or https://.",
      },
    ],
    ["phone", {}, "phone", { component: "Input", type: "tel", pattern: FIELD_PATTERNS.phone }],
    [
      "integer",
      { min: 1, max: 9 },
      "integer",
      {
        component: "Input",
        type: "number",
        step: 1,
        min: 1,
        max: 9,
        description: "Required, from 1 to 9, a whole number.",
      },
    ],
    ["decimal", { min: 0.5 }, "decimal", { component: "Input", type: "number", step: "any", min: 0.5 }],
    [
      "money",
      { min: 0 },
      "money",
      {
        component: "Input",
        type: "number",
        step: 0.01,
        min: 0,
        description: "Required, at least 0, up to 2 decimals.",
      },
    ],
    ["boolean", { default: true }, "boolean", { component: "Switch", default: true }],
    ["date", { default: "now" }, "date", { component: "DatePicker", default: "now" }],
    ["datetime", {}, "datetime", { component: "Input", type: "datetime-local" }],
    [
      "enum",
      { options: ["in_progress", "done"] },
      "badge",
      {
        component: "Select",
        options: [
          { value: "in_progress", label: "In progress" },
          { value: "done", label: "Done" },
        ],
      },
    ],
    [
      "relation",
      { relation: { target: "tag", cardinality: "many_to_one", on_delete: "restrict" } },
      "relation",
      { component: "Select", name: "thing_field_id", options_from: tagOptions },
    ],
    [
      "relation",
      { relation: { target: "tag", cardinality: "one_to_one", on_delete: "restrict" } },
      "relation",
      { component: "Select", name: "thing_field_id", options_from: tagOptions },
    ],
    [
      "relation",
      { relation: { target: "tag", cardinality: "many_to_many", on_delete: "cascade" } },
      "relation_list",
      { component: "MultiSelect", options_from: tagOptions },
    ],
  ])("a %s field %j is shown as %s and edited with %j", (type, extra, format, control) => {
    const field = { name: "thing_field", label: "Thing field", type, required: true, unique: false, ...extra } as Field;
    expect(formatOf(field)).toBe(format);
    const property =
      type === "relation"
        ? field.relation?.cardinality === "many_to_many"
          ? "thing_field_ids"
          : "thing_field_id"
        : "thing_field";
    const node = fieldControl(field, property, "create", context);
    expect(node).toMatchObject({
      name: property,
      field: "thing_field",
      label: "Thing field",
      required: true,
      ...control,
    });
  });
});

describe("validateUiSpec", () => {
  const valid = () => buildUiSpec(minimal) as Json;

  it("accepts what the ui stage renders", () => {
    expect(validateUiSpec(valid())).toMatchObject({ ok: true, problems: [] });
  });

  it.each<[string, (spec: Json) => void, { path: string; message: string }]>([
    ["an unknown property", (s) => (s.extra = 1), { path: "/", message: "unknown property 'extra'" }],
    [
      "an unknown component",
      (s) => (s.routes[0].body[0].component = "Carousel"),
      { path: "/routes/0/body/0/component", message: 'unknown component "Carousel"' },
    ],
    [
      "a wrong prop inside the named component",
      (s) => (s.routes[0].body[0].level = 7),
      { path: "/routes/0/body/0/level", message: "must be one of 1, 2" },
    ],
    [
      "a low contrast claim",
      (s) => (s.theme.contrast.link = 3),
      { path: "/theme/contrast/link", message: "must be >= 4.5" },
    ],
    [
      "a link to no route",
      (s) => (s.navigation[1].href = "/nowhere"),
      { path: "/navigation/1/href", message: "'/nowhere' is not a route of this app" },
    ],
    [
      "a duplicate route",
      (s) => s.routes.push(s.routes[1]),
      { path: "/routes/5/path", message: "duplicate route '/notes'" },
    ],
    [
      "a row route that loads nothing",
      (s) => delete s.routes[2].load,
      { path: "/routes/2", message: "route '/notes/{id}' shows a row but has no 'load'" },
    ],
    [
      "a Select with two option sources",
      (s) =>
        (s.routes[3].body[1].controls[0] = {
          component: "Select",
          name: "title",
          field: "title",
          label: "Title",
          required: true,
          placeholder: "",
          options: [{ value: "a", label: "A" }],
          options_from: s.routes[3].body[1].controls[0].options_from ?? {
            entity: "note",
            source: { api: "/api/notes", method: "GET", operation: "listNotes" },
            value_property: "id",
            label_field: "title",
            label_property: "title",
          },
        }),
      { path: "/routes/3/body/1/controls/0", message: "a Select needs exactly one of 'options' and 'options_from'" },
    ],
    [
      "a table as a form control",
      (s) => s.routes[3].body[1].controls.push(s.routes[1].body[2]),
      { path: "/routes/3/body/1/controls/1/component", message: "a Table is not a form control" },
    ],
  ])("refuses %s, naming where", (_, mutate, problem) => {
    const spec = valid();
    mutate(spec);
    const result = validateUiSpec(spec);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining(problem));
  });
});
