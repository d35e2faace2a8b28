/**
 * Paths shared by tests: the repository root and the optional ../shared folder (absent on a user's clone).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The shared folder beside the repository (docs, seed, dev corpus), when present. */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
/** The dev corpus folder, when present. */
export const CORPUS = `${SHARED}corpus/dev/`;
/** True when ../shared/corpus/dev is available (tests that need it skip otherwise). */
export const HAS_CORPUS = existsSync(`${CORPUS}truth/tables.tsv`);
/** True when ../shared/seed is available. */
export const HAS_SEED = existsSync(`${SHARED}seed/000_e4e915ce7232cd55.txt`);
/** The bundled seed sample. */
export const SEED_SAMPLE = `${ROOT}samples/seed/langfang-anci-xinfang-2022.md`;
