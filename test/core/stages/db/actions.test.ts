// Server-set values and actions on real PostgreSQL, as the app and the Supabase REST API meet them: each request is a
// transaction with a switched role and JWT claims. Alice holds every role (member, manager); Bob only member.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../../../../app/core/manifest/index.ts";
import { DEMO_USERS } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { type Session, as, databaseFor } from "./database.ts";

const manifest = parseManifest(readFileSync(join(import.meta.dirname, "../../../e2e/manifests/actions.json"), "utf8"));
const [alice, bob] = DEMO_USERS.map((u) => u.id) as [string, string];
const user = (userId: string): Session => ({ role: "authenticated", userId });

let cluster: PostgresCluster;
let sql: postgres.Sql;

beforeAll(async () => {
  cluster = await startPostgres();
  sql = await databaseFor(cluster, "actions", manifest);
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await cluster?.stop();
});

const newTask = (userId: string, extra: Record<string, unknown> = {}) =>
  as(sql, user(userId), async (tx) => {
    const [row] = await tx`insert into public.tasks ${tx({ title: "Water the plants", ...extra })} returning *`;
    return row as Record<string, unknown>;
  });
const run = (userId: string, fn: string, id: string, input: Record<string, unknown> = {}) =>
  as(
    sql,
    user(userId),
    async (tx) =>
      (await tx.unsafe(`select public."${fn}"($1::uuid, $2::text::jsonb)::text as id`, [id, JSON.stringify(input)]))[0]
        ?.id as string,
  );
const task = async (id: string) =>
  (await sql`select * from public.tasks where id = ${id}`)[0] as Record<string, unknown>;

describe("server-set values", () => {
  it("an insert gets the defaults, whatever the client sends (as through the REST API)", async () => {
    const forged = await newTask(bob, {
      status: "done",
      reported_by: alice,
      reported_at: "1999-01-01T00:00:00Z",
      done_by: alice,
      times_reopened: 7,
    });
    expect(forged).toMatchObject({ status: "open", reported_by: bob, done_by: null, done_at: null, times_reopened: 0 });
    expect((forged.reported_at as Date).getFullYear()).toBeGreaterThan(2000);
  });

  it("an update keeps them, while the client's other changes apply", async () => {
    const row = await newTask(bob);
    await as(
      sql,
      user(bob),
      (tx) =>
        tx`update public.tasks set title = 'Renamed', status = 'done', done_by = ${bob}, reported_by = ${alice} where id = ${row.id as string}`,
    );
    expect(await task(row.id as string)).toMatchObject({
      title: "Renamed",
      status: "open",
      done_by: null,
      reported_by: bob,
    });
  });

  it("the database owner (seed, migrations, service role) may set them", async () => {
    const [row] =
      await sql`insert into public.tasks (title, status, owner_id, reported_by) values ('Seeded', 'done', ${alice}, ${alice}) returning status`;
    expect(row?.status).toBe("done");
  });

  it("a user field shows the account's e-mail to a signed-in reader", async () => {
    const row = await newTask(bob);
    const [label] = await as(
      sql,
      user(bob),
      (tx) =>
        tx`select public.appgen_user_email(reported_by) as email from public.tasks where id = ${row.id as string}`,
    );
    expect(label?.email).toBe("bob@example.com");
    await expect(
      as(sql, { role: "anon" }, (tx) => tx`select public.appgen_user_email(${bob}::uuid)`),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("actions", () => {
  it("mark_done sets the status, the time and the signed-in user in one call", async () => {
    const row = await newTask(bob);
    expect(await run(bob, "appgen_action_tasks_mark_done", row.id as string)).toBe(row.id);
    const done = await task(row.id as string);
    expect(done).toMatchObject({ status: "done", done_by: bob });
    expect(done.done_at).toBeInstanceOf(Date);
  });

  it("answers the guard's refusal (AG409) when the row is not in the right state, and changes nothing", async () => {
    const row = await newTask(bob);
    await run(bob, "appgen_action_tasks_mark_done", row.id as string);
    const before = await task(row.id as string);
    await expect(run(bob, "appgen_action_tasks_mark_done", row.id as string)).rejects.toMatchObject({
      code: "AG409",
      message: "Only open tasks can be marked as done.",
    });
    expect(await task(row.id as string)).toEqual(before);
  });

  it("another user cannot run my action on my row: it is not found for them", async () => {
    const row = await newTask(bob);
    await expect(run(alice, "appgen_action_tasks_mark_done", row.id as string)).rejects.toMatchObject({
      code: "P0002",
    });
    expect(await task(row.id as string)).toMatchObject({ status: "open", done_by: null });
  });

  it("refuses a user without the action's role (42501) and lets one with it run it", async () => {
    const mine = await newTask(bob);
    await run(bob, "appgen_action_tasks_mark_done", mine.id as string);
    await expect(run(bob, "appgen_action_tasks_reopen", mine.id as string)).rejects.toMatchObject({
      code: "42501",
      message: "Your role may not run “Reopen”.",
    });
    const hers = await newTask(alice);
    await run(alice, "appgen_action_tasks_mark_done", hers.id as string);
    await run(alice, "appgen_action_tasks_reopen", hers.id as string);
    expect(await task(hers.id as string)).toMatchObject({
      status: "open",
      done_by: null,
      done_at: null,
      times_reopened: 1,
    });
  });

  it("place_bid creates a bid linked to the item with the entered values and the bidder, and counts it", async () => {
    const [item] = await as(sql, user(bob), (tx) => tx`insert into public.items (name) values ('Lamp') returning id`);
    const id = item?.id as string;
    const bidId = await run(bob, "appgen_action_items_place_bid", id, { amount: 25.5, note: "first!" });
    const [bid] =
      await sql`select item_id, amount::float8 as amount, note, bidder from public.bids where id = ${bidId}`;
    expect(bid).toEqual({ item_id: id, amount: 25.5, note: "first!", bidder: bob });
    expect((await sql`select bid_count from public.items where id = ${id}`)[0]?.bid_count).toBe(1);
    // Bidding closed (a manager's action): the guard refuses, and nothing is created.
    await expect(run(bob, "appgen_action_items_close_bidding", id)).rejects.toMatchObject({ code: "42501" });
    await run(alice, "appgen_action_items_close_bidding", id);
    await expect(run(bob, "appgen_action_items_place_bid", id, { amount: 30 })).rejects.toMatchObject({
      code: "AG409",
      message: "Bidding on this item is closed.",
    });
    expect((await sql`select count(*)::int as n from public.bids where item_id = ${id}`)[0]?.n).toBe(1);
  });

  it("the setting that lets an action write read-only fields does not outlive the action", async () => {
    const row = await newTask(bob);
    const status = await as(sql, user(bob), async (tx) => {
      await tx.unsafe(`select public."appgen_action_tasks_mark_done"($1::uuid)`, [row.id as string]);
      await tx`update public.tasks set status = 'open' where id = ${row.id as string}`;
      return (await tx`select status from public.tasks where id = ${row.id as string}`)[0]?.status;
    });
    expect(status).toBe("done");
  });

  it("visitors may not run actions", async () => {
    const row = await newTask(bob);
    await expect(
      as(sql, { role: "anon" }, (tx) =>
        tx.unsafe(`select public."appgen_action_tasks_mark_done"($1::uuid)`, [row.id as string]),
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("a pick: the server draws the row", () => {
  const spin = (userId: string) => run(userId, "appgen_action_prizes_spin", "00000000-0000-4000-8000-000000000000");
  const prizeOf = async (winId: string) =>
    (await sql`select p.name from public.wins w join public.prizes p on p.id = w.prize_id where w.id = ${winId}`)[0]
      ?.name as string;

  it("draws by weight among rows with stock left, takes 1 from the stock and records the win for the spinner", async () => {
    await sql`update public.prizes set stock = 0`;
    await sql`insert into public.prizes (name, weight, stock) values ('Mug', 1, 1000), ('Sticker', 3, 1000), ('Nothing', 0, 1000)`;
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const prize = await prizeOf(await spin(bob));
      counts[prize] = (counts[prize] ?? 0) + 1;
    }
    expect(counts.Nothing).toBeUndefined();
    expect((counts.Mug ?? 0) + (counts.Sticker ?? 0)).toBe(400);
    // 3 : 1 by weight; with 400 draws the ratio lies well inside 2..5 (each edge is about 4 standard deviations away).
    expect((counts.Sticker ?? 0) / (counts.Mug ?? 1)).toBeGreaterThan(2);
    expect((counts.Sticker ?? 0) / (counts.Mug ?? 1)).toBeLessThan(5);
    const [stock] = await sql`select sum(stock)::int as n from public.prizes where name in ('Mug', 'Sticker')`;
    expect(stock?.n).toBe(1600);
    const [mine] = await sql`select count(*)::int as n from public.wins where owner_id = ${bob}`;
    expect(mine?.n).toBeGreaterThanOrEqual(400);
  });

  it("answers the refusal when nothing is left, and never picks a row without stock", async () => {
    await sql`update public.prizes set stock = 0`;
    await sql`insert into public.prizes (name, weight, stock) values ('Last one', 1, 1)`;
    expect(await prizeOf(await spin(bob))).toBe("Last one");
    await expect(spin(bob)).rejects.toMatchObject({ code: "AG409", message: "No prizes are left." });
    expect((await sql`select stock from public.prizes where name = 'Last one'`)[0]?.stock).toBe(0);
  });

  it("a client cannot record a win of its choosing, nor change the stock", async () => {
    const [prize] = await sql`insert into public.prizes (name, weight, stock) values ('Car', 1, 1) returning id`;
    const [forged] = await as(
      sql,
      user(bob),
      (tx) => tx`insert into public.wins (note, prize_id) values ('mine', ${prize?.id as string}) returning prize_id`,
    );
    expect(forged?.prize_id).toBeNull();
    await as(sql, user(bob), (tx) => tx`update public.prizes set stock = 99 where id = ${prize?.id as string}`);
    expect((await sql`select stock from public.prizes where id = ${prize?.id as string}`)[0]?.stock).toBe(1);
  });
});
