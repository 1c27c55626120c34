/** What ICMP and ICMPv6 share: the Internet checksum, the IP TTL and packet time read back, the quoted datagram. */
import { BoundsError, u16, u32 } from '../bytes.ts';
import type { Dissector, PacketContext } from './context.ts';
import { ipv4 } from './ipv4.ts';
import { ipv6 } from './ipv6.ts';
import { byIpProto } from './tables.ts';
import { F as TCP } from './tcp-fields.ts';
import type { FieldDef } from './fields.ts';
import { addExpert } from './expert.ts';
import type { FieldNode } from './tree.ts';

/**
 * The 16-bit one's complement checksum of `b[offset, offset+length)` added to `initial` (a pseudo-header sum), with
 * the two bytes at `offset + zeroAt` counted as zero when `zeroAt >= 0`. A message carrying a correct checksum sums
 * to 0 with `zeroAt = -1`; with `zeroAt` at its checksum field the result is the checksum it should carry.
 */
export function internetChecksum(b: Uint8Array, offset: number, length: number, zeroAt: number, initial = 0): number {
  let sum = initial;
  const end = offset + length;
  for (let i = offset; i < end; i += 2) {
    if (i - offset === zeroAt) continue;
    sum += (b[i]! << 8) | (i + 1 < end ? b[i + 1]! : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** The packet's absolute time, read back from the frame's `frame.time_epoch` item (absent when the tree is not built). */
export function packetEpoch(pkt: PacketContext): { sec: number; nsec: number } | undefined {
  const frame = pkt.tree.roots[0];
  const n = frame?.children?.find((c) => c.def?.abbrev === 'frame.time_epoch');
  if (!n || typeof n.value !== 'string') return undefined;
  const [s, f = '0'] = n.value.split('.');
  return { sec: Number(s), nsec: Number(f.padEnd(9, '0').slice(0, 9)) };
}

/** The 16 bytes of an IPv6 address in text form (`fe80::1`, `::ffff:192.0.2.1`). */
export function ipv6Bytes(text: string): Uint8Array {
  const out = new Uint8Array(16);
  let s = text;
  const groups: number[] = [];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4)
    s =
      s.slice(0, v4.index) +
      (Number(v4[1]) * 256 + Number(v4[2])).toString(16) +
      ':' +
      (Number(v4[3]) * 256 + Number(v4[4])).toString(16);
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  groups.push(...h.map((x) => parseInt(x, 16)));
  for (let i = h.length + t.length; i < 8; i++) groups.push(0);
  groups.push(...t.map((x) => parseInt(x, 16)));
  for (let i = 0; i < 8; i++) {
    out[2 * i] = (groups[i]! >> 8) & 0xff;
    out[2 * i + 1] = groups[i]! & 0xff;
  }
  return out;
}

/** Nanoseconds as `S.NNNNNNNNN`. */
export function relTimeText(ns: number): string {
  const neg = ns < 0;
  const v = Math.round(Math.abs(ns));
  const s = Math.floor(v / 1e9);
  return `${neg ? '-' : ''}${s}.${String(v - s * 1e9).padStart(9, '0')}`;
}

/** A TCP header quoted by an ICMP error only names its ports and sequence number: no conversation, no analysis. */
const quotedTcp: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const sp = u16(b, offset);
  const dp = u16(b, offset + 2);
  const root = t.add(parent, TCP.tcp, offset, Math.min(length, 20), undefined, {
    label: `Transmission Control Protocol, Src Port: ${sp}, Dst Port: ${dp}`,
  });
  pkt.protocols.push('tcp');
  t.add(root, TCP['tcp.srcport'], offset, 2, sp);
  t.add(root, TCP['tcp.dstport'], offset + 2, 2, dp);
  if (length >= 8) {
    const seq = u32(b, offset + 4);
    t.add(root, TCP['tcp.seq'], offset + 4, 4, seq, { label: `Sequence Number: ${seq}` });
  }
};

/**
 * The datagram an ICMP/ICMPv6 error quotes: dissected as IP with its transport header, without touching the
 * packet's columns, addresses or ports (Wireshark's "error packet" mode). The quote is usually cut short: running
 * out of bytes inside it ends its dissection quietly.
 */
export function dissectQuotedDatagram(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode,
  version: 4 | 6,
): void {
  const saved = {
    cols: { ...pkt.cols },
    net: { ...pkt.net },
    srcPort: pkt.srcPort,
    dstPort: pkt.dstPort,
    conversation: pkt.conversation,
    stream: pkt.stream,
    fence: pkt.fence,
    infoCleared: pkt.infoCleared,
  };
  // The quoted TCP header must not reach the TCP dissector, which would take it for part of a live connection.
  const tcp = byIpProto.get(6);
  byIpProto.set(6, quotedTcp);
  try {
    (version === 4 ? ipv4 : ipv6)(b, offset, length, pkt, parent);
  } catch (e) {
    if (!(e instanceof BoundsError)) throw e;
  } finally {
    if (tcp) byIpProto.set(6, tcp);
    else byIpProto.delete(6);
    Object.assign(pkt.cols, saved.cols);
    Object.assign(pkt.net, saved.net);
    pkt.srcPort = saved.srcPort;
    pkt.dstPort = saved.dstPort;
    pkt.conversation = saved.conversation;
    pkt.stream = saved.stream;
    pkt.fence = saved.fence;
    pkt.infoCleared = saved.infoCleared;
  }
}

/** The checksum, status and bad-checksum expert fields of one ICMP flavour. */
export interface ChecksumFields {
  checksum: FieldDef;
  status: FieldDef;
  bad: FieldDef;
}

const hex4 = (v: number): string => '0x' + v.toString(16).padStart(4, '0');

/**
 * Verifies an ICMP/ICMPv6 checksum over `length` bytes at `offset` (the checksum at offset + 2) and adds
 * Wireshark's items: `[correct]` and Good, `incorrect, should be …` with a warning, or unverified when the message
 * is not all captured or no pseudo-header sum is available (`initial` undefined for ICMPv6 without IPv6 addresses).
 */
export function checksumItems(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  root: FieldNode,
  f: ChecksumFields,
  initial: number | undefined,
): void {
  const t = pkt.tree;
  const checksum = u16(b, offset + 2);
  if (initial === undefined || b.length - offset < length) {
    t.add(root, f.checksum, offset + 2, 2, checksum, { label: `Checksum: ${hex4(checksum)} [unverified]` });
    t.add(root, f.status, offset + 2, 0, 2, { generated: true, label: '[Checksum Status: Unverified]' });
    return;
  }
  if (internetChecksum(b, offset, length, -1, initial) === 0) {
    t.add(root, f.checksum, offset + 2, 2, checksum, { label: `Checksum: ${hex4(checksum)} [correct]` });
    t.add(root, f.status, offset + 2, 0, 1, { generated: true, label: '[Checksum Status: Good]' });
    return;
  }
  const should = internetChecksum(b, offset, length, 2, initial);
  const node = t.add(root, f.checksum, offset + 2, 2, checksum, {
    label: `Checksum: ${hex4(checksum)} incorrect, should be ${hex4(should)}`,
  });
  addExpert(pkt, node, f.bad, offset + 2, 2, 'warn', 'checksum', `Bad checksum [should be ${hex4(should)}]`);
  t.add(root, f.status, offset + 2, 0, 0, { generated: true, label: '[Checksum Status: Bad]' });
}

/** Where one ICMP flavour keeps its echo requests, and how it names the reply's link back to its request. */
export interface EchoFields {
  slot: string;
  respTo: FieldDef;
  respToLabel: string;
  respTime: FieldDef;
  respTimeLabel: string;
}

interface EchoRequest {
  frame: number;
  ns: number;
  answered: boolean;
}

/**
 * Remembers an echo request, or links a reply to the latest unanswered request with the same addresses (either
 * direction), identifier and sequence number; returns the Info suffix ` (request in N)` for a matched reply.
 */
export function matchEcho(
  pkt: PacketContext,
  root: FieldNode,
  offset: number,
  isRequest: boolean,
  id: number,
  seq: number,
  f: EchoFields,
): string {
  let reqs = pkt.state.slots.get(f.slot) as Map<string, EchoRequest> | undefined;
  if (!reqs) {
    reqs = new Map();
    pkt.state.slots.set(f.slot, reqs);
  }
  const pair = pkt.net.src < pkt.net.dst ? `${pkt.net.src}|${pkt.net.dst}` : `${pkt.net.dst}|${pkt.net.src}`;
  const key = `${pair}|${id}|${seq}`;
  if (isRequest) {
    reqs.set(key, { frame: pkt.number, ns: pkt.relNs, answered: false });
    return '';
  }
  const req = reqs.get(key);
  if (!req || req.answered || req.frame >= pkt.number) return '';
  req.answered = true;
  const t = pkt.tree;
  t.add(root, f.respTo, offset, 0, req.frame, { generated: true, label: `[${f.respToLabel}: ${req.frame}]` });
  const ms = (pkt.relNs - req.ns) / 1e6;
  t.add(root, f.respTime, offset, 0, ms, { generated: true, label: `[${f.respTimeLabel}: ${ms.toFixed(3)} ms]` });
  return ` (request in ${req.frame})`;
}
