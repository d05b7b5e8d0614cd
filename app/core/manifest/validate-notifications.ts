// Notifications: what they are about, when they are sent, to whom and with which words. Every name they use must
// exist, the recipient must fit the channel, and the message may only name fields of the row.
import type { Entity, Manifest } from "../schema-types/manifest.ts";

type Add = (path: string, message: string, fix?: string) => void;

/** The field types a recipient may come from, per channel. */
export const RECIPIENT_TYPES: Record<string, readonly string[]> = {
  email: ["email", "user"],
  sms: ["phone"],
  whatsapp: ["phone"],
  webhook: ["url"],
};
const FIXED_RECIPIENT: Record<string, [RegExp, string]> = {
  email: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an e-mail address such as team@example.com"],
  sms: [/^\+[1-9][0-9]{6,14}$/, "a phone number in international form such as +441234567890"],
  whatsapp: [/^\+[1-9][0-9]{6,14}$/, "a phone number in international form such as +441234567890"],
  webhook: [/^https:\/\/[^\s/$.?#][^\s]*$/, "an https URL"],
};

/** The {field} names a message or subject uses. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1] as string);
}

export function notificationProblems(m: Manifest, add: Add): void {
  const names = new Set<string>();
  (m.notifications ?? []).forEach((notification, i) => {
    const at = `/notifications/${i}`;
    if (names.has(notification.name))
      add(`${at}/name`, `duplicate notification '${notification.name}'`, "give every notification a different name");
    names.add(notification.name);
    const entity = m.entities.find((e) => e.name === notification.entity);
    if (!entity) {
      add(
        `${at}/entity`,
        `no entity '${notification.entity}'`,
        `use one of: ${m.entities.map((e) => e.name).join(", ")}`,
      );
      return;
    }
    if (notification.on.startsWith("action:")) {
      const action = notification.on.slice("action:".length);
      const actions = (entity.actions ?? []).map((a) => a.name);
      if (!actions.includes(action))
        add(
          `${at}/on`,
          `'${entity.name}' has no action '${action}'`,
          actions.length ? `use one of: ${actions.map((a) => `action:${a}`).join(", ")}` : "use 'created' or 'updated'",
        );
    }
    recipientProblems(notification, entity, at, add);
    for (const [key, text] of [
      ["message", notification.message],
      ["subject", notification.subject],
    ] as const) {
      for (const name of placeholders(text ?? "")) {
        if (!entity.fields.some((f) => f.name === name && f.relation?.cardinality !== "many_to_many"))
          add(
            `${at}/${key}`,
            `{${name}} names no field of '${entity.name}'`,
            `use one of: ${entity.fields.map((f) => `{${f.name}}`).join(", ")}`,
          );
      }
    }
  });
}

function recipientProblems(
  notification: NonNullable<Manifest["notifications"]>[number],
  entity: Entity,
  at: string,
  add: Add,
): void {
  const { channel, to, to_field: toField } = notification;
  const types = RECIPIENT_TYPES[channel] ?? [];
  if ((to === undefined) === (toField === undefined)) {
    add(
      `${at}/to_field`,
      "give exactly one recipient: 'to_field' (a field of the row) or 'to' (a fixed address)",
      to === undefined ? `add 'to_field' naming a ${types.join(" or ")} field` : "remove one of them",
    );
    return;
  }
  if (toField !== undefined) {
    const field = entity.fields.find((f) => f.name === toField);
    const fitting = entity.fields.filter((f) => types.includes(f.type)).map((f) => f.name);
    const fix = fitting.length
      ? `use one of: ${fitting.join(", ")}`
      : `add a ${types.join(" or ")} field to '${entity.name}', or give a fixed 'to'`;
    if (!field) add(`${at}/to_field`, `no field '${toField}' in entity '${entity.name}'`, fix);
    else if (!types.includes(field.type))
      add(
        `${at}/to_field`,
        `'${toField}' is a ${field.type} field; ${channel} goes to a ${types.join(" or ")} field`,
        fix,
      );
    return;
  }
  const [pattern, what] = FIXED_RECIPIENT[channel] as [RegExp, string];
  if (!pattern.test(to as string)) add(`${at}/to`, `'${to}' is not ${what}`, `write ${what}`);
}
