import { readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { AppgenError } from "../core/errors.ts";
import { MAX_INPUT_BYTES } from "../core/manifest/index.ts";

/** Reads a UTF-8 file given on the command line, refusing oversized files before reading them. */
export async function readInputFile(cwd: string, path: string, what: string): Promise<string> {
  const full = resolve(cwd, path);
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch {
    throw new AppgenError("IO", `${what} '${path}' does not exist. Check the path (it is relative to ${cwd}).`);
  }
  if (size > MAX_INPUT_BYTES) {
    throw new AppgenError(
      "INPUT_TOO_LARGE",
      `${what} '${path}' is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes.`,
    );
  }
  return readFile(full, "utf8");
}

export async function writeOutputFile(cwd: string, path: string, content: string): Promise<string> {
  const full = resolve(cwd, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, content);
  return full;
}
