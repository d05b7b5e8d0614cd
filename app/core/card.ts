// The app card: one generated app at a glance, as an SVG committed with the app (appgen/card.svg) and as a few
// Markdown lines in the pull request. Pure and deterministic: the same card always renders the same bytes, so a
// commit only happens when something on the card changed.
import { markdownText, xmlText } from "./escape.ts";
import type { Manifest } from "./manifest/index.ts";

export type CheckStatus = "pending" | "passing" | "failing" | "unknown";

export interface AppCard {
  name: string;
  description: string;
  counts: { entities: number; pages: number; roles: number };
  theme: { background: string; primary: string };
  check: CheckStatus;
  deployUrl?: string;
  /** Wall time of the generation, in milliseconds. */
  generationMs?: number;
  tokens?: number;
  /** US dollars; omitted when the model's price is unknown. */
  costUsd?: number;
  autofixAttempts: number;
}

export const CARD_PATH = "appgen/card.svg";
export const CARD_WIDTH = 800;
export const CARD_HEIGHT = 240;
export const STACK = ["Next.js", "shadcn/ui", "Supabase"] as const;

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";
const DARK_TEXT = "#0f172a";
const LIGHT_TEXT = "#f8fafc";
// Average advance of a sans-serif glyph relative to its font size; errs wide so truncated text never overflows.
const GLYPH_WIDTH = 0.58;

const CHECK_LOOK: Record<CheckStatus, { label: string; color: string }> = {
  passing: { label: "checks passing", color: "#15803d" },
  failing: { label: "checks failing", color: "#b91c1c" },
  pending: { label: "checks pending", color: "#a16207" },
  unknown: { label: "checks not run", color: "#475569" },
};

/** The parts of a card the manifest decides; the run adds the rest. */
export function cardFromManifest(manifest: Manifest): Pick<AppCard, "name" | "description" | "counts" | "theme"> {
  return {
    name: manifest.name,
    description: manifest.description,
    counts: { entities: manifest.entities.length, pages: manifest.pages.length, roles: manifest.roles.length },
    theme: { background: manifest.theme.background, primary: manifest.theme.primary },
  };
}

export function renderCardSvg(card: AppCard): string {
  const background = normalizeHex(card.theme.background, "#ffffff");
  const text = readableOn(background);
  const muted = mix(text, background, 0.3);
  const primary = normalizeHex(card.theme.primary, DARK_TEXT);
  // A primary colour too close to the background would vanish; the text colour carries the accent instead.
  const accent = contrastRatio(primary, background) >= 3 ? primary : text;
  const onAccent = readableOn(accent);
  const check = CHECK_LOOK[card.check];
  const left = 40;
  const rightColumn = 540;
  const leftWidth = rightColumn - left - 24;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" role="img" aria-label="${xmlText(`${card.name}: ${card.description}`)}">`,
    `<title>${xmlText(card.name)}</title>`,
    `<rect x="0.5" y="0.5" width="${CARD_WIDTH - 1}" height="${CARD_HEIGHT - 1}" rx="14" fill="${background}" stroke="${mix(text, background, 0.82)}"/>`,
    `<rect x="0.5" y="0.5" width="10" height="${CARD_HEIGHT - 1}" rx="5" fill="${accent}"/>`,
    `<g font-family="${FONT}" fill="${text}">`,
    `<text x="${left}" y="62" font-size="30" font-weight="700">${xmlText(fit(card.name, leftWidth, 30))}</text>`,
    `<text x="${left}" y="94" font-size="15" fill="${muted}">${xmlText(fit(card.description, leftWidth, 15))}</text>`,
    `<text x="${left}" y="136" font-size="16" font-weight="600">${xmlText(countsLine(card.counts))}</text>`,
  ];

  let badgeX = left;
  for (const name of STACK) {
    const width = Math.ceil(name.length * 13 * GLYPH_WIDTH) + 22;
    parts.push(
      `<rect x="${badgeX}" y="166" width="${width}" height="26" rx="13" fill="${accent}"/>`,
      `<text x="${badgeX + width / 2}" y="183.5" font-size="13" font-weight="600" text-anchor="middle" fill="${onAccent}">${xmlText(name)}</text>`,
    );
    badgeX += width + 8;
  }

  parts.push(
    `<line x1="${rightColumn - 12}" y1="40" x2="${rightColumn - 12}" y2="${CARD_HEIGHT - 40}" stroke="${mix(text, background, 0.82)}"/>`,
    `<circle cx="${rightColumn + 8}" cy="56" r="7" fill="${check.color}"/>`,
    `<text x="${rightColumn + 24}" y="61" font-size="15" font-weight="600">${check.label}</text>`,
  );
  const rightWidth = CARD_WIDTH - rightColumn - 32;
  const facts = runFacts(card);
  facts.forEach(([label, value], index) => {
    const y = 96 + index * 26;
    parts.push(
      `<text x="${rightColumn}" y="${y}" font-size="13" fill="${muted}">${xmlText(label)}</text>`,
      `<text x="${CARD_WIDTH - 32}" y="${y}" font-size="13" font-weight="600" text-anchor="end">${xmlText(fit(value, rightWidth - label.length * 13 * GLYPH_WIDTH - 12, 13))}</text>`,
    );
  });
  parts.push("</g>", "</svg>");
  return `${parts.join("\n")}\n`;
}

/** The pull request body's card section (heading and card), which status changes rewrite in place. */
export function renderCardSection(card: AppCard): string {
  return `#### App card\n\n${renderCardMarkdown(card)}`;
}

/** The card for the pull request body: the same facts as the SVG, as Markdown that survives GitHub's sanitiser. */
export function renderCardMarkdown(card: AppCard): string {
  const check = CHECK_LOOK[card.check];
  const icon = { passing: "🟢", failing: "🔴", pending: "🟡", unknown: "⚪" }[card.check];
  const header = ["Stack", "Checks", ...runFacts(card).map(([label]) => capitalize(label))];
  const row = [
    STACK.join(" · "),
    `${icon} ${check.label}`,
    ...runFacts(card).map(([label, value]) =>
      label === "deploy" && card.deployUrl ? `[${markdownText(value)}](${card.deployUrl})` : markdownText(value),
    ),
  ];
  return [
    `**${markdownText(card.name)}** — ${markdownText(countsLine(card.counts))}`,
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    `| ${row.join(" | ")} |`,
    "",
  ].join("\n");
}

function runFacts(card: AppCard): [string, string][] {
  return [
    ["deploy", card.deployUrl ? card.deployUrl.replace(/^https?:\/\//, "").replace(/\/$/, "") : "not deployed"],
    ["generated in", card.generationMs === undefined ? "—" : duration(card.generationMs)],
    ["tokens", card.tokens === undefined ? "—" : card.tokens.toLocaleString("en-US")],
    ["cost", card.costUsd === undefined ? "—" : `$${card.costUsd.toFixed(card.costUsd < 1 ? 4 : 2)}`],
    ["auto-fix attempts", String(card.autofixAttempts)],
  ];
}

function countsLine(counts: AppCard["counts"]): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${plural(counts.entities, "entity", "entities")} · ${plural(counts.pages, "page", "pages")} · ${plural(counts.roles, "role", "roles")}`;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${Math.max(seconds, ms > 0 ? 1 : 0)} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Cuts text to what fits in `width` pixels at `fontSize`, ending with an ellipsis when something was cut. */
export function fit(text: string, width: number, fontSize: number): string {
  const single = text.replace(/\s+/g, " ").trim();
  const chars = [...single];
  const max = Math.max(1, Math.floor(width / (fontSize * GLYPH_WIDTH)));
  return chars.length <= max
    ? single
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function normalizeHex(color: string, fallback: string): string {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) return fallback;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return `#${hex.toLowerCase()}`;
}

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** WCAG 2 relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

function readableOn(background: string): string {
  return contrastRatio(DARK_TEXT, background) >= contrastRatio(LIGHT_TEXT, background) ? DARK_TEXT : LIGHT_TEXT;
}

/** `weight` of the way from `from` towards `to`. */
function mix(from: string, to: string, weight: number): string {
  const a = channels(from);
  const b = channels(to);
  return `#${a
    .map((c, i) =>
      Math.round(c + (b[i]! - c) * weight)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}
