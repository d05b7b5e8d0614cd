import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAiLlm, DEFAULT_LLM_MODEL } from "../../app/adapters/openai-llm.ts";
import { readLlmSettings } from "../../app/settings.ts";
import { AppgenError } from "../../app/core/errors.ts";
import type { ChatRequest } from "../../app/ports.ts";
import {
  apiError,
  completion,
  refusal,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from "../helpers/fake-openai-server.ts";

const apiKey = `sk-test-${"k".repeat(32)}`;
const request: ChatRequest = {
  messages: [
    { role: "system", content: "You plan apps." },
    { role: "user", content: "A to-do list." },
  ],
  temperature: 0,
  jsonSchema: { name: "appgen_manifest", schema: { type: "object" } },
};

async function failure(promise: Promise<unknown>): Promise<AppgenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppgenError)) throw new Error(`expected an AppgenError, got ${String(error)}`);
  return error;
}

describe("readLlmSettings", () => {
  it.each([
    ["no key", {}, undefined],
    ["a blank key", { OPENAI_API_KEY: "  " }, undefined],
    ["a key only", { OPENAI_API_KEY: "k" }, { apiKey: "k", model: DEFAULT_LLM_MODEL }],
    [
      "a model",
      { OPENAI_API_KEY: "k", APPGEN_LLM_MODEL: "meta-llama/Llama-3.3-70B-Instruct" },
      { apiKey: "k", model: "meta-llama/Llama-3.3-70B-Instruct" },
    ],
    [
      "a base URL",
      { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" },
      { apiKey: "k", model: DEFAULT_LLM_MODEL, baseURL: "http://127.0.0.1:11434/v1" },
    ],
  ])("with %s", (_name, env, expected) => {
    expect(readLlmSettings(env)).toEqual(expected);
  });

  it.each(["not a url", "ftp://example.com/v1", "127.0.0.1:8000/v1"])(
    "rejects OPENAI_BASE_URL=%j with a clear error",
    (baseURL) => {
      expect(() => readLlmSettings({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: baseURL })).toThrowError(
        /OPENAI_BASE_URL .* is not an http\(s\) URL/,
      );
    },
  );
});

describe("createOpenAiLlm against an OpenAI-compatible server", () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const llm = (overrides: { timeoutMs?: number; maxRetries?: number } = {}) =>
    createOpenAiLlm({ apiKey, baseURL: server.baseURL, model: "test-model", maxRetries: 2, ...overrides });

  it("sends the model, temperature, messages, structured-output schema and bearer key", async () => {
    server.enqueue(completion({ ok: true }, { prompt_tokens: 12, completion_tokens: 3 }, "test-model-2025"));
    const response = await llm().chat(request);

    expect(response).toEqual({
      content: '{"ok":true}',
      refusal: undefined,
      usage: { promptTokens: 12, completionTokens: 3, totalTokens: 15 },
      model: "test-model-2025",
    });
    const [sent] = server.requests;
    expect(sent?.url).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent?.body).toMatchObject({
      model: "test-model",
      temperature: 0,
      messages: request.messages,
      response_format: {
        type: "json_schema",
        json_schema: { name: "appgen_manifest", schema: { type: "object" }, strict: false },
      },
    });
  });

  it("omits response_format when no schema is asked for", async () => {
    server.enqueue(completion("hello"));
    await llm().chat({ messages: request.messages, temperature: 0.2 });
    expect(server.requests[0]?.body.response_format).toBeUndefined();
    expect(server.requests[0]?.body.temperature).toBe(0.2);
  });

  it("returns a refusal instead of content", async () => {
    server.enqueue(refusal("I can't help with that."));
    const response = await llm().chat(request);
    expect(response.content).toBeUndefined();
    expect(response.refusal).toBe("I can't help with that.");
  });

  it("treats a content-filter stop as a refusal", async () => {
    const filtered = completion("");
    const body = filtered.body as { choices: { finish_reason: string }[] };
    body.choices[0]!.finish_reason = "content_filter";
    server.enqueue(filtered);
    const response = await llm().chat(request);
    expect(response).toMatchObject({ content: undefined, refusal: "the provider's content filter stopped the answer" });
  });

  it("retries a 429 and a 500 itself", async () => {
    server.enqueue(apiError(429, "slow down"), apiError(500, "boom"), completion({ ok: 1 }));
    const response = await llm().chat(request);
    expect(response.content).toBe('{"ok":1}');
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxRetries with a message saying what to do", async () => {
    server.enqueue(apiError(503, "overloaded"), apiError(503, "overloaded"), apiError(503, "overloaded"));
    const error = await failure(llm().chat(request));
    expect(error.code).toBe("LLM_FAILED");
    expect(error.message).toMatch(/status 503 \(after 2 retries: overloaded\)\. Try again later/);
    expect(server.requests).toHaveLength(3);
  });

  it("maps a rejected key to LLM_FAILED without leaking the key, even when the server echoes it", async () => {
    server.enqueue(apiError(401, `Incorrect API key provided: ${apiKey}.`));
    const error = await failure(llm().chat(request));
    expect(error.code).toBe("LLM_FAILED");
    expect(error.message).toContain("Check OPENAI_API_KEY");
    expect(error.message).not.toContain(apiKey);
    expect(server.requests).toHaveLength(1);
  });

  it("maps an unknown model to a hint about APPGEN_LLM_MODEL", async () => {
    server.enqueue(apiError(404, "The model `test-model` does not exist"));
    const error = await failure(llm().chat(request));
    expect(error.message).toContain("APPGEN_LLM_MODEL");
  });

  it("times out a server that does not answer", async () => {
    server.enqueue({ ...completion({}), delayMs: 2_000 });
    const error = await failure(llm({ timeoutMs: 150, maxRetries: 0 }).chat(request));
    expect(error.code).toBe("LLM_FAILED");
    expect(error.message).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+\/v1 within 150 ms/);
  });

  it("reports an unreachable endpoint with the base URL to check", async () => {
    const closed = await startFakeOpenAiServer();
    await closed.close();
    const error = await failure(
      createOpenAiLlm({ apiKey, baseURL: closed.baseURL, model: "m", maxRetries: 0 }).chat(request),
    );
    expect(error.code).toBe("LLM_FAILED");
    expect(error.message).toContain(`could not reach ${closed.baseURL}`);
    expect(error.message).toContain("OPENAI_BASE_URL");
  });
});
