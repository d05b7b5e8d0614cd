// Actions and server-set values through every stage after planning, table-driven: what each stage writes for each
// shape, and that a manifest without them gets none of it.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sqlDollarQuoted } from "../../../app/core/escape.ts";
import { assertManifest, parseManifest, type Manifest } from "../../../app/core/manifest/index.ts";
import { buildOpenApi } from "../../../app/core/stages/api/index.ts";
import { MIGRATION_PATH, renderDatabase } from "../../../app/core/stages/db/index.ts";
import { renderProject } from "../../../app/core/stages/files/index.ts";
import { buildUiSpec, validateUiSpec } from "../../../app/core/stages/ui/index.ts";

const example = parseManifest(readFileSync(join(import.meta.dirname, "../../e2e/manifests/actions.json"), "utf8"));
const plain = assertManifest({
  name: "Plain",
  entities: [{ name: "task", fields: [{ name: "title", type: "text", required: true }] }],
});
const migration = (m: Manifest) => renderDatabase(m).find((f) => f.path === MIGRATION_PATH)?.content ?? "";
const files = (m: Manifest) => new Map(renderProject(m).map((f) => [f.path, f.content]));

describe("db stage", () => {
  const sql = migration(example);
  it.each([
    [
      "a user field defaulting to the signed-in user",
      `"reported_by" uuid not null default auth.uid() references auth.users (id) on delete cascade`,
    ],
    ["an optional user field", `"done_by" uuid references auth.users (id) on delete set null`],
    ["a read-only field keeps its ordinary default", `"status" text not null default 'open'`],
    [
      "the trigger resets read-only fields on a client's insert",
      `    new."reported_at" := now();\n    new."done_at" := null;`,
    ],
    ["the trigger keeps them on a client's update", `    new."times_reopened" := old."times_reopened";`],
    [
      "only clients are bound by it, and actions are let through",
      `if current_user not in ('anon', 'authenticated') or coalesce(current_setting('appgen.action', true), '') <> '' then`,
    ],
    [
      "an action's role check",
      `  if not ((select public.has_role('manager'))) then\n    raise exception using errcode = 'insufficient_privilege', message = 'Your role may not run “Reopen”.';`,
    ],
    [
      "the row, locked when the action changes it",
      `select * into target from public."tasks" t where t."id" = row_id for update;`,
    ],
    [
      "the item, locked too: placing a bid counts it",
      `select * into target from public."items" t where t."id" = row_id for update;`,
    ],
    [
      "a guard with the manifest's refusal",
      `if not coalesce(target."bidding_open" is not distinct from true, false) then\n    raise exception using errcode = 'AG409', message = 'Bidding on this item is closed.';`,
    ],
    ["a derived refusal", `message = 'Reopen is possible only when Status is done.'`],
    ["an increment", `"times_reopened" = coalesce("times_reopened", 0) + 1`],
    [
      "now, the signed-in user and null",
      `set "status" = 'done'::text, "done_at" = now(), "done_by" = (select auth.uid()) where "id" = row_id;`,
    ],
    [
      "the related row with the entered values",
      `insert into public."bids" ("item_id", "amount", "note") values (row_id, (input ->> 'amount')::numeric(14,2), (input ->> 'note')::text) returning "id" into created_id;`,
    ],
    [
      "security invoker, callable by signed-in users only",
      `revoke all on function public."appgen_action_items_place_bid"(uuid, jsonb) from public, anon;\ngrant execute on function public."appgen_action_items_place_bid"(uuid, jsonb) to authenticated, service_role;`,
    ],
    [
      "the e-mail of an account, for readers of a row",
      `create function public.appgen_user_email(user_id uuid) returns text`,
    ],
    [
      "a weighted draw among rows with stock",
      `    where coalesce(t."stock" > 0, false)\n      and coalesce(t."weight" > 0, false)\n    order by -ln(1.0 - random()) / t."weight"::float8\n    limit 1\n    for update skip locked;`,
    ],
    ["the draw, not the caller, names the row", `  row_id := target."id";`],
    ["the stock taken", `update public."prizes" set "stock" = "stock" - 1 where "id" = row_id;`],
  ])("writes %s", (_, fragment) => {
    expect(sql).toContain(fragment);
  });

  it("writes nothing of it for a manifest without them", () => {
    expect(migration(plain)).not.toMatch(/appgen_action|appgen_server_values|appgen_user_email|Server-set values/);
  });

  it("quotes a function body with a tag its text does not contain", () => {
    expect(sqlDollarQuoted("select 1")).toBe("$$\nselect 1\n$$");
    expect(sqlDollarQuoted("select '$$'")).toBe("$body$\nselect '$$'\n$body$");
    expect(sqlDollarQuoted("select '$$ $body$'")).toBe("$body1$\nselect '$$ $body$'\n$body1$");
  });
});

describe("api stage", () => {
  const doc = buildOpenApi(example) as {
    paths: Record<
      string,
      Record<
        string,
        { operationId: string; responses: Record<string, unknown>; requestBody?: unknown; "x-appgen-roles": string[] }
      >
    >;
    components: {
      schemas: Record<string, { properties: Record<string, { readOnly?: boolean }>; required?: string[] }>;
    };
  };
  it.each([
    ["/api/tasks/{id}/mark-done", "runMarkDoneOnTask", ["200", "401", "403", "404", "409"], false, ["*"]],
    ["/api/tasks/{id}/reopen", "runReopenOnTask", ["200", "401", "403", "404", "409"], false, ["manager"]],
    ["/api/items/{id}/place-bid", "runPlaceBidOnItem", ["201", "401", "403", "404", "409", "422"], true, ["*"]],
    ["/api/items/{id}/close-bidding", "runCloseBiddingOnItem", ["200", "401", "403", "404", "409"], false, ["manager"]],
    ["/api/prizes/spin", "runSpinOnPrize", ["201", "401", "403", "409"], false, ["*"]],
  ])("serves POST %s", (path, operationId, statuses, body, roles) => {
    const post = doc.paths[path]?.post;
    expect(post?.operationId).toBe(operationId);
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(statuses);
    expect(post?.requestBody !== undefined).toBe(body);
    expect(post?.["x-appgen-roles"]).toEqual(roles);
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it("takes the entered values as the created field would", () => {
    expect(doc.components.schemas.ItemPlaceBidInput).toMatchObject({
      required: ["amount"],
      properties: { amount: { type: "number", minimum: 1 }, note: { maxLength: 200 } },
    });
  });

  it.each([
    ["Task", ["status", "reported_by", "reported_at", "done_at", "done_by", "times_reopened"]],
    ["Item", ["bidding_open", "bid_count"]],
    ["Bid", ["bidder", "placed_at"]],
  ])("marks %s's server-set fields read-only and leaves them out of its bodies", (schema, fields) => {
    const { components } = doc;
    for (const field of fields) {
      expect(components.schemas[schema]?.properties[field]?.readOnly).toBe(true);
      expect(components.schemas[`${schema}Input`]?.properties).not.toHaveProperty(field);
      expect(components.schemas[`${schema}Patch`]?.properties).not.toHaveProperty(field);
    }
  });
});

describe("ui stage", () => {
  const spec = buildUiSpec(example);
  it("is a valid ui.json", () => {
    expect(validateUiSpec(JSON.parse(JSON.stringify(spec))).problems).toEqual([]);
  });

  it("puts each action on the detail page, with its conditions, inputs and roles", () => {
    const detail = JSON.stringify(spec.routes.find((r) => r.path === "/items/{id}"));
    expect(detail).toContain(
      `"component":"ActionButton","action":"place_bid","label":"Place a bid","submit":{"api":"/api/items/{id}/place-bid","method":"POST","operation":"runPlaceBidOnItem"},"when":[{"property":"bidding_open","test":"equals","value":true}]`,
    );
    expect(detail).toContain(`"confirm":"Close bidding on this item? Nobody can bid after that."`);
    expect(detail).toMatch(/"action":"close_bidding".*"roles":\["manager"\]/);
  });

  it("puts a pick on the list page, not on a row's", () => {
    expect(JSON.stringify(spec.routes.find((r) => r.path === "/prizes"))).toContain(`"action":"spin"`);
    expect(JSON.stringify(spec.routes.find((r) => r.path === "/prizes/{id}"))).not.toContain(`"action":"spin"`);
  });

  it("leaves read-only fields out of forms", () => {
    const form = JSON.stringify(spec.routes.find((r) => r.path === "/tasks/new"));
    expect(form).toContain(`"name":"title"`);
    for (const field of ["status", "reported_by", "done_at", "done_by", "times_reopened"])
      expect(form).not.toContain(`"name":"${field}"`);
  });
});

describe("files stage", () => {
  const project = files(example);
  it.each([
    [
      "app/api/tasks/[id]/mark-done/route.ts",
      `export const { POST } = actionHandler(entity, "mark_done", actionInputs["mark_done"]);`,
    ],
    ["app/api/items/[id]/place-bid/route.ts", `import { actionInputs, entity } from "@/lib/entities/item";`],
    [
      "lib/entities/item.ts",
      `  "place_bid": z.strictObject({\n    "amount": z.number().multipleOf(0.01).min(1),\n    "note": z.string().max(200).nullable().optional(),\n  }),`,
    ],
    ["lib/entities/task.ts", `function: "appgen_action_tasks_reopen"`],
    ["lib/entities/task.ts", `readOnly: true`],
    ["lib/entities/index.ts", `actionInputs: itemModule.actionInputs`],
    ["e2e/tasks.actions.spec.ts", `test("Mark as done: another user cannot run it on my task"`],
    ["e2e/items.actions.spec.ts", `test("Close bidding: a user without the role gets 403 and no button"`],
    ["e2e/bids.actions.spec.ts", `test("API: read-only fields are refused in create and update bodies (422)"`],
    ["app/api/prizes/spin/route.ts", `export const { POST } = pickHandler(entity, "spin", actionInputs["spin"]);`],
    ["e2e/prizes.actions.spec.ts", `test("Spin the wheel: the server picks a prize when a person asks from the list"`],
  ])("writes %s", (path, fragment) => {
    expect(project.get(path)).toContain(fragment);
  });

  it("keeps the zod input schema to the fields a client may write", () => {
    const task = project.get("lib/entities/task.ts") ?? "";
    const input = task.slice(
      task.indexOf("export const input"),
      task.indexOf("});", task.indexOf("export const input")),
    );
    expect(input).toContain(`"title": z.string(),`);
    expect(input).not.toMatch(/status|done_by|reported_at/);
  });

  it("writes none of it for a manifest without actions or read-only fields", () => {
    const paths = [...files(plain).keys()];
    expect(paths.filter((p) => p.includes(".actions.spec.ts") || /\/\[id\]\/[^/]+\/route\.ts$/.test(p))).toEqual([]);
    expect(files(plain).get("lib/entities/index.ts")).not.toContain("actionInputs");
    expect(files(plain).get("lib/entities/task.ts")).not.toMatch(/actions|readOnly/);
  });
});
