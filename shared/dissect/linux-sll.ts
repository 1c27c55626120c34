/** Linux cooked captures: SLL (v1, LINKTYPE 113) and SLL2 (LINKTYPE 276). */
import { u16, u32 } from '../bytes.ts';
import { etherText } from './addr.ts';
import { etherName } from './vendors.ts';
import type { Dissector } from './context.ts';
import { etherPayload } from './ethernet.ts';
import { declareFields } from './fields.ts';
import { etherTypeNames } from './tables.ts';

const packetTypes = {
  0: 'Unicast to us',
  1: 'Broadcast',
  2: 'Multicast',
  3: 'Unicast to another host',
  4: 'Sent by us',
};

const F = declareFields({
  sll: { name: 'Linux cooked capture v1', type: 'protocol' },
  'sll.pkttype': { name: 'Packet type', type: 'uint16', strings: packetTypes },
  'sll.hatype': { name: 'Link-layer address type', type: 'uint16' },
  'sll.halen': { name: 'Link-layer address length', type: 'uint16' },
  'sll.src.eth': { name: 'Source', type: 'ether' },
  'sll.src.unknown': { name: 'Source', type: 'bytes' },
  'sll.unused': { name: 'Unused', type: 'bytes' },
  'sll.etype': { name: 'Protocol', type: 'uint16', base: 'hex', strings: etherTypeNames },
  'sll.ifindex': { name: 'Interface index', type: 'uint32' },
  'sll.reserved': { name: 'Reserved', type: 'uint16' },
});

function address(b: Uint8Array, o: number, halen: number): string {
  return halen === 6 ? etherText(b, o) : '';
}

export const linuxSll: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const root = t.add(parent, F.sll, offset, 16, undefined);
  pkt.protocols.push('sll');
  const pkttype = u16(b, offset);
  const halen = u16(b, offset + 4);
  t.add(root, F['sll.pkttype'], offset, 2, pkttype);
  t.add(root, F['sll.hatype'], offset + 2, 2, u16(b, offset + 2));
  t.add(root, F['sll.halen'], offset + 4, 2, halen);
  if (halen === 6) {
    const src = address(b, offset + 6, halen);
    t.add(root, F['sll.src.eth'], offset + 6, 6, src);
    pkt.cols.src = etherName(b, offset + 6);
  }
  const proto = u16(b, offset + 14);
  t.add(root, F['sll.etype'], offset + 14, 2, proto);
  pkt.cols.protocol = 'SLL';
  etherPayload(proto, b, offset + 16, length - 16, pkt, parent);
};

export const linuxSll2: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const root = t.add(parent, F.sll, offset, 20, undefined, { label: 'Linux cooked capture v2' });
  pkt.protocols.push('sll');
  const proto = u16(b, offset);
  t.add(root, F['sll.etype'], offset, 2, proto);
  t.add(root, F['sll.reserved'], offset + 2, 2, u16(b, offset + 2));
  t.add(root, F['sll.ifindex'], offset + 4, 4, u32(b, offset + 4));
  t.add(root, F['sll.hatype'], offset + 8, 2, u16(b, offset + 8));
  t.add(root, F['sll.pkttype'], offset + 10, 1, b[offset + 10]!);
  const halen = b[offset + 11]!;
  t.add(root, F['sll.halen'], offset + 11, 1, halen);
  if (halen === 6) {
    const src = address(b, offset + 12, halen);
    t.add(root, F['sll.src.eth'], offset + 12, 6, src);
    pkt.cols.src = etherName(b, offset + 12);
  }
  pkt.cols.protocol = 'SLL';
  etherPayload(proto, b, offset + 20, length - 20, pkt, parent);
};
