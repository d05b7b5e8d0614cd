// The LLM planner end to end: real openai SDK (through the adapter) against a scripted OpenAI-compatible server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiLlm } from "../../../app/adapters/openai-llm.ts";
import { AppgenError } from "../../../app/core/errors.ts";
import { assertManifest, canonicalJson } from "../../../app/core/manifest/index.ts";
import { planApp, standardPlanners } from "../../../app/core/planners/chain.ts";
import { createLlmPlanner, fixesNote, MAX_FIXES_IN_NOTE } from "../../../app/core/planners/llm-planner.ts";
import type { Planner } from "../../../app/core/planners/types.ts";
import { LLM_MANIFEST_SCHEMA, REPLAN_RULE, SYSTEM_PROMPT } from "../../../app/core/planners/llm-prompts.ts";
import type { PlanRequest } from "../../../app/core/planners/types.ts";
import {
  apiError,
  completion,
  refusal,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from "../../helpers/fake-openai-server.ts";
import { NORMALISED_TASK_FIELDS, WEAK_MODEL_ANSWER } from "../../helpers/weak-model.ts";

const apiKey = `sk-test-${"a".repeat(32)}`;
const secret = `ghp_${"Z9".repeat(18)}`;
const prompt = `A to-do app with tasks and a status. Deploy token: ${secret}`;

const tasks = {
  name: "Tasks",
  entities: [
    {
      name: "task",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "status", type: "enum", options: ["open", "done"] },
      ],
    },
  ],
};
const wrongType = { name: "Tasks", entities: [{ name: "task", fields: [{ name: "title", type: "blob" }] }] };
const badRelation = {
  name: "Tasks",
  entities: [
    {
      name: "task",
      fields: [{ name: "owner", type: "relation", relation: { target: "person", cardinality: "many_to_one" } }],
    },
  ],
};

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.pending(), "every scripted response is used").toBe(0);
  // No secret, from the prompt or the key, may travel in any request body.
  for (const request of server.requests) {
    expect(request.raw).not.toContain(secret);
    expect(request.raw).not.toContain(apiKey);
  }
  server.requests.length = 0;
});

const planner = (timeoutMs = 5_000, maxRetries = 2) =>
  createLlmPlanner(createOpenAiLlm({ apiKey, baseURL: server.baseURL, model: "test-model", timeoutMs, maxRetries }));

async function planError(request: PlanRequest, p = planner()): Promise<AppgenError> {
  const error = await p.plan(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppgenError)) throw new Error(`expected an AppgenError, got ${String(error)}`);
  return error;
}

const lastUserMessage = (i: number) => server.requests[i]?.body.messages.at(-1)?.content ?? "";

describe("createLlmPlanner", () => {
  it("plans a manifest in one round and sends a well-formed, redacted request", async () => {
    server.enqueue(completion(tasks, { prompt_tokens: 1200, completion_tokens: 300 }));
    const result = await planner().plan({ prompt });

    expect(result.planner).toBe("llm");
    expect(result.manifest.entities[0]?.fields.map((f) => f.name)).toEqual(["title", "status"]);
    expect(result.manifest.prompt).toBe("A to-do app with tasks and a status. Deploy token: [REDACTED]");
    expect(result.usage).toEqual({ promptTokens: 1200, completionTokens: 300, totalTokens: 1500 });
    expect(result.notes).toEqual(["planned by fake-model with no repair round"]);

    const [sent] = server.requests;
    expect(sent?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent?.body.model).toBe("test-model");
    expect(sent?.body.temperature).toBe(0);
    expect(sent?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "appgen_manifest", schema: LLM_MANIFEST_SCHEMA, strict: false },
    });
    expect(sent?.body.messages[0]).toEqual({ role: "system", content: SYSTEM_PROMPT });
    expect(sent?.body.messages[1]?.content).toContain(
      "<description>\nA to-do app with tasks and a status. Deploy token: [REDACTED]\n</description>",
    );
  });

  it("accepts JSON wrapped in a Markdown fence", async () => {
    server.enqueue(completion(`\`\`\`json\n${JSON.stringify(tasks)}\n\`\`\``));
    expect((await planner().plan({ prompt })).manifest.name).toBe("Tasks");
  });

  it("repairs an answer that is not JSON", async () => {
    const chatty = `Sure! Here is your manifest: ${JSON.stringify(tasks)}`;
    server.enqueue(
      completion(chatty, { prompt_tokens: 1000, completion_tokens: 200 }),
      completion(tasks, { prompt_tokens: 1300, completion_tokens: 210 }),
    );
    const result = await planner().plan({ prompt });

    expect(result.manifest.name).toBe("Tasks");
    expect(result.usage).toEqual({ promptTokens: 2300, completionTokens: 410, totalTokens: 2710 });
    expect(result.notes).toEqual(["planned by fake-model with 1 repair round"]);
    const repair = server.requests[1]?.body.messages ?? [];
    expect(repair.at(-2)).toEqual({ role: "assistant", content: chatty });
    expect(repair.at(-1)?.role).toBe("user");
    expect(repair.at(-1)?.content).toMatch(
      /^Your answer is not valid JSON \(.+\)\. Answer with the whole manifest as one JSON object/,
    );
  });

  it("repairs a schema-invalid answer, naming the JSON path and the fix", async () => {
    server.enqueue(completion(wrongType), completion(tasks));
    const result = await planner().plan({ prompt });

    expect(result.manifest.name).toBe("Tasks");
    expect(result.notes[0]).toContain("1 repair round");
    expect(server.requests[1]?.body.messages.at(-2)).toEqual({ role: "assistant", content: JSON.stringify(wrongType) });
    expect(lastUserMessage(1)).toContain("Your answer is not a valid appgen manifest");
    expect(lastUserMessage(1)).toMatch(
      /- \/entities\/0\/fields\/0\/type: must be one of "text", .* \(fix: use one of the listed values\)/,
    );
  });

  it("gives up after two repair rounds and lists the remaining problems", async () => {
    server.enqueue(completion(wrongType), completion("not json"), completion(badRelation));
    const error = await planError({ prompt });

    expect(error.code).toBe("LLM_INVALID_OUTPUT");
    expect(error.message).toContain("after 2 repair rounds");
    expect(error.message).toContain("APPGEN_LLM_MODEL");
    expect(error.problems.map((p) => p.path)).toContain("/entities/0/fields/0/relation/target");
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]?.body.messages).toHaveLength(6);
    expect(lastUserMessage(2)).toContain("not valid JSON");
  });

  it("normalises a weak model's answer without a repair round", async () => {
    const weak = WEAK_MODEL_ANSWER;
    server.enqueue(completion(weak));
    const offline: Planner = {
      name: "offline",
      plan: () => Promise.reject(new Error("the offline planner must not run")),
    };
    const llm = createOpenAiLlm({
      apiKey,
      baseURL: server.baseURL,
      model: "test-model",
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    const result = await planApp(
      { prompt: "Projects with tasks that have a due date and a status" },
      standardPlanners({ offline, llm }),
    );

    expect(server.requests).toHaveLength(1);
    expect(result.planner).toBe("llm");
    expect(assertManifest(result.manifest)).toEqual(result.manifest);
    const task = result.manifest.entities.find((e) => e.name === "task");
    expect(result.manifest.entities.map((e) => [e.name, e.path])).toEqual([
      ["project", "projects"],
      ["task", "tasks"],
    ]);
    expect(task?.display_field).toBe("title");
    expect(task?.fields.map((f) => [f.name, f.type])).toEqual(NORMALISED_TASK_FIELDS);
    expect(task?.fields[2]?.relation).toEqual({ target: "project", cardinality: "many_to_one", on_delete: "restrict" });
    expect(task?.fields[3]).toMatchObject({ options: ["to_do", "in_progress", "done"], default: "to_do" });
    expect(task?.fields[4]?.relation?.target).toBe("project");
    expect(result.notes[0]).toBe("planned by fake-model with no repair round");
    expect(result.notes).toHaveLength(2);
    expect(result.notes[1]).toMatch(
      /^normalised the model's answer: entity Project → project; entity Task → task; .* and \d+ more$/,
    );
    expect(result.notes[1]).not.toContain("\n");
  });

  it("names the first fixes in one line and counts the rest", () => {
    const fixes = Array.from({ length: MAX_FIXES_IN_NOTE + 3 }, (_, i) => `field f${i}A → f${i}_a`);
    expect(fixesNote(fixes.slice(0, 2))).toBe("normalised the model's answer: field f0A → f0_a; field f1A → f1_a");
    expect(fixesNote(fixes)).toMatch(/; field f7A → f7_a and 3 more$/);
  });

  it("reports a refusal, quoting it", async () => {
    server.enqueue(refusal("I can't help with that request."));
    const error = await planError({ prompt });
    expect(error.code).toBe("LLM_REFUSED");
    expect(error.message).toContain('"I can\'t help with that request."');
  });

  it.each([
    ["a 429", apiError(429, "Rate limit reached")],
    ["a 500", apiError(500, "The server had an error")],
  ])("retries %s through the SDK and then plans", async (_name, failure) => {
    server.enqueue(failure, completion(tasks));
    const result = await planner().plan({ prompt });
    expect(result.manifest.name).toBe("Tasks");
    expect(result.notes[0]).toContain("no repair round");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.raw).toBe(server.requests[0]?.raw);
  });

  it("fails with LLM_FAILED when the server does not answer in time", async () => {
    server.enqueue({ ...completion(tasks), delayMs: 3_000 }, { ...completion(tasks), delayMs: 3_000 });
    const started = Date.now();
    const error = await planError({ prompt }, planner(200, 1));
    expect(error.code).toBe("LLM_FAILED");
    expect(error.message).toMatch(/no answer from .* within 200 ms \(after 1 retry\)/);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  describe("re-planning", () => {
    const previous = assertManifest({
      name: "Shop",
      prompt: "the original request",
      theme: { background: "#fafafa", primary: "#ff8800" },
      entities: [
        {
          name: "customer",
          label: "Client",
          fields: [
            { name: "name", type: "text", required: true },
            { name: "email", type: "email", unique: true },
          ],
        },
        {
          name: "order",
          fields: [
            { name: "number", type: "text", required: true, label: "Order no." },
            { name: "customer", type: "relation", relation: { target: "customer" }, required: true },
            { name: "total", type: "money" },
          ],
          list_fields: ["number", "total"],
        },
      ],
    });
    // What a model typically sends back: the untouched entity restated without derived properties (its custom
    // label dropped), the changed entity with one new field, and pages left out.
    const answer = {
      name: "Shop",
      theme: { background: "#FAFAFA", primary: "#ff8800" },
      entities: [
        {
          name: "customer",
          fields: [
            { name: "name", type: "text", required: true },
            { name: "email", type: "email", unique: true },
          ],
        },
        {
          name: "order",
          fields: [
            { name: "number", type: "text", required: true },
            {
              name: "customer",
              type: "relation",
              relation: { target: "customer", cardinality: "many_to_one" },
              required: true,
            },
            { name: "total", type: "money" },
            { name: "shipped_on", type: "date" },
          ],
        },
      ],
    };

    it("keeps untouched entities and fields byte-identical", async () => {
      server.enqueue(completion(answer));
      const result = await planner().plan({
        prompt: "issue body",
        previous,
        instructions: "add a shipped date to orders",
      });

      const before = JSON.parse(canonicalJson(previous));
      const after = JSON.parse(canonicalJson(result.manifest));
      expect(JSON.stringify(after.entities[0])).toBe(JSON.stringify(before.entities[0]));
      expect(after.entities[0].label).toBe("Client");
      expect(after.entities[1].fields.slice(0, 3)).toEqual(before.entities[1].fields);
      expect(after.entities[1].fields[3]).toMatchObject({ name: "shipped_on", type: "date" });
      expect(after.theme).toEqual(before.theme);
      expect(after.pages).toEqual(before.pages);
      expect(result.manifest.prompt).toBe("the original request");

      const userMessage = server.requests[0]?.body.messages[1]?.content ?? "";
      expect(userMessage).toContain(REPLAN_RULE);
      expect(userMessage).toContain("<instructions>\nadd a shipped date to orders\n</instructions>");
      const sentManifest = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(userMessage)?.[1] ?? "null");
      const { prompt: _prompt, ...withoutPrompt } = before;
      expect(sentManifest).toEqual(withoutPrompt);
    });

    it("plans afresh when there are no instructions", async () => {
      server.enqueue(completion(tasks));
      const result = await planner().plan({ prompt, previous, instructions: "  " });
      expect(result.manifest.name).toBe("Tasks");
      expect(server.requests[0]?.body.messages[1]?.content).not.toContain(REPLAN_RULE);
    });
  });
});
