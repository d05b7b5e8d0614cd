// Delivers a webhook the way GitHub does: JSON body, HMAC-SHA256 signature of the exact bytes sent, and GitHub's
// delivery headers.
import { randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";

export interface WebhookDelivery {
  /** The app's webhook URL, e.g. http://127.0.0.1:3000/api/github/webhooks */
  url: string;
  secret: string;
  event: string;
  payload: unknown;
  /** X-GitHub-Delivery; a fresh UUID when absent. Reuse one to simulate a redelivery. */
  deliveryId?: string;
  /** Sign with this secret instead (to test rejected signatures). */
  signWith?: string;
}

export interface WebhookResponse {
  status: number;
  body: string;
  deliveryId: string;
}

export async function sendWebhook(delivery: WebhookDelivery): Promise<WebhookResponse> {
  const body = JSON.stringify(delivery.payload);
  const signature = await new Webhooks({ secret: delivery.signWith ?? delivery.secret }).sign(body);
  const deliveryId = delivery.deliveryId ?? randomUUID();
  const payload = delivery.payload as { installation?: { id?: number } } | undefined;
  const response = await fetch(delivery.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": delivery.event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": signature,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(payload?.installation?.id ?? ""),
    },
    body,
  });
  return { status: response.status, body: await response.text(), deliveryId };
}
