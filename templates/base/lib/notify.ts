import "server-only";

import { db, type Tx } from "@/lib/db";
import { fieldByName, type EntityDefinition, type RecordRow } from "@/lib/entity";
import { findEntity } from "@/lib/entities";
import { notifications } from "@/lib/notifications";
import { deliver, DeliveryError, type NotificationDefinition } from "@/lib/notify-providers";
import { getRecord } from "@/lib/records";

/** A delivery as the row's page and GET /api/<path>/{id}/notifications show it. */
export interface DeliveryRow {
  id: string;
  notification: string;
  channel: string;
  status: "pending" | "sending" | "sent" | "recorded" | "failed";
  recipient: string | null;
  subject: string | null;
  body: string | null;
  provider: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Whether this entity's rows have messages (their page lists the deliveries). */
export function notifies(entity: EntityDefinition): boolean {
  return notifications.some((n) => n.entity === entity.name);
}

/** A field's value as words: an option's label, a related row's name, yes/no, the date. */
function valueText(entity: EntityDefinition, row: RecordRow, name: string): string {
  const field = fieldByName(entity, name);
  if (!field) return "";
  const value = row[field.property];
  if (value === null || value === undefined) return "";
  if (field.relation || field.type === "user") {
    const ref = row._refs?.[field.name];
    return Array.isArray(ref) ? ref.map((r) => r.label).join(", ") : (ref?.label ?? "");
  }
  if (field.options) return field.options.find((o) => o.value === value)?.label ?? String(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

function render(template: string, entity: EntityDefinition, row: RecordRow): string {
  return template.replace(/\{([a-z][a-z0-9_]*)\}/g, (_match, name: string) => valueText(entity, row, name));
}

async function recipientOf(definition: NotificationDefinition, entity: EntityDefinition, row: RecordRow): Promise<string | null> {
  if (definition.to) return definition.to;
  const field = definition.toField ? fieldByName(entity, definition.toField) : undefined;
  if (!field) return null;
  if (field.type === "user") {
    const ref = row._refs?.[field.name];
    return ref && !Array.isArray(ref) && ref.label.includes("@") ? ref.label : null;
  }
  const value = row[field.property];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

interface Claimed {
  id: string;
  notification: string;
  entity: string;
  row_id: string;
}

/**
 * Sends the pending messages of the outbox (at most `limit`): claims them, renders each from its row as it is now,
 * hands it to the provider and records the outcome (sent, recorded without a provider, or failed with the reason).
 * Runs with the server's own connection after a request's write has committed; concurrent runs claim different rows.
 */
export async function dispatchNotifications(limit = 20): Promise<number> {
  if (notifications.length === 0) return 0;
  const sql = db();
  const claimed = (await sql`
    update public.appgen_notifications set status = 'sending', attempts = attempts + 1
    where id in (select id from public.appgen_notifications where status = 'pending' order by created_at limit ${limit} for update skip locked)
    returning id, notification, entity, row_id`) as unknown as Claimed[];
  for (const item of claimed) {
    const definition = notifications.find((n) => n.name === item.notification);
    const entity = findEntity(item.entity)?.definition;
    const row = entity ? await sql.begin((tx) => getRecord(tx, entity, item.row_id)) : null;
    if (!definition || !entity || !row) {
      await sql`update public.appgen_notifications set status = 'failed', error = ${"The notification or its row no longer exists."} where id = ${item.id}`;
      continue;
    }
    const recipient = await recipientOf(definition, entity, row);
    const subject = definition.subject ? render(definition.subject, entity, row) : null;
    const body = render(definition.message, entity, row);
    if (!recipient) {
      const error = `No recipient: the ${definition.toField ?? "recipient"} of this ${entity.label.toLowerCase()} is empty.`;
      await sql`update public.appgen_notifications set status = 'failed', subject = ${subject}, body = ${body}, error = ${error} where id = ${item.id}`;
      continue;
    }
    try {
      const delivery = await deliver({ notification: definition.name, channel: definition.channel, to: recipient, subject: subject ?? undefined, body, row });
      await sql`update public.appgen_notifications set status = ${delivery.status}, recipient = ${recipient}, subject = ${subject}, body = ${body},
        provider = ${delivery.provider}, provider_id = ${delivery.id ?? null}, error = null, sent_at = ${delivery.status === "sent" ? sql`now()` : null}
        where id = ${item.id}`;
    } catch (error) {
      const reason = error instanceof DeliveryError ? error.message : "The provider could not be reached.";
      if (!(error instanceof DeliveryError)) console.error(error);
      await sql`update public.appgen_notifications set status = 'failed', recipient = ${recipient}, subject = ${subject}, body = ${body},
        provider = ${error instanceof DeliveryError ? error.provider : null}, error = ${reason} where id = ${item.id}`;
    }
  }
  return claimed.length;
}

/**
 * After a write has committed: sends what it queued (an action may queue a message about another entity's new row).
 * A delivery's failure is recorded on it, never made the request's.
 */
export async function afterWrite(): Promise<void> {
  if (notifications.length === 0) return;
  try {
    await dispatchNotifications();
  } catch (error) {
    console.error(error);
  }
}

/** The deliveries of one row that the signed-in user caused (row-level security picks them). */
export async function deliveriesOf(tx: Tx, entity: EntityDefinition, rowId: string): Promise<DeliveryRow[]> {
  const rows = await tx`
    select id, notification, channel, status, recipient, subject, body, provider, error, created_at, sent_at
    from public.appgen_notifications where entity = ${entity.name} and row_id = ${rowId}::uuid order by created_at desc, id limit 50`;
  return rows.map((r) => ({
    ...(r as unknown as DeliveryRow),
    created_at: new Date(r.created_at as string).toISOString(),
    sent_at: r.sent_at ? new Date(r.sent_at as string).toISOString() : null,
  }));
}
