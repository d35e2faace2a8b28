import type { GridBlock, GridCell, LayoutBlock, LayoutRoot } from '../../ast/layout.js';
import { DEFAULT_LIMITS } from '../../errors.js';
import { isMetadataLine, isTableLabelLine, looksLikeTableTitle } from '../../grammar/lines.js';
import { type StageClock, timeLayout } from '../../timings.js';
import { PdfExtractError } from './errors.js';
import { detachCaptionRows, rebuildRuledGrid } from './grid-rebuild.js';
import { groupLines, type TextLine } from './lines.js';
import { beforeDeadline, PdfDeadlineError, withPdfDocument } from './open-document.js';
import { type PageContent, readPageContent } from './page-content.js';
import { printedFolio, removePageFurniture } from './page-furniture.js';
import { rebuildStreamTables } from './stream-tables.js';
import { findTableRegions } from './table-regions.js';
import { linesToBlocks } from './text-blocks.js';
import { garbageShare, type PageTextItem, pageFrame, undecodedCharacters } from './text-items.js';

export { PdfExtractError, type PdfExtractErrorCode } from './errors.js';

/** Options of {@link extractPdfLayout}. */
export interface PdfExtractOptions {
  /** File name used in error messages. */
  filename?: string;
  /** Refuse documents with more pages than this ('pdf-too-many-pages'). Default 2000 (`DEFAULT_LIMITS`). */
  maxPages?: number;
  /** Password of an encrypted PDF (user or owner password). */
  password?: string;
  /**
   * Epoch milliseconds after which no further page is read: the pages read so far are returned and
   * `data.stoppedAtPage` names the first page left unread. Default: none.
   */
  deadline?: number;
  /** Clock whose layout part gets the time of this library's own layout code. Default: none. */
  clock?: StageClock;
  /** Hand `data` to pdf.js without a copy; its buffer is detached (see OpenPdfOptions.handOver). */
  handOver?: boolean;
}

/** A page whose text was read only in part: glyphs not decoded, or content cut short. */
export interface DamagedPage {
  /** 1-based page number. */
  page: number;
  /** Glyphs shown on the page (blanks excepted). */
  glyphs: number;
  /** Of those, glyphs with no usable text (unmapped, U+FFFD, private use, a glyph id read as a character). */
  undecoded: number;
  /** True when the page's content ends inside a text object: the stream was cut short, text after it is lost. */
  cutShort: boolean;
}

/** A layout root from a PDF, with the pages whose text could not be read (scans, unmapped glyphs). */
export type PdfLayoutRoot = LayoutRoot & {
  data: {
    unreadablePages: number[];
    /** Page numbers printed in the margins (pages with exactly one), in page order; absent when none. */
    folios?: { page: number; printed: number }[];
    /** Pages read only in part (see {@link DamagedPage}); absent when none. */
    damagedPages?: DamagedPage[];
    /** First page not read because the deadline passed (absent when every page was read). */
    stoppedAtPage?: number;
  };
};

/** Share of unusable characters above which a page's text is treated as unreadable. */
const GARBAGE_LIMIT = 0.2;
/** Undecoded glyphs from which a page is reported read in part (a rare character or two is not damage). */
const UNDECODED_MIN = 3;

/** Per-page intermediate: grids placed on the page and the lines left for running text. */
interface PageWork {
  page: number;
  width: number;
  height: number;
  grids: GridBlock[];
  /** Titles and metadata found inside ruled areas, as blocks. */
  captions: LayoutBlock[];
  lines: TextLine[];
  /** Set when the page was read only in part. */
  damage?: DamagedPage;
}

/** What was lost on a readable page, or undefined when its whole text layer was decoded. */
function pageDamage(loaded: LoadedPage, n: number): DamagedPage | undefined {
  const undecoded = loaded.unmapped + undecodedCharacters(loaded.items);
  if (undecoded < UNDECODED_MIN && !loaded.cutShort) return undefined;
  return { page: n, glyphs: loaded.glyphs, undecoded, cutShort: loaded.cutShort };
}

/** True for a text that may stand as a caption above a grid (title, metadata, 表N label). */
function isCaptionText(text: string): boolean {
  return isTableLabelLine(text) || isMetadataLine(text) || looksLikeTableTitle(text);
}

/** A block for a caption cell taken out of a grid (recognition decides what it is). */
function captionBlock(cell: GridCell, page: number): LayoutBlock {
  const prov = [{ page, ...(cell.prov?.bbox ? { bbox: cell.prov.bbox } : {}) }];
  return { type: 'paragraph', text: cell.text, prov };
}

/** Top y of a block's first provenance box. */
function topOf(block: LayoutBlock): number {
  return block.prov[0]?.bbox?.[1] ?? 0;
}

/** Build running-text blocks separately for the stretches of lines between grids (no paragraph crosses a grid). */
function textAroundGrids(
  lines: readonly TextLine[],
  grids: readonly GridBlock[],
  page: number,
  width: number,
): LayoutBlock[] {
  const cuts = grids.map(topOf).sort((a, b) => a - b);
  const out: LayoutBlock[] = [];
  let segment: TextLine[] = [];
  let next = 0;
  for (const line of lines) {
    let crossed = false;
    while (next < cuts.length && line.top >= cuts[next]!) {
      next++;
      crossed = true;
    }
    if (crossed && segment.length > 0) {
      out.push(...linesToBlocks(segment, page, width));
      segment = [];
    }
    segment.push(line);
  }
  if (segment.length > 0) out.push(...linesToBlocks(segment, page, width));
  return out;
}

/** A page with its operator list read (the part that can be fetched ahead of processing). */
interface LoadedPage extends PageContent {
  page: import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;
  frame: ReturnType<typeof pageFrame>;
}

/** Fetch page `n` and read its text runs and rulings in one pass over its operator list. */
async function loadPage(
  doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy,
  pdfjs: import('./open-document.js').PdfJs,
  n: number,
  clock: StageClock | undefined,
): Promise<LoadedPage> {
  const page = await doc.getPage(n);
  try {
    const frame = pageFrame(page);
    return { page, frame, ...(await readPageContent(page, frame, pdfjs, clock)) };
  } catch (err) {
    page.cleanup();
    throw err;
  }
}

/** Read one page into grids and leftover lines; undefined when the page has no readable text. */
function readPage(loaded: LoadedPage, n: number): PageWork | undefined {
  const { page, frame, items, rulings } = loaded;
  try {
    if (items.length === 0 || garbageShare(items) > GARBAGE_LIMIT) return undefined;
    const grids: GridBlock[] = [];
    const captions: LayoutBlock[] = [];
    let rest: PageTextItem[] = items;
    for (const region of findTableRegions(rulings)) {
      const rebuilt = rebuildRuledGrid(region, rest, n);
      const { used } = rebuilt;
      if (used.size === 0) continue;
      const detached = detachCaptionRows(rebuilt.grid, isCaptionText);
      // A box around one piece of text (a framed cover title, a boxed note) is not a table.
      if (detached.grid.cells.filter((cell) => cell.text.trim() !== '').length <= 1) continue;
      grids.push(detached.grid);
      for (const cell of detached.captions) captions.push(captionBlock(cell, n));
      rest = rest.filter((it) => !used.has(it));
    }
    const streamed = rebuildStreamTables(groupLines(rest), n, frame.width);
    grids.push(...streamed.grids);
    const damage = pageDamage(loaded, n);
    return {
      page: n,
      width: frame.width,
      height: frame.height,
      grids,
      captions,
      lines: streamed.lines,
      ...(damage ? { damage } : {}),
    };
  } finally {
    page.cleanup();
  }
}

/**
 * Extract layout blocks (headings, paragraphs, grids, page breaks) from a PDF's text layer and rulings.
 * Throws PdfExtractError ('pdf-not-a-pdf' | 'pdf-encrypted' | 'pdf-corrupt' | 'pdf-too-many-pages').
 */
export async function extractPdfLayout(
  data: Uint8Array,
  options: PdfExtractOptions = {},
): Promise<PdfLayoutRoot> {
  const { filename, deadline } = options;
  const open = {
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(deadline === undefined ? {} : { deadline }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.handOver ? { handOver: true } : {}),
  };
  try {
    return await withPdfDocument(data, filename, (doc, pdfjs) => readPages(doc, pdfjs, options), open);
  } catch (err) {
    // The deadline passed while the document was still opening: nothing was read.
    if (err instanceof PdfDeadlineError)
      return { type: 'root', format: 'pdf', children: [], data: { unreadablePages: [], stoppedAtPage: 1 } };
    throw err;
  }
}

/** The document information Title, when the PDF states a meaningful one (not a file path or a tool's default). */
async function documentTitle(
  doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy,
): Promise<string | undefined> {
  try {
    const { info } = (await doc.getMetadata()) as { info?: { Title?: unknown } };
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    if (
      !title ||
      /^(untitled|microsoft|wps|无标题|document)/i.test(title) ||
      /[\\/]|\.(docx?|xlsx?|pdf)$/i.test(title)
    )
      return undefined;
    return title;
  } catch {
    return undefined; // a broken information dictionary states nothing
  }
}

/** Read every page (until the deadline) and assemble the layout blocks. */
async function readPages(
  doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy,
  pdfjs: import('./open-document.js').PdfJs,
  options: PdfExtractOptions,
): Promise<PdfLayoutRoot> {
  const { filename, maxPages = DEFAULT_LIMITS.maxPages, deadline, clock } = options;
  const pageCount = doc.numPages;
  if (pageCount > maxPages) {
    throw new PdfExtractError(
      'pdf-too-many-pages',
      filename,
      `${pageCount} pages exceed the limit of ${maxPages}`,
    );
  }
  const unreadablePages: number[] = [];
  const works: (PageWork | undefined)[] = [];
  let stoppedAtPage: number | undefined;
  // The next page's operator list is fetched while this one is processed (pdfjs waits on I/O in between).
  const fetchAhead = (n: number) => {
    const loading = loadPage(doc, pdfjs, n, clock);
    loading.catch(() => undefined); // awaited (and its error handled) when its turn comes
    return loading;
  };
  let next: Promise<LoadedPage> | undefined = pageCount >= 1 ? fetchAhead(1) : undefined;
  for (let n = 1; n <= pageCount; n++) {
    let work: PageWork | undefined;
    const loading = next!;
    next = n < pageCount ? fetchAhead(n + 1) : undefined;
    try {
      work = await beforeDeadline(
        loading.then((loaded) => timeLayout(clock, () => readPage(loaded, n))),
        deadline,
      );
    } catch (err) {
      if (err instanceof PdfDeadlineError) {
        stoppedAtPage = n;
        break;
      }
      if (pageCount === 1) {
        throw new PdfExtractError('pdf-corrupt', filename, `page ${n} cannot be read`, { cause: err });
      }
      work = undefined;
    }
    if (!work) unreadablePages.push(n);
    works.push(work);
  }
  const children = timeLayout(clock, () => assemble(works));
  const damagedPages = works.flatMap((work) => (work?.damage ? [work.damage] : []));
  const folios = works.flatMap((work) => {
    const printed = work && printedFolio({ height: work.height, lines: work.lines });
    return work && printed !== undefined ? [{ page: work.page, printed }] : [];
  });
  const fileTitle = await documentTitle(doc);
  return {
    type: 'root',
    format: 'pdf',
    pageCount,
    children,
    ...(fileTitle ? { fileTitle } : {}),
    data: {
      unreadablePages,
      ...(damagedPages.length ? { damagedPages } : {}),
      ...(folios.length ? { folios } : {}),
      ...(stoppedAtPage === undefined ? {} : { stoppedAtPage }),
    },
  };
}

/** The document's blocks from its pages (page furniture removed, each page's blocks in reading order). */
function assemble(works: readonly (PageWork | undefined)[]): LayoutBlock[] {
  const readable = works.filter((w): w is PageWork => w !== undefined);
  const cleaned = removePageFurniture(
    readable.map((w) => ({ height: w.height, lines: w.lines })),
    isMetadataLine,
  );
  const children: LayoutBlock[] = [];
  let k = 0;
  works.forEach((work, i) => {
    const n = i + 1;
    if (n >= 2) children.push({ type: 'pageBreak', page: n, prov: [{ page: n }] });
    if (!work) return;
    const lines = cleaned[k++] ?? [];
    const blocks: LayoutBlock[] = [
      ...textAroundGrids(lines, work.grids, n, work.width),
      ...work.grids,
      ...work.captions,
    ];
    blocks.sort((a, b) => topOf(a) - topOf(b));
    children.push(...blocks);
  });
  return children;
}
