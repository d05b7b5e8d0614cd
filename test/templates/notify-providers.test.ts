// The generated app's notification providers against fake Resend, Twilio, WhatsApp Cloud API and webhook servers on
// 127.0.0.1: the request each provider documents, the id it answers recorded, a refusal reported with its reason,
// and no provider configured means recorded, never "sent".
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliver, type OutgoingMessage } from "../../templates/base/lib/notify-providers.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let url = "";
let seen: Seen[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: {} };
});

const message = (channel: OutgoingMessage["channel"], to: string): OutgoingMessage => ({
  notification: "order_ready",
  channel,
  to,
  subject: "Order ready",
  body: "Lamp is ready",
  row: { id: "1", title: "Lamp" },
});

describe("notification providers", () => {
  it("e-mail through Resend: bearer key, from, to, subject and text; the message id is kept", async () => {
    answer = { status: 200, body: { id: "re_123" } };
    const env = { RESEND_API_KEY: "re_key", NOTIFY_EMAIL_FROM: "shop@example.com", RESEND_API_URL: url };
    expect(await deliver(message("email", "ann@example.com"), env)).toEqual({ status: "sent", provider: "resend", id: "re_123" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/emails" });
    expect(seen[0]?.headers.authorization).toBe("Bearer re_key");
    expect(JSON.parse(seen[0]!.body)).toEqual({ from: "shop@example.com", to: ["ann@example.com"], subject: "Order ready", text: "Lamp is ready" });
  });

  it("SMS through Twilio: basic auth with the account, a form with To, From and Body", async () => {
    answer = { status: 201, body: { sid: "SM1" } };
    const env = { TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "secret", TWILIO_FROM: "+15550001111", TWILIO_API_URL: url };
    expect(await deliver(message("sms", "+441234567890"), env)).toEqual({ status: "sent", provider: "twilio", id: "SM1" });
    expect(seen[0]?.url).toBe("/2010-04-01/Accounts/AC1/Messages.json");
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from("AC1:secret").toString("base64")}`);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({ To: "+441234567890", From: "+15550001111", Body: "Lamp is ready" });
  });

  it("WhatsApp through the Cloud API, or through Twilio's WhatsApp sender", async () => {
    answer = { status: 200, body: { messages: [{ id: "wamid.1" }] } };
    const cloud = { WHATSAPP_TOKEN: "wa", WHATSAPP_PHONE_NUMBER_ID: "1055", WHATSAPP_API_URL: url };
    expect(await deliver(message("whatsapp", "+441234567890"), cloud)).toEqual({ status: "sent", provider: "whatsapp", id: "wamid.1" });
    expect(seen[0]?.url).toBe("/1055/messages");
    expect(JSON.parse(seen[0]!.body)).toEqual({ messaging_product: "whatsapp", to: "441234567890", type: "text", text: { body: "Lamp is ready" } });
    answer = { status: 201, body: { sid: "SM2" } };
    const twilio = { TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "t", TWILIO_WHATSAPP_FROM: "+15550002222", TWILIO_API_URL: url };
    expect(await deliver(message("whatsapp", "+441234567890"), twilio)).toMatchObject({ status: "sent", provider: "twilio" });
    expect(new URLSearchParams(seen[1]!.body).get("To")).toBe("whatsapp:+441234567890");
  });

  it("a webhook gets the message and the row as JSON, signed when a secret is set", async () => {
    const env = { NOTIFY_WEBHOOK_SECRET: "s3cret" };
    expect(await deliver(message("webhook", `${url}/hook`), env)).toEqual({ status: "sent", provider: "webhook" });
    const body = seen[0]!.body;
    expect(JSON.parse(body)).toEqual({ notification: "order_ready", subject: "Order ready", message: "Lamp is ready", row: { id: "1", title: "Lamp" } });
    expect(seen[0]?.headers["x-appgen-signature"]).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
  });

  it("a refusal is an error with the provider's answer; an unreachable provider says so", async () => {
    answer = { status: 422, body: { message: "Invalid `to` field" } };
    const env = { RESEND_API_KEY: "k", NOTIFY_EMAIL_FROM: "a@example.com", RESEND_API_URL: url };
    await expect(deliver(message("email", "x@example.com"), env)).rejects.toThrow(/resend answered 422: .*Invalid `to` field/);
    await expect(deliver(message("webhook", "http://127.0.0.1:9/hook"), {})).rejects.toThrow(/webhook could not be reached/);
  });

  it("without a provider's settings nothing is sent and the message is only recorded", async () => {
    for (const channel of ["email", "sms", "whatsapp"] as const)
      expect(await deliver(message(channel, channel === "email" ? "a@example.com" : "+441234567890"), {})).toEqual({ status: "recorded", provider: "local" });
    expect(seen).toEqual([]);
    await expect(deliver(message("email", "a@example.com"), { RESEND_API_KEY: "k" })).rejects.toThrow(/NOTIFY_EMAIL_FROM is not set/);
  });
});
