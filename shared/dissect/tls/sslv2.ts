/** SSL 2.0 record format, as still used by old clients for a backward-compatible ClientHello. */
import { slice, u16, u8 } from '../../bytes.ts';
import { appendInfo, type PacketContext } from '../context.ts';
import type { FieldNode } from '../tree.ts';
import { F } from './fields.ts';
import type { TlsSession } from './session.ts';
import { sslv2CipherSpecs, sslv2MessageTypes } from './tables.ts';

/** A 2-byte-header SSLv2 record carrying a CLIENT-HELLO with a version SSL 2.0 … TLS 1.2. */
export function looksLikeSslv2(b: Uint8Array, o: number, len: number): boolean {
  if (len < 5) return false;
  if (!(b[o]! & 0x80)) return false;
  if (b[o + 2] !== 1) return false;
  const v = (b[o + 3]! << 8) | b[o + 4]!;
  return v === 0x0002 || v === 0x0300 || v === 0x0301 || v === 0x0302 || v === 0x0303;
}

/** Returns -(bytes used) when the record is complete, or the bytes still needed (> 0). */
export function dissectSslv2Record(
  b: Uint8Array,
  o: number,
  avail: number,
  pkt: PacketContext,
  root: FieldNode,
  s: TlsSession,
): number {
  const t = pkt.tree;
  const recLen = u16(b, o) & 0x7fff;
  if (2 + recLen > avail) return 2 + recLen - avail;
  const type = u8(b, o + 2);
  const typeName = sslv2MessageTypes.get(type) ?? 'Unknown';
  const rec = t.add(root, F['tls.record'], o, 2 + recLen, undefined, { label: `SSLv2 Record Layer: ${typeName}` });
  t.add(rec, F['tls.record.length'], o, 2, recLen);
  t.add(rec, F['tls.handshake.ssl2.type'], o + 2, 1, type, { label: `Handshake Message Type: ${typeName} (${type})` });
  if (type === 1 && recLen >= 9) {
    const p = o + 3;
    t.add(rec, F['tls.handshake.version'], p, 2, u16(b, p));
    const csl = u16(b, p + 2);
    const sidl = u16(b, p + 4);
    const chl = u16(b, p + 6);
    t.add(rec, F['tls.handshake.cipher_spec_len'], p + 2, 2, csl);
    t.add(rec, F['tls.handshake.session_id_length'], p + 4, 2, sidl);
    t.add(rec, F['tls.handshake.challenge_len'], p + 6, 2, chl);
    const specs = t.text(rec, p + 8, csl, `Cipher Specs (${Math.floor(csl / 3)} specs)`);
    for (let q = p + 8; q + 3 <= p + 8 + csl && q + 3 <= o + 2 + recLen; q += 3) {
      const v = (b[q]! << 16) | (b[q + 1]! << 8) | b[q + 2]!;
      const name = sslv2CipherSpecs.get(v);
      t.add(
        specs,
        F['tls.handshake.cipherspec'],
        q,
        3,
        v,
        name ? { label: `Cipher Spec: ${name} (0x${v.toString(16).padStart(6, '0')})` } : undefined,
      );
    }
    const chOff = p + 8 + csl + sidl;
    if (chl && chOff + chl <= o + 2 + recLen)
      t.add(rec, F['tls.handshake.challenge'], chOff, chl, slice(b, chOff, chl));
  }
  pkt.cols.protocol = 'SSLv2';
  void s;
  appendInfo(pkt, ', ', typeName);
  return -(2 + recLen);
}
