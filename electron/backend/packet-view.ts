/** Turns a dissected packet into what the renderer shows: detail-tree lines, row colours, alert facts. */
import type { DissectedPacket } from '../../shared/dissect/packet.ts';
import { fieldsValue } from '../../shared/dissect/format.ts';
import { valueName } from '../../shared/dissect/fields.ts';
import { walk, type FieldNode } from '../../shared/dissect/tree.ts';
import type { TreeNode } from '../../shared/protocol/messages.ts';
import type { ColorClass } from './packet-index.ts';

function nodeValue(n: FieldNode): string | undefined {
  const def = n.def;
  if (!def || def.type === 'protocol' || def.type === 'none' || n.value === undefined) return undefined;
  try {
    return fieldsValue(def, n.value);
  } catch {
    return undefined;
  }
}

/** The detail tree without hidden fields, in a plain serializable shape. */
export function serializeTree(nodes: readonly FieldNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  for (const n of nodes) {
    if (n.hidden) continue;
    const t: TreeNode = { label: n.label, offset: n.offset, length: n.length, source: n.source };
    if (n.def) t.abbrev = n.def.abbrev;
    const v = nodeValue(n);
    if (v !== undefined) t.value = v;
    if (n.generated) t.generated = true;
    if (n.children?.length) {
      const kids = serializeTree(n.children);
      if (kids.length) t.children = kids;
    }
    out.push(t);
  }
  return out;
}

function lastRoot(p: DissectedPacket, abbrev: string): FieldNode | undefined {
  for (let i = p.tree.roots.length - 1; i >= 0; i--)
    if (p.tree.roots[i]!.def?.abbrev === abbrev) return p.tree.roots[i];
  return undefined;
}

/** The TCP fields the row colours and alert facts read (all a dissection for the index needs to keep). */
export const TCP_COLOR_FIELDS = [
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags.syn',
  'tcp.flags.ack',
  'tcp.flags.fin',
  'tcp.flags.reset',
  'tcp.analysis.flags',
  'tcp.analysis.window_update',
  'tcp.analysis.keep_alive',
  'tcp.analysis.keep_alive_ack',
] as const;

export interface TcpFacts {
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
  srcPort: number;
  dstPort: number;
  /** TCP analysis found a problem (Wireshark's "Bad TCP" rule). */
  bad: boolean;
}

/**
 * Facts about the packet's TCP header, from a full tree (the innermost TCP layer) or from a tree that kept only
 * TCP_COLOR_FIELDS (a flat list of nodes).
 */
export function tcpFacts(p: DissectedPacket): TcpFacts | undefined {
  const tcp = lastRoot(p, 'tcp');
  const nodes = tcp ? [tcp] : p.tree.roots;
  const f: TcpFacts = { syn: false, ack: false, fin: false, rst: false, srcPort: -1, dstPort: -1, bad: false };
  let seen = !!tcp;
  let flagged = false;
  let benign = false;
  for (const n of walk(nodes)) {
    switch (n.def?.abbrev) {
      case 'tcp.srcport':
        f.srcPort = Number(n.value);
        seen = true;
        break;
      case 'tcp.dstport':
        f.dstPort = Number(n.value);
        break;
      case 'tcp.flags.syn':
        f.syn = n.value === true;
        break;
      case 'tcp.flags.ack':
        f.ack = n.value === true;
        break;
      case 'tcp.flags.fin':
        f.fin = n.value === true;
        break;
      case 'tcp.flags.reset':
        f.rst = n.value === true;
        break;
      case 'tcp.analysis.flags':
        flagged = true;
        break;
      case 'tcp.analysis.window_update':
      case 'tcp.analysis.keep_alive':
      case 'tcp.analysis.keep_alive_ack':
        benign = true;
        break;
    }
  }
  if (!seen) return undefined;
  f.bad = flagged && !benign;
  return f;
}

/** Which of Wireshark's default colouring rules applies (the first that matches, in Wireshark's order). */
export function colorOf(p: DissectedPacket, frame: Uint8Array, linkType: number): ColorClass {
  const tcp = tcpFacts(p);
  if (tcp?.bad) return 'bad-tcp';
  if (p.protocols.includes('arp')) return 'arp';
  if (p.protocols.includes('icmp') || p.protocols.includes('icmpv6')) return 'icmp';
  if (tcp?.rst) return 'tcp-rst';
  if (p.protocols.includes('http') || p.protocols.includes('http2') || tcp?.srcPort === 80 || tcp?.dstPort === 80)
    return 'http';
  if (tcp && (tcp.syn || tcp.fin)) return 'tcp-syn-fin';
  if (tcp) return 'tcp';
  if (p.protocols.includes('udp')) return 'udp';
  if (linkType === 1 && frame.length > 0 && (frame[0]! & 1) === 1) return 'broadcast';
  return '';
}

/** Ports of the innermost TCP or UDP header, -1 when none. */
export function ports(p: DissectedPacket): { src: number; dst: number } {
  const tcp = tcpFacts(p);
  if (tcp) return { src: tcp.srcPort, dst: tcp.dstPort };
  const udp = lastRoot(p, 'udp');
  let src = -1;
  let dst = -1;
  if (udp)
    for (const c of udp.children ?? []) {
      if (c.def?.abbrev === 'udp.srcport') src = Number(c.value);
      if (c.def?.abbrev === 'udp.dstport') dst = Number(c.value);
    }
  return { src, dst };
}

export interface RawAlert {
  encrypted: boolean;
  level?: number;
  levelName?: string;
  code?: number;
  description?: string;
  offset: number;
  length: number;
  source: number;
}

/** Every TLS alert message in the packet, in order. */
export function alertsIn(p: DissectedPacket): RawAlert[] {
  const out: RawAlert[] = [];
  for (const n of walk(p.tree.roots)) {
    if (n.def?.abbrev !== 'tls.alert_message') continue;
    const a: RawAlert = { encrypted: true, offset: n.offset, length: n.length, source: n.source };
    for (const c of n.children ?? []) {
      if (c.def?.abbrev === 'tls.alert_message.level' && typeof c.value === 'number') {
        a.encrypted = false;
        a.level = c.value;
        a.levelName = valueName(c.def, c.value);
      } else if (c.def?.abbrev === 'tls.alert_message.desc' && typeof c.value === 'number') {
        a.encrypted = false;
        a.code = c.value;
        a.description = valueName(c.def, c.value);
      }
    }
    out.push(a);
  }
  return out;
}

/** TLS record content types in the packet (23 = application data), including TLS 1.3's opaque type. */
export function recordTypes(p: DissectedPacket): number[] {
  const out: number[] = [];
  for (const n of walk(p.tree.roots)) {
    const a = n.def?.abbrev;
    if ((a === 'tls.record.content_type' || a === 'tls.record.opaque_type') && typeof n.value === 'number')
      out.push(n.value);
  }
  return out;
}

/** Handshake message types in the packet (1 = ClientHello, 2 = ServerHello). */
export function handshakeTypes(p: DissectedPacket): number[] {
  const out: number[] = [];
  for (const n of walk(p.tree.roots))
    if (n.def?.abbrev === 'tls.handshake.type' && typeof n.value === 'number') out.push(n.value);
  return out;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
