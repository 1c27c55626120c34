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

/** An integer sort key per packet (below 2^32) for the columns that have one, or null. */
function integerKey(index: PacketIndex, column: SortColumn): ((i: number) => number) | null {
  switch (column) {
    case 'length': {
      const len = index.origlen.data;
      return (i) => len[i]!;
    }
    case 'src':
    case 'dst': {
      const rank = ranksOf(index.addresses);
      const ids = column === 'src' ? index.src.data : index.dst.data;
      return (i) => rank[ids[i]!]!;
    }
    case 'protocol': {
      const rank = ranksOf(index.protocols);
      const ids = index.protocol.data;
      return (i) => rank[ids[i]!]!;
    }
    default:
      return null;
  }
}

/** Largest key range sorted by counting (a Uint32Array of this many counters). */
const MAX_COUNTING_RANGE = 1 << 22;

/**
 * Sorts by an integer key: a stable counting sort when the keys span a small range (lengths, interned-string
 * ranks), else the engine's native numeric sort of key × 2^bits + position (exact below 2^53). Either way ties
 * keep their given order and no comparator runs per pair. Returns null when neither applies.
 */
function integerSort(indexes: Uint32Array, key: (i: number) => number, descending: boolean): Uint32Array | null {
  const n = indexes.length;
  const keys = new Float64Array(n);
  let max = 0;
  for (let k = 0; k < n; k++) {
    const v = key(indexes[k]!);
    keys[k] = v;
    if (v > max) max = v;
  }
  if (descending) for (let k = 0; k < n; k++) keys[k] = max - keys[k]!;
  const given = indexes.slice();
  if (max + 1 <= Math.max(MAX_COUNTING_RANGE, n)) {
    const starts = new Uint32Array(max + 2);
    for (let k = 0; k < n; k++) starts[keys[k]! + 1]!++;
    for (let v = 1; v < starts.length; v++) starts[v]! += starts[v - 1]!;
    for (let k = 0; k < n; k++) indexes[starts[keys[k]!]!++] = given[k]!;
    return indexes;
  }
  const scale = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  if ((max + 1) * scale > Number.MAX_SAFE_INTEGER) return null;
  for (let k = 0; k < n; k++) keys[k] = keys[k]! * scale + k;
  keys.sort();
  for (let k = 0; k < n; k++) indexes[k] = given[keys[k]! % scale]!;
  return indexes;
}

/**
 * Sorts `indexes` (0-based packet indexes in frame order, as views keep them) in place by `column` and returns
 * it. `descending` reverses the key order; ties stay in frame order.
 */
export function sortIndexes(
  index: PacketIndex,
  indexes: Uint32Array,
  column: SortColumn,
  descending: boolean,
): Uint32Array {
  if (column === 'number') {
    indexes.sort();
    return descending ? indexes.reverse() : indexes;
  }
  indexes.sort();
  const ik = integerKey(index, column);
  const fast = ik && integerSort(indexes, ik, descending);
  if (fast) return fast;
  const key = keyCompare(index, column);
  const sign = descending ? -1 : 1;
  return indexes.sort((a, b) => sign * key(a, b) || a - b);
}

/** 0..count-1: every packet, in frame order. */
export function allIndexes(count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  return out;
}
