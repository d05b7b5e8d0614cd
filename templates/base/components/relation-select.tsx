"use client";

import { useId, useMemo, useRef, useState, useTransition } from "react";

import { Input } from "@/components/ui/input";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { searchRelation } from "@/lib/actions";
import { isManyToMany, type FieldDefinition, type Ref, type RelationChoices } from "@/lib/entity";

interface RelationSelectProps extends Omit<React.ComponentProps<"select">, "value" | "defaultValue" | "onChange" | "multiple"> {
  entityName: string;
  field: FieldDefinition;
  value: string | string[] | undefined;
  choices: RelationChoices;
}

/**
 * A relation's picker: a native select (one or many), server-rendered with the first page of choices and the current
 * values. When the target has more rows than one page, a search box above it asks the server for matching rows; the
 * chosen values stay in the list whatever the search shows, so a search never drops a selection.
 */
export function RelationSelect({ entityName, field, value, choices, ...selectProps }: RelationSelectProps) {
  const many = isManyToMany(field);
  const [selected, setSelected] = useState<string[]>(() => (Array.isArray(value) ? value : value ? [value] : []));
  const [found, setFound] = useState<RelationChoices>(choices);
  const [known, setKnown] = useState<Map<string, Ref>>(() => new Map(choices.options.map((ref) => [ref.id, ref])));
  const [query, setQuery] = useState("");
  const [searching, startSearch] = useTransition();
  const searchable = choices.total > choices.options.length;
  const hintId = useId();

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef("");

  function search(text: string) {
    setQuery(text);
    latest.current = text;
    clearTimeout(timer.current);
    if (text.trim() === "") {
      setFound(choices);
      return;
    }
    timer.current = setTimeout(() => {
      startSearch(async () => {
        const result = await searchRelation(entityName, field.name, text);
        if (latest.current !== text) return; // a later search is under way
        setFound(result);
        setKnown((previous) => new Map([...previous, ...result.options.map((ref) => [ref.id, ref] as const)]));
      });
    }, 250);
  }

  const options = useMemo(() => {
    const shown = new Map<string, Ref>();
    for (const id of selected) shown.set(id, known.get(id) ?? { id, label: id });
    for (const ref of found.options) shown.set(ref.id, ref);
    return [...shown.values()];
  }, [found, known, selected]);

  const select = (
    <NativeSelect
      {...selectProps}
      multiple={many}
      value={many ? selected : (selected[0] ?? "")}
      onChange={(event) => setSelected(Array.from(event.currentTarget.selectedOptions, (option) => option.value).filter(Boolean))}
      aria-describedby={[selectProps["aria-describedby"], searchable ? hintId : undefined].filter(Boolean).join(" ") || undefined}
    >
      {many ? null : <NativeSelectOption value="">{field.required ? "Choose…" : "—"}</NativeSelectOption>}
      {options.map((option) => (
        <NativeSelectOption key={option.id} value={option.id}>
          {option.label}
        </NativeSelectOption>
      ))}
    </NativeSelect>
  );
  if (!searchable) return select;
  return (
    <div className="grid gap-2">
      <Input
        type="search"
        value={query}
        onChange={(event) => search(event.currentTarget.value)}
        aria-label={`Search ${field.label}`}
        aria-controls={selectProps.id}
        placeholder={`Search ${field.label.toLowerCase()}…`}
        autoComplete="off"
      />
      {select}
      <p id={hintId} className="text-muted-foreground text-sm" aria-live="polite">
        {searching ? "Searching…" : `${found.total} ${found.total === 1 ? "match" : "matches"}${found.total > found.options.length ? `, showing the first ${found.options.length}: type to narrow them down` : ""}.`}
      </p>
    </div>
  );
}
