import { EntityDetail } from "@/components/entity-detail";
import { EntityFormPage } from "@/components/entity-form-page";
import { NotAllowed } from "@/components/not-allowed";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import type { EntityDefinition } from "@/lib/entity";
import { getMine } from "@/lib/records";

/**
 * A singleton's one page (/<path>/mine): the person's own row once it exists, and until then the form that creates
 * it, pre-filled from the defaults, so "my profile" is created on first use.
 */
export async function EntityMine({ entity }: { entity: EntityDefinition }) {
  const user = await requireUser();
  const { row, allowed } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    return { row: allowed.read ? await getMine(tx, entity) : null, allowed };
  });
  if (!allowed.read) return <NotAllowed entity={entity} kind="read" />;
  if (row) return <EntityDetail entity={entity} id={row.id} mine />;
  return <EntityFormPage entity={entity} id={null} mine />;
}
