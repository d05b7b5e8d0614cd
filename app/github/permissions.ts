// Who may start a generation: people with write, maintain or admin permission on the repository, asked of the API
// (author_association says nothing about permission), never bots.
import type { ProbotOctokit } from "probot";

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

export async function checkSender(octokit: ProbotOctokit, repo: { owner: string; repo: string }, sender: Sender): Promise<SenderCheck> {
  if (isBot(sender)) return { allowed: false, permission: "bot" };
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: sender.login });
    // role_name distinguishes maintain and triage, which `permission` folds into write and read.
    const role = data.role_name || data.permission;
    return { allowed: WRITER_ROLES.has(role) || WRITER_ROLES.has(data.permission), permission: role };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { allowed: false, permission: "none" };
    throw error;
  }
}
