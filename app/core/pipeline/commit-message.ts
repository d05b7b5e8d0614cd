// Commit messages carry machine-readable trailers (git interpret-trailers format) so any appgen instance can read
// a branch's history: which stage made a commit and from which manifest.
import type { Manifest } from "../manifest/index.ts";
import type { StageName } from "./ledger.ts";

const SUBJECTS: Record<StageName, (m: Manifest) => string> = {
  plan: (m) => `plan ${m.name}: ${m.entities.length} entities, ${m.pages.length} pages`,
  db: (m) => `database schema, row-level security and seed for ${m.entities.length} tables`,
  api: () => "OpenAPI 3.1 description of the REST API",
  ui: () => "UI specification: routes, navigation and components",
  files: (m) => `Next.js project for ${m.name}`,
  fix: () => "fix failing checks",
};

const MAX_LISTED = 25;

/** The one definition of appgen's trailer names; every commit appgen makes carries STAGE and MANIFEST_SHA. */
export const TRAILERS = {
  stage: "Appgen-Stage",
  manifestSha: "Appgen-Manifest-Sha",
  autofix: "Appgen-Autofix",
  fixer: "Appgen-Fixer",
} as const;

/** The Appgen-Stage of a card commit (appgen/card.svg written after a generation's stages, or on the base branch after a deploy). */
export const CARD_STAGE = "card";

function trailerBlock(stage: string, manifestSha: string, extra: Record<string, string>): string {
  const trailers = { [TRAILERS.stage]: stage, [TRAILERS.manifestSha]: manifestSha, ...extra };
  return Object.entries(trailers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

export function commitMessage(
  stage: StageName,
  manifest: Manifest,
  manifestSha: string,
  paths: string[],
  extraTrailers: Record<string, string> = {},
): string {
  const listed = paths.slice(0, MAX_LISTED).map((p) => `- ${p}`);
  if (paths.length > MAX_LISTED) listed.push(`- … and ${paths.length - MAX_LISTED} more`);
  return [
    `appgen(${stage}): ${SUBJECTS[stage](manifest)}`,
    "",
    listed.join("\n"),
    "",
    trailerBlock(stage, manifestSha, extraTrailers),
    "",
  ].join("\n");
}

/**
 * The message of a card commit: `reason` says what the card shows (e.g. "generated, checks pending"); `skipCi` keeps
 * a card on the base branch from deploying again. It names the manifest the card describes, like every appgen commit.
 */
export function cardCommitMessage(reason: string, manifestSha: string, skipCi = false): string {
  return `appgen(${CARD_STAGE}): app card — ${reason}${skipCi ? " [skip ci]" : ""}\n\n${trailerBlock(CARD_STAGE, manifestSha, {})}\n`;
}

/** Reads the Appgen-* trailers from the last paragraph of a commit message. */
export function parseTrailers(message: string): Record<string, string> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const last = paragraphs.at(-1) ?? "";
  const trailers: Record<string, string> = {};
  for (const line of last.split("\n")) {
    const match = /^(Appgen-[A-Za-z-]+):\s*(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) trailers[match[1]] = match[2];
  }
  return trailers;
}

/** The Appgen-Stage trailer of a commit message, or undefined (a person's commit). */
export function stageOf(message: string): string | undefined {
  return parseTrailers(message)[TRAILERS.stage];
}
