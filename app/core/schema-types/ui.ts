// Generated from schemas/ui.schema.json by `npm run schemas`. Do not edit.

/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "hexColor".
 */
export type HexColor = string;
/**
 * An app route, e.g. /orders/{id}/edit.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "href".
 */
export type Href = string;
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "text".
 */
export type Text = string;
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "identifier".
 */
export type Identifier = string;
/**
 * Who may see this, as in the manifest's access lists: '*' any signed-in user, 'anon' everyone including visitors, or role names.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "roles".
 */
export type Roles = string[];
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "apiPath".
 */
export type ApiPath = string;
/**
 * One component. Its name is the shadcn/ui component (or composition) that renders it.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "node".
 */
export type Node = {
  component:
    | "Heading"
    | "Stack"
    | "Grid"
    | "Card"
    | "Stat"
    | "Chart"
    | "Leaderboard"
    | "Table"
    | "Board"
    | "Calendar"
    | "Pagination"
    | "DetailRow"
    | "Button"
    | "AlertDialog"
    | "ActionButton"
    | "Form"
    | "Input"
    | "Textarea"
    | "Select"
    | "MultiSelect"
    | "Switch"
    | "DatePicker";
} & Node1;
export type Node1 =
  | HeadingNode
  | StackNode
  | GridNode
  | CardNode
  | StatNode
  | ChartNode
  | LeaderboardNode
  | TableNode
  | BoardNode
  | CalendarNode
  | PaginationNode
  | DetailRowNode
  | ButtonNode
  | AlertDialogNode
  | ActionButtonNode
  | FormNode
  | InputNode
  | TextareaNode
  | SelectNode
  | MultiSelectNode
  | SwitchNode
  | DatePickerNode;
/**
 * A JSON property of the API's rows and bodies.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "property".
 */
export type Property = string;
/**
 * How a value is shown: email/url/phone as mailto:/external/tel: links, money with two decimals, boolean as Yes/No, badge as a Badge with the option's label, relation(_list) as the related rows' labels, account as the e-mail of a user field's account.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "format".
 */
export type Format =
  | "text"
  | "multiline"
  | "email"
  | "url"
  | "phone"
  | "integer"
  | "decimal"
  | "money"
  | "boolean"
  | "date"
  | "datetime"
  | "badge"
  | "relation"
  | "relation_list"
  | "account";

/**
 * The generated app's screens: theme, navigation and one component tree per route, built from shadcn/ui components bound to API properties. Derived from the manifest by the ui stage; the files stage renders it. Hrefs and API paths write a row id as {id}. A node's data comes from its route's `load` (one row) or its own `source` (a list). `home` is where the app opens: the dashboard, else the first navigation item, else the first route.
 */
export interface UiSpec {
  version: 1;
  app: App;
  theme: Theme;
  home: Href;
  navigation: NavItem[];
  /**
   * @minItems 1
   */
  routes: Route[];
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "app".
 */
export interface App {
  name: string;
  slug: string;
  description: string;
  /**
   * Every route needs a signed-in user, whatever its `public` says.
   */
  auth_required: boolean;
  /**
   * @minItems 1
   */
  auth_providers: ("email" | "magic_link" | "github" | "google")[];
}
/**
 * The manifest's background and primary, plus colours derived for WCAG AA text contrast (4.5:1): foreground and primary_foreground are #0a0a0a or #fafafa, whichever contrasts more with their surface, or pure black or white when neither reaches 4.5:1; muted is the background moved up to 6% toward the foreground; muted_foreground is the foreground moved as far toward the background as 4.5:1 on both muted and background allows (at most 45%); link is the primary moved toward the foreground until it reaches 4.5:1 on the background; border is the background moved 15% toward the foreground.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "theme".
 */
export interface Theme {
  background: HexColor;
  foreground: HexColor;
  primary: HexColor;
  primary_foreground: HexColor;
  muted: HexColor;
  muted_foreground: HexColor;
  border: HexColor;
  link: HexColor;
  /**
   * WCAG 2 contrast ratios of each text colour on its surface, rounded down to two decimals.
   */
  contrast: {
    /**
     * foreground on background and on muted (the lower).
     */
    foreground: number;
    primary_foreground: number;
    /**
     * On muted and on background (the lower).
     */
    muted_foreground: number;
    /**
     * On background.
     */
    link: number;
  };
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "navItem".
 */
export interface NavItem {
  label: Text;
  href: Href;
  entity?: Identifier;
  /**
   * Shown to visitors who are not signed in (only when the app does not require sign-in).
   */
  public: boolean;
  roles: Roles;
}
/**
 * One screen. `load` is the row the route shows or edits, fetched by the {id} in its path.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "route".
 */
export interface Route {
  path: Href;
  kind: "dashboard" | "list" | "detail" | "form" | "board" | "calendar";
  /**
   * Form routes only: a form page serves /{path}/new (create) and /{path}/{id}/edit (edit).
   */
  mode?: "create" | "edit";
  entity?: Identifier;
  title: Text;
  /**
   * Visitors who are not signed in may open it.
   */
  public: boolean;
  roles: Roles;
  load?: Endpoint;
  body: Node[];
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "endpoint".
 */
export interface Endpoint {
  api: ApiPath;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /**
   * operationId in appgen/openapi.json.
   */
  operation: string;
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "headingNode".
 */
export interface HeadingNode {
  component: "Heading";
  text: Text;
  level: 1 | 2;
  property?: Property;
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "stackNode".
 */
export interface StackNode {
  component: "Stack";
  direction: "row" | "column";
  justify: "start" | "between" | "end";
  children: Node[];
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "gridNode".
 */
export interface GridNode {
  component: "Grid";
  /**
   * Columns on wide screens; one column on phones.
   */
  columns: number;
  children: Node[];
}
/**
 * A shadcn Card; its title links to href, and it is shown only to `roles` when they are given.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "cardNode".
 */
export interface CardNode {
  component: "Card";
  title?: Text;
  description?: string;
  href?: Href;
  roles?: Roles;
  children: Node[];
}
/**
 * A big number: the list operation's `total`, fetched with per_page=1.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "statNode".
 */
export interface StatNode {
  component: "Stat";
  label: Text;
  source: Endpoint;
  value: "total";
}
/**
 * A statistic (GET /api/stats/<name>): one number, or a bar, line or pie chart (shadcn's chart on recharts) with every group's value also listed as text.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "chartNode".
 */
export interface ChartNode {
  component: "Chart";
  label: Text;
  source: Endpoint;
  chart: "number" | "bar" | "line" | "pie";
}
/**
 * A leaderboard (GET /api/leaderboards/<name>): places, pseudonyms ('You' for the signed-in user) and totals, as an ordered list.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "leaderboardNode".
 */
export interface LeaderboardNode {
  component: "Leaderboard";
  label: Text;
  source: Endpoint;
}
/**
 * A shadcn Table of the list operation's rows; each row links to row_href when given; `empty` is shown when there are no rows.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "tableNode".
 */
export interface TableNode {
  component: "Table";
  entity: Identifier;
  source: Endpoint;
  /**
   * @minItems 1
   */
  columns: Column[];
  page_size: number;
  default_sort: {
    key: Identifier;
    order: "asc" | "desc";
  };
  /**
   * Search (q), sort, order and page are read from and written to the page's URL query.
   */
  url_state: boolean;
  row_href?: Href;
  empty: EmptyState;
}
/**
 * A Table column; when sortable, its header toggles sorting by sort_key (a value of the list operation's sort parameter).
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "column".
 */
export interface Column {
  binding: Binding;
  /**
   * The column header toggles sorting by sort_key.
   */
  sortable: boolean;
  sort_key?: Identifier;
}
/**
 * A value of the row: row[property] shown with format. `field` is the manifest field, absent for system columns (created_at, updated_at).
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "binding".
 */
export interface Binding {
  property: Property;
  field?: Identifier;
  label: Text;
  format: Format;
  /**
   * Labels of enum values (format badge).
   */
  options?: Option[];
  relation?: RelationLink;
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "option".
 */
export interface Option {
  value: string;
  label: Text;
}
/**
 * The related rows are shown by their labels in the row's _refs[field]; each links to href (its {id} is the related row's id) when the target has a detail page.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "relationLink".
 */
export interface RelationLink {
  entity: Identifier;
  cardinality: "many_to_one" | "one_to_one" | "many_to_many";
  href?: Href;
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "emptyState".
 */
export interface EmptyState {
  title: Text;
  description: string;
  action?: ButtonNode;
}
/**
 * A shadcn Button; with href it is a link (asChild with next/link). Shown only to `roles` when they are given.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "buttonNode".
 */
export interface ButtonNode {
  component: "Button";
  label: Text;
  variant: "default" | "secondary" | "outline" | "ghost" | "destructive" | "link";
  type: "button" | "submit";
  href?: Href;
  roles?: Roles;
}
/**
 * A board: one column per option of `group` (an enum binding with its option labels), plus one for rows without a value when the field is optional; each row is a card titled by `title`, linking to card_href. With `move`, the roles in move_roles drag a card to another column or pick the column in a 'Move to' control, which PATCHes the row's group property; others see no such controls. The columns scroll sideways inside the board. Each column shows its page_size most recently changed rows and links to the list filtered by its value.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "boardNode".
 */
export interface BoardNode {
  component: "Board";
  entity: Identifier;
  source: Endpoint;
  group: Binding;
  title: Binding;
  card_href?: Href;
  move?: Endpoint;
  move_roles?: Roles;
  page_size: number;
}
/**
 * A month grid (weeks from Monday; on phones only the days that have rows): each row is listed on the day of its `date` (a date-time on its UTC day), titled by `title` and linking to item_href. The month is the `param` query parameter (YYYY-MM, default the current month in UTC), with links to the previous and next month.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "calendarNode".
 */
export interface CalendarNode {
  component: "Calendar";
  entity: Identifier;
  source: Endpoint;
  date: Binding;
  title: Binding;
  item_href?: Href;
  param: "month";
}
/**
 * Pages of the route's Table, from the list's page, per_page and total.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "paginationNode".
 */
export interface PaginationNode {
  component: "Pagination";
  param: "page";
  page_size: number;
}
/**
 * One label/value row of the route's loaded row.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "detailRowNode".
 */
export interface DetailRowNode {
  component: "DetailRow";
  binding: Binding;
}
/**
 * A confirmation before a destructive request.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "alertDialogNode".
 */
export interface AlertDialogNode {
  component: "AlertDialog";
  trigger: ButtonNode;
  title: Text;
  description: string;
  cancel_label: Text;
  confirm_label: Text;
  action: Endpoint;
  success_href: Href;
  roles?: Roles;
}
/**
 * Runs an entity action on the route's row: asks `confirm` first when given and the `controls` when the action takes input, shown only while every `when` condition holds for the row and to `roles`.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "actionButtonNode".
 */
export interface ActionButtonNode {
  component: "ActionButton";
  action: Identifier;
  label: Text;
  confirm?: Text;
  submit: Endpoint;
  when?: {
    property: Property;
    test: "equals" | "not_equals" | "empty" | "not_empty" | "at_least" | "at_most";
    value?: string | number | boolean;
  }[];
  controls?: Node[];
  roles?: Roles;
}
/**
 * A shadcn Form (react-hook-form): in edit mode it starts from the route's loaded row and sends only changed properties. The API's 422 `fields` messages are shown under the matching controls. After saving it goes to success_href, where {id} is the saved row's id.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "formNode".
 */
export interface FormNode {
  component: "Form";
  entity: Identifier;
  mode: "create" | "edit";
  submit: Endpoint;
  submit_label: Text;
  cancel_href: Href;
  success_href: Href;
  controls: Node[];
}
/**
 * Inside a Form: the body property `name`. Outside a Form: the URL query parameter `name` (type search).
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "inputNode".
 */
export interface InputNode {
  component: "Input";
  name: Property;
  field?: Identifier;
  label: Text;
  type: "text" | "search" | "email" | "url" | "tel" | "number" | "datetime-local";
  required: boolean;
  /**
   * Validation hint under the control.
   */
  description?: string;
  placeholder?: string;
  min?: number;
  max?: number;
  /**
   * 'any' for decimals.
   */
  step?: number | "any";
  min_length?: number;
  max_length?: number;
  /**
   * A JavaScript RegExp source checked with the u flag (not an HTML pattern attribute, whose v-flag syntax differs).
   */
  pattern?: string;
  /**
   * Initial value in create mode; 'now' means the current date-time.
   */
  default?: string | number;
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "textareaNode".
 */
export interface TextareaNode {
  component: "Textarea";
  name: Property;
  field: Identifier;
  label: Text;
  required: boolean;
  description?: string;
  rows: number;
  min_length?: number;
  max_length?: number;
  default?: string;
}
/**
 * Fixed options (enum) or options_from (a to-one relation; a searchable combobox when search_param is set). Exactly one of the two.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "selectNode".
 */
export interface SelectNode {
  component: "Select";
  name: Property;
  field: Identifier;
  label: Text;
  /**
   * When false, the select offers a 'None' choice that sends null.
   */
  required: boolean;
  description?: string;
  placeholder: string;
  /**
   * @minItems 1
   */
  options?: Option[];
  options_from?: OptionsFrom;
  default?: string;
}
/**
 * Choices loaded from another entity's list operation: value row[value_property], label row[label_property] (its display field).
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "optionsFrom".
 */
export interface OptionsFrom {
  entity: Identifier;
  source: Endpoint;
  value_property: "id";
  label_field: Identifier;
  label_property: Property;
  /**
   * Present when the target can be searched: type-ahead filters the choices server-side.
   */
  search_param?: "q";
}
/**
 * Many-to-many links: a Popover with a Command list of Checkboxes; chosen rows show as Badges. Sends an array of ids.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "multiSelectNode".
 */
export interface MultiSelectNode {
  component: "MultiSelect";
  name: Property;
  field: Identifier;
  label: Text;
  /**
   * At least one row must be chosen.
   */
  required: boolean;
  description?: string;
  placeholder: string;
  options_from: OptionsFrom;
}
/**
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "switchNode".
 */
export interface SwitchNode {
  component: "Switch";
  name: Property;
  field: Identifier;
  label: Text;
  required: boolean;
  description?: string;
  default?: boolean;
}
/**
 * A date: a Button opening a Popover with a Calendar; sends YYYY-MM-DD.
 *
 * This interface was referenced by `UiSpec`'s JSON-Schema
 * via the `definition` "datePickerNode".
 */
export interface DatePickerNode {
  component: "DatePicker";
  name: Property;
  field: Identifier;
  label: Text;
  required: boolean;
  description?: string;
  /**
   * YYYY-MM-DD, or 'now' for today.
   */
  default?: string;
}
