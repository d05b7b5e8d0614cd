// Generated from schemas/manifest.schema.json by `npm run schemas`. Do not edit.

/**
 * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "identifier".
 */
export type Identifier = string;
/**
 * A value of the field's type.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "constant".
 */
export type Constant = string | number | boolean;
/**
 * Human-readable text on one line, any script; no control characters (tab, line breaks, NEL, U+2028/U+2029 included), because the text reaches SQL, TypeScript, YAML and Markdown.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "text".
 */
export type Text = string;
/**
 * Human-readable text; line feeds and tabs are its only control characters.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "multiLineText".
 */
export type MultiLineText = string;
/**
 * Text shown to people; any script.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "label".
 */
export type Label = string;
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "hexColor".
 */
export type HexColor = string;

/**
 * The complete, canonical description of a generated app. Every later stage (db, api, ui, files) is a pure function of it. Properties marked 'derived' may be left out of a hand-written manifest: appgen fills them in before validation.
 */
export interface Manifest {
  /**
   * Manifest format version. derived: 1.
   */
  version: 1;
  /**
   * Human-readable app name; any script.
   */
  name: string;
  /**
   * Package and URL name in kebab-case. derived: from name.
   */
  slug: string;
  /**
   * One-line summary. derived: empty.
   */
  description: string;
  /**
   * The request the app was planned from, secrets redacted. derived: empty.
   */
  prompt: string;
  theme: Theme;
  auth: Auth;
  /**
   * Roles a signed-in user can hold. derived: a single 'member' role.
   *
   * @minItems 1
   * @maxItems 20
   */
  roles: Role[];
  /**
   * @minItems 1
   * @maxItems 250
   */
  entities: Entity[];
  /**
   * Screens of the app. derived: a dashboard, then list, detail and form pages for every entity.
   *
   * @maxItems 1200
   */
  pages: Page[];
  /**
   * Numbers and charts on the dashboard: each is a count, sum or average over the rows of one entity that the signed-in user may read (row-level security applies), optionally grouped by a field, and is also served as GET /api/stats/<name>.
   *
   * @maxItems 40
   */
  statistics?: Statistic[];
  /**
   * Rankings of people by a count or sum of the rows that name them, on the dashboard and at GET /api/leaderboards/<name>. They show each place's rank, a name that reveals nothing new ('You' for the signed-in user, otherwise a pseudonym) and the total, never the rows themselves, so they work on per-user entities too.
   *
   * @maxItems 20
   */
  leaderboards?: Leaderboard[];
  /**
   * Messages sent when a row is created or changed or an action runs: e-mail, SMS, WhatsApp or a webhook, through the provider the app's environment configures (Resend, Twilio, WhatsApp Cloud API), recorded with a delivery status that the row's page shows. Without a provider's secrets a message is recorded, not sent, and says so.
   *
   * @maxItems 40
   */
  notifications?: Notification[];
  /**
   * What the prompt asks for that this manifest cannot express (payments, reminders at a time, PDF reports…), each in the prompt's own words on one line. Nothing is built for them; the CLI, the progress comment, the pull request and the generated README list them as not built. Left out when everything asked for is planned.
   *
   * @maxItems 40
   */
  not_planned?: string[];
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "theme".
 */
export interface Theme {
  /**
   * Page background. derived: #ffffff.
   */
  background: string;
  /**
   * Buttons, links and highlights. derived: #0f172a.
   */
  primary: string;
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "auth".
 */
export interface Auth {
  /**
   * Whether every page needs a signed-in user. derived: true.
   */
  required: boolean;
  /**
   * Supabase Auth sign-in methods. derived: [email].
   *
   * @minItems 1
   */
  providers: ("email" | "magic_link" | "github" | "google")[];
  /**
   * Role given to a new user. derived: the first role.
   */
  default_role: string;
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "role".
 */
export interface Role {
  name: Identifier;
  /**
   * derived: from name.
   */
  label: string;
  /**
   * Human-readable text on one line, any script; no control characters (tab, line breaks, NEL, U+2028/U+2029 included), because the text reaches SQL, TypeScript, YAML and Markdown.
   */
  description?: string;
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "entity".
 */
export interface Entity {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  name: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  renamed_from?: string;
  /**
   * Singular label. derived: from name.
   */
  label: string;
  /**
   * derived: plural of label.
   */
  plural_label: string;
  /**
   * Human-readable text on one line, any script; no control characters (tab, line breaks, NEL, U+2028/U+2029 included), because the text reaches SQL, TypeScript, YAML and Markdown.
   */
  description?: string;
  /**
   * SQL table name. derived: plural of name.
   */
  table: string;
  /**
   * URL segment for pages and API routes. derived: plural of name in kebab-case, mapped away from routes the app itself uses.
   */
  path: string;
  /**
   * 'user': each row belongs to the user who created it and only they (and 'manage' roles) see it. 'shared': everyone with read access sees every row. derived: user for a singleton, otherwise shared.
   */
  ownership: "user" | "shared";
  access: Access;
  /**
   * @minItems 1
   * @maxItems 120
   */
  fields: Field[];
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  display_field: string;
  /**
   * Fields matched by the list search box. derived: text-like fields, at most 3.
   */
  search_fields: Identifier[];
  /**
   * Columns of the list table. derived: the first 5 fields that are not long text or many-to-many.
   */
  list_fields: Identifier[];
  /**
   * One row per user ('my profile', 'my account', 'my settings'): a per-user entity whose row each person has at most one of, shown as one page (/<path>/mine, 'My <label>' in the navigation) that offers the form on first use and the row afterwards, and served as GET and PUT /api/<path>/mine. Implies ownership 'user'. Left out for ordinary entities.
   */
  singleton?: true;
  /**
   * Things a person can do to one row besides editing it, each a button on the row's page and POST /api/<path>/{id}/<action>, run by one database function in one transaction under row-level security.
   *
   * @maxItems 20
   */
  actions?: Action[];
}
/**
 * Which roles may do what. '*' means any signed-in user; 'anon' (read only) means visitors who are not signed in.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "access".
 */
export interface Access {
  /**
   * Roles that may read rows. derived: ['*'].
   */
  read: string[];
  /**
   * Roles that may create, update and delete rows. derived: ['*'].
   */
  write: string[];
  /**
   * Roles that may read and change every user's rows of a per-user entity. derived: [] (or ['admin'] when an admin role exists).
   */
  manage: string[];
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "field".
 */
export interface Field {
  name: Identifier;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  renamed_from?: string;
  /**
   * derived: from name.
   */
  label: string;
  /**
   * 'user' is an account of the app (the signed-in user, never chosen by a client): it is always read-only, set from default 'current_user' or by an action.
   */
  type:
    | "text"
    | "long_text"
    | "email"
    | "url"
    | "phone"
    | "integer"
    | "decimal"
    | "money"
    | "boolean"
    | "date"
    | "datetime"
    | "enum"
    | "relation"
    | "user";
  /**
   * derived: false.
   */
  required: boolean;
  /**
   * derived: false.
   */
  unique: boolean;
  /**
   * Value used when none is given; must fit the type. For date and datetime the word 'now' means the current date or time; for a user field 'current_user' means the signed-in user.
   */
  default?: string | number | boolean;
  /**
   * Only the server sets it: forms show it but do not edit it, the API refuses it in create and update bodies (422), and the database ignores a client's value (an insert gets the default, an update keeps the stored value). Actions may change it. Always true for user fields; absent means false.
   */
  read_only?: boolean;
  /**
   * A value the database works out from other fields of the same row (a generated column): shown in lists, details and the API, sortable and filterable, never written by anyone. The field's type is the result's: integer, decimal or money for arithmetic (integer or decimal for a duration in hours). Exactly one of multiply, add, subtract, duration. Left out for stored fields.
   */
  computed?: {
    /**
     * Two number fields of the same row: their product (quantity × price).
     *
     * @minItems 2
     * @maxItems 2
     */
    multiply?: Identifier[];
    /**
     * Number fields of the same row: their sum (subtotal + tax + shipping).
     *
     * @minItems 2
     * @maxItems 6
     */
    add?: Identifier[];
    /**
     * Two number fields of the same row: the first minus the second (budget − spent).
     *
     * @minItems 2
     * @maxItems 2
     */
    subtract?: Identifier[];
    /**
     * The time between two date or datetime fields of the same row, in whole minutes or days, or hours to two decimals; empty while either is empty.
     */
    duration?: {
      /**
       * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
       */
      from: string;
      /**
       * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
       */
      to: string;
      /**
       * derived: days between dates, hours between datetimes.
       */
      unit?: "minutes" | "hours" | "days";
    };
  };
  /**
   * Allowed values of an enum field, in display order (labels are derived: 'in_progress' shows as 'In progress'; option_labels overrides them).
   *
   * @minItems 1
   * @maxItems 100
   */
  options?: string[];
  /**
   * Labels of an enum field's options where the derived one will not do, keyed by option: { "jpy": "JPY", "whatsapp": "WhatsApp" }. Every key must be one of the options; options left out keep the derived label. Used wherever the value is shown (forms, lists, detail pages, filters); stored values never change.
   */
  option_labels?: {
    /**
     * Text shown to people; any script.
     */
    [k: string]: string;
  };
  /**
   * Smallest allowed value (integer, decimal, money) or shortest length (text types).
   */
  min?: number;
  /**
   * Largest allowed value (integer, decimal, money) or longest length (text types).
   */
  max?: number;
  relation?: Relation;
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "relation".
 */
export interface Relation {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  target: string;
  /**
   * many_to_one: a foreign key on this table; one_to_one: a unique foreign key; many_to_many: a join table.
   */
  cardinality: "many_to_one" | "one_to_one" | "many_to_many";
  /**
   * What happens to this row when the target row is deleted. derived: restrict for required relations, otherwise set_null (cascade for many-to-many links).
   */
  on_delete: "cascade" | "set_null" | "restrict";
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "action".
 */
export interface Action {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  name: string;
  /**
   * Text shown to people; any script.
   */
  label: string;
  /**
   * Asked before the action runs, e.g. 'Mark this task as done?'. Absent: no confirmation.
   */
  confirm?: string;
  /**
   * Roles that may run it ('*' is not needed: leave roles out). The database function refuses others (403) and the button is hidden from them. Absent: whoever may write the entity. Row-level security applies either way.
   *
   * @minItems 1
   */
  roles?: string[];
  /**
   * Conditions on the row that must all hold, e.g. [{ field: status, equals: open }]; otherwise the action answers 409 with 'refusal' and the button is not shown.
   *
   * @minItems 1
   * @maxItems 10
   */
  when?: Condition[];
  /**
   * The 409 message when 'when' does not hold. Absent: derived from the action and its conditions.
   */
  refusal?: string;
  /**
   * Fields of the row the action changes: { field, to } (a constant, null, 'now' for date and datetime, 'current_user' for user fields), { field, add } (a number field plus add; negative subtracts) or { field, input: true } (a value the person enters).
   *
   * @minItems 1
   * @maxItems 20
   */
  set?: Assignment[];
  create?: ActionCreate;
  pick?: Pick;
}
/**
 * One test of the row's stored value; exactly one of equals, not_equals, empty, at_least, at_most.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "condition".
 */
export interface Condition {
  field: Identifier;
  equals?: Constant;
  not_equals?: Constant;
  /**
   * true: the field has no value; false: it has one.
   */
  empty?: boolean;
  at_least?: number;
  at_most?: number;
}
/**
 * How an action sets one field; exactly one of to, add, input.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "assignment".
 */
export interface Assignment {
  field: Identifier;
  /**
   * A constant of the field's type, null to clear it, 'now' (date, datetime) or 'current_user' (user).
   */
  to?: string | number | boolean | null;
  /**
   * Added to a number field (an empty value counts as 0); negative subtracts.
   */
  add?: number;
  /**
   * The person enters the value in the action's form; it is checked like the field in a create body.
   */
  input?: true;
}
/**
 * A row of another entity the action creates, linked to this row, e.g. a bid on an item.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "actionCreate".
 */
export interface ActionCreate {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  entity: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  link?: string;
  /**
   * Its other fields: { field, to } or { field, input: true }; fields left out get their defaults.
   *
   * @maxItems 20
   */
  values?: Assignment[];
}
/**
 * Makes the action one of the whole list, not of a row: the server picks one row at random (POST /api/<path>/<action>), so the client cannot choose the outcome, e.g. a prize wheel. 'when' then says which rows may be picked, and 'set' and 'create' apply to the picked row.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "pick".
 */
export interface Pick {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  weight: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  stock?: string;
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "page".
 */
export interface Page {
  /**
   * board: the entity's rows as cards in one column per option of an enum field, moved between columns by dragging or a 'Move to' control (at /<path>/board); calendar: a month grid of the rows by a date or date-time field (at /<path>/calendar?month=YYYY-MM).
   */
  kind: "dashboard" | "list" | "detail" | "form" | "board" | "calendar";
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  entity?: string;
  /**
   * Text shown to people; any script.
   */
  title: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  group_by?: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  date_field?: string;
  /**
   * List pages only: the order of the rows until a person sorts by a column. Left out: newest first.
   */
  sort?: {
    /**
     * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
     */
    field: string;
    /**
     * derived: asc.
     */
    order?: "asc" | "desc";
  };
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "statistic".
 */
export interface Statistic {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  name: string;
  /**
   * Text shown to people; any script.
   */
  label: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  entity: string;
  /**
   * count: the number of rows; sum and average: of 'field' (rows without a value are left out of an average). derived: count.
   */
  measure: "count" | "sum" | "average";
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  field?: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  group_by?: string;
  /**
   * How a date or datetime group_by is bucketed (weeks start on Monday). derived: month for a date or datetime group_by; absent otherwise.
   */
  period?: "day" | "week" | "month";
  /**
   * How the dashboard shows it. derived: number without group_by, line for a period, bar otherwise. 'number' is only for statistics without group_by.
   */
  chart: "number" | "bar" | "line" | "pie";
  /**
   * all: every row the signed-in user may read; mine: only their own rows of a per-user entity, also for roles that manage everyone's. derived: all.
   */
  scope: "all" | "mine";
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "leaderboard".
 */
export interface Leaderboard {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  name: string;
  /**
   * Text shown to people; any script.
   */
  label: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  entity: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  person: string;
  /**
   * count: rows per person; sum: of 'field' per person. derived: count.
   */
  measure: "count" | "sum";
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  field?: string;
  /**
   * How many places are shown. derived: 10.
   */
  limit: number;
}
/**
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "notification".
 */
export interface Notification {
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  name: string;
  /**
   * Text shown to people; any script.
   */
  label: string;
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  entity: string;
  /**
   * When it is sent: 'created' (a new row), 'updated' (a changed row), or 'action:<name>' (after that action of the entity ran).
   */
  on: string;
  channel: "email" | "sms" | "whatsapp" | "webhook";
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  to_field?: string;
  /**
   * A fixed recipient instead: an e-mail address, a phone number in international form (+441234567890) or an https URL.
   */
  to?: string;
  /**
   * Text shown to people; any script.
   */
  subject?: string;
  /**
   * The text sent; {field} is replaced by the row's value of that field (an option's label, a related row's name).
   */
  message: string;
}
