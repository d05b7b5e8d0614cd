import { describe, expect, it } from "vitest";
import { parseCommand } from "../../app/core/commands.ts";

describe("parseCommand", () => {
  it.each([
    ["/regenerate", ""],
    ["/regenerate add a priority field to tasks", "add a priority field to tasks"],
    [
      "Looks good, but\n/regenerate add tags to deals\nand make them searchable",
      "add tags to deals\nand make them searchable",
    ],
    ["  /regenerate   trailing spaces  ", "trailing spaces"],
    ["/REGENERATE loud", "loud"],
    ["/regenerate\r\nwindows line", "windows line"],
    ["```\n/regenerate inside code\n```\n/regenerate outside", "outside"],
  ])("finds the command in %j", (body, instructions) => {
    expect(parseCommand(body, "/regenerate")).toEqual({ instructions });
  });

  it.each([
    ["please /regenerate this"],
    ["> /regenerate quoted"],
    ["/regenerated already"],
    ["    /regenerate indented as code"],
    ["```\n/regenerate only in code\n```"],
    [""],
  ])("ignores %j", (body) => {
    expect(parseCommand(body, "/regenerate")).toBeUndefined();
  });

  it("uses the configured command", () => {
    expect(parseCommand("/rebuild smaller", "/rebuild")).toEqual({ instructions: "smaller" });
    expect(parseCommand("/regenerate smaller", "/rebuild")).toBeUndefined();
  });
});
