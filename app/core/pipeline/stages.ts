// The deterministic stages after planning, in commit order. Each is a pure function of the manifest.
import type { Manifest } from "../manifest/index.ts";
import { renderOpenApi } from "../stages/api/index.ts";
import { renderDatabase } from "../stages/db/index.ts";
import { renderProject } from "../stages/files/index.ts";
import type { GeneratedFile } from "../stages/types.ts";
import { renderUiSpec } from "../stages/ui/index.ts";

export const GENERATION_STAGES = ["db", "api", "ui", "files"] as const;
export type GenerationStage = (typeof GENERATION_STAGES)[number];

export function renderStage(stage: GenerationStage, manifest: Manifest): GeneratedFile[] {
  switch (stage) {
    case "db":
      return renderDatabase(manifest);
    case "api":
      return [renderOpenApi(manifest)];
    case "ui":
      return [renderUiSpec(manifest)];
    case "files":
      // db/api/ui artifacts are committed by their own stages; the files stage owns the rest of the project.
      return renderProject(manifest);
  }
}
