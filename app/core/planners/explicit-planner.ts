// A person who writes the manifest themselves (```yaml appgen … ``` in the issue) gets exactly that manifest:
// no model is asked, nothing is guessed. The block is untrusted input like any other.
import { AppgenError } from "../errors.ts";
import { assertManifest, parseDocument } from "../manifest/index.ts";
import type { Manifest } from "../schema-types/manifest.ts";
import { redactSecrets } from "../redact.ts";
import { NO_USAGE, type PlanRequest, type PlanResult, type Planner } from "./types.ts";

/** The manifest schema's limit on `prompt`. */
export const MAX_MANIFEST_PROMPT_CHARS = 20_000;

const BLOCK_LANGUAGES = new Set(["yaml", "yml", "json"]);

export interface FencedBlock {
  /** The info string, trimmed, e.g. "yaml appgen". */
  info: string;
  body: string;
  /** 1-based line of the opening fence, for error messages. */
  line: number;
  /** Character range of the whole block, fences included. */
  start: number;
  end: number;
}

/** Fenced code blocks the way CommonMark reads them: a fence inside another block is content, an unclosed block runs to the end. */
export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = text.split("\n");
  let offset = 0;
  let open: { fence: string; info: string; line: number; start: number; bodyStart: number } | undefined;
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, "");
    const lineEnd = offset + rawLine.length;
    if (!open) {
      const opening = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      const fence = opening?.[1];
      const info = opening?.[2]?.trim() ?? "";
      if (fence && !(fence.startsWith("`") && info.includes("`"))) {
        open = { fence, info, line: index + 1, start: offset, bodyStart: Math.min(lineEnd + 1, text.length) };
      }
    } else {
      const closing = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1];
      if (closing && closing[0] === open.fence[0] && closing.length >= open.fence.length) {
        blocks.push({
          info: open.info,
          body: text.slice(open.bodyStart, offset),
          line: open.line,
          start: open.start,
          end: Math.min(lineEnd + 1, text.length),
        });
        open = undefined;
      }
    }
    offset = lineEnd + 1;
  });
  if (open)
    blocks.push({
      info: open.info,
      body: text.slice(open.bodyStart),
      line: open.line,
      start: open.start,
      end: text.length,
    });
  return blocks;
}

/** `yaml appgen`, `yml appgen`, `json appgen`, or plain `appgen` (read as YAML, which also accepts JSON). */
export function isAppgenInfo(info: string): boolean {
  const words = info.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 1) return words[0] === "appgen";
  return words.length === 2 && words[1] === "appgen" && BLOCK_LANGUAGES.has(words[0] ?? "");
}

/** The single appgen block in the text, or undefined; more than one is an error because we cannot tell which is meant. */
export function findAppgenBlock(text: string): FencedBlock | undefined {
  const found = fencedBlocks(text).filter((b) => isAppgenInfo(b.info));
  if (found.length > 1) {
    throw new AppgenError(
      "INPUT_UNPARSABLE",
      `found ${found.length} appgen blocks (at lines ${found.map((b) => b.line).join(", ")}); keep exactly one \`\`\`yaml appgen block with the whole manifest.`,
    );
  }
  return found[0];
}

function textOutside(text: string, block: FencedBlock): string {
  return `${text.slice(0, block.start)}\n${text.slice(block.end)}`
    .replace(/\r\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function createExplicitPlanner(): Planner {
  return {
    name: "explicit",
    async plan(request: PlanRequest): Promise<PlanResult | undefined> {
      // On re-planning only the instructions can carry a replacement manifest; the original block was
      // already planned, and following a /regenerate instruction is another planner's job.
      const replanning = request.previous !== undefined && Boolean(request.instructions?.trim());
      const text = replanning ? (request.instructions ?? "") : request.prompt;
      const block = findAppgenBlock(text);
      if (!block) return undefined;

      const source = `the \`\`\`${block.info} block (line ${block.line})`;
      const parsed = parseDocument(block.body, { source });
      if (isRecord(parsed)) {
        const own = parsed.prompt;
        parsed.prompt =
          typeof own === "string" && own.trim()
            ? redactSecrets(own)
            : replanning && request.previous
              ? request.previous.prompt
              : redactSecrets(textOutside(text, block)).slice(0, MAX_MANIFEST_PROMPT_CHARS);
      }
      const manifest: Manifest = assertManifest(parsed, source);
      return {
        manifest,
        planner: "explicit",
        usage: { ...NO_USAGE },
        notes: [`used the manifest from ${source}; no model was asked`],
      };
    },
  };
}
