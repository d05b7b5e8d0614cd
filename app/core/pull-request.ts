// Title and body of appgen's pull request, from the manifest alone, so any run (or a second instance) writes the same
// text. The body closes the issue and summarises what will be built; reviewers read the commits for the details.
import { renderCardSection, type AppCard } from "./card.ts";
import { markdownText, singleLine } from "./escape.ts";
import type { MigrationReport } from "./pipeline/pipeline.ts";
import { renderMigrationReport, renderNotPlanned, sectionBlock } from "./progress.ts";
import type { Manifest } from "./manifest/index.ts";
import type { PlannerName } from "./planners/types.ts";

export const PULL_REQUEST_MARKER = "<!-- appgen:pull-request -->";

export interface PullRequestText {
  title: string;
  body: string;
}

export interface PullRequestInput {
  manifest: Manifest;
  issueNumber: number;
  manifestSha: string;
  /** The comment command that changes the app, e.g. /regenerate. */
  command: string;
  planner?: PlannerName;
  /** Folder of the app in the repository; "" for the root. */
  path?: string;
  /** The app card of the run, shown above the details. */
  card?: AppCard;
  /** The database migration this pull request adds to a deployed app, with its warnings. */
  migration?: MigrationReport;
}

const MAX_TITLE = 120;
const MAX_LISTED_FIELDS = 8;

export function branchForIssue(issueNumber: number): string {
  return `appgen/issue-${issueNumber}`;
}

/** The issue number in an appgen branch name (appgen/issue-12 -> 12); undefined for any other branch. */
export function issueForBranch(branch: string): number | undefined {
  const match = /^appgen\/issue-([1-9][0-9]{0,9})$/.exec(branch);
  return match?.[1] ? Number(match[1]) : undefined;
}

export function pullRequestText(input: PullRequestInput): PullRequestText {
  const { manifest } = input;
  const title = truncate(`appgen: ${singleLine(manifest.name)}`, MAX_TITLE);
  const lines: string[] = [PULL_REQUEST_MARKER, `Closes #${input.issueNumber}`, ""];
  if (manifest.description) lines.push(`> ${markdownText(manifest.description)}`, "");
  lines.push(
    `appgen planned **${markdownText(manifest.name)}** from the issue${input.path ? ` into \`${input.path}/\`` : ""}: ` +
      `${count(manifest.entities.length, "entity", "entities")}, ${count(manifest.pages.length, "page", "pages")}, ${count(manifest.roles.length, "role", "roles")}. ` +
      "Each pipeline stage is its own commit, so the changes can be reviewed one stage at a time.",
    "",
  );

  // Between markers: checks, fix attempts and deploys rewrite this section in place (never a commit on the branch).
  if (input.card) lines.push(sectionBlock("card", renderCardSection(input.card)), "");

  lines.push("#### Entities", "", "| Entity | Table | Fields | Rows belong to |", "|---|---|---|---|");
  for (const entity of manifest.entities) {
    const names = entity.fields.map((f) => f.name);
    const fields =
      names
        .slice(0, MAX_LISTED_FIELDS)
        .map((n) => `\`${n}\``)
        .join(", ") + (names.length > MAX_LISTED_FIELDS ? `, … (${names.length})` : "");
    lines.push(
      `| ${markdownText(entity.label)} | \`${entity.table}\` | ${fields} | ${entity.ownership === "user" ? "the user who created them" : "everyone who may read them"} |`,
    );
  }
  lines.push("");

  if (input.migration) lines.push(...renderMigrationReport(input.migration), "");
  if (manifest.not_planned?.length) lines.push(...renderNotPlanned(manifest.not_planned), "");

  lines.push("#### Pages", "");
  for (const page of manifest.pages)
    lines.push(`- ${markdownText(page.title)} (${page.kind}${page.entity ? `, ${page.entity}` : ""})`);
  lines.push("");

  lines.push("#### Roles", "");
  for (const role of manifest.roles) {
    const isDefault = role.name === manifest.auth.default_role ? " — given to new users" : "";
    lines.push(
      `- **${markdownText(role.label)}** (\`${role.name}\`)${role.description ? `: ${markdownText(role.description)}` : ""}${isDefault}`,
    );
  }
  lines.push("");

  lines.push(
    "---",
    `Change the app: edit \`appgen/manifest.json\`, or comment \`${input.command} <what to change>\` on this pull request. ` +
      "Files you edit on this branch are kept; appgen never overwrites them.",
    "",
    `<sub>Manifest SHA-256 \`${input.manifestSha.slice(0, 12)}\`${input.planner ? ` · planned by the ${input.planner} planner` : ""}</sub>`,
  );
  return { title, body: `${lines.join("\n")}\n` };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
