import Link from "next/link";
import { notFound } from "next/navigation";

import { EntityForm } from "@/components/entity-form";
import { FieldValue } from "@/components/field-value";
import { NotAllowed } from "@/components/not-allowed";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { recordTitle, type EntityDefinition, type RecordRow, type Ref, type RelationChoices } from "@/lib/entity";
import { defaultValues, valueToText, type FormValues } from "@/lib/form";
import { getRecord, relationChoices } from "@/lib/records";

/** The row's current references first, labelled as the row shows them (a hidden row as such), then the first page. */
function withCurrent(choices: RelationChoices, current: Ref | Ref[] | null | undefined): RelationChoices {
  const refs = Array.isArray(current) ? current : current ? [current] : [];
  const ids = new Set(refs.map((ref) => ref.id));
  return { options: [...refs, ...choices.options.filter((option) => !ids.has(option.id))], total: choices.total };
}

/** Loads the row (when editing) and every relation's first page of choices, then renders the form. */
export async function EntityFormPage({ entity, id, title }: { entity: EntityDefinition; id: string | null; title?: string }) {
  const user = await requireUser();
  const { row, options, allowed } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    if (!allowed.write) return { row: null, options: {}, allowed };
    const row: RecordRow | null = id ? await getRecord(tx, entity, id) : null;
    const options: Record<string, RelationChoices> = {};
    for (const field of entity.fields) {
      if (field.relation && !field.readOnly) options[field.name] = withCurrent(await relationChoices(tx, field), row?._refs?.[field.name]);
    }
    return { row, options, allowed };
  });
  if (!allowed.write) return <NotAllowed entity={entity} kind="write" />;
  if (id && !row) notFound();
  const readOnly = entity.fields.filter((field) => field.readOnly);
  // A new row starts from the manifest's defaults, so what the form saves is what the API would have stored.
  const initial: FormValues = row ? {} : defaultValues(entity);
  if (row) for (const field of entity.fields) initial[field.property] = valueToText(field, row[field.property]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <Link href={`/${entity.path}`} className="text-muted-foreground text-sm hover:underline">
          {entity.pluralLabel}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">
          {row ? `Edit ${recordTitle(entity, row)}` : (title ?? `New ${entity.label.toLowerCase()}`)}
        </h1>
      </div>
      {row && readOnly.length > 0 ? (
        // Values only the server sets: shown while editing, never part of the form.
        <dl className="text-muted-foreground grid max-w-2xl grid-cols-1 gap-2 text-sm sm:grid-cols-[12rem_minmax(0,1fr)]" aria-label="Set by the server">
          {readOnly.map((field) => (
            <div key={field.name} className="contents">
              <dt className="font-medium">{field.label}</dt>
              <dd data-read-only-field={field.name}>
                <FieldValue field={field} row={row} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <EntityForm entity={entity} id={id} initial={initial} options={options} />
    </div>
  );
}
