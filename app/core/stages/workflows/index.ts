// The generated project's GitHub Actions workflows: workflows/*.yml (real workflow files in our repository) with
// the repository's settings set as YAML nodes, plus a copy of the diagnose action that the CI workflow runs on
// failure. The output depends on the repository's configuration (runner labels, app folder), not only on the
// manifest, and its paths are repository-relative: GitHub reads .github/ only at the repository root.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isScalar, parseDocument, type Document } from "yaml";
import { DEFAULT_LICENSE_POLICY, type LicensePolicy } from "../../diagnostics/dependencies.ts";
import { AppgenError, type Problem } from "../../errors.ts";
import type { GeneratedFile } from "../types.ts";

export interface WorkflowOptions {
  /** `runs-on` labels of every job. Default ["ubuntu-latest"]; e.g. ["self-hosted", "linux", "gpu"]. */
  runsOn?: readonly string[];
  /** Folder of the app inside the repository; "" (default) for the repository root. */
  appPath?: string;
  /** Node.js major version for setup-node. Default 20. */
  nodeVersion?: number | string;
  /** pnpm version for pnpm/action-setup. Default: the pnpm that `appgen check` runs (our own dependency). */
  pnpmVersion?: string;
  /** The branch whose pushes are checked and deployed. Default "main". */
  defaultBranch?: string;
  /**
   * `runs-on` labels of appgen-fix.yml, the self-hosted auto-fix workflow (autofix.mode: self-hosted); it is written
   * only when they are given. Default [] (not written).
   */
  fixRunsOn?: readonly string[];
  /** The licence check's allow-list (`licenses` in .github/appgen.yml). Default DEFAULT_LICENSE_POLICY. */
  licenses?: LicensePolicy;
}

export type ResolvedWorkflowOptions = Required<{ [K in keyof WorkflowOptions]: Exclude<WorkflowOptions[K], number> }>;

export const CI_WORKFLOW_PATH = ".github/workflows/appgen-ci.yml";
export const DEPLOY_WORKFLOW_PATH = ".github/workflows/appgen-deploy.yml";
export const PREVIEW_WORKFLOW_PATH = ".github/workflows/appgen-preview.yml";
export const FIX_WORKFLOW_PATH = ".github/workflows/appgen-fix.yml";
/** Where the CI workflow finds its diagnose action (`uses: ./.github/actions/appgen-diagnose`). */
export const DIAGNOSE_ACTION_PATH = ".github/actions/appgen-diagnose";
/** The artifact the CI workflow uploads on failure, and the file in it: what appgen's auto-fix downloads. */
export const DIAGNOSTICS_ARTIFACT = "appgen-diagnostics";
export const DIAGNOSTICS_FILE = "diagnostics.json";

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const WORKFLOW_TEMPLATE_ROOT = join(REPOSITORY_ROOT, "workflows");
export const DIAGNOSE_ACTION_SOURCE = join(REPOSITORY_ROOT, "actions/diagnose");

const WORKFLOWS = [
  { template: "appgen-ci.yml", path: CI_WORKFLOW_PATH, watches: [CI_WORKFLOW_PATH, `${DIAGNOSE_ACTION_PATH}/**`] },
  { template: "appgen-deploy.yml", path: DEPLOY_WORKFLOW_PATH, watches: [DEPLOY_WORKFLOW_PATH] },
  { template: "appgen-preview.yml", path: PREVIEW_WORKFLOW_PATH, watches: [PREVIEW_WORKFLOW_PATH] },
] as const;

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const APP_PATH = /^(|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/;
const LICENSE_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,99}$/;
const PACKAGE_PATTERN = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9*][a-z0-9._~*-]{0,213}$/;
const VERSION = /^\d+(\.\d+){0,2}$/;
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9._\/-]{1,255}$/;

/**
 * The workflows (CI, deploy, preview) and the diagnose action CI uses, repository-relative and sorted by path. Deterministic:
 * the same options give the same bytes; with the defaults each workflow is its template unchanged.
 */
export function renderWorkflows(options: WorkflowOptions = {}): GeneratedFile[] {
  const files = [...renderWorkflowFiles(options), ...diagnoseActionFiles()];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Only the workflow files: CI, deploy, and the fix workflow when it has runners. */
export function renderWorkflowFiles(options: WorkflowOptions = {}): GeneratedFile[] {
  const resolved = resolveWorkflowOptions(options);
  const files: GeneratedFile[] = WORKFLOWS.map((workflow) => ({
    path: workflow.path,
    content: renderWorkflow(readTemplate(workflow.template), resolved, workflow.watches),
  }));
  if (resolved.fixRunsOn.length) {
    files.push({
      path: FIX_WORKFLOW_PATH,
      content: renderWorkflow(readTemplate("appgen-fix.yml"), { ...resolved, runsOn: resolved.fixRunsOn }, []),
    });
  }
  return files;
}

/** Options with their defaults, checked: labels and paths end up in YAML and shell, so only plain names pass. */
export function resolveWorkflowOptions(options: WorkflowOptions): ResolvedWorkflowOptions {
  const resolved: ResolvedWorkflowOptions = {
    runsOn: options.runsOn ?? ["ubuntu-latest"],
    appPath: (options.appPath ?? "").replace(/^\.\/?$/, ""),
    nodeVersion: String(options.nodeVersion ?? 20),
    pnpmVersion: options.pnpmVersion ?? ourPnpmVersion(),
    defaultBranch: options.defaultBranch ?? "main",
    fixRunsOn: options.fixRunsOn ?? [],
    licenses: options.licenses ?? DEFAULT_LICENSE_POLICY,
  };
  const problems: Problem[] = [];
  resolved.fixRunsOn.forEach((label, index) => {
    if (!LABEL.test(label))
      problems.push({
        path: `/autofix/runner_labels/${index}`,
        message: `"${label}" is not a runner label`,
        fix: "use letters, digits, dots, dashes and underscores, e.g. self-hosted or gpu",
      });
  });
  if (resolved.runsOn.length === 0)
    problems.push({
      path: "/runner_labels",
      message: "no runner labels",
      fix: "give at least one label, e.g. [ubuntu-latest]",
    });
  resolved.runsOn.forEach((label, index) => {
    if (!LABEL.test(label))
      problems.push({
        path: `/runner_labels/${index}`,
        message: `"${label}" is not a runner label`,
        fix: "use letters, digits, dots, dashes and underscores, e.g. self-hosted or gpu",
      });
  });
  if (new Set(resolved.runsOn).size !== resolved.runsOn.length)
    problems.push({ path: "/runner_labels", message: "a runner label is listed twice", fix: "list each label once" });
  if (!APP_PATH.test(resolved.appPath) || resolved.appPath.split("/").some((part) => part === "." || part === "..")) {
    problems.push({
      path: "/path",
      message: `"${resolved.appPath}" is not a folder inside the repository`,
      fix: 'use a relative folder such as "web" or "apps/crm", or "" for the repository root',
    });
  }
  if (!VERSION.test(resolved.nodeVersion))
    problems.push({
      path: "/node_version",
      message: `"${resolved.nodeVersion}" is not a Node.js version`,
      fix: "use a version such as 20 or 22.12",
    });
  if (!VERSION.test(resolved.pnpmVersion))
    problems.push({
      path: "/pnpm_version",
      message: `"${resolved.pnpmVersion}" is not a pnpm version`,
      fix: "use an exact version such as 12.21.0",
    });
  if (!BRANCH.test(resolved.defaultBranch))
    problems.push({
      path: "/base_branch",
      message: `"${resolved.defaultBranch}" is not a branch name`,
      fix: "use the repository's default branch, e.g. main",
    });
  resolved.licenses.allow.forEach((id, index) => {
    if (!LICENSE_ID.test(id))
      problems.push({
        path: `/licenses/allow/${index}`,
        message: `"${id}" is not an SPDX licence identifier`,
        fix: "use an identifier such as MIT or Apache-2.0",
      });
  });
  resolved.licenses.allowPackages.forEach((name, index) => {
    if (!PACKAGE_PATTERN.test(name))
      problems.push({
        path: `/licenses/allow_packages/${index}`,
        message: `"${name}" is not a package name`,
        fix: "use an npm package name, with * for any characters, e.g. @img/sharp-libvips-*",
      });
  });
  if (problems.length)
    throw new AppgenError(
      "CONFIG_INVALID",
      "The workflow settings in .github/appgen.yml are not usable; fix them and run appgen again.",
      problems,
    );
  return resolved;
}

function renderWorkflow(template: string, options: ResolvedWorkflowOptions, watches: readonly string[]): string {
  const doc = parseDocument(template);
  if (doc.errors.length) throw new Error(`workflow template does not parse: ${doc.errors[0]?.message}`);
  setScalar(doc, ["env", "APP_DIR"], options.appPath || ".");
  setScalar(doc, ["env", "NODE_VERSION"], options.nodeVersion);
  setScalar(doc, ["env", "PNPM_VERSION"], options.pnpmVersion);
  if (doc.hasIn(["env", "APPGEN_ALLOWED_LICENSES"])) {
    setScalar(doc, ["env", "APPGEN_ALLOWED_LICENSES"], options.licenses.allow.join(" "));
    setScalar(doc, ["env", "APPGEN_ALLOWED_PACKAGES"], options.licenses.allowPackages.join(" "));
  }

  const jobs = doc.get("jobs");
  if (!isMap(jobs)) throw new Error("workflow template has no jobs");
  for (const job of jobs.items) {
    const runsOn = options.runsOn.length === 1 ? options.runsOn[0] : flowList(doc, options.runsOn);
    doc.setIn(["jobs", keyOf(job.key), "runs-on"], runsOn);
  }

  const on = doc.get("on");
  if (!isMap(on)) throw new Error("workflow template has no `on` map");
  for (const trigger of on.items) {
    const event = keyOf(trigger.key);
    if (event === "push") doc.setIn(["on", event, "branches"], flowList(doc, [options.defaultBranch]));
    // Beside other folders of the repository, the app's workflows run only for changes to the app or to them
    // (a manual dispatch has no changes to filter).
    if (options.appPath && event !== "workflow_dispatch") {
      if (!isMap(trigger.value)) trigger.value = doc.createNode({});
      doc.setIn(["on", event, "paths"], doc.createNode([`${options.appPath}/**`, ...watches]));
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Sets a value keeping the template's quoting (NODE_VERSION stays a string, not a number). */
function setScalar(doc: Document, path: readonly string[], value: string): void {
  const node = doc.getIn(path, true);
  if (!isScalar(node)) throw new Error(`workflow template has no ${path.join(".")}`);
  node.value = value;
}

function flowList(doc: Document, items: readonly string[]) {
  const node = doc.createNode([...items]);
  node.flow = true;
  return node;
}

function keyOf(key: unknown): string {
  const value = isScalar(key) ? key.value : key;
  if (typeof value !== "string") throw new Error("workflow template has a non-string key");
  return value;
}

const templates = new Map<string, string>();
function readTemplate(name: string): string {
  let text = templates.get(name);
  if (text === undefined) {
    text = readFileSync(join(WORKFLOW_TEMPLATE_ROOT, name), "utf8");
    templates.set(name, text);
  }
  return text;
}

let pnpmVersion: string | undefined;
/** The pnpm `appgen check` runs (our own dependency), so CI installs with the same pnpm as a local check. */
function ourPnpmVersion(): string {
  pnpmVersion ??= (createRequire(import.meta.url)("pnpm/package.json") as { version: string }).version;
  return pnpmVersion;
}

let actionFiles: readonly GeneratedFile[] | undefined;
/**
 * The diagnose action as the CI workflow uses it: a copy of actions/diagnose (action.yml, the compiled dist/, and a
 * package.json if it has one), committed into the project so its CI needs nothing from our repository.
 */
export function diagnoseActionFiles(source = DIAGNOSE_ACTION_SOURCE): readonly GeneratedFile[] {
  if (source === DIAGNOSE_ACTION_SOURCE && actionFiles) return actionFiles;
  const files: GeneratedFile[] = [];
  const read = (path: string) => readFileSync(join(source, path), "utf8");
  let entries;
  try {
    entries = readdirSync(source, { withFileTypes: true, recursive: true });
  } catch (error) {
    throw new Error(`${source} cannot be read: the generated CI workflow needs the diagnose action`, { cause: error });
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = relative(source, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (path === "action.yml" || path === "package.json" || path.startsWith("dist/")) {
      files.push({ path: `${DIAGNOSE_ACTION_PATH}/${path}`, content: read(path) });
    }
  }
  if (!files.some((file) => file.path === `${DIAGNOSE_ACTION_PATH}/action.yml`)) {
    throw new Error(`${source}/action.yml is missing: the generated CI workflow needs the diagnose action`);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (source === DIAGNOSE_ACTION_SOURCE) actionFiles = files;
  return files;
}
