/**
 * Weak-crypto warnings (a Wirelens addition, not in Wireshark): expert items in their own group, Security, each under
 * a `_ws.expert` item as Wireshark lays expert info out, so `_ws.expert`, `_ws.expert.group == "Security"` and the
 * `tls.insight.*` names all filter on them. Read from the record bytes, so they exist whatever part of the tree is
 * kept. Explanations and RFC sections for a findings list are in shared/analysis/findings.ts.
 */
import type { ExpertNote, PacketContext } from '../context.ts';
import { declareFields, lookupField } from '../fields.ts';
import { F as FRAME } from '../frame.ts';
import { FieldGroup, type FieldNode } from '../tree.ts';
import type { StreamInfo } from '../stream.ts';
import { cipherSuites, isGrease, alertDescriptions } from './tables.ts';
import { isFromServer, type TlsSession } from './session.ts';
import { versionShortName } from './fields.ts';
import { certificateSummary } from './x509.ts';

export const INSIGHT_FIELDS = declareFields({
  'tls.insight.weak_version': { name: 'Obsolete protocol version negotiated', type: 'none' },
  'tls.insight.weak_cipher_offered': { name: 'Weak cipher suites offered', type: 'none' },
  'tls.insight.weak_cipher': { name: 'Weak cipher suite chosen', type: 'none' },
  'tls.insight.rsa_key_exchange': { name: 'RSA key exchange (no forward secrecy)', type: 'none' },
  'tls.insight.cert_expired': { name: 'Certificate expired', type: 'none' },
  'tls.insight.cert_not_yet_valid': { name: 'Certificate not yet valid', type: 'none' },
  'tls.insight.cert_self_signed': { name: 'Self-signed certificate', type: 'none' },
  'tls.insight.cert_name_mismatch': { name: 'Server name not in the certificate', type: 'none' },
  'tls.insight.no_renegotiation_info': { name: 'No secure renegotiation (renegotiation_info)', type: 'none' },
  'tls.insight.record_too_long': { name: 'Record longer than 2^14 bytes', type: 'none' },
  'tls.insight.fatal_alert': { name: 'Fatal alert', type: 'none' },
});

/** What the checks add: `_ws.expert` items with the insight fields under them. */
const SECURITY_FIELDS = new FieldGroup(new Set(), ['_ws.expert', 'tls.insight']);

export type InsightField = keyof typeof INSIGHT_FIELDS;

const SEVERITY_NAME: Record<ExpertNote['severity'], string> = {
  chat: 'Chat',
  note: 'Note',
  warn: 'Warning',
  error: 'Error',
};

const CT_ALERT = 21;
const CT_HANDSHAKE = 22;
const EXT_SERVER_NAME = 0;
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_RENEGOTIATION_INFO = 0xff01;
const SCSV_RENEGOTIATION = 0x00ff;
const MAX_PLAINTEXT = 1 << 14;
const HRR_RANDOM_START = [0xcf, 0x21, 0xad, 0x74];

/** What the checks remember per connection: the name the client asked for. */
const serverNames = new WeakMap<TlsSession, string>();

/** Adds one warning: `_ws.expert` with the insight field, message, severity and group under it. */
function warn(
  pkt: PacketContext,
  parent: FieldNode,
  field: InsightField,
  offset: number,
  length: number,
  message: string,
  severity: ExpertNote['severity'] = 'warn',
): void {
  const t = pkt.tree;
  const sev = SEVERITY_NAME[severity];
  const e = t.add(parent, FRAME['_ws.expert'], offset, length, undefined, {
    label: `[Expert Info (${sev}/Security): ${message}]`,
  });
  t.add(e, INSIGHT_FIELDS[field], offset, length, undefined, { label: message });
  t.add(e, FRAME['_ws.expert.message'], offset, 0, message, { label: `[${message}]` });
  const sevDef = lookupField('_ws.expert.severity');
  const grpDef = lookupField('_ws.expert.group');
  if (sevDef) t.add(e, sevDef, offset, 0, sev, { label: `[Severity level: ${sev}]` });
  if (grpDef) t.add(e, grpDef, offset, 0, 'Security', { label: '[Group: Security]' });
  pkt.notes.push({ severity, group: 'security', message });
}

/** Why a suite is weak (`RC4`, `export grade`, …), or '' when it is not. */
export function suiteWeakness(suite: number): string {
  const name = cipherSuites.get(suite);
  if (!name || suite === SCSV_RENEGOTIATION || suite === 0x5600) return '';
  if (name === 'TLS_NULL_WITH_NULL_NULL' || /_WITH_NULL_|_NULL_SHA|_NULL_MD5/.test(name)) return 'NULL encryption';
  if (name.includes('EXPORT')) return 'export grade';
  if (name.includes('_anon_')) return 'anonymous (unauthenticated)';
  if (name.includes('RC4')) return 'RC4';
  if (name.includes('3DES')) return '3DES';
  if (/_DES(40)?_|_DES_CBC/.test(name)) return 'DES';
  return '';
}

/** True for suites whose key exchange is plain RSA key transport (no forward secrecy). */
export function isRsaKeyExchange(suite: number): boolean {
  const name = cipherSuites.get(suite) ?? '';
  return /^(TLS|SSL)_RSA_(WITH|EXPORT)/.test(name);
}

function suiteName(suite: number): string {
  return cipherSuites.get(suite) ?? `0x${suite.toString(16).padStart(4, '0')}`;
}

/** A bounded reader over one handshake message: reads past its end return -1 instead of throwing. */
class Reader {
  constructor(
    private readonly b: Uint8Array,
    public p: number,
    private readonly end: number,
  ) {}
  has(n: number): boolean {
    return this.p + n <= this.end;
  }
  u8(): number {
    if (!this.has(1)) return -1;
    return this.b[this.p++]!;
  }
  u16(): number {
    if (!this.has(2)) return -1;
    const v = (this.b[this.p]! << 8) | this.b[this.p + 1]!;
    this.p += 2;
    return v;
  }
  skip(n: number): boolean {
    if (n < 0 || !this.has(n)) return false;
    this.p += n;
    return true;
  }
}

interface Hello {
  version: number;
  suites: number[];
  /** Extension type → [offset, length] of its data. */
  extensions: Map<number, [number, number]>;
  /** The first bytes of the random (to tell a HelloRetryRequest). */
  randomStart: number[];
}

function readHello(b: Uint8Array, p: number, end: number, server: boolean): Hello | undefined {
  const r = new Reader(b, p, end);
  const version = r.u16();
  if (version < 0 || !r.has(32)) return undefined;
  const randomStart = Array.from(b.subarray(r.p, r.p + 4));
  r.skip(32);
  if (!r.skip(r.u8())) return undefined;
  const suites: number[] = [];
  if (server) suites.push(r.u16());
  else {
    const n = r.u16();
    if (n < 0 || !r.has(n)) return undefined;
    for (let i = 0; i + 1 < n; i += 2) suites.push(r.u16());
  }
  if (server) r.skip(1);
  else if (!r.skip(r.u8())) return undefined;
  const extensions = new Map<number, [number, number]>();
  const total = r.u16();
  if (total > 0 && r.has(total)) {
    const extEnd = r.p + total;
    while (r.p + 4 <= extEnd) {
      const type = r.u16();
      const len = r.u16();
      if (r.p + len > extEnd) break;
      extensions.set(type, [r.p, len]);
      r.skip(len);
    }
  }
  return { version, suites, extensions, randomStart };
}

function hostName(b: Uint8Array, ext: [number, number] | undefined): string {
  if (!ext) return '';
  const [p, len] = ext;
  const r = new Reader(b, p, p + len);
  r.u16();
  while (r.has(3)) {
    const type = r.u8();
    const n = r.u16();
    if (!r.has(n)) return '';
    if (type === 0) return new TextDecoder().decode(b.subarray(r.p, r.p + n));
    r.skip(n);
  }
  return '';
}

/** Whether `host` is one of the certificate's DNS names (a leading `*.` matches one label). */
export function nameMatches(host: string, names: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const raw of names) {
    const n = raw.toLowerCase();
    if (n === h) return true;
    if (n.startsWith('*.')) {
      const dot = h.indexOf('.');
      if (dot > 0 && h.slice(dot + 1) === n.slice(2)) return true;
    }
  }
  return false;
}

function commonName(dn: string): string {
  return /(?:^|,)id-at-commonName=([^,]*)/.exec(dn)?.[1] ?? '';
}

function checkClientHello(
  pkt: PacketContext,
  root: FieldNode,
  b: Uint8Array,
  p: number,
  end: number,
  s: TlsSession,
): void {
  const h = readHello(b, p, end, false);
  if (!h) return;
  const sni = hostName(b, h.extensions.get(EXT_SERVER_NAME));
  if (sni) serverNames.set(s, sni);
  const weak = h.suites.filter((x) => !isGrease(x) && suiteWeakness(x));
  if (weak.length) {
    const kinds = [...new Set(weak.map(suiteWeakness))].join(', ');
    warn(
      pkt,
      root,
      'tls.insight.weak_cipher_offered',
      p,
      end - p,
      `Client offers ${weak.length} weak cipher suite${weak.length > 1 ? 's' : ''} (${kinds})`,
      'note',
    );
  }
}

function checkServerHello(pkt: PacketContext, root: FieldNode, b: Uint8Array, p: number, end: number): void {
  const h = readHello(b, p, end, true);
  if (!h || HRR_RANDOM_START.every((x, i) => h.randomStart[i] === x)) return;
  const sv = h.extensions.get(EXT_SUPPORTED_VERSIONS);
  const version = sv && sv[1] === 2 ? (b[sv[0]]! << 8) | b[sv[0] + 1]! : h.version;
  const suite = h.suites[0] ?? -1;
  if (version >= 0x0300 && version <= 0x0302)
    warn(
      pkt,
      root,
      'tls.insight.weak_version',
      p,
      end - p,
      `Obsolete protocol version negotiated: ${versionShortName(version)}`,
    );
  const weakness = suiteWeakness(suite);
  if (weakness)
    warn(
      pkt,
      root,
      'tls.insight.weak_cipher',
      p,
      end - p,
      `Weak cipher suite chosen (${weakness}): ${suiteName(suite)}`,
    );
  if (isRsaKeyExchange(suite))
    warn(
      pkt,
      root,
      'tls.insight.rsa_key_exchange',
      p,
      end - p,
      `RSA key exchange, no forward secrecy: ${suiteName(suite)}`,
    );
  const tls13 = version === 0x0304 || versionShortName(version) === 'TLSv1.3';
  if (!tls13 && version >= 0x0300 && !h.extensions.has(EXT_RENEGOTIATION_INFO))
    warn(
      pkt,
      root,
      'tls.insight.no_renegotiation_info',
      p,
      end - p,
      'Server does not support secure renegotiation (no renegotiation_info)',
    );
}

function checkCertificate(
  pkt: PacketContext,
  root: FieldNode,
  b: Uint8Array,
  p: number,
  end: number,
  s: TlsSession,
): void {
  const r = new Reader(b, p, end);
  if (!r.has(6)) return;
  r.skip(3);
  const len = (b[r.p]! << 16) | (b[r.p + 1]! << 8) | b[r.p + 2]!;
  r.skip(3);
  if (len === 0 || !r.has(len)) return;
  const sum = certificateSummary(b, r.p, len);
  if (!sum) return;
  const cn = commonName(sum.subject);
  const who = cn || sum.subject;
  if (pkt.absSec !== undefined) {
    const at = pkt.absSec * 1000;
    const after = Date.parse(sum.notAfter);
    const before = Date.parse(sum.notBefore);
    if (!Number.isNaN(after) && after < at)
      warn(
        pkt,
        root,
        'tls.insight.cert_expired',
        r.p,
        len,
        `Certificate of ${who} expired on ${sum.notAfter} (before the capture)`,
      );
    else if (!Number.isNaN(before) && before > at)
      warn(
        pkt,
        root,
        'tls.insight.cert_not_yet_valid',
        r.p,
        len,
        `Certificate of ${who} is not valid until ${sum.notBefore} (after the capture)`,
      );
  }
  if (sum.subject === sum.issuer)
    warn(pkt, root, 'tls.insight.cert_self_signed', r.p, len, `Self-signed certificate: ${who}`);
  const sni = serverNames.get(s);
  const names = sum.sans.length ? sum.sans : cn ? [cn] : [];
  if (sni && names.length && !nameMatches(sni, names))
    warn(
      pkt,
      root,
      'tls.insight.cert_name_mismatch',
      r.p,
      len,
      `Server name ${sni} is not in the certificate (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`,
    );
}

/**
 * Checks one TLS record `b[o, o+5+recLen)` after it was dissected and adds warnings under `root`. Handshake messages
 * are read only while they are plaintext and whole within the record.
 */
export function checkRecordSecurity(
  b: Uint8Array,
  o: number,
  recLen: number,
  pkt: PacketContext,
  root: FieldNode,
  s: TlsSession,
  info: StreamInfo,
): void {
  // The checks only add warnings (and remember the server name for the certificate check): skipped as a whole when
  // none of their fields is read, so every check of a connection runs or none does.
  if (!pkt.tree.keepsAnyOf(SECURITY_FIELDS)) return;
  try {
    checkRecord(b, o, recLen, pkt, root, s, info);
  } catch {
    // A warning is never worth failing the packet for: bad bytes here are reported by the record's own dissection.
  }
}

function checkRecord(
  b: Uint8Array,
  o: number,
  recLen: number,
  pkt: PacketContext,
  root: FieldNode,
  s: TlsSession,
  info: StreamInfo,
): void {
  const ct = b[o]!;
  const body = o + 5;
  const end = body + recLen;
  if (recLen > MAX_PLAINTEXT)
    warn(pkt, root, 'tls.insight.record_too_long', o + 3, 2, `Record length ${recLen} exceeds 2^14 (16384) bytes`);
  if (ct === CT_ALERT && recLen === 2 && b[body] === 2) {
    const desc = b[body + 1]!;
    warn(
      pkt,
      root,
      'tls.insight.fatal_alert',
      body,
      2,
      `Fatal alert: ${alertDescriptions.get(desc) ?? `Unknown (${desc})`}`,
    );
  }
  // After ChangeCipherSpec this direction's handshake records are ciphertext.
  if (ct !== CT_HANDSHAKE || s.ccsFrame[info.direction] !== 0) return;
  let p = body;
  while (p + 4 <= end) {
    const type = b[p]!;
    const len = (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
    const msgEnd = p + 4 + len;
    if (msgEnd > end) return;
    if (type === 1) checkClientHello(pkt, root, b, p + 4, msgEnd, s);
    else if (type === 2) checkServerHello(pkt, root, b, p + 4, msgEnd);
    else if (type === 11 && isFromServer(s, info)) checkCertificate(pkt, root, b, p + 4, msgEnd, s);
    p = msgEnd;
  }
}
