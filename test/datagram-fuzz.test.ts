/** A fixed-seed fuzz slice over DTLS, STUN and OCSP: mutated captures never crash, hang or trip a dissector bug. */
import { describe, expect, it } from 'vitest';
import { mutate, Rng } from '../scripts/fuzz/mutate.ts';
import { runCapture } from '../scripts/fuzz/harness.ts';
import { fuzzFilters } from '../scripts/fuzz/filters.ts';
import { datagramCapture } from './datagram-fixtures.ts';

describe('fuzz smoke: DTLS, STUN, OCSP', () => {
  it('300 mutated captures run clean (seed 11)', () => {
    const base = datagramCapture();
    const rng = new Rng(11);
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
