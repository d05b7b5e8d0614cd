"use client";

import Link from "next/link";
import { GripVertical } from "lucide-react";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export interface BoardColumn {
  /** The field's value for the column's cards; null for rows without one. */
  value: string | null;
  label: string;
  /** How many rows have this value (a column shows at most the page's size of them). */
  total: number;
  /** The list filtered by this value. */
  href?: string;
}

export interface BoardCard {
  id: string;
  title: string;
  value: string | null;
}

interface BoardColumnsProps {
  path: string;
  /** The row property a move changes. */
  property: string;
  title: string;
  columns: BoardColumn[];
  cards: BoardCard[];
  /** Whether this person may change the rows: only then are cards draggable and have a "Move to" control. */
  canMove: boolean;
}

const keyOf = (value: string | null) => value ?? "";

/** The board's columns. A move shows at once, is sent as PATCH /api/<path>/{id}, and is undone when the server refuses it. */
export function BoardColumns({ path, property, title, columns, cards: initial, canMove }: BoardColumnsProps) {
  const [cards, setCards] = useState(initial);
  const [over, setOver] = useState<string | undefined>(undefined);
  const dragged = useRef<string | null>(null);
  const labelOf = (value: string | null) => columns.find((column) => column.value === value)?.label ?? String(value);

  async function move(id: string, value: string | null) {
    const card = cards.find((c) => c.id === id);
    if (!card || card.value === value) return;
    setCards((all) => all.map((c) => (c.id === id ? { ...c, value } : c)));
    let problem: string;
    try {
      const response = await fetch(`/api/${path}/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ [property]: value }),
      });
      if (response.ok) {
        toast.success(`Moved “${card.title}” to ${labelOf(value)}.`);
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      problem = body?.error?.message ?? `The server answered ${response.status}.`;
    } catch {
      problem = "The server could not be reached.";
    }
    setCards((all) => all.map((c) => (c.id === id ? { ...c, value: card.value } : c)));
    toast.error(`Could not move “${card.title}”: ${problem}`);
  }

  return (
    // The columns scroll sideways inside the board, never the page (phones included); `relative` keeps the cards'
    // visually hidden labels inside it too, where they would otherwise be placed against the page.
    <div className="relative overflow-x-auto pb-2" role="region" aria-label={`${title}: columns`} tabIndex={0}>
      <div className="flex items-start gap-4">
        {columns.map((column) => {
          const key = keyOf(column.value);
          const inColumn = cards.filter((card) => card.value === column.value);
          const movedIn = inColumn.length - initial.filter((card) => card.value === column.value).length;
          return (
            <section
              key={key}
              aria-label={column.label}
              data-column={key}
              className={cn("bg-muted text-foreground grid w-72 shrink-0 gap-3 rounded-lg border p-3", over === key && "ring-ring ring-2")}
              onDragOver={(event) => {
                if (!canMove || dragged.current === null) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
                setOver(key);
              }}
              onDragLeave={() => setOver((current) => (current === key ? undefined : current))}
              onDrop={(event) => {
                event.preventDefault();
                const id = dragged.current ?? event.dataTransfer.getData("text/plain");
                dragged.current = null;
                setOver(undefined);
                if (id) void move(id, column.value);
              }}
            >
              <h2 className="flex items-center justify-between gap-2 text-sm font-semibold">
                <span>{column.label}</span>
                {column.href ? (
                  <Link href={column.href} className="text-muted-foreground font-normal underline-offset-4 hover:underline" aria-label={`${column.total + movedIn} in the list`}>
                    {column.total + movedIn}
                  </Link>
                ) : (
                  <span className="text-muted-foreground font-normal">{column.total + movedIn}</span>
                )}
              </h2>
              <ul className="grid min-h-16 gap-2">
                {inColumn.map((card) => (
                  <Card
                    key={`${card.id}:${keyOf(card.value)}`}
                    path={path}
                    card={card}
                    columns={columns}
                    canMove={canMove}
                    onMove={(value) => void move(card.id, value)}
                    onDragStart={() => {
                      dragged.current = card.id;
                    }}
                    onDragEnd={() => {
                      dragged.current = null;
                      setOver(undefined);
                    }}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}

interface CardProps {
  path: string;
  card: BoardCard;
  columns: BoardColumn[];
  canMove: boolean;
  onMove: (value: string | null) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}

function Card({ path, card, columns, canMove, onMove, onDragStart, onDragEnd }: CardProps) {
  const [target, setTarget] = useState(keyOf(card.value));
  const id = useId();
  return (
    <li
      data-card={card.id}
      draggable={canMove}
      onDragStart={(event) => {
        event.dataTransfer.setData("text/plain", card.id);
        event.dataTransfer.effectAllowed = "move";
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      className={cn("bg-card text-card-foreground grid gap-2 rounded-md border p-3 shadow-sm", canMove && "cursor-grab")}
    >
      <div className="flex items-start justify-between gap-2">
        <Link href={`/${path}/${card.id}`} draggable={false} className="min-w-0 font-medium break-words underline-offset-4 hover:underline">
          {card.title}
        </Link>
        {canMove ? <GripVertical className="text-muted-foreground size-4 shrink-0" aria-hidden="true" /> : null}
      </div>
      {canMove ? (
        <form
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            onMove(target === "" ? null : target);
          }}
        >
          <label htmlFor={id} className="sr-only">
            Move “{card.title}” to
          </label>
          <select
            id={id}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            className="border-input bg-background h-8 min-w-0 flex-1 rounded-md border px-2 text-sm"
          >
            {columns.map((column) => (
              <option key={keyOf(column.value)} value={keyOf(column.value)}>
                {column.label}
              </option>
            ))}
          </select>
          <Button type="submit" size="sm" variant="outline" disabled={target === keyOf(card.value)}>
            Move
          </Button>
        </form>
      ) : null}
    </li>
  );
}
