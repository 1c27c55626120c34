/** Writes pcap and pcapng files: test fixtures, exports and the benchmark's generated captures. */

export interface WritePacket {
  /** Seconds since the epoch, with the fraction carried in nanoseconds. */
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
  /** Original length on the wire; defaults to data.length. */
  origlen?: number;
}

export interface PcapWriteOptions {
  linkType: number;
  littleEndian?: boolean;
  nanosecond?: boolean;
  snaplen?: number;
}

/** Builds a pcap file in chunks; `chunks()` can be streamed to disk. */
export class PcapWriter {
  private readonly parts: Uint8Array[] = [];
  private readonly le: boolean;
  private readonly ns: boolean;

  constructor(readonly opts: PcapWriteOptions) {
    this.le = opts.littleEndian ?? true;
    this.ns = opts.nanosecond ?? false;
    const h = new Uint8Array(24);
    const dv = new DataView(h.buffer);
    dv.setUint32(0, this.ns ? 0xa1b23c4d : 0xa1b2c3d4, this.le);
    dv.setUint16(4, 2, this.le);
    dv.setUint16(6, 4, this.le);
    dv.setUint32(16, opts.snaplen ?? 262144, this.le);
    dv.setUint32(20, opts.linkType, this.le);
    this.parts.push(h);
  }

  /** Returns the bytes of one record (header + data), also kept for `bytes()`. */
  add(p: WritePacket): Uint8Array {
    const rec = new Uint8Array(16 + p.data.length);
    const dv = new DataView(rec.buffer);
    dv.setUint32(0, p.tsSec, this.le);
    dv.setUint32(4, this.ns ? p.tsNsec : Math.floor(p.tsNsec / 1000), this.le);
    dv.setUint32(8, p.data.length, this.le);
    dv.setUint32(12, p.origlen ?? p.data.length, this.le);
    rec.set(p.data, 16);
    this.parts.push(rec);
    return rec;
  }

  /** Takes the chunks written so far, leaving the writer empty (for streaming large files). */
  drain(): Uint8Array[] {
    return this.parts.splice(0, this.parts.length);
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }
}

export interface PcapngInterfaceSpec {
  linkType: number;
  snaplen?: number;
  /** if_tsresol byte: 6 = microseconds (default), 9 = nanoseconds, 0x80|n = 2^-n. */
  tsresol?: number;
  name?: string;
}

/** Builds a pcapng file: one or more sections, interfaces, enhanced and simple packet blocks. */
export class PcapngWriter {
  private readonly parts: Uint8Array[] = [];
  private ifaces: PcapngInterfaceSpec[] = [];

  constructor(private readonly le = true) {}

  section(): this {
    const b = new Uint8Array(28);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 0x0a0d0d0a, this.le);
    dv.setUint32(4, 28, this.le);
    dv.setUint32(8, 0x1a2b3c4d, this.le);
    dv.setUint16(12, 1, this.le);
    dv.setUint16(14, 0, this.le);
    dv.setBigInt64(16, -1n, this.le);
    dv.setUint32(24, 28, this.le);
    this.parts.push(b);
    this.ifaces = [];
    return this;
  }

  iface(spec: PcapngInterfaceSpec): number {
    const opts: Uint8Array[] = [];
    if (spec.name) opts.push(this.option(2, new TextEncoder().encode(spec.name)));
    if (spec.tsresol !== undefined) opts.push(this.option(9, Uint8Array.of(spec.tsresol)));
    if (opts.length) opts.push(new Uint8Array(4));
    const body = new Uint8Array(8 + opts.reduce((n, o) => n + o.length, 0));
    const dv = new DataView(body.buffer);
    dv.setUint16(0, spec.linkType, this.le);
    dv.setUint32(4, spec.snaplen ?? 262144, this.le);
    let o = 8;
    for (const x of opts) {
      body.set(x, o);
      o += x.length;
    }
    this.block(1, body);
    this.ifaces.push(spec);
    return this.ifaces.length - 1;
  }

  packet(ifId: number, p: WritePacket): this {
    const spec = this.ifaces[ifId];
    if (!spec) throw new Error(`interface ${ifId} not defined`);
    const r = spec.tsresol ?? 6;
    const units = r & 0x80 ? 2n ** BigInt(r & 0x7f) : 10n ** BigInt(r);
    const ts = BigInt(p.tsSec) * units + (BigInt(p.tsNsec) * units) / 1_000_000_000n;
    const pad = (4 - (p.data.length % 4)) % 4;
    const body = new Uint8Array(20 + p.data.length + pad);
    const dv = new DataView(body.buffer);
    dv.setUint32(0, ifId, this.le);
    dv.setUint32(4, Number(ts >> 32n), this.le);
    dv.setUint32(8, Number(ts & 0xffffffffn), this.le);
    dv.setUint32(12, p.data.length, this.le);
    dv.setUint32(16, p.origlen ?? p.data.length, this.le);
    body.set(p.data, 20);
    this.block(6, body);
    return this;
  }

  simplePacket(p: WritePacket): this {
    const pad = (4 - (p.data.length % 4)) % 4;
    const body = new Uint8Array(4 + p.data.length + pad);
    new DataView(body.buffer).setUint32(0, p.origlen ?? p.data.length, this.le);
    body.set(p.data, 4);
    this.block(3, body);
    return this;
  }

  /** Any other block (name resolution, statistics, unknown types) with a raw body. */
  rawBlock(type: number, body: Uint8Array): this {
    this.block(type, body);
    return this;
  }

  /** Takes the blocks written so far, leaving the writer empty (a live capture appends them to its file). */
  drain(): Uint8Array[] {
    return this.parts.splice(0, this.parts.length);
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const pad = (4 - (value.length % 4)) % 4;
    const b = new Uint8Array(4 + value.length + pad);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, code, this.le);
    dv.setUint16(2, value.length, this.le);
    b.set(value, 4);
    return b;
  }

  private block(type: number, body: Uint8Array): void {
    const len = 12 + body.length;
    const b = new Uint8Array(len);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, type, this.le);
    dv.setUint32(4, len, this.le);
    b.set(body, 8);
    dv.setUint32(len - 4, len, this.le);
    this.parts.push(b);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
