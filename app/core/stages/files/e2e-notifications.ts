// e2e/notifications.spec.ts: each notification a new user can cause (a new row, a changed row, an action that needs
// no role, condition or input) is caused through the API; its delivery then appears on the row's messages (the API
// and the row's page) with the recipient and the words the manifest gives. Without a provider's secrets (CI) e-mail,
// SMS and WhatsApp are recorded, not sent, and say so; a webhook is really posted, so it is sent or failed with why.
// Another user sees none of them.
import { kebabCase } from "../../naming.ts";
import type { Entity, Manifest, Notification } from "../../schema-types/manifest.ts";
import { apiNames } from "../api/index.ts";
import { lines, literal } from "./code.ts";
import { creatable } from "./e2e.ts";

export const NOTIFICATIONS_SPEC_PATH = "e2e/notifications.spec.ts";

const CHANNEL_WORDS: Record<Notification["channel"], string> = {
  email: "an e-mail",
  sms: "an SMS",
  whatsapp: "a WhatsApp message",
  webhook: "a webhook call",
};

/** How a test causes the notification, or undefined when a new user cannot. */
function trigger(manifest: Manifest, entity: Entity, notification: Notification): string[] | undefined {
  if (!creatable(manifest, entity)) return undefined;
  if (notification.on === "created") return [];
  if (notification.on === "updated")
    return [
      `    expect((await page.request.patch(\`/api/${entity.path}/\${row.id}\`, { data: {} })).status()).toBe(200);`,
    ];
  const action = (entity.actions ?? []).find((a) => `action:${a.name}` === notification.on);
  const inputs = [...(action?.set ?? []), ...(action?.create?.values ?? [])].some((a) => "input" in a && a.input);
  if (!action || action.pick || action.when || action.roles || inputs) return undefined;
  return [
    `    const ran = await page.request.post(\`/api/${entity.path}/\${row.id}/${kebabCase(action.name)}\`, { data: {} });`,
    `    expect(ran.status(), await ran.text()).toBeLessThan(300);`,
  ];
}

/** The message's fixed words in order, as a pattern its rendered text must match. */
function wordsPattern(message: string): string {
  const parts = message.split(/\{[a-z][a-z0-9_]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return `^${parts.join("[\\s\\S]*")}$`;
}

export function renderNotificationsSpec(manifest: Manifest): string | undefined {
  const names = apiNames(manifest);
  const cases = (manifest.notifications ?? []).flatMap((notification) => {
    const entity = manifest.entities.find((e) => e.name === notification.entity);
    if (!entity) return [];
    const steps = trigger(manifest, entity, notification);
    if (!steps) return [];
    const field = entity.fields.find((f) => f.name === notification.to_field);
    const property = names.get(entity.name)?.properties.find((p) => p.field === field)?.property;
    const recipient = notification.to
      ? literal(notification.to)
      : field?.type === "user"
        ? "email"
        : `String(row[${literal(property ?? "")}])`;
    const statuses = notification.channel === "webhook" ? `["sent", "failed"]` : `["recorded"]`;
    return [
      [
        `  test(${literal(`${notification.label}: ${notification.on === "created" ? "a new" : notification.on === "updated" ? "a changed" : `'${notification.on.slice(7)}' on a`} ${entity.label.toLowerCase()} queues ${CHANNEL_WORDS[notification.channel]} that the row shows`)}, async ({ page, browser }) => {`,
        recipient === "email" ? `    const email = await signIn(page);` : `    await signIn(page);`,
        `    const row = await createRow(page.request, ${moduleName(entity)});`,
        ...steps,
        `    const delivery = await deliveryOf(page, ${literal(entity.path)}, row.id, ${literal(notification.name)});`,
        `    expect(${statuses}).toContain(delivery.status);`,
        `    expect(delivery.channel).toBe(${literal(notification.channel)});`,
        `    expect(delivery.recipient).toBe(${recipient});`,
        `    expect(delivery.body).toMatch(new RegExp(${literal(wordsPattern(notification.message))}));`,
        notification.channel === "webhook"
          ? `    if (delivery.status === "failed") expect(delivery.error).toMatch(/webhook/);`
          : `    expect(delivery.sent_at).toBeNull();`,
        `    await page.goto(\`/${entity.path}/\${row.id}\`);`,
        `    const shown = page.locator(${literal(`[data-delivery="${notification.name}"]`)}).first();`,
        `    await expect(shown).toBeVisible();`,
        notification.channel === "webhook"
          ? `    await expect(shown).toHaveAttribute("data-status", delivery.status);`
          : `    await expect(shown).toContainText("Recorded, not sent: no provider is configured");`,
        ``,
        `    const other = await browser.newPage();`,
        `    try {`,
        `      await signIn(other);`,
        `      const theirs = await other.request.get(\`/api/${entity.path}/\${row.id}/notifications\`);`,
        `      if (theirs.status() === 200) expect((await theirs.json()).data).toEqual([]);`,
        `      else expect(theirs.status()).toBe(404);`,
        `    } finally {`,
        `      await other.context().close();`,
        `    }`,
        `  });`,
        ``,
      ],
    ];
  });
  if (cases.length === 0) return undefined;
  const used = [...new Set((manifest.notifications ?? []).map((n) => n.entity))]
    .map((name) => manifest.entities.find((e) => e.name === name))
    .filter((e): e is Entity => e !== undefined);
  return lines(
    `// Generated by appgen: the app's messages, caused as a person would, checked on the row's API and page.`,
    `import { expect, test, type Page } from "@playwright/test";`,
    ``,
    used.map((e) => `import { entity as ${moduleName(e)} } from "../lib/entities/${kebabCase(e.name)}";`),
    `import { createRow, signIn } from "./support";`,
    ``,
    `interface Delivery {`,
    `  notification: string;`,
    `  channel: string;`,
    `  status: string;`,
    `  recipient: string | null;`,
    `  body: string | null;`,
    `  error: string | null;`,
    `  sent_at: string | null;`,
    `}`,
    ``,
    `/** The row's delivery of a notification, once the dispatcher has dealt with it. */`,
    `async function deliveryOf(page: Page, path: string, id: string, name: string): Promise<Delivery> {`,
    `  let found: Delivery | undefined;`,
    `  await expect`,
    `    .poll(async () => {`,
    `      const response = await page.request.get(\`/api/\${path}/\${id}/notifications\`);`,
    `      expect(response.status()).toBe(200);`,
    `      found = ((await response.json()).data as Delivery[]).find((d) => d.notification === name && d.status !== "pending" && d.status !== "sending");`,
    `      return found?.status;`,
    `    })`,
    `    .toBeTruthy();`,
    `  return found as Delivery;`,
    `}`,
    ``,
    `test.describe("notifications", () => {`,
    cases.flat().slice(0, -1),
    `});`,
  );
}

function moduleName(entity: Entity): string {
  return `${kebabCase(entity.name).replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Entity`;
}
