// The embedded run store: an append-only JSON-lines file (one line per insert or patch), replayed into memory. Several
// processes on one machine may share the file (webhook server and workers): appends of one line are atomic on local
// file systems, every read first folds in what other processes appended, and admissions take a lock file so the
// daily limits hold across processes. Without a path it keeps runs in memory only (tests, `probot run`).
// PostgreSQL (DATABASE_URL) is the store for several machines.
import { randomUUID } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  fstatSync,
  writeSync,
  unlinkSync,
  statSync,
} from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AppgenError } from "../core/errors.ts";
import {
  applyRunPatch,
  byNewest,
  matchesRunQuery,
  usageOf,
  type Admission,
  type DailyLimits,
  type RunPatch,
  type RunQuery,
  type RunRecord,
  type RunStore,
} from "../core/runs.ts";

type Line = { op: "insert"; run: RunRecord } | { op: "patch"; id: string; patch: RunPatch };

export interface FileRunStoreOptions {
  /** The JSON-lines file; undefined keeps runs in memory only. */
  path?: string;
  /** A lock file older than this is taken to be left by a dead process. */
  staleLockMs?: number;
}

export class FileRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly path: string | undefined;
  private readonly staleLockMs: number;
  private offset = 0;
  private partial = "";
  private readonly ownLines = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(options: FileRunStoreOptions = {}) {
    this.path = options.path;
    this.staleLockMs = options.staleLockMs ?? 10_000;
    if (!this.path) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      // A line cut off by a crash must not swallow the next one: end the file with a newline before appending.
      if (existsSync(this.path)) {
        const size = statSync(this.path).size;
        if (size > 0) {
          const fd = openSync(this.path, "r");
          const last = Buffer.alloc(1);
          readSync(fd, last, 0, 1, size - 1);
          closeSync(fd);
          if (last.toString() !== "\n") this.append("\n");
        }
      }
      this.catchUp();
    } catch (error) {
      throw storeError(this.path, error);
    }
  }

  admit(run: RunRecord, limits: DailyLimits): Promise<Admission> {
    return this.serially(async () => {
      const unlock = await this.lock();
      try {
        this.catchUp();
        const used = usageOf(this.runs.values(), run.installationId, limits.dayStart);
        if (limits.tokensPerDay !== undefined && used.tokens >= limits.tokensPerDay)
          return { admitted: false, limit: "tokens", used: used.tokens };
        if (used.generations >= limits.generationsPerDay)
          return { admitted: false, limit: "generations", used: used.generations };
        this.write({ op: "insert", run });
        return { admitted: true };
      } finally {
        unlock();
      }
    });
  }

  update(id: string, patch: RunPatch): Promise<void> {
    return this.serially(async () => {
      this.catchUp();
      if (this.runs.has(id)) this.write({ op: "patch", id, patch });
    });
  }

  updateLatest(repository: string, issueNumber: number, patch: RunPatch): Promise<RunRecord | undefined> {
    return this.serially(async () => {
      this.catchUp();
      const latest = [...this.runs.values()]
        .filter((run) => run.repository === repository && run.issueNumber === issueNumber)
        .sort(byNewest)[0];
      if (!latest) return undefined;
      this.write({ op: "patch", id: latest.id, patch });
      return this.runs.get(latest.id);
    });
  }

  async get(id: string): Promise<RunRecord | undefined> {
    this.catchUp();
    return this.runs.get(id);
  }

  async list(query: RunQuery = {}): Promise<RunRecord[]> {
    this.catchUp();
    return [...this.runs.values()]
      .filter((run) => matchesRunQuery(run, query))
      .sort(byNewest)
      .slice(0, query.limit ?? 500);
  }

  async close(): Promise<void> {
    await this.chain;
  }

  /** Writes are serialised within the process so a patch never lands before the insert it patches. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => {});
    return next;
  }

  private write(line: Line): void {
    this.apply(line);
    if (!this.path) return;
    // Our line is applied now; catching up skips it by its id, even when another process appended around it.
    const lid = randomUUID();
    this.ownLines.add(lid);
    this.append(`${JSON.stringify({ ...line, lid })}\n`);
  }

  private append(text: string): void {
    const fd = openSync(this.path ?? "", "a");
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  }

  /** Folds in every complete line appended since the last read (by this process or another one). */
  private catchUp(): void {
    if (!this.path || !existsSync(this.path)) return;
    const fd = openSync(this.path, "r");
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const text = this.partial + buffer.toString("utf8");
      const lines = text.split("\n");
      this.partial = lines.pop() ?? "";
      for (const raw of lines) {
        if (!raw.trim()) continue;
        let line: Line & { lid?: string };
        try {
          line = JSON.parse(raw) as Line & { lid?: string };
        } catch {
          continue; // a line torn by a crash is skipped; the rest of the history stays readable
        }
        if (line.lid && this.ownLines.delete(line.lid)) continue;
        this.apply(line);
      }
    } finally {
      closeSync(fd);
    }
  }

  private apply(line: Line): void {
    if (line.op === "insert") {
      if (!this.runs.has(line.run.id)) this.runs.set(line.run.id, line.run);
      return;
    }
    const run = this.runs.get(line.id);
    if (run) this.runs.set(line.id, applyRunPatch(run, line.patch));
  }

  /** A lock file taken with O_EXCL; one left by a crashed process is broken after staleLockMs. */
  private async lock(): Promise<() => void> {
    if (!this.path) return () => {};
    const lockPath = `${this.path}.lock`;
    const deadline = Date.now() + this.staleLockMs * 3;
    for (;;) {
      try {
        const fd = openSync(lockPath, "wx");
        closeSync(fd);
        return () => {
          try {
            unlinkSync(lockPath);
          } catch {
            // Already broken by another process as stale; nothing to release.
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw storeError(lockPath, error);
        try {
          if (Date.now() - statSync(lockPath).mtimeMs > this.staleLockMs) unlinkSync(lockPath);
        } catch {
          // Released meanwhile.
        }
        if (Date.now() > deadline)
          throw new AppgenError(
            "IO",
            `The run store's lock ${lockPath} stayed taken for ${Math.round((this.staleLockMs * 3) / 1000)} s. Check that no process hangs holding it, delete the file, and try again.`,
          );
        await sleep(5);
      }
    }
  }
}

function storeError(path: string, error: unknown): AppgenError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AppgenError(
    "IO",
    `The run store ${path} cannot be used (${reason}). Set APPGEN_DATA_DIR to a writable directory, or DATABASE_URL to a PostgreSQL database.`,
    [],
    { cause: error },
  );
}
