// Renames are recorded in the manifest (`renamed_from`) while they are pending, that is, until the database of the
// base has the new name. The migration planner reads them; nothing guesses a rename from a drop and an add.
import type { Entity, Manifest } from "../schema-types/manifest.ts";

type Named = { name: string; renamed_from?: string };

/** The previous item an item continues: same name, or its pending rename's old name (when that one is gone). */
function predecessor<T extends Named>(item: Named, previous: readonly T[], next: readonly Named[]): T | undefined {
  const same = previous.find((p) => p.name === item.name);
  if (same) return same;
  if (item.renamed_from === undefined || next.some((n) => n.name === item.renamed_from)) return undefined;
  return previous.find((p) => p.name === item.renamed_from);
}

/**
 * The manifest without the renames the deployed schema already has (or that no longer mean anything): a rename
 * stays recorded exactly as long as a database on the base still has the old name.
 */
export function settleRenames(manifest: Manifest, deployed: Manifest): Manifest {
  const out = structuredClone(manifest);
  for (const entity of out.entities) {
    const before = predecessor(entity, deployed.entities, out.entities);
    if (entity.renamed_from !== undefined && (before === undefined || before.name === entity.name))
      delete entity.renamed_from;
    for (const field of entity.fields) {
      if (field.renamed_from === undefined) continue;
      const old = before ? predecessor(field, before.fields, entity.fields) : undefined;
      if (old === undefined || old.name === field.name) delete field.renamed_from;
    }
  }
  return out;
}

/** Without any rename: where no database exists yet, the first migration is simply rewritten. */
export function withoutRenames(manifest: Manifest): Manifest {
  if (
    !manifest.entities.some((e) => e.renamed_from !== undefined || e.fields.some((f) => f.renamed_from !== undefined))
  )
    return manifest;
  const out = structuredClone(manifest);
  for (const entity of out.entities) {
    delete entity.renamed_from;
    for (const field of entity.fields) delete field.renamed_from;
  }
  return out;
}

/**
 * Keeps the pending renames of `previous` in a re-planned manifest whose planner left them out (a model answering
 * a second round): an entity or field that kept its new name keeps its old one recorded.
 */
export function carryRenames(previous: Manifest, next: Manifest): Manifest {
  const out = structuredClone(next);
  for (const entity of out.entities) {
    const before: Entity | undefined = previous.entities.find((e) => e.name === entity.name);
    if (!before) continue;
    if (
      entity.renamed_from === undefined &&
      before.renamed_from !== undefined &&
      !out.entities.some((e) => e.name === before.renamed_from)
    ) {
      entity.renamed_from = before.renamed_from;
    }
    for (const field of entity.fields) {
      const old = before.fields.find((f) => f.name === field.name);
      if (
        field.renamed_from === undefined &&
        old?.renamed_from !== undefined &&
        !entity.fields.some((f) => f.name === old.renamed_from)
      ) {
        field.renamed_from = old.renamed_from;
      }
    }
  }
  return out;
}
