// Row-level security as the generated app meets it: each request switches role and sets JWT claims in a transaction.
// Alice holds every role (admin, editor, member); Bob and Carol only the default role, member.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedRowId } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { type Session, as, count, databaseFor } from "./database.ts";
import { rolesAndAccess } from "./manifests.ts";

const [alice, bob] = DEMO_USERS.map((u) => u.id) as [string, string];
const carol = "ca201000-0000-4000-8000-000000000003";
const user = (userId: string): Session => ({ role: "authenticated", userId });
const anon: Session = { role: "anon" };
/** Seeded per-user rows alternate owners: even indexes are Alice's, odd ones Bob's. */
const alicesNote = seedRowId("note", 0);
const bobsNote = seedRowId("note", 1);

let cluster: PostgresCluster;
let sql: postgres.Sql;

beforeAll(async () => {
  cluster = await startPostgres();
  sql = await databaseFor(cluster, "rls", rolesAndAccess);
  await sql`insert into auth.users (id, email) values (${carol}, 'carol@example.com')`;
});

afterAll(async () => {
  await cluster?.stop();
});

describe("roles", () => {
  it("gives a new user the default role and nothing else", async () => {
    const roles = await sql`select role from public.user_roles where user_id = ${carol}`;
    expect(roles.map((r) => r.role)).toEqual(["member"]);
  });

  it("answers has_role for the signed-in user only", async () => {
    const check = (userId: string) =>
      as(sql, user(userId), (tx) => tx`select public.has_role('admin') as admin, public.has_role('member') as member`);
    expect((await check(alice))[0]).toEqual({ admin: true, member: true });
    expect((await check(bob))[0]).toEqual({ admin: false, member: true });
  });

  it("lets a user read only their own roles", async () => {
    const rows = await as(sql, user(bob), (tx) => tx`select user_id from public.user_roles`);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([bob]));
  });

  it("rejects a role the manifest does not define", async () => {
    await expect(
      sql`insert into public.user_roles (user_id, role) values (${carol}, 'superhero')`,
    ).rejects.toMatchObject({ code: "23514" });
  });
});

describe("per-user rows", () => {
  it("shows each user only their own rows", async () => {
    const owners = async (userId: string) =>
      (await as(sql, user(userId), (tx) => tx`select distinct owner_id from notes`)).map((r) => r.owner_id);
    expect(await as(sql, user(bob), (tx) => count(tx, "notes"))).toBe(2);
    expect(await owners(bob)).toEqual([bob]);
    expect(await as(sql, user(carol), (tx) => count(tx, "notes"))).toBe(0);
  });

  it("lets a manage role (admin) see every user's rows", async () => {
    expect(await as(sql, user(alice), (tx) => count(tx, "notes"))).toBe(5);
  });

  it("ignores manage for entities that grant it to nobody", async () => {
    expect(await as(sql, user(alice), (tx) => count(tx, "diaries"))).toBe(3);
  });

  it("does not let a user update or delete another user's rows", async () => {
    const updated = await as(sql, user(bob), (tx) => tx`update notes set title = 'hijacked' where id = ${alicesNote}`);
    const deleted = await as(sql, user(carol), (tx) => tx`delete from notes where id = ${alicesNote}`);
    expect([updated.count, deleted.count]).toEqual([0, 0]);
    const [row] = await sql`select title from notes where id = ${alicesNote}`;
    expect(row?.title).not.toBe("hijacked");
  });

  it("lets the owner update and delete their rows", async () => {
    const updated = await as(
      sql,
      user(bob),
      (tx) => tx`update notes set title = 'Bob was here' where id = ${bobsNote}`,
    );
    expect(updated.count).toBe(1);
    const id = seedRowId("note", 3);
    const deleted = await as(sql, user(bob), (tx) => tx`delete from notes where id = ${id}`);
    expect(deleted.count).toBe(1);
  });

  it("fills owner_id from the signed-in user and refuses someone else's", async () => {
    const [row] = await as(
      sql,
      user(carol),
      (tx) => tx`insert into notes (title) values ('Carol''s note') returning owner_id`,
    );
    expect(row?.owner_id).toBe(carol);
    await expect(
      as(sql, user(carol), (tx) => tx`insert into notes (title, owner_id) values ('forged', ${bob})`),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("does not let an owner give a row away", async () => {
    await expect(
      as(sql, user(bob), (tx) => tx`update notes set owner_id = ${carol} where id = ${bobsNote}`),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("lets a manage role change any user's rows", async () => {
    const updated = await as(sql, user(alice), (tx) => tx`update notes set title = 'Reviewed' where id = ${bobsNote}`);
    expect(updated.count).toBe(1);
  });

  it("keeps per-user rows from visitors even when read lists anon", async () => {
    await expect(as(sql, anon, (tx) => count(tx, "diaries"))).rejects.toMatchObject({ code: "42501" });
  });

  it("requires the write role to insert per-user rows", async () => {
    await expect(
      as(sql, user(bob), (tx) => tx`insert into bookmarks (url) values ('https://example.com')`),
    ).rejects.toMatchObject({ code: "42501" });
    const [row] = await as(
      sql,
      user(alice),
      (tx) => tx`insert into bookmarks (url) values ('https://example.com') returning owner_id`,
    );
    expect(row?.owner_id).toBe(alice);
    expect(await as(sql, user(bob), (tx) => count(tx, "bookmarks"))).toBe(2);
  });
});

describe("shared rows", () => {
  it("shows shared rows to every reader", async () => {
    for (const userId of [alice, bob, carol]) expect(await as(sql, user(userId), (tx) => count(tx, "labels"))).toBe(5);
  });

  it("shows visitors exactly what read grants to anon", async () => {
    expect(await as(sql, anon, (tx) => count(tx, "articles"))).toBe(5);
    for (const table of ["notes", "labels", "reports", "notes_labels"]) {
      await expect(
        as(sql, anon, (tx) => count(tx, table)),
        table,
      ).rejects.toMatchObject({ code: "42501" });
    }
  });

  it("hides rows whose read roles the user lacks", async () => {
    expect(await as(sql, user(bob), (tx) => count(tx, "reports"))).toBe(0);
    expect(await as(sql, user(alice), (tx) => count(tx, "reports"))).toBe(5);
  });

  it("lets only write roles insert, update and delete", async () => {
    await expect(as(sql, user(bob), (tx) => tx`insert into articles (title) values ('By Bob')`)).rejects.toMatchObject({
      code: "42501",
    });
    const article = seedRowId("article", 0);
    const bobs = await as(
      sql,
      user(bob),
      (tx) => tx`update articles set title = 'Edited by Bob' where id = ${article}`,
    );
    expect(bobs.count).toBe(0);
    await as(sql, user(alice), (tx) => tx`insert into articles (title) values ('By Alice')`);
    const alices = await as(
      sql,
      user(alice),
      (tx) => tx`update articles set title = 'Edited by Alice' where id = ${article}`,
    );
    expect(alices.count).toBe(1);
  });

  it("refuses visitors any write", async () => {
    await expect(as(sql, anon, (tx) => tx`insert into articles (title) values ('spam')`)).rejects.toMatchObject({
      code: "42501",
    });
  });
});

describe("join tables follow the parent row", () => {
  const label = seedRowId("label", 4);

  it("shows links only of visible parents", async () => {
    const parents = await as(sql, user(bob), (tx) => tx`select distinct note_id from notes_labels`);
    const bobsNotes = await sql`select id from notes where owner_id = ${bob}`;
    expect(new Set(parents.map((p) => p.note_id))).toEqual(new Set(bobsNotes.map((n) => n.id)));
    expect(await as(sql, user(carol), (tx) => count(tx, "notes_labels"))).toBe(0);
  });

  it("lets the parent's owner link and unlink, and nobody else", async () => {
    await expect(
      as(sql, user(bob), (tx) => tx`insert into notes_labels (note_id, label_id) values (${alicesNote}, ${label})`),
    ).rejects.toMatchObject({ code: "42501" });
    await as(
      sql,
      user(bob),
      (tx) => tx`insert into notes_labels (note_id, label_id) values (${bobsNote}, ${label}) on conflict do nothing`,
    );
    const stranger = await as(sql, user(carol), (tx) => tx`delete from notes_labels where note_id = ${bobsNote}`);
    expect(stranger.count).toBe(0);
    const owner = await as(
      sql,
      user(bob),
      (tx) => tx`delete from notes_labels where note_id = ${bobsNote} and label_id = ${label}`,
    );
    expect(owner.count).toBe(1);
  });
});

it("lets service_role bypass row-level security", async () => {
  expect(await as(sql, { role: "service_role" }, (tx) => count(tx, "reports"))).toBe(5);
});
