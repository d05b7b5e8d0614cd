import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { isManyToMany, type FieldDefinition, type RecordRow, type Ref } from "@/lib/entity";

const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A field's value for reading: labels for options and relations, links for e-mail, URLs and related rows. */
export function FieldValue({ field, row }: { field: FieldDefinition; row: RecordRow }) {
  const value = row[field.property];
  if (field.type === "user") {
    const ref = row._refs?.[field.name];
    if (!ref || Array.isArray(ref)) return <span className="text-muted-foreground">—</span>;
    return <span>{ref.label}</span>;
  }
  if (field.relation) {
    const ref = row._refs?.[field.name];
    const refs: Ref[] = isManyToMany(field) ? ((ref as Ref[] | undefined) ?? []) : ref ? [ref as Ref] : [];
    if (refs.length === 0) return <span className="text-muted-foreground">—</span>;
    return (
      <span className="flex flex-wrap gap-1">
        {refs.map((r) =>
          r.hidden ? (
            <span key={r.id} className="text-muted-foreground" title="You may not read this record.">
              {r.label}
            </span>
          ) : (
            <Link key={r.id} href={`/${field.relation?.targetPath}/${r.id}`} className="text-primary underline-offset-4 hover:underline">
              {r.label}
            </Link>
          ),
        )}
      </span>
    );
  }
  if (value === null || value === undefined || value === "") return <span className="text-muted-foreground">—</span>;
  switch (field.type) {
    case "boolean":
      return <span>{value ? "Yes" : "No"}</span>;
    case "enum":
      return <Badge variant="secondary">{field.options?.find((o) => o.value === value)?.label ?? String(value)}</Badge>;
    case "money":
      return <span className="tabular-nums">{money.format(Number(value))}</span>;
    case "integer":
    case "decimal":
      return <span className="tabular-nums">{String(value)}</span>;
    case "datetime":
      return <time dateTime={String(value)}>{new Date(String(value)).toLocaleString("en-US", { timeZone: "UTC" })} UTC</time>;
    case "email":
      return <a className="text-primary underline-offset-4 hover:underline" href={`mailto:${String(value)}`}>{String(value)}</a>;
    case "url":
      return <a className="text-primary underline-offset-4 hover:underline" href={String(value)} rel="noreferrer">{String(value)}</a>;
    case "long_text":
      return <span className="whitespace-pre-wrap">{String(value)}</span>;
    default:
      return <span>{String(value)}</span>;
  }
}
