// The `appgen` command line: parses arguments, runs one command, and renders errors in one place.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { AppgenError, describeError } from "../core/errors.ts";
import { checkCommand } from "./check-command.ts";
import { fixCommand } from "./fix-command.ts";
import { generateCommand } from "./generate-command.ts";
import { planCommand } from "./plan-command.ts";
import { validateCommand } from "./validate-command.ts";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  allowPositionals?: boolean;
  run(
    args: { values: Record<string, string | boolean | undefined>; positionals: string[] },
    io: CliIo,
  ): Promise<number>;
}

const commands: Record<string, Command> = {
  plan: planCommand,
  generate: generateCommand,
  validate: validateCommand,
  check: checkCommand,
  fix: fixCommand,
};

function help(): string {
  const lines = ["Usage: appgen <command> [options]", "", "Commands:"];
  for (const [name, command] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push("", "Run `appgen <command> --help` for a command's options.");
  return lines.join("\n");
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`appgen: unknown command '${name}'\n\n${help()}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    const parsed = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return await command.run(
      parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] },
      io,
    );
  } catch (error) {
    if (error instanceof AppgenError) {
      io.stderr(`appgen ${name}: ${describeError(error)}\n`);
      return error.code === "USAGE" ? 2 : 1;
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`appgen ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr(
      `appgen ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}
