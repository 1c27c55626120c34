/**
 * Display filters against tshark 4.0 on every capture in ../shared/captures: for each filter in
 * test/fixtures/filter-goldens.json (recorded with scripts/record-filter-goldens.ts), the frames that match must be
 * tshark's. Frames whose tshark Protocol belongs to a later issue (QUIC, DTLS, STARTTLS, …) or that are listed as
 * known column differences are left out of the comparison on both sides; filters tshark rejects must be rejected
 * with tshark's message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { compileFilter, type CompiledFilter } from '../shared/filter/index.ts';
import { installTlsDecryption } from '../electron/backend/tls-crypto.ts';
import { CAPTURES, goldenCaptures, readKnown, REPO } from './golden-support.ts';

interface FilterGoldens {
  filters: string[];
  matches: Record<string, Record<string, number[]>>;
  rejected: Record<string, string>;
}

const fixture = join(REPO, 'test', 'fixtures', 'filter-goldens.json');
const goldens = JSON.parse(readFileSync(fixture, 'utf8')) as FilterGoldens;
const captures = goldenCaptures();
const known = readKnown();

/** Frames left out: the known differences of test/golden-known-differences.json. */
function excluded(capture: string): Set<number> {
  return new Set<number>(known[capture] ?? []);
}

describe('filters tshark rejects', () => {
  for (const [filter, message] of Object.entries(goldens.rejected))
    it(filter, () => {
      const r = compileFilter(filter);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toBe(message);
    });
});

describe.skipIf(captures.length === 0 || !existsSync(CAPTURES))(`filters on the captures in ${CAPTURES}`, () => {
  const compiled = goldens.filters.map((f) => {
    const r = compileFilter(f);
    if (!r.ok) throw new Error(`${f}: ${r.error.message}`);
    return [f, r.filter] as [string, CompiledFilter];
  });
  for (const capture of captures)
    it(capture, () => {
      // As tshark does, secrets embedded in a capture decrypt it.
      installTlsDecryption();
      const file = new Uint8Array(readFileSync(join(CAPTURES, capture)));
      const opened = openCapture(new BufferSource(file));
      if (!opened.ok) throw new Error(opened.problem.message);
      const skip = excluded(capture);
      const ours = new Map<string, number[]>(compiled.map(([f]) => [f, []]));
      const d = new Dissection();
      const rec = emptyRecord();
      let n = 0;
      while (opened.reader.next(rec)) {
        n++;
        const bytes = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
        const p = d.dissect(n, rec, bytes);
        if (skip.has(n)) continue;
        for (const [f, filter] of compiled) if (filter.matches({ tree: p.tree, frame: bytes })) ours.get(f)!.push(n);
      }
      const theirs = goldens.matches[capture] ?? {};
      const diffs: string[] = [];
      for (const [f] of compiled) {
        const want = (theirs[f] ?? []).filter((x) => !skip.has(x));
        const got = ours.get(f)!;
        if (want.join(',') !== got.join(','))
          diffs.push(`${f}\n  tshark:   ${want.join(',')}\n  wirelens: ${got.join(',')}`);
      }
      expect(diffs).toEqual([]);
    });
});
