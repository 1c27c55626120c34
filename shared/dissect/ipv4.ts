/** IPv4: header, options, fragment flags; hands the payload to the protocol registered for its number. */
import { u16, u32, u8 } from '../bytes.ts';
import { ipv4Text } from './addr.ts';
import type { Dissector } from './context.ts';
import { dataDissector } from './data.ts';
import { declareFields } from './fields.ts';
import { bitPattern } from './format.ts';
import { ipProtoNames } from './ip-protocols.ts';
import { dscpNames, dsFieldLabel, ecnNames } from './ip-dscp.ts';
import { byIpProto } from './tables.ts';
import { FieldGroup } from './tree.ts';

const ADDRESS_FIELDS = new Set(['ip.src', 'ip.dst', 'ip.addr', 'ip.src_host', 'ip.dst_host', 'ip.host', 'ip.options']);

const F = declareFields({
  ip: { name: 'Internet Protocol Version 4', type: 'protocol' },
  'ip.version': { name: 'Version', type: 'uint8', bitmask: 0xf0, bitWidth: 8 },
  'ip.hdr_len': { name: 'Header Length', type: 'uint8', bitmask: 0x0f, bitWidth: 8 },
  'ip.dsfield': { name: 'Differentiated Services Field', type: 'uint8', base: 'hex' },
  'ip.dsfield.dscp': {
    name: 'Differentiated Services Codepoint',
    type: 'uint8',
    bitmask: 0xfc,
    bitWidth: 8,
    strings: dscpNames,
  },
  'ip.dsfield.ecn': {
    name: 'Explicit Congestion Notification',
    type: 'uint8',
    bitmask: 0x03,
    bitWidth: 8,
    strings: ecnNames,
  },
  'ip.len': { name: 'Total Length', type: 'uint16' },
  'ip.id': { name: 'Identification', type: 'uint16', base: 'hex_dec' },
  'ip.flags': { name: 'Flags', type: 'uint8', base: 'hex' },
  'ip.flags.rb': { name: 'Reserved bit', type: 'boolean', bitmask: 0x80, bitWidth: 8 },
  'ip.flags.df': { name: "Don't fragment", type: 'boolean', bitmask: 0x40, bitWidth: 8 },
  'ip.flags.mf': { name: 'More fragments', type: 'boolean', bitmask: 0x20, bitWidth: 8 },
  'ip.frag_offset': { name: 'Fragment Offset', type: 'uint16' },
  'ip.ttl': { name: 'Time to Live', type: 'uint8' },
  'ip.proto': { name: 'Protocol', type: 'uint8', strings: ipProtoNames },
  'ip.checksum': { name: 'Header Checksum', type: 'uint16', base: 'hex' },
  'ip.checksum.status': {
    name: 'Header checksum status',
    type: 'uint8',
    strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' },
  },
  'ip.src': { name: 'Source Address', type: 'ipv4' },
  'ip.dst': { name: 'Destination Address', type: 'ipv4' },
  'ip.addr': { name: 'Source or Destination Address', type: 'ipv4' },
  'ip.src_host': { name: 'Source Host', type: 'string' },
  'ip.dst_host': { name: 'Destination Host', type: 'string' },
  'ip.host': { name: 'Source or Destination Host', type: 'string' },
  'ip.options': { name: 'Options', type: 'bytes' },
});

/** The fields of the header before the addresses (a filter on addresses alone skips them). */
const HEADER_FIELDS = new FieldGroup(
  new Set(Object.keys(F).filter((name) => name.startsWith('ip.') && !ADDRESS_FIELDS.has(name))),
);

function flagsLabel(flags: number): string {
  const flagNames = `${flags & 0x40 ? ", Don't fragment" : ''}${flags & 0x20 ? ', More fragments' : ''}`;
  return `${bitPattern(0xe0, 8, flags)} = Flags: 0x${(flags >> 5).toString(16)}${flagNames}`;
}

export const ipv4: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const vhl = u8(b, offset);
  const hlen = (vhl & 0x0f) * 4;
  const totalLen = u16(b, offset + 2);
  const src = ipv4Text(b, offset + 12);
  const dst = ipv4Text(b, offset + 16);
  const root = t.add(parent, F.ip, offset, Math.max(hlen, 20), undefined, {
    label: t.labels || t.keeps('ip') ? `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}` : undefined,
  });
  pkt.protocols.push('ip');
  pkt.cols.protocol = 'IPv4';
  const ff = u16(b, offset + 6);
  const flags = ff >> 8;
  const fragOffset = (ff & 0x1fff) * 8;
  const proto = u8(b, offset + 9);
  const wantsIp = t.wants('ip');
  if (wantsIp && t.keepsAnyOf(HEADER_FIELDS)) {
    const labels = t.labels;
    t.add(root, F['ip.version'], offset, 1, vhl >> 4);
    t.add(root, F['ip.hdr_len'], offset, 1, hlen, {
      label: labels
        ? `.... ${((vhl & 0x0f) >>> 0).toString(2).padStart(4, '0')} = Header Length: ${hlen} bytes (${vhl & 0x0f})`
        : undefined,
    });
    const ds = u8(b, offset + 1);
    const dsNode = t.add(root, F['ip.dsfield'], offset + 1, 1, ds, { label: labels ? dsFieldLabel(ds) : undefined });
    t.add(dsNode, F['ip.dsfield.dscp'], offset + 1, 1, ds >> 2);
    t.add(dsNode, F['ip.dsfield.ecn'], offset + 1, 1, ds & 3);
    t.add(root, F['ip.len'], offset + 2, 2, totalLen);
    t.add(root, F['ip.id'], offset + 4, 2, u16(b, offset + 4));
    const flagsNode = t.add(root, F['ip.flags'], offset + 6, 1, flags >> 5, {
      label: labels ? flagsLabel(flags) : undefined,
    });
    t.add(flagsNode, F['ip.flags.rb'], offset + 6, 1, (flags & 0x80) !== 0);
    t.add(flagsNode, F['ip.flags.df'], offset + 6, 1, (flags & 0x40) !== 0);
    t.add(flagsNode, F['ip.flags.mf'], offset + 6, 1, (flags & 0x20) !== 0);
    t.add(root, F['ip.frag_offset'], offset + 6, 2, fragOffset, {
      label: labels ? `${bitPattern(0x1fff, 16, ff)} = Fragment Offset: ${fragOffset}` : undefined,
    });
    t.add(root, F['ip.ttl'], offset + 8, 1, u8(b, offset + 8));
    t.add(root, F['ip.proto'], offset + 9, 1, proto);
    const checksum = u16(b, offset + 10);
    t.add(root, F['ip.checksum'], offset + 10, 2, checksum, {
      label: labels ? `Header Checksum: 0x${checksum.toString(16).padStart(4, '0')} [validation disabled]` : undefined,
    });
    t.add(root, F['ip.checksum.status'], offset + 10, 0, 2, {
      generated: true,
      label: labels ? '[Header checksum status: Unverified]' : undefined,
    });
  } else if (wantsIp) {
    // What the header fields read last: a header cut short before the addresses ends here all the same.
    u16(b, offset + 10);
  }
  if (wantsIp) {
    t.add(root, F['ip.src'], offset + 12, 4, src);
    t.add(root, F['ip.addr'], offset + 12, 4, src, { hidden: true });
    t.add(root, F['ip.src_host'], offset + 12, 4, src, { hidden: true });
    t.add(root, F['ip.host'], offset + 12, 4, src, { hidden: true });
    t.add(root, F['ip.dst'], offset + 16, 4, dst);
    t.add(root, F['ip.addr'], offset + 16, 4, dst, { hidden: true });
    t.add(root, F['ip.dst_host'], offset + 16, 4, dst, { hidden: true });
    t.add(root, F['ip.host'], offset + 16, 4, dst, { hidden: true });
    if (hlen > 20) t.add(root, F['ip.options'], offset + 20, hlen - 20, b.slice(offset + 20, offset + hlen));
  }
  pkt.net.src = src;
  pkt.net.dst = dst;
  pkt.net.version = 4;
  pkt.net.src4 = u32(b, offset + 12);
  pkt.net.dst4 = u32(b, offset + 16);
  pkt.net.ttl = u8(b, offset + 8);
  pkt.cols.src = src;
  pkt.cols.dst = dst;
  if (hlen < 20) {
    pkt.malformed = true;
    pkt.notes.push({
      severity: 'error',
      group: 'malformed',
      message: `Bogus IP header length (${hlen}, must be at least 20)`,
    });
    return;
  }
  // A total length of 0 comes from TCP segmentation offload: the frame's own length is the packet's.
  const payloadLen = (totalLen === 0 ? length : Math.min(totalLen, length)) - hlen;
  if ((flags & 0x20) !== 0 || fragOffset > 0) {
    const name = ipProtoNames.get(proto) ?? String(proto);
    pkt.cols.info = `Fragmented IP protocol (proto=${name} ${proto}, off=${fragOffset}, ID=${u16(b, offset + 4)
      .toString(16)
      .padStart(4, '0')})`;
    dataDissector(b, offset + hlen, Math.max(0, payloadLen), pkt, parent);
    return;
  }
  if (payloadLen < 0) return;
  const next = byIpProto.get(proto);
  if (next) next(b, offset + hlen, payloadLen, pkt, parent);
  else dataDissector(b, offset + hlen, payloadLen, pkt, parent);
};
