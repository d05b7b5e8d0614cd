import { describe, expect, it } from "vitest";
import { contrastRatio, deriveTheme, mix, textColorOn } from "../../../../app/core/stages/ui/index.ts";

const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;

/** 16 levels per channel: 4,096 backgrounds, each paired with a primary from elsewhere in the cube. */
const SWEEP = Array.from({ length: 16 ** 3 }, (_, i) => {
  const [r, g, b] = [(i >> 8) & 15, (i >> 4) & 15, i & 15].map((c) => c * 17) as [number, number, number];
  return [hex(r, g, b), hex(255 - g, b, (r + 136) % 256)] as const;
});

describe("WCAG contrast", () => {
  it.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#777777", "#ffffff", 4.48],
    ["#767676", "#ffffff", 4.54],
    ["#0f172a", "#ffffff", 17.85],
    ["#ffd400", "#ffffff", 1.43],
  ])("contrast of %s on %s is %d:1", (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 2);
  });

  it.each([
    ["#ffffff", "#0a0a0a"],
    ["#000000", "#fafafa"],
    ["#fff8e7", "#0a0a0a"],
    ["#0b1020", "#fafafa"],
    // Mid grey: neither soft neutral reaches 4.5:1, pure black does.
    ["#767676", "#000000"],
  ])("text on %s is %s", (surface, text) => {
    expect(textColorOn(surface)).toBe(text);
  });

  it("mixes colours per channel", () => {
    expect(mix("#000000", "#ffffff", 50)).toBe("#808080");
    expect(mix("#ff0000", "#0000ff", 0)).toBe("#ff0000");
    expect(mix("#ff0000", "#0000ff", 100)).toBe("#0000ff");
  });
});

describe("deriveTheme", () => {
  it("keeps the manifest colours and derives shadcn-like neutrals on white", () => {
    expect(deriveTheme("#ffffff", "#0f172a")).toEqual({
      background: "#ffffff",
      foreground: "#0a0a0a",
      primary: "#0f172a",
      primary_foreground: "#fafafa",
      muted: "#f0f0f0",
      muted_foreground: "#6c6c6c",
      border: "#dadada",
      link: "#0f172a",
      contrast: { foreground: 17.37, primary_foreground: 17.1, muted_foreground: 4.6, link: 17.85 },
    });
  });

  it("darkens a light primary for links until it is readable", () => {
    const theme = deriveTheme("#ffffff", "#ffd400");
    expect(theme.primary).toBe("#ffd400");
    expect(theme.primary_foreground).toBe("#0a0a0a");
    expect(theme.link).not.toBe("#ffd400");
    expect(contrastRatio(theme.link, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });

  it(`keeps every text colour at 4.5:1 or more on its surface for ${SWEEP.length} background/primary pairs`, () => {
    const failures: string[] = [];
    for (const [background, primary] of SWEEP) {
      const t = deriveTheme(background, primary);
      const pairs: [string, string, string][] = [
        ["foreground/background", t.foreground, t.background],
        ["foreground/muted", t.foreground, t.muted],
        ["muted_foreground/muted", t.muted_foreground, t.muted],
        ["muted_foreground/background", t.muted_foreground, t.background],
        ["primary_foreground/primary", t.primary_foreground, t.primary],
        ["link/background", t.link, t.background],
      ];
      for (const [name, text, surface] of pairs)
        if (contrastRatio(text, surface) < 4.5) failures.push(`${background} ${primary} ${name}`);
      const reported = Math.min(
        t.contrast.foreground,
        t.contrast.muted_foreground,
        t.contrast.primary_foreground,
        t.contrast.link,
      );
      if (reported < 4.5) failures.push(`${background} ${primary} reports ${reported}`);
    }
    expect(failures).toEqual([]);
  });

  it("reports the ratios it guarantees, rounded down", () => {
    const t = deriveTheme("#767676", "#767676");
    expect(t.contrast.foreground).toBe(
      Math.floor(Math.min(contrastRatio(t.foreground, t.background), contrastRatio(t.foreground, t.muted)) * 100) / 100,
    );
    expect(t.contrast.primary_foreground).toBe(Math.floor(contrastRatio(t.primary_foreground, t.primary) * 100) / 100);
  });
});
