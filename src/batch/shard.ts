/**
 * `--shard K/N`: a stable share of the inputs for one of N machines, with no coordination. An input belongs to
 * shard 1 + (first 8 bytes of sha256(file) mod N), where `file` is the input's name as it appears in the `file`
 * column (its path below the walked folder or pattern base, else its base name): machines that mount the same
 * corpus at different places agree, and adding a file never moves another file to another shard. The content
 * is not read to decide (a content hash would cost a full read of every file on every machine).
 */
import { createHash } from 'node:crypto';

/** One shard of N. */
export interface Shard {
  /** 1-based shard number K. */
  index: number;
  /** Number of shards N. */
  count: number;
}

/** Parse `K/N` (1 ≤ K ≤ N); throws a message for the user otherwise. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count)
    throw new Error(`--shard expects K/N with 1 ≤ K ≤ N (e.g. 2/3), got "${text}"`);
  return { index, count };
}

/** The 1-based shard a name belongs to among `count` shards. */
export function shardOf(name: string, count: number): number {
  const digest = createHash('sha256').update(name, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count)) + 1;
}

/** The items of one shard, in their order (all of them without a shard). */
export function selectShard<T>(
  items: readonly T[],
  shard: Shard | undefined,
  name: (item: T) => string,
): T[] {
  if (!shard || shard.count === 1) return [...items];
  return items.filter((item) => shardOf(name(item), shard.count) === shard.index);
}

/** `K/N` as printed. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
