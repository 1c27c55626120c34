/**
 * How deep a dissection must go for a set of fields: a filter on frame fields needs no dissector at all, one on
 * link/network/transport headers stops before reassembly and the application protocols.
 */
export type Depth = 'frame' | 'transport' | 'all';

const HEADER_PROTOCOLS = new Set(['eth', 'vlan', 'sll', 'null', 'fddi', 'llc', 'ip', 'ipv6', 'tcp', 'udp']);

export function depthFor(fields: Iterable<string>): Depth {
  let depth: Depth = 'frame';
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
    )
      depth = 'transport';
    else return 'all';
  }
  return depth;
}
