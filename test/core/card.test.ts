import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { inflateSync } from "node:zlib";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { renderInline, renderMarkdown } from "../helpers/markdown.ts";
import { describe, expect, it } from "vitest";
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  contrastRatio,
  fit,
  renderCardMarkdown,
  renderCardSvg,
  type AppCard,
} from "../../app/core/card.ts";

const run = promisify(execFile);

const CARD: AppCard = {
  name: "Sales CRM",
  description: "Track leads, companies and deals; sales reps log calls with their contacts.",
  counts: { entities: 5, pages: 17, roles: 2 },
  theme: { background: "#ffffff", primary: "#2563eb" },
  check: "passing",
  deployUrl: "https://sales-crm.vercel.app",
  generationMs: 83_400,
  tokens: 12_345,
  costUsd: 0.0123,
  autofixAttempts: 1,
};

function parse(svg: string): Record<string, any> {
  expect(XMLValidator.validate(svg)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg) as Record<string, any>;
}

function texts(svg: string): string[] {
  const root = parse(svg).svg;
  const nodes = ([] as any[]).concat(root.g.text);
  return nodes.map((n) => (typeof n === "object" ? String(n["#text"] ?? "") : String(n)));
}

describe("renderCardSvg", () => {
  it("renders a fixed card to the same bytes", () => {
    const svg = renderCardSvg(CARD);
    expect(renderCardSvg(structuredClone(CARD))).toBe(svg);
    expect(svg).toMatchSnapshot();
  });

  it("is well-formed XML of the fixed size carrying every fact", () => {
    const svg = renderCardSvg(CARD);
    const root = parse(svg).svg;
    expect([Number(root.width), Number(root.height)]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    const shown = texts(svg);
    for (const fact of [
      "Sales CRM",
      "5 entities · 17 pages · 2 roles",
      "Next.js",
      "shadcn/ui",
      "Supabase",
      "checks passing",
      "sales-crm.vercel.app",
      "1 min 23 s",
      "12,345",
      "$0.0123",
      "1",
    ]) {
      expect(shown).toContain(fact);
    }
  });

  it.each([
    ["markup", '<script>"x"</script>&', "&lt;script&gt;&quot;x&quot;&lt;/script&gt;&amp;"],
    ["control characters", "Bad\u0001name\u001f", "Badname"],
  ])("escapes %s from the issue", (_, name, escaped) => {
    const svg = renderCardSvg({ ...CARD, name });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain(`font-weight="700">${escaped}</text>`);
    parse(svg);
  });

  it("truncates long text with an ellipsis", () => {
    const svg = renderCardSvg({ ...CARD, name: "A".repeat(200), description: "word ".repeat(100) });
    const [name, description] = texts(svg);
    expect(name!.endsWith("…")).toBe(true);
    expect(name!.length).toBeLessThan(40);
    expect(description!.endsWith("…")).toBe(true);
    expect(fit("short", 500, 15)).toBe("short");
  });

  it.each([
    ["light", "#ffffff", "#2563eb"],
    ["dark", "#0b1020", "#38bdf8"],
    ["primary equal to the background", "#1e293b", "#1e293b"],
    ["yellow", "#fde047", "#fef08a"],
  ])("keeps text readable on a %s theme", (_, background, primary) => {
    const svg = renderCardSvg({ ...CARD, theme: { background, primary } });
    const title = /font-weight="700">/.exec(svg) && /<g font-family="[^"]*" fill="(#[0-9a-f]{6})">/.exec(svg);
    expect(contrastRatio(title![1]!, background)).toBeGreaterThanOrEqual(4.5);
    const accent = /<rect x="0.5" y="0.5" width="10"[^>]*fill="(#[0-9a-f]{6})"/.exec(svg)![1]!;
    expect(contrastRatio(accent, background)).toBeGreaterThanOrEqual(3);
  });
});

describe("renderCardMarkdown", () => {
  it("shows the same facts as a one-row table", () => {
    const markdown = renderCardMarkdown({ ...CARD, name: "A|B @team" });
    const lines = markdown.trim().split("\n");
    expect(renderInline(lines[0]!)).toBe("<strong>A|B @\u200bteam</strong> — 5 entities · 17 pages · 2 roles");
    expect(lines[2]!.split(" | ")).toHaveLength(7);
    expect(renderMarkdown(markdown)).toContain('<a href="https://sales-crm.vercel.app">sales-crm.vercel.app</a>');
    expect(lines[4]).toContain("🟢 checks passing");
  });
});

/** Width, height and the distinct RGB colours of an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes). */
function decodePng(png: Buffer): { width: number; height: number; colors: number } {
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString("latin1");
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect(body[8]).toBe(8);
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === "IDAT") data.push(body);
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const previous = Buffer.alloc(stride);
  const colors = new Set<number>();
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      line[x] = (line[x]! + predictor) & 255;
    }
    line.copy(previous);
    for (let x = 0; x < width; x++)
      colors.add((line[x * channels]! << 16) | (line[x * channels + 1]! << 8) | line[x * channels + 2]!);
  }
  return { width, height, colors: colors.size };
}

describe.skipIf(!existsSync("/usr/bin/chromium"))("the card in headless Chromium", () => {
  it("renders to a non-blank 800×240 screenshot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "appgen-card-"));
    try {
      const svgPath = join(dir, "card.svg");
      const pngPath = join(dir, "card.png");
      writeFileSync(svgPath, renderCardSvg(CARD));
      await run(
        "/usr/bin/chromium",
        [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--hide-scrollbars",
          `--user-data-dir=${join(dir, "profile")}`,
          `--screenshot=${pngPath}`,
          `--window-size=${CARD_WIDTH},${CARD_HEIGHT}`,
          `file://${svgPath}`,
        ],
        { timeout: 60_000 },
      );
      const png = decodePng(readFileSync(pngPath));
      expect([png.width, png.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
      // Text is anti-aliased: a rendered card has hundreds of shades, a blank page one.
      expect(png.colors).toBeGreaterThan(50);
      if (process.env.APPGEN_KEEP_CARD_PNG) writeFileSync(process.env.APPGEN_KEEP_CARD_PNG, readFileSync(pngPath));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
