/** Export's packet range: Wireshark's range text and the all / displayed / selected choices. */
import { describe, expect, it } from 'vitest';
import { parseRangeText, rangePredicate } from './packet-range.ts';

const kept = (keep: (n: number) => boolean, total: number): number[] =>
  Array.from({ length: total }, (_, i) => i + 1).filter(keep);

describe('parseRangeText', () => {
  it('reads single numbers, spans and open ends, clipped to the capture', () => {
    expect(parseRangeText('1-3, 7,10-', 12)).toEqual({
      ok: true,
      spans: [
        [1, 3],
        [7, 7],
        [10, 12],
      ],
    });
    expect(parseRangeText('-2;5-100', 8)).toEqual({
      ok: true,
      spans: [
        [1, 2],
        [5, 8],
      ],
    });
  });

  it('explains text that is not a range', () => {
    for (const bad of ['', ' , ', 'abc', '3-1', '0', '1-2-3', '-'])
      expect(parseRangeText(bad, 10)).toMatchObject({ ok: false, message: expect.any(String) });
  });
});

describe('rangePredicate', () => {
  const ctx = { total: 6, displayed: Uint32Array.of(1, 3, 4) };

  it('keeps all, displayed, the selected packet or a range', () => {
    const pick = (range: Parameters<typeof rangePredicate>[0]): number[] => {
      const r = rangePredicate(range, ctx);
      if (!r.ok) throw new Error(r.message);
      return kept(r.keep, 6);
    };
    expect(pick({ kind: 'all' })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pick({ kind: 'displayed' })).toEqual([2, 4, 5]);
    expect(pick({ kind: 'selected', number: 3 })).toEqual([3]);
    expect(pick({ kind: 'range', text: '2-3,6' })).toEqual([2, 3, 6]);
  });

  it('treats an unfiltered list as all displayed, and refuses packets that do not exist', () => {
    const r = rangePredicate({ kind: 'displayed' }, { total: 3, displayed: null });
    expect(r.ok && kept(r.keep, 3)).toEqual([1, 2, 3]);
    expect(rangePredicate({ kind: 'selected', number: 9 }, ctx)).toMatchObject({ ok: false });
    expect(rangePredicate({ kind: 'range', text: 'x' }, ctx)).toMatchObject({ ok: false });
  });
});
