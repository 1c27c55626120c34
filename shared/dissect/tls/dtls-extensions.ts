/**
 * Hello extensions only DTLS decodes (tshark shows them as data over TLS): use_srtp (RFC 5764: protection profiles
 * and MKI) and connection_id (RFC 9146), added under the extension the shared TLS extension code drew.
 */
import { slice, u16, u8 } from '../../bytes.ts';
import type { PacketContext } from '../context.ts';
import { declareFields } from '../fields.ts';
import type { FieldNode } from '../tree.ts';

const USE_SRTP = 14;
const CONNECTION_ID = 54;

const SF = declareFields({
  'dtls.use_srtp.protection_profiles_length': { name: 'SRTP Protection Profiles Length', type: 'uint16' },
  'dtls.use_srtp.protection_profile': {
    name: 'SRTP Protection Profile',
    type: 'uint16',
    base: 'hex',
    strings: {
      1: 'SRTP_AES128_CM_HMAC_SHA1_80',
      2: 'SRTP_AES128_CM_HMAC_SHA1_32',
      5: 'SRTP_NULL_HMAC_SHA1_80',
      6: 'SRTP_NULL_HMAC_SHA1_32',
      7: 'SRTP_AEAD_AES_128_GCM',
      8: 'SRTP_AEAD_AES_256_GCM',
    },
  },
  'dtls.use_srtp.mki_length': { name: 'MKI Length', type: 'uint8' },
  'dtls.use_srtp.mki': { name: 'MKI', type: 'bytes' },
  'dtls.connection_id_length': { name: 'Connection ID length', type: 'uint8' },
  'dtls.connection_id': { name: 'Connection ID', type: 'bytes' },
});

/** Offset of the extensions block (its 2-byte length) of a DTLS ClientHello (type 1) or ServerHello body, or -1. */
function extensionsAt(b: Uint8Array, o: number, len: number, type: number): number {
  const end = o + len;
  let p = o + 34;
  if (p >= end) return -1;
  p += 1 + b[p]!;
  if (type === 1) {
    if (p >= end) return -1;
    p += 1 + b[p]!;
    if (p + 2 > end) return -1;
    p += 2 + u16(b, p);
    if (p >= end) return -1;
    p += 1 + b[p]!;
  } else p += 3;
  return p + 2 <= end ? p : -1;
}

/** Adds the fields of the DTLS-only extensions of a hello body at b[o, o+len) under their extension nodes in `hs`. */
export function addDtlsExtensions(
  b: Uint8Array,
  o: number,
  len: number,
  type: number,
  pkt: PacketContext,
  hs: FieldNode,
) {
  if (type !== 1 && type !== 2) return;
  const at = extensionsAt(b, o, len, type);
  if (at < 0) return;
  const stop = Math.min(o + len, at + 2 + u16(b, at));
  for (let p = at + 2; p + 4 <= stop; p += 4 + u16(b, p + 2)) {
    const type = u16(b, p);
    const elen = u16(b, p + 2);
    if ((type !== USE_SRTP && type !== CONNECTION_ID) || p + 4 + elen > stop || elen < 1) continue;
    const ext = hs.children?.find((n) => n.offset === p && n.def === undefined) ?? hs;
    dropDataNode(pkt, ext, p + 4);
    if (type === USE_SRTP) dissectUseSrtp(b, p + 4, elen, pkt, ext);
    else dissectConnectionId(b, p + 4, elen, pkt, ext);
  }
}

/** tshark decodes the extension instead of showing its bytes: drops the data item the TLS code added at `d`. */
function dropDataNode(pkt: PacketContext, ext: FieldNode, d: number): void {
  const isData = (n: FieldNode) => n.offset === d && n.def?.abbrev.endsWith('.extension.data') === true;
  if (ext.children) ext.children = ext.children.filter((n) => !isData(n));
  // With only the filtered fields kept, nodes have no parents: the data item is among the roots.
  const roots = pkt.tree.roots;
  const i = roots.findIndex(isData);
  if (i >= 0) roots.splice(i, 1);
}

function dissectUseSrtp(b: Uint8Array, d: number, len: number, pkt: PacketContext, ext: FieldNode): void {
  const t = pkt.tree;
  const end = d + len;
  if (len < 2) return;
  const pl = u16(b, d);
  t.add(ext, SF['dtls.use_srtp.protection_profiles_length'], d, 2, pl);
  const listEnd = Math.min(end, d + 2 + pl);
  for (let q = d + 2; q + 2 <= listEnd; q += 2) t.add(ext, SF['dtls.use_srtp.protection_profile'], q, 2, u16(b, q));
  const m = d + 2 + pl;
  if (m >= end) return;
  const ml = u8(b, m);
  t.add(ext, SF['dtls.use_srtp.mki_length'], m, 1, ml);
  if (ml)
    t.add(ext, SF['dtls.use_srtp.mki'], m + 1, Math.min(ml, end - m - 1), slice(b, m + 1, Math.min(ml, end - m - 1)));
}

function dissectConnectionId(b: Uint8Array, d: number, len: number, pkt: PacketContext, ext: FieldNode): void {
  const cl = u8(b, d);
  const shown = Math.min(cl, len - 1);
  pkt.tree.add(ext, SF['dtls.connection_id_length'], d, 1, cl);
  if (shown > 0) pkt.tree.add(ext, SF['dtls.connection_id'], d + 1, shown, slice(b, d + 1, shown));
}
