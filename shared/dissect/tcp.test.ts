import { describe, expect, it } from 'vitest';
import { ipv4, tcpFrame } from '../capture/synth.ts';
import { Dissection } from './packet.ts';

function frame(options: number[], payload: number[]): Uint8Array {
  return tcpFrame({
    src: { mac: Uint8Array.of(0, 1, 2, 3, 4, 5), ip: ipv4(10, 0, 0, 1), port: 50000 },
    dst: { mac: Uint8Array.of(6, 7, 8, 9, 10, 11), ip: ipv4(10, 0, 0, 2), port: 40000 },
    seq: 1,
    ack: 0,
    flags: 0x02,
    options: Uint8Array.from(options),
    payload: Uint8Array.from(payload),
  });
}

/** The Info column of a frame cut to `caplen` bytes, dissected for the columns only. */
function info(f: Uint8Array, caplen: number): string {
  const d = new Dissection(undefined, false);
  const rec = { dataOffset: 0, caplen, origlen: f.length, tsSec: 1, tsNsec: 0, linkType: 1, interfaceId: 0 };
  return d.dissect(1, rec, f.subarray(0, caplen)).cols.info;
}

describe('TCP Info column', () => {
  // MSS, NOP, window scale, timestamps, then EOL padding: a 44-byte header.
  const options = [2, 4, 5, 180, 1, 3, 3, 7, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];
  for (const [name, f] of [
    ['without options', frame([], [1, 2, 3])],
    ['with options', frame(options, [])],
    ['with options and data', frame(options, [1, 2, 3])],
  ] as const)
    it(`shows the ports whatever cuts the header short, ${name}`, () => {
      const whole = info(f, f.length);
      expect(whole).toMatch(/^50000 → 40000 \[SYN\] Seq=0 Win=65535 Len=\d/);
      let cut = 0;
      for (let caplen = 14 + 20 + 4; caplen < f.length; caplen++) {
        const text = info(f, caplen);
        expect(text.startsWith('50000 → 40000'), `${caplen}: ${text}`).toBe(true);
        if (text.endsWith('[Packet size limited during capture]')) cut++;
      }
      // Cuts inside the fixed header end the dissection early: those are the ones the early Info is for.
      expect(cut).toBeGreaterThanOrEqual(16);
    });
});
