/**
 * Display-filter scanner, following the token rules of Wireshark 4.0's filter language.
 *
 * Tokens are produced on demand (`Lexer.next()`), so a scanning error is only reported when the
 * parser asks for the token that contains it — the same order in which tshark reports errors.
 */

import { lookupField } from '../dissect/fields.ts';

export interface Loc {
  /** 0-based offset in the filter text. */
  readonly col: number;
  readonly len: number;
}

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly loc: Loc,
  ) {
    super(message);
  }
}

export type CmpOp = 'any_eq' | 'all_ne' | 'all_eq' | 'any_ne' | 'gt' | 'ge' | 'lt' | 'le';
export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&';

export type Token =
  | {
      kind: 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'lbracket' | 'rbracket' | 'comma' | 'dotdot';
      text: string;
      loc: Loc;
    }
  | {
      kind: 'dollar' | 'hash' | 'and' | 'or' | 'not' | 'any' | 'all' | 'in' | 'contains' | 'matches';
      text: string;
      loc: Loc;
    }
  | { kind: 'cmp'; op: CmpOp; text: string; loc: Loc }
  | { kind: 'arith'; op: ArithOp; text: string; loc: Loc }
  /** A double-quoted string; `bytes` is the unescaped value, `text` is how tshark names the token. */
  | { kind: 'string'; bytes: Uint8Array; raw: boolean; text: string; loc: Loc }
  /** A single-quoted character constant. */
  | { kind: 'charconst'; value: number; text: string; loc: Loc }
  /** Identifier-like text: a field name, a number, an address, a byte string, a value name. */
  | { kind: 'word'; text: string; loc: Loc }
  /** `.name`: must be a field. `text` includes the dot. */
  | { kind: 'dotfield'; name: string; text: string; loc: Loc }
  /** Inside `[...]`: one comma-separated range item, verbatim. */
  | { kind: 'range'; text: string; loc: Loc }
  /** After `#`: the layer number. */
  | { kind: 'layer'; text: string; loc: Loc }
  /** Any other printable character: always a syntax error where it appears. */
  | { kind: 'other'; text: string; loc: Loc }
  | { kind: 'eof'; text: string; loc: Loc };

const KEYWORDS: Record<string, Token['kind']> = {
  and: 'and',
  or: 'or',
  not: 'not',
  any: 'any',
  all: 'all',
  in: 'in',
  contains: 'contains',
  matches: 'matches',
};

const WORD_CMP: Record<string, CmpOp> = {
  eq: 'any_eq',
  any_eq: 'any_eq',
  ne: 'all_ne',
  all_ne: 'all_ne',
  all_eq: 'all_eq',
  any_ne: 'any_ne',
  gt: 'gt',
  ge: 'ge',
  lt: 'lt',
  le: 'le',
};

// Symbol operators, longest first.
const SYMBOLS: readonly [string, (loc: Loc) => Token][] = [
  ['===', (loc) => ({ kind: 'cmp', op: 'all_eq', text: '===', loc })],
  ['!==', (loc) => ({ kind: 'cmp', op: 'any_ne', text: '!==', loc })],
  ['==', (loc) => ({ kind: 'cmp', op: 'any_eq', text: '==', loc })],
  ['!=', (loc) => ({ kind: 'cmp', op: 'all_ne', text: '!=', loc })],
  ['~=', (loc) => ({ kind: 'cmp', op: 'any_ne', text: '~=', loc })],
  ['>=', (loc) => ({ kind: 'cmp', op: 'ge', text: '>=', loc })],
  ['<=', (loc) => ({ kind: 'cmp', op: 'le', text: '<=', loc })],
  ['&&', (loc) => ({ kind: 'and', text: '&&', loc })],
  ['||', (loc) => ({ kind: 'or', text: '||', loc })],
  ['..', (loc) => ({ kind: 'dotdot', text: '..', loc })],
  ['>', (loc) => ({ kind: 'cmp', op: 'gt', text: '>', loc })],
  ['<', (loc) => ({ kind: 'cmp', op: 'lt', text: '<', loc })],
  ['!', (loc) => ({ kind: 'not', text: '!', loc })],
  ['~', (loc) => ({ kind: 'matches', text: '~', loc })],
  ['&', (loc) => ({ kind: 'arith', op: '&', text: '&', loc })],
  ['+', (loc) => ({ kind: 'arith', op: '+', text: '+', loc })],
  ['-', (loc) => ({ kind: 'arith', op: '-', text: '-', loc })],
  ['*', (loc) => ({ kind: 'arith', op: '*', text: '*', loc })],
  ['/', (loc) => ({ kind: 'arith', op: '/', text: '/', loc })],
  ['%', (loc) => ({ kind: 'arith', op: '%', text: '%', loc })],
  ['(', (loc) => ({ kind: 'lparen', text: '(', loc })],
  [')', (loc) => ({ kind: 'rparen', text: ')', loc })],
  ['{', (loc) => ({ kind: 'lbrace', text: '{', loc })],
  ['}', (loc) => ({ kind: 'rbrace', text: '}', loc })],
  [',', (loc) => ({ kind: 'comma', text: ',', loc })],
  ['$', (loc) => ({ kind: 'dollar', text: '$', loc })],
];

// Literal token shapes (each anchored; the scanner takes the longest match over all of them).
const HEX2 = '[0-9A-Fa-f]{2}';
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = `${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}`;
const H16 = '[0-9A-Fa-f]{1,4}';
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const IPV6 = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
].join('|');
const LITERAL_SHAPES: readonly RegExp[] = [
  new RegExp(`^${HEX2}(?::${HEX2}){5}$|^${HEX2}(?:-${HEX2}){5}$`), // MAC
  new RegExp(`^${IPV4}(?:/[0-9]{1,2})?$`),
  new RegExp(`^(?:${IPV6})(?:/[0-9]{1,3})?$`),
  new RegExp(`^:?${HEX2}(?::${HEX2})+$`), // colon bytes
  /^:[0-9A-Fa-f]+$/,
  new RegExp(`^:${HEX2}(?:-${HEX2})+$|^:${HEX2}(?:\\.${HEX2})+$`),
];
/** Identifier-like text (field names, numbers, value names), matched greedily at a position. */
const IDENT_AT = /[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*/y;
const DIGITS_AT = /[0-9]+/y;
const LITERAL_CHARS = /[A-Za-z0-9_:./-]/;

function isPrintableAscii(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

const utf8 = new TextEncoder();

/** Characters that a plain string escape (`\n` …) stands for. */
const STRING_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
};

function isHex(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9A-Fa-f]$/.test(ch);
}

/** Whether a universal character name may stand for `cp` (the C rules tshark applies). */
function validUcn(cp: number): boolean {
  if (cp > 0x10ffff) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp < 0xa0 && cp !== 0x24 && cp !== 0x40 && cp !== 0x60) return false;
  return true;
}

type Mode = 'normal' | 'range' | 'layer';

export class Lexer {
  private pos = 0;
  private mode: Mode = 'normal';

  constructor(readonly text: string) {}

  /** Returns the next token or throws the scanning error at this point. */
  next(): Token {
    const s = this.text;
    if (this.mode === 'range') return this.rangeToken();
    if (this.mode === 'layer') return this.layerToken();
    while (this.pos < s.length && ' \t\n\r'.includes(s[this.pos]!)) this.pos++;
    const start = this.pos;
    if (start >= s.length) return { kind: 'eof', text: '', loc: { col: s.length, len: 0 } };
    const c = s.charCodeAt(start);
    if (!isPrintableAscii(c)) {
      throw new FilterSyntaxError('Non-printable ASCII characters may only appear inside double-quotes.', {
        col: start,
        len: 1,
      });
    }
    const ch = s[start]!;
    if (ch === '"' || ((ch === 'r' || ch === 'R') && s[start + 1] === '"')) return this.stringToken(start);
    if (ch === "'") return this.charConst(start);
    if (ch === '[') {
      this.pos++;
      this.mode = 'range';
      return { kind: 'lbracket', text: '[', loc: { col: start, len: 1 } };
    }
    if (ch === ']') {
      this.pos++;
      return { kind: 'rbracket', text: ']', loc: { col: start, len: 1 } };
    }
    if (ch === '#') {
      this.pos++;
      this.mode = 'layer';
      return { kind: 'hash', text: '#', loc: { col: start, len: 1 } };
    }
    if (ch === '$' && s[start + 1] === '{' && !s.includes('}', start + 2)) {
      throw new FilterSyntaxError('end of filter in the middle of a macro expression', {
        col: start,
        len: s.length - start,
      });
    }
    // A literal (identifier, number, address, byte string) is the longest of the literal shapes.
    const lit = this.literalLength(start);
    if (lit > 0) {
      // `..` can never be part of a literal; a literal also never starts with `.` (that is `.field`).
      this.pos = start + lit;
      const text = s.slice(start, this.pos);
      const loc = { col: start, len: lit };
      const kw = KEYWORDS[text];
      if (kw) return { kind: kw, text, loc } as Token;
      const cmp = WORD_CMP[text];
      if (cmp) return { kind: 'cmp', op: cmp, text, loc };
      if (text === 'bitwise_and') return { kind: 'arith', op: '&', text, loc };
      return { kind: 'word', text, loc };
    }
    if (ch === '.' && s[start + 1] !== '.') {
      IDENT_AT.lastIndex = start + 1;
      const m = IDENT_AT.exec(s);
      if (m) {
        this.pos = start + 1 + m[0].length;
        const loc = { col: start, len: m[0].length + 1 };
        if (!lookupField(m[0]))
          throw new FilterSyntaxError(`"${m[0]}" is not a valid protocol or protocol field.`, loc);
        return { kind: 'dotfield', name: m[0], text: '.' + m[0], loc };
      }
    }
    for (const [sym, make] of SYMBOLS) {
      if (s.startsWith(sym, start)) {
        this.pos = start + sym.length;
        return make({ col: start, len: sym.length });
      }
    }
    this.pos = start + 1;
    return { kind: 'other', text: ch, loc: { col: start, len: 1 } };
  }

  private literalLength(start: number): number {
    const s = this.text;
    IDENT_AT.lastIndex = start;
    const ident = IDENT_AT.exec(s);
    let best = ident ? ident[0].length : 0;
    // Addresses and byte strings are short: try them on a bounded window, longest candidate first.
    let end = start;
    while (end < s.length && end - start < 64 && LITERAL_CHARS.test(s[end]!)) end++;
    for (let e = end; e > start + best; e--) {
      const cand = s.slice(start, e);
      if (LITERAL_SHAPES.some((re) => re.test(cand))) {
        best = e - start;
        break;
      }
    }
    return best;
  }

  private rangeToken(): Token {
    const s = this.text;
    const start = this.pos;
    if (start >= s.length)
      throw new FilterSyntaxError('The right bracket was missing from a slice.', { col: s.length, len: 1 });
    const ch = s[start]!;
    if (ch === ',') {
      this.pos++;
      return { kind: 'comma', text: ',', loc: { col: start, len: 1 } };
    }
    if (ch === ']') {
      this.pos++;
      this.mode = 'normal';
      return { kind: 'rbracket', text: ']', loc: { col: start, len: 1 } };
    }
    let end = start;
    while (end < s.length && s[end] !== ']' && s[end] !== ',') end++;
    this.pos = end;
    return { kind: 'range', text: s.slice(start, end), loc: { col: start, len: end - start } };
  }

  private layerToken(): Token {
    const s = this.text;
    const start = this.pos;
    if (start >= s.length) {
      this.mode = 'normal';
      return { kind: 'eof', text: '', loc: { col: s.length, len: 0 } };
    }
    if (s[start] === '[') {
      this.pos++;
      this.mode = 'range';
      return { kind: 'lbracket', text: '[', loc: { col: start, len: 1 } };
    }
    DIGITS_AT.lastIndex = start;
    const m = DIGITS_AT.exec(s);
    if (!m) throw new FilterSyntaxError(`Expected digit or "[", not "${s[start]}"`, { col: start, len: 1 });
    this.pos = start + m[0].length;
    this.mode = 'normal';
    return { kind: 'layer', text: m[0], loc: { col: start, len: m[0].length } };
  }

  private stringToken(start: number): Token {
    const s = this.text;
    const raw = s[start] !== '"';
    let i = start + (raw ? 2 : 1);
    const out: number[] = [];
    const pushText = (t: string): void => {
      for (const b of utf8.encode(t)) out.push(b);
    };
    for (;;) {
      if (i >= s.length) {
        throw new FilterSyntaxError('The final quote was missing from a quoted string.', { col: s.length, len: 1 });
      }
      const ch = s[i]!;
      if (ch === '"') {
        i++;
        break;
      }
      if (ch !== '\\') {
        let j = i;
        while (j < s.length && s[j] !== '"' && s[j] !== '\\') j++;
        pushText(s.slice(i, j));
        i = j;
        continue;
      }
      // An escape sequence.
      const esc = s[i + 1];
      if (esc === undefined) {
        throw new FilterSyntaxError('The final quote was missing from a quoted string.', { col: s.length, len: 1 });
      }
      if (raw) {
        // Raw strings keep backslashes; only \" and \\ are escapes (and both stay verbatim).
        pushText('\\' + esc);
        i += 2;
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
      if (octal) {
        const v = parseInt(octal[0], 8);
        if (v > 0xff)
          throw new FilterSyntaxError(`\\${octal[0]} is larger than 255.`, { col: i, len: octal[0].length + 1 });
        out.push(v);
        i += 1 + octal[0].length;
        continue;
      }
      if (esc === 'x') {
        const hx = /^[0-9A-Fa-f]{1,2}/.exec(s.slice(i + 2, i + 4));
        if (!hx) throw new FilterSyntaxError('\\x is not a valid character escape sequence', { col: i, len: 2 });
        out.push(parseInt(hx[0], 16));
        i += 2 + hx[0].length;
        continue;
      }
      if (esc === 'u' || esc === 'U') {
        const max = esc === 'u' ? 4 : 8;
        let j = i + 2;
        while (j < s.length && j - (i + 2) < max && isHex(s[j])) j++;
        const digits = s.slice(i + 2, j);
        const cp = digits.length === max ? parseInt(digits, 16) : -1;
        if (cp < 0 || !validUcn(cp)) {
          throw new FilterSyntaxError(`${s.slice(i, j)} is not a valid universal character name`, {
            col: i,
            len: j - i,
          });
        }
        pushText(String.fromCodePoint(cp));
        i = j;
        continue;
      }
      const simple = STRING_ESCAPES[esc];
      if (simple === undefined) {
        throw new FilterSyntaxError(`\\${esc} is not a valid character escape sequence`, { col: i, len: 2 });
      }
      out.push(simple);
      i += 2;
    }
    this.pos = i;
    const bytes = Uint8Array.from(out);
    // tshark names a string token by its value between quotes.
    let shown = '';
    for (const b of bytes) shown += b === 0 ? '\\0' : String.fromCharCode(b);
    return { kind: 'string', bytes, raw, text: `"${shown}"`, loc: { col: start, len: i - start } };
  }

  private charConst(start: number): Token {
    const s = this.text;
    let i = start + 1;
    for (;;) {
      if (i >= s.length) {
        throw new FilterSyntaxError('The final quote was missing from a character constant.', {
          col: s.length,
          len: 1,
        });
      }
      if (s[i] === '\\') {
        if (i + 1 >= s.length) {
          throw new FilterSyntaxError('The final quote was missing from a character constant.', {
            col: s.length,
            len: 1,
          });
        }
        i += 2;
        continue;
      }
      if (s[i] === "'") {
        i++;
        break;
      }
      i++;
    }
    this.pos = i;
    const text = s.slice(start, i);
    const loc = { col: start, len: i - start };
    const value = charConstValue(text);
    if (typeof value === 'string') throw new FilterSyntaxError(value, loc);
    return { kind: 'charconst', value, text, loc };
  }
}

/** The value of a character constant token (`'a'`, `'\x41'`, `'\101'`), or an error message. */
export function charConstValue(text: string): number | string {
  const body = text.slice(1, -1);
  if (body.length === 0) return 'Empty character constant.';
  if (body[0] !== '\\') {
    if (body.length > 1) return `${text} is too long to be a valid character constant.`;
    const c = body.charCodeAt(0);
    if (!isPrintableAscii(c)) {
      // tshark reports the first byte of the UTF-8 encoding, sign-extended.
      const b = utf8.encode(body)[0]!;
      const shown = b >= 0x80 ? (0xffffffffffffff00n | BigInt(b)).toString(16) : b.toString(16);
      return `Non-printable value '0x${shown}' in character constant.`;
    }
    return c;
  }
  const e = body.slice(1);
  if (/^[0-7]{1,3}$/.test(e)) {
    const v = parseInt(e, 8);
    return v > 0xff ? `${text} is too large to be a valid character constant.` : v;
  }
  if (/^x[0-9A-Fa-f]{1,2}$/.test(e)) return parseInt(e.slice(1), 16);
  if (/^[0-7]{4,}$/.test(e) || /^x[0-9A-Fa-f]{3,}$/.test(e))
    return `${text} is too long to be a valid character constant.`;
  if (e.length === 1) {
    // tshark 4.0 does not accept '\n' as a one-character escape.
    const map: Record<string, number> = { a: 7, b: 8, f: 12, r: 13, t: 9, v: 11, '\\': 0x5c, "'": 0x27, '"': 0x22 };
    if (e === 'n') return `${text} is too long to be a valid character constant.`;
    const v = map[e];
    if (v !== undefined) return v;
  }
  if (e.length > 1 && map1(e[0]!)) return `${text} is too long to be a valid character constant.`;
  return `${text} isn't a valid character constant.`;
}

function map1(c: string): boolean {
  return 'abfnrtv\\\'"'.includes(c);
}
