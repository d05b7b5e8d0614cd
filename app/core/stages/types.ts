/** A file a stage produces, relative to the generated app's root. Content is UTF-8 text. */
export interface GeneratedFile {
  path: string;
  content: string;
}
