import { describe, expect, it } from "vitest";
import { themeFromText } from "../../../../app/core/planners/offline/theme.ts";

describe("themeFromText", () => {
  it.each([
    ["Use a papaya whip background and dark orange components.", { background: "#ffefd5", primary: "#ff8c00" }],
    ["A white background with blue buttons.", { background: "#ffffff", primary: "#0000ff" }],
    ["Background of light sea green, accents in crimson.", { background: "#20b2aa", primary: "#dc143c" }],
    ["Background #f8fafc and primary #2563eb.", { background: "#f8fafc", primary: "#2563eb" }],
    ["Buttons should be #F80.", { primary: "#ff8800" }],
    ["Make the buttons tomato red.", { primary: "#ff6347" }],
    ["Use a navy primary colour.", { primary: "#000080" }],
    ["Dark green accents.", { primary: "#006400" }],
    ["Light sea green theme.", { primary: "#20b2aa" }],
    ["A navy and white colour scheme.", { background: "#ffffff", primary: "#000080" }],
    ["Use a black background with gold accents.", { background: "#000000", primary: "#ffd700" }],
  ])("%s", (text, theme) => {
    expect(themeFromText(text)).toEqual(theme);
  });

  it.each([
    "Each game records the white player, the black player and the result.",
    "A menu with salmon, tomato soup and chocolate cake.",
    "Farm app for wheat and olive harvests.",
    "Issue #123 is about the login page.",
    "",
  ])("finds no theme in %j: colour words that are not about the look are ignored", (text) => {
    expect(themeFromText(text)).toEqual({});
  });
});
