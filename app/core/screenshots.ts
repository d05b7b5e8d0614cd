// Screenshots of a generated app in its pull request. After the checks pass, the generated CI (appgen-ci.yml) takes
// pictures of the dashboard and each list page at desktop and phone width (e2e/screenshots.spec.ts) and commits
// them, with an index.json, to the repository's own `appgen-screenshots` branch under <pull request>/<head sha>/.
// GitHub renders images from the repository's own blob URLs (`?raw=true`) for everyone who may read the repository,
// private ones included, so the progress comment can show them without an image host. This module is the pure part:
// where the pictures are, reading their index (untrusted: written by the app's test run) and the comment's section.
import { Ajv2020 } from "ajv/dist/2020.js";
import screenshotsSchema from "../../schemas/screenshots.schema.json" with { type: "json" };
import { htmlText, markdownText } from "./escape.ts";
import type { ScreenshotsIndex } from "./schema-types/screenshots.ts";

export type { ScreenshotsIndex } from "./schema-types/screenshots.ts";

/** The branch the generated CI publishes screenshots to; no workflow runs for it (it holds only pictures). */
export const SCREENSHOTS_BRANCH = "appgen-screenshots";
/** The artifact the check job hands the pictures to the publishing job in. */
export const SCREENSHOTS_ARTIFACT = "appgen-screenshots";
export const SCREENSHOTS_INDEX = "index.json";
/** The two widths the pictures are taken at (CSS pixels, device scale 1). */
export const SCREENSHOT_VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
/** Pages shown in the comment; an app with more has the rest linked (a comment holds at most 65,536 characters). */
export const SHOWN_PAGES = 20;

/** The folder of one pull request's pictures of one commit on the screenshots branch. */
export function screenshotsFolder(pullRequest: number, sha: string): string {
  return `${pullRequest}/${sha}`;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const checkIndex = ajv.compile<ScreenshotsIndex>(screenshotsSchema);

/** index.json checked against schemas/screenshots.schema.json, or what is wrong with it (one line). */
export function parseScreenshotsIndex(
  text: string,
): { ok: true; index: ScreenshotsIndex } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `index.json is not JSON: ${(error as Error).message}` };
  }
  if (checkIndex(value)) return { ok: true, index: value };
  const first = checkIndex.errors?.[0];
  return {
    ok: false,
    problem: `index.json does not match schemas/screenshots.schema.json: ${first?.instancePath || "/"} ${first?.message ?? "is invalid"}`,
  };
}

export interface ScreenshotsSection {
  /** https://github.com/owner/repo (or the GHES equivalent): pictures are served from the repository itself. */
  repositoryUrl: string;
  pullRequest: number;
  sha: string;
  /** The CI run that took them. */
  runUrl: string;
  index: ScreenshotsIndex;
}

/**
 * The progress comment's screenshots: one row per page, the desktop and the phone picture side by side, each linked
 * to its full size. Image URLs are the repository's own blob URLs with `?raw=true`: github.com answers them for a
 * signed-in reader with a redirect to a short-lived raw URL, so they render in private repositories for exactly the
 * people who can read them, and for no one else.
 */
export function renderScreenshotsSection(section: ScreenshotsSection): string {
  const folder = screenshotsFolder(section.pullRequest, section.sha);
  const blob = (file: string) => `${section.repositoryUrl}/blob/${SCREENSHOTS_BRANCH}/${folder}/${file}`;
  // Inside a table row a `|` ends the cell even within HTML, so attributes carry it as an entity too.
  const attribute = (value: string) => htmlText(value).replace(/\|/g, "&#124;");
  const picture = (file: string, alt: string, width: number) =>
    `<a href="${attribute(blob(file))}"><img src="${attribute(`${blob(file)}?raw=true`)}" alt="${attribute(alt)}" width="${width}"></a>`;
  const { desktop, phone } = SCREENSHOT_VIEWPORTS;
  const commit = `[\`${section.sha.slice(0, 7)}\`](${section.repositoryUrl}/commit/${section.sha})`;
  const lines = [
    "#### Screenshots",
    "",
    `The app at ${commit} after its checks passed ([run](${section.runUrl})), ${desktop.width} and ${phone.width} px wide, signed in as the seed's demo user. Select a picture for its full size.`,
    "",
    "| Page | Desktop | Phone |",
    "|---|---|---|",
  ];
  const shown = section.index.pages.slice(0, SHOWN_PAGES);
  for (const page of shown) {
    const title = singleLineText(page.title);
    lines.push(
      `| ${markdownText(title)}<br>${markdownText(page.path)} | ${picture(page.desktop, `${title}, desktop`, 480)} | ${picture(page.phone, `${title}, phone`, 160)} |`,
    );
  }
  const more = section.index.pages.length - shown.length;
  if (more > 0)
    lines.push(
      "",
      `${more} more page${more === 1 ? "" : "s"} in [the screenshots folder](${section.repositoryUrl}/tree/${SCREENSHOTS_BRANCH}/${folder}).`,
    );
  return lines.join("\n");
}

function singleLineText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
