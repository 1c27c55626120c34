/**
 * Sorting the packet list by a column, run in the index worker over the displayed packets' indexes. Numeric columns
 * (No., Time, Length) compare as numbers; text columns compare their strings by code point (interned strings by a
 * precomputed rank, Info texts as UTF-8 bytes in place), so sorting a million rows allocates no per-row strings.
 * Equal keys keep frame order, in both directions.
 */
import type { SortColumn } from '../../shared/protocol/messages.ts';
import type { PacketIndex, StringTable } from './packet-index.ts';

/** Rank of every interned string in code-point order: `rank[id]` sorts like `table.get(id)`. */
export function ranksOf(table: StringTable): Uint32Array {
  const ids = Array.from({ length: table.size }, (_, i) => i);
  ids.sort((a, b) => {
    const x = table.get(a);
    const y = table.get(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Uint32Array(table.size);
  ids.forEach((id, r) => (rank[id] = r));
  return rank;
}

type Compare = (a: number, b: number) => number;

function byRank(ids: Uint32Array | Uint16Array, rank: Uint32Array): Compare {
  return (a, b) => rank[ids[a]!]! - rank[ids[b]!]!;
}

/** A comparator of two 0-based packet indexes by `column`, ascending, without the frame-order tie break. */
function keyCompare(index: PacketIndex, column: SortColumn): Compare {
  switch (column) {
    case 'number':
      return () => 0;
    case 'time': {
      const sec = index.tsSec.data;
      const nsec = index.tsNsec.data;
      return (a, b) => sec[a]! - sec[b]! || nsec[a]! - nsec[b]!;
    }
    case 'length': {
      const len = index.origlen.data;
      return (a, b) => len[a]! - len[b]!;
    }
    case 'src':
      return byRank(index.src.data, ranksOf(index.addresses));
    case 'dst':
      return byRank(index.dst.data, ranksOf(index.addresses));
    case 'protocol':
      return byRank(index.protocol.data, ranksOf(index.protocols));
    case 'info':
      return (a, b) => index.info.compare(a, b);
  }
}

/**
 * Sorts `indexes` (0-based packet indexes, in frame order or any order) in place by `column` and returns it.
 * `descending` reverses the key order; ties stay in frame order.
 */
export function sortIndexes(
  index: PacketIndex,
  indexes: Uint32Array,
  column: SortColumn,
  descending: boolean,
): Uint32Array {
  const key = keyCompare(index, column);
  const sign = descending ? -1 : 1;
  if (column === 'number') return indexes.sort((a, b) => sign * (a - b));
  return indexes.sort((a, b) => sign * key(a, b) || a - b);
}

/** 0..count-1: every packet, in frame order. */
export function allIndexes(count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  return out;
}
