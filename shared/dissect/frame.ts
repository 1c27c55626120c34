/** The `frame` pseudo-protocol: number, lengths and times of the captured record. */
import { declareFields } from './fields.ts';
import type { PacketContext } from './context.ts';
import type { FieldNode, FieldTree } from './tree.ts';

/** Wireshark's encapsulation numbers and names (WTAP_ENCAP_*) for the link types whose numbers differ or are named. */
const ENCAP_OF_LINKTYPE: ReadonlyMap<number, number> = new Map([
  [1, 1],
  [113, 25],
]);
const ENCAP_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Ethernet'],
  [25, 'Linux cooked-mode capture v1'],
]);

/** frame.encap_type of a record's link type (the link type itself where no mapping is known). */
function encapType(linkType: number): number {
  return ENCAP_OF_LINKTYPE.get(linkType) ?? linkType;
}

export const F = declareFields({
  frame: { name: 'Frame', type: 'protocol' },
  'frame.number': { name: 'Frame Number', type: 'framenum' },
  'frame.len': { name: 'Frame Length', type: 'uint32' },
  'frame.cap_len': { name: 'Capture Length', type: 'uint32' },
  'frame.time': { name: 'Arrival Time', type: 'abstime' },
  'frame.time_epoch': { name: 'Epoch Time', type: 'reltime' },
  'frame.time_relative': { name: 'Time since reference or first frame', type: 'reltime' },
  'frame.time_delta': { name: 'Time delta from previous captured frame', type: 'reltime' },
  'frame.interface_id': { name: 'Interface id', type: 'uint32' },
  'frame.encap_type': { name: 'Encapsulation type', type: 'int32', strings: ENCAP_NAMES },
  'frame.protocols': { name: 'Protocols in frame', type: 'string' },
  'frame.marked': { name: 'Frame is marked', type: 'boolean' },
  'frame.ignored': { name: 'Frame is ignored', type: 'boolean' },
  'frame.offset_shift': { name: 'Time shift for this packet', type: 'reltime' },
  'frame.time_delta_displayed': { name: 'Time delta from previous displayed frame', type: 'reltime' },
  _ws: { name: 'Wireshark internal', type: 'protocol' },
  '_ws.malformed': { name: 'Malformed Packet', type: 'protocol' },
  '_ws.expert': { name: 'Expert Info', type: 'none' },
  '_ws.expert.message': { name: 'Message', type: 'string' },
});

export interface FrameTimes {
  /** Seconds and nanoseconds: absolute, since the first packet, since the previous packet. */
  absSec: number;
  absNsec: number;
  relSec: number;
  relNsec: number;
  deltaSec: number;
  deltaNsec: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An absolute time as tshark prints frame.time in UTC: `Apr  5, 2017 15:51:47.911589000 UTC` (day padded like %e). */
export function absTimeText(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(
    d.getUTCSeconds(),
  )}.${String(nsec).padStart(9, '0')} UTC`;
}

/** `S.NNNNNNNNN` as tshark prints relative times in -T fields. */
export function timeText(sec: number, nsec: number, digits = 9): string {
  let s = sec;
  let n = nsec;
  let neg = false;
  if (s < 0 || (s === 0 && n < 0)) {
    neg = true;
    s = -s;
    n = -n;
    if (n < 0) {
      s -= 1;
      n += 1_000_000_000;
    }
  }
  const frac = String(n).padStart(9, '0').slice(0, digits);
  return `${neg ? '-' : ''}${s}${digits ? '.' + frac : ''}`;
}

export function dissectFrame(
  pkt: PacketContext,
  caplen: number,
  origlen: number,
  t: FrameTimes,
  interfaceId: number,
  linkType: number,
): FieldNode {
  const tree = pkt.tree;
  if (!tree.labels) return frameFieldsOnly(tree, pkt.number, caplen, origlen, t, interfaceId, linkType);
  const root = tree.add(null, F.frame, 0, caplen, undefined, { label: frameLabel(pkt.number, caplen, origlen) });
  tree.add(root, F['frame.interface_id'], 0, 0, interfaceId);
  tree.add(root, F['frame.encap_type'], 0, 0, encapType(linkType));
  const arrival = absTimeText(t.absSec, t.absNsec);
  tree.add(root, F['frame.time'], 0, 0, arrival, { label: `Arrival Time: ${arrival}` });
  const gen = { generated: true };
  tree.add(root, F['frame.offset_shift'], 0, 0, '0.000000000', {
    ...gen,
    label: '[Time shift for this packet: 0.000000000 seconds]',
  });
  tree.add(root, F['frame.time_epoch'], 0, 0, timeText(t.absSec, t.absNsec), {
    label: `Epoch Time: ${timeText(t.absSec, t.absNsec)} seconds`,
  });
  const delta = timeText(t.deltaSec, t.deltaNsec);
  tree.add(root, F['frame.time_delta'], 0, 0, delta, {
    ...gen,
    label: `[Time delta from previous captured frame: ${delta} seconds]`,
  });
  // Every frame is displayed when dissecting in order (tshark's -Y would measure from the previous one shown).
  tree.add(root, F['frame.time_delta_displayed'], 0, 0, delta, {
    ...gen,
    label: `[Time delta from previous displayed frame: ${delta} seconds]`,
  });
  tree.add(root, F['frame.time_relative'], 0, 0, timeText(t.relSec, t.relNsec), {
    ...gen,
    label: `[Time since reference or first frame: ${timeText(t.relSec, t.relNsec)} seconds]`,
  });
  tree.add(root, F['frame.number'], 0, 0, pkt.number);
  tree.add(root, F['frame.len'], 0, 0, origlen, {
    label: `Frame Length: ${origlen} bytes (${origlen * 8} bits)`,
  });
  tree.add(root, F['frame.cap_len'], 0, 0, caplen, {
    label: `Capture Length: ${caplen} bytes (${caplen * 8} bits)`,
  });
  tree.add(root, F['frame.marked'], 0, 0, false, { generated: true });
  tree.add(root, F['frame.ignored'], 0, 0, false, { generated: true });
  return root;
}

function frameLabel(number: number, caplen: number, origlen: number): string {
  return `Frame ${number}: ${origlen} bytes on wire (${origlen * 8} bits), ${caplen} bytes captured (${caplen * 8} bits)`;
}

/** The frame fields without labels, only those kept (none when only the columns are wanted): time text is costly. */
function frameFieldsOnly(
  tree: FieldTree,
  number: number,
  caplen: number,
  origlen: number,
  t: FrameTimes,
  interfaceId: number,
  linkType: number,
): FieldNode {
  if (!tree.wants('frame')) return tree.add(null, F.frame, 0, caplen, undefined);
  const root = tree.add(null, F.frame, 0, caplen, undefined, {
    label: tree.keeps('frame') ? frameLabel(number, caplen, origlen) : undefined,
  });
  tree.add(root, F['frame.interface_id'], 0, 0, interfaceId);
  tree.add(root, F['frame.encap_type'], 0, 0, encapType(linkType));
  if (tree.keeps('frame.time')) tree.add(root, F['frame.time'], 0, 0, absTimeText(t.absSec, t.absNsec));
  if (tree.keeps('frame.time_epoch')) tree.add(root, F['frame.time_epoch'], 0, 0, timeText(t.absSec, t.absNsec));
  if (tree.keeps('frame.time_delta')) tree.add(root, F['frame.time_delta'], 0, 0, timeText(t.deltaSec, t.deltaNsec));
  if (tree.keeps('frame.time_relative')) tree.add(root, F['frame.time_relative'], 0, 0, timeText(t.relSec, t.relNsec));
  tree.add(root, F['frame.number'], 0, 0, number);
  tree.add(root, F['frame.len'], 0, 0, origlen);
  tree.add(root, F['frame.cap_len'], 0, 0, caplen);
  tree.add(root, F['frame.marked'], 0, 0, false);
  return root;
}
