// Which deployments are previews of an appgen pull request. The generated project's appgen-preview.yml records one
// GitHub deployment per push of a pull request: environment "Preview", transient, `ref` = the head branch and
// `payload: { sha, pull_request }`. Everything else (appgen-deploy.yml's production deployment of a merge) keeps the
// production path. Pure: the handler hands in the webhook's deployment, untrusted.
import { issueForBranch } from "./pull-request.ts";

/** The environment appgen-preview.yml deploys to. */
export const PREVIEW_ENVIRONMENT = "Preview";

export interface DeploymentFacts {
  environment: string;
  ref: string;
  sha: string;
  transientEnvironment?: boolean | undefined;
  productionEnvironment?: boolean | undefined;
  /** The deployment's payload as the webhook carries it: an object, or a JSON string, or anything. */
  payload?: unknown;
}

export type DeploymentKind =
  | { kind: "production" }
  | {
      kind: "preview";
      branch: string;
      issueNumber: number;
      /** The previewed commit: the payload's sha, else the commit the ref pointed at when it was deployed. */
      sha: string;
      /** The pull request the payload names, if it names one. */
      pullRequest?: number;
    }
  | { kind: "ignored"; reason: string };

const SHA = /^[0-9a-f]{40}$/;

/** A preview when it says so (environment Preview or transient, never production); then it must be an appgen branch's. */
export function classifyDeployment(deployment: DeploymentFacts): DeploymentKind {
  const preview =
    deployment.productionEnvironment !== true &&
    (deployment.transientEnvironment === true ||
      deployment.environment.toLowerCase() === PREVIEW_ENVIRONMENT.toLowerCase());
  if (!preview) return { kind: "production" };
  const issueNumber = issueForBranch(deployment.ref);
  if (issueNumber === undefined)
    return { kind: "ignored", reason: `the preview's branch '${deployment.ref}' is not an appgen branch` };
  const payload = payloadObject(deployment.payload);
  const sha = typeof payload.sha === "string" && SHA.test(payload.sha) ? payload.sha : deployment.sha;
  if (!SHA.test(sha)) return { kind: "ignored", reason: "the preview names no commit" };
  const pull = payload.pull_request;
  return {
    kind: "preview",
    branch: deployment.ref,
    issueNumber,
    sha,
    ...(typeof pull === "number" && Number.isSafeInteger(pull) && pull > 0 ? { pullRequest: pull } : {}),
  };
}

function payloadObject(payload: unknown): Record<string, unknown> {
  let value = payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
