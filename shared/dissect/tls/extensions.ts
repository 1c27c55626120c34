/** TLS hello extensions: each known type decoded into Wireshark's fields; unknown ones as type, length, data. */
import { ascii, slice, u16, u32, u8 } from '../../bytes.ts';
import type { PacketContext } from '../context.ts';
import type { FieldNode } from '../tree.ts';
import {
  dissectApplicationSettings,
  dissectCompressCertificate,
  EXT_APPLICATION_SETTINGS,
  EXT_COMPRESS_CERTIFICATE,
} from './ext-cert-compression-alps.ts';
import { F } from './fields.ts';
import { dissectQuicTransportParameters } from './quic-transport-parameters.ts';
import { extensionTypes, isGrease } from './tables.ts';
import { dissectMoreExtension, noRoomForVector } from './more-extensions.ts';

export const EXT = {
  SERVER_NAME: 0,
  STATUS_REQUEST: 5,
  SUPPORTED_GROUPS: 10,
  EC_POINT_FORMATS: 11,
  SIGNATURE_ALGORITHMS: 13,
  HEARTBEAT: 15,
  ALPN: 16,
  PADDING: 21,
  EXTENDED_MASTER_SECRET: 23,
  SESSION_TICKET: 35,
  PRE_SHARED_KEY: 41,
  SUPPORTED_VERSIONS: 43,
  COOKIE: 44,
  PSK_KEY_EXCHANGE_MODES: 45,
  KEY_SHARE: 51,
  KEY_SHARE_OLD: 40,
  RENEGOTIATION_INFO: 0xff01,
  QUIC_TRANSPORT_PARAMETERS: 57,
  QUIC_TRANSPORT_PARAMETERS_DRAFT: 0xffa5,
} as const;

/** What the handshake needs back from the extensions. */
export interface HelloExtensions {
  supportedVersion: number;
  alpn: string[];
  serverNames: string[];
  /** Extension types in order. */
  types: number[];
}

export type HelloKind = 'client' | 'server' | 'hrr' | 'encrypted_extensions' | 'certificate' | 'other';

function extensionName(type: number): string {
  return extensionTypes.get(type) ?? (isGrease(type) ? 'Reserved (GREASE)' : 'Unknown type');
}

export function dissectExtensions(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  parent: FieldNode,
  kind: HelloKind,
): HelloExtensions {
  const t = pkt.tree;
  const out: HelloExtensions = { supportedVersion: 0, alpn: [], serverNames: [], types: [] };
  if (o + 2 > end) return out;
  const total = u16(b, o);
  t.add(parent, F['tls.handshake.extensions_length'], o, 2, total);
  o += 2;
  const stop = Math.min(end, o + total);
  while (o + 4 <= stop) {
    const type = u16(b, o);
    const len = u16(b, o + 2);
    const name = extensionName(type);
    out.types.push(type);
    const ext = t.text(parent, o, 4 + len, `Extension: ${name} (len=${len})`);
    t.add(ext, F['tls.handshake.extension.type'], o, 2, type, {
      label: `Type: ${name} (${type})`,
    });
    t.add(ext, F['tls.handshake.extension.len'], o + 2, 2, len);
    const d = o + 4;
    const dend = d + len;
    if (dend > stop) {
      pkt.malformed = true;
      pkt.notes.push({ severity: 'error', group: 'malformed', message: `extension ${name} runs past the extensions` });
      break;
    }
    decodeExtension(b, d, len, type, pkt, ext, kind, out);
    o = dend;
  }
  return out;
}

function list16(b: Uint8Array, d: number, len: number): [number, number] {
  const n = len >= 2 ? u16(b, d) : 0;
  return [n, Math.min(d + 2 + n, d + len)];
}

function decodeExtension(
  b: Uint8Array,
  d: number,
  len: number,
  type: number,
  pkt: PacketContext,
  ext: FieldNode,
  kind: HelloKind,
  out: HelloExtensions,
): void {
  const t = pkt.tree;
  const end = d + len;
  switch (type) {
    case EXT.SERVER_NAME: {
      if (len === 0) return;
      const [n, stop] = list16(b, d, len);
      const ind = t.text(ext, d, len, 'Server Name Indication extension');
      t.add(ind, F['tls.handshake.extensions_server_name_list_len'], d, 2, n);
      let p = d + 2;
      while (p + 3 <= stop) {
        const nt = u8(b, p);
        const nl = u16(b, p + 1);
        t.add(ind, F['tls.handshake.extensions_server_name_type'], p, 1, nt);
        t.add(ind, F['tls.handshake.extensions_server_name_len'], p + 1, 2, nl);
        const host = ascii(slice(b, p + 3, nl));
        t.add(ind, F['tls.handshake.extensions_server_name'], p + 3, nl, host);
        out.serverNames.push(host);
        p += 3 + nl;
      }
      return;
    }
    case EXT.SUPPORTED_GROUPS: {
      const [n, stop] = list16(b, d, len);
      t.add(ext, F['tls.handshake.extensions_supported_groups_length'], d, 2, n);
      const g = t.add(ext, F['tls.handshake.extensions_supported_groups'], d + 2, n, undefined, {
        label: `Supported Groups (${n >> 1} group${n >> 1 === 1 ? '' : 's'})`,
      });
      for (let p = d + 2; p + 2 <= stop; p += 2) {
        const v = u16(b, p);
        t.add(g, F['tls.handshake.extensions_supported_group'], p, 2, v, greaseLabel('Supported Group', v, 4));
      }
      return;
    }
    case EXT.EC_POINT_FORMATS: {
      const n = u8(b, d);
      t.add(ext, F['tls.handshake.extensions_ec_point_formats_length'], d, 1, n);
      const g = t.add(ext, F['tls.handshake.extensions_ec_point_formats'], d + 1, n, undefined, {
        label: `Elliptic curves point formats (${n})`,
      });
      for (let p = d + 1; p < Math.min(d + 1 + n, end); p++)
        t.add(g, F['tls.handshake.extensions_ec_point_format'], p, 1, u8(b, p));
      return;
    }
    case EXT.SIGNATURE_ALGORITHMS: {
      if (len < 2) return noRoomForVector(pkt, ext, d, len, 2);
      const [n, stop] = list16(b, d, len);
      dissectSigAlgs(b, d, n, stop, pkt, ext);
      return;
    }
    case EXT.ALPN: {
      const [n, stop] = list16(b, d, len);
      t.add(ext, F['tls.handshake.extensions_alpn_len'], d, 2, n);
      const l = t.add(ext, F['tls.handshake.extensions_alpn_list'], d + 2, n, undefined);
      for (let p = d + 2; p < stop;) {
        const sl = u8(b, p);
        t.add(l, F['tls.handshake.extensions_alpn_str_len'], p, 1, sl);
        const str = ascii(slice(b, p + 1, sl));
        t.add(l, F['tls.handshake.extensions_alpn_str'], p + 1, sl, str);
        out.alpn.push(str);
        p += 1 + sl;
      }
      return;
    }
    case EXT.PADDING:
      t.add(ext, F['tls.handshake.extensions_padding_data'], d, len, slice(b, d, len));
      return;
    case EXT.RENEGOTIATION_INFO: {
      const n = u8(b, d);
      const ri = t.text(ext, d, len, 'Renegotiation Info extension');
      t.add(ri, F['tls.handshake.extensions_reneg_info_len'], d, 1, n);
      if (n) t.add(ri, F['tls.handshake.extensions_reneg_info'], d + 1, n, slice(b, d + 1, n));
      return;
    }
    case EXT.SUPPORTED_VERSIONS: {
      if (kind === 'client') {
        const n = u8(b, d);
        t.add(ext, F['tls.handshake.extensions.supported_versions_len'], d, 1, n);
        for (let p = d + 1; p + 2 <= Math.min(d + 1 + n, end); p += 2) {
          const v = u16(b, p);
          t.add(ext, F['tls.handshake.extensions.supported_version'], p, 2, v, greaseLabel('Supported Version', v, 4));
        }
      } else if (len >= 2) {
        const v = u16(b, d);
        t.add(ext, F['tls.handshake.extensions.supported_version'], d, 2, v);
        out.supportedVersion = v;
      }
      return;
    }
    case EXT.KEY_SHARE:
    case EXT.KEY_SHARE_OLD: {
      if (kind === 'client') {
        const [n, stop] = list16(b, d, len);
        const ks = t.text(ext, d, len, 'Key Share extension');
        t.add(ks, F['tls.handshake.extensions_key_share_client_length'], d, 2, n);
        for (let p = d + 2; p + 4 <= stop;) {
          const g = u16(b, p);
          const kl = u16(b, p + 2);
          keyShareEntry(b, p, g, kl, pkt, ks);
          p += 4 + kl;
        }
      } else if (kind === 'hrr') {
        const ks = t.text(ext, d, len, 'Key Share extension');
        t.add(ks, F['tls.handshake.extensions_key_share_selected_group'], d, 2, u16(b, d));
      } else if (len >= 4) {
        const ks = t.text(ext, d, len, 'Key Share extension');
        keyShareEntry(b, d, u16(b, d), u16(b, d + 2), pkt, ks);
      }
      return;
    }
    case EXT.PSK_KEY_EXCHANGE_MODES: {
      const n = u8(b, d);
      t.add(ext, F['tls.extension.psk_ke_modes_length'], d, 1, n);
      for (let p = d + 1; p < Math.min(d + 1 + n, end); p++) t.add(ext, F['tls.extension.psk_ke_mode'], p, 1, u8(b, p));
      return;
    }
    case EXT.PRE_SHARED_KEY: {
      if (kind !== 'client') {
        if (len < 2) return;
        const psk = t.text(ext, d, len, 'Pre-Shared Key extension');
        t.add(psk, F['tls.handshake.extensions.psk.identity.selected'], d, 2, u16(b, d));
        return;
      }
      const psk = t.text(ext, d, len, 'Pre-Shared Key extension');
      const [n, stop] = list16(b, d, len);
      t.add(psk, F['tls.handshake.extensions.psk.identities.length'], d, 2, n);
      let p = d + 2;
      while (p + 2 <= stop) {
        const il = u16(b, p);
        const id = t.text(psk, p, 6 + il, `PSK Identity (length: ${il})`);
        t.add(id, F['tls.handshake.extensions.psk.identity.identity_length'], p, 2, il);
        t.add(id, F['tls.handshake.extensions.psk.identity.identity'], p + 2, il, slice(b, p + 2, il));
        t.add(id, F['tls.handshake.extensions.psk.identity.obfuscated_ticket_age'], p + 2 + il, 4, u32(b, p + 2 + il));
        p += 6 + il;
      }
      if (p + 2 <= end) {
        const bl = u16(b, p);
        t.add(psk, F['tls.handshake.extensions.psk.binders_len'], p, 2, bl);
        t.add(psk, F['tls.handshake.extensions.psk.binders'], p + 2, Math.min(bl, end - p - 2), undefined);
      }
      return;
    }
    case EXT.STATUS_REQUEST: {
      if (len === 0) return;
      t.add(ext, F['tls.handshake.extensions_status_request_type'], d, 1, u8(b, d));
      if (len >= 5) {
        const rl = u16(b, d + 1);
        t.add(ext, F['tls.handshake.extensions_status_request_responder_ids_len'], d + 1, 2, rl);
        if (d + 3 + rl + 2 <= end)
          t.add(ext, F['tls.handshake.extensions_status_request_exts_len'], d + 3 + rl, 2, u16(b, d + 3 + rl));
      }
      return;
    }
    case EXT.EXTENDED_MASTER_SECRET:
      return;
    case EXT.COOKIE: {
      // A HelloRetryRequest's cookie (TLS 1.3), echoed in the second ClientHello.
      if (len < 2) return;
      const cl = u16(b, d);
      t.add(ext, F['tls.handshake.extensions.cookie_len'], d, 2, cl);
      t.add(
        ext,
        F['tls.handshake.extensions.cookie'],
        d + 2,
        Math.min(cl, len - 2),
        slice(b, d + 2, Math.min(cl, len - 2)),
      );
      return;
    }
    case EXT.HEARTBEAT:
      if (len >= 1) t.add(ext, F['tls.handshake.extension.heartbeat.mode'], d, 1, u8(b, d));
      return;
    case EXT_COMPRESS_CERTIFICATE:
      dissectCompressCertificate(b, d, len, pkt, ext);
      return;
    case EXT_APPLICATION_SETTINGS:
      if (kind === 'client') dissectApplicationSettings(b, d, len, pkt, ext);
      else if (len > 0) t.add(ext, F['tls.handshake.extension.data'], d, len, slice(b, d, len));
      return;
    case EXT.QUIC_TRANSPORT_PARAMETERS:
    case EXT.QUIC_TRANSPORT_PARAMETERS_DRAFT:
      dissectQuicTransportParameters(b, d, len, pkt, ext);
      return;
    default:
      if (dissectMoreExtension(pkt, ext, b, type, d, len, kind === 'client')) return;
      t.add(ext, F['tls.handshake.extension.data'], d, len, slice(b, d, len));
  }
}

function keyShareEntry(
  b: Uint8Array,
  p: number,
  group: number,
  kl: number,
  pkt: PacketContext,
  parent: FieldNode,
): void {
  const t = pkt.tree;
  const e = t.text(parent, p, 4 + kl, `Key Share Entry: Group: ${groupName(group)}, Key Exchange length: ${kl}`);
  t.add(e, F['tls.handshake.extensions_key_share_group'], p, 2, group, greaseLabel('Group', group, 0));
  t.add(e, F['tls.handshake.extensions_key_share_key_exchange_length'], p + 2, 2, kl);
  if (kl) t.add(e, F['tls.handshake.extensions_key_share_key_exchange'], p + 4, kl, slice(b, p + 4, kl));
}

function groupName(g: number): string {
  return (
    F['tls.handshake.extensions_key_share_group'].strings?.get(g) ?? (isGrease(g) ? 'Reserved (GREASE)' : 'Unknown')
  );
}

/** GREASE values are named even where the table lacks them. */
function greaseLabel(name: string, v: number, hexDigits: number): { label: string } | undefined {
  if (!isGrease(v)) return undefined;
  const shown = hexDigits ? `0x${v.toString(16).padStart(hexDigits, '0')}` : String(v);
  return { label: `${name}: Reserved (GREASE) (${shown})` };
}

export function dissectSigAlgs(
  b: Uint8Array,
  d: number,
  n: number,
  stop: number,
  pkt: PacketContext,
  parent: FieldNode,
): void {
  const t = pkt.tree;
  t.add(parent, F['tls.handshake.sig_hash_alg_len'], d, 2, n);
  const l = t.add(parent, F['tls.handshake.sig_hash_algs'], d + 2, n, undefined, {
    label: `Signature Hash Algorithms (${n >> 1} algorithm${n >> 1 === 1 ? '' : 's'})`,
  });
  for (let p = d + 2; p + 2 <= stop; p += 2) {
    const v = u16(b, p);
    const a = t.add(l, F['tls.handshake.sig_hash_alg'], p, 2, v, greaseLabel('Signature Algorithm', v, 4));
    t.add(a, F['tls.handshake.sig_hash_hash'], p, 1, v >> 8);
    t.add(a, F['tls.handshake.sig_hash_sig'], p + 1, 1, v & 0xff);
  }
}
