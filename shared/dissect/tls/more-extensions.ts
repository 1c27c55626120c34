/** Hello extensions decoded beyond the core set: session_ticket, compress_certificate, application_settings (ALPS). */
import { ascii, slice, u16, u8 } from '../../bytes.ts';
import { declareFields } from '../fields.ts';
import { addExpert } from '../expert.ts';
import { F as FRAME } from '../frame.ts';
import type { PacketContext } from '../context.ts';
import type { FieldNode } from '../tree.ts';
import { dissectSigAlgs } from './extensions.ts';
import { F } from './fields.ts';
import { certificateCompressionAlgorithms } from './tables.ts';
import { dissectSctList } from './x509.ts';

const SESSION_TICKET = 35;
const COMPRESS_CERTIFICATE = 27;
const APPLICATION_SETTINGS = 17513;
const RECORD_SIZE_LIMIT = 28;
const DELEGATED_CREDENTIALS = 34;
const NEXT_PROTOCOL_NEGOTIATION = 13172;
const SIGNED_CERTIFICATE_TIMESTAMP = 18;
/** Extensions whose empty form Wireshark shows as type and length only (no `Data: <MISSING>`). */
const EMPTY_BY_DESIGN = new Set([
  SIGNED_CERTIFICATE_TIMESTAMP,
  22, // encrypt_then_mac
  42, // early_data
  NEXT_PROTOCOL_NEGOTIATION,
]);

const X = declareFields({
  'tls.compress_certificate.algorithms_length': { name: 'Algorithms Length', type: 'uint8' },
  'tls.compress_certificate.algorithm': {
    name: 'Algorithm',
    type: 'uint16',
    strings: certificateCompressionAlgorithms,
  },
  'tls.handshake.extensions_alps_len': { name: 'ALPS Extension Length', type: 'uint16' },
  'tls.handshake.extensions_alps_alpn_list': { name: 'Supported ALPN List', type: 'none' },
  'tls.handshake.extensions_alps_alpn_str_len': { name: 'Supported ALPN Length', type: 'uint8' },
  'tls.handshake.extensions_alps_alpn_str': { name: 'Supported ALPN', type: 'string' },
  'tls.record_size_limit': { name: 'Record Size Limit', type: 'uint16' },
  'tls.malformed.buffer_too_small': { name: 'Malformed message, not enough data is available', type: 'none' },
  'tls.handshake.extensions_npn_str_len': { name: 'Protocol string length', type: 'uint8' },
  'tls.handshake.extensions_npn': { name: 'Next Protocol', type: 'string' },
});

/**
 * Decodes the extension of type `type` whose data is `len` bytes at `d`, when it is one of this module's; returns
 * false for the others. `client` tells a ClientHello's extensions from the other messages'.
 */
export function dissectMoreExtension(
  pkt: PacketContext,
  ext: FieldNode,
  b: Uint8Array,
  type: number,
  d: number,
  len: number,
  client: boolean,
): boolean {
  const t = pkt.tree;
  if (len === 0 && EMPTY_BY_DESIGN.has(type)) return true;
  switch (type) {
    case RECORD_SIZE_LIMIT:
      if (len !== 2) return false;
      t.add(ext, X['tls.record_size_limit'], d, 2, u16(b, d));
      return true;
    case DELEGATED_CREDENTIALS: {
      if (!client || len < 2) return false;
      const n = u16(b, d);
      dissectSigAlgs(b, d, n, Math.min(d + 2 + n, d + len), pkt, ext);
      return true;
    }
    case NEXT_PROTOCOL_NEGOTIATION: {
      const npn = t.text(ext, d, len, 'Next Protocol Negotiation');
      for (let p = d; p < d + len;) {
        const sl = u8(b, p);
        t.add(npn, X['tls.handshake.extensions_npn_str_len'], p, 1, sl);
        t.add(npn, X['tls.handshake.extensions_npn'], p + 1, sl, ascii(slice(b, p + 1, sl)));
        p += 1 + sl;
      }
      return true;
    }
    case SIGNED_CERTIFICATE_TIMESTAMP:
      dissectSctList(t, ext, b, d, d + len);
      return true;
    case SESSION_TICKET:
      // Wireshark words the ticket by its size, "Data (0 bytes)" for the empty one a client offers.
      t.add(ext, F['tls.handshake.extension.data'], d, len, slice(b, d, len), {
        label: `Data (${len} byte${len === 1 ? '' : 's'})`,
      });
      return true;
    case COMPRESS_CERTIFICATE: {
      if (len < 1) return false;
      const n = u8(b, d);
      t.add(ext, X['tls.compress_certificate.algorithms_length'], d, 1, n);
      const stop = Math.min(d + 1 + n, d + len);
      for (let p = d + 1; p + 2 <= stop; p += 2) t.add(ext, X['tls.compress_certificate.algorithm'], p, 2, u16(b, p));
      return true;
    }
    case APPLICATION_SETTINGS: {
      if (!client || len < 2) return false;
      const n = u16(b, d);
      t.add(ext, X['tls.handshake.extensions_alps_len'], d, 2, n);
      const stop = Math.min(d + 2 + n, d + len);
      const list = t.add(ext, X['tls.handshake.extensions_alps_alpn_list'], d + 2, stop - d - 2, undefined);
      for (let p = d + 2; p + 1 <= stop;) {
        const sl = u8(b, p);
        t.add(list, X['tls.handshake.extensions_alps_alpn_str_len'], p, 1, sl);
        t.add(list, X['tls.handshake.extensions_alps_alpn_str'], p + 1, sl, ascii(slice(b, p + 1, sl)));
        p += 1 + sl;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * A vector whose length field does not fit in the `room` bytes at `d`: Wireshark's item and its malformed expert
 * note (the frame dissects on).
 */
export function noRoomForVector(pkt: PacketContext, parent: FieldNode, d: number, room: number, size: number): void {
  const message = `No more room for vector of length ${size}`;
  const node = pkt.tree.add(parent, X['tls.malformed.buffer_too_small'], d, room, undefined, { label: message });
  addExpert(pkt, node, FRAME['_ws.expert'], d, room, 'error', 'malformed', message);
}
