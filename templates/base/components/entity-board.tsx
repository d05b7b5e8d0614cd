import Link from "next/link";

import { BoardColumns, type BoardCard, type BoardColumn } from "@/components/board-columns";
import { NotAllowed } from "@/components/not-allowed";
import { Button } from "@/components/ui/button";
import { permissions } from "@/lib/access";
import { requireUser } from "@/lib/auth";
import { withUser } from "@/lib/db";
import { fieldByName, inSentence, recordTitle, type EntityDefinition } from "@/lib/entity";
import { listRecords } from "@/lib/records";

/** Cards a column shows: its most recently changed rows; the column's count links to all of them in the list. */
export const BOARD_COLUMN_SIZE = 100;

/**
 * Board page of an entity: one column per option of its enum field (and one for rows without a value when the field
 * is optional). Whoever may change the rows moves cards by dragging them or with each card's "Move to" control.
 */
export async function EntityBoard({ entity }: { entity: EntityDefinition }) {
  const board = entity.views?.board;
  const field = board ? fieldByName(entity, board.field) : undefined;
  if (!board || !field?.options) throw new Error(`${entity.name} has no board: its manifest has no board page`);
  const options = field.options;
  const user = await requireUser();
  const values: (string | null)[] = [...(field.required ? [] : [null]), ...options.map((option) => option.value)];
  const { allowed, found } = await withUser(user, async (tx) => {
    const allowed = await permissions(tx, entity);
    if (!allowed.read) return { allowed, found: [] };
    const found = [];
    for (const value of values) {
      const query = { sort: "updated_at", order: "desc" as const, page: 1, perPage: BOARD_COLUMN_SIZE, filters: { [field.name]: value } };
      found.push({ value, ...(await listRecords(tx, entity, query)) });
    }
    return { allowed, found };
  });
  if (!allowed.read) return <NotAllowed entity={entity} kind="read" />;
  const filter = entity.filters.find((f) => f.field === field.name && !f.bound);
  const columns: BoardColumn[] = found.map(({ value, total }) => ({
    value,
    label: value === null ? `No ${inSentence(field.label)}` : (options.find((option) => option.value === value)?.label ?? value),
    total,
    href: value !== null && filter ? `/${entity.path}?${new URLSearchParams({ [filter.param]: value }).toString()}` : undefined,
  }));
  const cards: BoardCard[] = found.flatMap(({ value, data }) => data.map((row) => ({ id: row.id, title: recordTitle(entity, row), value })));

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{board.title}</h1>
        <Button asChild variant="outline">
          <Link href={`/${entity.path}`}>All {inSentence(entity.pluralLabel)}</Link>
        </Button>
      </div>
      <BoardColumns
        path={entity.path}
        property={field.property}
        title={board.title}
        columns={columns}
        cards={cards}
        canMove={allowed.write && !field.readOnly}
      />
    </div>
  );
}
