/**
 * The `matches` operator: PCRE2 syntax as tshark 4.0 uses it (byte-oriented, no UTF mode,
 * case-insensitive unless `(?-i)`), run by a Thompson-NFA simulation. Matching takes time
 * proportional to subject length × pattern size, so no filter can make it backtrack for ever.
 * Constructs that need backtracking (backreferences, lookaround, atomic groups, possessive
 * quantifiers, recursion, conditionals) are rejected with an error.
 */

type CharSet = Uint8Array; // 256 entries, 1 = member

type Assert = 'bol' | 'eol' | 'mbol' | 'meol' | 'bos' | 'eos' | 'eosnl' | 'word' | 'nonword';

type Node =
  | { readonly t: 'empty' }
  | { readonly t: 'set'; readonly set: CharSet }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly alts: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly t: 'assert'; readonly kind: Assert };

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
}

class RegexError extends Error {}

const MAX_REPEAT = 65535;
const MAX_PROGRAM = 100_000;

function newSet(): CharSet {
  return new Uint8Array(256);
}

function range(set: CharSet, lo: number, hi: number): void {
  for (let c = lo; c <= hi; c++) set[c] = 1;
}

function invert(set: CharSet): CharSet {
  return set.map((b) => 1 - b);
}

function fold(set: CharSet): CharSet {
  const out = set.slice();
  for (let c = 0x41; c <= 0x5a; c++) {
    if (set[c] || set[c + 32]) out[c] = out[c + 32] = 1;
  }
  return out;
}

function single(c: number): CharSet {
  const s = newSet();
  s[c] = 1;
  return s;
}

const isWordChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

function classSet(letter: string): CharSet | undefined {
  const s = newSet();
  switch (letter.toLowerCase()) {
    case 'd':
      range(s, 0x30, 0x39);
      break;
    case 'w':
      for (let c = 0; c < 256; c++) if (isWordChar(c)) s[c] = 1;
      break;
    case 's':
      for (const c of [9, 10, 11, 12, 13, 32]) s[c] = 1;
      break;
    case 'h':
      for (const c of [9, 32, 0xa0]) s[c] = 1;
      break;
    case 'v':
      for (const c of [10, 11, 12, 13, 0x85]) s[c] = 1;
      break;
    default:
      return undefined;
  }
  return letter === letter.toUpperCase() ? invert(s) : s;
}

const POSIX: Record<string, (c: number) => boolean> = {
  alpha: (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  digit: (c) => c >= 0x30 && c <= 0x39,
  alnum: (c) => POSIX.alpha!(c) || POSIX.digit!(c),
  space: (c) => (c >= 9 && c <= 13) || c === 32,
  blank: (c) => c === 9 || c === 32,
  upper: (c) => c >= 0x41 && c <= 0x5a,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  punct: (c) => c > 32 && c < 127 && !POSIX.alnum!(c),
  xdigit: (c) => POSIX.digit!(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
  word: (c) => isWordChar(c),
  cntrl: (c) => c < 32 || c === 127,
  graph: (c) => c > 32 && c < 127,
  print: (c) => c >= 32 && c < 127,
  ascii: (c) => c < 128,
};

const UNSUPPORTED = (what: string): RegexError =>
  new RegexError(`${what} are not supported (Wirelens matches regular expressions in linear time)`);

class PatternParser {
  private i = 0;
  private groups = 0;
  private readonly names = new Set<string>();

  constructor(private readonly p: string) {}

  parse(): Node {
    const flags: Flags = { i: true, m: false, s: false, x: false };
    this.verbs();
    const n = this.alternation(flags);
    if (this.i < this.p.length) throw new RegexError('unmatched closing parenthesis');
    return n;
  }

  /** Leading `(*VERB)` options. */
  private verbs(): void {
    const m = /^\(\*([A-Z_]+)(?:=\d+)?\)/.exec(this.p.slice(this.i));
    if (!m) return;
    if (m[1] === 'UTF' || m[1] === 'UTF8') throw new RegexError('using UTF is disabled by the application');
    if (m[1] === 'UCP') throw new RegexError('using UCP is disabled by the application');
    throw UNSUPPORTED('(*VERB) options');
  }

  private peek(): string | undefined {
    return this.p[this.i];
  }

  private skipExtended(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const c = this.p[this.i];
      if (c !== undefined && ' \t\n\v\f\r'.includes(c)) this.i++;
      else if (c === '#') {
        while (this.i < this.p.length && this.p[this.i] !== '\n') this.i++;
      } else return;
    }
  }

  private alternation(flags: Flags): Node {
    const alts: Node[] = [this.sequence(flags)];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.sequence(flags));
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  private sequence(flags: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipExtended(flags);
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom(flags);
      if (atom === 'flags') continue;
      items.push(this.quantified(atom, flags));
    }
    return items.length === 1 ? items[0]! : items.length === 0 ? { t: 'empty' } : { t: 'seq', items };
  }

  /** A `{n}`, `{n,}` or `{n,m}` quantifier at the current position, if there is one. */
  private braces(): { min: number; max: number; len: number } | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i, this.i + 24));
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
      throw new RegexError('number too big in {} quantifier');
    if (max < min) throw new RegexError('numbers out of order in {} quantifier');
    return { min, max, len: m[0].length };
  }

  private quantified(atom: Node, flags: Flags): Node {
    let node = atom;
    this.skipExtended(flags);
    const c = this.peek();
    if (atom.t === 'assert' && (c === '*' || c === '+' || c === '?' || (c === '{' && this.braces()))) {
      throw new RegexError('quantifier does not follow a repeatable item');
    }
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else {
      const b = c === '{' ? this.braces() : undefined;
      if (!b) return node;
      this.i += b.len;
      [min, max] = [b.min, b.max];
    }
    const mod = this.peek();
    if (mod === '+') throw UNSUPPORTED('possessive quantifiers');
    if (mod === '?') this.i++;
    node = { t: 'rep', node, min, max };
    return node;
  }

  private atom(flags: Flags): Node | 'flags' {
    const p = this.p;
    const c = p[this.i]!;
    switch (c) {
      case '(':
        return this.group(flags);
      case '[':
        return this.charClass(flags);
      case '.': {
        this.i++;
        return { t: 'set', set: flags.s ? invert(newSet()) : invert(single(10)) };
      }
      case '^':
        this.i++;
        return { t: 'assert', kind: flags.m ? 'mbol' : 'bol' };
      case '$':
        this.i++;
        return { t: 'assert', kind: flags.m ? 'meol' : 'eol' };
      case '*':
      case '+':
      case '?':
        throw new RegexError('quantifier does not follow a repeatable item');
      case '{':
        if (this.braces()) throw new RegexError('quantifier does not follow a repeatable item');
        break;
      case '\\':
        return this.escape(flags);
    }
    this.i++;
    return this.literal(c.charCodeAt(0), flags);
  }

  private literal(code: number, flags: Flags): Node {
    const s = single(code);
    return { t: 'set', set: flags.i ? fold(s) : s };
  }

  private group(outer: Flags): Node | 'flags' {
    const p = this.p;
    this.i++; // (
    const flags: Flags = { ...outer };
    if (p[this.i] === '*') throw UNSUPPORTED('backtracking control verbs');
    if (p[this.i] === '?') {
      this.i++;
      const c = p[this.i];
      if (c === '#') {
        const end = p.indexOf(')', this.i);
        if (end < 0) throw new RegexError('missing ) after (?# comment');
        this.i = end + 1;
        return 'flags';
      }
      if (c === ':' || c === '|') this.i++;
      else if (c === '=' || c === '!' || (c === '<' && (p[this.i + 1] === '=' || p[this.i + 1] === '!'))) {
        throw UNSUPPORTED('lookahead and lookbehind assertions');
      } else if (c === '>') throw UNSUPPORTED('atomic groups');
      else if (c === '(') throw UNSUPPORTED('conditional groups');
      else if (
        c === 'R' ||
        c === '&' ||
        /[0-9]/.test(c ?? '') ||
        ((c === '-' || c === '+') && /[0-9]/.test(p[this.i + 1] ?? ''))
      ) {
        throw UNSUPPORTED('recursion and subroutine calls');
      } else if (c === 'P' && (p[this.i + 1] === '=' || p[this.i + 1] === '>')) {
        throw UNSUPPORTED(p[this.i + 1] === '=' ? 'backreferences' : 'recursion and subroutine calls');
      } else if (c === '<' || c === "'" || (c === 'P' && p[this.i + 1] === '<')) {
        this.i += c === 'P' ? 2 : 1;
        const close = c === "'" ? "'" : '>';
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(p.slice(this.i));
        if (!m) throw new RegexError('subpattern name expected');
        this.i += m[0].length;
        if (p[this.i] !== close) throw new RegexError(`syntax error in subpattern name (missing terminator?)`);
        this.i++;
        if (this.names.has(m[0]))
          throw new RegexError('two named subpatterns have the same name (PCRE2_DUPNAMES not set)');
        this.names.add(m[0]);
        this.groups++;
      } else {
        // Option settings: (?imsx-imsx) for the rest of the group, or (?imsx-imsx:...).
        let on = true;
        if (p[this.i] === '^') {
          this.i++;
          Object.assign(flags, { i: false, m: false, s: false, x: false });
        }
        for (;;) {
          const f = p[this.i];
          if (f === undefined) throw new RegexError('missing closing parenthesis');
          if (f === ')' || f === ':') break;
          if (f === '-' && on) on = false;
          else if (f === 'i' || f === 'm' || f === 's' || f === 'x') flags[f] = on;
          else if (f !== 'n' && f !== 'U' && f !== 'J') throw new RegexError('unrecognized character after (? or (?-');
          this.i++;
        }
        if (p[this.i] === ')') {
          this.i++;
          Object.assign(outer, flags);
          return 'flags';
        }
        this.i++; // ':'
      }
    } else this.groups++;
    const body = this.alternation(flags);
    if (p[this.i] !== ')') throw new RegexError('missing closing parenthesis');
    this.i++;
    return body;
  }

  /** A byte given by a numeric escape, or undefined if this is not one. */
  private numericEscape(inClass: boolean): number | undefined {
    const p = this.p;
    const c = p[this.i]!;
    if (c === 'x') {
      this.i++;
      if (p[this.i] === '{') {
        const end = p.indexOf('}', this.i);
        const digits = end < 0 ? '' : p.slice(this.i + 1, end);
        if (!/^[0-9A-Fa-f]*$/.test(digits) || end < 0) throw new RegexError('missing } after \\x{ or \\o{');
        if (digits === '') throw new RegexError('digits missing in \\x{} or \\o{} or \\N{U+}');
        const v = parseInt(digits, 16);
        if (v > 0xff) throw new RegexError('character code point value in \\x{} or \\o{} is too large');
        this.i = end + 1;
        return v;
      }
      const m = /^[0-9A-Fa-f]{0,2}/.exec(p.slice(this.i))![0];
      this.i += m.length;
      return m ? parseInt(m, 16) : 0;
    }
    if (c === 'o' && p[this.i + 1] === '{') {
      const end = p.indexOf('}', this.i);
      const digits = end < 0 ? '' : p.slice(this.i + 2, end);
      if (end < 0) throw new RegexError('missing } after \\x{ or \\o{');
      if (digits === '') throw new RegexError('digits missing in \\x{} or \\o{} or \\N{U+}');
      if (!/^[0-7]+$/.test(digits)) throw new RegexError('non-octal character in \\o{} (closing brace missing?)');
      const v = parseInt(digits, 8);
      if (v > 0xff) throw new RegexError('character code point value in \\x{} or \\o{} is too large');
      this.i = end + 1;
      return v;
    }
    if (c === '0') {
      const m = /^0[0-7]{0,2}/.exec(p.slice(this.i))![0];
      this.i += m.length;
      return parseInt(m, 8);
    }
    if (/[1-9]/.test(c)) {
      const m = /^[0-9]+/.exec(p.slice(this.i))![0];
      const n = Number(m);
      if (!inClass && (n < 10 || n <= this.countGroups())) {
        if (n > this.countGroups()) throw new RegexError('reference to non-existent subpattern');
        throw UNSUPPORTED('backreferences');
      }
      const oct = /^[0-7]{1,3}/.exec(m);
      if (!oct) {
        if (inClass) throw new RegexError('unrecognized character follows \\');
        throw new RegexError('reference to non-existent subpattern');
      }
      const v = parseInt(oct[0], 8);
      if (v > 0xff) throw new RegexError('octal value is greater than \\377 in 8-bit non-UTF-8 mode');
      this.i += oct[0].length;
      return v;
    }
    if (c === 'c') {
      const x = p[this.i + 1];
      if (x === undefined) throw new RegexError('\\c at end of pattern');
      const code = x.charCodeAt(0);
      if (code < 32 || code > 126) throw new RegexError('\\c must be followed by a printable ASCII character');
      this.i += 2;
      return x.toUpperCase().charCodeAt(0) ^ 0x40;
    }
    const simple: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9 };
    if (simple[c] !== undefined) {
      this.i++;
      return simple[c];
    }
    return undefined;
  }

  private countGroups(): number {
    // Capturing groups in the whole pattern: '(' not followed by '?' or '*', or named groups.
    let n = 0;
    const p = this.p;
    for (let j = 0; j < p.length; j++) {
      if (p[j] === '\\') j++;
      else if (
        p[j] === '(' &&
        (p[j + 1] !== '?' || /^\?(P?<[A-Za-z_]|')/.test(p.slice(j + 1, j + 4))) &&
        p[j + 1] !== '*'
      )
        n++;
    }
    return n;
  }

  private commonEscapeError(c: string): never {
    if ('uULlF'.includes(c)) throw new RegexError('PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u');
    throw new RegexError('unrecognized character follows \\');
  }

  private escape(flags: Flags): Node | 'flags' {
    const p = this.p;
    this.i++; // backslash
    const c = p[this.i];
    if (c === undefined) throw new RegexError('\\ at end of pattern');
    const num = this.numericEscape(false);
    if (num !== undefined) return this.literal(num, flags);
    this.i++;
    const cls = classSet(c);
    if (cls) return { t: 'set', set: cls };
    switch (c) {
      case 'b':
        return { t: 'assert', kind: 'word' };
      case 'B':
        return { t: 'assert', kind: 'nonword' };
      case 'A':
      case 'G':
        return { t: 'assert', kind: 'bos' };
      case 'z':
        return { t: 'assert', kind: 'eos' };
      case 'Z':
        return { t: 'assert', kind: 'eosnl' };
      case 'C':
        return { t: 'set', set: invert(newSet()) };
      case 'N':
        if (p[this.i] === '{' && !this.braces()) {
          if (p[this.i + 1] === 'U' && p[this.i + 2] === '+')
            throw new RegexError('\\N{U+dddd} is supported only in Unicode (UTF) mode');
          throw new RegexError('PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u');
        }
        return { t: 'set', set: invert(single(10)) };
      case 'R': {
        const crlf: Node = {
          t: 'seq',
          items: [
            { t: 'set', set: single(13) },
            { t: 'set', set: single(10) },
          ],
        };
        return { t: 'alt', alts: [crlf, { t: 'set', set: classSet('v')! }] };
      }
      case 'X': {
        const crlf: Node = {
          t: 'seq',
          items: [
            { t: 'set', set: single(13) },
            { t: 'set', set: single(10) },
          ],
        };
        return { t: 'alt', alts: [crlf, { t: 'set', set: invert(newSet()) }] };
      }
      case 'K':
        return { t: 'empty' };
      case 'E':
        return 'flags';
      case 'Q': {
        const end = p.indexOf('\\E', this.i);
        const text = end < 0 ? p.slice(this.i) : p.slice(this.i, end);
        this.i = end < 0 ? p.length : end + 2;
        return { t: 'seq', items: [...text].map((ch) => this.literal(ch.charCodeAt(0), flags)) };
      }
      case 'g':
        throw UNSUPPORTED('backreferences');
      case 'k':
        if (!/^[<{']/.test(p[this.i] ?? '')) {
          throw new RegexError('\\k is not followed by a braced, angle-bracketed, or quoted name');
        }
        throw UNSUPPORTED('backreferences');
      case 'p':
      case 'P':
        if (!/^\{?\^?[A-Za-z_&]/.test(p.slice(this.i))) throw new RegexError('malformed \\P or \\p sequence');
        throw UNSUPPORTED('Unicode property escapes (\\p, \\P)');
    }
    if (/[A-Za-z0-9]/.test(c)) this.commonEscapeError(c);
    return this.literal(c.charCodeAt(0), flags);
  }

  private charClass(flags: Flags): Node {
    const p = this.p;
    this.i++; // [
    let negate = false;
    if (p[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const set = newSet();
    let first = true;
    const missing = (): never => {
      throw new RegexError('missing terminating ] for character class');
    };
    for (;;) {
      if (this.i >= p.length) missing();
      let c = p[this.i]!;
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      // POSIX class.
      if (c === '[' && (p[this.i + 1] === ':' || p[this.i + 1] === '.' || p[this.i + 1] === '=')) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.i));
        if (m) {
          const test = POSIX[m[2]!];
          if (!test) throw new RegexError('unknown POSIX class name');
          for (let k = 0; k < 256; k++) if (test(k) !== (m[1] === '^')) set[k] = 1;
          this.i += m[0].length;
          continue;
        }
        if (p[this.i + 1] !== ':') throw new RegexError('POSIX collating elements are not supported');
      }
      // One member: a byte, or a class escape.
      let lo: number | CharSet;
      if (c === '\\') {
        this.i++;
        c = p[this.i] ?? missing();
        if (c === 'Q') {
          const end = p.indexOf('\\E', this.i);
          const text = end < 0 ? p.slice(this.i + 1) : p.slice(this.i + 1, end);
          for (const ch of text) set[ch.charCodeAt(0)] = 1;
          this.i = end < 0 ? p.length : end + 2;
          continue;
        }
        if (c === 'E') {
          this.i++;
          continue;
        }
        const num = this.numericEscape(true);
        if (num !== undefined) lo = num;
        else {
          this.i++;
          const cls = classSet(c);
          if (cls) lo = cls;
          else if (c === 'b') lo = 8;
          else if (c === 'N' || c === 'R' || c === 'X')
            throw new RegexError('escape sequence is invalid in character class');
          else if (c === 'p' || c === 'P') throw UNSUPPORTED('Unicode property escapes (\\p, \\P)');
          else if (/[A-Za-z0-9]/.test(c)) this.commonEscapeError(c);
          else lo = c.charCodeAt(0);
        }
      } else {
        lo = c.charCodeAt(0);
        this.i++;
      }
      // A range?
      if (p[this.i] === '-' && p[this.i + 1] !== ']' && this.i + 1 < p.length) {
        if (typeof lo !== 'number') throw new RegexError('invalid range in character class');
        this.i++;
        let hi: number;
        let h = p[this.i]!;
        if (h === '[' && p[this.i + 1] === ':') throw new RegexError('invalid range in character class');
        if (h === '\\') {
          this.i++;
          h = p[this.i] ?? missing();
          const num = this.numericEscape(true);
          if (num !== undefined) hi = num;
          else {
            if (classSet(h)) throw new RegexError('invalid range in character class');
            this.i++;
            hi = h === 'b' ? 8 : h.charCodeAt(0);
          }
        } else {
          hi = h.charCodeAt(0);
          this.i++;
        }
        if (hi < lo) throw new RegexError('range out of order in character class');
        range(set, lo, hi);
        continue;
      }
      if (typeof lo === 'number') set[lo] = 1;
      else for (let k = 0; k < 256; k++) if (lo[k]) set[k] = 1;
    }
    const folded = flags.i ? fold(set) : set;
    return { t: 'set', set: negate ? invert(folded) : folded };
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation to an NFA program and its simulation.

type Inst =
  | { op: 'set'; set: CharSet; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'assert'; kind: Assert; next: number }
  | { op: 'match' };

class ProgramBuilder {
  readonly prog: Inst[] = [{ op: 'match' }];

  private push(i: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new RegexError('regular expression is too large');
    this.prog.push(i);
    return this.prog.length - 1;
  }

  /** Emits `node` so that it continues at `next`; returns its entry. */
  emit(node: Node, next: number): number {
    switch (node.t) {
      case 'empty':
        return next;
      case 'set':
        return this.push({ op: 'set', set: node.set, next });
      case 'assert':
        return this.push({ op: 'assert', kind: node.kind, next });
      case 'seq': {
        let n = next;
        for (let k = node.items.length - 1; k >= 0; k--) n = this.emit(node.items[k]!, n);
        return n;
      }
      case 'alt': {
        const entries = node.alts.map((a) => this.emit(a, next));
        let n = entries[entries.length - 1]!;
        for (let k = entries.length - 2; k >= 0; k--) n = this.push({ op: 'split', a: entries[k]!, b: n });
        return n;
      }
      case 'rep': {
        let n: number;
        if (node.max === Infinity) {
          const loop = this.push({ op: 'split', a: -1, b: next });
          const body = this.emit(node.node, loop);
          (this.prog[loop] as { a: number }).a = body;
          n = loop;
        } else {
          n = next;
          for (let k = 0; k < node.max - node.min; k++) {
            const body = this.emit(node.node, n);
            n = this.push({ op: 'split', a: body, b: next });
          }
        }
        for (let k = 0; k < node.min; k++) n = this.emit(node.node, n);
        return n;
      }
    }
  }
}

export interface CompiledRegex {
  test(subject: Uint8Array): boolean;
}

function holds(kind: Assert, s: Uint8Array, pos: number): boolean {
  const len = s.length;
  switch (kind) {
    case 'bol':
    case 'bos':
      return pos === 0;
    case 'mbol':
      return pos === 0 || (s[pos - 1] === 10 && pos < len);
    case 'eol':
    case 'eosnl':
      return pos === len || (pos === len - 1 && s[pos] === 10);
    case 'meol':
      return pos === len || s[pos] === 10;
    case 'eos':
      return pos === len;
    case 'word':
    case 'nonword': {
      const before = pos > 0 && isWordChar(s[pos - 1]!);
      const after = pos < len && isWordChar(s[pos]!);
      return (before !== after) === (kind === 'word');
    }
  }
}

class Program implements CompiledRegex {
  private readonly marks: Uint32Array;
  private gen = 0;

  constructor(
    private readonly prog: readonly Inst[],
    private readonly start: number,
  ) {
    this.marks = new Uint32Array(prog.length);
  }

  /** Adds the threads reachable from `pc` without consuming input; true if one of them matches. */
  private add(list: number[], pc: number, s: Uint8Array, pos: number, stack: number[]): boolean {
    stack.push(pc);
    while (stack.length) {
      const p = stack.pop()!;
      if (this.marks[p] === this.gen) continue;
      this.marks[p] = this.gen;
      const inst = this.prog[p]!;
      switch (inst.op) {
        case 'match':
          stack.length = 0;
          return true;
        case 'set':
          list.push(p);
          break;
        case 'split':
          stack.push(inst.b, inst.a);
          break;
        case 'assert':
          if (holds(inst.kind, s, pos)) stack.push(inst.next);
          break;
      }
    }
    return false;
  }

  private bump(): void {
    this.gen++;
    if (this.gen >= 0xffffffff) {
      this.marks.fill(0);
      this.gen = 1;
    }
  }

  test(s: Uint8Array): boolean {
    let cur: number[] = [];
    let nxt: number[] = [];
    const stack: number[] = [];
    this.bump();
    for (let pos = 0; ; pos++) {
      // A match attempt may also start here (same generation as the threads that reached `pos`).
      if (this.add(cur, this.start, s, pos, stack)) return true;
      if (pos >= s.length) return false;
      const c = s[pos]!;
      nxt.length = 0;
      this.bump();
      for (const p of cur) {
        const inst = this.prog[p] as { op: 'set'; set: CharSet; next: number };
        if (inst.set[c] && this.add(nxt, inst.next, s, pos + 1, stack)) return true;
      }
      [cur, nxt] = [nxt, cur];
    }
  }
}

/** Compiles a PCRE pattern (bytes), or returns the error tshark-style. */
export function compileRegex(pattern: Uint8Array): CompiledRegex | { error: string } {
  let text = '';
  for (const b of pattern) text += String.fromCharCode(b);
  try {
    const ast = new PatternParser(text).parse();
    const builder = new ProgramBuilder();
    const start = builder.emit(ast, 0);
    return new Program(builder.prog, start);
  } catch (e) {
    if (e instanceof RegexError) return { error: `Regex compilation error: ${e.message}.` };
    if (e instanceof RangeError) return { error: 'Regex compilation error: regular expression is too large.' };
    throw e;
  }
}
