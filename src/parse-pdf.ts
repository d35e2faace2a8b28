/**
 * PDF entry point for callers that hold bytes (the batch worker): the same as `parsePdfBytes`, which loads
 * pdfjs-dist only when called.
 */
export { parsePdfBytes as parsePdf } from './parse.js';
