/**
 * ICMP (IPv4 protocol 1): type, code, checksum (verified), echo identifier/sequence with request/response matching
 * done in one pass (a reply names its earlier request; a request never names a later reply), and the datagram quoted
 * by error messages. Info as tshark: `Echo (ping) request  id=0x0200, seq=2304/9, ttl=128`.
 */
import { BoundsError, slice, u16, u32, u8 } from '../bytes.ts';
import { ipv4Text } from './addr.ts';
import { clearInfoOnce, type Dissector, type PacketContext } from './context.ts';
import { dataDissector } from './data.ts';
import { declareFields } from './fields.ts';
import {
  checksumItems,
  matchEcho,
  type EchoFields,
  dissectQuotedDatagram,
  packetEpoch,
  relTimeText,
} from './icmp-common.ts';
import type { FieldNode } from './tree.ts';

const TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'Echo (ping) reply'],
  [3, 'Destination unreachable'],
  [4, 'Source quench (flow control)'],
  [5, 'Redirect'],
  [8, 'Echo (ping) request'],
  [9, 'Router advertisement'],
  [10, 'Router solicitation'],
  [11, 'Time-to-live exceeded'],
  [12, 'Parameter problem'],
  [13, 'Timestamp request'],
  [14, 'Timestamp reply'],
  [15, 'Information request'],
  [16, 'Information reply'],
  [17, 'Address mask request'],
  [18, 'Address mask reply'],
  [30, 'Traceroute'],
  [40, 'Photuris'],
  [42, 'Extended Echo request'],
  [43, 'Extended Echo reply'],
]);

const UNKNOWN_TYPE = 'Unknown ICMP (obsolete or malformed?)';

/** Code names for the types that have them; other types show no code in Info. */
const CODES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [
    3,
    new Map([
      [0, 'Network unreachable'],
      [1, 'Host unreachable'],
      [2, 'Protocol unreachable'],
      [3, 'Port unreachable'],
      [4, 'Fragmentation needed'],
      [5, 'Source route failed'],
      [6, 'Destination network unknown'],
      [7, 'Destination host unknown'],
      [8, 'Source host isolated'],
      [9, 'Network administratively prohibited'],
      [10, 'Host administratively prohibited'],
      [11, 'Network unreachable for TOS'],
      [12, 'Host unreachable for TOS'],
      [13, 'Communication administratively filtered'],
      [14, 'Host precedence violation'],
      [15, 'Precedence cutoff in effect'],
    ]),
  ],
  [
    5,
    new Map([
      [0, 'Redirect for network'],
      [1, 'Redirect for host'],
      [2, 'Redirect for TOS and network'],
      [3, 'Redirect for TOS and host'],
    ]),
  ],
  [
    9,
    new Map([
      [0, 'Normal router advertisement'],
      [16, 'Does not route common traffic'],
    ]),
  ],
  [
    11,
    new Map([
      [0, 'Time to live exceeded in transit'],
      [1, 'Fragment reassembly time exceeded'],
    ]),
  ],
  [
    12,
    new Map([
      [0, 'Pointer indicates the error'],
      [1, 'Required option missing'],
      [2, 'Bad length'],
    ]),
  ],
  [
    40,
    new Map([
      [0, 'Bad SPI'],
      [1, 'Authentication Failed'],
      [2, 'Decompression Failed'],
      [3, 'Decryption Failed'],
      [4, 'Need Authentication'],
      [5, 'Need Authorization'],
    ]),
  ],
  [42, new Map([[0, 'No error']])],
  [
    43,
    new Map([
      [0, 'No error'],
      [1, 'Malformed Query'],
      [2, 'No Such Interface'],
      [3, 'No Such Table Entry'],
      [4, 'Multiple Interfaces Satisfy Query'],
    ]),
  ],
]);

/** Types whose header carries an identifier and sequence number (shown in Info with the IP TTL). */
const ID_SEQ_TYPES = new Set([0, 8, 13, 14, 15, 16, 17, 18]);
/** Types that quote the datagram that caused them. */
const ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

const CHECKSUM_STATUS = { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' };

const F = declareFields({
  icmp: { name: 'Internet Control Message Protocol', type: 'protocol' },
  'icmp.type': { name: 'Type', type: 'uint8' },
  'icmp.code': { name: 'Code', type: 'uint8' },
  'icmp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex' },
  'icmp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: CHECKSUM_STATUS },
  'icmp.checksum_bad': { name: 'Bad checksum', type: 'none' },
  'icmp.unused': { name: 'Unused', type: 'bytes' },
  'icmp.ident': {
    name: 'Identifier (BE)',
    type: 'uint16',
    base: 'dec_hex',
    description: 'Identifier (big endian representation)',
  },
  'icmp.ident_le': {
    name: 'Identifier (LE)',
    type: 'uint16',
    base: 'dec_hex',
    description: 'Identifier (little endian representation)',
  },
  'icmp.seq': {
    name: 'Sequence Number (BE)',
    type: 'uint16',
    base: 'dec_hex',
    description: 'Sequence Number (big endian representation)',
  },
  'icmp.seq_le': {
    name: 'Sequence Number (LE)',
    type: 'uint16',
    base: 'dec_hex',
    description: 'Sequence Number (little endian representation)',
  },
  'icmp.mtu': { name: 'MTU of next hop', type: 'uint16' },
  'icmp.pointer': { name: 'Pointer', type: 'uint32' },
  'icmp.redir_gw': { name: 'Gateway Address', type: 'ipv4' },
  'icmp.num_addrs': { name: 'Number of addresses', type: 'uint8' },
  'icmp.addr_entry_size': { name: 'Address entry size', type: 'uint8' },
  'icmp.lifetime': { name: 'Lifetime', type: 'uint16' },
  'icmp.router_address': { name: 'Router address', type: 'ipv4' },
  'icmp.pref_level': { name: 'Preference level', type: 'int32' },
  'icmp.originate_timestamp': { name: 'Originate Timestamp', type: 'uint32' },
  'icmp.receive_timestamp': { name: 'Receive Timestamp', type: 'uint32' },
  'icmp.transmit_timestamp': { name: 'Transmit Timestamp', type: 'uint32' },
  'icmp.address_mask': { name: 'Address Mask', type: 'ipv4' },
  'icmp.resp_to': {
    name: 'Request frame',
    type: 'framenum',
    description: 'The frame number of the corresponding request',
  },
  'icmp.resptime': {
    name: 'Response time',
    type: 'double',
    description: 'The time between the request and the response, in ms.',
  },
  'icmp.data_time': {
    name: 'Timestamp from icmp data',
    type: 'abstime',
    description: 'The timestamp in the first 8 bytes of the icmp data',
  },
  'icmp.data_time_relative': {
    name: 'Timestamp from icmp data (relative)',
    type: 'reltime',
    description: 'The timestamp of the packet, relative to the timestamp in the first 8 bytes of the icmp data',
  },
});

const ECHO: EchoFields = {
  slot: 'icmp',
  respTo: F['icmp.resp_to'],
  respToLabel: 'Request frame',
  respTime: F['icmp.resptime'],
  respTimeLabel: 'Response time',
};

const CHECKSUM = { checksum: F['icmp.checksum'], status: F['icmp.checksum.status'], bad: F['icmp.checksum_bad'] };

function swap16(v: number): number {
  return ((v & 0xff) << 8) | (v >> 8);
}

/** Milliseconds since midnight UTC as Wireshark words it: `1 second`, `2.001 seconds`, `1 hour, 2 minutes, 3 seconds`. */
function msSinceMidnight(ms: number): string {
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const frac = ms % 1000;
  const parts: string[] = [];
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (frac) parts.push(`${s}.${String(frac).padStart(3, '0')} seconds`);
  else if (s || !parts.length) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export const icmp: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const root = t.add(parent, F.icmp, offset, length, undefined);
  pkt.protocols.push('icmp');
  pkt.cols.protocol = 'ICMP';
  clearInfoOnce(pkt);
  // Wireshark reads the four header bytes as one before showing any of them.
  if (length < 4) throw new BoundsError(offset, 4, length);
  const type = u8(b, offset);
  const code = u8(b, offset + 1);
  let typeName = TYPES.get(type) ?? UNKNOWN_TYPE;
  if (type === 9 && (code === 0 || code === 16)) typeName = 'Mobile IP Advertisement';
  const codes = CODES.get(type);
  const codeName = codes ? (codes.get(code) ?? `Unknown code: ${code}`) : undefined;
  let info = typeName.padEnd(20);
  if (codeName !== undefined) info += ` (${codeName})`;

  t.add(root, F['icmp.type'], offset, 1, type, { label: `Type: ${type} (${typeName})` });
  t.add(root, F['icmp.code'], offset + 1, 1, code, {
    label: codeName !== undefined && codes?.has(code) ? `Code: ${code} (${codeName})` : `Code: ${code}`,
  });
  checksumItems(b, offset, length, pkt, root, CHECKSUM, 0);

  let o = offset + 4;
  const end = offset + length;
  if (ID_SEQ_TYPES.has(type)) {
    const id = u16(b, o);
    const seq = u16(b, o + 2);
    t.add(root, F['icmp.ident'], o, 2, id);
    t.add(root, F['icmp.ident_le'], o, 2, swap16(id));
    t.add(root, F['icmp.seq'], o + 2, 2, seq);
    t.add(root, F['icmp.seq_le'], o + 2, 2, swap16(seq));
    info += ` id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}/${swap16(seq)}, ttl=${pkt.net.ttl}`;
    o += 4;
    if (type === 8 || type === 0) info += matchEcho(pkt, root, offset, type === 8, id, seq, ECHO);
  }
  pkt.cols.info = pkt.fence + info;

  switch (type) {
    case 0:
    case 8:
      echoData(b, o, end - o, pkt, root);
      return;
    case 13:
    case 14: {
      const names = ['icmp.originate_timestamp', 'icmp.receive_timestamp', 'icmp.transmit_timestamp'] as const;
      for (const [i, name] of names.entries()) {
        const v = u32(b, o + 4 * i);
        t.add(root, F[name], o + 4 * i, 4, v, {
          label: `${F[name].name}: ${v} (${msSinceMidnight(v)} after midnight UTC)`,
        });
      }
      return;
    }
    case 17:
    case 18:
      t.add(root, F['icmp.address_mask'], o, 4, ipv4Text(b, o), { label: `Address Mask: ${ipv4Text(b, o)}` });
      return;
    case 9:
      routerAdvert(b, offset, end, pkt, root);
      return;
  }
  if (!ERROR_TYPES.has(type)) return;
  // Error messages: four type-specific bytes, then the quoted datagram.
  if (type === 3 && code === 4) {
    t.add(root, F['icmp.unused'], o, 2, slice(b, o, 2));
    t.add(root, F['icmp.mtu'], o + 2, 2, u16(b, o + 2));
  } else if (type === 5) {
    t.add(root, F['icmp.redir_gw'], o, 4, ipv4Text(b, o));
  } else if (type === 12) {
    t.add(root, F['icmp.pointer'], o, 1, u8(b, o));
    t.add(root, F['icmp.unused'], o + 1, 3, slice(b, o + 1, 3));
  } else if (type !== 4) {
    t.add(root, F['icmp.unused'], o, 4, slice(b, o, 4));
  }
  o += 4;
  if (o < end) dissectQuotedDatagram(b, o, end - o, pkt, root, 4);
};

/** Echo data, led by the sender's timestamp when its first 8 bytes read as one close to this packet's time. */
function echoData(b: Uint8Array, o: number, len: number, pkt: PacketContext, root: FieldNode): void {
  if (len <= 0) return;
  // The timestamp only changes tree items, and the packet time is read back from the tree.
  const epoch = pkt.tree.build ? packetEpoch(pkt) : undefined;
  if (len >= 8 && epoch) {
    const near = (s: number, us: number) => Math.abs(s - epoch.sec) < 86400 && us < 1_000_000;
    let sec = u32(b, o);
    let usec = u32(b, o + 4);
    if (!near(sec, usec)) {
      sec = (b[o + 3]! << 24) + ((b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!);
      sec >>>= 0;
      usec = ((b[o + 7]! << 24) + ((b[o + 6]! << 16) | (b[o + 5]! << 8) | b[o + 4]!)) >>> 0;
    }
    if (near(sec, usec)) {
      const t = pkt.tree;
      t.add(root, F['icmp.data_time'], o, 8, absTime(sec, usec * 1000));
      const rel = (epoch.sec - sec) * 1e9 + (epoch.nsec - usec * 1000);
      t.add(root, F['icmp.data_time_relative'], o, 8, relTimeText(rel), {
        generated: true,
        label: `[Timestamp from icmp data (relative): ${relTimeText(rel)} seconds]`,
      });
      o += 8;
      len -= 8;
    }
  }
  dataDissector(b, o, len, pkt, root);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function absTime(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (
    `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}, ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(nsec).padStart(9, '0')} UTC`
  );
}

function routerAdvert(b: Uint8Array, offset: number, end: number, pkt: PacketContext, root: FieldNode): void {
  const t = pkt.tree;
  const n = u8(b, offset + 4);
  const size = u8(b, offset + 5);
  const life = u16(b, offset + 6);
  t.add(root, F['icmp.num_addrs'], offset + 4, 1, n);
  t.add(root, F['icmp.addr_entry_size'], offset + 5, 1, size);
  t.add(root, F['icmp.lifetime'], offset + 6, 2, life, { label: `Lifetime: ${life} (${durationWords(life)})` });
  let o = offset + 8;
  for (let i = 0; i < n; i++) {
    if (o + 8 > end) throw new BoundsError(o, 8, end - o);
    t.add(root, F['icmp.router_address'], o, 4, ipv4Text(b, o));
    t.add(root, F['icmp.pref_level'], o + 4, 4, u32(b, o + 4) | 0);
    o += 8;
  }
}

function durationWords(secs: number): string {
  const parts: string[] = [];
  const unit = (v: number, w: string) => parts.push(`${v} ${w}${v === 1 ? '' : 's'}`);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  if (h) unit(h, 'hour');
  if (m) unit(m, 'minute');
  if (s || !parts.length) unit(s, 'second');
  return parts.join(', ');
}
