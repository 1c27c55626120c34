/**
 * Test support (used only by the *.test.ts files): hand-built packets with real Wireshark field
 * names and types, laid out over real frame bytes (Ethernet / IPv4 / TCP / TLS records).
 */
import { declareFields } from '../dissect/fields.ts';
import { FieldTree } from '../dissect/tree.ts';
import { compileFilter, type FilterInput } from './index.ts';

export const F = declareFields({
  frame: { name: 'Frame', type: 'protocol' },
  'frame.number': { name: 'Frame Number', type: 'uint32' },
  'frame.len': { name: 'Frame Length', type: 'uint32' },
  'frame.protocols': { name: 'Protocols in frame', type: 'string' },
  'frame.time_relative': { name: 'Time since reference or first frame', type: 'reltime' },
  'frame.time': { name: 'Arrival Time', type: 'abstime' },
  'frame.marked': { name: 'Frame is marked', type: 'boolean' },
  eth: { name: 'Ethernet II', type: 'protocol' },
  'eth.dst': { name: 'Destination', type: 'ether' },
  'eth.src': { name: 'Source', type: 'ether' },
  'eth.addr': { name: 'Address', type: 'ether' },
  ip: { name: 'Internet Protocol Version 4', type: 'protocol' },
  'ip.ttl': { name: 'Time to Live', type: 'uint8' },
  'ip.proto': { name: 'Protocol', type: 'uint8', strings: { 6: 'TCP', 17: 'UDP' } },
  'ip.src': { name: 'Source Address', type: 'ipv4' },
  'ip.dst': { name: 'Destination Address', type: 'ipv4' },
  'ip.addr': { name: 'Source or Destination Address', type: 'ipv4' },
  ipv6: { name: 'Internet Protocol Version 6', type: 'protocol' },
  'ipv6.src': { name: 'Source Address', type: 'ipv6' },
  'ipv6.addr': { name: 'Source or Destination Address', type: 'ipv6' },
  tcp: { name: 'Transmission Control Protocol', type: 'protocol' },
  'tcp.srcport': { name: 'Source Port', type: 'uint16' },
  'tcp.dstport': { name: 'Destination Port', type: 'uint16' },
  'tcp.port': { name: 'Source or Destination Port', type: 'uint16' },
  'tcp.seq': { name: 'Sequence Number', type: 'uint32' },
  'tcp.flags': { name: 'Flags', type: 'uint16', base: 'hex', bitmask: 0xfff, bitWidth: 16 },
  'tcp.flags.syn': { name: 'Syn', type: 'boolean', bitmask: 0x002, bitWidth: 16 },
  'tcp.flags.ack': { name: 'Acknowledgment', type: 'boolean', bitmask: 0x010, bitWidth: 16 },
  'tcp.window_size_scalefactor': { name: 'Window size scaling factor', type: 'int32' },
  'tcp.analysis.acks_frame': { name: 'This is an ACK to the segment in frame', type: 'framenum' },
  'tcp.payload': { name: 'TCP payload', type: 'bytes' },
  tls: { name: 'Transport Layer Security', type: 'protocol' },
  'tls.record': { name: 'TLS Record Layer', type: 'none' },
  'tls.record.content_type': {
    name: 'Content Type',
    type: 'uint8',
    strings: { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data' },
  },
  'tls.record.version': {
    name: 'Version',
    type: 'uint16',
    base: 'hex',
    strings: { 0x0301: 'TLS 1.0', 0x0303: 'TLS 1.2' },
  },
  'tls.handshake.type': {
    name: 'Handshake Type',
    type: 'uint8',
    strings: {
      1: 'Client Hello',
      2: 'Server Hello',
      11: 'Certificate',
      12: 'Server Key Exchange',
      14: 'Server Hello Done',
    },
  },
  'tls.handshake.random': { name: 'Random', type: 'bytes' },
  'tls.handshake.extensions_server_name': { name: 'Server Name', type: 'string' },
  'x509af.algorithm.id': { name: 'Algorithm Id', type: 'oid' },
  'test.u64': { name: 'Test 64-bit', type: 'uint64' },
  'test.double': { name: 'Test double', type: 'double' },
});

export interface Handshake {
  type: number;
  sni?: string;
}

export interface PacketSpec {
  number: number;
  time?: number;
  src?: string;
  dst?: string;
  ttl?: number;
  sport?: number;
  dport?: number;
  /** TCP flag bits (0x02 SYN, 0x10 ACK, …). */
  flags?: number;
  scale?: number;
  /** TLS records, each with the handshake messages it carries (content type 22 when non-empty, else 23). */
  records?: Handshake[][];
  /** Raw bytes after the TLS records (or alone) in the TCP payload. */
  extra?: Uint8Array;
  marked?: boolean;
}

const enc = new TextEncoder();

function ipv4(s: string): number[] {
  return s.split('.').map(Number);
}

/** Builds a frame and its field tree. Byte ranges are consistent, so slices and `contains` see real bytes. */
export function packet(spec: PacketSpec): FilterInput {
  const src = spec.src ?? '192.168.18.50';
  const dst = spec.dst ?? '74.125.239.97';
  const sport = spec.sport ?? 56981;
  const dport = spec.dport ?? 443;
  const flags = spec.flags ?? 0x18;
  // The TLS payload.
  const payload: number[] = [];
  const recordSpans: { off: number; len: number; hs: { off: number; len: number; h: Handshake }[] }[] = [];
  for (const rec of spec.records ?? []) {
    const off = payload.length;
    payload.push(rec.length ? 22 : 23, 0x03, 0x03, 0, 0);
    const hs: { off: number; len: number; h: Handshake }[] = [];
    for (const h of rec) {
      const hoff = payload.length;
      const body = [
        ...Array.from({ length: 32 }, (_, i) => (i * 7 + h.type) & 0xff),
        ...(h.sni ? enc.encode(h.sni) : []),
      ];
      payload.push(h.type, 0, 0, body.length, ...body);
      hs.push({ off: hoff, len: payload.length - hoff, h });
    }
    if (!rec.length) payload.push(0xde, 0xad, 0xbe, 0xef);
    const len = payload.length - off - 5;
    payload[off + 3] = len >> 8;
    payload[off + 4] = len & 0xff;
    recordSpans.push({ off, len: payload.length - off, hs });
  }
  if (spec.extra) for (const b of spec.extra) payload.push(b);
  const ipLen = 20 + 20 + payload.length;
  const bytes = Uint8Array.from([
    ...[0x64, 0x66, 0xb3, 0x0b, 0x8f, 0x82, 0x68, 0xa8, 0x6d, 0x18, 0x69, 0x0e, 0x08, 0x00],
    ...[
      0x45,
      0x00,
      ipLen >> 8,
      ipLen & 0xff,
      0x07,
      0xdc,
      0x40,
      0x00,
      spec.ttl ?? 64,
      6,
      0x25,
      0x8b,
      ...ipv4(src),
      ...ipv4(dst),
    ],
    ...[sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, 0x56, 0x0c, 0x83, 0x81, 0, 0, 0, 0],
    ...[0x50 | ((flags >> 8) & 0x0f), flags & 0xff, 0xff, 0xff, 0x12, 0x34, 0, 0],
    ...payload,
  ]);
  const t = new FieldTree();
  const fr = t.add(null, F.frame, 0, bytes.length, undefined);
  const protocols = ['eth', 'ethertype', 'ip', 'tcp', ...(spec.records?.length ? ['tls'] : [])].join(':');
  t.add(fr, F['frame.number'], 0, 0, spec.number, { generated: true });
  t.add(fr, F['frame.len'], 0, 0, bytes.length);
  t.add(fr, F['frame.protocols'], 0, 0, protocols);
  t.add(fr, F['frame.time_relative'], 0, 0, spec.time ?? 0);
  t.add(fr, F['frame.time'], 0, 0, 1398529018.654077 + (spec.time ?? 0));
  t.add(fr, F['frame.marked'], 0, 0, spec.marked ?? false);
  const eth = t.add(null, F.eth, 0, 14, undefined);
  t.add(eth, F['eth.dst'], 0, 6, '64:66:b3:0b:8f:82');
  t.add(eth, F['eth.addr'], 0, 6, '64:66:b3:0b:8f:82', { hidden: true });
  t.add(eth, F['eth.src'], 6, 6, '68:a8:6d:18:69:0e');
  t.add(eth, F['eth.addr'], 6, 6, '68:a8:6d:18:69:0e', { hidden: true });
  const ip = t.add(null, F.ip, 14, 20, undefined);
  t.add(ip, F['ip.ttl'], 22, 1, spec.ttl ?? 64);
  t.add(ip, F['ip.proto'], 23, 1, 6);
  t.add(ip, F['ip.src'], 26, 4, src);
  t.add(ip, F['ip.addr'], 26, 4, src, { hidden: true });
  t.add(ip, F['ip.dst'], 30, 4, dst);
  t.add(ip, F['ip.addr'], 30, 4, dst, { hidden: true });
  const tcp = t.add(null, F.tcp, 34, bytes.length - 34, undefined);
  t.add(tcp, F['tcp.srcport'], 34, 2, sport);
  t.add(tcp, F['tcp.dstport'], 36, 2, dport);
  t.add(tcp, F['tcp.port'], 34, 2, sport, { hidden: true });
  t.add(tcp, F['tcp.port'], 36, 2, dport, { hidden: true });
  t.add(tcp, F['tcp.seq'], 38, 4, 1);
  const fl = t.add(tcp, F['tcp.flags'], 46, 2, flags);
  t.add(fl, F['tcp.flags.syn'], 46, 2, (flags & 0x02) !== 0);
  t.add(fl, F['tcp.flags.ack'], 46, 2, (flags & 0x10) !== 0);
  if (spec.scale !== undefined) t.add(tcp, F['tcp.window_size_scalefactor'], 0, 0, spec.scale, { generated: true });
  if (spec.number > 1) t.add(tcp, F['tcp.analysis.acks_frame'], 0, 0, spec.number - 1, { generated: true });
  if (payload.length) t.add(tcp, F['tcp.payload'], 54, payload.length, bytes.subarray(54));
  for (const r of recordSpans) {
    const tls = t.add(null, F.tls, 54 + r.off, r.len, undefined);
    const rec = t.add(tls, F['tls.record'], 54 + r.off, r.len, undefined);
    t.add(rec, F['tls.record.content_type'], 54 + r.off, 1, r.hs.length ? 22 : 23);
    t.add(rec, F['tls.record.version'], 54 + r.off + 1, 2, 0x0303);
    for (const h of r.hs) {
      const o = 54 + h.off;
      t.add(rec, F['tls.handshake.type'], o, 1, h.h.type);
      t.add(rec, F['tls.handshake.random'], o + 4, 32, bytes.slice(o + 4, o + 36));
      if (h.h.sni) t.add(rec, F['tls.handshake.extensions_server_name'], o + 36, h.h.sni.length, h.h.sni);
    }
  }
  return { tree: t, frame: bytes };
}

/** A small capture: TCP handshake, a Client Hello with SNI, a two-message server flight, app data. */
export const CAPTURE: FilterInput[] = [
  packet({ number: 1, flags: 0x02, scale: 16 }),
  packet({
    number: 2,
    src: '74.125.239.97',
    dst: '192.168.18.50',
    sport: 443,
    dport: 56981,
    flags: 0x12,
    ttl: 53,
    scale: 64,
  }),
  packet({ number: 3, records: [[{ type: 1, sni: 'www.google.com' }]], time: 0.02475, scale: 16 }),
  packet({
    number: 4,
    src: '74.125.239.97',
    dst: '192.168.18.50',
    sport: 443,
    dport: 56981,
    ttl: 53,
    records: [[{ type: 12 }], [{ type: 14 }]],
    time: 0.05727,
    scale: 64,
  }),
  packet({ number: 5, records: [[]], time: 1.437806, scale: 16, marked: true }),
];

/** Frame numbers of CAPTURE that the filter matches (throws on a compile error, with its message). */
export function matching(filter: string, packets: readonly FilterInput[] = CAPTURE): number[] {
  const r = compileFilter(filter);
  if (!r.ok) throw new Error(`${filter}: ${r.error.message} @${r.error.column}+${r.error.length}`);
  const out: number[] = [];
  packets.forEach((p, i) => {
    if (r.filter.matches(p)) out.push(i + 1);
  });
  return out;
}

/** The compile error of a filter as [message, column, length]. */
export function errorOf(filter: string): [string, number, number] | undefined {
  const r = compileFilter(filter);
  return r.ok ? undefined : [r.error.message, r.error.column, r.error.length];
}
