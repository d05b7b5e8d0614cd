import Link from "next/link";
import { notFound } from "next/navigation";
import { Pencil } from "lucide-react";

import { ActionButton } from "@/components/action-button";
import { DeleteButton } from "@/components/delete-button";
import { Deliveries } from "@/components/deliveries";
import { FieldValue } from "@/components/field-value";
import { FlashOnArrival } from "@/components/flash-toasts";
import { NotAllowed } from "@/components/not-allowed";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { actionAllowed, actionApplies, recordTitle, type EntityDefinition, type RelationChoices } from "@/lib/entity";
import { deliveriesOf, notifies, type DeliveryRow } from "@/lib/notify";
import { getRecord, relationChoices } from "@/lib/records";

/** One row's page; `mine` is a singleton's own row at /<path>/mine, titled "My …". */
export async function EntityDetail({ entity, id, mine = false }: { entity: EntityDefinition; id: string; mine?: boolean }) {
  const user = await requireUser();
  const { row, actions, choices, allowed, deliveries } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    const row = allowed.read ? await getRecord(tx, entity, id) : null;
    // Buttons for the actions this user may run and whose conditions hold now; the database checks both again.
    const actions = row ? (entity.actions ?? []).filter((action) => !action.pick && actionAllowed(action, allowed.roles) && actionApplies(action, row, user.id)) : [];
    const choices: Record<string, Record<string, RelationChoices>> = {};
    for (const action of actions) {
      for (const field of action.inputs) if (field.relation) (choices[action.name] ??= {})[field.name] = await relationChoices(tx, field);
    }
    const deliveries: DeliveryRow[] = row && notifies(entity) ? await deliveriesOf(tx, entity, row.id) : [];
    return { row, actions, choices, allowed, deliveries };
  });
  if (!allowed.read) return <NotAllowed entity={entity} kind="read" />;
  if (!row) notFound();
  const title = recordTitle(entity, row);
  return (
    <div className="grid grid-cols-1 gap-6">
      {mine ? <FlashOnArrival /> : null}
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          {mine && entity.singleton ? null : (
            <Link href={`/${entity.path}`} className="text-muted-foreground text-sm hover:underline">
              {entity.pluralLabel}
            </Link>
          )}
          <h1 className="text-2xl font-semibold tracking-tight">{mine && entity.singleton ? entity.singleton.title : title}</h1>
        </div>
        <div className="flex flex-wrap gap-2">
          {actions.map((action) => (
            <ActionButton key={action.name} entityName={entity.name} id={row.id} action={action} choices={choices[action.name]} />
          ))}
          {allowed.write ? (
            <>
              <Button asChild variant="outline">
                <Link href={`/${entity.path}/${row.id}/edit`}>
                  <Pencil /> Edit
                </Link>
              </Button>
              <DeleteButton entityName={entity.name} id={row.id} label={entity.label} title={title} />
            </>
          ) : null}
        </div>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>{mine && entity.singleton ? title : entity.label}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-[12rem_minmax(0,1fr)]">
            {entity.fields.map((field) => (
              <div key={field.name} className="contents">
                <dt className="text-muted-foreground text-sm font-medium">{field.label}</dt>
                <dd data-field={field.name} className="min-w-0 [overflow-wrap:anywhere]">
                  <FieldValue field={field} row={row} />
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {notifies(entity) ? <Deliveries deliveries={deliveries} /> : null}
    </div>
  );
}
