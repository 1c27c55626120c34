/**
 * Following a capture file that is still being written (what a live capture does): the session indexes packets as
 * they are appended, even when a write stops in the middle of a block, keeps the last display filter running over
 * new packets, and finishes like a complete file once told the writer is done.
 */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { concat, PcapngWriter } from '../../shared/capture/writer.ts';
import { oneConnection } from '../../test/synthetic.ts';
import { CaptureSession } from './session.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-follow-'));

/** The pcapng header and each packet's block, as separate byte chunks. */
function pcapngChunks(): { header: Uint8Array; packets: Uint8Array[] } {
  const w = new PcapngWriter();
  w.section();
  w.iface({ linkType: 1, tsresol: 9 });
  const header = concat(w.drain());
  const packets = oneConnection().map((p) => {
    w.packet(0, p);
    return concat(w.drain());
  });
  return { header, packets };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let session: CaptureSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('a followed capture file', () => {
  it('indexes packets as they are appended, across half-written blocks', async () => {
    const { header, packets } = pcapngChunks();
    const path = join(dir, 'grow.pcapng');
    writeFileSync(path, header);
    let counted = 0;
    session = await CaptureSession.open(path, { onProgress: (p) => (counted = p.packets) }, { follow: true });
    appendFileSync(path, concat(packets.slice(0, 3)));
    await until(() => counted === 3, '3 packets');
    // Half a block: nothing new yet, and no error.
    const fourth = packets[3]!;
    appendFileSync(path, fourth.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    expect(session.packetCount).toBe(3);
    expect(session.indexing).toBe(true);
    appendFileSync(path, concat([fourth.subarray(10), ...packets.slice(4)]));
    await until(() => counted === packets.length, 'every packet');
    const rows = await session.rows(0, packets.length);
    expect(rows.map((r) => r.number)).toEqual(packets.map((_, i) => i + 1));
    expect(rows[3]!.info).toContain('Client Hello');
    session.stopFollowing();
    const summary = await session.indexed;
    expect(summary).toMatchObject({ total: packets.length, warning: null });
  });

  it('applies the display filter to packets that arrive after it ran', async () => {
    const { header, packets } = pcapngChunks();
    const path = join(dir, 'filter.pcapng');
    writeFileSync(path, header);
    const live: number[] = [];
    let counted = 0;
    session = await CaptureSession.open(
      path,
      {
        onProgress: (p) => (counted = p.packets),
        onLiveMatches: (m) => live.push(...m),
      },
      { follow: true },
    );
    appendFileSync(path, concat(packets.slice(0, 2)));
    await until(() => counted === 2, '2 packets');
    const first = await session.filter('tls.handshake.type == 1 || tls.handshake.type == 2');
    expect(Array.from(first.matches)).toEqual([]);
    appendFileSync(path, concat(packets.slice(2)));
    await until(() => counted === packets.length, 'every packet');
    await until(() => live.length === 2, 'the hello packets');
    const rows = await session.rowsAt(live);
    expect(rows.map((r) => r.info)).toEqual([
      expect.stringContaining('Client Hello'),
      expect.stringContaining('Server Hello'),
    ]);
    session.stopFollowing();
    await session.indexed;
  });
});
