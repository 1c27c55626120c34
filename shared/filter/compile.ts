/**
 * Semantic check and code generation: turns the syntax tree into closures over a packet, with
 * tshark 4.0's type rules and error messages.
 */
import { lookupField, type FieldDef } from '../dissect/fields.ts';
import type { FieldNode, FieldTree } from '../dissect/tree.ts';
import { FilterSyntaxError, type CmpOp, type Loc } from './lexer.ts';
import { resolveRange, type Expr, type Operand, type RangeItem, type SetItem } from './parser.ts';
import { compileRegex, type CompiledRegex } from './regex.ts';
import * as V from './values.ts';
import type { FT, Val } from './values.ts';

interface Occurrence {
  readonly node: FieldNode;
  /** Which instance of the field's protocol (1-based) the node belongs to. */
  readonly layer: number;
}

/** Everything a compiled filter reads from one packet, indexed on first use. */
export class EvalContext {
  private index: Map<string, Occurrence[]> | undefined;
  private layers: Map<string, number> | undefined;

  constructor(
    public tree: FieldTree,
    public frame: Uint8Array,
    private readonly wanted: ReadonlySet<string>,
  ) {}

  /** Points the context at another packet (one context serves a whole pass). */
  reset(tree: FieldTree, frame: Uint8Array): void {
    this.tree = tree;
    this.frame = frame;
    this.index = undefined;
    this.layers = undefined;
  }

  private build(): void {
    const index = new Map<string, Occurrence[]>();
    const layers = new Map<string, number>();
    const stack: FieldNode[] = [];
    for (let i = this.tree.roots.length - 1; i >= 0; i--) stack.push(this.tree.roots[i]!);
    while (stack.length) {
      const n = stack.pop()!;
      const def = n.def;
      if (def) {
        if (def.type === 'protocol') layers.set(def.abbrev, (layers.get(def.abbrev) ?? 0) + 1);
        if (this.wanted.has(def.abbrev)) {
          let list = index.get(def.abbrev);
          if (!list) index.set(def.abbrev, (list = []));
          list.push({ node: n, layer: layers.get(protocolOf(def.abbrev)) ?? 0 });
        }
      }
      if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
    this.index = index;
    this.layers = layers;
  }

  /** Whether a field has some node (in the given layers): stops at the first one found. */
  has(abbrev: string, layer?: readonly RangeItem[]): boolean {
    if (!layer && !this.index) return hasNode(this.tree.roots, abbrev);
    return this.nodes(abbrev, layer).length > 0;
  }

  /** The nodes of a field, in tree order, optionally restricted to some protocol layers. */
  nodes(abbrev: string, layer?: readonly RangeItem[]): FieldNode[] {
    if (!layer && !this.index) return nodesOf(this.tree.roots, abbrev);
    if (!this.index) this.build();
    const all = this.index!.get(abbrev) ?? [];
    if (!layer) return all.map((o) => o.node);
    const total = this.layers!.get(protocolOf(abbrev)) ?? 0;
    return all.filter((o) => inLayer(o.layer, total, layer)).map((o) => o.node);
  }
}

/** The nodes of one field in tree order, without indexing the whole tree (most filters read one or two fields). */
function nodesOf(roots: readonly FieldNode[], abbrev: string): FieldNode[] {
  const out: FieldNode[] = [];
  collect(roots, abbrev, out);
  return out;
}

function hasNode(nodes: readonly FieldNode[], abbrev: string): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.def !== undefined && n.def.abbrev === abbrev) return true;
    if (n.children && hasNode(n.children, abbrev)) return true;
  }
  return false;
}

function collect(nodes: readonly FieldNode[], abbrev: string, out: FieldNode[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.def !== undefined && n.def.abbrev === abbrev) out.push(n);
    if (n.children) collect(n.children, abbrev, out);
  }
}

const protoCache = new Map<string, string>();

/** The protocol a field belongs to: its longest prefix that is a declared protocol. */
function protocolOf(abbrev: string): string {
  const cached = protoCache.get(abbrev);
  if (cached !== undefined) return cached;
  const parts = abbrev.split('.');
  for (let n = parts.length; n > 0; n--) {
    const cand = parts.slice(0, n).join('.');
    if (lookupField(cand)?.type === 'protocol') {
      protoCache.set(abbrev, cand);
      return cand;
    }
  }
  // Not cached: the protocol may be declared later.
  return parts[0]!;
}

function inLayer(layer: number, total: number, items: readonly RangeItem[]): boolean {
  return items.some((r) => {
    const from = r.start < 0 ? total + 1 + r.start : r.start;
    const to =
      r.length !== undefined
        ? from + r.length
        : r.end !== undefined
          ? (r.end < 0 ? total + 1 + r.end : r.end) + 1
          : total + 1;
    return layer >= from && layer < to;
  });
}

export type Pred = (ctx: EvalContext) => boolean;

type OpKind = 'field' | 'ref' | 'slice' | 'func' | 'const' | 'arith';

/** A checked operand: its type, and how to get its values from a packet. */
interface Op {
  readonly kind: OpKind;
  readonly ft: FT;
  readonly def?: FieldDef;
  /** How messages name it: a field abbreviation, `len`, or the literal text. */
  readonly name: string;
  /** True when no packet data is involved (a literal, or arithmetic on literals). */
  readonly constant: boolean;
  readonly loc: Loc;
  readonly eval: (ctx: EvalContext) => Val[];
  /** For fields and slices: the values as raw bytes (for comparisons with slices). */
  readonly bytes?: (ctx: EvalContext) => Uint8Array[];
  /** For fields: the nodes whose values `eval` gives. */
  readonly nodes?: (ctx: EvalContext) => FieldNode[];
  /** For literals: the value. */
  readonly value?: Val;
}

const fail = (msg: string, loc: Loc): never => {
  throw new FilterSyntaxError(msg, loc);
};

const CMP_TESTS: Record<Exclude<CmpOp, 'all_ne' | 'any_ne' | 'all_eq' | 'any_eq'>, (c: number) => boolean> = {
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
};

/**
 * A field compared with a literal (`tcp.port == 443`, the commonest relation), as the general comparison does it
 * but node by node, without arrays of values.
 */
function fieldAgainstConstant(
  nodes: (ctx: EvalContext) => FieldNode[],
  ft: FT,
  c: V.PreparedConstant,
  pair: (c: number | undefined) => boolean,
  mode: 'any' | 'all' | 'none',
): Pred {
  return (ctx) => {
    let valued = false;
    for (const n of nodes(ctx)) {
      const cmp = V.compareNode(n, ft, ctx.tree, ctx.frame, c);
      if (cmp === null) continue;
      valued = true;
      const ok = pair(cmp);
      if (mode === 'all') {
        if (!ok) return false;
      } else if (ok) return mode === 'any';
    }
    // No value at all matches nothing; otherwise 'all' and 'none' held for every value, and 'any' for none.
    return valued && mode !== 'any';
  };
}

/** A field tested for a literal (`… contains "host"`), as the general test does it but node by node. */
function fieldContains(nodes: (ctx: EvalContext) => FieldNode[], ft: FT, needle: Uint8Array, all: boolean): Pred {
  return (ctx) => {
    let valued = false;
    for (const n of nodes(ctx)) {
      const v = V.nodeValue(n, ft, ctx.tree, ctx.frame);
      if (!v || (v.t !== 'bytes' && v.t !== 'str')) continue;
      valued = true;
      const found = V.bytesContain(v.v, needle);
      if (all) {
        if (!found) return false;
      } else if (found) return true;
    }
    return all && valued;
  };
}

function literalText(o: Operand): string | undefined {
  return o.k === 'word' || o.k === 'string' || o.k === 'charconst' ? o.text : undefined;
}

function describe(op: Op): string {
  return op.kind === 'func'
    ? `return value of ${op.name}() (type=${V.typeName(op.ft)})`
    : `${op.name} (type=${V.typeName(op.ft)})`;
}

interface FuncSpec {
  readonly min: number;
  readonly max: number;
}

const FUNCS: Record<string, FuncSpec> = {
  len: { min: 1, max: 1 },
  count: { min: 1, max: 1 },
  lower: { min: 1, max: 1 },
  upper: { min: 1, max: 1 },
  string: { min: 1, max: 1 },
  abs: { min: 1, max: 1 },
  max: { min: 1, max: Infinity },
  min: { min: 1, max: Infinity },
};

function asciiCase(b: Uint8Array, upper: boolean): Uint8Array {
  return b.map((c) => (upper ? (c >= 0x61 && c <= 0x7a ? c - 32 : c) : c >= 0x41 && c <= 0x5a ? c + 32 : c));
}

function concatRanges(data: Uint8Array, ranges: readonly RangeItem[]): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const r of ranges) {
    const span = resolveRange(r, data.length);
    if (!span) return undefined;
    parts.push(data.subarray(span[0], span[1]));
    total += span[1] - span[0];
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export class Compiler {
  /** Canonical names of every field the filter reads. */
  readonly fields = new Set<string>();

  compile(e: Expr): Pred {
    switch (e.k) {
      case 'and':
      case 'or': {
        // Flatten chains (`a or b or c …` nests to the left) so long filters do not recurse deeply.
        const terms: Expr[] = [];
        let cur: Expr = e;
        while (cur.k === e.k) {
          const bin = cur as Extract<Expr, { k: 'and' | 'or' }>;
          terms.push(bin.r);
          cur = bin.l;
        }
        terms.push(cur);
        const preds = terms.reverse().map((t) => this.compile(t));
        return e.k === 'and' ? (ctx) => preds.every((p) => p(ctx)) : (ctx) => preds.some((p) => p(ctx));
      }
      case 'not': {
        const inner = this.compile(e.e);
        return (ctx) => !inner(ctx);
      }
      case 'exists':
        return this.exists(e.e);
      case 'cmp':
        return this.comparison(e);
      case 'contains':
      case 'matches':
        return this.contains(e);
      case 'in':
        return this.membership(e);
    }
  }

  // --- Operands ------------------------------------------------------------------------------

  private field(o: Extract<Operand, { k: 'field' | 'ref' }>): Op {
    const def = o.def;
    this.fields.add(def.abbrev);
    const ft = def.type;
    if (o.k === 'ref') {
      // Field references (`${f}`) read the selected packet, which a display filter run does not have.
      return { kind: 'ref', ft, def, name: def.abbrev, constant: false, loc: o.loc, eval: () => [], bytes: () => [] };
    }
    const layer = o.layer;
    // Layer numbers count the instances of the field's protocol, so the protocol's nodes are needed too.
    if (layer) this.fields.add(protocolOf(def.abbrev));
    return {
      kind: 'field',
      ft,
      def,
      name: def.abbrev,
      constant: false,
      loc: o.loc,
      nodes: (ctx) => ctx.nodes(def.abbrev, layer),
      eval: (ctx) => {
        const out: Val[] = [];
        for (const n of ctx.nodes(def.abbrev, layer)) {
          const v = V.nodeValue(n, ft, ctx.tree, ctx.frame);
          if (v) out.push(v);
        }
        return out;
      },
      bytes: (ctx) => {
        const out: Uint8Array[] = [];
        for (const n of ctx.nodes(def.abbrev, layer)) {
          const b = V.sliceBytes(n, ft, ctx.tree, ctx.frame);
          if (b) out.push(b);
        }
        return out;
      },
    };
  }

  private constant(v: Val, ft: FT, o: Operand): Op {
    return { kind: 'const', ft, name: literalText(o) ?? '', constant: true, loc: o.loc, eval: () => [v], value: v };
  }

  /** A literal converted for `target`. */
  private literal(o: Operand, target: V.Target): Op {
    let r: V.Converted;
    if (o.k === 'word') r = V.convertWord(o.text, target);
    else if (o.k === 'string') r = V.convertString(o.bytes, o.text, target);
    else if (o.k === 'charconst') r = V.convertChar(o.value, o.text, target);
    else throw new Error('not a literal');
    if (!r.ok) return fail(r.msg, o.loc);
    return this.constant(r.v, target.ft, o);
  }

  private slice(o: Extract<Operand, { k: 'slice' }>): Op {
    const inner = this.sliceSource(o.of);
    const ranges = o.ranges;
    const bytes = (ctx: EvalContext): Uint8Array[] => {
      const out: Uint8Array[] = [];
      for (const b of inner(ctx)) {
        const s = concatRanges(b, ranges);
        if (s) out.push(s);
      }
      return out;
    };
    return {
      kind: 'slice',
      ft: 'bytes',
      name: '',
      constant: false,
      loc: o.loc,
      eval: (ctx) => bytes(ctx).map((v) => ({ t: 'bytes', v })),
      bytes,
    };
  }

  /** What a slice cuts: the raw bytes of a field, slice or string-valued function. */
  private sliceSource(o: Operand): (ctx: EvalContext) => Uint8Array[] {
    if (o.k === 'field' || o.k === 'ref') {
      const f = this.field(o);
      if (!V.isSliceable(f.ft))
        fail(`"${f.name}" is a ${V.typeName(f.ft)} and cannot be sliced into a sequence of bytes.`, o.loc);
      return f.bytes!;
    }
    if (o.k === 'slice') return this.slice(o).bytes!;
    if (o.k === 'func') {
      const f = this.func(o);
      if (!V.isSliceable(f.ft)) fail(`${describe(f)} cannot be sliced into a sequence of bytes.`, o.loc);
      return (ctx) => f.eval(ctx).flatMap((v) => (v.t === 'bytes' || v.t === 'str' ? [v.v] : []));
    }
    return fail(`Range is not supported for entity ${literalText(o) ?? ''}`, o.loc);
  }

  /** An operand on the right of a test, converted for the left operand `lhs`. */
  private rhs(o: Operand, lhs: Op, target?: V.Target): Op {
    const t = target ?? { ft: lhs.ft, def: lhs.def };
    if (o.k === 'word' || o.k === 'string' || o.k === 'charconst') return this.literal(o, t);
    if (o.k === 'arith' || o.k === 'neg' || o.k === 'group') {
      const a = this.arith(o, t);
      this.checkCompatible(lhs, a);
      return a;
    }
    const r = this.entity(o);
    this.checkCompatible(lhs, r);
    return r;
  }

  private entity(o: Operand): Op {
    switch (o.k) {
      case 'field':
      case 'ref':
        return this.field(o);
      case 'slice':
        return this.slice(o);
      case 'func':
        return this.func(o);
      default:
        return this.arith(o, undefined);
    }
  }

  private checkCompatible(lhs: Op, rhs: Op): void {
    if (lhs.kind === 'slice' || rhs.kind === 'slice') {
      // Anything sliceable converts to bytes for a comparison with a slice.
      for (const [side, other] of [
        [rhs, lhs],
        [lhs, rhs],
      ] as const) {
        if (other.kind === 'slice' && (side.kind === 'field' || side.kind === 'ref') && !V.isSliceable(side.ft)) {
          fail(
            `"${side.name}" is a ${V.typeName(side.ft)} and cannot be converted into a sequence of bytes.`,
            side.loc,
          );
        }
        if (other.kind === 'slice' && side.kind === 'func' && !V.isSliceable(side.ft)) {
          fail(`${describe(other)} and ${describe(side)} are not of compatible types.`, side.loc);
        }
      }
      return;
    }
    if (rhs.constant || V.compatible(lhs.ft, rhs.ft)) return;
    if (lhs.kind === 'func' || rhs.kind === 'func') {
      fail(`${describe(lhs)} and ${describe(rhs)} are not of compatible types.`, rhs.loc);
    }
    fail(`${lhs.name} and ${rhs.name} are not of compatible types.`, rhs.loc);
  }

  /** Both sides as bytes, when one of them is a slice. */
  private asBytes(op: Op): (ctx: EvalContext) => Val[] {
    if (op.bytes) {
      const b = op.bytes;
      return (ctx) => b(ctx).map((v) => ({ t: 'bytes', v }));
    }
    return op.eval;
  }

  // --- Arithmetic ----------------------------------------------------------------------------

  /** An operand of `+ - * / % &` or unary minus: strings and character constants are not allowed. */
  private arithOperand(o: Operand, target: V.Target | undefined): Op {
    if (o.k === 'string' || o.k === 'charconst') fail(`${o.text} is not a valid arithmetic operand.`, o.loc);
    if (o.k === 'word') {
      if (!target) return fail('Constant arithmetic expression on the LHS is invalid.', o.loc);
      // Value names are not looked up inside arithmetic.
      return this.literal(o, { ft: target.ft });
    }
    return this.arith(o, target);
  }

  /** An arithmetic expression (or plain entity); literals in it take the type `target`. */
  private arith(o: Operand, target: V.Target | undefined): Op {
    switch (o.k) {
      case 'group':
        if (o.e.k === 'word' || o.e.k === 'string' || o.e.k === 'charconst') {
          if (!target) return fail('Constant arithmetic expression on the LHS is invalid.', o.e.loc);
          return this.literal(o.e, target);
        }
        return this.arith(o.e, target);
      case 'word':
      case 'string':
      case 'charconst':
        if (!target) return fail('Constant arithmetic expression on the LHS is invalid.', o.loc);
        return this.literal(o, target);
      case 'field':
      case 'ref':
      case 'slice':
      case 'func':
        return this.entity(o);
      case 'neg': {
        const inner = this.arithOperand(o.e, target);
        if (!V.supportsArith(inner.ft, '-') || inner.ft === 'abstime') fail(`${V.ftName(inner.ft)} cannot -.`, o.e.loc);
        return {
          kind: inner.constant ? 'const' : 'arith',
          ft: inner.ft,
          def: inner.def,
          name: inner.name,
          constant: inner.constant,
          loc: o.loc,
          eval: (ctx) => inner.eval(ctx).flatMap((v) => V.negate(v) ?? []),
        };
      }
      case 'arith':
        break;
    }
    const op = o.op;
    const opText = o.opText === 'bitwise_and' ? '&' : op;
    const l = this.arithOperand(o.l, target);
    if (!V.supportsArith(l.ft, op)) fail(`${V.ftName(l.ft)} cannot ${opText}.`, l.loc);
    const r = this.arithOperand(o.r, { ft: l.ft, def: l.def });
    if (!V.supportsArith(r.ft, op)) fail(`${V.ftName(r.ft)} cannot ${opText}.`, r.loc);
    if (!r.constant && !V.compatible(l.ft, r.ft)) fail(`${l.name} and ${r.name} are not type compatible.`, r.loc);
    return {
      kind: l.constant && r.constant ? 'const' : 'arith',
      ft: l.ft,
      def: l.def,
      name: l.name,
      constant: l.constant && r.constant,
      loc: o.loc,
      eval: (ctx) => {
        const out: Val[] = [];
        const rv = r.eval(ctx);
        for (const a of l.eval(ctx)) {
          for (const b of rv) {
            const x = V.arith(op, a, b);
            if (x) out.push(x);
          }
        }
        return out;
      },
    };
  }

  // --- Functions -----------------------------------------------------------------------------

  private func(o: Extract<Operand, { k: 'func' }>): Op {
    const spec = FUNCS[o.name]!;
    const name = o.name;
    if (o.args.length < spec.min) fail(`Function ${name} needs at least ${spec.min} arguments.`, o.loc);
    if (o.args.length > spec.max) fail(`Function ${name} can only accept ${spec.max} arguments.`, o.loc);
    const arg = o.args[0]!;
    const mk = (ft: FT, evalf: (ctx: EvalContext) => Val[], def?: FieldDef): Op => ({
      kind: 'func',
      ft,
      def,
      name,
      constant: false,
      loc: o.loc,
      eval: evalf,
    });
    const fieldArg = (): Op => {
      if (arg.k !== 'field' && arg.k !== 'ref')
        return fail(`Only fields can be used as parameter for ${name}()`, arg.loc);
      return this.field(arg);
    };
    switch (name) {
      case 'len': {
        const f = fieldArg();
        const size = V.fixedSize(f.ft);
        return mk('uint32', (ctx) => {
          if (f.kind === 'ref') return [];
          const out: Val[] = [];
          for (const n of ctx.nodes(f.def!.abbrev, arg.k === 'field' ? arg.layer : undefined)) {
            let len: number | undefined;
            const v = V.nodeValue(n, f.ft, ctx.tree, ctx.frame);
            if ((v?.t === 'bytes' || v?.t === 'str') && f.ft !== 'ether') len = v.v.length;
            else len = size ?? n.length;
            out.push({ t: 'int', n: BigInt(len), s: false });
          }
          return out;
        });
      }
      case 'count': {
        const f = fieldArg();
        return mk('uint32', (ctx) => {
          if (f.kind === 'ref') return [];
          const c = ctx.nodes(f.def!.abbrev, arg.k === 'field' ? arg.layer : undefined).length;
          return c ? [{ t: 'int', n: BigInt(c), s: false }] : [];
        });
      }
      case 'lower':
      case 'upper': {
        if ((arg.k !== 'field' && arg.k !== 'ref') || arg.def.type !== 'string') {
          return fail(`Only string type fields can be used as parameter for ${name}()`, arg.loc);
        }
        const f = this.field(arg);
        return mk('string', (ctx) =>
          f.eval(ctx).map((v) => (v.t === 'str' ? { t: 'str', v: asciiCase(v.v, name === 'upper') } : v)),
        );
      }
      case 'string': {
        const f = fieldArg();
        const ft = f.ft;
        const ok = V.isInt(ft) || ft === 'ipv4' || ft === 'ipv6' || ft === 'ether' || ft === 'oid' || ft === 'double';
        if (!ok) fail(`String conversion for field "${f.name}" is not supported`, arg.loc);
        return mk('string', (ctx) => {
          if (f.kind === 'ref') return [];
          const out: Val[] = [];
          for (const n of ctx.nodes(f.def!.abbrev, arg.k === 'field' ? arg.layer : undefined)) {
            const s = V.nodeString(n, ft, ctx.tree, ctx.frame);
            if (s !== undefined) out.push({ t: 'str', v: V.utf8(s) });
          }
          return out;
        });
      }
      case 'abs': {
        const bare = arg.k === 'group' ? arg.e : arg;
        if (bare.k === 'word') fail('Need a field or field-like value on the LHS.', bare.loc);
        if (bare.k === 'string' || bare.k === 'charconst') {
          fail(`Type ${bare.k === 'string' ? 'STRING' : 'CHARCONST'} is not valid for abs`, bare.loc);
        }
        const a = this.arith(arg, undefined);
        if (a.constant) fail('Constant arithmetic expression on the LHS is invalid.', arg.loc);
        const numeric = V.isInt(a.ft) || a.ft === 'double' || a.ft === 'reltime' || a.ft === 'boolean';
        if (!numeric)
          fail(`'${a.kind === 'func' ? a.name + '()' : a.name}' is not a valid argument to 'abs'()`, arg.loc);
        return mk(a.ft, (ctx) =>
          a.eval(ctx).map((v) => {
            if (v.t === 'int' && v.n < 0n) return { t: 'int', n: -v.n, s: v.s };
            if (v.t === 'double') return { t: 'double', d: Math.abs(v.d) };
            if (v.t === 'time' && v.ns < 0n) return { t: 'time', ns: -v.ns };
            return v;
          }),
        );
      }
      default: {
        // max, min
        const ops: Op[] = [];
        for (const a of o.args) {
          const text = literalText(a);
          if (text !== undefined && (ops.length === 0 || a.k === 'string'))
            fail(`Argument '${text}' is not valid for ${name}()`, a.loc);
          const op = ops.length ? this.arithOperand(a, { ft: ops[0]!.ft }) : this.arithOperand(a, undefined);
          if (ops.length && op.ft !== ops[0]!.ft) {
            fail(
              `Arguments to '${name}' must have the same type (expected ${V.ftName(ops[0]!.ft)}, got ${V.ftName(op.ft)})`,
              a.loc,
            );
          }
          ops.push(op);
        }
        const want = name === 'max' ? 1 : -1;
        return mk(ops[0]!.ft, (ctx) => {
          let best: Val | undefined;
          for (const op of ops) {
            for (const v of op.eval(ctx)) {
              if (!best) best = v;
              else {
                const c = V.compare(v, best);
                if (c !== undefined && Math.sign(c) === want) best = v;
              }
            }
          }
          return best ? [best] : [];
        });
      }
    }
  }

  // --- Tests ---------------------------------------------------------------------------------

  private exists(o: Operand): Pred {
    switch (o.k) {
      case 'word':
      case 'string':
      case 'charconst':
        return fail(`${o.text} is neither a field nor a protocol name.`, o.loc);
      case 'func':
        return fail('You cannot test whether a function is present.', o.loc);
      case 'ref':
        return fail(`${o.def.abbrev} <${V.ftName(o.def.type)}> is neither a field nor a protocol name.`, o.loc);
      case 'field': {
        this.field(o);
        const abbrev = o.def.abbrev;
        const layer = o.layer;
        return (ctx) => ctx.has(abbrev, layer);
      }
      case 'slice': {
        const s = this.slice(o);
        return (ctx) => s.bytes!(ctx).length > 0;
      }
      case 'group':
        if (o.e.k === 'field' || o.e.k === 'slice') return this.exists(o.e);
        break;
    }
    const a = this.arith(o, undefined);
    if (a.constant) fail('Constant arithmetic expression on the LHS is invalid.', o.loc);
    return (ctx) => a.eval(ctx).some(V.truthy);
  }

  /** The left side of a relation: must be a field, slice, function or arithmetic on one. */
  private lhs(o: Operand, opText: string, quoted: boolean): Op {
    // `+2` and `{2}` are just the literal 2.
    const text = literalText(o.k === 'group' ? o.e : o);
    if (text !== undefined) {
      fail(
        `Left side of ${quoted ? `"${opText}"` : opText} expression must be a field or function, not ${text}.`,
        o.loc,
      );
    }
    const op = this.arith(o, undefined);
    if (op.constant) fail('Constant arithmetic expression on the LHS is invalid.', o.loc);
    return op;
  }

  private participates(op: Op, opText: string, allowed: (ft: FT) => boolean): void {
    if ((op.kind === 'field' || op.kind === 'ref') && !allowed(op.ft)) {
      fail(`${op.name} (type=${V.typeName(op.ft)}) cannot participate in ${opText} comparison.`, op.loc);
    }
    if (op.kind === 'func' && !allowed(op.ft)) {
      fail(`Function ${op.name} (type=${V.typeName(op.ft)}) cannot participate in ${opText} comparison.`, op.loc);
    }
  }

  private comparison(e: Extract<Expr, { k: 'cmp' }>): Pred {
    const l = this.lhs(e.l, e.opText, true);
    this.participates(l, e.opText, (ft) => ft !== 'none');
    const r = this.rhs(e.r, l);
    const sliced = l.kind === 'slice' || r.kind === 'slice';
    const lv = sliced ? this.asBytes(l) : l.eval;
    const rv = sliced ? this.asBytes(r) : r.eval;
    const quant = e.quant;
    let pair: (c: number | undefined) => boolean;
    let mode: 'any' | 'all' | 'none';
    switch (e.op) {
      case 'any_eq':
        pair = (c) => c === 0;
        mode = 'any';
        break;
      case 'all_ne':
        // 4.0: "a != b" is "!(a == b)".
        pair = quant ? (c) => c !== undefined && c !== 0 : (c) => c === 0;
        mode = quant ? 'any' : 'none';
        break;
      case 'all_eq':
        pair = (c) => c === 0;
        mode = 'all';
        break;
      case 'any_ne':
        pair = (c) => c !== undefined && c !== 0;
        mode = 'any';
        break;
      default: {
        const test = CMP_TESTS[e.op];
        pair = (c) => c !== undefined && test(c);
        mode = 'any';
      }
    }
    if (quant === 'all') mode = 'all';
    else if (quant === 'any' && mode === 'all') mode = 'any';
    if (!sliced && l.nodes && r.value)
      return fieldAgainstConstant(l.nodes, l.ft, V.prepareConstant(r.value), pair, mode);
    return (ctx) => {
      const a = lv(ctx);
      if (a.length === 0) return false;
      const b = rv(ctx);
      if (b.length === 0) return false;
      if (mode === 'all') {
        for (const x of a) for (const y of b) if (!pair(V.compare(x, y))) return false;
        return true;
      }
      for (const x of a) for (const y of b) if (pair(V.compare(x, y))) return mode === 'any';
      return mode === 'none';
    };
  }

  private contains(e: Extract<Expr, { k: 'contains' | 'matches' }>): Pred {
    const isMatches = e.k === 'matches';
    // For matches, tshark checks (and compiles) the pattern before the left side.
    let re: CompiledRegex | undefined;
    if (isMatches) {
      if (e.r.k !== 'string') fail('Matches requires a double quoted string on the right side.', e.r.loc);
      const r = compileRegex((e.r as Extract<Operand, { k: 'string' }>).bytes);
      if ('error' in r) fail(r.error, e.r.loc);
      else re = r;
    }
    const l = this.lhs(e.l, e.opText, false);
    const okType = (ft: FT): boolean =>
      ft === 'protocol' || ft === 'bytes' || ft === 'ether' || ft === 'string' || (!isMatches && ft === 'oid');
    this.participates(l, e.opText, okType);
    const lv = l.kind === 'slice' ? this.asBytes(l) : l.eval;
    const all = e.quant === 'all';
    const subjects = (ctx: EvalContext): Uint8Array[] =>
      lv(ctx).flatMap((v) => (v.t === 'bytes' || v.t === 'str' ? [v.v] : []));
    if (re) {
      const regex = re;
      return (ctx) => {
        const s = subjects(ctx);
        return all ? s.length > 0 && s.every((b) => regex.test(b)) : s.some((b) => regex.test(b));
      };
    }
    const target: V.Target = { ft: l.ft === 'string' || l.ft === 'oid' ? l.ft : 'bytes', def: l.def };
    const r = this.rhs(e.r, l, target);
    const needle = r.value?.t === 'bytes' || r.value?.t === 'str' ? r.value.v : undefined;
    if (l.nodes && needle) return fieldContains(l.nodes, l.ft, needle, all);
    const rv = r.kind === 'slice' ? this.asBytes(r) : r.eval;
    return (ctx) => {
      const hay = subjects(ctx);
      if (hay.length === 0) return false;
      const needles = rv(ctx).flatMap((v) => (v.t === 'bytes' || v.t === 'str' ? [v.v] : []));
      const test = (h: Uint8Array): boolean => needles.some((n) => V.bytesContain(h, n));
      return all ? hay.every(test) : hay.some(test);
    };
  }

  private membership(e: Extract<Expr, { k: 'in' }>): Pred {
    const o = e.l;
    if (o.k !== 'field' && o.k !== 'ref') return fail('Only a field may be tested for membership in a set.', o.loc);
    const l = this.field(o);
    this.participates(l, 'in', (ft) => ft !== 'none');
    const items = e.set.map((it: SetItem) => ({ lo: this.rhs(it.lo, l), hi: it.hi ? this.rhs(it.hi, l) : undefined }));
    const all = e.quant === 'all';
    const inSet = (ctx: EvalContext, v: Val): boolean =>
      items.some(({ lo, hi }) => {
        const los = lo.eval(ctx);
        if (!hi) return los.some((x) => V.compare(v, x) === 0);
        const his = hi.eval(ctx);
        return los.some((x) => {
          const c = V.compare(v, x);
          return (
            c !== undefined &&
            c >= 0 &&
            his.some((y) => {
              const d = V.compare(v, y);
              return d !== undefined && d <= 0;
            })
          );
        });
      });
    const test = (ctx: EvalContext): boolean => {
      const vals = l.eval(ctx);
      return all ? vals.length > 0 && vals.every((v) => inSet(ctx, v)) : vals.some((v) => inSet(ctx, v));
    };
    return e.negated ? (ctx) => !test(ctx) : test;
  }
}
