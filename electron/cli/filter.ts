/** The CLI's -Y: compiles a display filter, and reports a bad one as tshark does (message, filter, caret line). */
import type { DissectedPacket } from '../../shared/dissect/packet.ts';
import { compileFilter } from '../../shared/filter/index.ts';

export type CliFilter =
  | { ok: true; fields: readonly string[]; matches: (p: DissectedPacket, frame: Uint8Array) => boolean }
  | { ok: false; message: string };

export function compileDisplayFilter(text: string): CliFilter {
  const r = compileFilter(text);
  if (!r.ok) {
    const { message, column, length } = r.error;
    const caret = length > 0 ? `\n    ${text}\n    ${' '.repeat(column)}^${'~'.repeat(Math.max(0, length - 1))}` : '';
    return { ok: false, message: message + caret };
  }
  const filter = r.filter;
  return { ok: true, fields: filter.fields, matches: (p, frame) => filter.matches({ tree: p.tree, frame }) };
}
