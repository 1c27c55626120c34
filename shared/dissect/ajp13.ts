/**
 * AJP13 (Apache JServ Protocol, TCP 8009) framing: a 4-byte header (magic, length) per PDU, reassembled over
 * segments as Wireshark does; the PDU's message type named in Info.
 */
import { u16, u8 } from '../bytes.ts';
import { appendInfo, clearInfoOnce } from './context.ts';
import { declareFields } from './fields.ts';
import { NEED_ONE_MORE_SEGMENT, type StreamProtocol } from './stream.ts';

const TYPES: Record<number, string> = {
  2: 'FORWARD_REQUEST',
  3: 'SEND_BODY_CHUNK',
  4: 'SEND_HEADERS',
  5: 'END_RESPONSE',
  6: 'GET_BODY_CHUNK',
  7: 'SHUTDOWN',
  8: 'PING',
  9: 'CPONG',
  10: 'CPING',
};

const F = declareFields({
  ajp13: { name: 'Apache JServ Protocol v1.3', type: 'protocol' },
  'ajp13.magic': { name: 'Magic', type: 'bytes' },
  'ajp13.len': { name: 'Length', type: 'uint16' },
  'ajp13.code': { name: 'Code', type: 'uint8', strings: TYPES },
});

export const ajp13Stream: StreamProtocol = {
  name: 'ajp13',
  dissect: (b, offset, length, pkt, parent) => {
    const end = offset + length;
    let o = offset;
    while (o < end) {
      // The length comes from bytes 2-3 whatever the magic says, as in Wireshark.
      if (end - o < 4) return { consumed: o - offset, needMore: NEED_ONE_MORE_SEGMENT };
      const len = u16(b, o + 2);
      if (4 + len > end - o) return { consumed: o - offset, needMore: 4 + len - (end - o) };
      const t = pkt.tree;
      const root = t.add(parent, F.ajp13, o, 4 + len, undefined);
      if (!pkt.protocols.includes('ajp13')) pkt.protocols.push('ajp13');
      t.add(root, F['ajp13.magic'], o, 2, b.subarray(o, o + 2));
      t.add(root, F['ajp13.len'], o + 2, 2, len);
      const code = len > 0 ? u8(b, o + 4) : -1;
      if (code >= 0) t.add(root, F['ajp13.code'], o + 4, 1, code);
      clearInfoOnce(pkt);
      pkt.cols.protocol = 'AJP13';
      appendInfo(pkt, ' ', TYPES[code] ?? 'Unknown');
      o += 4 + len;
    }
    return { consumed: o - offset, needMore: 0 };
  },
};
