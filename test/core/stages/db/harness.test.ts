// The throwaway cluster the db tests run on: isolated, tuned for speed, and gone after stop().
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../../../helpers/postgres.ts";

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

describe("startPostgres", () => {
  it("runs two isolated clusters side by side and removes each on stop()", async () => {
    const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
    try {
      expect(a.port).not.toBe(b.port);
      const sql = a.connect();
      const [settings] = await sql`
        select current_setting('fsync') as fsync, current_setting('full_page_writes') as full_page_writes,
               current_setting('synchronous_commit') as synchronous_commit, current_setting('listen_addresses') as listen,
               current_setting('unix_socket_directories') as socket, current_setting('server_encoding') as encoding`;
      expect(settings).toEqual({
        fsync: "off",
        full_page_writes: "off",
        synchronous_commit: "off",
        listen: "127.0.0.1",
        socket: a.directory,
        encoding: "UTF8",
      });
      await sql`create table only_in_a (id int)`;
      const other = await b.connect()`select count(*)::int as n from pg_tables where tablename = 'only_in_a'`;
      expect(other[0]?.n).toBe(0);
      const url = await a.createDatabase("second");
      expect(url).toBe(`postgres://postgres@127.0.0.1:${a.port}/second`);
      const [current] = await a.connect({ database: "second" })`select current_database() as name`;
      expect(current?.name).toBe("second");
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const cluster of [a, b]) {
      expect(existsSync(cluster.directory)).toBe(false);
      expect(await refusesConnections(cluster.port)).toBe(true);
    }
    await a.stop();
  });
});
