"use client";

import Link from "next/link";
import { useActionState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RelationSelect } from "@/components/relation-select";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { saveRecord, type FormState } from "@/lib/actions";
import type { EntityDefinition, FieldDefinition, RelationChoices } from "@/lib/entity";
import type { FormValues } from "@/lib/form";

const INPUT_TYPES: Partial<Record<FieldDefinition["type"], string>> = {
  text: "text",
  email: "email",
  url: "url",
  phone: "tel",
  integer: "number",
  decimal: "number",
  money: "number",
  date: "date",
  datetime: "datetime-local",
};

interface EntityFormProps {
  entity: EntityDefinition;
  id: string | null;
  initial: FormValues;
  /** Per relation field: the first page of choices, always including the current values. */
  options: Record<string, RelationChoices>;
}

/** Create and edit form; the server checks it with the entity's zod schema and errors appear next to each field. */
export function EntityForm({ entity, id, initial, options }: EntityFormProps) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveRecord.bind(null, entity.name, id), { attempt: 0, errors: {} });
  const values = state.values ?? initial;
  const cancelHref = id ? `/${entity.path}/${id}` : `/${entity.path}`;
  return (
    <form key={state.attempt} action={action} noValidate className="grid max-w-2xl gap-5">
      {entity.fields.filter((field) => !field.readOnly).map((field) => (
        <FieldInput
          key={field.name}
          entityName={entity.name}
          field={field}
          value={values[field.property]}
          error={state.errors[field.property]}
          choices={options[field.name] ?? { options: [], total: 0 }}
        />
      ))}
      {state.message ? (
        <p role="alert" className="text-destructive text-sm">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {id ? "Save changes" : `Create ${entity.label.toLowerCase()}`}
        </Button>
        <Button asChild variant="outline">
          <Link href={cancelHref}>Cancel</Link>
        </Button>
      </div>
    </form>
  );
}

interface FieldInputProps {
  entityName: string;
  field: FieldDefinition;
  value: string | string[] | undefined;
  error?: string;
  choices: RelationChoices;
}

export function FieldInput({ entityName, field, value, error, choices }: FieldInputProps) {
  const inputId = `field-${field.property}`;
  const errorId = `${inputId}-error`;
  const common = {
    id: inputId,
    name: field.property,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
  };
  const text = typeof value === "string" ? value : "";
  let control;
  if (field.type === "boolean") {
    control = <input type="checkbox" {...common} defaultChecked={text === "on"} className="accent-primary size-4" />;
  } else if (field.type === "long_text") {
    control = <Textarea {...common} defaultValue={text} rows={4} />;
  } else if (field.type === "enum") {
    control = (
      <NativeSelect {...common} defaultValue={text}>
        <NativeSelectOption value="">{field.required ? "Choose…" : "—"}</NativeSelectOption>
        {field.options?.map((option) => (
          <NativeSelectOption key={option.value} value={option.value}>
            {option.label}
          </NativeSelectOption>
        ))}
      </NativeSelect>
    );
  } else if (field.relation) {
    control = <RelationSelect {...common} entityName={entityName} field={field} value={value} choices={choices} />;
  } else {
    const step = field.type === "money" ? "0.01" : field.type === "decimal" ? "any" : undefined;
    control = <Input {...common} type={INPUT_TYPES[field.type] ?? "text"} step={step} defaultValue={text} />;
  }
  return (
    <div className={field.type === "boolean" ? "flex items-center gap-3" : "grid gap-2"}>
      {field.type === "boolean" ? control : null}
      <Label htmlFor={inputId}>
        {field.label}
        {field.required && field.type !== "boolean" ? <span className="text-destructive" aria-hidden="true">*</span> : null}
      </Label>
      {field.type === "boolean" ? null : control}
      {error ? (
        <p id={errorId} className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}
