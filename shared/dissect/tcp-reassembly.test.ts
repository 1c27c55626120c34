import { describe, expect, it } from 'vitest';
import type { PacketContext } from './context.ts';
import { NEED_ONE_MORE_SEGMENT, type StreamInfo, type StreamProtocol } from './stream.ts';
import { F } from './tcp-fields.ts';
import { newReassembly, reassemble, type ReassemblyState } from './tcp-reassembly.ts';
import { FieldTree } from './tree.ts';

/** A PDU is a 2-byte length then that many bytes; with `oneMore`, a cut header asks for one more segment. */
function lengthPrefixed(seen: number[][], oneMore = false): StreamProtocol {
  return {
    name: 'lp',
    dissect: (b, offset, length) => {
      let o = offset;
      const end = offset + length;
      while (o < end) {
        if (end - o < 2) return { consumed: o - offset, needMore: oneMore ? NEED_ONE_MORE_SEGMENT : 2 - (end - o) };
        const n = (b[o]! << 8) | b[o + 1]!;
        if (end - o < 2 + n) return { consumed: o - offset, needMore: 2 + n - (end - o) };
        seen.push([...b.subarray(o + 2, o + 2 + n)]);
        o += 2 + n;
      }
      return { consumed: o - offset, needMore: 0 };
    },
  };
}

function packet(number: number): PacketContext {
  return {
    tree: new FieldTree(true),
    number,
    cols: { protocol: '', info: '', src: '', dst: '' },
    net: { src: '', dst: '', version: 4, ttl: 0, src4: 0, dst4: 0 },
    conversation: '',
    stream: 0,
    srcPort: 1,
    dstPort: 2,
    malformed: false,
    notes: [],
    protocols: [],
    fence: '',
    infoCleared: false,
    relNs: 0,
    columns: true,
    depth: 'all',
    state: { slots: new Map(), nextTcpStream: 0, nextUdpStream: 0 },
    owner: -1,
    settledForeign: false,
  };
}

const INFO: StreamInfo = { stream: 0, direction: 0, srcPort: 1, dstPort: 2, convState: new Map() };

/** Feeds the segments in order (sequence numbers following each other), each in a frame of its own. */
function feed(app: StreamProtocol, segments: number[][], rs: ReassemblyState = newReassembly()): PacketContext[] {
  let seq = 1000;
  return segments.map((seg, i) => {
    const pkt = packet(i + 1);
    // Each segment sits inside a larger frame, as a TCP payload does.
    const frame = new Uint8Array([0xee, 0xee, ...seg, 0xee]);
    const root = pkt.tree.add(null, F.tcp, 0, 0, undefined);
    reassemble(rs, app, frame, 2, seg.length, seq, pkt, null, root, INFO, () => undefined);
    seq += seg.length;
    return pkt;
  });
}

describe('TCP reassembly', () => {
  it('joins a PDU split over three segments, in the frame that completes it', () => {
    const seen: number[][] = [];
    const pkts = feed(lengthPrefixed(seen), [
      [0, 6, 1],
      [2, 3, 4],
      [5, 6],
    ]);
    expect(seen).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(pkts.map((p) => p.tree.sources.map((s) => [...s.bytes]))).toEqual([[], [], [[0, 6, 1, 2, 3, 4, 5, 6]]]);
    expect(pkts[0]!.cols.info).toContain('[TCP segment of a reassembled PDU]');
  });

  it('keeps the bytes after a completed PDU for the next one, whose length comes later', () => {
    const seen: number[][] = [];
    const rs = newReassembly();
    // The PDU whose header completes in the fourth segment is dissected when the fifth arrives.
    feed(
      lengthPrefixed(seen),
      [
        [0, 2, 7],
        [8, 0, 3, 9],
        [10, 11, 0],
        [1, 12],
        [0, 1, 5],
      ],
      rs,
    );
    expect(seen).toEqual([[7, 8], [9, 10, 11], [12], [5]]);
    expect(rs.pendingLen).toBe(0);
  });

  it('leaves each reassembled PDU as it was while later ones are collected', () => {
    const seen: number[][] = [];
    const segments: number[][] = [];
    for (let i = 0; i < 200; i++) segments.push([0, 3, i], [i, i]);
    const pkts = feed(lengthPrefixed(seen), segments);
    expect(seen).toHaveLength(200);
    const sources = pkts.filter((_, i) => i % 2 === 1).map((p) => [...p.tree.sources[0]!.bytes]);
    expect(sources).toEqual(segments.filter((_, i) => i % 2 === 0).map(([, , i]) => [0, 3, i!, i!, i!]));
  });

  it('grows the buffer when the protocol only asks for one more segment at a time', () => {
    const seen: number[][] = [];
    feed(lengthPrefixed(seen, true), [[0], [5, 1], [2, 3], [4, 5, 0, 1], [6]]);
    expect(seen).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it('does not deliver bytes again that a retransmission repeats', () => {
    const seen: number[][] = [];
    const rs = newReassembly();
    const app = lengthPrefixed(seen);
    feed(app, [[0, 3, 1]], rs);
    const pkt = packet(2);
    const root = pkt.tree.add(null, F.tcp, 0, 0, undefined);
    // The first segment again, then its continuation overlapping it by one byte.
    reassemble(rs, app, new Uint8Array([0, 3, 1]), 0, 3, 1000, pkt, null, root, INFO, () => undefined);
    reassemble(rs, app, new Uint8Array([1, 2, 3]), 0, 3, 1002, pkt, null, root, INFO, () => undefined);
    expect(seen).toEqual([[1, 2, 3]]);
  });
});
