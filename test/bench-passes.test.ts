/** The bench's index pass and its CLI end-to-end section (scripts/bench/), on a small synthetic capture. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureCli, sameBytes } from '../scripts/bench/cli-end-to-end.ts';
import { generateTlsCapture } from '../scripts/bench/generate.ts';
import { indexBytesPerPacket, indexRecords } from '../scripts/bench/index-pass.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-bench-test-'));
const packets = [...oneConnection(), ...oneConnection(1500, 1)];
const file = join(dir, 'tls.pcap');
writeFileSync(file, pcapOf(packets));
// The bench's own traffic, a few connections of it.
const benchFile = join(dir, 'bench.pcap');
generateTlsCapture(benchFile, 120);
const tsharkHere = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

describe('bench index pass', () => {
  it('records where every packet is, its lengths and its time, as the pcap holds them', () => {
    const index = indexRecords(file);
    expect(index.count).toBe(packets.length);
    expect(index.problem).toBeUndefined();
    let offset = 24;
    packets.forEach((p, i) => {
      offset += 16;
      expect(index.offset.data[i]).toBe(offset);
      expect(index.caplen.data[i]).toBe(p.data.length);
      expect(index.origlen.data[i]).toBe(p.data.length);
      expect(index.tsSec.data[i]).toBe(p.tsSec);
      expect(index.tsNsec.data[i]).toBe(p.tsNsec);
      offset += p.data.length;
    });
    expect(indexBytesPerPacket(index)).toBeGreaterThanOrEqual(28);
  });
});

describe('bench CLI section', () => {
  it('compares files byte for byte', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const c = join(dir, 'c');
    writeFileSync(a, 'x'.repeat(3 << 20));
    writeFileSync(b, 'x'.repeat(3 << 20));
    writeFileSync(c, 'x'.repeat((3 << 20) - 1) + 'y');
    expect(sameBytes(a, b)).toBe(true);
    expect(sameBytes(a, c)).toBe(false);
    expect(sameBytes(a, join(dir, 'tls.pcap'))).toBe(false);
  });

  it.skipIf(!tsharkHere)('times npm run cli and tshark and finds the same output (needs tshark)', () => {
    const r = measureCli(benchFile, true);
    expect(r.startupMs).toBeGreaterThan(0);
    for (const run of [r.columns, r.filter]) {
      expect(run.error).toBeUndefined();
      expect(run.identical).toBe(true);
      expect(run.outputBytes).toBeGreaterThan(0);
      expect(run.speedup).toBeCloseTo(run.tsharkMs / run.ms);
    }
    expect(r.filter.outputBytes).toBeGreaterThan(2);
  });

  it('measures without tshark too', () => {
    const r = measureCli(file, false);
    expect(r.columns.identical).toBeUndefined();
    expect(r.columns.tsharkMs).toBeNaN();
    expect(r.columns.outputBytes).toBeGreaterThan(packets.length * 4);
  });
});
