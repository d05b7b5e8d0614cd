// Webhook payloads for the fake's repository: a real example from @octokit/webhooks-examples with the repository,
// installation, sender and issue replaced by the fake's own, and the fake's state changed first, as GitHub changes
// its state before it delivers the event (the label is on the issue, the comment exists).
import examples from "@octokit/webhooks-examples" with { type: "json" };
import type { FakeCore } from "./core.ts";
import { comment, issue, label, repository, user } from "./representations.ts";
import type { StoredComment, StoredWorkflowRun } from "./state.ts";

export interface WebhookPayloads {
  /** `issues.labeled`: adds the label (default "generate") to the issue, as `sender` (default: the owner). */
  issuesLabeled(input: { issueNumber: number; label?: string; sender?: string }): Record<string, unknown>;
  /** `issue_comment.created` (the comment is created) or `.edited` (commentId's body is replaced). */
  issueComment(input: {
    issueNumber: number;
    body: string;
    sender?: string;
    action?: "created" | "edited";
    commentId?: number;
  }): Record<string, unknown>;
  /** `workflow_run.completed` for a run made with fake.completeWorkflowRun (head commit read from git). */
  workflowRunCompleted(run: StoredWorkflowRun): Promise<Record<string, unknown>>;
  /**
   * `deployment_status.created`: the deployment of `sha` (a merge on the default branch) reached `state`; with
   * `preview`, appgen-preview.yml's deployment of a pull request's head instead (environment Preview, transient,
   * ref = the head branch, payload { sha, pull_request }).
   */
  deploymentStatus(input: {
    sha: string;
    state: "success" | "failure" | "error" | "in_progress";
    environmentUrl?: string;
    logUrl?: string;
    description?: string;
    preview?: { branch: string; pullRequest: number };
  }): Record<string, unknown>;
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
      installation: {
        id: site.installationId,
        node_id: Buffer.from(`Installation:${site.installationId}`).toString("base64"),
      },
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
        target = {
          id: state.nextId("comment"),
          issueNumber,
          body,
          user: state.user(sender).login,
          createdAt: now,
          updatedAt: now,
        };
        state.comments.push(target);
      } else {
        const found = state.comments.find((c) => c.id === commentId);
        if (!found) throw new Error(`no comment ${String(commentId)} to edit`);
        overrides.changes = { body: { from: found.body } };
        found.body = body;
        found.updatedAt = state.now();
        target = found;
      }
      return envelope("issue_comment", action, sender, {
        ...overrides,
        issue: issue(site, state, stored),
        comment: comment(site, state, target),
      });
    },

    async workflowRunCompleted(run) {
      const commit = await core.git.readCommit(run.headSha);
      const base = example("workflow_run", "completed").workflow_run as Record<string, unknown>;
      const repo = repository(site, state, core.pushedAt);
      const workflowRun = {
        ...base,
        id: run.id,
        name: run.name,
        path: run.path,
        event: "pull_request",
        status: "completed",
        conclusion: run.conclusion,
        head_branch: run.headBranch,
        head_sha: run.headSha,
        head_commit: {
          ...(base.head_commit as Record<string, unknown>),
          id: run.headSha,
          tree_id: commit?.tree,
          message: commit?.message ?? "",
        },
        html_url: `${site.htmlUrl}/${site.owner}/${site.repo}/actions/runs/${run.id}`,
        created_at: run.createdAt,
        updated_at: run.createdAt,
        run_started_at: run.createdAt,
        pull_requests: [],
        repository: repo,
        head_repository: repo,
      };
      return envelope("workflow_run", "completed", owner, { workflow_run: workflowRun });
    },

    deploymentStatus({ sha, state: status, environmentUrl, logUrl, description, preview }) {
      const base = example("deployment_status", "created");
      const environment = preview ? "Preview" : "production";
      const deployment = {
        ...(base.deployment as Record<string, unknown>),
        sha,
        ref: preview?.branch ?? site.defaultBranch,
        environment,
        original_environment: environment,
        transient_environment: preview !== undefined,
        production_environment: preview === undefined,
        payload: preview ? { sha, pull_request: preview.pullRequest } : {},
      };
      const deploymentStatus = {
        ...(base.deployment_status as Record<string, unknown>),
        state: status,
        environment,
        environment_url: environmentUrl ?? "",
        log_url: logUrl ?? "",
        target_url: logUrl ?? "",
        description: description ?? "",
      };
      return envelope("deployment_status", "created", owner, { deployment, deployment_status: deploymentStatus });
    },

    event(event, action, overrides = {}) {
      return envelope(event, action, owner, overrides);
    },
  };
}
