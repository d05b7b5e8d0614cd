// A throwaway Debian PostgreSQL cluster (for `appgen check` and the tests): initdb into a temp dir, start on a free 127.0.0.1 port with
// durability switched off (the data is thrown away), and always stop it — in stop(), and on process exit as a net.
// Start-up is dominated by initdb; a pristine data directory is therefore made once per machine and Postgres
// version (kept in the temp dir as appgen-pg-template-*) and copied for every later cluster.
import { execFile, spawnSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { AppgenError } from "../core/errors.ts";
import { freePort } from "./free-port.ts";

const run = promisify(execFile);

export interface PostgresCluster {
  /** Superuser connection to the `postgres` database, e.g. postgres://postgres@127.0.0.1:54012/postgres. */
  readonly connectionString: string;
  readonly port: number;
  /** `initdb --version`, e.g. "initdb (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)". */
  readonly version: string;
  /** Temporary directory holding the data directory, the unix socket and server.log; deleted by stop(). */
  readonly directory: string;
  /** A postgres.js client as the superuser; ended by stop(). Pass `database` to connect elsewhere. */
  connect(options?: postgres.Options<Record<string, postgres.PostgresType>>): postgres.Sql;
  /** Creates an empty database and answers its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Ends every client made by connect(), stops the server and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
  version: string;
}

const SETTINGS = {
  listen_addresses: "'127.0.0.1'",
  fsync: "off",
  full_page_writes: "off",
  synchronous_commit: "off",
  max_connections: "40",
  shared_buffers: "32MB",
  max_wal_size: "256MB",
  log_min_messages: "warning",
};

const live = new Set<{ stopSync(): void }>();
let exitHookInstalled = false;

export interface StartPostgresOptions {
  /** The PATH to look for initdb and pg_ctl in (the caller's environment's); /usr/lib/postgresql/<version>/bin is searched after it. */
  searchPath?: string | undefined;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const binaries = findBinaries(options.searchPath ?? "");
  const asPostgres = process.getuid?.() === 0 ? postgresUser() : undefined;
  const exec = (file: string, args: string[]) =>
    asPostgres ? run("runuser", ["-u", "postgres", "--", file, ...args]) : run(file, args);

  const template = await pristineDataDir(binaries, asPostgres, exec);
  const dir = await mkdtemp(join(tmpdir(), "appgen-pg-"));
  const dataDir = join(dir, "data");
  // cp -a keeps the postgres owner and modes, and is several times faster than fs.cp on the ~1000 small files.
  await run("cp", ["-a", template, dataDir]);
  if (asPostgres) chownSync(dir, asPostgres.uid, asPostgres.gid);

  let port = 0;
  let stopped = false;
  const clients = new Set<postgres.Sql>();
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    live.delete(handle);
    const args = ["-D", dataDir, "-m", "immediate", "-w", "stop"];
    if (asPostgres) spawnSync("runuser", ["-u", "postgres", "--", binaries.pgCtl, ...args], { stdio: "ignore" });
    else spawnSync(binaries.pgCtl, args, { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  const handle = { stopSync };
  live.add(handle);
  installExitHook();

  try {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const conf = Object.entries({ ...SETTINGS, port: String(port), unix_socket_directories: `'${dir}'` })
        .map(([key, value]) => `${key} = ${value}`)
        .join("\n");
      await appendFile(join(dataDir, "postgresql.conf"), `\n${conf}\n`);
      try {
        await exec(binaries.pgCtl, ["-D", dataDir, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
        break;
      } catch (error) {
        // Another process may take the port between freePort() and bind(); try a fresh one.
        if (attempt >= 3 || !serverLog(dir).includes("could not bind")) {
          throw new Error(`PostgreSQL did not start (${binaries.pgCtl}):\n${serverLog(dir)}`, { cause: error });
        }
      }
    }
  } catch (error) {
    stopSync();
    throw error;
  }

  const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cluster: PostgresCluster = {
    connectionString,
    port,
    version: binaries.version,
    directory: dir,
    connect(options = {}) {
      const sql = postgres({
        host: "127.0.0.1",
        port,
        user: "postgres",
        database: "postgres",
        max: 4,
        onnotice: () => {},
        ...options,
      });
      clients.add(sql);
      return sql;
    },
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unusable database name '${name}'`);
      const admin = cluster.connect({ max: 1 });
      try {
        await admin.unsafe(`create database ${name}`);
      } finally {
        clients.delete(admin);
        await admin.end({ timeout: 1 });
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      await Promise.all([...clients].map((sql) => sql.end({ timeout: 1 })));
      clients.clear();
      stopSync();
    },
  };
  return cluster;
}

function findBinaries(searchPath: string): Binaries {
  const fromPath = (name: string) =>
    searchPath
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name))
      .find((file) => existsSync(file));
  const onPath = { initdb: fromPath("initdb"), pgCtl: fromPath("pg_ctl") };
  let initdb = onPath.initdb && onPath.pgCtl ? realpathSync(onPath.initdb) : undefined;
  let pgCtl = onPath.initdb && onPath.pgCtl ? realpathSync(onPath.pgCtl) : undefined;
  if (!initdb || !pgCtl) {
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root)
      ? readdirSync(root)
          .filter((v) => existsSync(join(root, v, "bin", "initdb")) && existsSync(join(root, v, "bin", "pg_ctl")))
          .sort((a, b) => Number(b) - Number(a))
      : [];
    if (versions[0] !== undefined) {
      initdb = join(root, versions[0], "bin", "initdb");
      pgCtl = join(root, versions[0], "bin", "pg_ctl");
    }
  }
  if (!initdb || !pgCtl) {
    throw new AppgenError(
      "TOOL_MISSING",
      "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. Run `npm run setup` to install Debian's postgresql package.",
    );
  }
  const version = spawnSync(initdb, ["--version"], { encoding: "utf8" }).stdout.trim();
  return { initdb, pgCtl, version };
}

interface OsUser {
  uid: number;
  gid: number;
}

function postgresUser(): OsUser {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) {
    throw new AppgenError(
      "TOOL_MISSING",
      "Running as root, but there is no 'postgres' OS user to run initdb as (initdb refuses root). Run `npm run setup`, or run the tests as a normal user.",
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs initdb once per (user, version) and keeps the result next to the other temp files. */
async function pristineDataDir(
  binaries: Binaries,
  asPostgres: OsUser | undefined,
  exec: (file: string, args: string[]) => Promise<unknown>,
): Promise<string> {
  const version = /\d+(\.\d+)*/.exec(binaries.version)?.[0] ?? "unknown";
  const key = `${version}-uid${process.getuid?.() ?? "unknown"}-wal1m`;
  const cached = join(tmpdir(), `appgen-pg-template-${key}`);
  if (existsSync(join(cached, "PG_VERSION")) && statSync(cached).isDirectory()) return cached;

  const work = mkdtempSync(join(tmpdir(), "appgen-pg-initdb-"));
  if (asPostgres) chownSync(work, asPostgres.uid, asPostgres.gid);
  const data = join(work, "data");
  try {
    // 1 MB WAL segments instead of 16 MB: less to copy for every cluster.
    await exec(binaries.initdb, [
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
      "--wal-segsize=1",
      "--no-sync",
      "--no-instructions",
    ]);
    try {
      // Atomic: parallel test files racing here end with one complete template and no half-written one.
      renameSync(data, cached);
    } catch {
      if (!existsSync(join(cached, "PG_VERSION"))) throw new Error(`could not store the initdb template at ${cached}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return cached;
}

function serverLog(dir: string): string {
  try {
    return readFileSync(join(dir, "server.log"), "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "(no server log)";
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const stopAll = () => {
    for (const cluster of [...live]) cluster.stopSync();
  };
  process.once("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      stopAll();
      process.kill(process.pid, signal);
    });
  }
}
