/**
 * The packet index: a few typed-array entries per packet (where its bytes are, its times, its columns), so memory
 * grows with the number of packets, never with the file's bytes. Column strings are stored compactly: protocol
 * names and addresses are interned, Info texts are kept as UTF-8 in one growing byte buffer.
 */

import type { RowColor } from '../../shared/protocol/messages.ts';

type Typed = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
type TypedCtor<T extends Typed> = { new (n: number): T };

/** A typed array that doubles when full. */
export class Column<T extends Typed> {
  data: T;
  constructor(
    private readonly ctor: TypedCtor<T>,
    initial = 1024,
  ) {
    this.data = new ctor(initial);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length;
    while (cap < n) cap *= 2;
    const next = new this.ctor(cap);
    next.set(this.data as never);
    this.data = next;
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

/** Interns repeated strings (protocol names, addresses, conversation keys) as small integers. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
  get(id: number): string {
    return this.values[id] ?? '';
  }
  get size(): number {
    return this.values.length;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Many strings stored back to back as UTF-8, addressed by index. */
export class TextStore {
  private buf = new Uint8Array(1 << 16);
  private used = 0;
  private readonly ends = new Column(Float64Array);
  private count = 0;

  push(s: string): void {
    // Worst case UTF-8 is 3 bytes per UTF-16 unit.
    const need = this.used + s.length * 3;
    if (need > this.buf.length) {
      let cap = this.buf.length;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.used));
      this.buf = next;
    }
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.used));
    this.used += written;
    this.ends.ensure(this.count + 1);
    this.ends.data[this.count++] = this.used;
  }

  get(i: number): string {
    if (i < 0 || i >= this.count) return '';
    const start = i === 0 ? 0 : this.ends.data[i - 1]!;
    return decoder.decode(this.buf.subarray(start, this.ends.data[i]!));
  }

  /** Compares strings `i` and `j` by their UTF-8 bytes (code-point order) without decoding them. */
  compare(i: number, j: number): number {
    const ends = this.ends.data;
    const buf = this.buf;
    let a = i === 0 ? 0 : ends[i - 1]!;
    let b = j === 0 ? 0 : ends[j - 1]!;
    const aEnd = ends[i]!;
    const bEnd = ends[j]!;
    while (a < aEnd && b < bEnd) {
      const d = buf[a++]! - buf[b++]!;
      if (d !== 0) return d;
    }
    return aEnd - a - (bEnd - b);
  }

  get bytes(): number {
    return this.buf.byteLength + this.ends.bytes;
  }
}

/** Row colour classes, in the order of Wireshark's default colouring rules (first match wins). */
export const COLORS = [
  '',
  'bad-tcp',
  'arp',
  'icmp',
  'tcp-rst',
  'http',
  'tcp-syn-fin',
  'tcp',
  'udp',
  'broadcast',
] as const satisfies readonly RowColor[];
export type ColorClass = (typeof COLORS)[number];

export interface IndexedPacket {
  dataOffset: number;
  caplen: number;
  origlen: number;
  tsSec: number;
  tsNsec: number;
  linkType: number;
  interfaceId: number;
  protocol: string;
  src: string;
  dst: string;
  info: string;
  conversation: string;
  stream: number;
  color: ColorClass;
}

export class PacketIndex {
  count = 0;
  readonly offset = new Column(Float64Array);
  readonly caplen = new Column(Uint32Array);
  readonly origlen = new Column(Uint32Array);
  readonly tsSec = new Column(Float64Array);
  readonly tsNsec = new Column(Uint32Array);
  readonly linkType = new Column(Uint16Array);
  readonly interfaceId = new Column(Uint16Array);
  readonly protocol = new Column(Uint16Array);
  readonly src = new Column(Uint32Array);
  readonly dst = new Column(Uint32Array);
  /** Conversation id (index in `conversations`), -1 when the packet has no transport conversation. */
  readonly conversation = new Column(Int32Array);
  readonly stream = new Column(Int32Array);
  readonly color = new Column(Uint8Array);
  readonly info = new TextStore();
  readonly protocols = new StringTable();
  readonly addresses = new StringTable();
  readonly conversations = new StringTable();
  /** True while every timestamp is a whole number of microseconds (the Time column then shows 6 decimals). */
  microsecondsOnly = true;

  /** Every per-packet column, for growing them together and for measuring them. */
  private columns(): Column<Typed>[] {
    return [
      this.offset,
      this.caplen,
      this.origlen,
      this.tsSec,
      this.tsNsec,
      this.linkType,
      this.interfaceId,
      this.protocol,
      this.src,
      this.dst,
      this.conversation,
      this.stream,
      this.color,
    ] as Column<Typed>[];
  }

  add(p: IndexedPacket): void {
    const i = this.count;
    const n = i + 1;
    for (const c of this.columns()) c.ensure(n);
    this.offset.data[i] = p.dataOffset;
    this.caplen.data[i] = p.caplen;
    this.origlen.data[i] = p.origlen;
    this.tsSec.data[i] = p.tsSec;
    this.tsNsec.data[i] = p.tsNsec;
    if (p.tsNsec % 1000 !== 0) this.microsecondsOnly = false;
    this.linkType.data[i] = p.linkType;
    this.interfaceId.data[i] = p.interfaceId;
    this.protocol.data[i] = this.protocols.intern(p.protocol);
    this.src.data[i] = this.addresses.intern(p.src);
    this.dst.data[i] = this.addresses.intern(p.dst);
    this.conversation.data[i] = p.conversation ? this.conversations.intern(p.conversation) : -1;
    this.stream.data[i] = p.stream;
    this.color.data[i] = Math.max(0, COLORS.indexOf(p.color));
    this.info.push(p.info);
    this.count = n;
  }

  /** Seconds since the first packet, with the capture's precision (Wireshark's default Time column). */
  timeText(i: number): string {
    if (this.count === 0) return '';
    let sec = this.tsSec.data[i]! - this.tsSec.data[0]!;
    let nsec = this.tsNsec.data[i]! - this.tsNsec.data[0]!;
    if (nsec < 0) {
      sec -= 1;
      nsec += 1_000_000_000;
    }
    const negative = sec < 0;
    if (negative) {
      // Earlier than the first packet: show a negative offset.
      const total = -(sec * 1e9 + nsec);
      sec = Math.floor(total / 1e9);
      nsec = total % 1e9;
    }
    const frac = this.microsecondsOnly
      ? String(Math.floor(nsec / 1000)).padStart(6, '0')
      : String(nsec).padStart(9, '0');
    return `${negative ? '-' : ''}${sec}.${frac}`;
  }

  /** Approximate bytes held by the index (for tests and the status bar). */
  get memoryBytes(): number {
    const cols = this.columns();
    return cols.reduce((a, c) => a + c.bytes, 0) + this.info.bytes;
  }
}
