// Generated from schemas/screenshots.schema.json by `npm run schemas`. Do not edit.

/**
 * This interface was referenced by `ScreenshotsIndex`'s JSON-Schema
 * via the `definition` "picture".
 */
export type Picture = string;

/**
 * index.json of one CI run's screenshots, written by the generated app's e2e/screenshots.spec.ts and published by appgen-ci.yml on the appgen-screenshots branch under <pull request>/<head sha>/, next to the pictures it names. appgen reads it to show the pictures in the progress comment; it comes from the app's own test run, so it is untrusted: file names are plain, titles are escaped when shown.
 */
export interface ScreenshotsIndex {
  version: 1;
  /**
   * @minItems 1
   * @maxItems 60
   */
  pages: {
    /**
     * e.g. dashboard, list-deals
     */
    name: string;
    /**
     * What the page is, e.g. Deals.
     */
    title: string;
    /**
     * The page's URL path in the app.
     */
    path: string;
    /**
     * The picture at 1280 px wide.
     */
    desktop: string;
    /**
     * The picture at 390 px wide.
     */
    phone: string;
  }[];
}
