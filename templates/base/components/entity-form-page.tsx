import Link from "next/link";
import { notFound } from "next/navigation";

import { EntityForm } from "@/components/entity-form";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { recordLabel, type EntityDefinition, type Ref } from "@/lib/entity";
import { valueToText, type FormValues } from "@/lib/form";
import { getRecord, relationOptions } from "@/lib/records";

/** Loads the row (when editing) and every relation's choices, then renders the form. */
export async function EntityFormPage({ entity, id }: { entity: EntityDefinition; id: string | null }) {
  const user = await requireUser();
  const { row, options } = await withUser(user, async (tx) => {
    const options: Record<string, Ref[]> = {};
    for (const field of entity.fields) if (field.relation) options[field.name] = await relationOptions(tx, field);
    return { row: id ? await getRecord(tx, entity, id) : null, options };
  });
  if (id && !row) notFound();
  const initial: FormValues = {};
  for (const field of entity.fields) initial[field.property] = valueToText(field, row?.[field.property]);
  return (
    <div className="grid gap-6">
      <div>
        <Link href={`/${entity.path}`} className="text-muted-foreground text-sm hover:underline">
          {entity.pluralLabel}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">
          {row ? `Edit ${recordLabel(entity, row)}` : `New ${entity.label.toLowerCase()}`}
        </h1>
      </div>
      <EntityForm entity={entity} id={id} initial={initial} options={options} />
    </div>
  );
}
