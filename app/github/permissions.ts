// Who may start a generation: people with write, maintain or admin permission on the repository, asked of the API
// (author_association says nothing about permission), never bots.
import type { Forge } from "../ports.ts";

const WRITER_ROLES = new Set(["admin", "maintain", "write"]);

export interface SenderCheck {
  allowed: boolean;
  /** What GitHub answered (role_name, e.g. "triage"), or why no request was made. */
  permission: string;
}

export interface Sender {
  login: string;
  type?: string;
}

export function isBot(sender: Sender): boolean {
  return sender.type === "Bot" || sender.login.endsWith("[bot]");
}

export async function checkSender(forge: Forge, sender: Sender): Promise<SenderCheck> {
  if (isBot(sender)) return { allowed: false, permission: "bot" };
  const found = await forge.permissionOf(sender.login);
  if (!found) return { allowed: false, permission: "none" };
  // role_name distinguishes maintain and triage, which `permission` folds into write and read.
  const role = found.roleName || found.permission;
  return { allowed: WRITER_ROLES.has(role) || WRITER_ROLES.has(found.permission), permission: role };
}
