/**
 * How deep a dissection must go for a set of fields: a filter on frame fields needs no dissector at all, one on
 * link/network/transport headers stops before reassembly and the application protocols, and one on TCP fields that
 * each segment's own header gives ('headers') needs no TCP conversation, analysis or reassembly state either.
 */
export type Depth = 'frame' | 'headers' | 'transport' | 'all';

/** TCP fields read from the segment's own header, the same whatever came before it. */
const STATELESS_TCP = new Set([
  'tcp',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.port',
  'tcp.len',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.hdr_len',
  'tcp.flags',
  'tcp.flags.res',
  'tcp.flags.ae',
  'tcp.flags.cwr',
  'tcp.flags.ecn',
  'tcp.flags.urg',
  'tcp.flags.ack',
  'tcp.flags.push',
  'tcp.flags.reset',
  'tcp.flags.syn',
  'tcp.flags.fin',
  'tcp.flags.str',
  'tcp.window_size_value',
  'tcp.checksum',
  'tcp.urgent_pointer',
]);

const HEADER_PROTOCOLS = new Set(['eth', 'vlan', 'sll', 'null', 'fddi', 'llc', 'ip', 'ipv6', 'tcp', 'udp']);

export function depthFor(fields: Iterable<string>): Depth {
  let depth: Depth = 'frame';
  let stateful = false;
  for (const f of fields) {
    const proto = f.split('.', 1)[0]!;
    if (proto === 'frame' && f !== 'frame.protocols') continue;
    if (
      HEADER_PROTOCOLS.has(proto) &&
      !f.startsWith('tcp.payload') &&
      !f.startsWith('tcp.segment') &&
      !f.startsWith('tcp.reassembled') &&
      f !== 'tcp.pdu.size' &&
      !f.startsWith('udp.payload')
    ) {
      depth = 'transport';
      if (proto === 'tcp' && !STATELESS_TCP.has(f)) stateful = true;
      if (proto === 'udp') stateful = true;
    } else return 'all';
  }
  return depth === 'transport' && !stateful ? 'headers' : depth;
}
