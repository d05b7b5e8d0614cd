import type { Manifest } from "../../schema-types/manifest.ts";
export function applyInstructions(previous: Manifest, instructions: string): { manifest: Manifest; changes: string[] } {
  void instructions;
  return { manifest: previous, changes: [] };
}
