// Colours named in a prompt -> theme. CSS colour keywords come from the color-name package (multi-word forms such as
// "papaya whip" are matched by joining up to three words), hex codes are read as written. A colour word only counts
// when the text ties it to the look of the app: many colour words are ordinary nouns ("salmon", "wheat", "a black
// player"), so an unlabelled colour needs a styling word in its sentence.
import colors from "color-name";
import type { Theme } from "../../schema-types/manifest.ts";
import { normalizeText } from "./text.ts";

type Slot = "background" | "primary";

const BACKGROUND_CUES = new Set(["background", "backgrounds", "bg", "backdrop", "canvas"]);
const PRIMARY_CUES = new Set([
  "primary",
  "button",
  "buttons",
  "component",
  "components",
  "accent",
  "accents",
  "highlight",
  "highlights",
  "link",
  "links",
  "header",
  "headers",
  "navbar",
  "nav",
  "sidebar",
  "brand",
  "cta",
  "ctas",
  "icons",
  "icon",
  "controls",
]);
const GENERIC_CUES = new Set([
  "color",
  "colour",
  "colors",
  "colours",
  "theme",
  "palette",
  "scheme",
  "tone",
  "tones",
  "hue",
]);
/** Words that say the sentence is about styling, so a plain colour in it is meant for the theme. */
const STYLE_WORDS =
  /\b(?:colou?rs?|theme|themed|palette|scheme|style|styled|styling|look|looks|branding|brand|design|background|buttons?|accents?|primary|make it|paint|ui)\b/i;
/** Colours people name without any styling word nearby and still mean the theme. */
const PLAIN_COLOURS = new Set([
  "red",
  "blue",
  "green",
  "yellow",
  "orange",
  "purple",
  "pink",
  "teal",
  "black",
  "white",
  "gray",
  "grey",
  "navy",
  "indigo",
  "violet",
  "cyan",
  "magenta",
  "brown",
  "maroon",
  "turquoise",
  "lime",
  "gold",
  "silver",
  "beige",
]);
const BOUNDARY = new Set(["and", "with", "but", "while", "plus", ","]);

interface Mention {
  hex: string;
  plain: boolean;
  start: number;
  end: number;
}

const COLOUR_KEYS = new Map<string, string>(
  Object.entries(colors).map(([name, [r, g, b]]) => [
    name,
    `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`,
  ]),
);

export function expandHex(raw: string): string {
  const hex = raw.replace(/^#/, "").toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex}`;
}

/** The theme colours a prompt names; slots it does not name are left out. */
export function themeFromText(text: string): Partial<Theme> {
  const theme: Partial<Theme> = {};
  const unlabelled: string[] = [];
  const sentences = normalizeText(text).split(/[.!?;\n]+/);
  const anyCue = sentences.some((s) => STYLE_WORDS.test(s));
  const found: { hex: string; slot: Slot | undefined; plain: boolean }[] = [];
  for (const sentence of sentences) {
    const tokens = [...sentence.matchAll(/#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|[\p{L}\p{N}]+|,/giu)].map((m) =>
      m[0].toLowerCase(),
    );
    const mentions = colourMentions(tokens);
    const styled = STYLE_WORDS.test(sentence);
    for (const mention of mentions) {
      const slot = cueAfter(tokens, mention.end) ?? cueBefore(tokens, mention.start);
      if (slot === undefined && !(styled && (mention.plain || mention.hex.length === 7))) continue;
      found.push({ hex: mention.hex, slot: slot === "generic" ? undefined : slot, plain: mention.plain });
    }
  }
  if (!anyCue && found.every((f) => f.slot === undefined)) return theme;
  for (const { hex, slot } of found) {
    if (slot) theme[slot] ??= hex;
    else unlabelled.push(hex);
  }
  const free = unlabelled.filter((hex) => hex !== theme.primary && hex !== theme.background);
  if (free.length >= 2 && theme.primary === undefined && theme.background === undefined) {
    // Two unlabelled colours ("navy and white"): the lighter one is the page, the darker one the buttons.
    const [a = "", b = ""] = free;
    const [light, dark] = luminance(a) >= luminance(b) ? [a, b] : [b, a];
    return { background: light, primary: dark };
  }
  for (const hex of free) {
    if (theme.primary === undefined) theme.primary = hex;
    else if (theme.background === undefined) theme.background = hex;
  }
  return theme;
}

/**
 * Whether a sentence is about the look of the app: it names a colour tied to a styling cue ("a seashell background",
 * "sienna buttons", "components in dim gray") or a colour in a sentence with a styling word. Such a sentence feeds
 * the theme only: its nouns ("background", "buttons", "navy") are never things to keep.
 */
export function stylingSentence(words: string[]): boolean {
  const tokens = words.map((w) => w.toLowerCase());
  const mentions = colourMentions(tokens);
  if (mentions.length === 0) return false;
  const styled = STYLE_WORDS.test(tokens.join(" "));
  return mentions.some(
    (m) =>
      cueAfter(tokens, m.end) !== undefined ||
      cueBefore(tokens, m.start) !== undefined ||
      (styled && (m.plain || m.hex.length === 7)),
  );
}

/** Shades and colour words of the other languages prompts come in, for telling a colour from a thing. */
const COLOUR_WORDS = new Set(
  `dark light pale deep bright soft warm cool pastel neon fonce foncee clair claire dunkel hell oscuro oscura claro clara
  scuro scura chiaro chiara escuro escura rouge bleu vert verte jaune noir noire blanc blanche gris grise rose violet
  violette marron beige creme orange rot blau grun gruen gelb schwarz weiss grau braun lila rosa rojo roja azul verde
  amarillo amarilla negro negra blanco blanca morado morada naranja rosso rossa blu giallo gialla nero nera bianco
  bianca grigio grigia marrone vermelho vermelha amarelo amarela preto preta branco branca cinza roxo roxa`
    .trim()
    .split(/\s+/),
);

/** Whether an identifier names a colour ("navy", "dark_goldenrod", "navy_blue", "vert_fonce"), never a thing. */
export function isColourName(name: string): boolean {
  if (COLOUR_KEYS.has(name.replace(/_/g, ""))) return true;
  // German writes the shade into the word: "dunkelgrün", "hellblau".
  const parts = name.replace(/^(dunkel|hell)(?=[a-z]{3})/, "$1_").split("_");
  return (
    parts.every((p) => COLOUR_KEYS.has(p) || COLOUR_WORDS.has(p)) &&
    parts.some((p) => COLOUR_KEYS.has(p) || !/^(?:dark|light|pale|deep|bright|soft|warm|cool)$/.test(p))
  );
}

function colourMentions(tokens: string[]): Mention[] {
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    if (token.startsWith("#")) {
      mentions.push({ hex: expandHex(token), plain: true, start: i, end: i });
      continue;
    }
    for (let n = 3; n >= 1; n--) {
      if (i + n > tokens.length) continue;
      const key = tokens.slice(i, i + n).join("");
      const hex = COLOUR_KEYS.get(key);
      if (!hex) continue;
      const last = mentions.at(-1);
      const plain = n > 1 || PLAIN_COLOURS.has(key);
      // "navy blue", "tomato red": adjacent colour words name one colour, the first being the more specific.
      if (last && last.end === i - 1) {
        last.end = i + n - 1;
        last.plain ||= plain;
      } else {
        mentions.push({ hex, plain, start: i, end: i + n - 1 });
      }
      i += n - 1;
      break;
    }
  }
  return mentions;
}

function cueKind(word: string): Slot | "generic" | undefined {
  if (BACKGROUND_CUES.has(word)) return "background";
  if (PRIMARY_CUES.has(word)) return "primary";
  if (GENERIC_CUES.has(word)) return "generic";
  return undefined;
}

function cueAfter(tokens: string[], end: number): Slot | "generic" | undefined {
  // Up to two words may sit between a colour and its cue: "dark orange call-to-action buttons".
  for (let i = end + 1; i <= end + 3 && i < tokens.length; i++) {
    const word = tokens[i] ?? "";
    const kind = cueKind(word);
    if (kind === "generic") {
      const next = cueKind(tokens[i + 1] ?? "");
      return next && next !== "generic" ? next : "generic";
    }
    if (kind) return kind;
    if (BOUNDARY.has(word)) return undefined;
  }
  return undefined;
}

function cueBefore(tokens: string[], start: number): Slot | "generic" | undefined {
  for (let i = start - 1; i >= start - 4 && i >= 0; i--) {
    const word = tokens[i] ?? "";
    const kind = cueKind(word);
    if (kind) return kind;
    if (BOUNDARY.has(word)) return undefined;
    if (
      ![
        "of",
        "in",
        "is",
        "be",
        "should",
        "a",
        "an",
        "the",
        "to",
        "as",
        "set",
        "use",
        "using",
        ":",
        "make",
        "made",
        "are",
        "color",
        "colour",
        "all",
      ].includes(word)
    )
      return undefined;
  }
  return undefined;
}

function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * ((value >> 16) & 255) + 0.7152 * ((value >> 8) & 255) + 0.0722 * (value & 255);
}
