// The phrasings people use for messages ("send an email to the patient when an appointment is booked", "send a
// WhatsApp notification when an order is ready"), planned by the offline planner as notifications on the entities
// and actions it has, with the address stored on the row.
import { describe, expect, it } from "vitest";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";

describe("offline planner: notifications", () => {
  it.each([
    {
      prompt: "A clinic app for appointments. Send an email to the patient when an appointment is booked.",
      notification: { entity: "appointment", on: "created", channel: "email", to_field: "patient_email" },
      field: { name: "patient_email", type: "email" },
    },
    {
      prompt:
        "An ordering app for our bakery. Customers put together an order. Staff can mark orders as ready. Send a WhatsApp notification when an order is ready.",
      notification: { entity: "order", on: "action:mark_ready", channel: "whatsapp", to_field: "customer_phone" },
      field: { name: "customer_phone", type: "phone" },
    },
    {
      prompt: "A recruiting app for candidates. Candidates receive an e-mail when their status changes.",
      notification: { entity: "candidate", on: "updated", channel: "email", to_field: "email" },
      field: { name: "email", type: "email" },
    },
  ])("$prompt", ({ prompt, notification, field }) => {
    const manifest = planFromPrompt(prompt);
    expect(manifest.notifications).toHaveLength(1);
    expect(manifest.notifications?.[0]).toMatchObject(notification);
    const entity = manifest.entities.find((e) => e.name === notification.entity);
    expect(entity?.fields.find((f) => f.name === field.name)).toMatchObject(field);
    expect(manifest.not_planned ?? []).not.toContainEqual(expect.stringMatching(/email|whatsapp/i));
  });

  it.each([
    "A helpdesk where customers open tickets. Notify the support team by email when a new ticket is created.",
    "A bug tracker. Users can vote on bugs and subscribe to be notified about changes.",
    "A dentist app. Send reminder emails one day before the appointment.",
  ])("plans none for %s, and says so", (prompt) => {
    const manifest = planFromPrompt(prompt);
    expect(manifest.notifications).toBeUndefined();
    expect(manifest.not_planned?.length ?? 0).toBeGreaterThan(0);
  });
});
