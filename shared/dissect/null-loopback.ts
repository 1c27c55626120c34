/** BSD loopback (DLT_NULL in host byte order, DLT_LOOP in network order) and raw IP link types. */
import { u32, u32le, u8 } from '../bytes.ts';
import type { Dissector } from './context.ts';
import { etherPayload } from './ethernet.ts';
import { declareFields } from './fields.ts';

const families = {
  2: 'IP',
  24: 'IPv6',
  28: 'IPv6',
  30: 'IPv6',
};

const F = declareFields({
  null: { name: 'Null/Loopback', type: 'protocol' },
  'null.family': { name: 'Family', type: 'uint32', strings: families },
});

function familyToEtherType(family: number): number {
  if (family === 2) return 0x0800;
  if (family === 24 || family === 28 || family === 30 || family === 10) return 0x86dd;
  return -1;
}

function loopback(networkOrder: boolean): Dissector {
  return (b, offset, length, pkt, parent) => {
    const t = pkt.tree;
    const root = t.add(parent, F.null, offset, 4, undefined);
    pkt.protocols.push('null');
    // DLT_NULL is in the capturing host's byte order: pick the reading that gives a small value.
    let family = networkOrder ? u32(b, offset) : u32le(b, offset);
    if (!networkOrder && family > 0xffff) family = u32(b, offset);
    t.add(root, F['null.family'], offset, 4, family);
    pkt.cols.protocol = 'NULL';
    etherPayload(familyToEtherType(family), b, offset + 4, length - 4, pkt, parent);
  };
}

export const nullLoopback = loopback(false);
export const loopLoopback = loopback(true);

/** Raw IP: the version nibble says IPv4 or IPv6. */
export const rawIp: Dissector = (b, offset, length, pkt, parent) => {
  pkt.protocols.push('raw');
  const v = u8(b, offset) >> 4;
  etherPayload(v === 6 ? 0x86dd : 0x0800, b, offset, length, pkt, parent);
};
