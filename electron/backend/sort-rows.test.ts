/** Sorting the packet list in the worker: each column's key, descending order, ties in frame order, Info bytes. */
import { describe, expect, it } from 'vitest';
import { PacketIndex, TextStore, type IndexedPacket } from './packet-index.ts';
import { allIndexes, ranksOf, sortIndexes } from './sort-rows.ts';

function packet(p: Partial<IndexedPacket>): IndexedPacket {
  return {
    dataOffset: 0,
    caplen: 60,
    origlen: 60,
    tsSec: 100,
    tsNsec: 0,
    linkType: 1,
    interfaceId: 0,
    protocol: 'TCP',
    src: '10.0.0.1',
    dst: '10.0.0.2',
    info: '',
    conversation: '',
    stream: -1,
    color: '',
    ...p,
  };
}

function indexOf(list: Partial<IndexedPacket>[]): PacketIndex {
  const x = new PacketIndex();
  for (const p of list) x.add(packet(p));
  return x;
}

/** 1-based frame numbers of a sorted order. */
const numbers = (order: Uint32Array): number[] => Array.from(order, (i) => i + 1);

describe('sortIndexes', () => {
  const x = indexOf([
    { tsSec: 100, tsNsec: 500, origlen: 60, protocol: 'TLSv1.2', src: '10.0.0.9', info: 'Client Hello' },
    { tsSec: 100, tsNsec: 20, origlen: 1514, protocol: 'TCP', src: '10.0.0.10', info: 'Application Data' },
    { tsSec: 99, tsNsec: 999_999_999, origlen: 60, protocol: 'DNS', src: '10.0.0.1', info: 'Ärger' },
    { tsSec: 101, tsNsec: 0, origlen: 74, protocol: 'TCP', src: '10.0.0.9', info: 'Alert' },
  ]);

  it('orders by number, time and length as numbers', () => {
    expect(numbers(sortIndexes(x, allIndexes(4), 'number', true))).toEqual([4, 3, 2, 1]);
    expect(numbers(sortIndexes(x, allIndexes(4), 'time', false))).toEqual([3, 2, 1, 4]);
    expect(numbers(sortIndexes(x, allIndexes(4), 'time', true))).toEqual([4, 1, 2, 3]);
    // Equal lengths (frames 1 and 3) keep frame order in both directions.
    expect(numbers(sortIndexes(x, allIndexes(4), 'length', false))).toEqual([1, 3, 4, 2]);
    expect(numbers(sortIndexes(x, allIndexes(4), 'length', true))).toEqual([2, 4, 1, 3]);
  });

  it('orders text columns by their strings', () => {
    expect(numbers(sortIndexes(x, allIndexes(4), 'protocol', false))).toEqual([3, 2, 4, 1]);
    // Code-point order, as strings compare: "10.0.0.10" < "10.0.0.9".
    expect(numbers(sortIndexes(x, allIndexes(4), 'src', false))).toEqual([3, 2, 1, 4]);
    expect(numbers(sortIndexes(x, allIndexes(4), 'info', false))).toEqual([4, 2, 1, 3]);
    expect(numbers(sortIndexes(x, allIndexes(4), 'info', true))).toEqual([3, 1, 2, 4]);
  });

  it('sorts keys spanning a wide range (beyond counting) with ties in frame order', () => {
    const wide = indexOf([
      { origlen: 4_000_000_000 },
      { origlen: 7 },
      { origlen: 4_000_000_000 },
      { origlen: 3_000_000 },
      { origlen: 7 },
    ]);
    expect(numbers(sortIndexes(wide, allIndexes(5), 'length', false))).toEqual([2, 5, 4, 1, 3]);
    expect(numbers(sortIndexes(wide, allIndexes(5), 'length', true))).toEqual([1, 3, 4, 2, 5]);
  });

  it('sorts only the displayed packets it is given', () => {
    expect(numbers(sortIndexes(x, Uint32Array.of(0, 3), 'length', true))).toEqual([4, 1]);
    expect(numbers(sortIndexes(x, new Uint32Array(0), 'info', false))).toEqual([]);
  });

  it('sorts a hundred thousand rows quickly', () => {
    const big = new PacketIndex();
    for (let i = 0; i < 100_000; i++)
      big.add(packet({ origlen: (i * 7919) % 1500, info: `Seq=${(i * 31) % 1000}`, src: `10.0.${i % 256}.1` }));
    for (const column of ['length', 'info', 'src'] as const) {
      const started = performance.now();
      const order = sortIndexes(big, allIndexes(big.count), column, false);
      expect(performance.now() - started).toBeLessThan(2000);
      for (let k = 1; k < order.length; k++) {
        const a = order[k - 1]!;
        const b = order[k]!;
        if (column === 'length') expect(big.origlen.data[a]! <= big.origlen.data[b]!).toBe(true);
        if (k % 997 === 0 && column === 'info') expect(big.info.get(a) <= big.info.get(b)).toBe(true);
      }
    }
  });
});

describe('TextStore.compare and ranksOf', () => {
  it('compares stored UTF-8 like strings compare by code point', () => {
    const t = new TextStore();
    const words = ['b', 'a', 'ab', '', 'Ä', 'Z', 'a'];
    for (const w of words) t.push(w);
    for (let i = 0; i < words.length; i++)
      for (let j = 0; j < words.length; j++) {
        const want = Math.sign(words[i]! < words[j]! ? -1 : words[i]! > words[j]! ? 1 : 0);
        expect(Math.sign(t.compare(i, j))).toBe(want);
      }
  });

  it('ranks interned strings in sorted order', () => {
    const x = indexOf([{ protocol: 'TLSv1.3' }, { protocol: 'ARP' }, { protocol: 'DNS' }]);
    const rank = ranksOf(x.protocols);
    expect([...rank]).toEqual([2, 0, 1]);
  });
});
