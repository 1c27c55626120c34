/**
 * Mutations of capture files for the fuzzer: byte-level damage, length fields pushed to their limits, truncation
 * at layer boundaries, and record-level reordering and duplication (overlapping, out-of-order TCP segments).
 */
import { openCapture } from '../../shared/capture/reader.ts';
import { emptyRecord } from '../../shared/capture/record.ts';
import { BufferSource } from '../../shared/capture/source.ts';

/** A small deterministic PRNG (xorshift32), so every mutation reproduces from its seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

interface RecordSpan {
  headerStart: number;
  dataStart: number;
  end: number;
}

/** Where each packet record of a pcap/pcapng file starts and ends (for record-level mutations). */
export function recordSpans(file: Uint8Array): RecordSpan[] {
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) return [];
  const spans: RecordSpan[] = [];
  const rec = emptyRecord();
  const isPcapng = opened.reader.format === 'pcapng';
  while (opened.reader.next(rec)) {
    const headerStart = rec.dataOffset - (isPcapng ? 28 : 16);
    let end = rec.dataOffset + rec.caplen;
    if (isPcapng) {
      const dv = new DataView(file.buffer, file.byteOffset, file.length);
      const le = file[0] === 0x0a && dv.getUint32(8, true) === 0x1a2b3c4d;
      end = headerStart + dv.getUint32(headerStart + 4, le);
    }
    spans.push({ headerStart, dataStart: rec.dataOffset, end });
  }
  return spans;
}

function splice(file: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  at = Math.max(0, Math.min(at, file.length));
  remove = Math.max(0, Math.min(remove, file.length - at));
  const out = new Uint8Array(file.length - remove + insert.length);
  out.set(file.subarray(0, at), 0);
  out.set(insert, at);
  out.set(file.subarray(at + remove), at + insert.length);
  return out;
}

export type Mutation = (file: Uint8Array, rng: Rng, spans: RecordSpan[]) => Uint8Array;

const bitFlips: Mutation = (f, rng) => {
  const out = f.slice();
  const n = 1 + rng.int(8);
  for (let i = 0; i < n && out.length; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
  return out;
};

const byteInsert: Mutation = (f, rng) => {
  const n = 1 + rng.int(16);
  const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
  return splice(f, rng.int(f.length + 1), 0, bytes);
};

const byteDelete: Mutation = (f, rng) => {
  if (!f.length) return f;
  const at = rng.int(f.length);
  return splice(f, at, Math.min(f.length - at, 1 + rng.int(16)), new Uint8Array(0));
};

const truncate: Mutation = (f, rng) => f.subarray(0, rng.int(f.length + 1));

/** Cut inside a record's data at a typical layer boundary (link, IP, TCP, TLS header) or anywhere. */
const truncateAtLayer: Mutation = (f, rng, spans) => {
  if (!spans.length) return truncate(f, rng, spans);
  const s = rng.pick(spans);
  const cut = s.dataStart + rng.pick([0, 4, 13, 14, 16, 20, 33, 34, 40, 53, 54, 59, 60, 66, 70, 74]);
  return f.subarray(0, Math.min(f.length, cut));
};

/** Set a 8/16/24/32-bit big-endian field inside a packet to 0, its maximum, or ±1 of what it was. */
const lengthField: Mutation = (f, rng, spans) => {
  const out = f.slice();
  const s = spans.length ? rng.pick(spans) : { dataStart: 0, end: f.length, headerStart: 0 };
  const width = rng.pick([1, 2, 3, 4]);
  if (s.end - s.dataStart <= width) return out;
  const at = s.dataStart + rng.int(s.end - s.dataStart - width);
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + out[at + i]!;
  const max = 2 ** (8 * width) - 1;
  const nv = rng.pick([0, max, (v + 1) % (max + 1), (v + max) % (max + 1), 1 + rng.int(max)]);
  for (let i = width - 1, x = nv; i >= 0; i--, x = Math.floor(x / 256)) out[at + i] = x % 256;
  return out;
};

/** A pcap record or pcapng block length set to something huge or off by a little. */
const recordLength: Mutation = (f, rng, spans) => {
  if (!spans.length) return lengthField(f, rng, spans);
  const out = f.slice();
  const s = rng.pick(spans);
  const at = s.dataStart - rng.pick([8, 4, 24, 20]);
  if (at < 0 || at + 4 > out.length) return out;
  const dv = new DataView(out.buffer);
  const v = dv.getUint32(at, true);
  dv.setUint32(at, rng.pick([0, 0xffffffff, 0x7ffffff0, v + 1, v - 1, v + 4096]) >>> 0, true);
  return out;
};

/** Swap two records, or duplicate one: out-of-order, retransmitted and overlapping segments. */
const reorder: Mutation = (f, rng, spans) => {
  if (spans.length < 2) return bitFlips(f, rng, spans);
  const i = rng.int(spans.length);
  const j = rng.int(spans.length);
  const a = spans[Math.min(i, j)]!;
  const b = spans[Math.max(i, j)]!;
  const ra = f.subarray(a.headerStart, a.end);
  const rb = f.subarray(b.headerStart, b.end);
  if (rng.int(2) === 0 || a === b) return splice(f, b.end, 0, ra.slice());
  const out = new Uint8Array(f.length);
  let o = 0;
  for (const part of [f.subarray(0, a.headerStart), rb, f.subarray(a.end, b.headerStart), ra, f.subarray(b.end)]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
};

/** Wrap an Ethernet frame's payload in extra 802.1Q tags. */
const nestVlans: Mutation = (f, rng, spans) => {
  if (!spans.length) return bitFlips(f, rng, spans);
  const s = rng.pick(spans);
  const tags = 1 + rng.int(6);
  const ins = new Uint8Array(4 * tags);
  for (let t = 0; t < tags; t++) ins.set([0x81, 0x00, rng.int(256) & 0x0f, rng.int(256)], 4 * t);
  return splice(f, s.dataStart + 12, 0, ins);
};

export const MUTATIONS: readonly [string, Mutation][] = [
  ['bit-flips', bitFlips],
  ['byte-insert', byteInsert],
  ['byte-delete', byteDelete],
  ['truncate', truncate],
  ['truncate-at-layer', truncateAtLayer],
  ['length-field', lengthField],
  ['record-length', recordLength],
  ['reorder', reorder],
  ['nested-vlans', nestVlans],
];

/** Applies 1–4 random mutations; returns the new file and their names. */
export function mutate(file: Uint8Array, rng: Rng): { file: Uint8Array; applied: string[] } {
  let out = file;
  const applied: string[] = [];
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const [name, m] = rng.pick(MUTATIONS);
    out = m(out, rng, recordSpans(out));
    applied.push(name);
  }
  return { file: out, applied };
}
