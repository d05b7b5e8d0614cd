// The throwaway PostgreSQL cluster is production code (`appgen check` uses it); tests import it from here.
export { startPostgres, type PostgresCluster } from "../../app/adapters/postgres-cluster.ts";
