/**
 * The CLI against tshark 4.0 on every real capture in ../shared/captures: each row must equal the golden, except
 * rows listed in golden-known-differences.json (open defects; a listed row that starts matching fails the test so
 * the list only shrinks — it is empty today).
 */
import { describe, expect, it } from 'vitest';
import { CAPTURES, compareGolden, goldenCaptures, readKnown, runGolden } from './golden-support.ts';

const captures = goldenCaptures();
const known = readKnown();

describe.skipIf(captures.length === 0)(`tshark goldens in ${CAPTURES}`, () => {
  for (const capture of captures) {
    it(capture, () => {
      const { out, code } = runGolden(capture);
      expect(code).toBe(0);
      const { rows, diffs, header } = compareGolden(capture, out);
      expect(header).toBe(true);
      expect(out.split('\n').filter(Boolean).length - 1).toBe(rows);
      const knownRows = new Set(known[capture] ?? []);
      const unexpected = diffs.filter((d) => !knownRows.has(d.frame));
      const fixed = [...knownRows].filter((f) => !diffs.some((d) => d.frame === f));
      expect(unexpected.map((d) => `#${d.frame}\n  tshark:   ${d.expected}\n  wirelens: ${d.actual}`)).toEqual([]);
      expect(fixed, 'rows listed as known differences now match: remove them from the list').toEqual([]);
    });
  }
});

describe.skipIf(captures.length > 0)('tshark goldens', () => {
  it.skip(`skipped: ${CAPTURES} is absent (reference captures live beside the repository)`, () => {});
});
