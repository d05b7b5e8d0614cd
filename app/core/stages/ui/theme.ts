// Theme colours derived from the manifest's background and primary so that every text colour is readable.
// Readable means WCAG 2 contrast of at least 4.5:1 (level AA for normal text), checked on the final hex values.
import type { Theme } from "../../schema-types/ui.ts";

export const MIN_TEXT_CONTRAST = 4.5;
/** shadcn's neutral near-black and near-white; softer than pure black and white, used whenever they reach 4.5:1. */
const SOFT_DARK = "#0a0a0a";
const SOFT_LIGHT = "#fafafa";
const MUTED_SHIFT = 6;
const MUTED_TEXT_SHIFT = 45;
const BORDER_SHIFT = 15;

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** `from` moved `percent`% of the way to `to`, per sRGB channel. */
export function mix(from: string, to: string, percent: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  return toHex([0, 1, 2].map((i) => a[i]! + ((b[i]! - a[i]!) * percent) / 100) as Rgb);
}

/** WCAG 2 relative luminance. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const better = (surface: string, x: string, y: string) =>
  contrastRatio(x, surface) >= contrastRatio(y, surface) ? x : y;

/** Text for a surface: the softer neutral that contrasts more, else pure black or white (which always reach 4.58:1). */
export function textColorOn(surface: string): string {
  const soft = better(surface, SOFT_DARK, SOFT_LIGHT);
  return contrastRatio(soft, surface) >= MIN_TEXT_CONTRAST ? soft : better(surface, "#000000", "#ffffff");
}

/** The first of `shifts` (percentages) for which the colour passes; the last shift must always pass. */
function firstPassing(
  shifts: number[],
  colorAt: (shift: number) => string,
  passes: (color: string) => boolean,
): string {
  for (const shift of shifts) {
    const color = colorAt(shift);
    if (passes(color)) return color;
  }
  return colorAt(shifts.at(-1) ?? 0);
}

const descending = (from: number, step: number) =>
  Array.from({ length: Math.floor(from / step) + 1 }, (_, i) => from - i * step);
const floor2 = (ratio: number) => Math.floor(ratio * 100) / 100;

export function deriveTheme(background: string, primary: string): Theme {
  const foreground = textColorOn(background);
  const readable = (text: string, ...surfaces: string[]) =>
    surfaces.every((s) => contrastRatio(text, s) >= MIN_TEXT_CONTRAST);
  // Shift 0 is the background itself, on which the foreground is readable by construction.
  const muted = firstPassing(
    descending(MUTED_SHIFT, 1),
    (s) => mix(background, foreground, s),
    (c) => readable(foreground, c),
  );
  const mutedForeground = firstPassing(
    descending(MUTED_TEXT_SHIFT, 5),
    (s) => mix(foreground, background, s),
    (c) => readable(c, muted, background),
  );
  // Shift 100 is the foreground itself.
  const link = firstPassing(
    descending(100, 5).reverse(),
    (s) => mix(primary, foreground, s),
    (c) => readable(c, background),
  );
  const primaryForeground = textColorOn(primary);
  return {
    background,
    foreground,
    primary,
    primary_foreground: primaryForeground,
    muted,
    muted_foreground: mutedForeground,
    border: mix(background, foreground, BORDER_SHIFT),
    link,
    contrast: {
      foreground: floor2(Math.min(contrastRatio(foreground, background), contrastRatio(foreground, muted))),
      primary_foreground: floor2(contrastRatio(primaryForeground, primary)),
      muted_foreground: floor2(
        Math.min(contrastRatio(mutedForeground, muted), contrastRatio(mutedForeground, background)),
      ),
      link: floor2(contrastRatio(link, background)),
    },
  };
}

/**
 * The colours of the app's surfaces beyond the page and its buttons: cards, the header, the sidebar (and its active
 * item), headings and borders, tinted with the primary so the whole screen carries the theme. Every text colour is
 * checked at 4.5:1 on every surface it is drawn on; tints step back towards the background until it is.
 */
export interface SurfacePalette {
  background: string;
  foreground: string;
  card: string;
  card_foreground: string;
  header: string;
  header_foreground: string;
  sidebar: string;
  sidebar_foreground: string;
  sidebar_accent: string;
  sidebar_accent_foreground: string;
  muted: string;
  muted_foreground: string;
  heading: string;
  border: string;
  primary: string;
  primary_foreground: string;
}

const CARD_TINT = 4;
const HEADER_TINT = 7;
const SIDEBAR_TINT = 10;
const SIDEBAR_ACCENT_TINT = 20;
const BORDER_TINT = 15;

export function deriveSurfaces(background: string, primary: string): SurfacePalette {
  const theme = deriveTheme(background, primary);
  const readable = (text: string, ...surfaces: string[]) =>
    surfaces.every((s) => contrastRatio(text, s) >= MIN_TEXT_CONTRAST);
  // A tint of the primary over the background on which the page's foreground still reads (shift 0, the background
  // itself, always does), so text keeps one colour across the surfaces.
  const tint = (percent: number) =>
    firstPassing(
      descending(percent, 1),
      (s) => mix(background, primary, s),
      (c) => readable(theme.foreground, c),
    );
  const card = tint(CARD_TINT);
  const header = tint(HEADER_TINT);
  const sidebar = tint(SIDEBAR_TINT);
  const sidebarAccent = tint(SIDEBAR_ACCENT_TINT);
  const surfaces = [background, card, header, sidebar, theme.muted];
  // Secondary text appears on every surface; shift it towards the foreground until it reads on all of them.
  const mutedForeground = firstPassing(
    descending(100, 5).reverse(),
    (s) => mix(theme.muted_foreground, theme.foreground, s),
    (c) => readable(c, ...surfaces),
  );
  // Headings in the primary's hue where it reads on the page and on cards, else closer to the foreground.
  const heading = firstPassing(
    descending(100, 5).reverse(),
    (s) => mix(primary, theme.foreground, s),
    (c) => readable(c, background, card),
  );
  return {
    background,
    foreground: theme.foreground,
    card,
    card_foreground: theme.foreground,
    header,
    header_foreground: theme.foreground,
    sidebar,
    sidebar_foreground: theme.foreground,
    sidebar_accent: sidebarAccent,
    sidebar_accent_foreground: theme.foreground,
    muted: theme.muted,
    muted_foreground: mutedForeground,
    heading,
    border: mix(theme.border, primary, BORDER_TINT),
    primary,
    primary_foreground: theme.primary_foreground,
  };
}
