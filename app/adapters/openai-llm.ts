// The Llm port on the official openai SDK, for any OpenAI-compatible endpoint (OpenAI, Nebius, vLLM, Ollama).
// Retries with backoff (429, 5xx, connection errors, timeouts) are the SDK's own; this adapter only maps what is
// left after them to an AppgenError that says what to check, and never echoes the API key.
import OpenAI from "openai";
import { AppgenError } from "../core/errors.ts";
import { DEFAULT_LLM_MODEL } from "../core/limits.ts";
import { redactSecrets } from "../core/redact.ts";
import type { LlmSettings } from "../core/schema-types/settings.ts";
import type { ChatRequest, ChatResponse, Llm } from "../ports.ts";

export { DEFAULT_LLM_MODEL };
export const DEFAULT_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 3;

/** The endpoint, key and model (schemas/settings.schema.json, read from OPENAI_* and APPGEN_LLM_MODEL by app/settings.ts). */
export type OpenAiLlmConfig = LlmSettings;

export function createOpenAiLlm(config: OpenAiLlmConfig): Llm {
  const baseURL = config.baseURL ?? DEFAULT_BASE_URL;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  // baseURL is always passed so the SDK does not read OPENAI_BASE_URL behind the settings' back.
  const client = new OpenAI({ apiKey: config.apiKey, baseURL, timeout: timeoutMs, maxRetries });
  const scrub = (text: string) => redactSecrets(text.split(config.apiKey).join("[REDACTED]"));
  const endpoint = scrub(baseURL);

  return {
    model: config.model,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({
          model: config.model,
          messages: request.messages,
          temperature: request.temperature,
          ...(request.jsonSchema
            ? {
                response_format: {
                  type: "json_schema" as const,
                  json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false },
                },
              }
            : {}),
        });
      } catch (error) {
        throw new AppgenError(
          "LLM_FAILED",
          failureMessage(error, { endpoint, model: config.model, timeoutMs, maxRetries, scrub }),
          [],
          { cause: error },
        );
      }
      const choice = completion.choices[0];
      if (!choice)
        throw new AppgenError(
          "LLM_FAILED",
          `${endpoint} answered without any choice. Check that model '${config.model}' supports chat completions.`,
        );
      const refusal =
        choice.message.refusal ??
        (choice.finish_reason === "content_filter" ? "the provider's content filter stopped the answer" : undefined);
      return {
        content: refusal ? undefined : (choice.message.content ?? undefined),
        refusal: refusal ?? undefined,
        usage: {
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
          totalTokens: completion.usage?.total_tokens ?? 0,
        },
        model: completion.model || config.model,
      };
    },
  };
}

interface FailureContext {
  endpoint: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  scrub: (text: string) => string;
}

function failureMessage(error: unknown, c: FailureContext): string {
  const retries = `${c.maxRetries} ${c.maxRetries === 1 ? "retry" : "retries"}`;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return `no answer from ${c.endpoint} within ${c.timeoutMs} ms (after ${retries}). Check that the server is up and not overloaded, or allow more time (timeoutMs).`;
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${c.scrub(error.cause.message)}` : "";
    return `could not reach ${c.endpoint} (after ${retries})${cause}. Check OPENAI_BASE_URL and the network.`;
  }
  if (error instanceof OpenAI.APIError) {
    const detail = c.scrub(String((error.error as { message?: unknown } | undefined)?.message ?? error.message));
    switch (error.status) {
      case 401:
        return `${c.endpoint} rejected the API key (401: ${detail}). Check OPENAI_API_KEY, and OPENAI_BASE_URL if the key belongs to another provider.`;
      case 403:
        return `${c.endpoint} refused access to model '${c.model}' (403: ${detail}). Check the key's permissions or choose another model with APPGEN_LLM_MODEL.`;
      case 404:
        return `${c.endpoint} does not know model '${c.model}' or the chat completions route (404: ${detail}). Check APPGEN_LLM_MODEL and that OPENAI_BASE_URL ends in /v1.`;
      case 400:
      case 422:
        return `${c.endpoint} rejected the request (${error.status}: ${detail}). Check that model '${c.model}' supports structured outputs (response_format json_schema); otherwise choose another model with APPGEN_LLM_MODEL.`;
      case 429:
        return `${c.endpoint} is rate-limiting requests (429 after ${retries}: ${detail}). Wait a minute and try again, or raise the account's quota.`;
      default:
        return `${c.endpoint} failed with status ${error.status ?? "unknown"} (after ${retries}: ${detail}). Try again later; if it persists, check the provider's status page.`;
    }
  }
  const reason = error instanceof Error ? c.scrub(error.message) : "unknown error";
  return `calling ${c.endpoint} failed: ${reason}. Check OPENAI_API_KEY, OPENAI_BASE_URL and APPGEN_LLM_MODEL.`;
}
