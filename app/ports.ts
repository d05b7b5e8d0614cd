// Interfaces through which the pure core reaches the outside world. Adapters in app/adapters implement them.
import type { TokenUsage } from "./core/planners/types.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature: number;
  /** When set, the model is asked for JSON matching this schema (OpenAI structured outputs). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ChatResponse {
  /** The model's text, or undefined when it refused. */
  content: string | undefined;
  refusal: string | undefined;
  usage: TokenUsage;
  model: string;
}

/** An OpenAI-compatible chat model. Implementations retry 429/5xx/timeouts themselves. */
export interface Llm {
  readonly model: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
}
