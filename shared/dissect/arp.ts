/**
 * ARP and RARP (EtherTypes 0x0806 and 0x8035): addresses, the gratuitous/probe/announcement forms, duplicate IP
 * detection across the capture, and tshark's Info (`Who has 192.168.1.136? Tell 192.168.1.1`).
 */
import { BoundsError, slice, u16, u8 } from '../bytes.ts';
import { etherText, ipv4Text } from './addr.ts';
import { clearInfoOnce, type Dissector, type PacketContext } from './context.ts';
import { addExpert } from './expert.ts';
import { declareFields } from './fields.ts';
import { etherTypeNames } from './tables.ts';

const OPCODES: ReadonlyMap<number, string> = new Map([
  [0, 'reserved'],
  [1, 'request'],
  [2, 'reply'],
  [3, 'reverse request'],
  [4, 'reverse reply'],
  [5, 'drarp request'],
  [6, 'drarp reply'],
  [7, 'drarp error'],
  [8, 'inverse request'],
  [9, 'inverse reply'],
  [10, 'arp nak'],
  [11, 'mars request'],
  [12, 'mars multi'],
  [13, 'mars mserv'],
  [14, 'mars join'],
  [15, 'mars leave'],
  [16, 'mars nak'],
  [17, 'mars unserv'],
  [18, 'mars sjoin'],
  [19, 'mars sleave'],
  [20, 'mars grouplist request'],
  [21, 'mars grouplist reply'],
  [22, 'mars redirect map'],
  [23, 'mapos unarp'],
  [24, 'experimental 1'],
  [25, 'experimental 2'],
  [65535, 'reserved'],
]);

const HW_TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'NET/ROM pseudo'],
  [1, 'Ethernet'],
  [2, 'Experimental Ethernet'],
  [3, 'AX.25'],
  [4, 'ProNET'],
  [5, 'Chaos'],
  [6, 'IEEE 802'],
  [7, 'ARCNET'],
  [8, 'Hyperchannel'],
  [9, 'Lanstar'],
  [10, 'Autonet Short Address'],
  [11, 'Localtalk'],
  [12, 'LocalNet'],
  [13, 'Ultra link'],
  [14, 'SMDS'],
  [15, 'Frame Relay DLCI'],
  [16, 'ATM'],
  [17, 'HDLC'],
  [18, 'Fibre Channel'],
  [19, 'ATM (RFC 2225)'],
  [20, 'Serial Line'],
  [21, 'ATM'],
  [22, 'MIL-STD-188-220'],
  [23, 'Metricom STRIP'],
  [24, 'IEEE 1394.1995'],
  [25, 'MAPOS'],
  [26, 'Twinaxial'],
  [27, 'EUI-64'],
  [28, 'HIPARP'],
  [29, 'IP and ARP over ISO 7816-3'],
  [30, 'ARPSec'],
  [31, 'IPsec tunnel'],
  [32, 'InfiniBand'],
  [33, 'TIA-102 Project 25 CAI'],
  [34, 'Wiegand Interface'],
  [35, 'Pure IP'],
  [36, 'Experimental 1'],
  [37, 'HFI'],
  [256, 'Experimental 2'],
  [772, 'Loopback'],
  [774, 'Fiber Distributed Data Interface'],
  [801, 'IEEE 802.11'],
]);

const F = declareFields({
  arp: { name: 'Address Resolution Protocol', type: 'protocol' },
  'arp.hw.type': { name: 'Hardware type', type: 'uint16', strings: HW_TYPES },
  'arp.proto.type': { name: 'Protocol type', type: 'uint16', base: 'hex', strings: etherTypeNames },
  'arp.hw.size': { name: 'Hardware size', type: 'uint8' },
  'arp.proto.size': { name: 'Protocol size', type: 'uint8' },
  'arp.opcode': { name: 'Opcode', type: 'uint16', strings: OPCODES },
  'arp.isgratuitous': { name: 'Is gratuitous', type: 'boolean' },
  'arp.isprobe': { name: 'Is probe', type: 'boolean' },
  'arp.isannouncement': { name: 'Is announcement', type: 'boolean' },
  'arp.src.hw': { name: 'Sender hardware address', type: 'bytes' },
  'arp.src.hw_mac': { name: 'Sender MAC address', type: 'ether' },
  'arp.src.proto': { name: 'Sender protocol address', type: 'bytes' },
  'arp.src.proto_ipv4': { name: 'Sender IP address', type: 'ipv4' },
  'arp.dst.hw': { name: 'Target hardware address', type: 'bytes' },
  'arp.dst.hw_mac': { name: 'Target MAC address', type: 'ether' },
  'arp.dst.proto': { name: 'Target protocol address', type: 'bytes' },
  'arp.dst.proto_ipv4': { name: 'Target IP address', type: 'ipv4' },
  'arp.duplicate-address-detected': { name: 'Duplicate IP address configured', type: 'none' },
  'arp.duplicate-address-frame': { name: 'Frame showing earlier use of IP address', type: 'framenum' },
  'arp.seconds-since-duplicate-address-frame': { name: 'Seconds since earlier frame seen', type: 'uint32' },
});

interface Binding {
  mac: string;
  frame: number;
  ns: number;
}

/** IPv4 address → the MAC address and frame it was last announced with. */
function bindings(pkt: PacketContext): Map<string, Binding> {
  let s = pkt.state.slots.get('arp') as Map<string, Binding> | undefined;
  if (!s) {
    s = new Map();
    pkt.state.slots.set('arp', s);
  }
  return s;
}

function allZero(b: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[o + i] !== 0) return false;
  return true;
}

function sameBytes(b: Uint8Array, a: number, c: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[a + i] !== b[c + i]) return false;
  return true;
}

function hexColon(b: Uint8Array, o: number, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(b[o + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

export const arp: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const htype = u16(b, offset);
  const ptype = u16(b, offset + 2);
  const hlen = u8(b, offset + 4);
  const plen = u8(b, offset + 5);
  const op = u16(b, offset + 6);
  const total = 8 + 2 * hlen + 2 * plen;
  const root = t.add(parent, F.arp, offset, Math.min(total, length), undefined);
  pkt.protocols.push('arp');
  pkt.cols.protocol =
    op === 3 || op === 4 || (op >= 5 && op <= 7) ? 'RARP' : op === 8 || op === 9 ? 'Inverse ARP' : 'ARP';
  clearInfoOnce(pkt);
  t.add(root, F['arp.hw.type'], offset, 2, htype);
  t.add(root, F['arp.proto.type'], offset + 2, 2, ptype);
  t.add(root, F['arp.hw.size'], offset + 4, 1, hlen);
  t.add(root, F['arp.proto.size'], offset + 5, 1, plen);
  t.add(root, F['arp.opcode'], offset + 6, 2, op);
  // All four addresses must be there before any is shown.
  if (total > length) throw new BoundsError(offset, total, length);

  const sha = offset + 8;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  const isMac = hlen === 6;
  const isIp = ptype === 0x0800 && plen === 4;
  const hw = (o: number) => (isMac ? etherText(b, o) : hexColon(b, o, hlen));
  const proto = (o: number) => (isIp ? ipv4Text(b, o) : hexColon(b, o, plen));

  const samePa = plen > 0 && sameBytes(b, spa, tpa, plen);
  const gratuitous = (op === 1 || op === 2) && samePa;
  const probe = op === 1 && allZero(b, spa, plen) && allZero(b, tha, hlen);
  const announcement = op === 1 && samePa && allZero(b, tha, hlen);
  let kind = OPCODES.get(op) ?? 'Unknown';
  if (probe) kind = 'ARP Probe';
  else if (announcement) kind = 'ARP Announcement';
  else if (gratuitous) kind += '/gratuitous ARP';
  root.label = `Address Resolution Protocol (${kind})`;
  if (gratuitous)
    t.add(root, F['arp.isgratuitous'], offset, 0, true, { generated: true, label: '[Is gratuitous: True]' });
  if (probe) t.add(root, F['arp.isprobe'], offset, 0, true, { generated: true, label: '[Is probe: True]' });
  if (announcement)
    t.add(root, F['arp.isannouncement'], offset, 0, true, { generated: true, label: '[Is announcement: True]' });

  if (isMac) t.add(root, F['arp.src.hw_mac'], sha, 6, etherText(b, sha));
  else t.add(root, F['arp.src.hw'], sha, hlen, slice(b, sha, hlen));
  if (isIp) t.add(root, F['arp.src.proto_ipv4'], spa, 4, ipv4Text(b, spa));
  else t.add(root, F['arp.src.proto'], spa, plen, slice(b, spa, plen));
  if (isMac) t.add(root, F['arp.dst.hw_mac'], tha, 6, etherText(b, tha));
  else t.add(root, F['arp.dst.hw'], tha, hlen, slice(b, tha, hlen));
  if (isIp) t.add(root, F['arp.dst.proto_ipv4'], tpa, 4, ipv4Text(b, tpa));
  else t.add(root, F['arp.dst.proto'], tpa, plen, slice(b, tpa, plen));

  let info: string;
  switch (op) {
    case 1:
      if (probe) info = `Who has ${proto(tpa)}? (ARP Probe)`;
      else if (announcement) info = `ARP Announcement for ${proto(spa)}`;
      else if (gratuitous) info = `Gratuitous ARP for ${proto(spa)} (Request)`;
      else info = `Who has ${proto(tpa)}? Tell ${proto(spa)}`;
      break;
    case 2:
      info = gratuitous ? `Gratuitous ARP for ${proto(spa)} (Reply)` : `${proto(spa)} is at ${hw(sha)}`;
      break;
    case 3:
    case 8:
      info = `Who is ${hw(tha)}? Tell ${hw(sha)}`;
      break;
    case 4:
      info = `${hw(tha)} is at ${proto(tpa)}`;
      break;
    case 9:
      info = `${hw(sha)} is at ${proto(spa)}`;
      break;
    default:
      info = `Unknown ARP opcode 0x${op.toString(16).padStart(4, '0')}`;
  }
  pkt.cols.info = pkt.fence + info;

  if (isMac && isIp && !allZero(b, spa, 4)) duplicateCheck(pkt, ipv4Text(b, spa), etherText(b, sha), offset);
};

/** An IPv4 address announced with a different MAC address than before is reported (tshark's default). */
function duplicateCheck(pkt: PacketContext, ip: string, mac: string, offset: number): void {
  const map = bindings(pkt);
  const prev = map.get(ip);
  if (!prev || prev.frame === pkt.number) {
    map.set(ip, { mac, frame: pkt.number, ns: pkt.relNs });
    return;
  }
  if (prev.mac === mac) return;
  const t = pkt.tree;
  const node = t.add(null, F['arp.duplicate-address-detected'], offset, 0, undefined, {
    label: `[Duplicate IP address detected for ${ip} (${mac}) - also in use by ${prev.mac} (frame ${prev.frame})]`,
  });
  const fr = t.add(node, F['arp.duplicate-address-frame'], offset, 0, prev.frame, {
    generated: true,
    label: `[Frame showing earlier use of IP address: ${prev.frame}]`,
  });
  addExpert(
    pkt,
    fr,
    F['arp.duplicate-address-detected'],
    offset,
    0,
    'warn',
    'sequence',
    `Duplicate IP address configured (${ip})`,
  );
  const secs = Math.floor((pkt.relNs - prev.ns) / 1e9);
  t.add(node, F['arp.seconds-since-duplicate-address-frame'], offset, 0, secs, {
    generated: true,
    label: `[Seconds since earlier frame seen: ${secs}]`,
  });
}
