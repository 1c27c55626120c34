import { describe, expect, it } from 'vitest';
import { ipv4Text } from './addr.ts';

describe('ipv4Text', () => {
  it('gives dotted quads, at any offset', () => {
    const b = new Uint8Array([9, 10, 0, 0, 1, 255, 255, 255, 255, 192, 168, 1, 20]);
    expect([ipv4Text(b, 1), ipv4Text(b, 5), ipv4Text(b, 9)]).toEqual(['10.0.0.1', '255.255.255.255', '192.168.1.20']);
  });

  it('stays right for addresses that share a slot of the text cache, seen in turn', () => {
    // 8.0.0.0 and 0.1.0.0 hash to the same slot.
    const a = new Uint8Array([8, 0, 0, 0]);
    const z = new Uint8Array([0, 1, 0, 0]);
    const seen = [a, z, a, a, z].map((b) => ipv4Text(b, 0));
    expect(seen).toEqual(['8.0.0.0', '0.1.0.0', '8.0.0.0', '8.0.0.0', '0.1.0.0']);
  });

  it('gives every address of a /16 its own text', () => {
    const texts = new Set<string>();
    const b = new Uint8Array([172, 16, 0, 0]);
    for (let i = 0; i < 65536; i++) {
      b[2] = i >> 8;
      b[3] = i & 255;
      const t = ipv4Text(b, 0);
      expect(t).toBe(`172.16.${i >> 8}.${i & 255}`);
      texts.add(t);
    }
    expect(texts.size).toBe(65536);
  });
});
