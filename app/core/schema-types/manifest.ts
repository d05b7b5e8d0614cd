// Generated from schemas/manifest.schema.json by `npm run schemas`. Do not edit.

/**
 * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
 *
 * This interface was referenced by `Manifest`'s JSON-Schema
 * via the `definition` "identifier".
 */
export type Identifier = string;
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
   * What the prompt asks for that this manifest cannot express (notifications, payments, reports…), each in the prompt's own words on one line. Nothing is built for them; the CLI, the progress comment, the pull request and the generated README list them as not built. Left out when everything asked for is planned.
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
   * 'user': each row belongs to the user who created it and only they (and 'manage' roles) see it. 'shared': everyone with read access sees every row. derived: shared.
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
    | "relation";
  /**
   * derived: false.
   */
  required: boolean;
  /**
   * derived: false.
   */
  unique: boolean;
  /**
   * Value used when none is given; must fit the type. For date and datetime the word 'now' means the current date or time.
   */
  default?: string | number | boolean;
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
 * via the `definition` "page".
 */
export interface Page {
  kind: "dashboard" | "list" | "detail" | "form";
  /**
   * snake_case name used in code and SQL. Reserved words (order, user, select, type…) are allowed: stages quote or map them.
   */
  entity?: string;
  /**
   * Text shown to people; any script.
   */
  title: string;
}
