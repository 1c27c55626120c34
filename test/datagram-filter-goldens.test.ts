/**
 * DTLS, STUN and OCSP display filters against tshark 4.0 on the captures that carry them: the frames each filter
 * matches must be tshark's (test/fixtures/datagram-filter-goldens.json, recorded with
 * scripts/record-datagram-filter-goldens.ts). Skipped when ../shared/captures is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { compileFilter, type CompiledFilter } from '../shared/filter/index.ts';
import { CAPTURES, REPO } from './golden-support.ts';

interface Goldens {
  filters: string[];
  matches: Record<string, Record<string, number[]>>;
}

const goldens = JSON.parse(
  readFileSync(join(REPO, 'test', 'fixtures', 'datagram-filter-goldens.json'), 'utf8'),
) as Goldens;
const present = Object.keys(goldens.matches).filter((c) => existsSync(join(CAPTURES, c)));

describe('DTLS, STUN and OCSP filters compile', () => {
  it.each(goldens.filters)('%s', (f) => expect(compileFilter(f).ok).toBe(true));
});

describe.skipIf(present.length === 0)(`DTLS, STUN and OCSP filters on ${CAPTURES}`, () => {
  const compiled = goldens.filters.map((f) => {
    const r = compileFilter(f);
    if (!r.ok) throw new Error(`${f}: ${r.error.message}`);
    return [f, r.filter] as [string, CompiledFilter];
  });
  for (const capture of present)
    it(capture, () => {
      const file = new Uint8Array(readFileSync(join(CAPTURES, capture)));
      const opened = openCapture(new BufferSource(file));
      if (!opened.ok) throw new Error(opened.problem.message);
      const ours = new Map<string, number[]>(compiled.map(([f]) => [f, []]));
      const d = new Dissection();
      const rec = emptyRecord();
      let n = 0;
      while (opened.reader.next(rec)) {
        n++;
        const bytes = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
        const p = d.dissect(n, rec, bytes);
        for (const [f, filter] of compiled) if (filter.matches({ tree: p.tree, frame: bytes })) ours.get(f)!.push(n);
      }
      const theirs = goldens.matches[capture] ?? {};
      const diffs = compiled
        .map(([f]) => [f, (theirs[f] ?? []).join(','), ours.get(f)!.join(',')] as const)
        .filter(([, want, got]) => want !== got)
        .map(([f, want, got]) => `${f}\n  tshark:   ${want}\n  wirelens: ${got}`);
      expect(diffs).toEqual([]);
    });
});

describe.skipIf(present.length > 0)('DTLS, STUN and OCSP filters on the captures', () => {
  it.skip(`skipped: ${CAPTURES} is absent (reference captures live beside the repository)`, () => {});
});
