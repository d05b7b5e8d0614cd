import { manifestSha256, parseManifest } from "../core/manifest/index.ts";
import { AppgenError } from "../core/errors.ts";
import { readInputFile } from "./files.ts";
import type { Command } from "./main.ts";

export const validateCommand: Command = {
  summary: "check a manifest file (JSON or YAML) and list every problem",
  usage: [
    "Usage: appgen validate <manifest.json|manifest.yaml>",
    "",
    "Exits 0 when the manifest is valid, 1 with one line per problem (JSON path, what is wrong, how to fix it).",
  ].join("\n"),
  options: {},
  allowPositionals: true,
  async run({ positionals }, io) {
    const [path, ...extra] = positionals;
    if (!path || extra.length)
      throw new AppgenError("USAGE", "give exactly one manifest file, e.g. `appgen validate appgen/manifest.json`");
    const manifest = parseManifest(await readInputFile(io.cwd, path, "manifest"), { source: path });
    const fields = manifest.entities.reduce((n, e) => n + e.fields.length, 0);
    io.stdout(
      `${path}: valid — ${manifest.entities.length} entities, ${fields} fields, ${manifest.pages.length} pages, ` +
        `${manifest.roles.length} roles (sha256 ${manifestSha256(manifest).slice(0, 12)})\n`,
    );
    return 0;
  },
};
