import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { notifications } from "@/lib/notifications";
import type { DeliveryRow } from "@/lib/notify";

const STATUS: Record<DeliveryRow["status"], string> = {
  pending: "Waiting to be sent",
  sending: "Sending",
  sent: "Sent",
  recorded: "Recorded, not sent: no provider is configured",
  failed: "Not sent",
};

/** The messages about a row and what became of each: sent, recorded without a provider, or failed and why. */
export function Deliveries({ deliveries }: { deliveries: readonly DeliveryRow[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Messages</CardTitle>
      </CardHeader>
      <CardContent>
        {deliveries.length === 0 ? (
          <p className="text-muted-foreground text-sm">No messages about it yet.</p>
        ) : (
          <ul className="grid gap-3" aria-label="Messages">
            {deliveries.map((delivery) => (
              <li key={delivery.id} data-delivery={delivery.notification} data-status={delivery.status} className="grid gap-1 border-b pb-3 text-sm last:border-b-0 last:pb-0">
                <span className="font-medium">
                  {notifications.find((n) => n.name === delivery.notification)?.label ?? delivery.notification} · {delivery.channel}
                  {delivery.recipient ? ` to ${delivery.recipient}` : ""}
                </span>
                <span className={delivery.status === "failed" ? "text-destructive" : "text-muted-foreground"}>
                  {STATUS[delivery.status]}
                  {delivery.error ? `: ${delivery.error}` : ""} · <time dateTime={delivery.sent_at ?? delivery.created_at}>{(delivery.sent_at ?? delivery.created_at).replace("T", " ").slice(0, 16)} UTC</time>
                </span>
                {delivery.body ? <span className="[overflow-wrap:anywhere]">{delivery.body}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
