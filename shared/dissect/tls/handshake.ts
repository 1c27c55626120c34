/** TLS handshake messages inside a handshake record, plaintext or (after ChangeCipherSpec) encrypted. */
import { slice, u16, u24, u32, u8 } from '../../bytes.ts';
import { appendInfo, type PacketContext } from '../context.ts';
import type { StreamInfo } from '../stream.ts';
import type { FieldNode } from '../tree.ts';
import { dissectExtensions, dissectSigAlgs } from './extensions.ts';
import { F, versionShortName } from './fields.ts';
import { addFingerprints } from './fingerprints.ts';
import type { TlsSession } from './session.ts';
import { noteEncryptedPremaster, noteHandshakeMessage, noteServerExtensions } from './rsa-kx.ts';
import { cipherSuites, handshakeTypes, isGrease } from './tables.ts';
import { dissectCertificate } from './x509.ts';
import { addRandom, randomWithoutTime, serverHelloVersion } from './random.ts';
import { lifetimeHintLabel } from './durations.ts';
import { dissectStapledOcsp } from '../ocsp.ts';

export const HS = {
  HELLO_REQUEST: 0,
  CLIENT_HELLO: 1,
  SERVER_HELLO: 2,
  HELLO_VERIFY_REQUEST: 3,
  NEW_SESSION_TICKET: 4,
  END_OF_EARLY_DATA: 5,
  HELLO_RETRY_REQUEST: 6,
  ENCRYPTED_EXTENSIONS: 8,
  CERTIFICATE: 11,
  SERVER_KEY_EXCHANGE: 12,
  CERTIFICATE_REQUEST: 13,
  SERVER_HELLO_DONE: 14,
  CERTIFICATE_VERIFY: 15,
  CLIENT_KEY_EXCHANGE: 16,
  FINISHED: 20,
  CERTIFICATE_STATUS: 22,
  KEY_UPDATE: 24,
} as const;

const EARLY_DATA = 42;

/** ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = Uint8Array.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c'.match(/../g)!,
  (h) => parseInt(h, 16),
);

function isTls13(v: number): boolean {
  return v === 0x0304 || (v & 0xff00) === 0x7f00 || v === 0xfb17 || v === 0xfb1a || (v & 0xff00) === 0x7e00;
}

/** TLS 1.2 and its datagram twin DTLS 1.2: signatures name their algorithm. */
function isTls12(v: number): boolean {
  return v === 0x0303 || v === 0xfefd;
}

/** Draft versions before 22 dropped legacy_session_id and compression from the ServerHello. */
function isEarlyDraft(v: number): boolean {
  return (v & 0xff00) === 0x7f00 && (v & 0xff) < 22;
}

/**
 * The version a handshake record's label names: TLS 1.3 once the session negotiated it (a ClientHello answering a
 * HelloRetryRequest), else the record's own.
 */
function labelVersion(s: TlsSession, recordVersion: number): number {
  return isTls13(s.version) ? s.version : recordVersion;
}

/**
 * Handshake records, with Wireshark's rules: a message may continue over several records (reassembled in the
 * record that completes it); a new record is ciphertext when it is large enough to carry a MAC and either starts
 * like a zero AEAD nonce, follows a ChangeCipherSpec sent in an earlier frame, or does not start like a message.
 */
export function dissectHandshakeRecord(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  rec: FieldNode,
  s: TlsSession,
  info: StreamInfo,
  _fromServer: boolean,
  recordVersion: number,
): void {
  const t = pkt.tree;
  const dir = info.direction;
  const vname = versionShortName(labelVersion(s, recordVersion)) ?? 'TLS';
  let p = o;
  const end = o + len;
  let first = true;
  const frag = s.fragment[dir];
  if (frag) {
    if (!frag.total) {
      const head = new Uint8Array(4);
      let k = 0;
      for (const part of frag.parts) for (let i = 0; i < part.length && k < 4; i++) head[k++] = part[i]!;
      for (let i = p; i < end && k < 4; i++) head[k++] = b[i]!;
      if (k === 4) frag.total = 4 + u24(head, 1);
    }
    const take = frag.total ? Math.min(end - p, frag.total - frag.have) : end - p;
    frag.parts.push(slice(b, p, take).slice());
    frag.have += take;
    const name = handshakeTypes.get(frag.type) ?? 'Encrypted Handshake Message';
    if (frag.have !== frag.total) {
      rec.label = `${vname} Record Layer: Handshake Protocol: Multiple Handshake Messages`;
      t.add(rec, F['tls.handshake'], p, take, undefined, { label: `Handshake Protocol: ${name} (fragment)` });
      return;
    }
    s.fragment[dir] = undefined;
    t.add(rec, F['tls.handshake'], p, take, undefined, { label: `Handshake Protocol: ${name} (last fragment)` });
    p += take;
    const whole = new Uint8Array(frag.total);
    let w = 0;
    for (const part of frag.parts) {
      whole.set(part, w);
      w += part.length;
    }
    const src = t.addSource('Reassembled TLS Handshake', whole);
    const prev = t.source;
    t.source = src;
    try {
      dissectFull(whole, 0, pkt, rec, s, info, vname, true);
    } finally {
      t.source = prev;
    }
    first = false;
  } else if (looksEncrypted(b, p, end, s, dir, pkt.number)) {
    rec.label = `${vname} Record Layer: Handshake Protocol: Encrypted Handshake Message`;
    t.add(rec, F['tls.handshake'], p, len, undefined, { label: 'Handshake Protocol: Encrypted Handshake Message' });
    appendInfo(pkt, ', ', 'Encrypted Handshake Message');
    return;
  }
  while (p < end) {
    const avail = end - p;
    const msgLen = avail >= 4 ? 4 + u24(b, p + 1) : 0;
    if (msgLen === 0 || avail < msgLen) {
      // The message continues in the next record(s).
      const type = b[p]!;
      s.fragment[dir] = { parts: [slice(b, p, avail).slice()], have: avail, total: msgLen, type };
      const name = handshakeTypes.get(type) ?? 'Encrypted Handshake Message';
      if (first) appendInfo(pkt, ', ', `[${name} Fragment]`);
      rec.label = `${vname} Record Layer: Handshake Protocol: ${first ? `${name} (fragment)` : 'Multiple Handshake Messages'}`;
      t.add(rec, F['tls.handshake'], p, avail, undefined, { label: `Handshake Protocol: ${name} (fragment)` });
      return;
    }
    dissectFull(b, p, pkt, rec, s, info, vname, first);
    p += msgLen;
    first = false;
  }
}

/**
 * One complete handshake message at `p` that arrived outside a TLS record (QUIC CRYPTO data): its tree and fields
 * under `rec`, which is labelled like the record layer item Wireshark shows for it (`first` false: `rec` already
 * holds a message, so it becomes "Multiple Handshake Messages").
 */
export function dissectHandshakeMessage(
  b: Uint8Array,
  p: number,
  pkt: PacketContext,
  rec: FieldNode,
  s: TlsSession,
  info: StreamInfo,
  recordVersion: number,
  first: boolean,
): void {
  dissectFull(b, p, pkt, rec, s, info, versionShortName(recordVersion) ?? 'TLS', first);
}

/** Wireshark's test for a handshake record that is ciphertext rather than messages. */
function looksEncrypted(b: Uint8Array, o: number, end: number, s: TlsSession, dir: number, frame: number): boolean {
  if (end - o < 16) return false;
  const zeroNonce = b[o] === 0 && b[o + 1] === 0 && b[o + 2] === 0 && b[o + 3] === 0 && b[o + 4] === 0;
  if (zeroNonce) return true;
  if (s.ccsFrame[dir] !== 0 && frame > s.ccsFrame[dir]) return true;
  if (!handshakeTypes.has(b[o]!)) return true;
  return u24(b, o + 1) >= 0x10000;
}

/** One complete message at `p` (its header included): tree, Info and fields. */
function dissectFull(
  b: Uint8Array,
  p: number,
  pkt: PacketContext,
  rec: FieldNode,
  s: TlsSession,
  info: StreamInfo,
  vname: string,
  first: boolean,
): void {
  const t = pkt.tree;
  const type = u8(b, p);
  const ml = u24(b, p + 1);
  const known = handshakeTypes.get(type);
  if (!known && !first) return;
  if (known) noteHandshakeMessage(s, b.subarray(p, p + 4 + ml));
  let msgName = known ?? 'Encrypted Handshake Message';
  if (first && type === HS.SERVER_HELLO && ml >= 34 && isHelloRetryRandom(b, p + 6)) msgName = 'Hello Retry Request';
  appendInfo(pkt, ', ', msgName);
  // Labels only for nodes that are kept: in a filter pass most are not.
  if (t.labels || t.keeps('tls.record'))
    rec.label = `${vname} Record Layer: Handshake Protocol: ${first ? msgName : 'Multiple Handshake Messages'}`;
  const hs = t.add(rec, F['tls.handshake'], p, 4 + ml, undefined, {
    label: t.labels || t.keeps('tls.handshake') ? `Handshake Protocol: ${msgName}` : undefined,
  });
  if (!known) return;
  t.add(hs, F['tls.handshake.type'], p, 1, type);
  t.add(hs, F['tls.handshake.length'], p + 1, 3, ml);
  // A body that runs past its own length is malformed: the error ends the frame's dissection, as in Wireshark.
  dissectMessage(b.subarray(0, p + 4 + ml), p + 4, ml, type, msgName, pkt, hs, s, info);
}

/** Whether the 32 bytes at `o` are the HelloRetryRequest random (false when fewer remain). */
function isHelloRetryRandom(b: Uint8Array, o: number): boolean {
  if (o + HRR_RANDOM.length > b.length) return false;
  for (let i = 0; i < HRR_RANDOM.length; i++) if (b[o + i] !== HRR_RANDOM[i]) return false;
  return true;
}

/** The body of one complete handshake message (header already read): its fields, and what the session learns. */
export function dissectMessage(
  b: Uint8Array,
  o: number,
  len: number,
  type: number,
  msgName: string,
  pkt: PacketContext,
  hs: FieldNode,
  s: TlsSession,
  info: StreamInfo,
): void {
  const t = pkt.tree;
  const end = o + len;
  switch (type) {
    case HS.CLIENT_HELLO: {
      if (s.serverDirection < 0) s.serverDirection = info.direction === 0 ? 1 : 0;
      s.clientRandom = slice(b, o + 2, 32).slice();
      t.add(hs, F['tls.handshake.version'], o, 2, u16(b, o));
      addRandom(t, hs, b, o + 2, !randomWithoutTime(s.version));
      let p = o + 34;
      p = sessionId(b, p, pkt, hs);
      if (s.dtls) {
        const cl = u8(b, p);
        t.add(hs, F['tls.handshake.cookie_length'], p, 1, cl);
        if (cl) t.add(hs, F['tls.handshake.cookie'], p + 1, cl, slice(b, p + 1, cl));
        p += 1 + cl;
      }
      const csl = u16(b, p);
      t.add(hs, F['tls.handshake.cipher_suites_length'], p, 2, csl);
      const cs = t.add(hs, F['tls.handshake.ciphersuites'], p + 2, csl, undefined, {
        label: `Cipher Suites (${csl >> 1} suite${csl >> 1 === 1 ? '' : 's'})`,
      });
      for (let q = p + 2; q + 2 <= Math.min(p + 2 + csl, end); q += 2) cipherSuiteField(b, q, pkt, cs);
      p += 2 + csl;
      const cml = u8(b, p);
      t.add(hs, F['tls.handshake.comp_methods_length'], p, 1, cml);
      const cm = t.add(hs, F['tls.handshake.comp_methods'], p + 1, cml, undefined, {
        label: `Compression Methods (${cml} method${cml === 1 ? '' : 's'})`,
      });
      for (let q = p + 1; q < Math.min(p + 1 + cml, end); q++)
        t.add(cm, F['tls.handshake.comp_method'], q, 1, u8(b, q));
      p += 1 + cml;
      if (p < end) {
        const ext = dissectExtensions(b, p, end, pkt, hs, 'client');
        // Offering early data (0-RTT) is only possible in TLS 1.3: Wireshark takes the version from it.
        if (ext.types.includes(EARLY_DATA)) s.version = 0x0304;
      }
      addFingerprints(pkt, hs, b, o, len, type, s.dtls ? 'd' : s.transport);
      return;
    }
    case HS.SERVER_HELLO: {
      s.serverDirection = info.direction;
      const legacy = u16(b, o);
      t.add(hs, F['tls.handshake.version'], o, 2, legacy);
      const hrr = msgName === 'Hello Retry Request';
      if (!hrr) s.serverRandom = slice(b, o + 2, 32).slice();
      let p = o + 2;
      addRandom(t, hs, b, p, !randomWithoutTime(serverHelloVersion(b, o, end)), hrr);
      if (isEarlyDraft(legacy)) p += 32;
      else p = sessionId(b, p + 32, pkt, hs);
      const suite = cipherSuiteField(b, p, pkt, hs);
      p += 2;
      if (!isEarlyDraft(legacy)) {
        t.add(hs, F['tls.handshake.comp_method'], p, 1, u8(b, p));
        p += 1;
      }
      let version = legacy;
      if (p < end) {
        const ext = dissectExtensions(b, p, end, pkt, hs, hrr ? 'hrr' : 'server');
        if (ext.supportedVersion) version = ext.supportedVersion;
        if (ext.alpn.length) s.alpn = ext.alpn[0]!;
        noteServerExtensions(s, ext.types);
      }
      s.cipherSuite = suite;
      // Like Wireshark, only a version it knows becomes the session's version, and it names the Protocol column.
      const short = versionShortName(version);
      if (short) {
        s.version = version;
        pkt.cols.protocol = short;
      }
      addFingerprints(pkt, hs, b, o, len, type, s.dtls ? 'd' : s.transport);
      return;
    }
    case HS.HELLO_VERIFY_REQUEST: {
      t.add(hs, F['tls.handshake.version'], o, 2, u16(b, o));
      const cl = u8(b, o + 2);
      t.add(hs, F['tls.handshake.cookie_length'], o + 2, 1, cl);
      t.add(hs, F['tls.handshake.cookie'], o + 3, cl, slice(b, o + 3, cl));
      return;
    }
    case HS.NEW_SESSION_TICKET: {
      const tk = t.text(hs, o, len, 'TLS Session Ticket');
      const hint = u32(b, o);
      t.add(tk, F['tls.handshake.session_ticket_lifetime_hint'], o, 4, hint, { label: lifetimeHintLabel(hint) });
      let p = o + 4;
      if (isTls13(s.version)) {
        t.add(tk, F['tls.handshake.session_ticket_age_add'], p, 4, u32(b, p));
        const nl = u8(b, p + 4);
        t.add(tk, F['tls.handshake.session_ticket_nonce_len'], p + 4, 1, nl);
        t.add(tk, F['tls.handshake.session_ticket_nonce'], p + 5, nl, slice(b, p + 5, nl));
        p += 5 + nl;
      }
      const tl = u16(b, p);
      t.add(tk, F['tls.handshake.session_ticket_len'], p, 2, tl);
      t.add(tk, F['tls.handshake.session_ticket'], p + 2, tl, slice(b, p + 2, tl));
      p += 2 + tl;
      if (isTls13(s.version) && p < end) dissectExtensions(b, p, end, pkt, hs, 'other');
      return;
    }
    case HS.ENCRYPTED_EXTENSIONS: {
      // TLS 1.3 sends the server's ALPN choice here (seen once the record is decrypted).
      const ext = dissectExtensions(b, o, end, pkt, hs, 'encrypted_extensions');
      if (ext.alpn.length) s.alpn = ext.alpn[0]!;
      return;
    }
    case HS.CERTIFICATE: {
      let p = o;
      if (isTls13(s.version)) {
        const cl = u8(b, p);
        t.add(hs, F['tls.handshake.certificate_request_context_length'], p, 1, cl);
        p += 1 + cl;
      }
      const total = u24(b, p);
      t.add(hs, F['tls.handshake.certificates_length'], p, 3, total);
      // An empty list has no Certificates item in Wireshark.
      const certs = total
        ? t.add(hs, F['tls.handshake.certificates'], p + 3, total, undefined, {
            label: `Certificates (${total} bytes)`,
          })
        : hs;
      p += 3;
      const stop = Math.min(end, p + total);
      while (p + 3 <= stop) {
        const cl = u24(b, p);
        t.add(certs, F['tls.handshake.certificate_length'], p, 3, cl);
        const avail = Math.min(cl, stop - p - 3);
        const cert = t.add(certs, F['tls.handshake.certificate'], p + 3, avail, slice(b, p + 3, avail));
        dissectCertificate(t, cert, b, p + 3, avail, pkt.protocols);
        p += 3 + cl;
        if (isTls13(s.version) && p + 2 <= stop) {
          const el = u16(b, p);
          p += 2 + el;
        }
      }
      return;
    }
    case HS.SERVER_KEY_EXCHANGE: {
      dissectServerKeyExchange(b, o, len, pkt, hs, s);
      return;
    }
    case HS.CERTIFICATE_REQUEST: {
      let p = o;
      if (isTls13(s.version)) {
        const cl = u8(b, p);
        t.add(hs, F['tls.handshake.certificate_request_context_length'], p, 1, cl);
        dissectExtensions(b, p + 1 + cl, end, pkt, hs, 'other');
        return;
      }
      const n = u8(b, p);
      t.add(hs, F['tls.handshake.cert_types_count'], p, 1, n);
      const ct = t.add(hs, F['tls.handshake.cert_types'], p + 1, n, undefined, {
        label: `Certificate types (${n} type${n === 1 ? '' : 's'})`,
      });
      for (let q = p + 1; q < p + 1 + n; q++) t.add(ct, F['tls.handshake.cert_type'], q, 1, u8(b, q));
      p += 1 + n;
      if (isTls12(s.version) || (s.version === 0 && p + 2 <= end)) {
        const sl = u16(b, p);
        if (isTls12(s.version)) {
          dissectSigAlgs(b, p, sl, p + 2 + sl, pkt, hs);
          p += 2 + sl;
        }
      }
      if (p + 2 <= end) {
        const dl = u16(b, p);
        t.add(hs, F['tls.handshake.dnames_len'], p, 2, dl);
        if (dl) {
          const dn = t.add(hs, F['tls.handshake.dnames'], p + 2, dl, undefined, {
            label: `Distinguished Names (${dl} bytes)`,
          });
          for (let q = p + 2; q + 2 <= Math.min(p + 2 + dl, end);) {
            const l = u16(b, q);
            t.add(dn, F['tls.handshake.dname_len'], q, 2, l);
            q += 2 + l;
          }
        }
      }
      return;
    }
    case HS.CERTIFICATE_VERIFY: {
      if (isTls12(s.version) || isTls13(s.version)) {
        const alg = u16(b, o);
        const a = t.add(hs, F['tls.handshake.sig_hash_alg'], o, 2, alg);
        t.add(a, F['tls.handshake.sig_hash_hash'], o, 1, alg >> 8);
        t.add(a, F['tls.handshake.sig_hash_sig'], o + 1, 1, alg & 0xff);
        signature(b, o + 2, pkt, hs, VERIFY_SIGNATURE);
      } else signature(b, o, pkt, hs, VERIFY_SIGNATURE);
      return;
    }
    case HS.CLIENT_KEY_EXCHANGE: {
      const name = cipherSuites.get(s.cipherSuite) ?? '';
      if (/_ECDHE?_/.test(name)) {
        const pl = u8(b, o);
        const e = t.text(hs, o, len, 'EC Diffie-Hellman Client Params');
        t.add(e, F['tls.handshake.client_point_len'], o, 1, pl);
        t.add(e, F['tls.handshake.client_point'], o + 1, pl, slice(b, o + 1, pl));
      } else if (/_DHE?_/.test(name)) {
        const pl = u16(b, o);
        const e = t.text(hs, o, len, 'Diffie-Hellman Client Params');
        t.add(e, F['tls.handshake.yc_len'], o, 2, pl);
        t.add(e, F['tls.handshake.yc'], o + 2, pl, slice(b, o + 2, pl));
      } else if (len >= 2) {
        const pl = s.version === 0x0300 ? len : u16(b, o);
        const e = t.text(hs, o, len, 'RSA Encrypted PreMaster Secret');
        if (s.version === 0x0300) t.add(e, F['tls.handshake.epms'], o, pl, slice(b, o, pl));
        else {
          t.add(e, F['tls.handshake.epms_len'], o, 2, pl);
          t.add(e, F['tls.handshake.epms'], o + 2, Math.min(pl, len - 2), slice(b, o + 2, Math.min(pl, len - 2)));
        }
        noteEncryptedPremaster(s, s.version === 0x0300 ? b.subarray(o, end) : b.subarray(o + 2, end));
      }
      return;
    }
    case HS.FINISHED:
      t.add(hs, F['tls.handshake.verify_data'], o, len, undefined);
      return;
    case HS.CERTIFICATE_STATUS: {
      // Wireshark shows the type with the status_request extension's field, then the response as OCSP.
      t.add(hs, F['tls.handshake.extensions_status_request_type'], o, 1, u8(b, o));
      const cl = u24(b, o + 1);
      t.add(hs, F['tls.handshake.ocsp_response_len'], o + 1, 3, cl);
      dissectStapledOcsp(b, o + 4, Math.min(cl, len - 4), pkt, hs);
      return;
    }
    case HS.KEY_UPDATE:
      t.add(hs, F['tls.handshake.key_update.request_update'], o, 1, u8(b, o));
      return;
    default:
      return;
  }
}

function sessionId(b: Uint8Array, p: number, pkt: PacketContext, hs: FieldNode): number {
  const t = pkt.tree;
  const sl = u8(b, p);
  t.add(hs, F['tls.handshake.session_id_length'], p, 1, sl);
  if (sl) t.add(hs, F['tls.handshake.session_id'], p + 1, sl, slice(b, p + 1, sl));
  return p + 1 + sl;
}

function cipherSuiteField(b: Uint8Array, q: number, pkt: PacketContext, parent: FieldNode): number {
  const v = u16(b, q);
  const label =
    !cipherSuites.has(v) && isGrease(v)
      ? `Cipher Suite: Reserved (GREASE) (0x${v.toString(16).padStart(4, '0')})`
      : undefined;
  pkt.tree.add(parent, F['tls.handshake.ciphersuite'], q, 2, v, label ? { label } : undefined);
  return v;
}

/** The signature fields of ServerKeyExchange, and CertificateVerify's own (`Signature length`, lower-case). */
const KEY_EXCHANGE_SIGNATURE = { len: F['tls.handshake.sig_len'], sig: F['tls.handshake.sig'] };
const VERIFY_SIGNATURE = {
  len: F['tls.handshake.client_cert_vrfy.sig_len'],
  sig: F['tls.handshake.client_cert_vrfy.sig'],
};

function signature(
  b: Uint8Array,
  o: number,
  pkt: PacketContext,
  parent: FieldNode,
  fields = KEY_EXCHANGE_SIGNATURE,
): void {
  const t = pkt.tree;
  const sl = u16(b, o);
  t.add(parent, fields.len, o, 2, sl);
  t.add(parent, fields.sig, o + 2, sl, slice(b, o + 2, sl));
}

function dissectServerKeyExchange(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  hs: FieldNode,
  s: TlsSession,
): void {
  const t = pkt.tree;
  const name = cipherSuites.get(s.cipherSuite) ?? '';
  const withSigAlg = isTls12(s.version);
  if (/_ECDHE_/.test(name)) {
    const e = t.text(hs, o, len, 'EC Diffie-Hellman Server Params');
    t.add(e, F['tls.handshake.server_curve_type'], o, 1, u8(b, o));
    t.add(e, F['tls.handshake.server_named_curve'], o + 1, 2, u16(b, o + 1));
    const pl = u8(b, o + 3);
    t.add(e, F['tls.handshake.server_point_len'], o + 3, 1, pl);
    t.add(e, F['tls.handshake.server_point'], o + 4, pl, slice(b, o + 4, pl));
    let p = o + 4 + pl;
    if (p >= o + len) return;
    if (withSigAlg) {
      const alg = u16(b, p);
      const a = t.add(e, F['tls.handshake.sig_hash_alg'], p, 2, alg);
      t.add(a, F['tls.handshake.sig_hash_hash'], p, 1, alg >> 8);
      t.add(a, F['tls.handshake.sig_hash_sig'], p + 1, 1, alg & 0xff);
      p += 2;
    }
    signature(b, p, pkt, e);
    return;
  }
  if (/_DHE_/.test(name)) {
    const e = t.text(hs, o, len, 'Diffie-Hellman Server Params');
    let p = o;
    for (const [lf, vf] of [
      ['tls.handshake.p_len', 'tls.handshake.p'],
      ['tls.handshake.g_len', 'tls.handshake.g'],
      ['tls.handshake.ys_len', 'tls.handshake.ys'],
    ] as const) {
      const l = u16(b, p);
      t.add(e, F[lf], p, 2, l);
      t.add(e, F[vf], p + 2, l, slice(b, p + 2, l));
      p += 2 + l;
    }
    if (p >= o + len) return;
    if (withSigAlg) {
      const alg = u16(b, p);
      const a = t.add(e, F['tls.handshake.sig_hash_alg'], p, 2, alg);
      t.add(a, F['tls.handshake.sig_hash_hash'], p, 1, alg >> 8);
      t.add(a, F['tls.handshake.sig_hash_sig'], p + 1, 1, alg & 0xff);
      p += 2;
    }
    signature(b, p, pkt, e);
  }
}
