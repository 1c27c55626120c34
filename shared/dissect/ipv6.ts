/** IPv6 with its extension headers (hop-by-hop, routing, fragment, destination options). */
import { u16, u32, u8 } from '../bytes.ts';
import { ipv6Text } from './addr.ts';
import type { Dissector } from './context.ts';
import { dataDissector } from './data.ts';
import { declareFields } from './fields.ts';
import { ipProtoNames } from './ip-protocols.ts';
import { byIpProto } from './tables.ts';

const F = declareFields({
  ipv6: { name: 'Internet Protocol Version 6', type: 'protocol' },
  'ipv6.version': { name: 'Version', type: 'uint8', bitmask: 0xf0, bitWidth: 8 },
  'ipv6.tclass': { name: 'Traffic Class', type: 'uint32', base: 'hex' },
  'ipv6.flow': { name: 'Flow Label', type: 'uint32', base: 'hex' },
  'ipv6.plen': { name: 'Payload Length', type: 'uint16' },
  'ipv6.nxt': { name: 'Next Header', type: 'uint8', strings: ipProtoNames },
  'ipv6.hlim': { name: 'Hop Limit', type: 'uint8' },
  'ipv6.src': { name: 'Source Address', type: 'ipv6' },
  'ipv6.dst': { name: 'Destination Address', type: 'ipv6' },
  'ipv6.addr': { name: 'Source or Destination Address', type: 'ipv6' },
  'ipv6.src_host': { name: 'Source Host', type: 'string' },
  'ipv6.dst_host': { name: 'Destination Host', type: 'string' },
  'ipv6.host': { name: 'Source or Destination Host', type: 'string' },
  'ipv6.ext': { name: 'Extension Header', type: 'none' },
  'ipv6.fragment': { name: 'Fragment Header for IPv6', type: 'none' },
  'ipv6.fragment.offset': { name: 'Offset', type: 'uint16' },
  'ipv6.fragment.more': { name: 'More Fragments', type: 'boolean' },
  'ipv6.fragment.id': { name: 'Identification', type: 'uint32', base: 'hex' },
});

const EXTENSION_HEADERS = new Set([0, 43, 60]);

export const ipv6: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const w = u32(b, offset);
  const plen = u16(b, offset + 4);
  let next = u8(b, offset + 6);
  const src = ipv6Text(b, offset + 8);
  const dst = ipv6Text(b, offset + 24);
  u8(b, offset + 39);
  const root = t.add(parent, F.ipv6, offset, 40, undefined, {
    label: `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`,
  });
  pkt.protocols.push('ipv6');
  pkt.cols.protocol = 'IPv6';
  t.add(root, F['ipv6.version'], offset, 1, w >>> 28);
  t.add(root, F['ipv6.tclass'], offset, 4, (w >>> 20) & 0xff);
  t.add(root, F['ipv6.flow'], offset + 1, 3, w & 0xfffff);
  t.add(root, F['ipv6.plen'], offset + 4, 2, plen);
  t.add(root, F['ipv6.nxt'], offset + 6, 1, next);
  t.add(root, F['ipv6.hlim'], offset + 7, 1, u8(b, offset + 7));
  t.add(root, F['ipv6.src'], offset + 8, 16, src);
  t.add(root, F['ipv6.addr'], offset + 8, 16, src, { hidden: true });
  t.add(root, F['ipv6.src_host'], offset + 8, 16, src, { hidden: true });
  t.add(root, F['ipv6.host'], offset + 8, 16, src, { hidden: true });
  t.add(root, F['ipv6.dst'], offset + 24, 16, dst);
  t.add(root, F['ipv6.addr'], offset + 24, 16, dst, { hidden: true });
  t.add(root, F['ipv6.dst_host'], offset + 24, 16, dst, { hidden: true });
  t.add(root, F['ipv6.host'], offset + 24, 16, dst, { hidden: true });
  pkt.net.src = src;
  pkt.net.dst = dst;
  pkt.net.version = 6;
  pkt.net.ttl = u8(b, offset + 7);
  pkt.cols.src = src;
  pkt.cols.dst = dst;
  const end = offset + Math.min(length, 40 + plen);
  let o = offset + 40;
  while (EXTENSION_HEADERS.has(next) || next === 44) {
    const hdrNext = u8(b, o);
    if (next === 44) {
      const fo = u16(b, o + 2);
      const fh = t.add(root, F['ipv6.fragment'], o, 8, undefined, { label: 'Fragment Header for IPv6' });
      t.add(fh, F['ipv6.fragment.offset'], o + 2, 2, fo >> 3);
      t.add(fh, F['ipv6.fragment.more'], o + 2, 2, (fo & 1) === 1);
      t.add(fh, F['ipv6.fragment.id'], o + 4, 4, u32(b, o + 4));
      if (fo >> 3 !== 0 || (fo & 1) === 1) {
        pkt.cols.info = `IPv6 fragment (off=${(fo >> 3) * 8} more=${fo & 1 ? 'y' : 'n'} ident=0x${u32(b, o + 4)
          .toString(16)
          .padStart(8, '0')} nxt=${hdrNext})`;
        dataDissector(b, o + 8, end - o - 8, pkt, parent);
        return;
      }
      o += 8;
    } else {
      const len = (u8(b, o + 1) + 1) * 8;
      t.add(root, F['ipv6.ext'], o, len, undefined, { label: ipProtoNames.get(next) ?? `Extension header ${next}` });
      o += len;
    }
    next = hdrNext;
  }
  if (o > end) {
    pkt.malformed = true;
    return;
  }
  const d = byIpProto.get(next);
  if (d) d(b, o, end - o, pkt, parent);
  else if (next !== 59) dataDissector(b, o, end - o, pkt, parent);
};
