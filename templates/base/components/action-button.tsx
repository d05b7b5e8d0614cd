"use client";

import { useActionState, useEffect } from "react";
import { toast } from "sonner";

import { FieldInput } from "@/components/entity-form";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { performAction, type ActionState } from "@/lib/actions";
import type { ActionDefinition, RelationChoices } from "@/lib/entity";

/**
 * The button of an entity action. Without a confirmation or inputs one click runs it; otherwise a dialog asks first
 * (and holds the action's small form). The server runs the action's database function and answers what happened.
 */
interface ActionButtonProps {
  entityName: string;
  /** The row it acts on; null for a pick, whose row the server draws. */
  id: string | null;
  action: ActionDefinition;
  size?: "default" | "sm";
  /** Per relation input: the first page of choices. */
  choices?: Record<string, RelationChoices>;
}

export function ActionButton({ entityName, id, action, size = "default", choices = {} }: ActionButtonProps) {
  const [state, run, pending] = useActionState<ActionState, FormData>(performAction.bind(null, entityName, action.name, id), { attempt: 0, errors: {} });
  // Every action that worked says so in a toast too, like a save or a delete.
  useEffect(() => {
    if (state.ok && state.message) toast.success(state.message);
  }, [state]);
  const message = state.message ? (
    <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-muted-foreground w-full text-sm" : "text-destructive w-full text-sm"}>
      {state.message}
    </p>
  ) : null;
  if (!action.confirm && action.inputs.length === 0) {
    return (
      <form action={run} className="contents">
        <Button type="submit" variant="secondary" size={size} disabled={pending} data-action={action.name}>
          {action.label}
        </Button>
        {message}
      </form>
    );
  }
  return (
    <>
      {/* A success re-mounts the dialog closed; a failure keeps it open with the messages. */}
      <AlertDialog key={state.ok ? state.attempt : "open"} defaultOpen={!state.ok && state.attempt > 0}>
        <AlertDialogTrigger asChild>
          <Button variant="secondary" size={size} data-action={action.name}>
            {action.label}
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <form action={run} noValidate className="grid gap-4">
            <AlertDialogHeader>
              <AlertDialogTitle>{action.label}</AlertDialogTitle>
              <AlertDialogDescription>{action.confirm ?? "Enter the values, then confirm."}</AlertDialogDescription>
            </AlertDialogHeader>
            {action.inputs.map((field) => (
              <FieldInput
                key={field.name}
                entityName={entityName}
                field={field}
                value={state.values?.[field.property]}
                error={state.errors[field.property]}
                choices={choices[field.name] ?? { options: [], total: 0 }}
              />
            ))}
            {!state.ok ? message : null}
            <AlertDialogFooter>
              <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
              <Button type="submit" disabled={pending}>
                {action.label}
              </Button>
            </AlertDialogFooter>
          </form>
        </AlertDialogContent>
      </AlertDialog>
      {state.ok ? message : null}
    </>
  );
}
