/**
 * Wireshark's "Packet Range" for exports: all packets, the displayed ones, the selected one, or a range text such
 * as `1-10,15,20-` (open ends allowed: `-5` is 1-5, `20-` is 20 to the last packet). Frame numbers are 1-based.
 */
import type { PacketRange } from '../../shared/protocol/messages.ts';

export type RangeParse = { ok: true; spans: [number, number][] } | { ok: false; message: string };

const PART = /^\s*(\d*)\s*(-?)\s*(\d*)\s*$/;

/** Parses range text into inclusive [first, last] spans of frame numbers, clipped to `total` packets. */
export function parseRangeText(text: string, total: number): RangeParse {
  const spans: [number, number][] = [];
  for (const part of text.split(/[,;]/)) {
    if (part.trim() === '') continue;
    const m = PART.exec(part);
    if (!m || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) {
      return { ok: false, message: `"${part.trim()}" isn't a packet number or a range like 1-10.` };
    }
    const first = m[1] === '' ? 1 : Number(m[1]);
    const last = m[2] === '' ? first : m[3] === '' ? total : Number(m[3]);
    if (first < 1 || last < first)
      return { ok: false, message: `"${part.trim()}" isn't a valid range (it must go from low to high, from 1).` };
    spans.push([first, Math.min(last, total)]);
  }
  if (!spans.length) return { ok: false, message: 'The packet range is empty.' };
  return { ok: true, spans };
}

/** What the backend knows about the view when an export starts. */
export interface RangeContext {
  total: number;
  /** 0-based indexes of the displayed packets in frame order, or null when every packet is displayed. */
  displayed: Uint32Array | null;
}

/** A test of 1-based frame numbers for `range`, or an error message. */
export function rangePredicate(
  range: PacketRange,
  ctx: RangeContext,
): { ok: true; keep: (n: number) => boolean } | { ok: false; message: string } {
  switch (range.kind) {
    case 'all':
      return { ok: true, keep: () => true };
    case 'displayed': {
      const shown = ctx.displayed;
      if (!shown) return { ok: true, keep: () => true };
      const set = new Uint8Array(ctx.total + 1);
      for (let k = 0; k < shown.length; k++) set[shown[k]! + 1] = 1;
      return { ok: true, keep: (n) => set[n] === 1 };
    }
    case 'selected':
      if (range.number > ctx.total) return { ok: false, message: `There is no packet ${range.number}.` };
      return { ok: true, keep: (n) => n === range.number };
    case 'range': {
      const r = parseRangeText(range.text, ctx.total);
      if (!r.ok) return r;
      return { ok: true, keep: (n) => r.spans.some(([a, b]) => n >= a && n <= b) };
    }
  }
}
