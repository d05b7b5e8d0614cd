// Sends one message through the provider the environment configures. No framework imports, so appgen's own tests run
// it against fake provider servers on 127.0.0.1.
//   email     Resend             RESEND_API_KEY, NOTIFY_EMAIL_FROM (RESEND_API_URL to point elsewhere)
//   sms       Twilio             TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (TWILIO_API_URL)
//   whatsapp  WhatsApp Cloud API WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID (WHATSAPP_API_URL); else Twilio with
//                                TWILIO_WHATSAPP_FROM
//   webhook   an HTTP POST of JSON to the recipient URL (NOTIFY_WEBHOOK_SECRET signs it: X-Appgen-Signature)
// Without a provider's settings a message is only recorded ("recorded", provider "local"), never reported as sent.
import { createHmac } from "node:crypto";

export type Channel = "email" | "sms" | "whatsapp" | "webhook";

/** One notification of the manifest, as lib/notifications.ts lists them. */
export interface NotificationDefinition {
  name: string;
  label: string;
  entity: string;
  /** "created", "updated" or "action:<name>". */
  on: string;
  channel: Channel;
  /** A fixed recipient, or the field of the row that holds it. */
  to?: string;
  toField?: string;
  /** Texts in which {field} is replaced by the row's value. */
  subject?: string;
  message: string;
}

export interface OutgoingMessage {
  notification: string;
  channel: Channel;
  to: string;
  subject?: string;
  body: string;
  /** The row the message is about, for webhooks. */
  row?: Record<string, unknown>;
}

export interface Delivery {
  status: "sent" | "recorded";
  provider: "resend" | "twilio" | "whatsapp" | "webhook" | "local";
  /** The provider's id of the message, when it gives one. */
  id?: string;
}

export class DeliveryError extends Error {
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(message);
  }
}

type Env = Record<string, string | undefined>;

const TIMEOUT_MS = 10_000;

async function post(provider: string, url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, method: "POST", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new DeliveryError(provider, `${provider} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) throw new DeliveryError(provider, `${provider} answered ${response.status}: ${text.slice(0, 300)}`);
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

const base = (value: string | undefined, fallback: string) => (value && value.trim() !== "" ? value : fallback).replace(/\/+$/, "");
const idOf = (answer: unknown, key: string): string | undefined => {
  const value = (answer as Record<string, unknown> | null)?.[key];
  return typeof value === "string" ? value : undefined;
};

async function sendEmail(message: OutgoingMessage, env: Env): Promise<Delivery> {
  if (!env.RESEND_API_KEY) return { status: "recorded", provider: "local" };
  if (!env.NOTIFY_EMAIL_FROM) throw new DeliveryError("resend", "NOTIFY_EMAIL_FROM is not set: the address e-mails are sent from.");
  const answer = await post("resend", `${base(env.RESEND_API_URL, "https://api.resend.com")}/emails`, {
    headers: { authorization: `Bearer ${env.RESEND_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ from: env.NOTIFY_EMAIL_FROM, to: [message.to], subject: message.subject ?? message.notification, text: message.body }),
  });
  return { status: "sent", provider: "resend", id: idOf(answer, "id") };
}

async function sendTwilio(message: OutgoingMessage, env: Env, from: string, to: string): Promise<Delivery> {
  const sid = env.TWILIO_ACCOUNT_SID as string;
  const form = new URLSearchParams({ To: to, From: from, Body: message.body });
  const answer = await post("twilio", `${base(env.TWILIO_API_URL, "https://api.twilio.com")}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${sid}:${env.TWILIO_AUTH_TOKEN}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: form.toString(),
  });
  return { status: "sent", provider: "twilio", id: idOf(answer, "sid") };
}

const hasTwilio = (env: Env) => Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);

async function sendSms(message: OutgoingMessage, env: Env): Promise<Delivery> {
  if (!hasTwilio(env)) return { status: "recorded", provider: "local" };
  if (!env.TWILIO_FROM) throw new DeliveryError("twilio", "TWILIO_FROM is not set: the number text messages are sent from.");
  return sendTwilio(message, env, env.TWILIO_FROM, message.to);
}

async function sendWhatsapp(message: OutgoingMessage, env: Env): Promise<Delivery> {
  if (env.WHATSAPP_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID) {
    const answer = await post("whatsapp", `${base(env.WHATSAPP_API_URL, "https://graph.facebook.com/v21.0")}/${encodeURIComponent(env.WHATSAPP_PHONE_NUMBER_ID)}/messages`, {
      headers: { authorization: `Bearer ${env.WHATSAPP_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", to: message.to.replace(/^\+/, ""), type: "text", text: { body: message.body } }),
    });
    const messages = (answer as { messages?: { id?: string }[] } | null)?.messages;
    return { status: "sent", provider: "whatsapp", id: messages?.[0]?.id };
  }
  if (hasTwilio(env) && env.TWILIO_WHATSAPP_FROM) return sendTwilio(message, env, `whatsapp:${env.TWILIO_WHATSAPP_FROM}`, `whatsapp:${message.to}`);
  return { status: "recorded", provider: "local" };
}

async function sendWebhook(message: OutgoingMessage, env: Env): Promise<Delivery> {
  const body = JSON.stringify({ notification: message.notification, subject: message.subject, message: message.body, row: message.row ?? null });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (env.NOTIFY_WEBHOOK_SECRET) headers["x-appgen-signature"] = `sha256=${createHmac("sha256", env.NOTIFY_WEBHOOK_SECRET).update(body).digest("hex")}`;
  await post("webhook", message.to, { headers, body });
  return { status: "sent", provider: "webhook" };
}

/** Sends (or, without a provider, records) one message; throws DeliveryError when the provider refuses it. */
export function deliver(message: OutgoingMessage, env: Env = process.env): Promise<Delivery> {
  switch (message.channel) {
    case "email":
      return sendEmail(message, env);
    case "sms":
      return sendSms(message, env);
    case "whatsapp":
      return sendWhatsapp(message, env);
    case "webhook":
      return sendWebhook(message, env);
  }
}
