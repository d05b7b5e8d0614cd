// Webhook payloads for the fake's repository: a real example from @octokit/webhooks-examples with the repository,
// installation, sender and issue replaced by the fake's own, and the fake's state changed first, as GitHub changes
// its state before it delivers the event (the label is on the issue, the comment exists).
import examples from "@octokit/webhooks-examples" with { type: "json" };
import type { FakeCore } from "./core.ts";
import { comment, issue, label, repository, user } from "./representations.ts";
import type { StoredComment } from "./state.ts";

export interface WebhookPayloads {
  /** `issues.labeled`: adds the label (default "generate") to the issue, as `sender` (default: the owner). */
  issuesLabeled(input: { issueNumber: number; label?: string; sender?: string }): Record<string, unknown>;
  /** `issue_comment.created` (the comment is created) or `.edited` (commentId's body is replaced). */
  issueComment(input: { issueNumber: number; body: string; sender?: string; action?: "created" | "edited"; commentId?: number }): Record<string, unknown>;
  /** Any other event: the first example of `event.action` with the fake's repository, installation and sender. */
  event(event: string, action: string | undefined, overrides?: Record<string, unknown>): Record<string, unknown>;
}

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

function example(event: string, action: string | undefined): Record<string, unknown> {
  const group = (examples as unknown as ExampleGroup[]).find((g) => g.name === event);
  const found = group?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ""} example`);
  return structuredClone(found);
}

export function webhookPayloads(core: FakeCore): WebhookPayloads {
  const { site, state } = core;
  const owner = site.owner;

  const envelope = (event: string, action: string | undefined, sender: string, overrides: Record<string, unknown>) => {
    const payload = example(event, action);
    delete payload.organization;
    delete payload.enterprise;
    return {
      ...payload,
      repository: repository(site, state, core.pushedAt),
      installation: { id: site.installationId, node_id: Buffer.from(`Installation:${site.installationId}`).toString("base64") },
      sender: user(site, state.user(sender)),
      ...overrides,
    };
  };

  return {
    issuesLabeled({ issueNumber, label: name = "generate", sender = owner }) {
      const stored = core.issueOr404(issueNumber);
      const labelled = state.label(name);
      if (!stored.labels.includes(labelled.name)) stored.labels.push(labelled.name);
      stored.updatedAt = state.now();
      return envelope("issues", "labeled", sender, { issue: issue(site, state, stored), label: label(site, labelled) });
    },

    issueComment({ issueNumber, body, sender = owner, action = "created", commentId }) {
      const stored = core.issueOr404(issueNumber);
      let target: StoredComment;
      const overrides: Record<string, unknown> = {};
      if (action === "created") {
        const now = state.now();
        target = { id: state.nextId("comment"), issueNumber, body, user: state.user(sender).login, createdAt: now, updatedAt: now };
        state.comments.push(target);
      } else {
        const found = state.comments.find((c) => c.id === commentId);
        if (!found) throw new Error(`no comment ${String(commentId)} to edit`);
        overrides.changes = { body: { from: found.body } };
        found.body = body;
        found.updatedAt = state.now();
        target = found;
      }
      return envelope("issue_comment", action, sender, { ...overrides, issue: issue(site, state, stored), comment: comment(site, state, target) });
    },

    event(event, action, overrides = {}) {
      return envelope(event, action, owner, overrides);
    },
  };
}
