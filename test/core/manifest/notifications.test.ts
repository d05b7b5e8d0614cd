// Notifications in the manifest: what they may say, what they derive, and the problems (with a JSON path and a fix)
// for what they may not.
import { describe, expect, it } from "vitest";
import { validateManifest } from "../../../app/core/manifest/index.ts";

const shop = (notification: Record<string, unknown>) => ({
  name: "Shop",
  entities: [
    {
      name: "order",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "customer_email", type: "email" },
        { name: "phone", type: "phone" },
        { name: "placed_by", type: "user", default: "current_user" },
        { name: "tags", type: "relation", relation: { target: "tag", cardinality: "many_to_many" } },
      ],
      actions: [{ name: "ship", set: [{ field: "title", to: "Shipped" }] }],
    },
    { name: "tag", fields: [{ name: "name", type: "text" }] },
  ],
  notifications: [
    {
      name: "order_shipped",
      entity: "order",
      on: "action:ship",
      channel: "email",
      to_field: "customer_email",
      message: "{title} is on its way",
      ...notification,
    },
  ],
});

function problems(input: unknown): string[] {
  const result = validateManifest(input);
  if (result.ok) return [];
  for (const p of result.problems) expect(p.fix, `${p.path} ${p.message}`).toBeTruthy();
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("notifications in the manifest", () => {
  it("derive a label and an e-mail's subject", () => {
    const result = validateManifest(shop({}));
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.manifest.notifications?.[0]).toMatchObject({ label: "Order shipped", subject: "Order shipped" });
  });

  it.each([
    [{ to_field: "placed_by" }],
    [{ channel: "sms", to_field: "phone" }],
    [{ channel: "whatsapp", to_field: undefined, to: "+441234567890" }],
    [{ channel: "webhook", to_field: undefined, to: "https://hooks.example.com/orders" }],
    [{ on: "created" }],
    [{ on: "updated", message: "{title} changed ({customer_email})" }],
  ])("accept %j", (change) => {
    expect(problems(shop(change))).toEqual([]);
  });

  it.each([
    [{ entity: "invoice" }, "/notifications/0/entity: no entity 'invoice'"],
    [{ on: "action:cancel" }, "/notifications/0/on: 'order' has no action 'cancel'"],
    [{ on: "deleted" }, "/notifications/0/on: does not match"],
    [{ channel: "sms" }, "/notifications/0/to_field: 'customer_email' is a email field; sms goes to a phone field"],
    [{ to: "team@example.com" }, "/notifications/0/to_field: give exactly one recipient"],
    [{ to_field: undefined }, "/notifications/0/to_field: give exactly one recipient"],
    [{ to_field: undefined, to: "not an address" }, "/notifications/0/to: 'not an address' is not an e-mail address"],
    [
      { channel: "webhook", to_field: undefined, to: "http://insecure.example.com" },
      "/notifications/0/to: 'http://insecure.example.com' is not an https URL",
    ],
    [{ message: "{total} is due" }, "/notifications/0/message: {total} names no field of 'order'"],
    [{ message: "Tagged {tags}" }, "/notifications/0/message: {tags} names no field of 'order'"],
    [{ channel: "fax" }, "/notifications/0/channel: must be one of"],
  ])("refuse %j", (change, expected) => {
    expect(problems(shop(change)).join("\n")).toContain(expected);
  });

  it("names must be unique", () => {
    const twice = shop({});
    twice.notifications.push({ ...twice.notifications[0]! });
    expect(problems(twice).join("\n")).toContain("/notifications/1/name: duplicate notification 'order_shipped'");
  });
});
