// GitHub-flavoured Markdown rendered as GitHub would (marked with GFM: tables, autolinks, strikethrough), so tests
// check what a reader sees rather than the Markdown source.
import { Marked } from "marked";

const gfm = new Marked({ gfm: true, async: false });

export function renderMarkdown(markdown: string): string {
  return gfm.parse(markdown) as string;
}

/** Inline Markdown rendered on its own, without the paragraph around it. */
export function renderInline(markdown: string): string {
  return gfm.parseInline(markdown) as string;
}

/** The text a reader sees in rendered HTML: tags removed, the entities marked emits decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
