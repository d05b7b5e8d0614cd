// The throwaway PostgreSQL cluster is production code (`appgen check` uses it); tests import it from here, with the
// test process's PATH to find initdb and pg_ctl on (app/ modules never read process.env themselves).
import { startPostgres as startCluster, type PostgresCluster } from "../../app/adapters/postgres-cluster.ts";

export type { PostgresCluster };

export function startPostgres(): Promise<PostgresCluster> {
  return startCluster({ searchPath: process.env.PATH });
}
