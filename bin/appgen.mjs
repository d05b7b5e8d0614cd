#!/usr/bin/env node
// The `appgen` command. tsx compiles the TypeScript sources on the fly, so it works right after `npm install`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../app/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
