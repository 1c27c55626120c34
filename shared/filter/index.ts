/**
 * Wirelens display filters: Wireshark/tshark 4.0's filter language over a packet's field tree.
 *
 *     const r = compileFilter('tls.handshake.type == 1 && ip.addr == 10.0.0.0/8');
 *     if (r.ok) r.filter.matches({ tree, frame });
 *     else showError(r.error.message, r.error.column, r.error.length);
 */
import type { FieldTree } from '../dissect/tree.ts';
import { Compiler, EvalContext, type Pred } from './compile.ts';
import { FilterSyntaxError } from './lexer.ts';
import { Parser } from './parser.ts';

export { completeFilter } from './complete.ts';

export interface FilterError {
  message: string;
  /** 0-based offset in the filter text. */
  column: number;
  length: number;
}

export type CompileResult = { ok: true; filter: CompiledFilter } | { ok: false; error: FilterError };

export interface FilterInput {
  tree: FieldTree;
  /** The frame's bytes (for `frame[...]` slices and fields in data source 0). */
  frame: Uint8Array;
}

export interface CompiledFilter {
  readonly text: string;
  /** Canonical names of the fields and protocols the filter reads. */
  readonly fields: readonly string[];
  matches(p: FilterInput): boolean;
}

class Filter implements CompiledFilter {
  private readonly wanted: ReadonlySet<string>;
  /** The evaluation context of the last test, free for the next. */
  private idle: EvalContext | undefined;

  constructor(
    readonly text: string,
    readonly fields: readonly string[],
    private readonly pred: Pred,
  ) {
    this.wanted = new Set(fields);
  }

  matches(p: FilterInput): boolean {
    // One context, reset per packet; a new one if a test were to run while another is under way.
    const ctx = this.idle ?? new EvalContext(p.tree, p.frame, this.wanted);
    this.idle = undefined;
    ctx.reset(p.tree, p.frame);
    try {
      return this.pred(ctx);
    } finally {
      this.idle = ctx;
    }
  }
}

/** Compiles a display filter. Never throws: a bad filter gives tshark's message and where it applies. */
export function compileFilter(text: string): CompileResult {
  try {
    const ast = new Parser(text).parse();
    const compiler = new Compiler();
    const pred: Pred = ast ? compiler.compile(ast) : () => true;
    return { ok: true, filter: new Filter(text, [...compiler.fields], pred) };
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      return { ok: false, error: { message: e.message, column: e.loc.col, length: e.loc.len } };
    }
    if (e instanceof RangeError) {
      return { ok: false, error: { message: 'The filter is nested too deeply.', column: 0, length: text.length } };
    }
    return {
      ok: false,
      error: { message: `Internal error: ${e instanceof Error ? e.message : String(e)}`, column: 0, length: 0 },
    };
  }
}
