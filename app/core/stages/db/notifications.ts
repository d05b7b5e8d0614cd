// Notifications in the database: an outbox. Each message to send is a row of public.appgen_notifications, written in
// the same transaction as the change it is about, so a change is never lost without its message nor a message sent
// for a change that rolled back. The app's dispatcher (lib/notify.ts, the service connection) sends pending rows
// through the configured provider and records the outcome on them.
//   - 'created' and 'updated' notifications are `after insert` / `after update` triggers whose functions are
//     security definer (a client cannot call a trigger function, and need not be allowed to write the outbox).
//   - 'action:<name>' notifications are an insert at the end of the action's own function (security invoker). The
//     outbox lets a signed-in role insert only while an action function runs (the transaction-local appgen.action
//     setting, which a REST client cannot set), for itself, and only pending rows.
//   - People read the deliveries they caused (created_by); nobody but the service changes them.
import { sqlDollarQuoted, sqlIdent, sqlString } from "../../escape.ts";
import type { Action, Entity, Manifest, Notification } from "../../schema-types/manifest.ts";
import { ACTION_SETTING } from "./actions.ts";
import { objectName } from "./names.ts";

export const NOTIFICATIONS_TABLE = "appgen_notifications";
const OUTBOX = `public.${sqlIdent(NOTIFICATIONS_TABLE)}`;

export function usesNotifications(manifest: Manifest): boolean {
  return (manifest.notifications ?? []).length > 0;
}

export function notificationTriggerName(notification: Notification): string {
  return objectName("appgen_notify", notification.name);
}

/** The outbox table, its policies and grants: created with the first notification, dropped with the last. */
export function notificationsTableSql(): string {
  return `create table ${OUTBOX} (
  "id" uuid primary key default gen_random_uuid(),
  "notification" text not null,
  "entity" text not null,
  "row_id" uuid not null,
  "channel" text not null check ("channel" in ('email', 'sms', 'whatsapp', 'webhook')),
  "status" text not null default 'pending' check ("status" in ('pending', 'sending', 'sent', 'recorded', 'failed')),
  "recipient" text,
  "subject" text,
  "body" text,
  "provider" text,
  "provider_id" text,
  "error" text,
  "attempts" integer not null default 0,
  "created_by" uuid default auth.uid(),
  "created_at" timestamptz not null default now(),
  "sent_at" timestamptz
);
comment on table ${OUTBOX} is 'Messages appgen sends when rows change or actions run, with their delivery status.';
create index "appgen_notifications_row_idx" on ${OUTBOX} ("entity", "row_id");
create index "appgen_notifications_pending_idx" on ${OUTBOX} ("created_at") where "status" = 'pending';
alter table ${OUTBOX} enable row level security;
create policy "appgen_notifications_select" on ${OUTBOX} for select to authenticated
  using ("created_by" = (select auth.uid()));
create policy "appgen_notifications_insert_by_action" on ${OUTBOX} for insert to authenticated
  with check ("created_by" = (select auth.uid()) and "status" = 'pending'
    and coalesce(current_setting(${sqlString(ACTION_SETTING)}, true), '') <> '');
grant select, insert on table ${OUTBOX} to authenticated;
grant all on table ${OUTBOX} to service_role;`;
}

export const DROP_NOTIFICATIONS_TABLE = `drop table if exists ${OUTBOX};`;

function entityOf(manifest: Manifest, name: string): Entity {
  const entity = manifest.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`db stage: no entity '${name}' (validate the manifest first)`);
  return entity;
}

/** The insert that queues one notification about the row `rowId` (an SQL expression). */
function enqueue(notification: Notification, rowId: string): string {
  return `insert into ${OUTBOX} ("notification", "entity", "row_id", "channel") values (${sqlString(notification.name)}, ${sqlString(notification.entity)}, ${rowId}, ${sqlString(notification.channel)});`;
}

/** The trigger (function and trigger) of a 'created' or 'updated' notification, keyed by the trigger's name. */
export function notificationTriggers(manifest: Manifest): Map<string, string> {
  const triggers = new Map<string, string>();
  for (const notification of manifest.notifications ?? []) {
    if (notification.on !== "created" && notification.on !== "updated") continue;
    const entity = entityOf(manifest, notification.entity);
    const name = notificationTriggerName(notification);
    const body = `begin
  ${enqueue(notification, `new.${sqlIdent("id")}`)}
  return null;
end;`;
    triggers.set(
      name,
      `create or replace function public.${sqlIdent(name)}() returns trigger
language plpgsql
security definer
set search_path = ''
as ${sqlDollarQuoted(body)};
revoke all on function public.${sqlIdent(name)}() from public, anon, authenticated;
drop trigger if exists ${sqlIdent(name)} on public.${sqlIdent(entity.table)};
create trigger ${sqlIdent(name)} after ${notification.on === "created" ? "insert" : "update"} on public.${sqlIdent(entity.table)}
  for each row execute function public.${sqlIdent(name)}();`,
    );
  }
  return triggers;
}

/** Drops a notification trigger and its function (the trigger goes with the function). */
export function dropNotificationTriggerSql(name: string): string {
  return `drop function if exists public.${sqlIdent(name)}() cascade;`;
}

/** The inserts an action's function ends with: one per notification sent after that action. */
export function actionNotificationInserts(manifest: Manifest, entity: Entity, action: Action): string[] {
  return (manifest.notifications ?? [])
    .filter((n) => n.entity === entity.name && n.on === `action:${action.name}`)
    .map((n) => `  ${enqueue(n, "row_id")}`);
}

/** The first migration's section: the outbox and the triggers; undefined without notifications. */
export function notificationsSection(manifest: Manifest): string | undefined {
  if (!usesNotifications(manifest)) return undefined;
  return [notificationsTableSql(), ...notificationTriggers(manifest).values()].join("\n\n");
}
