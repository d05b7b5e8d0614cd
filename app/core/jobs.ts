// Jobs are data: every kind of work the webhook handlers queue is one of these plain objects, so it can wait in the
// in-process queue, in Redis (BullMQ) for a worker process, or in a run's record for crash recovery and the
// dashboard's re-run. `parseJobData` is the one runtime check, against schemas/job.schema.json, wherever a job
// comes back from outside this process. The types are written here (not generated) because they embed
// ResolvedConfig, whose optional members are `T | undefined`; the schema's tests keep the two in step.
import { Ajv2020 } from "ajv/dist/2020.js";
import jobSchema from "../../schemas/job.schema.json" with { type: "json" };
import type { ResolvedConfig } from "./config.ts";
import { AppgenError, type Problem } from "./errors.ts";

export interface JobRepository {
  owner: string;
  repo: string;
  htmlUrl: string;
}

export interface GenerationRepository extends JobRepository {
  defaultBranch: string;
}

export type GenerationTrigger =
  | { kind: "label"; title: string; body: string }
  | { kind: "regenerate"; instructions: string; pullRequest: { number: number; url: string } };

interface GenerationJobFields {
  installationId: number;
  repository: GenerationRepository;
  issueNumber: number;
  config: ResolvedConfig;
  /** The progress comment the handler posted before queueing. */
  comment: { issueNumber: number; id: number };
}

export interface GenerateJob extends GenerationJobFields {
  kind: "generate";
  trigger: Extract<GenerationTrigger, { kind: "label" }>;
}

export interface RegenerateJob extends GenerationJobFields {
  kind: "regenerate";
  trigger: Extract<GenerationTrigger, { kind: "regenerate" }>;
}

/** A completed run of the generated project's CI workflow, as the workflow_run webhook described it. */
export interface CheckRun {
  id: number;
  headSha: string;
  htmlUrl: string;
  conclusion: "success" | "failure";
  startedAt: string;
}

export interface AutofixJob {
  kind: "autofix";
  installationId: number;
  repository: JobRepository;
  issueNumber: number;
  branch: string;
  run: CheckRun;
  config: ResolvedConfig;
}

export interface DeployReportJob {
  kind: "deploy-report";
  installationId: number;
  repository: JobRepository;
  deployment: { sha: string; environment: string };
  status: { state: "success" | "failure" | "error"; environmentUrl?: string; logUrl?: string; description?: string };
  /** The app's folder (config.path) when the handler read the config for the base branch's card; absent: no card. */
  root?: string;
  /**
   * A preview of an appgen pull request's head (appgen-preview.yml; `deployment.sha` is the previewed commit):
   * reported only in the progress comment, and only while that commit is still the pull request's head.
   */
  preview?: { branch: string; issueNumber: number; pullRequest?: number };
}

/**
 * A successful run of the generated project's CI on an appgen branch: its screenshots (published by the workflow on
 * the appgen-screenshots branch) go into the progress comment, while that commit is still the pull request's head.
 */
export interface ScreenshotsJob {
  kind: "screenshots";
  installationId: number;
  repository: JobRepository;
  issueNumber: number;
  branch: string;
  run: { id: number; headSha: string; htmlUrl: string };
}

export type GenerationJob = GenerateJob | RegenerateJob;
export type JobData = GenerateJob | RegenerateJob | AutofixJob | DeployReportJob | ScreenshotsJob;
export type JobKind = JobData["kind"];

export function isGenerationJob(data: JobData): data is GenerationJob {
  return data.kind === "generate" || data.kind === "regenerate";
}

/** A generation job for a trigger (the kind follows the trigger). */
export function generationJob(fields: GenerationJobFields & { trigger: GenerationTrigger }): GenerationJob {
  return fields.trigger.kind === "label"
    ? { kind: "generate", ...fields, trigger: fields.trigger }
    : { kind: "regenerate", ...fields, trigger: fields.trigger };
}

/** Jobs of one key run one after another: an issue's generations and fixes share it (owner/repo#issue). */
export function jobKey(owner: string, repo: string, issueNumber: number): string {
  return `${owner}/${repo}#${issueNumber}`;
}

/**
 * The key a job runs under: its app's issue, or (production deploy reports) the deployed commit. A preview's report
 * runs under its issue, after any generation or fix that is rewriting the same progress comment.
 */
export function keyOf(data: JobData): string {
  if (data.kind === "deploy-report") {
    if (data.preview) return jobKey(data.repository.owner, data.repository.repo, data.preview.issueNumber);
    return `${data.repository.owner}/${data.repository.repo}@${data.deployment.sha}`;
  }
  return jobKey(data.repository.owner, data.repository.repo, data.issueNumber);
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const checkJob = ajv.compile<JobData>(jobSchema);
const KIND_DEFS: Record<JobKind, string> = {
  generate: "generate",
  regenerate: "regenerate",
  autofix: "autofix",
  "deploy-report": "deployReport",
  screenshots: "screenshots",
};

/**
 * A job read back from a queue or a run record, checked against schemas/job.schema.json; JSON drops `undefined`,
 * so the optional config members come back absent, which is what ResolvedConfig's `undefined` means. Records kept
 * before jobs had a `kind` (generations only) are read as the generation their trigger names. Throws JOB_INVALID.
 */
export function parseJobData(value: unknown): JobData {
  const data = withKind(value);
  if (checkJob(data)) return data;
  // oneOf reports every branch's complaints; the branch of the job's own kind says what is actually wrong with it.
  const kind = (data as { kind?: unknown } | undefined)?.kind;
  const branch =
    typeof kind === "string" && Object.hasOwn(KIND_DEFS, kind)
      ? ajv.getSchema(`${jobSchema.$id}#/$defs/${KIND_DEFS[kind as JobKind]}`)
      : undefined;
  if (branch) branch(data);
  const errors = (branch ? branch.errors : checkJob.errors) ?? [];
  const problems: Problem[] = errors.slice(0, 10).map((e) => ({
    path: e.instancePath || "/",
    message: `${e.message ?? "is invalid"}${e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : ""}`,
  }));
  throw new AppgenError(
    "JOB_INVALID",
    `the queued job is not one appgen can run (kind ${typeof kind === "string" ? `'${kind}'` : "missing"}). It was written by another appgen version or edited by hand: start the work again from GitHub (label, comment or re-run of the check).`,
    problems,
  );
}

/** parseJobData, or undefined for anything that is not a valid job (a run recorded before jobs were kept). */
export function jobDataOrUndefined(value: unknown): JobData | undefined {
  try {
    return parseJobData(value);
  } catch {
    return undefined;
  }
}

function withKind(value: unknown): unknown {
  if (!value || typeof value !== "object" || "kind" in value) return value;
  const trigger = (value as { trigger?: { kind?: unknown } }).trigger?.kind;
  if (trigger === "label") return { kind: "generate", ...value };
  if (trigger === "regenerate") return { kind: "regenerate", ...value };
  return value;
}
