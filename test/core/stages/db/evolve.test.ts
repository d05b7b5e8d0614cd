// Deployed databases follow the manifest without losing rows: for each kind of change, a database built from the old
// manifest (with its seed and extra rows) is migrated, keeps its rows, and ends up with exactly the schema of a
// database built from scratch from the new manifest (tables, columns, constraints, indexes, policies, triggers,
// functions). Changes that would lose or invent data are refused with a fix.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppgenError } from "../../../../app/core/errors.ts";
import { assertManifest, type Manifest } from "../../../../app/core/manifest/index.ts";
import { planMigration } from "../../../../app/core/stages/db/evolve.ts";
import { AUTH_SHIM_PATH, DEMO_USERS, MIGRATION_PATH, SEED_PATH } from "../../../../app/core/stages/db/index.ts";
import { type PostgresCluster, startPostgres } from "../../../helpers/postgres.ts";
import { catalog, fileContent } from "./database.ts";

let cluster: PostgresCluster;
let databases = 0;

beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

async function freshDatabase(): Promise<postgres.Sql> {
  const name = `evolve_${++databases}`;
  await cluster.createDatabase(name);
  const sql = cluster.connect({ database: name, onnotice: () => {} });
  await sql.unsafe(
    fileContent(
      assertManifest({ name: "x", entities: [{ name: "x", fields: [{ name: "x", type: "text" }] }] }),
      AUTH_SHIM_PATH,
    ),
  );
  return sql;
}

/** A database as a deploy leaves it: the first migration, the seed, and then each later migration in turn. */
async function deployed(
  manifests: Manifest[],
  rows?: (sql: postgres.Sql) => Promise<void>,
): Promise<{ sql: postgres.Sql; migrations: string[] }> {
  const sql = await freshDatabase();
  const [first, ...rest] = manifests as [Manifest, ...Manifest[]];
  await sql.begin((tx) => tx.unsafe(fileContent(first, MIGRATION_PATH)));
  await sql.begin((tx) => tx.unsafe(fileContent(first, SEED_PATH)));
  await rows?.(sql);
  const migrations: string[] = [];
  let previous = first;
  for (const next of rest) {
    const migration = planMigration(previous, next);
    if (migration) {
      migrations.push(migration.sql);
      await sql.begin((tx) => tx.unsafe(migration.sql));
    }
    previous = next;
  }
  return { sql, migrations };
}

async function fresh(manifest: Manifest): Promise<Record<string, string[]>> {
  const sql = await freshDatabase();
  try {
    await sql.begin((tx) => tx.unsafe(fileContent(manifest, MIGRATION_PATH)));
    return await catalog(sql);
  } finally {
    await sql.end();
  }
}

const tasks = (extra: Record<string, unknown> = {}, fields: unknown[] = []) => ({
  name: "Tasks",
  roles: [{ name: "member" }, { name: "admin" }],
  entities: [
    {
      name: "task",
      ownership: "user",
      fields: [
        { name: "title", type: "text", required: true },
        { name: "status", type: "enum", options: ["todo", "doing", "done"], default: "todo" },
        { name: "estimate", type: "integer" },
        { name: "project", type: "relation", relation: { target: "project" } },
        ...fields,
      ],
      ...extra,
    },
    {
      name: "project",
      fields: [
        { name: "name", type: "text", required: true, unique: true },
        { name: "notes", type: "long_text" },
      ],
    },
  ],
});
const base = assertManifest(tasks());

/** Tasks with server-set values and actions: the status is read-only, marked done by an action, reopened by another. */
const withActions = (actions: unknown[], extraFields: unknown[] = []) =>
  tasks({
    fields: [
      { name: "title", type: "text", required: true },
      { name: "status", type: "enum", options: ["todo", "doing", "done"], default: "todo", read_only: true },
      { name: "estimate", type: "integer" },
      { name: "project", type: "relation", relation: { target: "project" } },
      { name: "done_at", type: "datetime", read_only: true },
      { name: "done_by", type: "user" },
      ...extraFields,
    ],
    actions,
  });
const markDone = {
  name: "mark_done",
  when: [{ field: "status", not_equals: "done" }],
  set: [
    { field: "status", to: "done" },
    { field: "done_at", to: "now" },
    { field: "done_by", to: "current_user" },
  ],
};
const reopen = {
  name: "reopen",
  roles: ["admin"],
  when: [{ field: "status", equals: "done" }],
  set: [
    { field: "status", to: "todo" },
    { field: "done_by", to: null },
  ],
};
const [alice] = DEMO_USERS.map((u) => u.id) as [string];

/** Rows beyond the seed, with every column set, so nothing passes only because tables are nearly empty. */
async function extraRows(sql: postgres.Sql): Promise<void> {
  const [project] = await sql`insert into public.projects (name, notes) values ('Apollo', 'to the moon') returning id`;
  await sql`insert into public.tasks (owner_id, title, status, estimate, project_id) values (${alice}, 'Launch', 'doing', 5, ${project!.id})`;
}

async function countRows(sql: postgres.Sql, table: string): Promise<number> {
  return (await sql`select count(*)::int as n from ${sql("public")}.${sql(table)}`)[0]!.n as number;
}

type Case = {
  name: string;
  /** The deployed manifest, when not the base one. */
  from?: Manifest;
  next: Manifest;
  /** Checks the upgraded database's rows. */
  rows: (sql: postgres.Sql, before: Record<string, number>) => Promise<void>;
  warns?: RegExp;
};

const cases: Case[] = [
  {
    name: "add a field",
    next: assertManifest(tasks({}, [{ name: "priority", type: "enum", options: ["low", "high"], default: "low" }])),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect((await sql`select distinct priority from public.tasks`).map((r) => r.priority)).toEqual(["low"]);
    },
  },
  {
    name: "rename the entity",
    next: assertManifest({
      ...tasks(),
      entities: [{ ...tasks().entities[0], name: "todo", renamed_from: "task" }, tasks().entities[1]],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "todos")).toBe(before.tasks);
      expect((await sql`select title from public.todos where title = 'Launch'`).length).toBe(1);
    },
  },
  {
    name: "rename a field",
    next: assertManifest(
      tasks({
        fields: [
          { name: "name", type: "text", required: true, renamed_from: "title" },
          ...tasks().entities[0]!.fields.slice(1),
        ],
      }),
    ),
    rows: async (sql) => {
      expect((await sql`select name from public.tasks where name = 'Launch'`).length).toBe(1);
    },
  },
  {
    name: "rename a related entity (foreign keys and their names follow)",
    next: assertManifest({
      ...tasks(),
      entities: [
        {
          ...tasks().entities[0],
          fields: [
            ...tasks().entities[0]!.fields.slice(0, 3),
            { name: "client", type: "relation", renamed_from: "project", relation: { target: "client" } },
          ],
        },
        { ...tasks().entities[1], name: "client", renamed_from: "project" },
      ],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "clients")).toBe(before.projects);
      expect(
        (
          await sql`select c.name from public.tasks t join public.clients c on c.id = t.client_id where t.title = 'Launch'`
        )[0]?.name,
      ).toBe("Apollo");
    },
  },
  {
    name: "add a related entity",
    next: assertManifest({
      ...tasks(),
      entities: [
        ...tasks().entities,
        {
          name: "comment",
          ownership: "user",
          fields: [
            { name: "body", type: "long_text", required: true },
            { name: "task", type: "relation", required: true, relation: { target: "task", on_delete: "cascade" } },
          ],
        },
      ],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect(await countRows(sql, "comments")).toBe(0);
    },
  },
  {
    name: "add a many-to-many field",
    next: assertManifest(
      tasks({}, [{ name: "helpers", type: "relation", relation: { target: "project", cardinality: "many_to_many" } }]),
    ),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect(await countRows(sql, "tasks_helpers")).toBe(0);
    },
  },
  {
    name: "turn a reference into many-to-many (each reference becomes a link)",
    next: assertManifest(
      tasks({
        fields: [
          ...tasks().entities[0]!.fields.slice(0, 3),
          { name: "project", type: "relation", relation: { target: "project", cardinality: "many_to_many" } },
        ],
      }),
    ),
    rows: async (sql) => {
      const [row] =
        await sql`select count(*)::int as n from public.tasks_project l join public.tasks t on t.id = l.task_id where t.title = 'Launch'`;
      expect(row!.n).toBe(1);
    },
  },
  {
    name: "rename an entity with links and the entity it links to (join table, its columns and policies follow)",
    from: assertManifest(
      tasks({}, [{ name: "helpers", type: "relation", relation: { target: "project", cardinality: "many_to_many" } }]),
    ),
    next: assertManifest({
      ...tasks(),
      entities: [
        {
          ...tasks().entities[0],
          name: "todo",
          renamed_from: "task",
          fields: [
            ...tasks().entities[0]!.fields.slice(0, 3),
            { name: "team", type: "relation", renamed_from: "project", relation: { target: "team" } },
            {
              name: "teams",
              type: "relation",
              renamed_from: "helpers",
              relation: { target: "team", cardinality: "many_to_many" },
            },
          ],
        },
        { ...tasks().entities[1], name: "team", renamed_from: "project" },
      ],
    }),
    rows: async (sql) => {
      expect(
        (
          await sql`select count(*)::int as n from public.todos_teams l join public.todos t on t.id = l.todo_id join public.teams m on m.id = l.team_id`
        )[0]!.n,
      ).toBeGreaterThan(0);
      expect(
        (
          await sql`select tm.name from public.todos t join public.teams tm on tm.id = t.team_id where t.title = 'Launch'`
        )[0]?.name,
      ).toBe("Apollo");
    },
  },
  {
    name: "add an enum option",
    next: assertManifest(
      tasks({
        fields: [
          tasks().entities[0]!.fields[0],
          { name: "status", type: "enum", options: ["todo", "doing", "blocked", "done"], default: "todo" },
          ...tasks().entities[0]!.fields.slice(2),
        ],
      }),
    ),
    rows: async (sql) => {
      await sql`update public.tasks set status = 'blocked' where title = 'Launch'`;
    },
  },
  {
    name: "make a field required with a default",
    next: assertManifest(
      tasks({
        fields: [
          ...tasks().entities[0]!.fields.slice(0, 2),
          { name: "estimate", type: "integer", required: true, default: 1 },
          tasks().entities[0]!.fields[3],
        ],
      }),
    ),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect((await sql`select estimate from public.tasks where title = 'Launch'`)[0]?.estimate).toBe(5);
      expect((await sql`select count(*)::int as n from public.tasks where estimate is null`)[0]!.n).toBe(0);
    },
  },
  {
    name: "drop a field",
    next: assertManifest(
      tasks({ fields: tasks().entities[0]!.fields.filter((f) => (f as { name: string }).name !== "estimate") }),
    ),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
    },
    warns: /Drops tasks\.estimate: its values are lost/,
  },
  {
    name: "widen a type (integer to decimal) and change a label",
    next: assertManifest(
      tasks({
        fields: [
          ...tasks().entities[0]!.fields.slice(0, 2),
          { name: "estimate", label: "Hours", type: "decimal" },
          tasks().entities[0]!.fields[3],
        ],
      }),
    ),
    rows: async (sql) => {
      expect(Number((await sql`select estimate from public.tasks where title = 'Launch'`)[0]?.estimate)).toBe(5);
    },
  },
  {
    name: "change what deleting a project does, make notes searchable, add a role with access rules",
    next: assertManifest({
      ...tasks(),
      roles: [{ name: "member" }, { name: "admin" }, { name: "viewer" }],
      entities: [
        {
          ...tasks().entities[0],
          fields: [
            ...tasks().entities[0]!.fields.slice(0, 3),
            { name: "project", type: "relation", relation: { target: "project", on_delete: "cascade" } },
          ],
        },
        { ...tasks().entities[1], access: { read: ["*"], write: ["admin"] }, search_fields: ["name", "notes"] },
      ],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "projects")).toBe(before.projects);
    },
  },
  {
    name: "make per-user rows shared",
    next: assertManifest(tasks({ ownership: "shared" })),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
    },
    warns: /owner_id\) is dropped/,
  },
  {
    name: "add server-set values and actions (a user field, read-only fields, two action functions)",
    next: assertManifest(withActions([markDone, reopen])),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      const functions = await sql`select proname from pg_proc where proname like 'appgen_action_%' order by 1`;
      expect(functions.map((f) => f.proname)).toEqual(["appgen_action_tasks_mark_done", "appgen_action_tasks_reopen"]);
    },
  },
  {
    name: "change one action, drop another, add a counter it increments",
    from: assertManifest(withActions([markDone, reopen])),
    next: assertManifest(
      withActions(
        [
          {
            ...markDone,
            when: [{ field: "status", equals: "doing" }],
            set: [...markDone.set, { field: "times_done", add: 1 }],
          },
        ],
        [{ name: "times_done", type: "integer", default: 0, read_only: true }],
      ),
    ),
    rows: async (sql) => {
      expect((await sql`select to_regproc('public.appgen_action_tasks_reopen') as f`)[0]?.f).toBeNull();
    },
  },
  {
    name: "rename an entity with actions (functions and the trigger follow the table)",
    from: assertManifest(withActions([markDone])),
    next: assertManifest({
      ...withActions([markDone]),
      entities: [{ ...withActions([markDone]).entities[0], name: "todo", renamed_from: "task" }, tasks().entities[1]],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "todos")).toBe(before.tasks);
      expect((await sql`select to_regproc('public.appgen_action_tasks_mark_done') as f`)[0]?.f).toBeNull();
    },
  },
  {
    name: "add a prize wheel: a pick that takes stock and records the win",
    next: assertManifest({
      ...tasks(),
      entities: [
        ...tasks().entities,
        {
          name: "prize",
          fields: [
            { name: "name", type: "text", required: true },
            { name: "weight", type: "integer", default: 1 },
            { name: "stock", type: "integer", default: 3, read_only: true },
          ],
          actions: [{ name: "spin", pick: { weight: "weight", stock: "stock" }, create: { entity: "win" } }],
        },
        {
          name: "win",
          ownership: "user",
          fields: [
            { name: "prize", type: "relation", read_only: true, relation: { target: "prize", on_delete: "cascade" } },
            { name: "won_by", type: "user", default: "current_user" },
          ],
        },
      ],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect((await sql`select to_regproc('public.appgen_action_prizes_spin') as f`)[0]?.f).not.toBeNull();
    },
  },
  {
    name: "remove every action, the user field and read-only rules",
    from: assertManifest(withActions([markDone, reopen])),
    next: base,
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect(
        (
          await sql`select count(*)::int as n from pg_proc where proname like 'appgen_%' and proname not like 'appgen_check_refs%' and proname not in ('appgen_set_updated_at', 'appgen_handle_new_user')`
        )[0]!.n,
      ).toBe(0);
    },
    warns: /Drops tasks\.done_by/,
  },
  {
    name: "drop an entity",
    next: assertManifest({
      ...tasks(),
      entities: [{ ...tasks().entities[0], fields: tasks().entities[0]!.fields.slice(0, 3) }],
    }),
    rows: async (sql, before) => {
      expect(await countRows(sql, "tasks")).toBe(before.tasks);
      expect((await sql`select to_regclass('public.projects') as t`)[0]?.t).toBeNull();
    },
    warns: /Drops the table projects: all its rows are lost/,
  },
];

describe("a deployed database follows the manifest", () => {
  it.each(cases)(
    "$name: rows kept, schema equals a fresh one",
    async ({ from = base, next, rows, warns }) => {
      const { sql } = await deployed([from], extraRows);
      try {
        const before = { tasks: await countRows(sql, "tasks"), projects: await countRows(sql, "projects") };
        const migration = planMigration(from, next);
        expect(migration).toBeDefined();
        await sql.begin((tx) => tx.unsafe(migration!.sql));
        await rows(sql, before);
        expect(await catalog(sql)).toEqual(await fresh(next));
        if (warns) expect(migration!.warnings.join("\n")).toMatch(warns);
        // The same manifest twice migrates nothing.
        expect(planMigration(next, next)).toBeUndefined();
        expect(planMigration(from, next)?.sql).toBe(migration!.sql);
        // A new action function is created with `create or replace`, a removed one dropped by its signature.
        for (const [name] of [...migration!.sql.matchAll(/appgen_action_[a-z_]+/g)]) {
          const kept = next.entities.some((e) =>
            (e.actions ?? []).some((a) => `appgen_action_${e.table}_${a.name}` === name),
          );
          expect(migration!.sql).toContain(
            kept
              ? `create or replace function public."${name}"`
              : `drop function if exists public."${name}"(uuid, jsonb);`,
          );
        }
      } finally {
        await sql.end();
      }
    },
    60_000,
  );

  it("a chain of changes applied one after another equals the last manifest built fresh", async () => {
    // Each step starts from the previous one, as merged pull requests do: add a field, rename the entity, add another.
    const priority = { name: "priority", type: "enum", options: ["low", "high"], default: "low" };
    const renamed = (more: unknown[] = []) => ({
      ...tasks({}, [priority, ...more]),
      entities: [
        { ...tasks({}, [priority, ...more]).entities[0], name: "todo", renamed_from: "task" },
        tasks().entities[1],
      ],
    });
    const steps = [
      base,
      assertManifest(tasks({}, [priority])),
      assertManifest(renamed()),
      assertManifest(renamed([{ name: "done_at", type: "datetime" }])),
    ];
    const { sql, migrations } = await deployed(steps, extraRows);
    try {
      expect(migrations).toHaveLength(3);
      expect((await sql`select priority from public.todos where title = 'Launch'`)[0]?.priority).toBe("low");
      expect(await catalog(sql)).toEqual(await fresh(steps.at(-1)!));
    } finally {
      await sql.end();
    }
  }, 60_000);

  it("stops, before changing anything, when rows still use an enum option that is removed", async () => {
    const next = assertManifest(
      tasks({
        fields: [
          tasks().entities[0]!.fields[0],
          { name: "status", type: "enum", options: ["todo", "done"], default: "todo" },
          ...tasks().entities[0]!.fields.slice(2),
        ],
      }),
    );
    const { sql } = await deployed([base], extraRows);
    try {
      const migration = planMigration(base, next)!;
      expect(migration.warnings.join()).toMatch(/no longer allows doing/);
      await expect(sql.begin((tx) => tx.unsafe(migration.sql))).rejects.toThrow(/tasks\.status still holds doing/);
      expect((await sql`select count(*)::int as n from public.tasks where status = 'doing'`)[0]!.n).toBeGreaterThan(0);
      await sql`update public.tasks set status = 'todo' where status = 'doing'`;
      await sql.begin((tx) => tx.unsafe(migration.sql));
      expect(await catalog(sql)).toEqual(await fresh(next));
    } finally {
      await sql.end();
    }
  }, 60_000);
});

describe("singletons: one row per person", () => {
  const single = assertManifest(tasks({ singleton: true }));

  it("becoming one: stops while someone has several rows, then keeps one per person like a fresh database", async () => {
    const { sql } = await deployed([base], extraRows);
    try {
      const migration = planMigration(base, single)!;
      expect(migration.warnings.join()).toMatch(/tasks keeps one row per person/);
      await expect(sql.begin((tx) => tx.unsafe(migration.sql))).rejects.toThrow(/more than one row in tasks/);
      await sql`delete from public.tasks t where exists (select 1 from public.tasks o where o.owner_id = t.owner_id and o.id < t.id)`;
      const kept = await countRows(sql, "tasks");
      await sql.begin((tx) => tx.unsafe(migration.sql));
      expect(await countRows(sql, "tasks")).toBe(kept);
      expect(await catalog(sql)).toEqual(await fresh(single));
      await expect(sql`insert into public.tasks (owner_id, title) values (${alice}, 'Second')`).rejects.toThrow(
        /tasks_owner_id_key/,
      );
    } finally {
      await sql.end();
    }
  }, 60_000);

  it("no longer one: every row stays, and a person may add more", async () => {
    const { sql, migrations } = await deployed([single, base]);
    try {
      expect(migrations).toHaveLength(1);
      expect(await catalog(sql)).toEqual(await fresh(base));
      await sql`insert into public.tasks (owner_id, title) values (${alice}, 'Second')`;
      await sql`insert into public.tasks (owner_id, title) values (${alice}, 'Third')`;
    } finally {
      await sql.end();
    }
  }, 60_000);
});

describe("changes that would lose or invent data are refused with a fix", () => {
  it.each([
    [
      "a new required field without a default",
      tasks({}, [{ name: "due", type: "date", required: true }]),
      /entities\/0\/fields\/4\/required.*new and required/s,
    ],
    [
      "making a field required without a default",
      tasks({
        fields: [
          ...tasks().entities[0]!.fields.slice(0, 2),
          { name: "estimate", type: "integer", required: true },
          tasks().entities[0]!.fields[3],
        ],
      }),
      /becomes required/,
    ],
    [
      "turning shared rows into per-user rows",
      { ...tasks(), entities: [tasks().entities[0], { ...tasks().entities[1], ownership: "user" }] },
      /cannot become per-user/,
    ],
    [
      "a type change without a safe conversion",
      tasks({
        fields: [
          ...tasks().entities[0]!.fields.slice(0, 2),
          { name: "estimate", type: "boolean" },
          tasks().entities[0]!.fields[3],
        ],
      }),
      /cannot change from integer to boolean/,
    ],
  ])("%s", (_, raw, message) => {
    const next = assertManifest(raw);
    try {
      planMigration(base, next);
      expect.unreachable("planMigration should refuse");
    } catch (error) {
      expect(error).toBeInstanceOf(AppgenError);
      const e = error as AppgenError;
      expect(e.code).toBe("MIGRATION_REFUSED");
      expect(e.problems.map((p) => `${p.path} ${p.message} ${p.fix}`).join("\n")).toMatch(message);
      expect(e.problems.every((p) => p.fix)).toBe(true);
    }
  });
});
