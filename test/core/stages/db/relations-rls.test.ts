// Relations across row-level security, on real PostgreSQL: references, links and unique values never reveal or
// pin down rows their writer cannot see. Alice and Bob hold the default role only; contacts are per-user, projects
// shared (test/e2e/manifests/private-links.json, the manifest the generated app's own tests run on).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertManifest } from "../../../../app/core/manifest/index.ts";
import { MIGRATION_PATH } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { type Session, as, databaseFor, fileContent } from "./database.ts";

const manifest = assertManifest(
  JSON.parse(readFileSync(join(import.meta.dirname, "../../../e2e/manifests/private-links.json"), "utf8")),
);
const alice = "a11ce000-0000-4000-8000-0000000000a1";
const bob = "b0b00000-0000-4000-8000-0000000000b2";
const user = (userId: string): Session => ({ role: "authenticated", userId });

let cluster: PostgresCluster;
let sql: postgres.Sql;

async function contact(owner: string, name: string, email: string | null = null): Promise<string> {
  const [row] = await as(
    sql,
    user(owner),
    (tx) => tx`insert into contacts (name, email) values (${name}, ${email}) returning id`,
  );
  return String(row?.id);
}

async function project(author: string, lead: string | null = null): Promise<string> {
  const [row] = await as(
    sql,
    user(author),
    (tx) => tx`insert into projects (title, lead_id) values ('Launch', ${lead}) returning id`,
  );
  return String(row?.id);
}

const link = (session: string, projectId: string, contactId: string) =>
  as(
    sql,
    user(session),
    (tx) => tx`insert into projects_contacts (project_id, contact_id) values (${projectId}, ${contactId})`,
  );

beforeAll(async () => {
  cluster = await startPostgres();
  sql = await databaseFor(cluster, "relations", manifest);
  await sql`insert into auth.users (id, email) values (${alice}, 'alice@example.test'), (${bob}, 'bob@example.test')`;
});

afterAll(async () => {
  await cluster?.stop();
});

describe("a reference must point at a row its writer can see", () => {
  it("refuses a foreign key to another user's private row exactly like one to a missing row", async () => {
    const alices = await contact(alice, "Alice's accountant");
    const refusal = (contactId: string) =>
      as(sql, user(bob), (tx) => tx`insert into tasks (title, contact_id) values ('Probe', ${contactId})`).then(
        () => expect.unreachable("the insert went through"),
        (error: postgres.PostgresError) => ({
          code: error.code,
          message: error.message,
          detail: error.detail,
          constraint: error.constraint_name,
        }),
      );
    const invisible = await refusal(alices);
    expect(invisible).toEqual({
      code: "23503",
      message: 'insert or update on table "tasks" violates foreign key constraint "tasks_contact_id_fkey"',
      detail: 'Key is not present in table "contacts".',
      constraint: "tasks_contact_id_fkey",
    });
    expect(await refusal(randomUUID())).toEqual(invisible);
  });

  it("accepts the writer's own rows and no reference at all", async () => {
    const bobs = await contact(bob, "Bob's plumber");
    const rows = await as(
      sql,
      user(bob),
      (tx) => tx`insert into tasks (title, contact_id) values ('Call', ${bobs}), ('Think', null) returning contact_id`,
    );
    expect(rows.map((r) => r.contact_id)).toEqual([bobs, null]);
  });

  it("so nobody else can keep an owner from deleting a private row (on delete restrict)", async () => {
    const alices = await contact(alice, "Alice's dentist");
    await expect(
      as(sql, user(bob), (tx) => tx`insert into tasks (title, contact_id) values ('Pin it', ${alices})`),
    ).rejects.toMatchObject({ code: "23503" });
    const deleted = await as(sql, user(alice), (tx) => tx`delete from contacts where id = ${alices}`);
    expect(deleted.count).toBe(1);
  });

  it("refuses an update that points a reference at an invisible row", async () => {
    const bobsTask = await as(sql, user(bob), (tx) => tx`insert into tasks (title) values ('Later') returning id`);
    const alices = await contact(alice, "Alice's lawyer");
    const update = as(
      sql,
      user(bob),
      (tx) => tx`update tasks set contact_id = ${alices} where id = ${String(bobsTask[0]?.id)}`,
    );
    await expect(update).rejects.toMatchObject({ code: "23503", column_name: "contact_id" });
  });

  it("lets an editor change a shared row whose reference they cannot see, and keeps the reference", async () => {
    const alices = await contact(alice, "Alice's partner");
    const projectId = await project(alice, alices);
    const updated = await as(
      sql,
      user(bob),
      (tx) => tx`update projects set title = 'Launch v2', lead_id = lead_id where id = ${projectId}`,
    );
    expect(updated.count).toBe(1);
    const [row] = await sql`select title, lead_id from projects where id = ${projectId}`;
    expect(row).toEqual({ title: "Launch v2", lead_id: alices });
    // Bob does see that the project has a lead, but not who it is.
    const [seen] = await as(
      sql,
      user(bob),
      (tx) =>
        tx`select p.lead_id, (select c.name from contacts c where c.id = p.lead_id) as name from projects p where p.id = ${projectId}`,
    );
    expect(seen).toEqual({ lead_id: alices, name: null });
  });

  it("lets an editor swap an invisible reference for a visible one or clear it, but not for another invisible one", async () => {
    const [first, second] = [await contact(alice, "First"), await contact(alice, "Second")];
    const bobs = await contact(bob, "Bob's lead");
    const projectId = await project(alice, first);
    await expect(
      as(sql, user(bob), (tx) => tx`update projects set lead_id = ${second} where id = ${projectId}`),
    ).rejects.toMatchObject({ code: "23503" });
    expect(
      (await as(sql, user(bob), (tx) => tx`update projects set lead_id = ${bobs} where id = ${projectId}`)).count,
    ).toBe(1);
    expect(
      (await as(sql, user(bob), (tx) => tx`update projects set lead_id = null where id = ${projectId}`)).count,
    ).toBe(1);
  });

  it("still applies the foreign key's own on delete rule to references it did not check", async () => {
    const alices = await contact(alice, "Leaving");
    const projectId = await project(alice, alices);
    await as(sql, user(alice), (tx) => tx`delete from contacts where id = ${alices}`);
    const [row] = await sql`select lead_id from projects where id = ${projectId}`;
    expect(row?.lead_id).toBeNull();
  });
});

describe("links are visible only when both of their rows are", () => {
  it("hides another user's private contacts from a shared project's links, ids included", async () => {
    const projectId = await project(alice);
    const [alices, bobs] = [await contact(alice, "A"), await contact(bob, "B")];
    await link(alice, projectId, alices);
    await link(bob, projectId, bobs);
    const seenBy = async (userId: string) =>
      (
        await as(
          sql,
          user(userId),
          (tx) => tx`select contact_id from projects_contacts where project_id = ${projectId}`,
        )
      ).map((r) => r.contact_id);
    expect(await seenBy(alice)).toEqual([alices]);
    expect(await seenBy(bob)).toEqual([bobs]);
    const [all] = await sql`select count(*)::int as n from projects_contacts where project_id = ${projectId}`;
    expect(all?.n).toBe(2);
  });

  it("lets an editor remove only the links they can see, so clearing a project keeps the others' links", async () => {
    const projectId = await project(alice);
    const [alices, bobs] = [await contact(alice, "A2"), await contact(bob, "B2")];
    await link(alice, projectId, alices);
    await link(bob, projectId, bobs);
    const removed = await as(sql, user(bob), (tx) => tx`delete from projects_contacts where project_id = ${projectId}`);
    expect(removed.count).toBe(1);
    const left = await sql`select contact_id from projects_contacts where project_id = ${projectId}`;
    expect(left.map((r) => r.contact_id)).toEqual([alices]);
    const aimed = await as(
      sql,
      user(bob),
      (tx) => tx`delete from projects_contacts where project_id = ${projectId} and contact_id = ${alices}`,
    );
    expect(aimed.count).toBe(0);
  });

  it("refuses a link to a row the editor cannot see", async () => {
    const projectId = await project(bob);
    const alices = await contact(alice, "A3");
    await expect(link(bob, projectId, alices)).rejects.toMatchObject({ code: "42501" });
  });
});

describe("unique fields of per-user entities are unique per owner", () => {
  it("lets two users store the same value and tells neither about the other", async () => {
    await contact(alice, "Dana", "dana@example.test");
    await contact(bob, "Dana", "dana@example.test");
    const [row] = await sql`select count(*)::int as n from contacts where email = 'dana@example.test'`;
    expect(row?.n).toBe(2);
  });

  it("still refuses the same value twice for one owner", async () => {
    await contact(alice, "Eve", "eve@example.test");
    await expect(contact(alice, "Eve again", "eve@example.test")).rejects.toMatchObject({
      code: "23505",
      constraint_name: "contacts_email_key",
    });
  });

  it("keeps unique fields of shared entities and one-to-one links unique across all users", () => {
    const migration = fileContent(manifest, MIGRATION_PATH);
    expect(migration).toContain(`constraint "contacts_email_key" unique ("owner_id", "email")`);
    expect(migration).not.toMatch(/"email" text unique/);
  });
});
