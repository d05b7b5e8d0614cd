// appgen/files.json: which file each stage last wrote, and its git blob SHA. A file whose blob on the branch differs
// from the ledger was changed (or deleted) by a person, so no stage overwrites it. Blob SHAs make the check one
// tree listing on any host, with no per-file history walk.
import { createHash } from "node:crypto";
import { AppgenError } from "../errors.ts";

export const LEDGER_PATH = "appgen/files.json";
export const MANIFEST_PATH = "appgen/manifest.json";

export type StageName = "plan" | "db" | "api" | "ui" | "files" | "fix";

export interface LedgerEntry {
  stage: StageName;
  sha: string;
}

export type Ledger = Map<string, LedgerEntry>;

/** Git's blob id for UTF-8 text: sha1("blob <bytes>\0<content>"), as `git hash-object` prints it. */
export function gitBlobSha(content: string): string {
  const body = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${body.length}\0`).update(body).digest("hex");
}

export function parseLedger(text: string | undefined): Ledger {
  const ledger: Ledger = new Map();
  if (text === undefined) return ledger;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppgenError(
      "INPUT_UNPARSABLE",
      `${LEDGER_PATH} is not valid JSON. Restore it from an earlier commit, or delete it to let appgen treat every existing file as hand-written.`,
    );
  }
  const files = (value as { files?: unknown }).files;
  if (typeof files !== "object" || files === null) return ledger;
  for (const [path, entry] of Object.entries(files as Record<string, unknown>)) {
    const { stage, sha } = (entry ?? {}) as Partial<LedgerEntry>;
    if (typeof stage === "string" && typeof sha === "string" && /^[0-9a-f]{40}$/.test(sha))
      ledger.set(path, { stage: stage as StageName, sha });
  }
  return ledger;
}

export function renderLedger(ledger: Ledger): string {
  const files: Record<string, LedgerEntry> = {};
  for (const path of [...ledger.keys()].sort()) files[path] = ledger.get(path) as LedgerEntry;
  return `${JSON.stringify({ version: 1, note: "Written by appgen: the files each stage generated. Do not edit.", files }, null, 2)}\n`;
}
