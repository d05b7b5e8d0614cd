import Link from "next/link";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import type { Tx } from "@/lib/db";
import { fieldByName, type EntityDefinition, type FieldDefinition, type ListFilterDefinition, type RelationChoices } from "@/lib/entity";
import { relationChoices } from "@/lib/records";

/** Per relation filter: the first page of rows to choose from. */
export async function filterChoices(tx: Tx, entity: EntityDefinition): Promise<Record<string, RelationChoices>> {
  const choices: Record<string, RelationChoices> = {};
  for (const filter of entity.filters) {
    const field = fieldByName(entity, filter.field);
    if (field?.relation && !filter.bound) choices[field.name] = await relationChoices(tx, field);
  }
  return choices;
}

interface FilterGroup {
  field: FieldDefinition;
  exact?: ListFilterDefinition;
  min?: ListFilterDefinition;
  max?: ListFilterDefinition;
}

function groups(entity: EntityDefinition): FilterGroup[] {
  const byField = new Map<string, FilterGroup>();
  for (const filter of entity.filters) {
    const field = fieldByName(entity, filter.field);
    if (!field) continue;
    const group = byField.get(field.name) ?? { field };
    if (filter.bound) group[filter.bound] = filter;
    else group.exact = filter;
    byField.set(field.name, group);
  }
  return [...byField.values()];
}

interface ListFiltersProps {
  entity: EntityDefinition;
  /** The raw query parameters, as the page got them. */
  values: Record<string, string>;
  choices: Record<string, RelationChoices>;
}

/** The list's search box and one control per filter the API offers: selects for options, yes/no and relations, ranges for numbers and dates. */
export function ListFilters({ entity, values, choices }: ListFiltersProps) {
  const all = groups(entity);
  if (entity.searchFields.length === 0 && all.length === 0) return null;
  const active = ["q", ...entity.filters.map((f) => f.param)].some((param) => values[param]);
  return (
    <form role="search" aria-label={`Filter ${entity.pluralLabel}`} action={`/${entity.path}`} className="bg-card text-card-foreground flex flex-wrap items-end gap-3 rounded-lg border p-3">
      {entity.searchFields.length > 0 ? (
        <div className="grid min-w-0 flex-1 basis-48 gap-1.5">
          <Label htmlFor="filter-q">Search</Label>
          <Input id="filter-q" type="search" name="q" defaultValue={values.q} placeholder={`Search ${entity.pluralLabel.toLowerCase()}`} />
        </div>
      ) : null}
      {all.map((group) => (
        <FilterControl key={group.field.name} group={group} values={values} choices={choices[group.field.name]} />
      ))}
      {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
      {values.order ? <input type="hidden" name="order" value={values.order} /> : null}
      {values.per_page ? <input type="hidden" name="per_page" value={values.per_page} /> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="outline">
          {all.length > 0 ? "Apply" : "Search"}
        </Button>
        {active ? (
          <Button asChild variant="ghost">
            <Link href={`/${entity.path}`}>Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function FilterControl({ group, values, choices }: { group: FilterGroup; values: Record<string, string>; choices?: RelationChoices }) {
  const { field, exact, min, max } = group;
  const id = `filter-${field.property}`;
  if (exact) {
    let options: { value: string; label: string }[] = [];
    if (field.type === "enum") options = [...(field.options ?? [])];
    else if (field.type === "boolean") options = [{ value: "true", label: "Yes" }, { value: "false", label: "No" }];
    else {
      options = (choices?.options ?? []).map((ref) => ({ value: ref.id, label: ref.label }));
      const current = values[exact.param];
      if (current && !options.some((o) => o.value === current)) options.unshift({ value: current, label: "(chosen)" });
    }
    return (
      <div className="grid w-full gap-1.5 sm:w-44">
        <Label htmlFor={id}>{field.label}</Label>
        <NativeSelect id={id} name={exact.param} defaultValue={values[exact.param] ?? ""}>
          <NativeSelectOption value="">Any</NativeSelectOption>
          {options.map((option) => (
            <NativeSelectOption key={option.value} value={option.value}>
              {option.label}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
    );
  }
  const date = field.type === "date" || field.type === "datetime";
  const type = date ? "date" : "number";
  const step = field.type === "integer" ? "1" : date ? undefined : "any";
  return (
    // A fieldset is as wide as its content unless told otherwise (min-inline-size: min-content); date inputs are wide.
    <fieldset className="grid w-full min-w-0 grid-cols-1 gap-1.5 sm:w-auto">
      <legend className="mb-1.5 text-sm leading-none font-medium">{field.label}</legend>
      <div className="flex min-w-0 items-center gap-1.5">
        {min ? <Input className="min-w-0 flex-1 sm:w-36 sm:flex-none" type={type} step={step} name={min.param} defaultValue={values[min.param]} aria-label={`${field.label} from`} placeholder="from" /> : null}
        <span className="text-muted-foreground text-sm" aria-hidden="true">
          –
        </span>
        {max ? <Input className="min-w-0 flex-1 sm:w-36 sm:flex-none" type={type} step={step} name={max.param} defaultValue={values[max.param]} aria-label={`${field.label} to`} placeholder="to" /> : null}
      </div>
    </fieldset>
  );
}
