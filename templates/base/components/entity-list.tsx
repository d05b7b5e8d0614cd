import Link from "next/link";
import { ArrowDown, ArrowUp, Plus } from "lucide-react";

import { ActionButton } from "@/components/action-button";
import { FieldValue } from "@/components/field-value";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { actionAllowed, actionApplies, fieldByName, recordLabel, type EntityDefinition } from "@/lib/entity";
import { AppError } from "@/lib/errors";
import { listRecords, userRoles } from "@/lib/records";
import { parseListQuery } from "@/lib/validation";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** List page of an entity: search, sortable columns, pagination and an empty state. */
export async function EntityList({ entity, searchParams }: { entity: EntityDefinition; searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  let query;
  try {
    query = parseListQuery(entity, { get: (name) => first(params[name]) });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    query = parseListQuery(entity, { get: () => null });
  }
  const { data, total, roles } = await withUser(user, async (tx) => ({ ...(await listRecords(tx, entity, query)), roles: entity.actions ? await userRoles(tx) : [] }));
  // Actions that need neither a confirmation nor input get a button on every row they apply to.
  const rowActions = (entity.actions ?? []).filter((action) => !action.pick && !action.confirm && action.inputs.length === 0 && actionAllowed(action, roles));
  // Picks are actions of the whole list: the server draws the row.
  const picks = (entity.actions ?? []).filter((action) => action.pick && actionAllowed(action, roles));
  const pages = Math.max(1, Math.ceil(total / query.perPage));
  const href = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams();
    const merged = { q: query.q, sort: query.sort, order: query.order, page: query.page, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== "") next.set(key, String(value));
    return `/${entity.path}?${next.toString()}`;
  };
  const columns = entity.listFields.map((name) => fieldByName(entity, name)).filter((field) => field !== undefined);
  const displayField = fieldByName(entity, entity.displayField);

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{entity.pluralLabel}</h1>
        {picks.map((action) => (
          <ActionButton key={action.name} entityName={entity.name} id={null} action={action} />
        ))}
        <Button asChild>
          <Link href={`/${entity.path}/new`}>
            <Plus /> New {entity.label.toLowerCase()}
          </Link>
        </Button>
      </div>
      {entity.searchFields.length > 0 ? (
        <form role="search" className="flex max-w-md gap-2" action={`/${entity.path}`}>
          <Input type="search" name="q" defaultValue={query.q} placeholder={`Search ${entity.pluralLabel.toLowerCase()}`} aria-label="Search" />
          <Button type="submit" variant="outline">
            Search
          </Button>
        </form>
      ) : null}
      {data.length === 0 ? (
        <div className="text-muted-foreground grid place-items-center gap-3 rounded-lg border border-dashed p-10 text-center">
          <p>{query.q ? `No ${entity.pluralLabel.toLowerCase()} match “${query.q}”.` : `No ${entity.pluralLabel.toLowerCase()} yet.`}</p>
          <Button asChild variant="outline">
            <Link href={`/${entity.path}/new`}>Create the first one</Link>
          </Button>
        </div>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              {columns.map((field) => {
                const sortable = entity.sortFields.includes(field.name);
                const active = query.sort === field.name;
                const order = active && query.order === "asc" ? "desc" : "asc";
                return (
                  <TableHead key={field.name} aria-sort={active ? (query.order === "asc" ? "ascending" : "descending") : undefined}>
                    {sortable ? (
                      <Link href={href({ sort: field.name, order, page: 1 })} className="inline-flex items-center gap-1">
                        {field.label}
                        {active ? query.order === "asc" ? <ArrowUp className="size-3" /> : <ArrowDown className="size-3" /> : null}
                      </Link>
                    ) : (
                      field.label
                    )}
                  </TableHead>
                );
              })}
              {rowActions.length > 0 ? <TableHead className="sr-only">Actions</TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.map((row) => (
              <TableRow key={row.id}>
                {columns.map((field, index) => (
                  <TableCell key={field.name}>
                    {index === 0 || field === displayField ? (
                      <Link href={`/${entity.path}/${row.id}`} className="font-medium underline-offset-4 hover:underline">
                        {field === displayField ? recordLabel(entity, row) : <FieldValue field={field} row={row} />}
                      </Link>
                    ) : (
                      <FieldValue field={field} row={row} />
                    )}
                  </TableCell>
                ))}
                {rowActions.length > 0 ? (
                  <TableCell className="text-right">
                    {rowActions
                      .filter((action) => actionApplies(action, row, user.id))
                      .map((action) => (
                        <ActionButton key={action.name} entityName={entity.name} id={row.id} action={action} size="sm" />
                      ))}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <nav aria-label="Pagination" className="text-muted-foreground flex items-center justify-between text-sm">
        <span>
          {total} {total === 1 ? entity.label.toLowerCase() : entity.pluralLabel.toLowerCase()} · page {Math.min(query.page, pages)} of {pages}
        </span>
        <span className="flex gap-2">
          <Button asChild variant="outline" size="sm" aria-disabled={query.page <= 1}>
            <Link href={href({ page: Math.max(1, query.page - 1) })}>Previous</Link>
          </Button>
          <Button asChild variant="outline" size="sm" aria-disabled={query.page >= pages}>
            <Link href={href({ page: Math.min(pages, query.page + 1) })}>Next</Link>
          </Button>
        </span>
      </nav>
    </div>
  );
}
