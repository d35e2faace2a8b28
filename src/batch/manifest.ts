/**
 * The resume manifest (DIR/.budget-ingest-manifest.json): for every converted input, its content hash, the
 * options it was converted with and its output name, so `--resume` can skip what is already done.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';
import type { DocumentStats } from './protocol.js';

/** File name of the manifest inside the output folder. */
export const MANIFEST_NAME = '.budget-ingest-manifest.json';

/** One converted input. */
export interface ManifestEntry {
  /** Output base name (DIR/<name>.json, DIR/.parts/<name>.*). */
  name: string;
  /** Name in the `file` column. */
  file: string;
  /** sha256 of the input bytes. */
  sha256: string;
  /** Hash of the options that change the output (see `optionsKey`). */
  options: string;
  /** The JSON is indented (`--pretty`): presentation only, changed without converting again. */
  pretty?: boolean;
  /** The JSON is kept in DIR/.parts for documents.jsonl (`--jsonl`): presentation only. */
  jsonl?: boolean;
  stats: DocumentStats;
  /** Conversion time, ms. */
  ms: number;
  /** ISO time of the conversion. */
  convertedAt: string;
}

/** The manifest: entries by input identity (real path). */
export interface Manifest {
  schema: 'budget-ingest/manifest';
  version: 1;
  entries: Record<string, ManifestEntry>;
}

/** Read the manifest of an output folder; an absent or unreadable one is empty. */
export function readManifest(out: string): Manifest {
  try {
    const data = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as Partial<Manifest>;
    if (data.schema === 'budget-ingest/manifest' && data.version === 1 && data.entries)
      return { schema: data.schema, version: 1, entries: Object.assign(Object.create(null), data.entries) };
  } catch {
    // absent or damaged: start afresh
  }
  return emptyManifest();
}

/** A manifest without entries. */
export function emptyManifest(): Manifest {
  return { schema: 'budget-ingest/manifest', version: 1, entries: Object.create(null) };
}

/** Write the manifest atomically. */
export function writeManifest(out: string, manifest: Manifest): void {
  writeFileAtomic(join(out, MANIFEST_NAME), `${JSON.stringify(manifest)}\n`);
}
