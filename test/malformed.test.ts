/** Malformed packets are marked like Wireshark's [Malformed Packet] and do not stop the rest of the file. */
import { describe, expect, it } from 'vitest';
import { ipv4, tcpFrame, type Endpoint } from '../shared/capture/synth.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { emptyRecord } from '../shared/capture/record.ts';

const a: Endpoint = { mac: new Uint8Array(6), ip: ipv4(10, 0, 0, 1), port: 50000 };
const b: Endpoint = { mac: new Uint8Array(6), ip: ipv4(10, 0, 0, 2), port: 443 };

function dissect(frames: Uint8Array[]): { protocol: string; info: string; malformed: boolean }[] {
  const d = new Dissection();
  return frames.map((f, i) => {
    const rec = { ...emptyRecord(), caplen: f.length, origlen: f.length, linkType: 1, tsSec: 1 };
    const p = d.dissect(i + 1, rec, f);
    return { protocol: p.cols.protocol, info: p.cols.info, malformed: p.malformed };
  });
}

describe('malformed packets', () => {
  it('marks a TCP header cut short and a TLS message that runs past its record, and goes on', () => {
    const full = tcpFrame({ src: a, dst: b, seq: 1, ack: 0, flags: 0x02 });
    const cutTcp = full.subarray(0, 14 + 20 + 10);
    const badHello = tcpFrame({
      src: a,
      dst: b,
      seq: 100,
      ack: 1,
      flags: 0x18,
      payload: Uint8Array.of(0x16, 3, 1, 0, 7, 1, 0, 0, 3, 3, 3, 3),
    });
    const fine = tcpFrame({ src: b, dst: a, seq: 5, ack: 101, flags: 0x10 });
    const [p1, p2, p3] = dissect([cutTcp, badHello, fine]);
    expect(p1).toEqual({ protocol: 'TCP', info: '50000 → 443[Malformed Packet]', malformed: true });
    expect(p2).toEqual({ protocol: 'TLSv1', info: 'Client Hello[Malformed Packet]', malformed: true });
    expect(p3!.malformed).toBe(false);
    expect(p3!.info).toMatch(/^443 → 50000 \[ACK\]/);
  });

  it('never throws on random bytes', () => {
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 2000; i++) {
      const base = tcpFrame({
        src: a,
        dst: b,
        seq: i * 10,
        ack: 1,
        flags: 0x18,
        payload: Uint8Array.of(0x16, 3, 3, 0, 40),
      });
      const f = new Uint8Array(14 + 20 + 20 + (rnd() % 80));
      f.set(base.subarray(0, Math.min(base.length, f.length)));
      for (let j = 14 + 20 + (rnd() % 20); j < f.length; j++) f[j] = rnd();
      frames.push(f);
    }
    expect(() => dissect(frames)).not.toThrow();
  });
});
