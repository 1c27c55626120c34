/** Ethernet II with 802.1Q / QinQ VLAN tags. */
import { u16 } from '../bytes.ts';
import { etherText } from './addr.ts';
import { etherName } from './vendors.ts';
import type { Dissector, PacketContext } from './context.ts';
import { declareFields } from './fields.ts';
import { dataDissector } from './data.ts';
import { byEtherType, etherTypeNames } from './tables.ts';
import type { FieldNode } from './tree.ts';

const F = declareFields({
  eth: { name: 'Ethernet II', type: 'protocol' },
  'eth.dst': { name: 'Destination', type: 'ether' },
  'eth.src': { name: 'Source', type: 'ether' },
  'eth.addr': { name: 'Address', type: 'ether' },
  'eth.dst_resolved': { name: 'Destination (resolved)', type: 'string' },
  'eth.src_resolved': { name: 'Source (resolved)', type: 'string' },
  'eth.addr_resolved': { name: 'Address (resolved)', type: 'string' },
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

export const ethernet: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const end = offset + length;
  const dst = etherText(b, offset);
  const src = etherText(b, offset + 6);
  const dstName = etherName(b, offset);
  const srcName = etherName(b, offset + 6);
  const shown = (name: string, addr: string): string => (name === addr ? addr : `${name} (${addr})`);
  const root = t.add(parent, F.eth, offset, 14, undefined, {
    label: `Ethernet II, Src: ${shown(srcName, src)}, Dst: ${shown(dstName, dst)}`,
  });
  pkt.protocols.push('eth');
  const d = t.add(root, F['eth.dst'], offset, 6, dst, { label: `Destination: ${shown(dstName, dst)}` });
  t.add(d, F['eth.dst_resolved'], offset, 6, dstName, { hidden: true });
  t.add(d, F['eth.addr'], offset, 6, dst, { label: `Address: ${shown(dstName, dst)}` });
  t.add(d, F['eth.addr_resolved'], offset, 6, dstName, { hidden: true });
  const s = t.add(root, F['eth.src'], offset + 6, 6, src, { label: `Source: ${shown(srcName, src)}` });
  t.add(s, F['eth.src_resolved'], offset + 6, 6, srcName, { hidden: true });
  t.add(s, F['eth.addr'], offset + 6, 6, src, { label: `Address: ${shown(srcName, src)}` });
  t.add(s, F['eth.addr_resolved'], offset + 6, 6, srcName, { hidden: true });
  pkt.cols.src = srcName;
  pkt.cols.dst = dstName;
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
};
