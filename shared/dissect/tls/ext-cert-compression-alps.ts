/**
 * Two hello extensions browsers send with every ClientHello (over TCP and in QUIC): compress_certificate
 * (RFC 8879: the certificate compression algorithms offered) and application_settings (ALPS: the protocols
 * settings are offered for), as Wireshark 4.0 decodes them.
 */
import { ascii, slice, u16, u8 } from '../../bytes.ts';
import type { PacketContext } from '../context.ts';
import { declareFields } from '../fields.ts';
import type { FieldNode } from '../tree.ts';
import { certificateCompressionAlgorithms } from './tables.ts';

const F = declareFields({
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
});

export const EXT_COMPRESS_CERTIFICATE = 27;
export const EXT_APPLICATION_SETTINGS = 17513;

/** compress_certificate: a one-byte length, then 16-bit algorithm ids. */
export function dissectCompressCertificate(
  b: Uint8Array,
  d: number,
  len: number,
  pkt: PacketContext,
  ext: FieldNode,
): void {
  if (len < 1) return;
  const t = pkt.tree;
  const n = u8(b, d);
  t.add(ext, F['tls.compress_certificate.algorithms_length'], d, 1, n);
  const stop = Math.min(d + 1 + n, d + len);
  for (let p = d + 1; p + 2 <= stop; p += 2) t.add(ext, F['tls.compress_certificate.algorithm'], p, 2, u16(b, p));
}

/** application_settings in a ClientHello: a 16-bit length, then length-prefixed protocol names. */
export function dissectApplicationSettings(
  b: Uint8Array,
  d: number,
  len: number,
  pkt: PacketContext,
  ext: FieldNode,
): void {
  if (len < 2) return;
  const t = pkt.tree;
  const n = u16(b, d);
  t.add(ext, F['tls.handshake.extensions_alps_len'], d, 2, n);
  const stop = Math.min(d + 2 + n, d + len);
  const list = t.add(ext, F['tls.handshake.extensions_alps_alpn_list'], d + 2, stop - d - 2, undefined, {
    label: 'Supported ALPN List',
  });
  for (let p = d + 2; p < stop;) {
    const sl = u8(b, p);
    t.add(list, F['tls.handshake.extensions_alps_alpn_str_len'], p, 1, sl);
    t.add(list, F['tls.handshake.extensions_alps_alpn_str'], p + 1, sl, ascii(slice(b, p + 1, sl)));
    p += 1 + sl;
  }
}
