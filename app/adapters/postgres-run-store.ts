// The run store on PostgreSQL (DATABASE_URL): one table of runs as jsonb, a few columns lifted out for the filters
// the dashboard and the quotas use. The table is created on first use. Admissions of one installation are
// serialised by a transaction-scoped advisory lock, so daily limits hold across every server and worker process.
import postgres from "postgres";
import { AppgenError } from "../core/errors.ts";
import {
  applyRunPatch,
  type Admission,
  type DailyLimits,
  type RunPatch,
  type RunQuery,
  type RunRecord,
  type RunStore,
} from "../core/runs.ts";

// An arbitrary constant: the first key of the advisory lock, so appgen's locks never meet another program's.
const ADVISORY_NAMESPACE = 0x61707067;

export interface PostgresRunStoreOptions {
  connectionString: string;
  /** Table name (tests use one per case); default appgen_runs. */
  table?: string;
  maxConnections?: number;
}

export class PostgresRunStore implements RunStore {
  private readonly sql: postgres.Sql;
  private readonly table: string;
  private ready: Promise<void> | undefined;

  constructor(options: PostgresRunStoreOptions) {
    this.table = options.table ?? "appgen_runs";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.table))
      throw new AppgenError(
        "USAGE",
        `'${this.table}' is not a usable table name; use lower-case letters, digits and _.`,
      );
    this.sql = postgres(options.connectionString, {
      max: options.maxConnections ?? 5,
      onnotice: () => {},
      connect_timeout: 10,
    });
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      const t = this.sql(this.table);
      try {
        await this.sql`create table if not exists ${t} (
          id text primary key,
          installation_id bigint not null,
          repository text not null,
          issue_number integer not null,
          requested_by text not null,
          status text not null,
          queued_at timestamptz not null,
          tokens bigint not null default 0,
          record jsonb not null,
          schema_version integer not null default 1
        )`;
        await this
          .sql`create index if not exists ${this.sql(`${this.table}_installation_queued`)} on ${t} (installation_id, queued_at)`;
        await this
          .sql`create index if not exists ${this.sql(`${this.table}_app`)} on ${t} (repository, issue_number, queued_at desc)`;
        await this.sql`create index if not exists ${this.sql(`${this.table}_queued`)} on ${t} (queued_at desc)`;
      } catch (error) {
        this.ready = undefined;
        throw unreachable(error);
      }
    })();
    return this.ready;
  }

  async admit(run: RunRecord, limits: DailyLimits): Promise<Admission> {
    await this.init();
    const t = this.sql(this.table);
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, ${run.installationId % 2_147_483_647})`;
      const { generations, tokens } = await this.usedSince(tx, run.installationId, limits.dayStart);
      if (limits.tokensPerDay !== undefined && tokens >= limits.tokensPerDay)
        return { admitted: false, limit: "tokens", used: tokens } as const;
      if (generations >= limits.generationsPerDay)
        return { admitted: false, limit: "generations", used: generations } as const;
      await tx`insert into ${t} ${tx(row(run, this.sql))} on conflict (id) do nothing`;
      return { admitted: true } as const;
    });
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    await this.init();
    await this.patchWhere(id, patch);
  }

  async updateLatest(repository: string, issueNumber: number, patch: RunPatch): Promise<RunRecord | undefined> {
    await this.init();
    const t = this.sql(this.table);
    const [latest] = await this.sql<
      { id: string }[]
    >`select id from ${t} where repository = ${repository} and issue_number = ${issueNumber} order by queued_at desc, id desc limit 1`;
    return latest ? this.patchWhere(latest.id, patch) : undefined;
  }

  /** Read, patch and write in one transaction with the row locked, so concurrent patches never lose each other. */
  private async patchWhere(id: string, patch: RunPatch): Promise<RunRecord | undefined> {
    const t = this.sql(this.table);
    return this.sql.begin(async (tx) => {
      const [found] = await tx<{ record: RunRecord }[]>`select record from ${t} where id = ${id} for update`;
      if (!found) return undefined;
      const next = applyRunPatch(found.record, patch);
      const { id: _id, ...columns } = row(next, this.sql);
      await tx`update ${t} set ${tx(columns)} where id = ${id}`;
      return next;
    });
  }

  async get(id: string): Promise<RunRecord | undefined> {
    await this.init();
    const [found] = await this.sql<
      { record: RunRecord }[]
    >`select record from ${this.sql(this.table)} where id = ${id}`;
    return found?.record;
  }

  async list(query: RunQuery = {}): Promise<RunRecord[]> {
    await this.init();
    const sql = this.sql;
    const conditions = [
      query.since ? sql`queued_at >= ${query.since}` : undefined,
      query.until ? sql`queued_at < ${query.until}` : undefined,
      query.installationIds
        ? sql`installation_id = any(${sql.array(query.installationIds.map(Number))}::bigint[])`
        : undefined,
      query.repositories ? sql`repository = any(${sql.array([...query.repositories])}::text[])` : undefined,
      query.issueNumber !== undefined ? sql`issue_number = ${query.issueNumber}` : undefined,
      query.requestedBy ? sql`lower(requested_by) = ${query.requestedBy.toLowerCase()}` : undefined,
      query.statuses ? sql`status = any(${sql.array([...query.statuses])}::text[])` : undefined,
    ].filter((c) => c !== undefined);
    const where = conditions.length ? conditions.reduce((all, c) => sql`${all} and ${c}`) : sql`true`;
    const rows = await sql<
      { record: RunRecord }[]
    >`select record from ${sql(this.table)} where ${where} order by queued_at desc, id desc limit ${query.limit ?? 500}`;
    return rows.map((r) => r.record);
  }

  private async usedSince(
    sql: postgres.Sql | postgres.TransactionSql,
    installationId: number,
    since: string,
  ): Promise<{ generations: number; tokens: number }> {
    const [used] = await sql<{ generations: string; tokens: string }[]>`
      select count(*) as generations, coalesce(sum(tokens), 0) as tokens from ${sql(this.table)}
      where installation_id = ${installationId} and queued_at >= ${since}`;
    return { generations: Number(used?.generations ?? 0), tokens: Number(used?.tokens ?? 0) };
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

function row(run: RunRecord, sql: postgres.Sql) {
  return {
    id: run.id,
    installation_id: run.installationId,
    repository: run.repository,
    issue_number: run.issueNumber,
    requested_by: run.requestedBy,
    status: run.status,
    queued_at: run.queuedAt,
    tokens: run.tokens,
    record: sql.json(run as unknown as postgres.JSONValue),
  };
}

function unreachable(error: unknown): AppgenError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AppgenError(
    "IO",
    `The run store's PostgreSQL database cannot be used (${reason}). Check DATABASE_URL (postgres://user:password@host:5432/database) and that the user may create tables, or unset it to keep runs in APPGEN_DATA_DIR.`,
    [],
    { cause: error },
  );
}
