/** A fixed-seed slice of the fuzzer in the test suite: mutated captures never crash, hang or trip a dissector bug. */
import { describe, expect, it } from 'vitest';
import { mutate, Rng } from '../scripts/fuzz/mutate.ts';
import { runCapture } from '../scripts/fuzz/harness.ts';
import { fuzzFilters } from '../scripts/fuzz/filters.ts';
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
});
