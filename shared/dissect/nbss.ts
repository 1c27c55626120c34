/**
 * NetBIOS Session Service (TCP 139, and 445 for direct-hosted SMB): the four-byte header, session setup messages,
 * reassembly of session messages, and `NBSS Continuation Message` for data that does not start with a header.
 * Session message payloads (SMB) are shown as data.
 */
import { slice, u16, u8 } from '../bytes.ts';
import { ipv4Text } from './addr.ts';
import { clearInfoOnce, type PacketContext } from './context.ts';
import { dataDissector } from './data.ts';
import { declareFields } from './fields.ts';
import type { StreamInfo, StreamProtocol, StreamResult } from './stream.ts';
import type { FieldNode } from './tree.ts';

const MESSAGE_TYPES: ReadonlyMap<number, string> = new Map([
  [0x00, 'Session message'],
  [0x81, 'Session request'],
  [0x82, 'Positive session response'],
  [0x83, 'Negative session response'],
  [0x84, 'Retarget session response'],
  [0x85, 'Session keep-alive'],
]);

const ERROR_CODES = {
  0x80: 'Not listening on called name',
  0x81: 'Not listening for calling name',
  0x82: 'Called name not present',
  0x83: 'Called name present, but insufficient resources',
  0x8f: 'Unspecified error',
};

/** NetBIOS name suffixes (the 16th byte) as Wireshark names them. */
const NAME_TYPES: ReadonlyMap<number, string> = new Map([
  [0x00, 'Workstation/Redirector'],
  [0x01, 'Browser'],
  [0x02, 'Workstation/Redirector'],
  [0x03, 'Messenger service/Main name'],
  [0x05, 'Forwarded name'],
  [0x06, 'RAS Server service'],
  [0x1b, 'Domain Master Browser'],
  [0x1c, 'Domain Controllers'],
  [0x1d, 'Local Master Browser'],
  [0x1e, 'Browser Election Service'],
  [0x1f, 'Net DDE Service'],
  [0x20, 'Server service'],
  [0x21, 'RAS client service'],
  [0x22, 'Exchange Interchange (MSMail Connector)'],
  [0x23, 'Exchange Store'],
  [0x24, 'Exchange Directory'],
  [0x2b, 'Lotus Notes Server service'],
  [0x30, 'Modem sharing server service'],
  [0x31, 'Modem sharing client service'],
  [0x43, 'SMS Clients Remote Control'],
  [0x44, 'SMS Administrators Remote Control Tool'],
  [0x45, 'SMS Clients Remote Chat'],
  [0x46, 'SMS Clients Remote Transfer'],
  [0x4c, 'DEC Pathworks TCP/IP Service on Windows NT'],
  [0x52, 'DEC Pathworks TCP/IP Service on Windows NT'],
  [0x6a, 'Microsoft Exchange IMC'],
  [0x87, 'Microsoft Exchange MTA'],
  [0xbe, 'Network Monitor Agent'],
  [0xbf, 'Network Monitor Analyzer'],
]);

const F = declareFields({
  nbss: { name: 'NetBIOS Session Service', type: 'protocol' },
  'nbss.type': { name: 'Message Type', type: 'uint8', base: 'hex', strings: MESSAGE_TYPES },
  'nbss.flags': { name: 'Flags', type: 'uint8', base: 'hex' },
  'nbss.flags.e': {
    name: 'Extend',
    type: 'boolean',
    bitmask: 0x01,
    bitWidth: 8,
    trueFalse: ['Add 65536 to length', 'Add 0 to length'],
  },
  'nbss.length': { name: 'Length', type: 'uint24' },
  'nbss.error_code': { name: 'Error code', type: 'uint8', base: 'hex', strings: ERROR_CODES },
  'nbss.retarget_ip_address': { name: 'Retarget IP address', type: 'ipv4' },
  'nbss.retarget_port': { name: 'Retarget port', type: 'uint16' },
  'nbss.continuation_data': { name: 'Continuation data', type: 'bytes' },
  'nbss.called_name': { name: 'Called name', type: 'string' },
  'nbss.calling_name': { name: 'Calling name', type: 'string' },
});

/** Whether a four-byte NBSS header starts at `o`, by the rules for what each message type may carry. */
function validHeader(b: Uint8Array, o: number, avail: number): boolean {
  if (avail < 4) return false;
  const type = b[o]!;
  const flags = b[o + 1]!;
  if (!MESSAGE_TYPES.has(type) || (flags & 0xfe) !== 0) return false;
  const len = ((flags & 1) << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  switch (type) {
    case 0x82:
    case 0x85:
      return len === 0;
    case 0x83:
      return len === 1;
    case 0x84:
      return len === 6;
    case 0x81:
      return len >= 2;
  }
  return true;
}

/** A first-level-encoded NetBIOS name: `SERVER<20>`, and the end offset. */
function netbiosName(b: Uint8Array, o: number, end: number): { text: string; suffix: number; end: number } {
  const len = u8(b, o);
  const raw = slice(b, o + 1, Math.min(len, end - o - 1));
  let name = '';
  for (let i = 0; i + 1 < raw.length; i += 2)
    name += String.fromCharCode(((raw[i]! - 0x41) << 4) | (raw[i + 1]! - 0x41));
  let p = o + 1 + len;
  // Scope labels, if any, follow until a zero length.
  while (p < end && b[p] !== 0) p += 1 + b[p]!;
  const suffix = name.length === 16 ? name.charCodeAt(15) : 0;
  const base = name.length === 16 ? name.slice(0, 15).trimEnd() : name.trimEnd();
  return { text: `${base}<${suffix.toString(16).padStart(2, '0')}>`, suffix, end: Math.min(p + 1, end) };
}

function dissectNbss(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  _info: StreamInfo,
): StreamResult {
  const t = pkt.tree;
  const end = offset + length;
  let o = offset;
  while (o < end) {
    const avail = end - o;
    clearInfoOnce(pkt);
    pkt.cols.protocol = 'NBSS';
    if (!pkt.protocols.includes('nbss')) pkt.protocols.push('nbss');
    if (!validHeader(b, o, avail)) {
      const root = t.add(parent, F.nbss, o, avail, undefined);
      t.add(root, F['nbss.continuation_data'], o, avail, slice(b, o, avail));
      pkt.cols.info = pkt.fence + 'NBSS Continuation Message';
      return { consumed: length, needMore: 0 };
    }
    const type = u8(b, o);
    const flags = u8(b, o + 1);
    const len = ((flags & 1) << 16) | u16(b, o + 2);
    const typeName = MESSAGE_TYPES.get(type)!;
    let info = typeName;
    pkt.cols.info = pkt.fence + info;
    if (4 + len > avail) return { consumed: o - offset, needMore: 4 + len - avail };
    const root = t.add(parent, F.nbss, o, 4 + len, undefined);
    t.add(root, F['nbss.type'], o, 1, type);
    const fl = t.add(root, F['nbss.flags'], o + 1, 1, flags);
    t.add(fl, F['nbss.flags.e'], o + 1, 1, (flags & 1) !== 0);
    t.add(root, F['nbss.length'], o + 2, 2, len);
    const body = o + 4;
    switch (type) {
      case 0x81: {
        const called = netbiosName(b, body, body + len);
        const calling = netbiosName(b, called.end, body + len);
        const typeText = (n: number) => NAME_TYPES.get(n) ?? 'Unknown';
        t.add(root, F['nbss.called_name'], body, called.end - body, called.text, {
          label: `Called name: ${called.text} (${typeText(called.suffix)})`,
        });
        t.add(root, F['nbss.calling_name'], called.end, calling.end - called.end, calling.text, {
          label: `Calling name: ${calling.text} (${typeText(calling.suffix)})`,
        });
        info += `, to ${called.text} from ${calling.text}`;
        break;
      }
      case 0x83: {
        const code = u8(b, body);
        t.add(root, F['nbss.error_code'], body, 1, code);
        info += `, ${F['nbss.error_code'].strings?.get(code) ?? 'Unknown'}`;
        break;
      }
      case 0x84:
        t.add(root, F['nbss.retarget_ip_address'], body, 4, ipv4Text(b, body));
        t.add(root, F['nbss.retarget_port'], body + 4, 2, u16(b, body + 4));
        break;
      case 0x00:
        if (len > 0) dataDissector(b, body, len, pkt, parent);
        break;
    }
    pkt.cols.info = pkt.fence + info;
    o = body + len;
  }
  return { consumed: o - offset, needMore: 0 };
}

export const nbssStream: StreamProtocol = { name: 'nbss', dissect: dissectNbss };
