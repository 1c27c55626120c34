/** Ethernet II with 802.1Q / QinQ VLAN tags. */
import { u16 } from '../bytes.ts';
import { etherText } from './addr.ts';
import { etherName } from './vendors.ts';
import type { Dissector, PacketContext } from './context.ts';
import { declareFields, type FieldDef } from './fields.ts';
import { dataDissector } from './data.ts';
import { byEtherType, etherTypeNames } from './tables.ts';
import type { FieldNode } from './tree.ts';

/** The words Wireshark shows for the two flag bits of a MAC address's first octet. */
const LG_WORDS = [
  'Locally administered address (this is NOT the factory default)',
  'Globally unique address (factory default)',
] as const;
const IG_WORDS = ['Group address (multicast/broadcast)', 'Individual address (unicast)'] as const;

const F = declareFields({
  eth: { name: 'Ethernet II', type: 'protocol' },
  'eth.dst': { name: 'Destination', type: 'ether' },
  'eth.src': { name: 'Source', type: 'ether' },
  'eth.addr': { name: 'Address', type: 'ether' },
  'eth.dst_resolved': { name: 'Destination (resolved)', type: 'string' },
  'eth.src_resolved': { name: 'Source (resolved)', type: 'string' },
  'eth.addr_resolved': { name: 'Address (resolved)', type: 'string' },
  'eth.dst.lg': { name: 'LG bit', type: 'boolean', bitmask: 0x20000, bitWidth: 24, trueFalse: LG_WORDS },
  'eth.dst.ig': { name: 'IG bit', type: 'boolean', bitmask: 0x10000, bitWidth: 24, trueFalse: IG_WORDS },
  'eth.src.lg': { name: 'LG bit', type: 'boolean', bitmask: 0x20000, bitWidth: 24, trueFalse: LG_WORDS },
  'eth.src.ig': { name: 'IG bit', type: 'boolean', bitmask: 0x10000, bitWidth: 24, trueFalse: IG_WORDS },
  'eth.lg': { name: 'LG bit', type: 'boolean', bitmask: 0x20000, bitWidth: 24, trueFalse: LG_WORDS },
  'eth.ig': { name: 'IG bit', type: 'boolean', bitmask: 0x10000, bitWidth: 24, trueFalse: IG_WORDS },
  'eth.type': { name: 'Type', type: 'uint16', base: 'hex', strings: etherTypeNames },
  'eth.padding': { name: 'Padding', type: 'bytes' },
  'eth.trailer': { name: 'Trailer', type: 'bytes' },
  vlan: { name: '802.1Q Virtual LAN', type: 'protocol' },
  'vlan.priority': { name: 'Priority', type: 'uint16', bitmask: 0xe000, bitWidth: 16 },
  'vlan.dei': { name: 'DEI', type: 'uint16', bitmask: 0x1000, bitWidth: 16 },
  'vlan.id': { name: 'ID', type: 'uint16', bitmask: 0x0fff, bitWidth: 16 },
  'vlan.etype': { name: 'Type', type: 'uint16', base: 'hex', strings: etherTypeNames },
});

export const ETHERTYPE_VLAN = new Set([0x8100, 0x88a8, 0x9100]);

/** Passes the payload of an EtherType on, then marks the bytes after the network layer's length as padding. */
export function etherPayload(
  type: number,
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
): void {
  const d = byEtherType.get(type);
  if (d) d(b, offset, length, pkt, parent);
  else dataDissector(b, offset, length, pkt, parent);
}

function shown(name: string, addr: string): string {
  return name === addr ? addr : `${name} (${addr})`;
}

/** The address fields of the header; labels only when the whole tree is kept. */
function addressFields(b: Uint8Array, offset: number, pkt: PacketContext, parent: FieldNode | null): FieldNode {
  const t = pkt.tree;
  const dst = etherText(b, offset);
  const src = etherText(b, offset + 6);
  const dstName = etherName(b, offset);
  const srcName = etherName(b, offset + 6);
  const labels = t.labels;
  const root = t.add(parent, F.eth, offset, 14, undefined, {
    label:
      labels || t.keeps('eth') ? `Ethernet II, Src: ${shown(srcName, src)}, Dst: ${shown(dstName, dst)}` : undefined,
  });
  const d = t.add(root, F['eth.dst'], offset, 6, dst, {
    label: labels ? `Destination: ${shown(dstName, dst)}` : undefined,
  });
  t.add(d, F['eth.dst_resolved'], offset, 6, dstName, { hidden: true });
  t.add(d, F['eth.addr'], offset, 6, dst, { label: labels ? `Address: ${shown(dstName, dst)}` : undefined });
  t.add(d, F['eth.addr_resolved'], offset, 6, dstName, { hidden: true });
  addressBits(pkt, d, b, offset, F['eth.dst.lg'], F['eth.dst.ig']);
  const s = t.add(root, F['eth.src'], offset + 6, 6, src, {
    label: labels ? `Source: ${shown(srcName, src)}` : undefined,
  });
  t.add(s, F['eth.src_resolved'], offset + 6, 6, srcName, { hidden: true });
  t.add(s, F['eth.addr'], offset + 6, 6, src, { label: labels ? `Address: ${shown(srcName, src)}` : undefined });
  t.add(s, F['eth.addr_resolved'], offset + 6, 6, srcName, { hidden: true });
  addressBits(pkt, s, b, offset + 6, F['eth.src.lg'], F['eth.src.ig']);
  return root;
}

export const ethernet: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const end = offset + length;
  const root = t.wants('eth') ? addressFields(b, offset, pkt, parent) : t.add(parent, F.eth, offset, 14, undefined);
  pkt.protocols.push('eth');
  // The Source/Destination columns show the link addresses only when no network layer replaces them.
  pkt.cols.src = '';
  pkt.cols.dst = '';
  try {
    etherBody(b, offset, end, root, pkt, parent);
  } finally {
    if (pkt.cols.src === '' && pkt.cols.dst === '') {
      pkt.cols.src = etherName(b, offset + 6);
      pkt.cols.dst = etherName(b, offset);
    }
  }
};

function etherBody(
  b: Uint8Array,
  offset: number,
  end: number,
  root: FieldNode,
  pkt: PacketContext,
  parent: FieldNode | null,
): void {
  const t = pkt.tree;
  let type = u16(b, offset + 12);
  t.add(root, F['eth.type'], offset + 12, 2, type);
  pkt.protocols.push('ethertype');
  let o = offset + 14;
  while (ETHERTYPE_VLAN.has(type) && o + 4 <= end) {
    const tci = u16(b, o);
    const inner = u16(b, o + 2);
    const v = t.add(parent, F.vlan, o, 4, undefined, {
      label: `802.1Q Virtual LAN, PRI: ${tci >> 13}, DEI: ${(tci >> 12) & 1}, ID: ${tci & 0xfff}`,
    });
    pkt.protocols.push('vlan');
    t.add(v, F['vlan.priority'], o, 2, tci >> 13);
    t.add(v, F['vlan.dei'], o, 2, (tci >> 12) & 1);
    t.add(v, F['vlan.id'], o, 2, tci & 0xfff);
    t.add(v, F['vlan.etype'], o + 2, 2, inner);
    type = inner;
    o += 4;
  }
  pkt.cols.protocol = 'Ethernet';
  etherPayload(type, b, o, end - o, pkt, parent);
}

/** The LG and IG bits of the address at `o`, under its own name and as `eth.lg` / `eth.ig` (hidden). */
function addressBits(pkt: PacketContext, node: FieldNode, b: Uint8Array, o: number, lg: FieldDef, ig: FieldDef): void {
  const t = pkt.tree;
  const first = b[o]!;
  t.add(node, lg, o, 3, (first & 2) !== 0);
  t.add(node, F['eth.lg'], o, 3, (first & 2) !== 0, { hidden: true });
  t.add(node, ig, o, 3, (first & 1) !== 0);
  t.add(node, F['eth.ig'], o, 3, (first & 1) !== 0, { hidden: true });
}
