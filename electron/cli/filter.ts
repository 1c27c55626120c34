/** The CLI's -Y: display filters are not wired in yet. */
import type { DissectedPacket } from '../../shared/dissect/packet.ts';

export type CliFilter =
  { ok: true; matches: (p: DissectedPacket, frame: Uint8Array) => boolean } | { ok: false; message: string };

export function compileDisplayFilter(text: string): CliFilter {
  void text;
  return { ok: false, message: 'display filters (-Y) are not supported yet' };
}
