/**
 * Attachment links of an HTML page: the files a portal page offers (部门预算公开.pdf, 附件.xls …), which is what a
 * user needs when the page itself is not the disclosure.
 */
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { LinkRef } from '../../ast/layout.js';

/** File types a disclosure is published as. */
const DOCUMENT_FILE = /\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z)(?=$|[?#'"\s)])/i;

/** Text of an element, whitespace collapsed. */
function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map((child) => textOf(child as Nodes)).join('');
  return '';
}

/** The first quoted path naming a document file in an onclick handler (downloadFj('a.pdf','./W02.pdf')). */
function fileInScript(script: string): string | undefined {
  const quoted = [...script.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return quoted.filter((q) => DOCUMENT_FILE.test(q)).at(-1);
}

/** What an HTML page says about itself: its `<title>` and the document files it links to. */
export interface PageLinks {
  /** Text of the page's `<title>`, when it has one. */
  title: string | undefined;
  /** Links to document files (by href, onclick handler or link text), in page order, deduplicated. */
  links: LinkRef[];
}

/** The `<title>` of an HTML page and the links to document files it holds. */
export function pageLinks(html: string): PageLinks {
  // Without an <a> or <title> tag there is nothing to find: skip parsing the whole page a second time.
  if (!/<(?:a|title)[\s/>]/i.test(html)) return { title: undefined, links: [] };
  const out: LinkRef[] = [];
  const seen = new Set<string>();
  let title: string | undefined;
  const visit = (node: Nodes): void => {
    if (node.type === 'element' && node.tagName === 'title' && title === undefined)
      title = textOf(node).replace(/\s+/g, ' ').trim() || undefined;
    if (node.type === 'element' && node.tagName === 'a') {
      const element = node as Element;
      const text = textOf(element).replace(/\s+/g, ' ').trim();
      const href = typeof element.properties.href === 'string' ? element.properties.href : '';
      const onclick = typeof element.properties.onClick === 'string' ? element.properties.onClick : '';
      const target = DOCUMENT_FILE.test(href)
        ? href
        : (fileInScript(onclick) ?? (DOCUMENT_FILE.test(text) ? href : ''));
      if (target || DOCUMENT_FILE.test(text)) {
        const key = `${text}\u0000${target}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ text: text || target, href: target });
        }
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(fromHtml(html));
  return { title, links: out };
}
