// Notifications in the database: an outbox row is written in the transaction of the change it is about (a new row,
// a changed row, an action), clients can neither forge one nor read anyone else's, and migrations add and remove the
// outbox and its triggers so an upgraded database equals a fresh one.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertManifest, type Manifest } from "../../../../app/core/manifest/index.ts";
import { planMigration } from "../../../../app/core/stages/db/evolve.ts";
import { AUTH_SHIM_PATH, DEMO_USERS, MIGRATION_PATH, SEED_PATH } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { as, catalog, fileContent } from "./database.ts";

let cluster: PostgresCluster;
let databases = 0;
beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

const shop = (notifications?: unknown[]) =>
  assertManifest({
    name: "Shop",
    entities: [
      {
        name: "order",
        ownership: "user",
        fields: [
          { name: "title", type: "text", required: true },
          { name: "customer_email", type: "email" },
          { name: "status", type: "enum", options: ["open", "ready"], default: "open", read_only: true },
        ],
        actions: [
          { name: "mark_ready", when: [{ field: "status", equals: "open" }], set: [{ field: "status", to: "ready" }] },
        ],
      },
    ],
    ...(notifications ? { notifications } : {}),
  });

const notifying = shop([
  {
    name: "order_received",
    entity: "order",
    on: "created",
    channel: "email",
    to_field: "customer_email",
    message: "We got {title}.",
  },
  {
    name: "order_changed",
    entity: "order",
    on: "updated",
    channel: "webhook",
    to: "https://example.com/hook",
    message: "{title} changed",
  },
  {
    name: "order_ready",
    entity: "order",
    on: "action:mark_ready",
    channel: "sms",
    to: "+441234567890",
    message: "{title} is ready",
  },
]);

async function database(manifest: Manifest): Promise<postgres.Sql> {
  const name = `notify_${++databases}`;
  await cluster.createDatabase(name);
  const sql = cluster.connect({ database: name, onnotice: () => {} });
  await sql.unsafe(fileContent(manifest, AUTH_SHIM_PATH));
  await sql.begin((tx) => tx.unsafe(fileContent(manifest, MIGRATION_PATH)));
  await sql.begin((tx) => tx.unsafe(fileContent(manifest, SEED_PATH)));
  return sql;
}

const [alice, bob] = DEMO_USERS.map((u) => u.id) as [string, string];
const asAlice = { role: "authenticated", userId: alice } as const;

describe("notifications in the database", () => {
  it("queue a message with each new row, changed row and action, in the same transaction", async () => {
    const sql = await database(notifying);
    try {
      await sql`delete from public.appgen_notifications`;
      const id = await as(sql, asAlice, async (tx) => {
        const [row] =
          await tx`insert into public.orders (title, customer_email) values ('Lamp', 'ann@example.com') returning id`;
        return row!.id as string;
      });
      await as(sql, asAlice, (tx) => tx`update public.orders set title = 'Lamp 2' where id = ${id}`);
      await as(sql, asAlice, (tx) => tx`select public.appgen_action_orders_mark_ready(${id}::uuid, '{}'::jsonb)`);
      const queued =
        await sql`select notification, entity, row_id::text, channel, status, created_by::text from public.appgen_notifications order by created_at, notification`;
      expect(queued.map((q) => [q.notification, q.channel, q.status, q.row_id === id, q.created_by === alice])).toEqual(
        [
          ["order_received", "email", "pending", true, true],
          ["order_changed", "webhook", "pending", true, true],
          ["order_changed", "webhook", "pending", true, true],
          ["order_ready", "sms", "pending", true, true],
        ],
      );
      // A change that rolls back leaves no message behind.
      await expect(
        as(sql, asAlice, async (tx) => {
          await tx`insert into public.orders (title) values ('Ghost')`;
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect((await sql`select count(*)::int as n from public.appgen_notifications`)[0]!.n).toBe(4);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it("clients can neither forge a message nor read anyone else's", async () => {
    const sql = await database(notifying);
    try {
      await as(sql, asAlice, (tx) => tx`insert into public.orders (title) values ('Mine')`);
      await expect(
        as(
          sql,
          asAlice,
          (tx) =>
            tx`insert into public.appgen_notifications (notification, entity, row_id, channel) values ('order_ready', 'order', gen_random_uuid(), 'sms')`,
        ),
      ).rejects.toThrow(/row-level security/);
      const mine = await as(sql, asAlice, (tx) => tx`select count(*)::int as n from public.appgen_notifications`);
      expect(mine[0]!.n).toBeGreaterThan(0);
      const theirs = await as(
        sql,
        { role: "authenticated", userId: bob },
        (tx) => tx`select count(*)::int as n from public.appgen_notifications where created_by = ${alice}`,
      );
      expect(theirs[0]!.n).toBe(0);
      await expect(
        as(sql, asAlice, (tx) => tx`update public.appgen_notifications set status = 'sent'`),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it.each([
    ["adding the first notifications", shop(), notifying],
    [
      "changing and removing some",
      notifying,
      shop([
        {
          name: "order_received",
          entity: "order",
          on: "updated",
          channel: "email",
          to_field: "customer_email",
          message: "Changed: {title}",
        },
      ]),
    ],
    ["removing the last", notifying, shop()],
  ])(
    "%s: the schema equals a fresh one",
    async (_name, from, to) => {
      const sql = await database(from);
      const fresh = await database(to);
      try {
        const migration = planMigration(from, to);
        expect(migration).toBeDefined();
        await sql.begin((tx) => tx.unsafe(migration!.sql));
        expect(await catalog(sql)).toEqual(await catalog(fresh));
      } finally {
        await sql.end();
        await fresh.end();
      }
    },
    60_000,
  );
});
