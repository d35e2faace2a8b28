/**
 * Small HTML helpers for the review pages: escaping, attributes, and the shared page shell with the inlined
 * stylesheet and script (assets/view/), so every page opens from the file system without a server.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder of the review's stylesheet and script (`assets/view/` at the package root). */
export const VIEW_ASSET_DIR = fileURLToPath(new URL('../../assets/view/', import.meta.url));

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML content and attribute values. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Attributes from a record (`undefined` / `false` left out, `true` as a bare attribute). */
export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${esc(value)}"`;
  }
  return out;
}

/** JSON for a `<script type="application/json">` block (no `</script>` can end it early). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const assets = new Map<string, string>();

/** The text of an asset file (cached). */
export function asset(name: string): string {
  let text = assets.get(name);
  if (text === undefined) {
    text = readFileSync(`${VIEW_ASSET_DIR}${name}`, 'utf8');
    assets.set(name, text);
  }
  return text;
}

/** A complete HTML page with the review stylesheet and script inlined. */
export function htmlPage(options: {
  title: string;
  bodyClass: string;
  body: string;
  data?: unknown;
}): string {
  const data =
    options.data === undefined
      ? ''
      : `<script type="application/json" id="review-data">${scriptJson(options.data)}</script>\n`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="budget-ingest view">
<title>${esc(options.title)}</title>
<link rel="icon" href="data:,">
<style>
${asset('review.css')}</style>
</head>
<body class="${esc(options.bodyClass)}">
${options.body}
${data}<script>
${asset('review.js')}</script>
</body>
</html>
`;
}
