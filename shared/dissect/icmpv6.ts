/**
 * ICMPv6 (IPv6 next header 58): type, code, checksum over the IPv6 pseudo-header, echo matching in one pass,
 * neighbour discovery with its options, MLD, and the datagram quoted by error messages. Info as tshark:
 * `Echo (ping) request id=0x1234, seq=1, hop limit=64`, `Neighbor Solicitation for 2001:db8::2 from 00:01:02:03:04:05`.
 */
import { BoundsError, slice, u16, u32, u8 } from '../bytes.ts';
import { etherText, ipv6Text } from './addr.ts';
import { clearInfoOnce, type Dissector, type PacketContext } from './context.ts';
import { dataDissector } from './data.ts';
import { addExpert } from './expert.ts';
import { declareFields } from './fields.ts';
import { checksumItems, matchEcho, type EchoFields, dissectQuotedDatagram, ipv6Bytes } from './icmp-common.ts';
import type { FieldNode } from './tree.ts';

const TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Destination Unreachable'],
  [2, 'Packet Too Big'],
  [3, 'Time Exceeded'],
  [4, 'Parameter Problem'],
  [100, 'Private experimentation'],
  [101, 'Private experimentation'],
  [127, 'Reserved for expansion of ICMPv6 error messages'],
  [128, 'Echo (ping) request'],
  [129, 'Echo (ping) reply'],
  [130, 'Multicast Listener Query'],
  [131, 'Multicast Listener Report'],
  [132, 'Multicast Listener Done'],
  [133, 'Router Solicitation'],
  [134, 'Router Advertisement'],
  [135, 'Neighbor Solicitation'],
  [136, 'Neighbor Advertisement'],
  [137, 'Redirect'],
  [138, 'Router Renumbering'],
  [139, 'Node Information Query'],
  [140, 'Node Information Reply'],
  [141, 'Inverse Neighbor Discovery Solicitation'],
  [142, 'Inverse Neighbor Discovery Advertisement'],
  [143, 'Multicast Listener Report Message v2'],
  [144, 'Home Agent Address Discovery Request'],
  [145, 'Home Agent Address Discovery Reply'],
  [146, 'Mobile Prefix Solicitation'],
  [147, 'Mobile Prefix Advertisement'],
  [148, 'Certification Path Solicitation'],
  [149, 'Certification Path Advertisement'],
  [150, 'Experimental Mobility'],
  [151, 'Multicast Router Advertisement'],
  [152, 'Multicast Router Solicitation'],
  [153, 'Multicast Router Termination'],
  [154, 'FMIPv6'],
  [155, 'RPL Control'],
  [156, 'Locator Update'],
  [157, 'Duplicate Address Request'],
  [158, 'Duplicate Address Confirmation'],
  [159, 'MPL Control Message'],
  [160, 'Extended Echo request'],
  [161, 'Extended Echo reply'],
  [200, 'Private experimentation'],
  [201, 'Private experimentation'],
  [255, 'Reserved for expansion of ICMPv6 informational messages'],
]);

const CODES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [
    1,
    new Map([
      [0, 'no route to destination'],
      [1, 'Administratively prohibited'],
      [2, 'Beyond scope of source address'],
      [3, 'Address unreachable'],
      [4, 'Port unreachable'],
      [5, 'Source address failed ingress/egress policy'],
      [6, 'Reject route to destination'],
      [7, 'Error in Source Routing Header'],
    ]),
  ],
  [
    3,
    new Map([
      [0, 'hop limit exceeded in transit'],
      [1, 'fragment reassembly time exceeded'],
    ]),
  ],
  [
    4,
    new Map([
      [0, 'erroneous header field encountered'],
      [1, 'unrecognized Next Header type encountered'],
      [2, 'unrecognized IPv6 option encountered'],
      [3, 'IPv6 First Fragment has incomplete IPv6 Header Chain'],
    ]),
  ],
]);

const OPTION_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Source link-layer address'],
  [2, 'Target link-layer address'],
  [3, 'Prefix information'],
  [4, 'Redirected header'],
  [5, 'MTU'],
  [6, 'NBMA Shortcut Limit Option'],
  [7, 'Advertisement Interval'],
  [8, 'Home Agent Information'],
  [9, 'Source Address List'],
  [10, 'Target Address List'],
  [11, 'CGA'],
  [12, 'RSA Signature'],
  [13, 'Timestamp'],
  [14, 'Nonce'],
  [15, 'Trust Anchor'],
  [16, 'Certificate'],
  [17, 'IP Address/Prefix Option'],
  [18, 'New Router Prefix Information'],
  [19, 'Link-layer Address'],
  [20, 'Neighbor Advertisement Acknowledgment'],
  [23, 'MAP'],
  [24, 'Route Information'],
  [25, 'Recursive DNS Server'],
  [26, 'RA Flags Extension'],
  [31, 'DNS Search List Option'],
  [37, 'DHCP Captive-Portal'],
  [38, 'PREF64 Option'],
]);

const MLDR_RECORD_TYPES = {
  1: 'Include',
  2: 'Exclude',
  3: 'Changed to include',
  4: 'Changed to exclude',
  5: 'Allow new sources',
  6: 'Block old sources',
};

const F = declareFields({
  icmpv6: { name: 'Internet Control Message Protocol v6', type: 'protocol' },
  'icmpv6.type': { name: 'Type', type: 'uint8', strings: TYPES },
  'icmpv6.code': { name: 'Code', type: 'uint8' },
  'icmpv6.checksum': { name: 'Checksum', type: 'uint16', base: 'hex' },
  'icmpv6.checksum.status': {
    name: 'Checksum Status',
    type: 'uint8',
    strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' },
  },
  'icmpv6.checksum_bad.expert': { name: 'Bad checksum', type: 'none' },
  'icmpv6.reserved': { name: 'Reserved', type: 'bytes' },
  'icmpv6.data': { name: 'Data', type: 'bytes' },
  'icmpv6.unknown_data': { name: 'Unknown Data', type: 'bytes' },
  'icmpv6.undecoded.expert': { name: 'Undecoded', type: 'none' },
  'icmpv6.mtu': { name: 'MTU', type: 'uint32' },
  'icmpv6.pointer': { name: 'Pointer', type: 'uint32' },
  'icmpv6.echo.identifier': { name: 'Identifier', type: 'uint16', base: 'hex' },
  'icmpv6.echo.sequence_number': { name: 'Sequence', type: 'uint16' },
  'icmpv6.resp_to': { name: 'Response To', type: 'framenum' },
  'icmpv6.resptime': { name: 'Response Time', type: 'double' },
  'icmpv6.nd.ra.cur_hop_limit': { name: 'Cur hop limit', type: 'uint8' },
  'icmpv6.nd.ra.flag': { name: 'Flags', type: 'uint8', base: 'hex' },
  'icmpv6.nd.ra.flag.m': { name: 'Managed address configuration', type: 'boolean', bitmask: 0x80, bitWidth: 8 },
  'icmpv6.nd.ra.flag.o': { name: 'Other configuration', type: 'boolean', bitmask: 0x40, bitWidth: 8 },
  'icmpv6.nd.ra.flag.h': { name: 'Home Agent', type: 'boolean', bitmask: 0x20, bitWidth: 8 },
  'icmpv6.nd.ra.flag.prf': {
    name: 'Prf (Default Router Preference)',
    type: 'uint8',
    bitmask: 0x18,
    bitWidth: 8,
    strings: { 0: 'Medium', 1: 'High', 2: 'Reserved', 3: 'Low' },
  },
  'icmpv6.nd.ra.flag.p': { name: 'Proxy', type: 'boolean', bitmask: 0x04, bitWidth: 8 },
  'icmpv6.nd.ra.flag.rsv': { name: 'Reserved', type: 'uint8', bitmask: 0x03, bitWidth: 8 },
  'icmpv6.nd.ra.router_lifetime': { name: 'Router lifetime (s)', type: 'uint16' },
  'icmpv6.nd.ra.reachable_time': { name: 'Reachable time (ms)', type: 'uint32' },
  'icmpv6.nd.ra.retrans_timer': { name: 'Retrans timer (ms)', type: 'uint32' },
  'icmpv6.nd.ns.target_address': { name: 'Target Address', type: 'ipv6' },
  'icmpv6.nd.na.flag': { name: 'Flags', type: 'uint32', base: 'hex' },
  'icmpv6.nd.na.flag.r': { name: 'Router', type: 'boolean', bitmask: 0x80000000, bitWidth: 32 },
  'icmpv6.nd.na.flag.s': { name: 'Solicited', type: 'boolean', bitmask: 0x40000000, bitWidth: 32 },
  'icmpv6.nd.na.flag.o': { name: 'Override', type: 'boolean', bitmask: 0x20000000, bitWidth: 32 },
  'icmpv6.nd.na.flag.rsv': { name: 'Reserved', type: 'uint32', bitmask: 0x1fffffff, bitWidth: 32 },
  'icmpv6.nd.na.target_address': { name: 'Target Address', type: 'ipv6' },
  'icmpv6.nd.rd.target_address': { name: 'Target Address', type: 'ipv6' },
  'icmpv6.rd.na.destination_address': { name: 'Destination Address', type: 'ipv6' },
  'icmpv6.mld.maximum_response_delay': { name: 'Maximum Response Delay [ms]', type: 'uint16' },
  'icmpv6.mld.multicast_address': { name: 'Multicast Address', type: 'ipv6' },
  'icmpv6.mldr.nb_mcast_records': { name: 'Number of Multicast Address Records', type: 'uint16' },
  'icmpv6.mldr.mar': { name: 'Multicast Address Record', type: 'none' },
  'icmpv6.mldr.mar.record_type': { name: 'Record Type', type: 'uint8', strings: MLDR_RECORD_TYPES },
  'icmpv6.mldr.mar.aux_data_len': { name: 'Aux Data Len', type: 'uint8' },
  'icmpv6.mldr.mar.nb_sources': { name: 'Number of Sources', type: 'uint16' },
  'icmpv6.mldr.mar.multicast_address': { name: 'Multicast Address', type: 'ipv6' },
  'icmpv6.mldr.mar.source_address': { name: 'Source Address', type: 'ipv6' },
  'icmpv6.mldr.mar.auxiliary_data': { name: 'Auxiliary Data', type: 'bytes' },
  'icmpv6.opt': { name: 'ICMPv6 Option', type: 'none' },
  'icmpv6.opt.type': { name: 'Type', type: 'uint8', strings: OPTION_TYPES },
  'icmpv6.opt.length': { name: 'Length', type: 'uint8' },
  'icmpv6.opt.reserved': { name: 'Reserved', type: 'none' },
  'icmpv6.opt.linkaddr': { name: 'Link-layer address', type: 'bytes' },
  'icmpv6.opt.linkaddr_mac': { name: 'Link-layer address', type: 'ether' },
  'icmpv6.opt.src_linkaddr': { name: 'Source Link-layer address', type: 'ether' },
  'icmpv6.opt.target_linkaddr': { name: 'Target Link-layer address', type: 'ether' },
  'icmpv6.opt.mtu': { name: 'MTU', type: 'uint32' },
  'icmpv6.opt.prefix.length': { name: 'Prefix Length', type: 'uint8' },
  'icmpv6.opt.prefix.flag': { name: 'Flag', type: 'uint8', base: 'hex' },
  'icmpv6.opt.prefix.flag.l': { name: 'On-link flag(L)', type: 'boolean', bitmask: 0x80, bitWidth: 8 },
  'icmpv6.opt.prefix.flag.a': {
    name: 'Autonomous address-configuration flag(A)',
    type: 'boolean',
    bitmask: 0x40,
    bitWidth: 8,
  },
  'icmpv6.opt.prefix.flag.r': { name: 'Router address flag(R)', type: 'boolean', bitmask: 0x20, bitWidth: 8 },
  'icmpv6.opt.prefix.flag.reserved': { name: 'Reserved', type: 'uint8', bitmask: 0x1f, bitWidth: 8 },
  'icmpv6.opt.prefix.valid_lifetime': { name: 'Valid Lifetime', type: 'uint32' },
  'icmpv6.opt.prefix.preferred_lifetime': { name: 'Preferred Lifetime', type: 'uint32' },
  'icmpv6.opt.prefix': { name: 'Prefix', type: 'ipv6' },
  'icmpv6.opt.rdnss.lifetime': { name: 'Lifetime', type: 'uint32' },
  'icmpv6.opt.rdnss': { name: 'Recursive DNS Servers', type: 'ipv6' },
});

const ECHO: EchoFields = {
  slot: 'icmpv6',
  respTo: F['icmpv6.resp_to'],
  respToLabel: 'Response To',
  respTime: F['icmpv6.resptime'],
  respTimeLabel: 'Response Time',
};

const CHECKSUM = {
  checksum: F['icmpv6.checksum'],
  status: F['icmpv6.checksum.status'],
  bad: F['icmpv6.checksum_bad.expert'],
};

function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, length: number): number {
  let sum = 0;
  for (let i = 0; i < 16; i += 2) sum += ((src[i]! << 8) | src[i + 1]!) + ((dst[i]! << 8) | dst[i + 1]!);
  return sum + Math.floor(length / 0x10000) + (length & 0xffff) + 58;
}

const hex4 = (v: number) => '0x' + v.toString(16).padStart(4, '0');

export const icmpv6: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const root = t.add(parent, F.icmpv6, offset, length, undefined);
  pkt.protocols.push('icmpv6');
  pkt.cols.protocol = 'ICMPv6';
  clearInfoOnce(pkt);
  if (length < 4) throw new BoundsError(offset, 4, length);
  const type = u8(b, offset);
  const code = u8(b, offset + 1);
  const typeName = TYPES.get(type) ?? `Unknown (${type})`;
  const codes = CODES.get(type);
  const codeName = codes ? (codes.get(code) ?? 'Unknown') : undefined;
  t.add(root, F['icmpv6.type'], offset, 1, type);
  t.add(root, F['icmpv6.code'], offset + 1, 1, code, {
    label: codeName !== undefined ? `Code: ${code} (${codeName})` : `Code: ${code}`,
  });
  const addrs = pkt.net.version === 6 ? [ipv6Bytes(pkt.net.src), ipv6Bytes(pkt.net.dst)] : undefined;
  const initial = addrs ? pseudoHeaderSum(addrs[0]!, addrs[1]!, length) : undefined;
  checksumItems(b, offset, length, pkt, root, CHECKSUM, initial);
  let info = typeName;
  if (codeName !== undefined) info += ` (${codeName})`;
  pkt.cols.info = pkt.fence + info;

  const o = offset + 4;
  const end = offset + length;
  switch (type) {
    case 1:
    case 3:
      t.add(root, F['icmpv6.reserved'], o, 4, slice(b, o, 4));
      break;
    case 2:
      t.add(root, F['icmpv6.mtu'], o, 4, u32(b, o));
      break;
    case 4:
      t.add(root, F['icmpv6.pointer'], o, 4, u32(b, o));
      break;
    case 128:
    case 129: {
      const id = u16(b, o);
      const seq = u16(b, o + 2);
      t.add(root, F['icmpv6.echo.identifier'], o, 2, id);
      t.add(root, F['icmpv6.echo.sequence_number'], o + 2, 2, seq);
      info += ` id=${hex4(id)}, seq=${seq}, hop limit=${pkt.net.ttl}`;
      info += matchEcho(pkt, root, offset, type === 128, id, seq, ECHO);
      pkt.cols.info = pkt.fence + info;
      if (o + 4 < end) dataDissector(b, o + 4, end - o - 4, pkt, root);
      return;
    }
    case 130:
    case 131:
    case 132:
      t.add(root, F['icmpv6.mld.maximum_response_delay'], o, 2, u16(b, o));
      t.add(root, F['icmpv6.reserved'], o + 2, 2, slice(b, o + 2, 2));
      t.add(root, F['icmpv6.mld.multicast_address'], o + 4, 16, ipv6Text(b, o + 4));
      return;
    case 143:
      mldv2Report(b, o, end, pkt, root);
      return;
    case 133: {
      t.add(root, F['icmpv6.reserved'], o, 4, slice(b, o, 4));
      const lla = options(b, o + 4, end, pkt, root);
      if (lla.source) info += ` from ${lla.source}`;
      pkt.cols.info = pkt.fence + info;
      return;
    }
    case 134: {
      routerAdvertHeader(b, o, pkt, root);
      const lla = options(b, o + 12, end, pkt, root);
      if (lla.source) info += ` from ${lla.source}`;
      pkt.cols.info = pkt.fence + info;
      return;
    }
    case 135: {
      t.add(root, F['icmpv6.reserved'], o, 4, slice(b, o, 4));
      const target = ipv6Text(b, o + 4);
      t.add(root, F['icmpv6.nd.ns.target_address'], o + 4, 16, target);
      info += ` for ${target}`;
      const lla = options(b, o + 20, end, pkt, root);
      if (lla.source) info += ` from ${lla.source}`;
      pkt.cols.info = pkt.fence + info;
      return;
    }
    case 136: {
      const flags = u32(b, o);
      const names: string[] = [];
      if (flags & 0x80000000) names.push('Router');
      if (flags & 0x40000000) names.push('Solicited');
      if (flags & 0x20000000) names.push('Override');
      const fl = t.add(root, F['icmpv6.nd.na.flag'], o, 4, flags, {
        label: `Flags: 0x${flags.toString(16).padStart(8, '0')}${names.length ? ', ' + names.join(', ') : ''}`,
      });
      t.add(fl, F['icmpv6.nd.na.flag.r'], o, 4, (flags & 0x80000000) !== 0);
      t.add(fl, F['icmpv6.nd.na.flag.s'], o, 4, (flags & 0x40000000) !== 0);
      t.add(fl, F['icmpv6.nd.na.flag.o'], o, 4, (flags & 0x20000000) !== 0);
      t.add(fl, F['icmpv6.nd.na.flag.rsv'], o, 4, flags & 0x1fffffff);
      const target = ipv6Text(b, o + 4);
      t.add(root, F['icmpv6.nd.na.target_address'], o + 4, 16, target);
      const short: string[] = [];
      if (flags & 0x80000000) short.push('rtr');
      if (flags & 0x40000000) short.push('sol');
      if (flags & 0x20000000) short.push('ovr');
      info += ` ${target} (${short.length ? short.join(', ') : 'none'})`;
      const lla = options(b, o + 20, end, pkt, root);
      if (lla.target) info += ` is at ${lla.target}`;
      pkt.cols.info = pkt.fence + info;
      return;
    }
    case 137:
      t.add(root, F['icmpv6.reserved'], o, 4, slice(b, o, 4));
      t.add(root, F['icmpv6.nd.rd.target_address'], o + 4, 16, ipv6Text(b, o + 4));
      t.add(root, F['icmpv6.rd.na.destination_address'], o + 20, 16, ipv6Text(b, o + 20));
      options(b, o + 36, end, pkt, root);
      return;
    default:
      if (!TYPES.has(type) || type >= 100) {
        addExpert(
          pkt,
          root,
          F['icmpv6.undecoded.expert'],
          o,
          end - o,
          'note',
          'undecoded',
          `Dissector for ICMPv6 Type (${type}) code not implemented, Contact Wireshark developers if you want this supported`,
        );
        if (end > o) t.add(root, F['icmpv6.data'], o, end - o, slice(b, o, end - o));
      } else if (end > o) dataDissector(b, o, end - o, pkt, root);
      return;
  }
  // Error messages quote the datagram that caused them.
  if (o + 4 < end) dissectQuotedDatagram(b, o + 4, end - o - 4, pkt, root, 6);
};

function routerAdvertHeader(b: Uint8Array, o: number, pkt: PacketContext, root: FieldNode): void {
  const t = pkt.tree;
  t.add(root, F['icmpv6.nd.ra.cur_hop_limit'], o, 1, u8(b, o));
  const flags = u8(b, o + 1);
  const prf = (flags >> 3) & 3;
  const parts: string[] = [];
  if (flags & 0x80) parts.push('Managed address configuration');
  if (flags & 0x40) parts.push('Other configuration');
  if (flags & 0x20) parts.push('Home Agent');
  parts.push(`Prf (Default Router Preference): ${['Medium', 'High', 'Reserved', 'Low'][prf]}`);
  if (flags & 0x04) parts.push('Proxy');
  const fl = t.add(root, F['icmpv6.nd.ra.flag'], o + 1, 1, flags, {
    label: `Flags: 0x${flags.toString(16).padStart(2, '0')}, ${parts.join(', ')}`,
  });
  t.add(fl, F['icmpv6.nd.ra.flag.m'], o + 1, 1, (flags & 0x80) !== 0);
  t.add(fl, F['icmpv6.nd.ra.flag.o'], o + 1, 1, (flags & 0x40) !== 0);
  t.add(fl, F['icmpv6.nd.ra.flag.h'], o + 1, 1, (flags & 0x20) !== 0);
  t.add(fl, F['icmpv6.nd.ra.flag.prf'], o + 1, 1, prf);
  t.add(fl, F['icmpv6.nd.ra.flag.p'], o + 1, 1, (flags & 0x04) !== 0);
  t.add(fl, F['icmpv6.nd.ra.flag.rsv'], o + 1, 1, flags & 3);
  t.add(root, F['icmpv6.nd.ra.router_lifetime'], o + 2, 2, u16(b, o + 2));
  t.add(root, F['icmpv6.nd.ra.reachable_time'], o + 4, 4, u32(b, o + 4));
  t.add(root, F['icmpv6.nd.ra.retrans_timer'], o + 8, 4, u32(b, o + 8));
}

interface LinkAddrs {
  source?: string;
  target?: string;
}

/** Neighbour-discovery options; returns the link-layer addresses they carry, for Info. */
function options(b: Uint8Array, o: number, end: number, pkt: PacketContext, root: FieldNode): LinkAddrs {
  const t = pkt.tree;
  const found: LinkAddrs = {};
  while (o + 2 <= end) {
    const type = u8(b, o);
    const units = u8(b, o + 1);
    const len = units * 8;
    if (len === 0) throw new BoundsError(o, 2, 0);
    if (o + len > end) throw new BoundsError(o, len, end - o);
    const name = OPTION_TYPES.get(type) ?? `Unknown (${type})`;
    const opt = t.add(root, F['icmpv6.opt'], o, len, undefined, { label: `ICMPv6 Option (${name})` });
    t.add(opt, F['icmpv6.opt.type'], o, 1, type);
    t.add(opt, F['icmpv6.opt.length'], o + 1, 1, units, { label: `Length: ${units} (${len} bytes)` });
    const v = o + 2;
    switch (type) {
      case 1:
      case 2: {
        if (len === 8) {
          const mac = etherText(b, v);
          t.add(opt, F['icmpv6.opt.linkaddr_mac'], v, 6, mac, { label: `Link-layer address: ${mac}` });
          t.add(opt, type === 1 ? F['icmpv6.opt.src_linkaddr'] : F['icmpv6.opt.target_linkaddr'], v, 6, mac, {
            hidden: true,
          });
          opt.label = `ICMPv6 Option (${name} : ${mac})`;
          if (type === 1) found.source = mac;
          else found.target = mac;
        } else t.add(opt, F['icmpv6.opt.linkaddr'], v, len - 2, slice(b, v, len - 2));
        break;
      }
      case 3: {
        const plen = u8(b, v);
        const flags = u8(b, v + 1);
        t.add(opt, F['icmpv6.opt.prefix.length'], v, 1, plen);
        const names: string[] = [];
        if (flags & 0x80) names.push('On-link flag(L)');
        if (flags & 0x40) names.push('Autonomous address-configuration flag(A)');
        if (flags & 0x20) names.push('Router address flag(R)');
        const fl = t.add(opt, F['icmpv6.opt.prefix.flag'], v + 1, 1, flags, {
          label: `Flag: 0x${flags.toString(16).padStart(2, '0')}${names.length ? ', ' + names.join(', ') : ''}`,
        });
        t.add(fl, F['icmpv6.opt.prefix.flag.l'], v + 1, 1, (flags & 0x80) !== 0);
        t.add(fl, F['icmpv6.opt.prefix.flag.a'], v + 1, 1, (flags & 0x40) !== 0);
        t.add(fl, F['icmpv6.opt.prefix.flag.r'], v + 1, 1, (flags & 0x20) !== 0);
        t.add(fl, F['icmpv6.opt.prefix.flag.reserved'], v + 1, 1, flags & 0x1f);
        t.add(opt, F['icmpv6.opt.prefix.valid_lifetime'], v + 2, 4, u32(b, v + 2));
        t.add(opt, F['icmpv6.opt.prefix.preferred_lifetime'], v + 6, 4, u32(b, v + 6));
        t.add(opt, F['icmpv6.opt.reserved'], v + 10, 4, undefined, { label: 'Reserved' });
        const prefix = ipv6Text(b, v + 14);
        t.add(opt, F['icmpv6.opt.prefix'], v + 14, 16, prefix);
        opt.label = `ICMPv6 Option (${name} : ${prefix}/${plen})`;
        break;
      }
      case 5: {
        const mtu = u32(b, v + 2);
        t.add(opt, F['icmpv6.opt.reserved'], v, 2, undefined, { label: 'Reserved' });
        t.add(opt, F['icmpv6.opt.mtu'], v + 2, 4, mtu);
        opt.label = `ICMPv6 Option (${name} : ${mtu})`;
        break;
      }
      case 25: {
        t.add(opt, F['icmpv6.opt.reserved'], v, 2, undefined, { label: 'Reserved' });
        t.add(opt, F['icmpv6.opt.rdnss.lifetime'], v + 2, 4, u32(b, v + 2));
        const servers: string[] = [];
        for (let p = v + 6; p + 16 <= o + len; p += 16) {
          const a = ipv6Text(b, p);
          t.add(opt, F['icmpv6.opt.rdnss'], p, 16, a);
          servers.push(a);
        }
        opt.label = `ICMPv6 Option (${name} ${servers.join(' ')})`;
        break;
      }
      default:
        if (len > 2) t.add(opt, F['icmpv6.data'], v, len - 2, slice(b, v, len - 2));
    }
    o += len;
  }
  return found;
}

function mldv2Report(b: Uint8Array, o: number, end: number, pkt: PacketContext, root: FieldNode): void {
  const t = pkt.tree;
  t.add(root, F['icmpv6.reserved'], o, 2, slice(b, o, 2));
  const n = u16(b, o + 2);
  t.add(root, F['icmpv6.mldr.nb_mcast_records'], o + 2, 2, n);
  let p = o + 4;
  for (let i = 0; i < n && p < end; i++) {
    const rtype = u8(b, p);
    const aux = u8(b, p + 1);
    const ns = u16(b, p + 2);
    const len = 20 + ns * 16 + aux * 4;
    const addr = ipv6Text(b, p + 4);
    const typeName = F['icmpv6.mldr.mar.record_type'].strings?.get(rtype) ?? 'Unknown';
    const rec = t.add(root, F['icmpv6.mldr.mar'], p, len, undefined, {
      label: `Multicast Address Record ${typeName}: ${addr}`,
    });
    t.add(rec, F['icmpv6.mldr.mar.record_type'], p, 1, rtype);
    t.add(rec, F['icmpv6.mldr.mar.aux_data_len'], p + 1, 1, aux);
    t.add(rec, F['icmpv6.mldr.mar.nb_sources'], p + 2, 2, ns);
    t.add(rec, F['icmpv6.mldr.mar.multicast_address'], p + 4, 16, addr);
    for (let s = 0; s < ns; s++)
      t.add(rec, F['icmpv6.mldr.mar.source_address'], p + 20 + s * 16, 16, ipv6Text(b, p + 20 + s * 16));
    if (aux)
      t.add(rec, F['icmpv6.mldr.mar.auxiliary_data'], p + 20 + ns * 16, aux * 4, slice(b, p + 20 + ns * 16, aux * 4));
    p += len;
  }
}
