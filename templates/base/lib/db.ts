import "server-only";
import postgres from "postgres";

export type Tx = postgres.TransactionSql;

export interface DbUser {
  id: string;
  email: string | null;
}

const globalForDb = globalThis as unknown as { appDb?: postgres.Sql };

/** One pool per server process; kept on globalThis so `next dev` reloads do not open a new pool each time. */
export function db(): postgres.Sql {
  if (!globalForDb.appDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: copy .env.example to .env and point it at your database.");
    // prepare: false keeps the pool usable behind Supabase's transaction pooler (PgBouncer).
    globalForDb.appDb = postgres(url, { max: 10, prepare: false, onnotice: () => {} });
  }
  return globalForDb.appDb;
}

/**
 * Runs `work` in a transaction that acts as the user: `set local role` drops the connection's privileges to
 * Supabase's `authenticated` (or `anon`) role and the JWT claims make `auth.uid()` answer the user's id, so
 * every row-level-security policy applies exactly as it does behind Supabase's own API.
 */
export async function withUser<T>(user: DbUser | null, work: (tx: Tx) => Promise<T>): Promise<T> {
  const role = user ? "authenticated" : "anon";
  const claims = user ? { sub: user.id, email: user.email, role } : { role };
  const result = await db().begin(async (tx) => {
    await tx.unsafe(`set local role ${role}`);
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return work(tx);
  });
  return result as T;
}

/** Runs `work` with the connection's own privileges; only for auth bookkeeping, never for app data. */
export async function asService<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  return work(db());
}
