/** UDP: header, udp.stream, and the payload handed to the protocol registered for either port. */
import { slice, u16 } from '../bytes.ts';
import type { Dissector, PacketContext } from './context.ts';
import { dataDissector } from './data.ts';
import { declareFields } from './fields.ts';
import { udpHeuristics, udpPorts } from './tables.ts';

const F = declareFields({
  udp: { name: 'User Datagram Protocol', type: 'protocol' },
  'udp.srcport': { name: 'Source Port', type: 'uint16' },
  'udp.dstport': { name: 'Destination Port', type: 'uint16' },
  'udp.port': { name: 'Source or Destination Port', type: 'uint16' },
  'udp.length': { name: 'Length', type: 'uint16' },
  'udp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex' },
  'udp.checksum.status': {
    name: 'Checksum Status',
    type: 'uint8',
    strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' },
  },
  'udp.stream': { name: 'Stream index', type: 'uint32' },
  'udp.payload': { name: 'UDP payload', type: 'bytes' },
});

interface UdpState {
  streams: Map<string, number>;
}

function streamIndex(pkt: PacketContext, srcPort: number, dstPort: number): number {
  let s = pkt.state.slots.get('udp') as UdpState | undefined;
  if (!s) {
    s = { streams: new Map() };
    pkt.state.slots.set('udp', s);
  }
  const a = `${pkt.net.src}:${srcPort}`;
  const z = `${pkt.net.dst}:${dstPort}`;
  const key = a < z ? `${a}|${z}` : `${z}|${a}`;
  let n = s.streams.get(key);
  if (n === undefined) {
    n = pkt.state.nextUdpStream++;
    s.streams.set(key, n);
  }
  pkt.conversation = `udp ${key}`;
  pkt.stream = n;
  return n;
}

export const udp: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const srcPort = u16(b, offset);
  const dstPort = u16(b, offset + 2);
  const ulen = u16(b, offset + 4);
  const root = t.add(parent, F.udp, offset, 8, undefined, {
    label: `User Datagram Protocol, Src Port: ${srcPort}, Dst Port: ${dstPort}`,
  });
  pkt.protocols.push('udp');
  pkt.cols.protocol = 'UDP';
  pkt.srcPort = srcPort;
  pkt.dstPort = dstPort;
  t.add(root, F['udp.srcport'], offset, 2, srcPort);
  t.add(root, F['udp.dstport'], offset + 2, 2, dstPort);
  t.add(root, F['udp.port'], offset, 2, srcPort, { hidden: true });
  t.add(root, F['udp.port'], offset + 2, 2, dstPort, { hidden: true });
  t.add(root, F['udp.length'], offset + 4, 2, ulen);
  t.add(root, F['udp.checksum'], offset + 6, 2, u16(b, offset + 6));
  t.add(root, F['udp.checksum.status'], offset + 6, 0, 2, { generated: true });
  t.add(root, F['udp.stream'], offset, 0, streamIndex(pkt, srcPort, dstPort));
  const payloadLen = Math.min(ulen, length) - 8;
  pkt.cols.info = `${srcPort} → ${dstPort} Len=${Math.max(0, ulen - 8)}`;
  if (ulen < 8) {
    pkt.malformed = true;
    pkt.notes.push({ severity: 'error', group: 'malformed', message: `Bad length value ${ulen} < 8` });
    return;
  }
  if (payloadLen <= 0 || pkt.depth === 'transport') return;
  const avail = Math.min(payloadLen, b.length - offset - 8);
  t.add(root, F['udp.payload'], offset + 8, avail, slice(b, offset + 8, avail), {
    label: `UDP payload (${avail} byte${avail === 1 ? '' : 's'})`,
  });
  const lo = Math.min(srcPort, dstPort);
  const hi = Math.max(srcPort, dstPort);
  const d = udpPorts.get(lo) ?? udpPorts.get(hi);
  if (d) d(b, offset + 8, avail, pkt, parent);
  else if (!udpHeuristics.some((h) => h(b, offset + 8, avail, pkt, parent)))
    dataDissector(b, offset + 8, avail, pkt, parent);
};
