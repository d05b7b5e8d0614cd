// Prompt -> manifest through a chat model. The model's answer is untrusted: it is parsed, completed and validated
// exactly like a hand-written manifest, and its problems are sent back for a bounded number of repair rounds.
import { isDeepStrictEqual } from "node:util";
import { AppgenError, type Problem } from "../errors.ts";
import { MAX_INPUT_BYTES, validateManifest } from "../manifest/index.ts";
import { carryRenames } from "../manifest/renames.ts";
import type { Entity, Manifest } from "../schema-types/manifest.ts";
import type { ChatMessage, ChatResponse, Llm } from "../ports.ts";
import { redactSecrets } from "../redact.ts";
import { MAX_MANIFEST_PROMPT_CHARS } from "./explicit-planner.ts";
import { normaliseModelManifest } from "./normalise.ts";
import {
  LLM_MANIFEST_SCHEMA,
  LLM_SCHEMA_NAME,
  SYSTEM_PROMPT,
  notJsonMessage,
  planMessage,
  repairMessage,
  replanMessage,
} from "./llm-prompts.ts";
import type { PlanRequest, PlanResult, Planner, TokenUsage } from "./types.ts";

export const DEFAULT_MAX_REPAIR_ROUNDS = 2;

export interface LlmPlannerOptions {
  /** Extra rounds in which the model sees its problems and answers again. */
  maxRepairRounds?: number;
}

/** Always answers: once a model is configured, a request either gets a plan or a clear error. */
export interface LlmPlanner extends Planner {
  plan(request: PlanRequest): Promise<PlanResult>;
}

type Json = Record<string, unknown>;
type Interpretation =
  { ok: true; manifest: Manifest; raw: Json; fixed: string[] } | { ok: false; problems: Problem[]; repair: string };

/** At most this many fixes are named in the one-line note; the rest are counted. */
export const MAX_FIXES_IN_NOTE = 8;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function createLlmPlanner(llm: Llm, options: LlmPlannerOptions = {}): LlmPlanner {
  const maxRepairRounds = options.maxRepairRounds ?? DEFAULT_MAX_REPAIR_ROUNDS;
  return {
    name: "llm",
    async plan(request: PlanRequest): Promise<PlanResult> {
      const description = redactSecrets(request.prompt);
      const instructions = request.instructions?.trim() ? redactSecrets(request.instructions) : undefined;
      // Without instructions there is nothing to change, so a previous manifest only matters with them; the caller
      // that wants a fresh plan from an edited issue simply gets one.
      const previous = instructions ? request.previous : undefined;
      const manifestPrompt = previous ? previous.prompt : description.slice(0, MAX_MANIFEST_PROMPT_CHARS);
      const messages: ChatMessage[] = [
        { role: "system", content: SYSTEM_PROMPT },
        {
          role: "user",
          content:
            previous && instructions ? replanMessage(previous, description, instructions) : planMessage(description),
        },
      ];
      const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

      for (let round = 0; ; round++) {
        const response: ChatResponse = await llm.chat({
          messages,
          temperature: 0,
          jsonSchema: { name: LLM_SCHEMA_NAME, schema: LLM_MANIFEST_SCHEMA },
        });
        usage.promptTokens += response.usage.promptTokens;
        usage.completionTokens += response.usage.completionTokens;
        usage.totalTokens += response.usage.totalTokens;
        if (response.refusal !== undefined) {
          throw new AppgenError(
            "LLM_REFUSED",
            `the model (${response.model}) refused to plan this app: "${response.refusal}". Rephrase the description, or write the manifest yourself in a \`\`\`yaml appgen block.`,
          );
        }

        const outcome = interpret(response.content, manifestPrompt, previous);
        if (outcome.ok) {
          const notes = [`planned by ${response.model} with ${roundsText(round)}`];
          if (outcome.fixed.length) notes.push(fixesNote(outcome.fixed));
          let manifest = outcome.manifest;
          if (previous) {
            const merged = keepUnchanged(previous, outcome.manifest, outcome.raw);
            if (merged) manifest = merged;
            else
              notes.push(
                "could not keep the untouched parts of the previous manifest byte-identical; review the whole diff",
              );
            // A pending rename the model did not restate stays recorded; without it the migration would drop data.
            const carried = validateManifest(carryRenames(previous, manifest));
            if (carried.ok) manifest = carried.manifest;
          }
          return { manifest, planner: "llm", usage, notes };
        }
        if (round >= maxRepairRounds) {
          throw new AppgenError(
            "LLM_INVALID_OUTPUT",
            `the model (${response.model}) did not produce a valid manifest after ${roundsText(round)}. Try a more capable model (APPGEN_LLM_MODEL), describe the app more simply, or write the manifest yourself in a \`\`\`yaml appgen block.`,
            outcome.problems,
          );
        }
        messages.push(
          { role: "assistant", content: response.content ?? "" },
          { role: "user", content: outcome.repair },
        );
      }
    },
  };
}

function roundsText(rounds: number): string {
  return rounds === 0 ? "no repair round" : `${rounds} repair round${rounds === 1 ? "" : "s"}`;
}

/** Some servers wrap JSON in a Markdown fence even when asked for a schema; the fence is harmless to drop. */
function unfence(text: string): string {
  const fenced = /^\s*```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/.exec(text);
  return (fenced?.[1] ?? text).trim();
}

/** One line naming what was normalised in the model's answer, so a person can see what was fixed. */
export function fixesNote(fixed: string[]): string {
  const shown = fixed.slice(0, MAX_FIXES_IN_NOTE).join("; ");
  const more = fixed.length > MAX_FIXES_IN_NOTE ? ` and ${fixed.length - MAX_FIXES_IN_NOTE} more` : "";
  return `normalised the model's answer: ${shown}${more}`;
}

function interpret(
  content: string | undefined,
  manifestPrompt: string,
  previous: Manifest | undefined,
): Interpretation {
  const notJson = (reason: string): Interpretation => ({
    ok: false,
    problems: [{ path: "/", message: `the answer is not valid JSON: ${reason}`, fix: "answer with one JSON object" }],
    repair: notJsonMessage(reason),
  });
  const text = unfence(content ?? "");
  if (!text) return notJson("it was empty");
  if (Buffer.byteLength(text, "utf8") > MAX_INPUT_BYTES) return notJson(`it is longer than ${MAX_INPUT_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return notJson(error instanceof Error ? error.message : String(error));
  }
  if (!isRecord(value)) return notJson("it is not a JSON object");
  // What has one obvious meaning (Task → task, type string → text, projectId → project) is fixed without a round trip.
  const normalised = normaliseModelManifest(value, { previous });
  const raw: Json = { ...(isRecord(normalised.value) ? normalised.value : value), prompt: manifestPrompt };
  const result = validateManifest(raw);
  return result.ok
    ? { ok: true, manifest: result.manifest, raw, fixed: normalised.notes }
    : { ok: false, problems: result.problems, repair: repairMessage(result.problems) };
}

/**
 * Whether the model left a part as it was. It counts as unchanged when every value the model stated equals the
 * previous value (after completion), ignoring values it left out: models often drop derived properties such as
 * labels or list_fields when restating a manifest, and appgen would re-derive them, possibly differently from a
 * customised previous value. So: omitted means "keep", stated means "this is the value".
 */
export function unchangedInSubstance(next: unknown, previous: unknown, stated: unknown): boolean {
  if (stated === undefined) return true;
  if (isDeepStrictEqual(next, previous)) return true;
  if (Array.isArray(next) && Array.isArray(previous) && Array.isArray(stated)) {
    return (
      next.length === previous.length &&
      next.length === stated.length &&
      next.every((value, i) => unchangedInSubstance(value, previous[i], stated[i]))
    );
  }
  if (isRecord(next) && isRecord(previous) && isRecord(stated)) {
    return [...new Set([...Object.keys(next), ...Object.keys(previous)])].every((key) =>
      unchangedInSubstance(next[key], previous[key], stated[key]),
    );
  }
  return false;
}

function byName<T>(items: unknown, name: string): T | undefined {
  return Array.isArray(items)
    ? (items.find((item) => isRecord(item) && item.name === name) as T | undefined)
    : undefined;
}

/**
 * After a re-plan, puts back the previous object for every part the model did not change (top-level properties,
 * whole entities, single fields of a changed entity), so untouched parts stay byte-identical in the canonical
 * JSON and the commit diff shows only what the instructions asked for. Undefined if the result does not validate.
 */
export function keepUnchanged(previous: Manifest, next: Manifest, stated: Json): Manifest | undefined {
  const merged: Json = { ...next, prompt: previous.prompt };
  for (const key of Object.keys(next) as (keyof Manifest)[]) {
    if (key === "entities" || key === "pages" || key === "prompt") continue;
    if (unchangedInSubstance(next[key], previous[key], stated[key])) merged[key] = previous[key];
  }

  merged.entities = next.entities.map((entity): Entity => {
    const before = previous.entities.find((e) => e.name === entity.name);
    const statedEntity = byName<Json>(stated.entities, entity.name);
    if (!before || !statedEntity) return entity;
    if (unchangedInSubstance(entity, before, statedEntity)) return before;
    return {
      ...entity,
      fields: entity.fields.map((field) => {
        const beforeField = before.fields.find((f) => f.name === field.name);
        const statedField = byName<Json>(statedEntity.fields, field.name);
        return beforeField && statedField && unchangedInSubstance(field, beforeField, statedField)
          ? beforeField
          : field;
      }),
    };
  });

  if (Array.isArray(stated.pages)) {
    // A page the model restated as it was keeps its previous object; any other goes in as stated, so that titles
    // it left out are derived from the merged entities' labels rather than from labels the model dropped.
    merged.pages = stated.pages.map((page, i) => {
      const nextPage = next.pages[i];
      const before = nextPage && previous.pages.find((p) => p.kind === nextPage.kind && p.entity === nextPage.entity);
      return before && unchangedInSubstance(nextPage, before, page) ? before : page;
    });
  } else {
    // Pages were derived: keep the previous ones for entities that still exist, add derived ones for new entities.
    const names = new Set(next.entities.map((e) => e.name));
    const known = new Set(previous.entities.map((e) => e.name));
    merged.pages = [
      ...previous.pages.filter((p) => p.entity === undefined || names.has(p.entity)),
      ...next.pages.filter((p) => p.entity !== undefined && !known.has(p.entity)),
    ];
  }

  const result = validateManifest(merged);
  return result.ok ? result.manifest : undefined;
}
