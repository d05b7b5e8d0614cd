// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: it answers POST /v1/chat/completions from a scripted
// queue and records every request, so tests exercise the real SDK (retries, timeouts, headers) end to end.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedResponse {
  status?: number;
  /** JSON-serialised unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to trigger client timeouts). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body, for "no secret anywhere in the request" assertions. */
  raw: string;
  body: ChatCompletionRequestBody;
}

export interface ChatCompletionRequestBody {
  model: string;
  temperature?: number;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean } };
  [key: string]: unknown;
}

export interface FakeOpenAiServer {
  /** Base URL to give the SDK, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  enqueue(...responses: ScriptedResponse[]): void;
  /** Responses not yet served; a test that scripts more than it uses is usually wrong. */
  pending(): number;
  close(): Promise<void>;
}

let completionCounter = 0;

/** A successful chat completion whose message content is `content` (objects are JSON-encoded). */
export function completion(
  content: unknown,
  usage = { prompt_tokens: 100, completion_tokens: 50 },
  model = "fake-model",
): ScriptedResponse {
  return {
    body: {
      id: `chatcmpl-${++completionCounter}`,
      object: "chat.completion",
      created: 1_700_000_000,
      model,
      choices: [
        {
          index: 0,
          finish_reason: "stop",
          logprobs: null,
          message: {
            role: "assistant",
            content: typeof content === "string" ? content : JSON.stringify(content),
            refusal: null,
          },
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** A structured-outputs refusal: no content, the reason in `message.refusal`. */
export function refusal(reason: string): ScriptedResponse {
  return {
    body: {
      id: `chatcmpl-${++completionCounter}`,
      object: "chat.completion",
      created: 1_700_000_000,
      model: "fake-model",
      choices: [
        {
          index: 0,
          finish_reason: "stop",
          logprobs: null,
          message: { role: "assistant", content: null, refusal: reason },
        },
      ],
      usage: { prompt_tokens: 80, completion_tokens: 10, total_tokens: 90 },
    },
  };
}

/** An OpenAI-style error body; `retry-after-ms` keeps the SDK's retry backoff short in tests. */
export function apiError(
  status: number,
  message: string,
  headers: Record<string, string> = { "retry-after-ms": "10" },
): ScriptedResponse {
  return {
    status,
    headers,
    body: {
      error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", code: null, param: null },
    },
  };
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: ChatCompletionRequestBody;
      try {
        body = JSON.parse(raw) as ChatCompletionRequestBody;
      } catch {
        body = { model: "", messages: [] };
      }
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, raw, body });

      const scripted: ScriptedResponse =
        req.method === "POST" && req.url === "/v1/chat/completions"
          ? (queue.shift() ?? {
              status: 500,
              headers: { "x-should-retry": "false" },
              body: { error: { message: "fake server: no scripted response left" } },
            })
          : {
              status: 404,
              headers: { "x-should-retry": "false" },
              body: { error: { message: `fake server: no route ${req.method} ${req.url}` } },
            };

      const send = () => {
        timers.delete(timer);
        if (res.destroyed) return;
        const payload = typeof scripted.body === "string" ? scripted.body : JSON.stringify(scripted.body ?? {});
        res.writeHead(scripted.status ?? 200, { "content-type": "application/json", ...scripted.headers });
        res.end(payload);
      };
      const timer = setTimeout(send, scripted.delayMs ?? 0);
      timers.add(timer);
      // A client that timed out closes the socket; drop the pending answer so nothing outlives the test.
      res.on("close", () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...responses) => void queue.push(...responses),
    pending: () => queue.length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
