/**
 * Display-filter parser: Wireshark 4.0's grammar, by recursive descent.
 *
 * Precedence, loosest first: `or`, `and`, `not`, relations (`==` … `contains` `matches` `in`),
 * `&`, `+ -`, `* / %`, unary `+ -`. Arithmetic groups with `{}`, logic with `()`.
 * A syntax error is reported at the first token that cannot continue a valid filter.
 */
import { lookupField, type FieldDef } from '../dissect/fields.ts';
import { FilterSyntaxError, Lexer, type ArithOp, type CmpOp, type Loc, type Token } from './lexer.ts';

/** One item of a slice or layer range, as written (`0:4`, `1-3`, `-2:`, `5`). */
export interface RangeItem {
  /** Start offset; negative counts from the end. */
  readonly start: number;
  /** `start:length`; with neither length nor end the item runs to the end of the data. */
  readonly length?: number;
  /** `start-end`, inclusive; negative counts from the end. */
  readonly end?: number;
  readonly text: string;
  readonly loc: Loc;
}

/** The half-open byte range an item selects in data of `size` bytes, or undefined if it falls outside. */
export function resolveRange(r: RangeItem, size: number): [number, number] | undefined {
  const from = r.start < 0 ? size + r.start : r.start;
  let to: number;
  if (r.length !== undefined) to = from + r.length;
  else if (r.end !== undefined) to = (r.end < 0 ? size + r.end : r.end) + 1;
  else to = size;
  if (from < 0 || to > size || from >= to) return undefined;
  return [from, to];
}

export type Operand =
  | {
      readonly k: 'field';
      readonly def: FieldDef;
      readonly name: string;
      readonly layer?: readonly RangeItem[];
      readonly loc: Loc;
    }
  | { readonly k: 'word'; readonly text: string; readonly loc: Loc }
  | { readonly k: 'string'; readonly bytes: Uint8Array; readonly text: string; readonly loc: Loc }
  | { readonly k: 'charconst'; readonly value: number; readonly text: string; readonly loc: Loc }
  | { readonly k: 'slice'; readonly of: Operand; readonly ranges: readonly RangeItem[]; readonly loc: Loc }
  | { readonly k: 'func'; readonly name: string; readonly args: readonly Operand[]; readonly loc: Loc }
  | { readonly k: 'ref'; readonly def: FieldDef; readonly name: string; readonly loc: Loc }
  | {
      readonly k: 'arith';
      readonly op: ArithOp;
      readonly opText: string;
      readonly l: Operand;
      readonly r: Operand;
      readonly loc: Loc;
    }
  | { readonly k: 'neg'; readonly e: Operand; readonly loc: Loc }
  /** `{ … }` around an arithmetic expression, or unary `+` (kept so it is not mistaken for a plain entity). */
  | { readonly k: 'group'; readonly e: Operand; readonly plus?: boolean; readonly loc: Loc };

export type SetItem = { readonly lo: Operand; readonly hi?: Operand };

export type Quant = 'any' | 'all' | undefined;

export type Expr =
  | { readonly k: 'and' | 'or'; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'not'; readonly e: Expr }
  | {
      readonly k: 'cmp';
      readonly op: CmpOp;
      readonly opText: string;
      readonly l: Operand;
      readonly r: Operand;
      readonly quant: Quant;
      readonly loc: Loc;
    }
  | {
      readonly k: 'contains' | 'matches';
      readonly opText: string;
      readonly l: Operand;
      readonly r: Operand;
      readonly quant: Quant;
      readonly loc: Loc;
    }
  | {
      readonly k: 'in';
      readonly l: Operand;
      readonly set: readonly SetItem[];
      readonly negated: boolean;
      readonly quant: Quant;
      readonly loc: Loc;
    }
  | { readonly k: 'exists'; readonly e: Operand };

const INT_MAX = 2 ** 31 - 1;

/** strtol(…, 0)-style prefix parse: optional spaces and sign, then 0x hex, 0 octal or decimal. */
function strtol(s: string, i: number): { value: number; end: number; overflow: boolean } | undefined {
  let j = i;
  while (j < s.length && ' \t\n\r\f\v'.includes(s[j]!)) j++;
  let sign = 1;
  if (s[j] === '+' || s[j] === '-') {
    if (s[j] === '-') sign = -1;
    j++;
  }
  let base = 10;
  let digits = /[0-9]/;
  if (s[j] === '0' && (s[j + 1] === 'x' || s[j + 1] === 'X') && /[0-9A-Fa-f]/.test(s[j + 2] ?? '')) {
    base = 16;
    digits = /[0-9A-Fa-f]/;
    j += 2;
  } else if (s[j] === '0') {
    base = 8;
    digits = /[0-7]/;
  }
  const ds = j;
  while (j < s.length && digits.test(s[j]!)) j++;
  if (j === ds) return undefined;
  const v = parseInt(s.slice(ds, j), base);
  return { value: sign * v, end: j, overflow: v > INT_MAX };
}

/** Parses one range item the way tshark 4.0 does, or throws its error. */
export function parseRangeItem(text: string, loc: Loc): RangeItem {
  const invalid = (): never => {
    throw new FilterSyntaxError(`"${text}" is not a valid range.`, loc);
  };
  const overflow = (): never => {
    throw new FilterSyntaxError(`"${text}" causes an integer overflow.`, loc);
  };
  const trailingOk = (i: number): boolean => /^[ \t\n\r]*$/.test(text.slice(i));
  let start = 0;
  let i: number;
  const first = strtol(text, 0);
  if (first) {
    if (first.overflow) overflow();
    start = first.value;
    i = first.end;
  } else if (text.trimStart().startsWith(':')) {
    i = text.indexOf(':');
  } else {
    throw new FilterSyntaxError(`"${text}" is not a valid number.`, loc);
  }
  while (i < text.length && ' \t'.includes(text[i]!)) i++;
  if (i >= text.length) return { start, length: 1, text, loc };
  const sep = text[i];
  if (sep === ':') {
    if (i + 1 >= text.length) return { start, text, loc };
    const n = strtol(text, i + 1);
    if (!n || !trailingOk(n.end)) invalid();
    if (n!.overflow) overflow();
    if (n!.value <= 0) {
      throw new FilterSyntaxError(`Range ${text} isn't valid because length ${n!.value} isn't positive`, loc);
    }
    return { start, length: n!.value, text, loc };
  }
  if (sep === '-') {
    const n = strtol(text, i + 1);
    if (!n || !trailingOk(n.end)) invalid();
    if (n!.overflow) overflow();
    const end = n!.value;
    if (start >= end) {
      throw new FilterSyntaxError(`Range ${text} isn't valid because ${start} is greater or equal than ${end}`, loc);
    }
    return { start, end, text, loc };
  }
  return invalid();
}

export class Parser {
  private readonly lexer: Lexer;
  private tok: Token;

  constructor(readonly text: string) {
    this.lexer = new Lexer(text);
    this.tok = this.lexer.next();
  }

  /** Parses the whole filter; an empty filter gives undefined. */
  parse(): Expr | undefined {
    if (this.tok.kind === 'eof') return undefined;
    const e = this.expr();
    if (!this.at('eof')) this.unexpected();
    return e;
  }

  /** Whether the current token is of a kind (a method, so type narrowing does not stick across calls). */
  private at(kind: Token['kind']): boolean {
    return this.tok.kind === kind;
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  private unexpected(): never {
    const t = this.tok;
    if (t.kind === 'eof') throw new FilterSyntaxError('Unexpected end of filter expression.', t.loc);
    throw new FilterSyntaxError(`"${t.text}" was unexpected in this context.`, t.loc);
  }

  private expect(kind: Token['kind']): Token {
    if (this.tok.kind !== kind) this.unexpected();
    return this.advance();
  }

  private expr(): Expr {
    let l = this.andExpr();
    while (this.tok.kind === 'or') {
      this.advance();
      l = { k: 'or', l, r: this.andExpr() };
    }
    return l;
  }

  private andExpr(): Expr {
    let l = this.notExpr();
    while (this.tok.kind === 'and') {
      this.advance();
      l = { k: 'and', l, r: this.notExpr() };
    }
    return l;
  }

  private notExpr(): Expr {
    if (this.tok.kind === 'not') {
      this.advance();
      return { k: 'not', e: this.notExpr() };
    }
    if (this.tok.kind === 'lparen') {
      this.advance();
      const e = this.expr();
      this.expect('rparen');
      return e;
    }
    let quant: Quant;
    if (this.tok.kind === 'any' || this.tok.kind === 'all') quant = this.advance().kind === 'any' ? 'any' : 'all';
    const l = this.arith();
    const rel = this.relation(l, quant);
    if (rel) return rel;
    if (quant) this.unexpected();
    return { k: 'exists', e: l };
  }

  /** The relation that follows the operand `l`, if any. */
  private relation(l: Operand, quant: Quant): Expr | undefined {
    const t = this.tok;
    if (t.kind === 'cmp') {
      const tests: Expr[] = [];
      let left = l;
      while (this.tok.kind === 'cmp') {
        const op = this.advance() as Extract<Token, { kind: 'cmp' }>;
        const right = this.arith();
        tests.push({ k: 'cmp', op: op.op, opText: op.text, l: left, r: right, quant, loc: op.loc });
        left = right;
      }
      return tests.reduce((a, b) => ({ k: 'and', l: a, r: b }));
    }
    if (t.kind === 'contains' || t.kind === 'matches' || t.kind === 'in' || t.kind === 'not') {
      // These take an entity on the left, not an arithmetic expression.
      if (!isEntity(l)) this.unexpected();
      if (t.kind === 'not') {
        this.advance();
        if (this.tok.kind !== 'in') this.unexpected();
        const inTok = this.advance();
        return { k: 'in', l, set: this.set(), negated: true, quant, loc: inTok.loc };
      }
      this.advance();
      if (t.kind === 'in') return { k: 'in', l, set: this.set(), negated: false, quant, loc: t.loc };
      const r = this.entity();
      return { k: t.kind, opText: t.text, l, r, quant, loc: t.loc };
    }
    return undefined;
  }

  private set(): SetItem[] {
    this.expect('lbrace');
    const items: SetItem[] = [];
    for (;;) {
      const lo = this.setEntity();
      if (this.tok.kind === 'dotdot') {
        this.advance();
        items.push({ lo, hi: this.setEntity() });
      } else items.push({ lo });
      if (this.tok.kind === 'comma') {
        this.advance();
        continue;
      }
      this.expect('rbrace');
      return items;
    }
  }

  private setEntity(): Operand {
    if (this.tok.kind === 'arith' && (this.tok.op === '-' || this.tok.op === '+')) {
      const sign = this.advance();
      const e = this.entity();
      return sign.text === '-' ? { k: 'neg', e, loc: e.loc } : e;
    }
    return this.entity();
  }

  // Arithmetic: & loosest, then + -, then * / %.
  private arith(): Operand {
    let l = this.additive();
    while (this.tok.kind === 'arith' && this.tok.op === '&') {
      const op = this.advance() as Extract<Token, { kind: 'arith' }>;
      l = { k: 'arith', op: '&', opText: op.text, l, r: this.additive(), loc: l.loc };
    }
    return l;
  }

  private additive(): Operand {
    let l = this.multiplicative();
    while (this.tok.kind === 'arith' && (this.tok.op === '+' || this.tok.op === '-')) {
      const op = this.advance() as Extract<Token, { kind: 'arith' }>;
      l = { k: 'arith', op: op.op, opText: op.text, l, r: this.multiplicative(), loc: l.loc };
    }
    return l;
  }

  private multiplicative(): Operand {
    let l = this.unary();
    while (this.tok.kind === 'arith' && (this.tok.op === '*' || this.tok.op === '/' || this.tok.op === '%')) {
      const op = this.advance() as Extract<Token, { kind: 'arith' }>;
      l = { k: 'arith', op: op.op, opText: op.text, l, r: this.unary(), loc: l.loc };
    }
    return l;
  }

  private unary(): Operand {
    const t = this.tok;
    if (t.kind === 'arith' && (t.op === '-' || t.op === '+')) {
      this.advance();
      const e = this.entity();
      // `+x` is arithmetic, not an entity (so it cannot be the left side of `contains`).
      return t.op === '-' ? { k: 'neg', e, loc: e.loc } : { k: 'group', e, plus: true, loc: e.loc };
    }
    if (t.kind === 'lbrace') {
      this.advance();
      const e = this.arith();
      this.expect('rbrace');
      return { k: 'group', e, loc: e.loc };
    }
    return this.entity();
  }

  /** An entity: a field, literal, string, character constant, function call or reference, then any slices. */
  private entity(): Operand {
    let e = this.atom();
    while (this.tok.kind === 'lbracket') {
      this.advance();
      e = { k: 'slice', of: e, ranges: this.rangeList(), loc: e.loc };
    }
    return e;
  }

  private atom(): Operand {
    const t = this.tok;
    switch (t.kind) {
      case 'string':
        this.advance();
        return { k: 'string', bytes: t.bytes, text: t.text, loc: t.loc };
      case 'charconst':
        this.advance();
        return { k: 'charconst', value: t.value, text: t.text, loc: t.loc };
      case 'dotfield': {
        this.advance();
        const def = lookupField(t.name);
        if (!def) throw new FilterSyntaxError(`"${t.name}" is not a valid protocol or protocol field.`, t.loc);
        return this.layered({ k: 'field', def, name: t.name, loc: t.loc });
      }
      case 'dollar':
        return this.reference();
      case 'word': {
        this.advance();
        if (this.tok.kind === 'lparen') return this.call(t.text, t.loc);
        const def = lookupField(t.text);
        if (this.tok.kind === 'hash') {
          if (!def) {
            this.layer();
            if (this.at('other')) this.unexpected();
            throw new FilterSyntaxError(`${t.text} is not a valid field`, t.loc);
          }
          return this.layered({ k: 'field', def, name: t.text, loc: t.loc });
        }
        if (def) return { k: 'field', def, name: t.text, loc: t.loc };
        return { k: 'word', text: t.text, loc: t.loc };
      }
      default:
        return this.unexpected();
    }
  }

  private layered(f: Extract<Operand, { k: 'field' }>): Operand {
    if (this.tok.kind !== 'hash') return f;
    return { ...f, layer: this.layer() };
  }

  private layer(): RangeItem[] {
    this.expect('hash');
    const t = this.tok;
    if (t.kind === 'layer') {
      this.advance();
      const n = Number(t.text);
      if (n > INT_MAX) throw new FilterSyntaxError(`"${t.text}" causes an integer overflow.`, t.loc);
      return [{ start: n, length: 1, text: t.text, loc: t.loc }];
    }
    if (t.kind === 'lbracket') {
      this.advance();
      return this.rangeList();
    }
    return this.unexpected();
  }

  private rangeList(): RangeItem[] {
    const items: RangeItem[] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'range') this.unexpected();
      this.advance();
      items.push(parseRangeItem(t.text, t.loc));
      if (this.tok.kind === 'comma') {
        this.advance();
        continue;
      }
      this.expect('rbracket');
      return items;
    }
  }

  private call(name: string, loc: Loc): Operand {
    this.expect('lparen');
    const args: Operand[] = [];
    if (this.tok.kind !== 'rparen') {
      for (;;) {
        args.push(this.arith());
        if (this.tok.kind !== 'comma') break;
        this.advance();
      }
    }
    this.expect('rparen');
    // A character that is no token at all is reported before the call is checked (as tshark does).
    if (this.at('other')) this.unexpected();
    if (!FUNCTIONS.has(name)) throw new FilterSyntaxError(`Function '${name}' does not exist`, loc);
    return { k: 'func', name, args, loc };
  }

  private reference(): Operand {
    this.expect('dollar');
    this.expect('lbrace');
    const t = this.tok;
    let def: FieldDef | undefined;
    let name = '';
    if (t.kind === 'word' || t.kind === 'dotfield') {
      name = t.kind === 'word' ? t.text : t.name;
      def = lookupField(name);
      if (!def) throw new FilterSyntaxError(`macro '${name}' does not exist`, t.loc);
      this.advance();
    } else this.unexpected();
    this.expect('rbrace');
    return { k: 'ref', def: def!, name, loc: t.loc };
  }
}

export const FUNCTIONS: ReadonlySet<string> = new Set([
  'len',
  'count',
  'lower',
  'upper',
  'string',
  'abs',
  'max',
  'min',
]);

/** Whether an operand is an entity (no arithmetic, no `{}` group). */
export function isEntity(o: Operand): boolean {
  return o.k !== 'arith' && o.k !== 'neg' && o.k !== 'group';
}
