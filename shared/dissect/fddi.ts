/** FDDI (LINKTYPE 10) with its 802.2 LLC/SNAP header, as far as needed to reach the network layer. */
import { u16, u8 } from '../bytes.ts';
import { etherText } from './addr.ts';
import type { Dissector } from './context.ts';
import { dataDissector } from './data.ts';
import { etherPayload } from './ethernet.ts';
import { declareFields } from './fields.ts';
import { etherTypeNames } from './tables.ts';

const F = declareFields({
  fddi: { name: 'Fiber Distributed Data Interface', type: 'protocol' },
  'fddi.fc': { name: 'Frame Control', type: 'uint8', base: 'hex' },
  'fddi.dst': { name: 'Destination', type: 'ether' },
  'fddi.src': { name: 'Source', type: 'ether' },
  llc: { name: 'Logical-Link Control', type: 'protocol' },
  'llc.dsap': { name: 'DSAP', type: 'uint8', base: 'hex' },
  'llc.ssap': { name: 'SSAP', type: 'uint8', base: 'hex' },
  'llc.control': { name: 'Control field', type: 'uint8', base: 'hex' },
  'llc.oui': { name: 'Organization Code', type: 'uint24', base: 'hex' },
  'llc.type': { name: 'Type', type: 'uint16', base: 'hex', strings: etherTypeNames },
});

export const fddi: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const dst = etherText(b, offset + 1);
  const src = etherText(b, offset + 7);
  const root = t.add(parent, F.fddi, offset, 13, undefined, {
    label: `Fiber Distributed Data Interface, Src: ${src}, Dst: ${dst}`,
  });
  pkt.protocols.push('fddi');
  t.add(root, F['fddi.fc'], offset, 1, u8(b, offset));
  t.add(root, F['fddi.dst'], offset + 1, 6, dst);
  t.add(root, F['fddi.src'], offset + 7, 6, src);
  pkt.cols.src = src;
  pkt.cols.dst = dst;
  pkt.cols.protocol = 'FDDI';
  const o = offset + 13;
  const dsap = u8(b, o);
  const ssap = u8(b, o + 1);
  const llc = t.add(parent, F.llc, o, dsap === 0xaa ? 8 : 3, undefined);
  pkt.protocols.push('llc');
  t.add(llc, F['llc.dsap'], o, 1, dsap);
  t.add(llc, F['llc.ssap'], o + 1, 1, ssap);
  t.add(llc, F['llc.control'], o + 2, 1, u8(b, o + 2));
  if (dsap === 0xaa && ssap === 0xaa) {
    const oui = (u8(b, o + 3) << 16) | (u8(b, o + 4) << 8) | u8(b, o + 5);
    const type = u16(b, o + 6);
    t.add(llc, F['llc.oui'], o + 3, 3, oui);
    t.add(llc, F['llc.type'], o + 6, 2, type);
    etherPayload(type, b, o + 8, offset + length - o - 8, pkt, parent);
    return;
  }
  dataDissector(b, o + 3, offset + length - o - 3, pkt, parent);
};
