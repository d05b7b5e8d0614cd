import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { EntityForm } from "@/components/entity-form";
import { FieldValue } from "@/components/field-value";
import { NotAllowed } from "@/components/not-allowed";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { recordTitle, type EntityDefinition, type RecordRow, type Ref, type RelationChoices } from "@/lib/entity";
import { defaultValues, valueToText, type FormValues } from "@/lib/form";
import { getMine, getRecord, relationChoices } from "@/lib/records";

/** The row's current references first, labelled as the row shows them (a hidden row as such), then the first page. */
function withCurrent(choices: RelationChoices, current: Ref | Ref[] | null | undefined): RelationChoices {
  const refs = Array.isArray(current) ? current : current ? [current] : [];
  const ids = new Set(refs.map((ref) => ref.id));
  return { options: [...refs, ...choices.options.filter((option) => !ids.has(option.id))], total: choices.total };
}

/**
 * Loads the row (when editing) and every relation's first page of choices, then renders the form. `mine` is a
 * singleton's first use at /<path>/mine; its /new sends a person who has their row already to that page.
 */
export async function EntityFormPage({ entity, id, title, mine = false }: { entity: EntityDefinition; id: string | null; title?: string; mine?: boolean }) {
  const user = await requireUser();
  const { row, options, allowed, hasMine } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    if (!allowed.write) return { row: null, options: {}, allowed, hasMine: false };
    if (entity.singleton && !id && !mine && (await getMine(tx, entity))) return { row: null, options: {}, allowed, hasMine: true };
    const row: RecordRow | null = id ? await getRecord(tx, entity, id) : null;
    const options: Record<string, RelationChoices> = {};
    for (const field of entity.fields) {
      if (field.relation && !field.readOnly) options[field.name] = withCurrent(await relationChoices(tx, field), row?._refs?.[field.name]);
    }
    return { row, options, allowed, hasMine: false };
  });
  if (!allowed.write) return <NotAllowed entity={entity} kind="write" />;
  if (hasMine) redirect(`/${entity.path}/mine`);
  if (id && !row) notFound();
  const readOnly = entity.fields.filter((field) => field.readOnly);
  // A new row starts from the manifest's defaults, so what the form saves is what the API would have stored.
  const initial: FormValues = row ? {} : defaultValues(entity);
  if (row) for (const field of entity.fields) initial[field.property] = valueToText(field, row[field.property]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        {mine ? null : (
          <Link href={`/${entity.path}`} className="text-muted-foreground text-sm hover:underline">
            {entity.pluralLabel}
          </Link>
        )}
        <h1 className="text-2xl font-semibold tracking-tight">
          {row ? `Edit ${recordTitle(entity, row)}` : mine && entity.singleton ? entity.singleton.title : (title ?? `New ${entity.label.toLowerCase()}`)}
        </h1>
        {mine ? <p className="text-muted-foreground text-sm">You have no {entity.label.toLowerCase()} yet: fill it in to create it.</p> : null}
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
