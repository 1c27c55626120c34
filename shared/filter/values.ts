/**
 * Filter value types: Wireshark's type names, literal conversion (with tshark 4.0's messages),
 * the runtime value of a tree node, and comparisons.
 */
import type { FieldDef, FieldType } from '../dissect/fields.ts';
import type { FieldNode, FieldTree } from '../dissect/tree.ts';

/** A field type, plus the signed 64-bit integer that negation produces. */
export type FT = FieldType | 'int64';

export type Val =
  /** `s`: whether the value is signed (a negative signed value never compares with an unsigned one). */
  | { readonly t: 'int'; readonly n: bigint; readonly s: boolean }
  | { readonly t: 'bool'; readonly b: boolean }
  /** Byte sequences, protocols, Ethernet addresses and OIDs (BER): ordered by length, then content. */
  | { readonly t: 'bytes'; readonly v: Uint8Array }
  /** Character strings, as UTF-8: ordered like strcmp. */
  | { readonly t: 'str'; readonly v: Uint8Array }
  | { readonly t: 'ipv4'; readonly a: number; readonly bits: number }
  | { readonly t: 'ipv6'; readonly a: Uint8Array; readonly bits: number }
  /** Absolute and relative times, in nanoseconds. */
  | { readonly t: 'time'; readonly ns: bigint }
  | { readonly t: 'double'; readonly d: number };

const TYPE_NAMES: Record<FT, string> = {
  protocol: 'Protocol',
  none: 'Label',
  uint8: 'Unsigned integer (1 byte)',
  uint16: 'Unsigned integer (2 bytes)',
  uint24: 'Unsigned integer (3 bytes)',
  uint32: 'Unsigned integer (4 bytes)',
  uint64: 'Unsigned integer (8 bytes)',
  int32: 'Signed integer (4 bytes)',
  int64: 'Signed integer (8 bytes)',
  boolean: 'Boolean',
  bytes: 'Byte sequence',
  string: 'Character string',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  ether: 'Ethernet or other MAC address',
  abstime: 'Date and time',
  reltime: 'Time offset',
  double: 'Floating point (double-precision)',
  framenum: 'Frame number',
  oid: 'ASN.1 object identifier',
};

const FT_NAMES: Record<FT, string> = {
  protocol: 'FT_PROTOCOL',
  none: 'FT_NONE',
  uint8: 'FT_UINT8',
  uint16: 'FT_UINT16',
  uint24: 'FT_UINT24',
  uint32: 'FT_UINT32',
  uint64: 'FT_UINT64',
  int32: 'FT_INT32',
  int64: 'FT_INT64',
  boolean: 'FT_BOOLEAN',
  bytes: 'FT_BYTES',
  string: 'FT_STRING',
  ipv4: 'FT_IPv4',
  ipv6: 'FT_IPv6',
  ether: 'FT_ETHER',
  abstime: 'FT_ABSOLUTE_TIME',
  reltime: 'FT_RELATIVE_TIME',
  double: 'FT_DOUBLE',
  framenum: 'FT_FRAMENUM',
  oid: 'FT_OID',
};

/** Wireshark's description of a type, e.g. `Unsigned integer (2 bytes)`. */
export function typeName(ft: FT): string {
  return TYPE_NAMES[ft];
}

/** Wireshark's enum name of a type, e.g. `FT_UINT16`. */
export function ftName(ft: FT): string {
  return FT_NAMES[ft];
}

export function isInt(ft: FT): boolean {
  return (
    ft === 'uint8' ||
    ft === 'uint16' ||
    ft === 'uint24' ||
    ft === 'uint32' ||
    ft === 'uint64' ||
    ft === 'int32' ||
    ft === 'int64' ||
    ft === 'framenum'
  );
}

export function isSigned(ft: FT): boolean {
  return ft === 'int32' || ft === 'int64';
}

/** Types whose values are compared as byte sequences. */
export function isBytesLike(ft: FT): boolean {
  return ft === 'bytes' || ft === 'ether' || ft === 'oid';
}

/** Types that can be sliced (`x[0:2]`) into bytes. */
export function isSliceable(ft: FT): boolean {
  return isBytesLike(ft) || ft === 'protocol' || ft === 'string' || ft === 'ipv4' || ft === 'ipv6';
}

/** Whether values of the two types can be compared with each other. */
export function compatible(a: FT, b: FT): boolean {
  // An integer compares with a boolean (as 0 or 1), but not the other way round.
  if (isInt(a) && (isInt(b) || b === 'boolean')) return true;
  if (isBytesLike(a) && isBytesLike(b)) return true;
  return a === b;
}

function intRange(ft: FT): [bigint, bigint] {
  switch (ft) {
    case 'uint8':
      return [0n, 0xffn];
    case 'uint16':
      return [0n, 0xffffn];
    case 'uint24':
      return [0n, 0xffffffn];
    case 'uint32':
    case 'framenum':
      return [0n, 0xffffffffn];
    case 'int32':
      return [-(2n ** 31n), 2n ** 31n - 1n];
    case 'int64':
      return [-(2n ** 63n), 2n ** 63n - 1n];
    default:
      return [0n, 2n ** 64n - 1n];
  }
}

/** The byte width of a fixed-size type (what `len()` gives for it). */
export function fixedSize(ft: FT): number | undefined {
  const sizes: Partial<Record<FT, number>> = {
    uint8: 1,
    uint16: 2,
    uint24: 3,
    uint32: 4,
    uint64: 8,
    int32: 4,
    int64: 8,
    framenum: 4,
    ipv4: 4,
    ipv6: 16,
    ether: 6,
    double: 8,
    abstime: 0,
    reltime: 0,
    boolean: 0,
    none: 0,
  };
  return sizes[ft];
}

/** What a literal is converted for: the other operand's type, and its field (for value names). */
export interface Target {
  readonly ft: FT;
  readonly def?: FieldDef;
}

export type Converted = { ok: true; v: Val } | { ok: false; msg: string };

const fail = (msg: string): Converted => ({ ok: false, msg });
const ok = (v: Val): Converted => ({ ok: true, v });

const utf8enc = new TextEncoder();
const utf8dec = new TextDecoder('utf-8', { fatal: false });

export function utf8(s: string): Uint8Array {
  return utf8enc.encode(s);
}

export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** strtoull(…, 0) over the whole text (with 0b binary), or undefined. */
export function parseUnsigned(text: string): bigint | 'overflow' | undefined {
  let m: RegExpExecArray | null;
  let v: bigint;
  if ((m = /^0[xX]([0-9A-Fa-f]+)$/.exec(text))) v = BigInt('0x' + m[1]);
  else if ((m = /^0[bB]([01]+)$/.exec(text))) v = BigInt('0b' + m[1]);
  else if (/^0[0-7]*$/.test(text)) v = text.length > 1 ? BigInt('0o' + text.slice(1)) : 0n;
  else if (/^[1-9][0-9]*$/.test(text)) v = BigInt(text);
  else return undefined;
  return v >= 2n ** 64n ? 'overflow' : v;
}

function lookupValueName(def: FieldDef | undefined, name: string): number | undefined {
  if (!def?.strings) return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of def.strings) if (v.toLowerCase() === want) return k;
  return undefined;
}

function notFound(name: string, def: FieldDef | undefined): string {
  return `"${name}" cannot be found among the possible values for ${def?.abbrev ?? ''}.`;
}

function convertInt(text: string, t: Target): Converted {
  const n = parseUnsigned(text);
  if (n === 'overflow') return fail(`"${text}" causes an integer overflow.`);
  if (n === undefined) {
    const named = lookupValueName(t.def, text);
    if (named !== undefined) return ok({ t: 'int', n: BigInt(named), s: isSigned(t.ft) });
    return fail(t.def?.strings ? notFound(text, t.def) : `"${text}" is not a valid number.`);
  }
  const [, max] = intRange(t.ft);
  if (n > max)
    return fail(t.def?.strings ? notFound(text, t.def) : `"${text}" too big for this field, maximum ${max}.`);
  return ok({ t: 'int', n, s: isSigned(t.ft) });
}

function trueFalseWords(def: FieldDef | undefined): readonly [string, string] {
  return def?.trueFalse ?? (def?.bitmask !== undefined ? ['Set', 'Not set'] : ['True', 'False']);
}

function convertBool(text: string, t: Target): Converted {
  const n = parseUnsigned(text);
  if (n !== undefined) return ok({ t: 'bool', b: n !== 0n });
  if (!t.def) return fail(`"${text}" is not a valid number.`);
  const [tw, fw] = trueFalseWords(t.def);
  const low = text.toLowerCase();
  if (low === tw.toLowerCase() || text === 'True' || text === 'TRUE') return ok({ t: 'bool', b: true });
  if (low === fw.toLowerCase() || text === 'False' || text === 'FALSE') return ok({ t: 'bool', b: false });
  return fail(notFound(text, t.def));
}

/** Parses hex byte strings: `aa:bb`, `aa-bb`, `aa.bb`, `aabb`, `a:b`; undefined if malformed. */
export function parseByteString(text: string): Uint8Array | undefined {
  const m = /^0[xX]([0-9A-Fa-f]{2})$/.exec(text);
  if (m) return Uint8Array.of(parseInt(m[1]!, 16));
  const out: number[] = [];
  let i = 0;
  const hex = (c: string | undefined): boolean => c !== undefined && /[0-9A-Fa-f]/.test(c);
  if (text.length === 0) return undefined;
  while (i < text.length) {
    if (!hex(text[i])) return undefined;
    if (hex(text[i + 1])) {
      out.push(parseInt(text.slice(i, i + 2), 16));
      i += 2;
    } else {
      out.push(parseInt(text[i]!, 16));
      i += 1;
    }
    if (i < text.length) {
      const c = text[i]!;
      if (c === ':' || c === '-' || c === '.') {
        i++;
        if (i < text.length && !hex(text[i])) return undefined;
        if (i === text.length && c !== '-') return undefined;
      } else if (!hex(c)) return undefined;
    }
  }
  return Uint8Array.from(out);
}

export function parseIPv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let a = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255 || (m[i]!.length > 1 && m[i]![0] === '0')) return undefined;
    a = a * 256 + o;
  }
  return a;
}

export function parseIPv6(text: string): Uint8Array | undefined {
  let s = text;
  // A trailing dotted quad stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    const a = parseIPv4(s.slice(lastColon + 1));
    if (a === undefined) return undefined;
    s = s.slice(0, lastColon + 1) + ((a >>> 16) & 0xffff).toString(16) + ':' + (a & 0xffff).toString(16);
  }
  const parts = s.split('::');
  if (parts.length > 2) return undefined;
  const group = (p: string): number[] | undefined => {
    if (p === '') return [];
    const gs = p.split(':');
    const out: number[] = [];
    for (const g of gs) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(parts[0]!);
  const rest = parts.length === 2 ? group(parts[1]!) : [];
  if (!head || !rest) return undefined;
  const words = head.length + rest.length;
  let all: number[];
  if (parts.length === 2) {
    if (words > 7) return undefined;
    all = [...head, ...new Array<number>(8 - words).fill(0), ...rest];
  } else {
    if (words !== 8) return undefined;
    all = head;
  }
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** BER content bytes of a dotted OID, or undefined. */
export function encodeOid(text: string): Uint8Array | undefined {
  if (!/^\d+(\.\d+)+$/.test(text)) return undefined;
  const arcs = text.split('.').map((x) => BigInt(x));
  if (arcs[0]! > 2n) return undefined;
  const out: number[] = [];
  const push = (v: bigint): void => {
    const tmp: number[] = [Number(v & 0x7fn)];
    v >>= 7n;
    while (v > 0n) {
      tmp.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(...tmp);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Uint8Array.from(out);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function fracNs(frac: string | undefined): bigint {
  if (!frac) return 0n;
  return BigInt((frac + '000000000').slice(0, 9));
}

/** Parses the absolute-time forms tshark accepts, in local time unless marked UTC/Z. */
export function parseAbsTime(text: string): bigint | undefined {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC)?$/i.exec(s);
  let y: number, mo: number, d: number, h: number, mi: number, sec: number, frac: string | undefined, utc: boolean;
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
    [h, mi, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    frac = m[7];
    utc = m[8] !== undefined;
  } else {
    m = /^([A-Za-z]{3})\s+(\d{1,2}),\s*(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|UTC)?$/i.exec(s);
    if (!m) return undefined;
    mo = MONTHS.indexOf(m[1]!.toLowerCase());
    if (mo < 0) return undefined;
    [d, y, h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
    frac = m[7];
    utc = m[8] !== undefined;
  }
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
  const ms = utc ? Date.UTC(y, mo, d, h, mi, sec) : new Date(y, mo, d, h, mi, sec).getTime();
  if (!Number.isFinite(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + fracNs(frac);
}

/**
 * Seconds to nanoseconds, as tshark 4.0 reads a relative time: `sec` or `sec.frac` with at most
 * nine fraction digits; anything after the fraction digits is ignored.
 */
export function parseRelTime(text: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+)[\s\S]*)?$/.exec(text);
  if (!m || (m[3] !== undefined && m[3].length > 9)) return undefined;
  const ns = BigInt(m[2]!) * 1_000_000_000n + fracNs(m[3]);
  return m[1] === '-' ? -ns : ns;
}

export function parseDouble(text: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^[+-]?0[xX][0-9A-Fa-f]+$/.test(text))
    return Number(BigInt(text.replace(/^[+-]/, ''))) * (text[0] === '-' ? -1 : 1);
  if (/^[+-]?inf(inity)?$/i.test(text)) return text[0] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(text)) return NaN;
  return undefined;
}

function cidr(text: string): [string, string | undefined] {
  const i = text.indexOf('/');
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

/** Converts an unquoted literal to a value of the target type. */
export function convertWord(text: string, t: Target): Converted {
  const ft = t.ft;
  if (isInt(ft)) return convertInt(text, t);
  switch (ft) {
    case 'boolean':
      return convertBool(text, t);
    case 'bytes':
    case 'protocol': {
      const bare = text.startsWith(':') ? text.slice(1) : text;
      const b = parseByteString(bare);
      return b ? ok({ t: 'bytes', v: b }) : fail(`"${bare}" is not a valid byte string.`);
    }
    case 'ether': {
      const b = parseByteString(text);
      if (!b) return fail(`"${text}" is not a valid Ethernet address.`);
      if (b.length < 6) return fail(`"${text}" contains too few bytes to be a valid Ethernet address.`);
      if (b.length > 6) return fail(`"${text}" contains too many bytes to be a valid Ethernet address.`);
      return ok({ t: 'bytes', v: b });
    }
    case 'string':
      return ok({ t: 'str', v: utf8(text) });
    case 'ipv4': {
      const [addr, bits] = cidr(text);
      const a = parseIPv4(addr);
      if (a === undefined || (bits !== undefined && !/^\d+$/.test(bits))) {
        return fail(`"${text}" is not a valid hostname or IPv4 address.`);
      }
      const n = bits === undefined ? 32 : Number(bits);
      if (n > 32) return fail(`Netmask bits in a CIDR IPv4 address should be <= 32, not ${n}`);
      return ok({ t: 'ipv4', a, bits: n });
    }
    case 'ipv6': {
      const [addr, bits] = cidr(text);
      const a = parseIPv6(addr);
      if (!a || (bits !== undefined && !/^\d+$/.test(bits)))
        return fail(`"${text}" is not a valid hostname or IPv6 address.`);
      const n = bits === undefined ? 128 : Number(bits);
      if (n > 128) return fail(`Prefix in a IPv6 address should be <= 128, not ${n}`);
      return ok({ t: 'ipv6', a, bits: n });
    }
    case 'abstime': {
      const ns = parseAbsTime(text);
      return ns === undefined ? fail(absTimeError(text)) : ok({ t: 'time', ns });
    }
    case 'reltime': {
      const ns = parseRelTime(text);
      return ns === undefined ? fail(`"${text}" is not a valid time.`) : ok({ t: 'time', ns });
    }
    case 'double': {
      const d = parseDouble(text);
      return d === undefined ? fail(`"${text}" is not a valid number.`) : ok({ t: 'double', d });
    }
    case 'oid': {
      const b = encodeOid(text);
      return b ? ok({ t: 'bytes', v: b }) : fail(`"${text}" is not a valid OBJECT IDENTIFIER.`);
    }
    default:
      return fail(`"${text}" cannot be converted to ${typeName(ft)}.`);
  }
}

function absTimeError(text: string): string {
  return `"${text}" is not a valid absolute time. Example: "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56"`;
}

/** Converts a double-quoted string (`shown` is its token text, with quotes). */
export function convertString(bytes: Uint8Array, shown: string, t: Target): Converted {
  const ft = t.ft;
  if (ft === 'string') return ok({ t: 'str', v: bytes });
  if (ft === 'bytes' || ft === 'protocol') return ok({ t: 'bytes', v: bytes });
  const text = utf8dec.decode(bytes);
  if (isInt(ft) && t.def?.strings) {
    const named = lookupValueName(t.def, text);
    return named !== undefined ? ok({ t: 'int', n: BigInt(named), s: isSigned(ft) }) : fail(notFound(text, t.def));
  }
  if (ft === 'boolean' && t.def) {
    const r = convertBool(text, t);
    return r.ok && /^\d/.test(text) ? fail(notFound(text, t.def)) : r;
  }
  if (ft === 'abstime') {
    const ns = parseAbsTime(text);
    return ns === undefined ? fail(absTimeError(text)) : ok({ t: 'time', ns });
  }
  return fail(`${typeName(ft)} cannot be converted from a string (${shown}).`);
}

/** Converts a character constant's value. */
export function convertChar(value: number, shown: string, t: Target): Converted {
  const ft = t.ft;
  if (isInt(ft)) return ok({ t: 'int', n: BigInt(value), s: isSigned(ft) });
  if (ft === 'boolean') return ok({ t: 'bool', b: value !== 0 });
  if (ft === 'string') return ok({ t: 'str', v: Uint8Array.of(value) });
  if (ft === 'bytes' || ft === 'protocol') return ok({ t: 'bytes', v: Uint8Array.of(value) });
  return fail(
    `Character constant ${shown} (0x${value.toString(16).padStart(2, '0')}) cannot be converted to ${typeName(ft)}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Runtime values of tree nodes.

/** The bytes a node covers in its data source. */
export function rawBytes(node: FieldNode, tree: FieldTree, frame: Uint8Array): Uint8Array | undefined {
  const src = node.source === 0 ? frame : tree.sources[node.source - 1]?.bytes;
  if (!src || node.length <= 0 || node.offset < 0 || node.offset + node.length > src.length) return undefined;
  return src.subarray(node.offset, node.offset + node.length);
}

function ipv4Bytes(a: number): Uint8Array {
  return Uint8Array.of(a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff);
}

function etherFromText(s: string): Uint8Array | undefined {
  const b = parseByteString(s);
  return b && b.length === 6 ? b : undefined;
}

/**
 * A time value in nanoseconds. Dissectors give times as seconds (number), nanoseconds (bigint), or text:
 * `S.NNNNNNNNN` (what tshark prints for relative times) or an absolute date as the detail pane shows it.
 */
function timeNs(v: unknown, abs: boolean): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    const whole = Math.floor(v);
    return BigInt(whole) * 1_000_000_000n + BigInt(Math.round((v - whole) * 1e9));
  }
  if (typeof v === 'string') {
    const m = /^\s*(-?)(\d+)(?:\.(\d{1,9}))?\s*$/.exec(v);
    if (m) {
      const ns = BigInt(m[2]!) * 1_000_000_000n + fracNs(m[3]);
      return m[1] ? -ns : ns;
    }
    return abs ? parseAbsTime(v) : undefined;
  }
  return undefined;
}

/** Parsed dotted quads of field values: the same few addresses come back packet after packet. */
const addressCache = new Map<string, number>();

function addressOf(text: string): number | undefined {
  let a = addressCache.get(text);
  if (a === undefined) {
    if (addressCache.size >= 4096) addressCache.clear();
    a = parseIPv4(text) ?? -1;
    addressCache.set(text, a);
  }
  return a < 0 ? undefined : a;
}

/** Ports, lengths and type codes are small: their bigints are made once. */
const SMALL_INTS: (bigint | undefined)[] = new Array<bigint | undefined>(65536);

/** An integer value given as a number, bigint, or decimal/hex text. */
function intOf(v: unknown): bigint | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return undefined;
    return v >= 0 && v < SMALL_INTS.length ? (SMALL_INTS[v] ??= BigInt(v)) : BigInt(v);
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^\s*(-?\d+|0[xX][0-9A-Fa-f]+)\s*$/.test(v)) return BigInt(v.trim());
  return undefined;
}

/** The filter value of a node of type `ft`, or undefined when it has none. */
export function nodeValue(node: FieldNode, ft: FT, tree: FieldTree, frame: Uint8Array): Val | undefined {
  const v = node.value;
  if (isInt(ft)) {
    const n = intOf(v);
    return n === undefined ? undefined : { t: 'int', n, s: isSigned(ft) };
  }
  switch (ft) {
    case 'boolean': {
      if (typeof v === 'boolean') return { t: 'bool', b: v };
      const n = intOf(v);
      return n === undefined ? undefined : { t: 'bool', b: n !== 0n };
    }
    case 'string':
      if (typeof v === 'string') return { t: 'str', v: utf8(v) };
      if (v instanceof Uint8Array) return { t: 'str', v };
      return undefined;
    case 'bytes':
      if (v instanceof Uint8Array) return { t: 'bytes', v };
      if (typeof v === 'string') return { t: 'bytes', v: utf8(v) };
      return v === undefined ? { t: 'bytes', v: rawBytes(node, tree, frame) ?? new Uint8Array(0) } : undefined;
    case 'protocol':
      return { t: 'bytes', v: rawBytes(node, tree, frame) ?? new Uint8Array(0) };
    case 'ether': {
      const b = typeof v === 'string' ? etherFromText(v) : v instanceof Uint8Array ? v : undefined;
      const raw = b ?? rawBytes(node, tree, frame);
      return raw ? { t: 'bytes', v: raw } : undefined;
    }
    case 'oid': {
      if (v instanceof Uint8Array) return { t: 'bytes', v };
      const b = typeof v === 'string' ? encodeOid(v) : undefined;
      return b ? { t: 'bytes', v: b } : undefined;
    }
    case 'ipv4': {
      if (typeof v === 'number') return { t: 'ipv4', a: v >>> 0, bits: 32 };
      const a = typeof v === 'string' ? addressOf(v) : undefined;
      if (a !== undefined) return { t: 'ipv4', a, bits: 32 };
      const raw = rawBytes(node, tree, frame);
      return raw?.length === 4
        ? { t: 'ipv4', a: ((raw[0]! << 24) >>> 0) + (raw[1]! << 16) + (raw[2]! << 8) + raw[3]!, bits: 32 }
        : undefined;
    }
    case 'ipv6': {
      const a = typeof v === 'string' ? parseIPv6(v) : v instanceof Uint8Array && v.length === 16 ? v : undefined;
      if (a) return { t: 'ipv6', a, bits: 128 };
      const raw = rawBytes(node, tree, frame);
      return raw?.length === 16 ? { t: 'ipv6', a: raw, bits: 128 } : undefined;
    }
    case 'abstime':
    case 'reltime': {
      const ns = timeNs(v, ft === 'abstime');
      return ns === undefined ? undefined : { t: 'time', ns };
    }
    case 'double': {
      const d = typeof v === 'number' ? v : typeof v === 'string' ? parseDouble(v.trim()) : undefined;
      return d === undefined ? undefined : { t: 'double', d };
    }
    default:
      return undefined;
  }
}

/** The bytes a slice of this node works on: its raw bytes, else bytes derived from its value. */
export function sliceBytes(node: FieldNode, ft: FT, tree: FieldTree, frame: Uint8Array): Uint8Array | undefined {
  const raw = rawBytes(node, tree, frame);
  if (raw) return raw;
  const v = nodeValue(node, ft, tree, frame);
  if (!v) return undefined;
  if (v.t === 'bytes' || v.t === 'str') return v.v;
  if (v.t === 'ipv4') return ipv4Bytes(v.a);
  if (v.t === 'ipv6') return v.a;
  return undefined;
}

/** The text `string()` gives for a node, or undefined. */
export function nodeString(node: FieldNode, ft: FT, tree: FieldTree, frame: Uint8Array): string | undefined {
  const v = node.value;
  if (isInt(ft)) return intOf(v)?.toString();
  if (ft === 'ipv4' || ft === 'ipv6' || ft === 'ether' || ft === 'oid') {
    if (typeof v === 'string') return v;
    const val = nodeValue(node, ft, tree, frame);
    if (val?.t === 'ipv4') return [...ipv4Bytes(val.a)].join('.');
    if (val?.t === 'bytes' && ft === 'ether') return [...val.v].map((b) => b.toString(16).padStart(2, '0')).join(':');
    return undefined;
  }
  if (ft === 'double') return typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Comparison.

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function maskV4(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/**
 * A constant prepared for `compareNode`: the value, and as a plain number when it is an integer that one holds
 * exactly (ports, lengths, type codes: the common comparisons then need no bigint).
 */
export interface PreparedConstant {
  readonly v: Val;
  readonly num: number | undefined;
}

export function prepareConstant(v: Val): PreparedConstant {
  const num =
    v.t === 'int' && v.n >= BigInt(Number.MIN_SAFE_INTEGER) && v.n <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v.n)
      : undefined;
  return { v, num };
}

/**
 * `compare(nodeValue(node, ft, …), c)`, or null when the node has no value, without making the node's value when
 * it is a plain integer or an IPv4 address compared with one: the filter pass runs this for every packet.
 */
export function compareNode(
  node: FieldNode,
  ft: FT,
  tree: FieldTree,
  frame: Uint8Array,
  c: PreparedConstant,
): number | undefined | null {
  const v = node.value;
  if (c.num !== undefined && typeof v === 'number' && Number.isInteger(v) && isInt(ft)) {
    // A negative signed constant never compares with an unsigned value.
    if (c.num < 0 && !isSigned(ft) && c.v.t === 'int' && c.v.s) return undefined;
    return v < c.num ? -1 : v > c.num ? 1 : 0;
  }
  if (ft === 'ipv4' && typeof v === 'string' && c.v.t === 'ipv4') {
    const a = addressOf(v);
    if (a !== undefined) {
      const m = maskV4(Math.min(32, c.v.bits));
      const x = (a & m) >>> 0;
      const y = (c.v.a & m) >>> 0;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
  const nv = nodeValue(node, ft, tree, frame);
  return nv === undefined ? null : compare(nv, c.v);
}

/** Orders `a` against `b`: negative, zero or positive, or undefined when they cannot be compared. */
export function compare(a: Val, b: Val): number | undefined {
  switch (a.t) {
    case 'int': {
      const bn = b.t === 'int' ? b.n : b.t === 'bool' ? BigInt(b.b) : undefined;
      if (bn === undefined) return undefined;
      if (!a.s && b.t === 'int' && b.s && bn < 0n) return undefined;
      return a.n < bn ? -1 : a.n > bn ? 1 : 0;
    }
    case 'bool':
      return b.t === 'bool' ? Number(a.b) - Number(b.b) : undefined;
    case 'bytes':
      if (b.t !== 'bytes') return undefined;
      return a.v.length !== b.v.length ? a.v.length - b.v.length : cmpBytes(a.v, b.v);
    case 'str':
      return b.t === 'str' ? cmpBytes(a.v, b.v) : undefined;
    case 'ipv4': {
      if (b.t !== 'ipv4') return undefined;
      const m = maskV4(Math.min(a.bits, b.bits));
      const x = (a.a & m) >>> 0;
      const y = (b.a & m) >>> 0;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'ipv6': {
      if (b.t !== 'ipv6') return undefined;
      const bits = Math.min(a.bits, b.bits);
      for (let i = 0; i < 16; i++) {
        const keep = Math.max(0, Math.min(8, bits - i * 8));
        const m = (0xff << (8 - keep)) & 0xff;
        const d = (a.a[i]! & m) - (b.a[i]! & m);
        if (d) return d;
      }
      return 0;
    }
    case 'time':
      return b.t === 'time' ? (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0) : undefined;
    case 'double':
      if (b.t !== 'double' || Number.isNaN(a.d) || Number.isNaN(b.d)) return undefined;
      return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
  }
}

export function bytesContain(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  const first = needle[0]!;
  outer: for (let i = hay.indexOf(first); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Whether a value counts as true when an expression is used as a test. */
export function truthy(v: Val): boolean {
  switch (v.t) {
    case 'int':
      return v.n !== 0n;
    case 'bool':
      return v.b;
    case 'bytes':
    case 'str':
      return v.v.some((b) => b !== 0);
    case 'ipv4':
      return v.a !== 0;
    case 'ipv6':
      return v.a.some((b) => b !== 0);
    case 'time':
      return v.ns !== 0n;
    case 'double':
      return v.d !== 0;
  }
}

export type ArithResult = Val | undefined;

/** Arithmetic on two values of compatible types; undefined when there is no result. */
export function arith(op: string, a: Val, b: Val): ArithResult {
  if (a.t === 'int' && b.t === 'int') {
    // A negative operand of an unsigned value is taken as its 64-bit two's complement, and a sum or
    // product that overflows 64 bits has no result.
    const bn = !a.s && b.s && b.n < 0n ? (1n << 64n) + b.n : b.n;
    if ((op === '+' || op === '*') && bn !== b.n && (op === '+' ? a.n + bn : a.n * bn) >= 1n << 64n) return undefined;
    b = { t: 'int', n: bn, s: b.s && bn === b.n };
    let n: bigint;
    switch (op) {
      case '+':
        n = a.n + b.n;
        break;
      case '-':
        n = a.n - b.n;
        break;
      case '*':
        n = a.n * b.n;
        break;
      case '/':
        if (b.n === 0n) return undefined;
        n = a.n / b.n;
        break;
      case '%':
        if (b.n === 0n) return undefined;
        n = a.n % b.n;
        break;
      default:
        n = a.n & b.n;
    }
    return { t: 'int', n, s: a.s || n < 0n };
  }
  if (op === '&') {
    if (a.t === 'bytes' && b.t === 'bytes') {
      if (a.v.length !== b.v.length) return undefined;
      return { t: 'bytes', v: a.v.map((x, i) => x & b.v[i]!) };
    }
    if (a.t === 'ipv4' && b.t === 'ipv4') return { t: 'ipv4', a: (a.a & b.a) >>> 0, bits: 32 };
    if (a.t === 'ipv6' && b.t === 'ipv6') return { t: 'ipv6', a: a.a.map((x, i) => x & b.a[i]!), bits: 128 };
    return undefined;
  }
  if (a.t === 'double' && b.t === 'double') {
    const d =
      op === '+' ? a.d + b.d : op === '-' ? a.d - b.d : op === '*' ? a.d * b.d : op === '/' ? a.d / b.d : a.d % b.d;
    return { t: 'double', d };
  }
  if (a.t === 'time' && b.t === 'time') {
    if (op === '+') return { t: 'time', ns: a.ns + b.ns };
    if (op === '-') return { t: 'time', ns: a.ns - b.ns };
  }
  return undefined;
}

export function negate(v: Val): Val | undefined {
  if (v.t === 'int') return { t: 'int', n: -v.n, s: true };
  if (v.t === 'double') return { t: 'double', d: -v.d };
  if (v.t === 'time') return { t: 'time', ns: -v.ns };
  return undefined;
}

/** Which arithmetic operators a type supports. */
export function supportsArith(ft: FT, op: string): boolean {
  if (isInt(ft)) return true;
  if (op === '&') return ft === 'bytes' || ft === 'ether' || ft === 'ipv4' || ft === 'ipv6';
  if (ft === 'double') return true;
  if (ft === 'reltime' || ft === 'abstime') return op === '+' || op === '-';
  return false;
}
