/**
 * The one place the backend reaches the display-filter engine (shared/filter): compiling, checking as the user
 * types (with Wireshark's "deprecated name" warning for `ssl`), and completion.
 */
import { registerDissectors } from '../../shared/dissect/registry.ts';
import type { FieldTree } from '../../shared/dissect/tree.ts';
import { compileFilter, completeFilter } from '../../shared/filter/index.ts';
import type { Completion, FilterCheck } from '../../shared/protocol/messages.ts';

export interface DisplayFilter {
  readonly text: string;
  /** The fields and protocols the filter reads: a dissection need only build these. */
  readonly fields: readonly string[];
  matches(tree: FieldTree, frame: Uint8Array): boolean;
}

export type CompiledDisplayFilter =
  { ok: true; filter: DisplayFilter } | { ok: false; message: string; column: number; length: number };

export function compileDisplayFilter(text: string): CompiledDisplayFilter {
  // Field names are known once the dissectors have declared them.
  registerDissectors();
  const r = compileFilter(text);
  if (!r.ok) return { ok: false, message: r.error.message, column: r.error.column, length: r.error.length };
  const f = r.filter;
  return { ok: true, filter: { text, fields: f.fields, matches: (tree, frame) => f.matches({ tree, frame }) } };
}

/** Text with string literals blanked out, so names inside quotes are not mistaken for fields. */
function withoutStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"?/g, (m) => ' '.repeat(m.length));
}

/** The first use of the deprecated `ssl` / `ssl.*` names, if any. */
function deprecatedName(text: string): { name: string; column: number } | undefined {
  const m = /(^|[^A-Za-z0-9_.-])(ssl(?:\.[A-Za-z0-9_.-]*)?)(?![A-Za-z0-9_-])/.exec(withoutStrings(text));
  if (!m) return undefined;
  return { name: m[2]!, column: m.index + m[1]!.length };
}

export function checkDisplayFilter(text: string): FilterCheck {
  if (text.trim() === '') return { status: 'empty' };
  const r = compileDisplayFilter(text);
  if (!r.ok) return { status: 'invalid', message: r.message, column: r.column, length: r.length };
  const old = deprecatedName(text);
  if (old) {
    const now = 'tls' + old.name.slice(3);
    return {
      status: 'deprecated',
      message: `"${old.name}" is an old name and may stop working; use "${now}" instead.`,
      column: old.column,
      length: old.name.length,
    };
  }
  return { status: 'valid' };
}

export function completeDisplayFilter(text: string, cursor: number): { from: number; items: Completion[] } {
  registerDissectors();
  return completeFilter(text, cursor);
}
