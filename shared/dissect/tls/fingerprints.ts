/**
 * TLS hello fingerprints, computed from the raw ClientHello / ServerHello body (not from the tree, which may not be
 * built): JA3 and JA3S exactly as Wireshark 4.0 prints them, and JA4 (with its raw form JA4_r) as the FoxIO JA4
 * specification defines it.
 *
 * Wireshark's JA3 follows its own parser, quirks included, and those quirks show in the strings:
 * - GREASE values are left out of the cipher, extension and supported-group lists;
 * - a hello that ends after its compression methods gets empty extension, group and point-format fields
 *   (`771,47,,,`; a ServerHello `771,47,`), while an extensions block whose length does not fit keeps only
 *   `version,ciphers,`;
 * - an extension whose data runs past the extensions block still has its type counted, and the string stops there;
 * - supported groups are read up to the end of the extension, whatever the list length says (a list length that
 *   does not fit drops that extension's groups); EC point formats are read for as many bytes as their count says,
 *   past the extension if need be;
 * - every supported_groups (ec_point_formats) extension adds its own comma-led list;
 * - a read past the end of the message is an exception in Wireshark: no fingerprint at all.
 */
import { BoundsError, u16, u8 } from '../../bytes.ts';
import type { PacketContext } from '../context.ts';
import { declareFields } from '../fields.ts';
import { FieldGroup, type FieldNode, type FieldTree } from '../tree.ts';
import { md5Hex, sha256Hex } from './hash.ts';
import { isGrease } from './tables.ts';

export const FP = declareFields({
  'tls.handshake.ja4': { name: 'JA4', type: 'string' },
  'tls.handshake.ja4_r': { name: 'JA4_r', type: 'string' },
  'tls.handshake.ja3_full': { name: 'JA3 Fullstring', type: 'string' },
  'tls.handshake.ja3': { name: 'JA3', type: 'string' },
  'tls.handshake.ja3s_full': { name: 'JA3S Fullstring', type: 'string' },
  'tls.handshake.ja3s': { name: 'JA3S', type: 'string' },
});

/** How the hello travelled, JA4's first character: TLS over TCP, QUIC or DTLS. */
export type Transport = 't' | 'q' | 'd';

const EXT_SERVER_NAME = 0;
const EXT_SUPPORTED_GROUPS = 10;
const EXT_EC_POINT_FORMATS = 11;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;

interface Extension {
  type: number;
  /** Offset and length of its data. */
  data: number;
  len: number;
}

interface Hello {
  version: number;
  /** Cipher suites in order (the one chosen, for a ServerHello). */
  ciphers: number[];
  /** Where the extensions block starts (after the compression methods): Wireshark puts the fingerprints there. */
  extOffset: number;
  /** 'absent': the body ends before the block; 'bad': the block's length does not fit the message. */
  block: 'absent' | 'bad' | 'ok';
  /** The extensions wholly inside the block. */
  exts: Extension[];
  /** The type of an extension whose data runs past the block: counted, not read, and the last one looked at. */
  cut: number | undefined;
}

/** Draft versions before 22 dropped legacy_session_id and compression from the ServerHello. */
function isEarlyDraft(v: number): boolean {
  return (v & 0xff00) === 0x7f00 && (v & 0xff) < 22;
}

/** The extensions block at `p` of a message ending at `end`. Throws BoundsError where Wireshark raises. */
function scanExtensions(b: Uint8Array, p: number, end: number, h: Hello): void {
  h.extOffset = p;
  if (p >= end) {
    h.block = 'absent';
    return;
  }
  if (end - p < 2 || u16(b, p) > end - p - 2) {
    h.block = 'bad';
    return;
  }
  h.block = 'ok';
  const stop = p + 2 + u16(b, p);
  let q = p + 2;
  while (stop - q >= 4) {
    const type = u16(b, q);
    const len = u16(b, q + 2);
    if (q + 4 + len > end) throw new BoundsError(q + 4, len, end);
    if (q + 4 + len > stop) {
      h.cut = type;
      return;
    }
    h.exts.push({ type, data: q + 4, len });
    q += 4 + len;
  }
}

function parseClientHello(b: Uint8Array, o: number, len: number, transport: Transport): Hello | undefined {
  const end = o + len;
  const h: Hello = { version: u16(b, o), ciphers: [], extOffset: end, block: 'absent', exts: [], cut: undefined };
  let p = o + 34;
  p += 1 + u8(b, p);
  if (transport === 'd') p += 1 + u8(b, p);
  if (p + 2 > end) return undefined;
  const csl = u16(b, p);
  p += 2;
  if (p + csl > end) return undefined;
  for (let q = p; q + 2 <= p + csl; q += 2) h.ciphers.push(u16(b, q));
  p += csl;
  if (p >= end) return undefined;
  const cml = u8(b, p);
  p += 1;
  if (p + cml > end) return undefined;
  scanExtensions(b, p + cml, end, h);
  return h;
}

function parseServerHello(b: Uint8Array, o: number, len: number): Hello | undefined {
  const end = o + len;
  const version = u16(b, o);
  const h: Hello = { version, ciphers: [], extOffset: end, block: 'absent', exts: [], cut: undefined };
  let p = o + 34;
  const early = isEarlyDraft(version);
  if (!early) p += 1 + u8(b, p);
  h.ciphers.push(u16(b, p));
  p += 2;
  if (!early) {
    u8(b, p);
    p += 1;
  }
  scanExtensions(b, p, end, h);
  return h;
}

function noGrease(values: readonly number[]): number[] {
  return values.filter((v) => !isGrease(v));
}

function extTypes(h: Hello): number[] {
  const types = h.exts.map((e) => e.type);
  if (h.cut !== undefined) types.push(h.cut);
  return types;
}

/** The JA3 string of a parsed ClientHello (may throw BoundsError for point formats read past the message). */
function ja3String(b: Uint8Array, h: Hello): string {
  const head = `${h.version},${noGrease(h.ciphers).join('-')},`;
  if (h.block === 'absent') return head + ',,';
  if (h.block === 'bad') return head;
  const exts = head + noGrease(extTypes(h)).join('-');
  if (h.cut !== undefined) return exts;
  let groups = '';
  let formats = '';
  for (const e of h.exts) {
    if (e.type === EXT_SUPPORTED_GROUPS) {
      if (e.len < 2 || u16(b, e.data) > e.len - 2) continue;
      const list: number[] = [];
      for (let p = e.data + 2; p + 2 <= e.data + e.len; p += 2) list.push(u16(b, p));
      groups += ',' + noGrease(list).join('-');
    } else if (e.type === EXT_EC_POINT_FORMATS) {
      const n = u8(b, e.data);
      const list: number[] = [];
      for (let i = 0; i < n; i++) list.push(u8(b, e.data + 1 + i));
      formats += ',' + list.join('-');
    }
  }
  return exts + (groups || ',') + (formats || ',');
}

function ja3sString(h: Hello): string {
  const head = `${h.version},${h.ciphers[0]!},`;
  return h.block === 'ok' ? head + noGrease(extTypes(h)).join('-') : head;
}

export interface Ja3 {
  full: string;
  hash: string;
}

/** Runs a computation over hello bytes; a read past the message (an exception in Wireshark) gives undefined. */
function guarded<T>(f: () => T | undefined): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof BoundsError) return undefined;
    throw e;
  }
}

function withHash(full: string): Ja3 {
  return { full, hash: md5Hex(full) };
}

/** JA3 of a ClientHello body (`o`, `len`), as Wireshark 4.0 prints it; undefined where Wireshark shows none. */
export function ja3(b: Uint8Array, o: number, len: number, transport: Transport = 't'): Ja3 | undefined {
  const m = b.subarray(0, o + len);
  return guarded(() => {
    const h = parseClientHello(m, o, len, transport);
    return h && withHash(ja3String(m, h));
  });
}

/** JA3S of a ServerHello (or HelloRetryRequest) body, as Wireshark 4.0 prints it. */
export function ja3s(b: Uint8Array, o: number, len: number): Ja3 | undefined {
  const m = b.subarray(0, o + len);
  return guarded(() => {
    const h = parseServerHello(m, o, len);
    return h && withHash(ja3sString(h));
  });
}

const JA4_VERSIONS: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'],
  [0x0303, '12'],
  [0x0302, '11'],
  [0x0301, '10'],
  [0x0300, 's3'],
  [0x0002, 's2'],
  [0xfeff, 'd1'],
  [0xfefd, 'd2'],
  [0xfefc, 'd3'],
]);

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}

function count2(n: number): string {
  return String(Math.min(n, 99)).padStart(2, '0');
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** JA4's ALPN characters: first and last of the first protocol, or of its hex form when either is not alphanumeric. */
function alpnChars(b: Uint8Array, e: Extension | undefined): string {
  if (!e || e.len < 3) return '00';
  const stop = Math.min(e.data + 2 + u16(b, e.data), e.data + e.len);
  const n = u8(b, e.data + 2);
  const first = e.data + 3;
  if (n === 0 || first + n > stop) return '00';
  const a = b[first]!;
  const z = b[first + n - 1]!;
  if (isAlnum(a) && isAlnum(z)) return String.fromCharCode(a, z);
  return a.toString(16).padStart(2, '0')[0]! + z.toString(16).padStart(2, '0')[1]!;
}

/** The highest non-GREASE version offered in supported_versions, or 0. */
function highestVersion(b: Uint8Array, e: Extension | undefined): number {
  if (!e || e.len < 1) return 0;
  const stop = Math.min(e.data + 1 + u8(b, e.data), e.data + e.len);
  let best = 0;
  for (let p = e.data + 1; p + 2 <= stop; p += 2) {
    const v = u16(b, p);
    if (!isGrease(v) && v > best) best = v;
  }
  return best;
}

function signatureAlgorithms(b: Uint8Array, e: Extension | undefined): number[] {
  if (!e || e.len < 2) return [];
  const stop = Math.min(e.data + 2 + u16(b, e.data), e.data + e.len);
  const out: number[] = [];
  for (let p = e.data + 2; p + 2 <= stop; p += 2) out.push(u16(b, p));
  return noGrease(out);
}

function hash12(list: string): string {
  return list ? sha256Hex(list).slice(0, 12) : '000000000000';
}

export interface Ja4 {
  ja4: string;
  /** The raw form: sorted cipher and extension lists and the signature algorithms, unhashed. */
  raw: string;
}

/** JA4 of a ClientHello body per the FoxIO JA4 specification; undefined when the body is cut short. */
export function ja4(b: Uint8Array, o: number, len: number, transport: Transport = 't'): Ja4 | undefined {
  const m = b.subarray(0, o + len);
  return guarded(() => {
    const h = parseClientHello(m, o, len, transport);
    return h && ja4Of(m, h, transport);
  });
}

function ja4Of(b: Uint8Array, h: Hello, transport: Transport): Ja4 {
  const first = (type: number): Extension | undefined => h.exts.find((e) => e.type === type);
  const types = noGrease(extTypes(h));
  const ciphers = noGrease(h.ciphers);
  const version = highestVersion(b, first(EXT_SUPPORTED_VERSIONS)) || h.version;
  const a =
    transport +
    (JA4_VERSIONS.get(version) ?? '00') +
    (types.includes(EXT_SERVER_NAME) ? 'd' : 'i') +
    count2(ciphers.length) +
    count2(types.length) +
    alpnChars(b, first(EXT_ALPN));
  const cipherList = [...ciphers]
    .sort((x, y) => x - y)
    .map(hex4)
    .join(',');
  const extList = types
    .filter((t) => t !== EXT_SERVER_NAME && t !== EXT_ALPN)
    .sort((x, y) => x - y)
    .map(hex4)
    .join(',');
  const sigs = signatureAlgorithms(b, first(EXT_SIGNATURE_ALGORITHMS)).map(hex4).join(',');
  const extPart = sigs ? `${extList}_${sigs}` : extList;
  return {
    ja4: `${a}_${hash12(cipherList)}_${extList ? hash12(extPart) : '000000000000'}`,
    raw: `${a}_${cipherList}_${extPart}`,
  };
}

/** The fingerprint fields, asked about as a group (once per kept set, not per hello). */
const FINGERPRINT_FIELDS = new FieldGroup(new Set(Object.keys(FP)));

function keepsFingerprints(tree: FieldTree): boolean {
  return tree.keepsAnyOf(FINGERPRINT_FIELDS);
}

/**
 * Adds the generated fingerprint fields of a ClientHello (`type` 1: JA4, JA4_r, JA3 Fullstring, JA3) or ServerHello
 * (2: JA3S Fullstring, JA3S) body at `o`, `len` under its handshake node `hs`. Like Wireshark, they come after the
 * extensions and point, with no length, at the start of the extensions block.
 */
export function addFingerprints(
  pkt: PacketContext,
  hs: FieldNode,
  b: Uint8Array,
  o: number,
  len: number,
  type: number,
  transport: Transport = 't',
): void {
  // Fingerprints are fields only: nothing to compute when none of them is kept (columns only, or other fields).
  if ((type !== 1 && type !== 2) || !keepsFingerprints(pkt.tree)) return;
  const t = pkt.tree;
  const gen = { generated: true };
  const m = b.subarray(0, o + len);
  const h = guarded(() => (type === 1 ? parseClientHello(m, o, len, transport) : parseServerHello(m, o, len)));
  if (!h) return;
  const at = h.extOffset;
  if (type === 1) {
    const j4 = guarded(() => ja4Of(m, h, transport));
    if (j4) {
      // Shown in the app as newer Wireshark shows them; tshark 4.0's -V text has no JA4 (the CLI leaves them out).
      t.add(hs, FP['tls.handshake.ja4'], at, 0, j4.ja4, gen);
      t.add(hs, FP['tls.handshake.ja4_r'], at, 0, j4.raw, gen);
    }
    const j3 = guarded(() => withHash(ja3String(m, h)));
    if (j3) {
      t.add(hs, FP['tls.handshake.ja3_full'], at, 0, j3.full, gen);
      t.add(hs, FP['tls.handshake.ja3'], at, 0, j3.hash, gen);
    }
  } else {
    const j3s = withHash(ja3sString(h));
    t.add(hs, FP['tls.handshake.ja3s_full'], at, 0, j3s.full, gen);
    t.add(hs, FP['tls.handshake.ja3s'], at, 0, j3s.hash, gen);
  }
}
