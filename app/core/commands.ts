// Commands people type in pull request comments. A command counts only at the start of a line, outside code blocks
// and quotes, so quoting someone's "/regenerate" or mentioning it mid-sentence never starts a run.
import { fencedBlocks } from "./planners/explicit-planner.ts";

export interface ParsedCommand {
  /** Everything after the command: the rest of its line and the lines below it, trimmed; "" when none. */
  instructions: string;
}

/** Finds `command [instructions]` (e.g. "/regenerate add a priority to tasks") in a comment body; undefined when absent. */
export function parseCommand(body: string, command: string): ParsedCommand | undefined {
  const text = body.replace(/\r\n?/g, "\n");
  const blocks = fencedBlocks(text);
  const name = command.toLowerCase();
  let offset = 0;
  for (const line of text.split("\n")) {
    const start = offset;
    offset += line.length + 1;
    if (blocks.some((b) => start >= b.start && start < b.end)) continue;
    const trimmed = line.replace(/^ {0,3}/, "");
    if (!trimmed.toLowerCase().startsWith(name)) continue;
    const after = trimmed.slice(name.length);
    if (after !== "" && !/^\s/.test(after)) continue;
    const rest = `${after}\n${text.slice(offset)}`;
    return { instructions: rest.trim() };
  }
  return undefined;
}
