import { ShieldX } from "lucide-react";

import type { EntityDefinition } from "@/lib/entity";

/** What a person sees instead of a screen their roles do not allow: the page exists, it is not theirs to use. */
export function NotAllowed({ entity, kind }: { entity: EntityDefinition; kind: "read" | "write" }) {
  return (
    <div className="grid grid-cols-1 gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">{entity.pluralLabel}</h1>
      <div className="bg-card text-card-foreground grid place-items-center gap-2 rounded-lg border border-dashed p-10 text-center" data-testid="not-allowed">
        <ShieldX className="text-muted-foreground size-8" aria-hidden="true" />
        <h2 className="text-lg font-semibold">Not allowed</h2>
        <p className="text-muted-foreground">
          Your role may not {kind === "read" ? "see" : "change"} {entity.pluralLabel.toLowerCase()}. Ask an administrator if you need to.
        </p>
      </div>
    </div>
  );
}
