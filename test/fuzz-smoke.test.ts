/** A fixed-seed slice of the fuzzer in the test suite: mutated captures never crash, hang or trip a dissector bug. */
import { describe, expect, it } from 'vitest';
import { mutate, Rng } from '../scripts/fuzz/mutate.ts';
import { runCapture } from '../scripts/fuzz/harness.ts';
import { checkFilterString, FUZZ_FILTERS, fuzzFilters, mutateFilter } from '../scripts/fuzz/filters.ts';
import { dissectAll } from '../scripts/fuzz/harness.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

describe('fuzz smoke', () => {
  it('300 mutated synthetic TLS captures run clean (seed 1)', () => {
    const base = pcapOf(oneConnection(5000, 3));
    const rng = new Rng(1);
    const filters = fuzzFilters();
    let packets = 0;
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const { file, applied } = mutate(base, rng);
      const r = runCapture(file, filters, { packetMs: 250 });
      packets += r.packets;
      if (r.failure) failures.push(`iteration ${i} (${applied.join(', ')}): ${r.failure.kind} ${r.failure.detail}`);
    }
    expect(failures).toEqual([]);
    expect(packets).toBeGreaterThan(1000);
  });

  it('evaluates every fuzz filter on every packet (the ClientHello matches the SNI filter)', () => {
    const filters = fuzzFilters();
    expect(filters).toHaveLength(FUZZ_FILTERS.length);
    const packets = dissectAll(pcapOf(oneConnection(5000, 3)));
    const sni = filters[FUZZ_FILTERS.indexOf('tls.handshake.extensions_server_name contains "host"')]!;
    const hits = packets.filter((p) => sni(p, p.frame));
    expect(hits.length).toBe(1);
  });

  it('2,000 mutated filter strings compile or fail cleanly and evaluate without throwing (seed 1)', () => {
    const rng = new Rng(1);
    const packets = dissectAll(pcapOf(oneConnection(5000, 3)));
    const problems: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const p = checkFilterString(mutateFilter(rng), rng.pick(packets), 500);
      if (p) problems.push(p);
    }
    expect(problems).toEqual([]);
  });
});
