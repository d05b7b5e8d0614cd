// The phrasings people use for doing something to a record, planned as manifest actions by the offline planner.
import { describe, expect, it } from "vitest";
import { validateManifest } from "../../../../app/core/manifest/index.ts";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";
import type { Manifest } from "../../../../app/core/schema-types/manifest.ts";

function actionsOf(manifest: Manifest, entity: string) {
  return manifest.entities.find((e) => e.name === entity)?.actions ?? [];
}

describe("offline planner: actions from what people do", () => {
  it.each([
    {
      prompt: "A bakery ordering app. Customers order cakes and staff mark orders as ready.",
      entity: "order",
      expected: [
        {
          name: "mark_ready",
          roles: ["staff"],
          when: [{ field: "status", not_equals: "ready" }],
          set: [{ field: "status", to: "ready" }],
        },
      ],
    },
    {
      prompt:
        "An expense app. Employees submit expenses with an amount and a receipt, and managers approve or reject them.",
      entity: "expense",
      expected: [
        {
          name: "approve",
          roles: ["manager"],
          when: [{ field: "status", equals: "pending" }],
          set: [{ field: "status", to: "approved" }],
        },
        {
          name: "reject",
          roles: ["manager"],
          when: [{ field: "status", equals: "pending" }],
          set: [{ field: "status", to: "rejected" }],
        },
      ],
    },
    {
      prompt:
        "Please implement a website for a small hotel. The website should have functionalities for browsing, booking and cancelling rooms.",
      entity: "booking",
      expected: [
        {
          name: "cancel",
          when: [{ field: "status", not_equals: "cancelled" }],
          set: [{ field: "status", to: "cancelled" }],
        },
      ],
    },
    {
      prompt:
        "I run a dog walking business. Owners book walks for their dogs, and walkers check in at the start and end of each walk.",
      entity: "walk",
      expected: [
        {
          name: "check_in",
          when: [{ field: "checked_in_at", empty: true }],
          set: [{ field: "checked_in_at", to: "now" }],
        },
        {
          name: "check_out",
          when: [
            { field: "checked_in_at", empty: false },
            { field: "checked_out_at", empty: true },
          ],
          set: [{ field: "checked_out_at", to: "now" }],
        },
      ],
    },
    {
      prompt: "A time tracking app for our staff. Employees clock in and clock out every day.",
      entity: "time_entry",
      expected: [{ name: "clock_in" }, { name: "clock_out" }],
    },
    {
      prompt: "An auction site: sellers list items with a title and a starting price, and buyers place bids on items.",
      entity: "item",
      expected: [{ name: "place_bid", create: { entity: "bid", values: [{ field: "amount", input: true }] } }],
    },
  ])("$prompt", ({ prompt, entity, expected }) => {
    const manifest = planFromPrompt(prompt);
    expect(validateManifest(manifest).ok).toBe(true);
    const actions = actionsOf(manifest, entity);
    expect(actions.map((a) => a.name)).toEqual(expected.map((a) => a.name));
    expected.forEach((want, i) => expect(actions[i]).toMatchObject(want));
  });

  it("gives a status the states its actions move to, starting from the waiting one", () => {
    const manifest = planFromPrompt(
      "An expense app. Employees submit expenses with an amount, and managers approve or reject them.",
    );
    const status = manifest.entities.find((e) => e.name === "expense")?.fields.find((f) => f.name === "status");
    expect(status).toMatchObject({ type: "enum", default: "pending", required: true, read_only: true });
    expect(status?.options).toEqual(expect.arrayContaining(["pending", "approved", "rejected"]));
  });

  it("plans no action where nobody does anything to a record", () => {
    const manifest = planFromPrompt("Track leads, companies and deals. Each deal has a value and a close date.");
    expect(manifest.entities.flatMap((e) => e.actions ?? [])).toEqual([]);
  });
});
