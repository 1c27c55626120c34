/** Reading a capture file by offset through a moving window: copies stay intact after the window moves on. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../electron/backend/file-source.ts';

describe('FileSource', () => {
  it('returns plain Uint8Array views whose slice() is an independent copy', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wirelens-src-')), 'big.bin');
    const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    writeFileSync(path, data);
    const src = new FileSource(path);
    const first = src.read(10, 16);
    expect(first.constructor).toBe(Uint8Array);
    const copy = first.slice();
    src.read(2 * 1024 * 1024 + 5, 100); // moves the window
    expect([...copy]).toEqual([...data.subarray(10, 26)]);
    expect(src.size).toBe(data.length);
    expect(src.read(data.length - 4, 100)).toHaveLength(4);
    src.close();
  });

  it('with fresh windows, views stay intact after the window moves on (no copy needed)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wirelens-src-')), 'big.bin');
    const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 13) & 0xff);
    writeFileSync(path, data);
    const src = new FileSource(path, { freshWindows: true });
    const views: [number, Uint8Array][] = [];
    // Reads all over the file, each moving the window; every view must still hold its bytes at the end.
    for (let off = 0; off < data.length - 2000; off += 300_001) views.push([off, src.read(off, 2000)]);
    views.push([5, src.read(5, 600_000)]);
    src.read(data.length - 10, 10);
    for (const [off, v] of views) expect(v).toEqual(data.subarray(off, off + v.length));
    src.close();
  });
});
