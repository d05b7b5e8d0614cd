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

export function commitMessage(stage: StageName, manifest: Manifest, manifestSha: string, paths: string[], extraTrailers: Record<string, string> = {}): string {
  const listed = paths.slice(0, MAX_LISTED).map((p) => `- ${p}`);
  if (paths.length > MAX_LISTED) listed.push(`- … and ${paths.length - MAX_LISTED} more`);
  const trailers = { "Appgen-Stage": stage, "Appgen-Manifest-Sha": manifestSha, ...extraTrailers };
  return [
    `appgen(${stage}): ${SUBJECTS[stage](manifest)}`,
    "",
    listed.join("\n"),
    "",
    Object.entries(trailers).map(([k, v]) => `${k}: ${v}`).join("\n"),
    "",
  ].join("\n");
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
