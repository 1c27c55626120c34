/**
 * Conversations and endpoints (Ethernet, IPv4, IPv6, TCP, UDP) as Wireshark's statistics count them: one entry per
 * address pair (and port pair), sides named in the order the first packet had them, frames and frame bytes each way.
 * Every layer present in a packet counts (a tunnelled packet counts in both IP conversations).
 */
import type { DissectedPacket } from '../dissect/packet.ts';
import type { FieldNode } from '../dissect/tree.ts';

export type ConversationKind = 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp';

export const CONVERSATION_KINDS: readonly ConversationKind[] = ['eth', 'ip', 'ipv6', 'tcp', 'udp'];

export interface Conversation {
  kind: ConversationKind;
  /** Address A sent the first packet seen; ports are -1 for Ethernet and IP. */
  addressA: string;
  portA: number;
  addressB: string;
  portB: number;
  framesAtoB: number;
  bytesAtoB: number;
  framesBtoA: number;
  bytesBtoA: number;
  firstFrame: number;
  /** Relative times of the first and last packet, as frame.time_relative text (`1.234567890`). */
  start: string;
  end: string;
  /** tcp.stream / udp.stream of the first packet, -1 for Ethernet and IP. */
  stream: number;
}

export interface Endpoint {
  kind: ConversationKind;
  address: string;
  port: number;
  txFrames: number;
  txBytes: number;
  rxFrames: number;
  rxBytes: number;
}

/** Where each kind of layer keeps its addresses, ports and stream index in the tree. */
const LAYERS: Readonly<
  Record<string, { kind: ConversationKind; src: string; dst: string; sport?: string; dport?: string; stream?: string }>
> = {
  eth: { kind: 'eth', src: 'eth.src_resolved', dst: 'eth.dst_resolved' },
  ip: { kind: 'ip', src: 'ip.src', dst: 'ip.dst' },
  ipv6: { kind: 'ipv6', src: 'ipv6.src', dst: 'ipv6.dst' },
  tcp: { kind: 'tcp', src: '', dst: '', sport: 'tcp.srcport', dport: 'tcp.dstport', stream: 'tcp.stream' },
  udp: { kind: 'udp', src: '', dst: '', sport: 'udp.srcport', dport: 'udp.dstport', stream: 'udp.stream' },
};

function findValue(node: FieldNode, name: string): FieldNode['value'] {
  for (const c of node.children ?? []) {
    if (c.def?.abbrev === name) return c.value;
    if (c.children) {
      const v = findValue(c, name);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

function asText(v: FieldNode['value']): string {
  return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

function asNumber(v: FieldNode['value']): number {
  return typeof v === 'number' ? v : -1;
}

export class ConversationsBuilder {
  private readonly byKey = new Map<string, Conversation>();
  private readonly ordered: Conversation[] = [];

  /** Counts one dissected packet (the full tree, or at least the layers' address fields, is needed). */
  add(p: DissectedPacket): void {
    let netSrc = '';
    let netDst = '';
    for (const root of p.tree.roots) {
      const name = root.def?.abbrev;
      if (name === undefined) continue;
      const layer = LAYERS[name];
      if (!layer) continue;
      let src: string;
      let dst: string;
      let sport = -1;
      let dport = -1;
      let stream = -1;
      if (layer.sport && layer.dport) {
        src = netSrc;
        dst = netDst;
        sport = asNumber(findValue(root, layer.sport));
        dport = asNumber(findValue(root, layer.dport));
        stream = layer.stream ? asNumber(findValue(root, layer.stream)) : -1;
        if (sport < 0 || dport < 0) continue;
      } else {
        src = asText(findValue(root, layer.src));
        dst = asText(findValue(root, layer.dst));
        if (layer.kind === 'ip' || layer.kind === 'ipv6') {
          netSrc = src;
          netDst = dst;
        }
      }
      if (!src && !dst) continue;
      this.count(p, layer.kind, src, sport, dst, dport, stream);
    }
  }

  private count(
    p: DissectedPacket,
    kind: ConversationKind,
    src: string,
    sport: number,
    dst: string,
    dport: number,
    stream: number,
  ): void {
    const one = `${src}\u0000${sport}`;
    const two = `${dst}\u0000${dport}`;
    const key = one < two ? `${kind}\u0001${one}\u0001${two}` : `${kind}\u0001${two}\u0001${one}`;
    let c = this.byKey.get(key);
    if (!c) {
      c = {
        kind,
        addressA: src,
        portA: sport,
        addressB: dst,
        portB: dport,
        framesAtoB: 0,
        bytesAtoB: 0,
        framesBtoA: 0,
        bytesBtoA: 0,
        firstFrame: p.number,
        start: p.timeRelative,
        end: p.timeRelative,
        stream,
      };
      this.byKey.set(key, c);
      this.ordered.push(c);
    }
    if (c.addressA === src && c.portA === sport) {
      c.framesAtoB++;
      c.bytesAtoB += p.origlen;
    } else {
      c.framesBtoA++;
      c.bytesBtoA += p.origlen;
    }
    c.end = p.timeRelative;
  }

  /** Conversations of one kind, in the order they were first seen. */
  conversations(kind: ConversationKind): Conversation[] {
    return this.ordered.filter((c) => c.kind === kind);
  }

  /** Endpoints of one kind (each side of each conversation), in the order they were first seen. */
  endpoints(kind: ConversationKind): Endpoint[] {
    const byKey = new Map<string, Endpoint>();
    const side = (address: string, port: number): Endpoint => {
      const key = `${address}\u0000${port}`;
      let e = byKey.get(key);
      if (!e) {
        e = { kind, address, port, txFrames: 0, txBytes: 0, rxFrames: 0, rxBytes: 0 };
        byKey.set(key, e);
      }
      return e;
    };
    for (const c of this.conversations(kind)) {
      const a = side(c.addressA, c.portA);
      const b = side(c.addressB, c.portB);
      a.txFrames += c.framesAtoB;
      a.txBytes += c.bytesAtoB;
      a.rxFrames += c.framesBtoA;
      a.rxBytes += c.bytesBtoA;
      b.txFrames += c.framesBtoA;
      b.txBytes += c.bytesBtoA;
      b.rxFrames += c.framesAtoB;
      b.rxBytes += c.bytesAtoB;
    }
    return [...byKey.values()];
  }
}
