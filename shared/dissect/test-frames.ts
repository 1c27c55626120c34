/**
 * Hand-built frames for the dissector unit tests (Ethernet, IPv4/IPv6, UDP, TCP flows, checksums), and a helper that
 * dissects them in order as one capture.
 */
import type { PacketRecord } from '../capture/record.ts';
import { Dissection, type DissectedPacket } from './packet.ts';
import { findAll } from './tree.ts';

export type Bytes = Uint8Array | readonly number[] | string;

export function bytes(...parts: Bytes[]): Uint8Array {
  const arrays = parts.map((p) =>
    typeof p === 'string' ? new TextEncoder().encode(p) : p instanceof Uint8Array ? p : Uint8Array.from(p),
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

export const be16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
export const be32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

export function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

export function ip6(s: string): number[] {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((x) => parseInt(x, 16));
  return groups.flatMap((g) => be16(g));
}

export function checksum(b: Uint8Array, initial = 0): number {
  let s = initial;
  for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export const MAC_A = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
export const MAC_B = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];
export const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

export function ethernet(type: number, payload: Bytes, dst = MAC_B, src = MAC_A): Uint8Array {
  return bytes(dst, src, be16(type), payload);
}

export function ipv4(src: string, dst: string, proto: number, payload: Bytes, ttl = 64): Uint8Array {
  const p = bytes(payload);
  const h = bytes([0x45, 0], be16(20 + p.length), [0, 1, 0, 0, ttl, proto, 0, 0], ip4(src), ip4(dst));
  const c = checksum(h);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return bytes(h, p);
}

export function ipv6(src: string, dst: string, next: number, payload: Bytes, hopLimit = 64): Uint8Array {
  const p = bytes(payload);
  return bytes([0x60, 0, 0, 0], be16(p.length), [next, hopLimit], ip6(src), ip6(dst), p);
}

export function udp(srcPort: number, dstPort: number, payload: Bytes): Uint8Array {
  const p = bytes(payload);
  return bytes(be16(srcPort), be16(dstPort), be16(8 + p.length), [0, 0], p);
}

/** An ICMP message with its checksum filled in. */
export function icmp(type: number, code: number, rest: Bytes, data: Bytes = []): Uint8Array {
  const m = bytes([type, code, 0, 0], rest, data);
  const c = checksum(m);
  m[2] = c >> 8;
  m[3] = c & 0xff;
  return m;
}

/** An ICMPv6 message with its checksum over the IPv6 pseudo-header filled in. */
export function icmpv6(src: string, dst: string, type: number, code: number, body: Bytes): Uint8Array {
  const m = bytes([type, code, 0, 0], body);
  const c = checksum(bytes(ip6(src), ip6(dst), be32(m.length), [0, 0, 0, 58], m));
  m[2] = c >> 8;
  m[3] = c & 0xff;
  return m;
}

export const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };

export function tcp(srcPort: number, dstPort: number, seq: number, ack: number, flags: number, payload: Bytes) {
  return bytes(be16(srcPort), be16(dstPort), be32(seq), be32(ack), [0x50, flags], be16(65535), [0, 0, 0, 0], payload);
}

/** A TCP connection between a client and a server over Ethernet/IPv4, one frame per call. */
export class TcpFlow {
  readonly frames: Uint8Array[];
  private seqC = 1000;
  private seqS = 5000;

  constructor(
    frames: Uint8Array[],
    readonly clientPort: number,
    readonly serverPort: number,
    readonly client = '10.0.0.1',
    readonly server = '10.0.0.2',
  ) {
    this.frames = frames;
  }

  handshake(): this {
    this.push(true, TCP.SYN, []);
    this.push(false, TCP.SYN | TCP.ACK, []);
    this.push(true, TCP.ACK, []);
    return this;
  }

  /** Data from the client (`c`) or the server (`s`). */
  c(data: Bytes, flags = TCP.PSH | TCP.ACK): this {
    this.push(true, flags, data);
    return this;
  }

  s(data: Bytes, flags = TCP.PSH | TCP.ACK): this {
    this.push(false, flags, data);
    return this;
  }

  private push(fromClient: boolean, flags: number, data: Bytes): void {
    const d = bytes(data);
    const [sp, dp] = fromClient ? [this.clientPort, this.serverPort] : [this.serverPort, this.clientPort];
    const [src, dst] = fromClient ? [this.client, this.server] : [this.server, this.client];
    const seq = fromClient ? this.seqC : this.seqS;
    const ack = flags & TCP.ACK ? (fromClient ? this.seqS : this.seqC) : 0;
    this.frames.push(ethernet(0x0800, ipv4(src, dst, 6, tcp(sp, dp, seq, ack, flags, d))));
    const used = d.length + (flags & (TCP.SYN | TCP.FIN) ? 1 : 0);
    if (fromClient) this.seqC += used;
    else this.seqS += used;
  }
}

/** Dissects frames in order as one capture, one second apart. */
export function dissectFrames(frames: readonly Uint8Array[], linkType = 1): DissectedPacket[] {
  const d = new Dissection();
  return frames.map((data, i) => {
    const rec: PacketRecord = {
      dataOffset: 0,
      caplen: data.length,
      origlen: data.length,
      tsSec: 1_700_000_000 + i,
      tsNsec: 0,
      linkType,
      interfaceId: 0,
    };
    return d.dissect(i + 1, rec, data);
  });
}

/** The values of a field in a dissected packet, in tree order. */
export function values(p: DissectedPacket, name: string): unknown[] {
  return findAll(p.tree, name).map((n) => n.value);
}

/** `Protocol Info` of each packet, as a quick view of the columns. */
export function summary(p: DissectedPacket): string {
  return `${p.cols.protocol} ${p.cols.info}`;
}
