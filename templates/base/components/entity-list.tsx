import Link from "next/link";
import { ArrowDown, ArrowUp, Plus } from "lucide-react";

import { ActionButton } from "@/components/action-button";
import { FieldValue } from "@/components/field-value";
import { NotAllowed } from "@/components/not-allowed";
import { filterChoices, ListFilters } from "@/components/list-filters";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { actionAllowed, actionApplies, fieldByName, inSentence, recordTitle, type EntityDefinition } from "@/lib/entity";
import { AppError } from "@/lib/errors";
import { listRecords } from "@/lib/records";
import { parseListQuery } from "@/lib/validation";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** List page of an entity: search, sortable columns, pagination and an empty state. */
export async function EntityList({ entity, searchParams, title = entity.pluralLabel }: { entity: EntityDefinition; searchParams: SearchParams; title?: string }) {
  const user = await requireUser();
  const params = await searchParams;
  // The filter bar's controls keep what the person typed; parameters the list does not know are dropped.
  const known = ["q", "sort", "order", "page", "per_page", ...entity.filters.map((f) => f.param)];
  const values: Record<string, string> = {};
  for (const name of known) {
    const value = first(params[name]);
    if (value) values[name] = value;
  }
  // Until the person sorts by a column, the list keeps the order its manifest page gives (newest first without one).
  if (!values.sort && entity.defaultSort) {
    values.sort = entity.defaultSort.field;
    values.order ??= entity.defaultSort.order;
  }
  let query;
  let problem: AppError | undefined;
  try {
    query = parseListQuery(entity, { get: (name) => values[name] ?? null });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error;
    for (const name of Object.keys(error.fields ?? {})) delete values[name];
    query = parseListQuery(entity, { get: (name) => values[name] ?? null });
  }
  const { data, total, choices, allowed } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    if (!allowed.read) return { data: [], total: 0, choices: {}, allowed };
    return { ...(await listRecords(tx, entity, query)), choices: await filterChoices(tx, entity), allowed };
  });
  if (!allowed.read) return <NotAllowed entity={entity} kind="read" />;
  const filtered = entity.filters.some((f) => values[f.param]);
  const roles = allowed.roles;
  // Actions that need neither a confirmation nor input get a button on every row they apply to.
  const rowActions = (entity.actions ?? []).filter((action) => !action.pick && !action.confirm && action.inputs.length === 0 && actionAllowed(action, roles));
  // Picks are actions of the whole list: the server draws the row.
  const picks = (entity.actions ?? []).filter((action) => action.pick && actionAllowed(action, roles));
  const pages = Math.max(1, Math.ceil(total / query.perPage));
  const href = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams();
    const merged = { ...values, q: query.q, sort: query.sort, order: query.order, page: query.page, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== "") next.set(key, String(value));
    return `/${entity.path}?${next.toString()}`;
  };
  const columns = entity.listFields.map((name) => fieldByName(entity, name)).filter((field) => field !== undefined);
  const displayField = fieldByName(entity, entity.displayField);

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {entity.views?.board || entity.views?.calendar ? (
          <span className="flex flex-wrap gap-2">
            {entity.views.board ? (
              <Button asChild variant="outline">
                <Link href={`/${entity.path}/board`}>Board</Link>
              </Button>
            ) : null}
            {entity.views.calendar ? (
              <Button asChild variant="outline">
                <Link href={`/${entity.path}/calendar`}>Calendar</Link>
              </Button>
            ) : null}
          </span>
        ) : null}
        {picks.map((action) => (
          <ActionButton key={action.name} entityName={entity.name} id={null} action={action} />
        ))}
        {entity.singleton ? (
          // Each person has one: their own page shows it, or the form that creates it.
          <Button asChild variant="outline">
            <Link href={`/${entity.path}/mine`}>{entity.singleton.title}</Link>
          </Button>
        ) : allowed.write ? (
          <Button asChild>
            <Link href={`/${entity.path}/new`}>
              <Plus /> New {entity.label.toLowerCase()}
            </Link>
          </Button>
        ) : null}
      </div>
      <ListFilters entity={entity} values={values} choices={choices} />
      {problem ? (
        <p role="alert" className="text-destructive text-sm">
          Left out what could not be read: {Object.entries(problem.fields ?? {}).map(([name, message]) => `${name} (${message})`).join(", ")}
        </p>
      ) : null}
      {data.length === 0 ? (
        <div className="text-muted-foreground grid place-items-center gap-3 rounded-lg border border-dashed p-10 text-center">
          <p>
            {query.q
              ? `No ${entity.pluralLabel.toLowerCase()} match “${query.q}”${filtered ? " and these filters" : ""}.`
              : filtered
                ? `No ${entity.pluralLabel.toLowerCase()} match these filters.`
                : `No ${entity.pluralLabel.toLowerCase()} yet.`}
          </p>
          {allowed.write && !filtered && !query.q ? (
            <Button asChild variant="outline">
              <Link href={`/${entity.path}/new`}>Create the first one</Link>
            </Button>
          ) : null}
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
                        {field === displayField ? recordTitle(entity, row) : <FieldValue field={field} row={row} />}
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
      <nav aria-label="Pagination" className="text-muted-foreground flex flex-wrap items-center justify-between gap-2 text-sm">
        <span>
          {total} {inSentence(total === 1 ? entity.label : entity.pluralLabel)} · page {Math.min(query.page, pages)} of {pages}
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
