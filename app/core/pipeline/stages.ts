// The deterministic stages after planning, in commit order. Each is a pure function of the manifest (and, for the
// files stage's workflows, of the repository's settings).
import type { Manifest } from "../manifest/index.ts";
import { renderOpenApi } from "../stages/api/index.ts";
import { renderDatabase } from "../stages/db/index.ts";
import { renderProject } from "../stages/files/index.ts";
import type { GeneratedFile } from "../stages/types.ts";
import { renderUiSpec } from "../stages/ui/index.ts";
import { renderWorkflows, type WorkflowOptions } from "../stages/workflows/index.ts";

export const GENERATION_STAGES = ["db", "api", "ui", "files"] as const;
export type GenerationStage = (typeof GENERATION_STAGES)[number];

/** What a stage needs besides the manifest: the repository's settings. */
export interface StageOptions {
  workflows?: WorkflowOptions;
}

/**
 * A stage's files. Paths are relative to the app's folder, except those under `.github/`, which are relative to the
 * repository root (GitHub reads workflows and actions only there).
 */
export function renderStage(stage: GenerationStage, manifest: Manifest, options: StageOptions = {}): GeneratedFile[] {
  switch (stage) {
    case "db":
      return renderDatabase(manifest);
    case "api":
      return [renderOpenApi(manifest)];
    case "ui":
      return [renderUiSpec(manifest)];
    case "files":
      // db/api/ui artifacts are committed by their own stages; the files stage owns the rest of the project,
      // its CI and deploy workflows included.
      return [...renderProject(manifest), ...renderWorkflows(options.workflows)];
  }
}
