// A port the OS considers free right now on 127.0.0.1, for the throwaway servers appgen starts (Postgres, the
// generated app, and in tests Redis). A race with another process is possible; callers retry or report it.
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
