// Manifests with server-set values and actions: what they may say, what they derive, and the problems (with a JSON
// path and a fix) for what they may not.
import { describe, expect, it } from "vitest";
import { canonicalJson, validateManifest } from "../../../app/core/manifest/index.ts";

const auction = (itemActions: unknown[], bidFields: unknown[] = [], itemFields: unknown[] = []) => ({
  name: "Auction",
  roles: ["member", "manager"],
  entities: [
    {
      name: "item",
      fields: [
        { name: "name", type: "text", required: true },
        { name: "status", type: "enum", options: ["open", "closed"], default: "open", required: true, read_only: true },
        { name: "bid_count", type: "integer", default: 0, read_only: true },
        { name: "closed_at", type: "datetime", read_only: true },
        { name: "closed_by", type: "user" },
        { name: "tags", type: "relation", relation: { target: "tag", cardinality: "many_to_many" } },
        ...itemFields,
      ],
      actions: itemActions,
    },
    {
      name: "bid",
      fields: [
        { name: "amount", type: "money", required: true },
        { name: "item", type: "relation", required: true, relation: { target: "item" } },
        { name: "bidder", type: "user", required: true, default: "current_user" },
        ...bidFields,
      ],
    },
    { name: "tag", fields: [{ name: "label", type: "text" }] },
  ],
});

const close = {
  name: "close",
  roles: ["manager"],
  confirm: "Close it?",
  when: [{ field: "status", equals: "open" }],
  set: [
    { field: "status", to: "closed" },
    { field: "closed_at", to: "now" },
    { field: "closed_by", to: "current_user" },
  ],
};
const bid = {
  name: "place_bid",
  when: [{ field: "status", equals: "open" }],
  set: [{ field: "bid_count", add: 1 }],
  create: { entity: "bid", values: [{ field: "amount", input: true }] },
};

function problems(input: unknown): string[] {
  const result = validateManifest(input);
  if (result.ok) return [];
  for (const p of result.problems) expect(p.fix, `${p.path} ${p.message}`).toBeTruthy();
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("server-set values and actions in the manifest", () => {
  it("accepts them and derives the action's label, the created row's link and user fields' read_only", () => {
    const result = validateManifest(auction([close, bid]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [item, bidEntity] = result.manifest.entities;
    expect(item?.actions?.map((a) => [a.name, a.label])).toEqual([
      ["close", "Close"],
      ["place_bid", "Place bid"],
    ]);
    expect(item?.actions?.[1]?.create).toEqual({
      entity: "bid",
      link: "item",
      values: [{ field: "amount", input: true }],
    });
    expect(bidEntity?.fields.find((f) => f.name === "bidder")?.read_only).toBe(true);
    // The canonical form is a fixed point.
    const again = validateManifest(JSON.parse(canonicalJson(result.manifest)));
    expect(again.ok && canonicalJson(again.manifest)).toBe(canonicalJson(result.manifest));
  });

  it("leaves a manifest without them byte-identical (no new derived properties)", () => {
    const result = validateManifest({
      name: "T",
      entities: [{ name: "task", fields: [{ name: "title", type: "text" }] }],
    });
    expect(result.ok && canonicalJson(result.manifest)).not.toMatch(/read_only|actions/);
  });

  it.each([
    [
      "an unknown field in a condition",
      [{ ...close, when: [{ field: "state", equals: "open" }] }],
      [],
      /actions\/0\/when\/0\/field: no field 'state' in entity 'item'/,
    ],
    [
      "a condition with two tests",
      [{ ...close, when: [{ field: "status", equals: "open", empty: true }] }],
      [],
      /when\/0: a condition has one test, not equals and empty/,
    ],
    ["a condition with no test", [{ ...close, when: [{ field: "status" }] }], [], /when\/0: a condition needs a test/],
    [
      "a value that is not an option",
      [{ ...close, when: [{ field: "status", equals: "opened" }] }],
      [],
      /when\/0\/equals: must be one of the options/,
    ],
    [
      "at_least on a text field",
      [{ ...close, when: [{ field: "name", at_least: 1 }] }],
      [],
      /only number fields compare with at_least/,
    ],
    ["an undefined role", [{ ...close, roles: ["boss"] }], [], /roles\/0: role 'boss' is not defined/],
    ["an action that does nothing", [{ name: "noop" }], [], /actions\/0: action 'noop' does nothing/],
    ["two actions with one name", [close, close], [], /actions\/1\/name: duplicate action 'close'/],
    [
      "adding to a text field",
      [{ name: "x", set: [{ field: "name", add: 1 }] }],
      [],
      /only number fields can be added to/,
    ],
    [
      "two values for one field",
      [{ name: "x", set: [{ field: "bid_count", add: 1, to: 3 }] }],
      [],
      /'bid_count' gets one value, not to and add/,
    ],
    [
      "setting a field twice",
      [
        {
          name: "x",
          set: [
            { field: "bid_count", add: 1 },
            { field: "bid_count", to: 0 },
          ],
        },
      ],
      [],
      /set\/1\/field: 'bid_count' is set twice/,
    ],
    [
      "a user field set to a constant",
      [{ name: "x", set: [{ field: "closed_by", to: "alice" }] }],
      [],
      /can only be set to 'current_user'/,
    ],
    [
      "a user field the person enters",
      [{ name: "x", set: [{ field: "closed_by", input: true }] }],
      [],
      /nobody may enter an account/,
    ],
    [
      "clearing a required field",
      [{ name: "x", set: [{ field: "status", to: null }] }],
      [],
      /'status' is required and cannot be cleared/,
    ],
    [
      "a wrong constant",
      [{ name: "x", set: [{ field: "closed_at", to: "yesterday" }] }],
      [],
      /set\/0\/to: must be 'now' or an ISO date-time/,
    ],
    [
      "setting a many-to-many field",
      [{ name: "x", set: [{ field: "tags", to: null }] }],
      [],
      /'tags' is a many-to-many field/,
    ],
    [
      "creating an unknown entity",
      [{ name: "x", create: { entity: "offer", link: "item" } }],
      [],
      /create\/entity: no entity 'offer'/,
    ],
    [
      "a link that does not point here",
      [{ name: "x", create: { entity: "bid", link: "amount", values: [{ field: "amount", input: true }] } }],
      [],
      /create\/link: 'amount' is not a relation of 'bid' to 'item'.*/,
    ],
    [
      "a created row missing a required value",
      [{ name: "x", create: { entity: "bid" } }],
      [],
      /create: the new bid needs 'amount', which is required and has no default/,
    ],
    [
      "the link given as a value",
      [
        {
          name: "x",
          create: {
            entity: "bid",
            values: [
              { field: "amount", input: true },
              { field: "item", to: null },
            ],
          },
        },
      ],
      [],
      /values\/1\/field: 'item' is the link/,
    ],
    [
      "adding on a new row",
      [{ name: "x", create: { entity: "bid", values: [{ field: "amount", add: 1 }] } }],
      [],
      /a new row has no value to add to/,
    ],
    [
      "a pick weighted by a text field",
      [{ name: "draw", pick: { weight: "name" }, set: [{ field: "status", to: "closed" }] }],
      [],
      /pick\/weight: 'name' is a text field: a weight is a number/,
    ],
    [
      "a pick whose stock is not whole",
      [{ name: "draw", pick: { weight: "bid_count", stock: "price" } }],
      [{ name: "price", type: "money" }],
      /pick\/stock: 'price' is a money field/,
    ],
    [
      "a pick that also sets its stock",
      [{ name: "draw", pick: { weight: "bid_count", stock: "bid_count" }, set: [{ field: "bid_count", add: -1 }] }],
      [],
      /'bid_count' is the stock: the pick takes 1 from it already/,
    ],
  ])("refuses %s", (_, actions, itemFields, message) => {
    expect(problems(auction(actions as unknown[], [], itemFields as unknown[])).join("\n")).toMatch(message);
  });

  it.each([
    [
      "a user field with a constant default",
      [{ name: "owner", type: "user", default: "alice" }],
      /fields\/6\/default: must be 'current_user'/,
    ],
    [
      "a user field that is not read-only",
      [{ name: "owner", type: "user", read_only: false }],
      /fields\/6\/read_only: a user field is always read-only/,
    ],
    [
      "a required read-only field without a default",
      [{ name: "code", type: "text", required: true, read_only: true }],
      /fields\/6\/required: 'code' is read-only and required, but has no default/,
    ],
    [
      "a read-only many-to-many field",
      [{ name: "more", type: "relation", read_only: true, relation: { target: "tag", cardinality: "many_to_many" } }],
      /fields\/6\/read_only: a many-to-many field cannot be read-only/,
    ],
    [
      "options on a user field",
      [{ name: "owner", type: "user", options: ["a"] }],
      /a user field cannot have 'options'/,
    ],
  ])("refuses %s", (_, itemFields, message) => {
    expect(problems(auction([], [], itemFields)).join("\n")).toMatch(message);
  });

  it("refuses a created row whose entity has no link back, naming the field to add", () => {
    const result = validateManifest({
      ...auction([]),
      entities: [
        { ...auction([]).entities[0], actions: [{ name: "tag_it", create: { entity: "tag" } }] },
        ...auction([]).entities.slice(1),
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({
      path: "/entities/0/actions/0/create",
      message: "'tag' has no relation to 'item' to link the new row with",
      fix: "add a field { name: item, type: relation, relation: { target: item } } to 'tag'",
    });
  });

  it("asks which relation links the new row when there are several", () => {
    const twice = auction(
      [
        {
          name: "x",
          create: {
            entity: "bid",
            values: [
              { field: "amount", input: true },
              { field: "rival", to: null },
            ],
          },
        },
      ],
      [{ name: "rival", type: "relation", relation: { target: "item" } }],
    );
    expect(problems(twice).join("\n")).toMatch(
      /create: 'bid' has several relations to 'item': which one links the new row\?/,
    );
  });

  it("refuses control characters in an action's texts", () => {
    expect(problems(auction([{ ...close, confirm: "Close\nit?" }])).join("\n")).toMatch(
      /actions\/0\/confirm: contains a control character/,
    );
  });
});
