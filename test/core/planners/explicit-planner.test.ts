import { describe, expect, it } from "vitest";
import { AppgenError } from "../../../app/core/errors.ts";
import { assertManifest } from "../../../app/core/manifest/index.ts";
import { createExplicitPlanner, fencedBlocks, isAppgenInfo } from "../../../app/core/planners/explicit-planner.ts";

const planner = createExplicitPlanner();
const fence = "```";

const yamlManifest = [
  "name: Tasks",
  "entities:",
  "  - name: task",
  "    fields:",
  "      - { name: title, type: text, required: true }",
  "      - { name: status, type: enum, options: [open, done] }",
].join("\n");
const jsonManifest = JSON.stringify(
  { name: "Tasks", entities: [{ name: "task", fields: [{ name: "title", type: "text", required: true }] }] },
  null,
  2,
);

async function planError(prompt: string): Promise<AppgenError> {
  const error = await planner.plan({ prompt }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppgenError)) throw new Error(`expected an AppgenError, got ${String(error)}`);
  return error;
}

describe("createExplicitPlanner", () => {
  it.each([
    ["yaml appgen", yamlManifest],
    ["yml appgen", yamlManifest],
    ["appgen", yamlManifest],
    ["json appgen", jsonManifest],
    ["YAML  appgen", yamlManifest],
  ])("plans from a ```%s block", async (info, body) => {
    const result = await planner.plan({ prompt: `Please build this.\n\n${fence}${info}\n${body}\n${fence}\n` });
    expect(result?.planner).toBe("explicit");
    expect(result?.manifest.name).toBe("Tasks");
    expect(result?.manifest.entities[0]?.table).toBe("tasks");
    expect(result?.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(result?.notes[0]).toContain(info.trim());
  });

  it("reads an issue body with CRLF line endings and a ~~~ fence", async () => {
    const body = `Intro\r\n~~~yaml appgen\r\n${yamlManifest.replace(/\n/g, "\r\n")}\r\n~~~\r\nOutro`;
    const result = await planner.plan({ prompt: body });
    expect(result?.manifest.entities[0]?.fields.map((f) => f.name)).toEqual(["title", "status"]);
    expect(result?.manifest.prompt).toBe("Intro\n\nOutro");
  });

  it("fills prompt with the redacted text outside the block", async () => {
    const token = `ghp_${"x1".repeat(18)}`;
    const result = await planner.plan({
      prompt: `Tasks app, deploy with ${token}\n${fence}yaml appgen\n${yamlManifest}\n${fence}\nThanks!`,
    });
    expect(result?.manifest.prompt).toBe("Tasks app, deploy with [REDACTED]\n\nThanks!");
  });

  it("keeps the block's own prompt", async () => {
    const result = await planner.plan({
      prompt: `ignored\n${fence}yaml appgen\nprompt: A to-do list\n${yamlManifest}\n${fence}`,
    });
    expect(result?.manifest.prompt).toBe("A to-do list");
  });

  it.each([
    ["no block at all", "Build me a CRM with leads and deals."],
    ["a block of another language", `${fence}yaml\n${yamlManifest}\n${fence}`],
    [
      "an appgen block nested inside another block",
      `${"````"}markdown\n${fence}yaml appgen\n${yamlManifest}\n${fence}\n${"````"}`,
    ],
    ["a mention in inline code", "Use a `yaml appgen` block if you like."],
  ])("answers undefined for %s", async (_name, prompt) => {
    expect(await planner.plan({ prompt })).toBeUndefined();
  });

  it("rejects an invalid manifest and names the JSON path", async () => {
    const error = await planError(
      `${fence}yaml appgen\nname: Tasks\nentities:\n  - name: task\n    fields:\n      - { name: title, type: txt }\n${fence}`,
    );
    expect(error.code).toBe("MANIFEST_INVALID");
    expect(error.message).toContain("yaml appgen block (line 1)");
    expect(error.problems.map((p) => p.path)).toContain("/entities/0/fields/0/type");
  });

  it("reports a semantic problem with its path", async () => {
    const error = await planError(
      `${fence}yaml appgen\nname: Shop\nentities:\n  - name: order\n    fields:\n      - { name: customer, type: relation, relation: { target: client } }\n${fence}`,
    );
    expect(error.problems).toContainEqual(expect.objectContaining({ path: "/entities/0/fields/0/relation/target" }));
  });

  it("refuses two blocks and says which lines", async () => {
    const error = await planError(
      `${fence}yaml appgen\n${yamlManifest}\n${fence}\ntext\n${fence}json appgen\n${jsonManifest}\n${fence}`,
    );
    expect(error.code).toBe("INPUT_UNPARSABLE");
    expect(error.message).toMatch(/2 appgen blocks \(at lines 1, 10\)/);
  });

  it("refuses a YAML alias bomb before it expands", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
    ].join("\n");
    const error = await planError(`${fence}yaml appgen\n${bomb}\n${fence}`);
    expect(error.code).toBe("INPUT_UNPARSABLE");
    expect(error.message).toMatch(/alias/i);
  });

  it("refuses a block over 1 MB", async () => {
    const big = `name: Tasks\ndescription: "${"x".repeat(1024 * 1024)}"\n`;
    const error = await planError(`${fence}yaml appgen\n${big}${fence}`);
    expect(error.code).toBe("INPUT_TOO_LARGE");
  });

  it("reports unparsable JSON", async () => {
    const error = await planError(`${fence}json appgen\n{ "name": "Tasks", }\n${fence}`);
    expect(error.code).toBe("INPUT_UNPARSABLE");
  });

  describe("re-planning", () => {
    const previous = assertManifest({
      name: "Old",
      prompt: "the original request",
      entities: [{ name: "note", fields: [{ name: "body", type: "long_text" }] }],
    });

    it("leaves instructions without a block to the next planner", async () => {
      const prompt = `${fence}yaml appgen\n${yamlManifest}\n${fence}`;
      expect(await planner.plan({ prompt, previous, instructions: "add a due date to tasks" })).toBeUndefined();
    });

    it("takes a block given in the instructions, keeping the previous prompt", async () => {
      const result = await planner.plan({
        prompt: "issue body",
        previous,
        instructions: `replace with\n${fence}yaml appgen\n${yamlManifest}\n${fence}`,
      });
      expect(result?.manifest.name).toBe("Tasks");
      expect(result?.manifest.prompt).toBe("the original request");
    });
  });
});

describe("fencedBlocks", () => {
  it("runs an unclosed block to the end of the text", () => {
    const blocks = fencedBlocks("a\n```yaml appgen\nname: X\n");
    expect(blocks).toEqual([{ info: "yaml appgen", body: "name: X\n", line: 2, start: 2, end: 25 }]);
  });

  it("needs a closing fence at least as long as the opening one", () => {
    const blocks = fencedBlocks("````appgen\n```\nname: X\n````\nafter");
    expect(blocks.map((b) => b.body)).toEqual(["```\nname: X\n"]);
  });

  it.each([
    ["yaml appgen", true],
    ["json appgen", true],
    ["appgen", true],
    ["toml appgen", false],
    ["appgen yaml", false],
    ["yaml", false],
  ])("isAppgenInfo(%j) is %s", (info, expected) => {
    expect(isAppgenInfo(info)).toBe(expected);
  });
});
