/** Saving a capture as pcapng or pcap keeps every packet, byte for byte, with its time and original length. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PcapngWriter } from '../../shared/capture/writer.ts';
import { oneConnection } from '../../test/synthetic.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';
import { saveCaptureAs } from './save-capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-save-'));

function packetsOf(path: string): { ts: string; origlen: number; hex: string }[] {
  const cap = openCaptureFile(path);
  const out: { ts: string; origlen: number; hex: string }[] = [];
  forEachPacket(cap, (_n, rec, bytes) => {
    out.push({ ts: `${rec.tsSec}.${rec.tsNsec}`, origlen: rec.origlen, hex: Buffer.from(bytes).toString('hex') });
    return true;
  });
  cap.source.close();
  return out;
}

describe('saveCaptureAs', () => {
  const source = join(dir, 'live.pcapng');
  const w = new PcapngWriter().section();
  w.iface({ linkType: 1, tsresol: 9 });
  for (const p of oneConnection()) w.packet(0, { ...p, tsNsec: p.tsNsec + 123 });
  writeFileSync(source, w.bytes());

  it('copies pcapng as it is', () => {
    const target = join(dir, 'copy.pcapng');
    saveCaptureAs(source, target, 'pcapng');
    expect(readFileSync(target)).toEqual(readFileSync(source));
  });

  it('rewrites the packets as nanosecond pcap', () => {
    const target = join(dir, 'out.pcap');
    saveCaptureAs(source, target, 'pcap');
    expect(openCaptureFile(target).reader.format).toBe('pcap');
    expect(packetsOf(target)).toEqual(packetsOf(source));
  });

  it('refuses pcap for packets of two link types', () => {
    const mixed = new PcapngWriter().section();
    mixed.iface({ linkType: 1 });
    mixed.iface({ linkType: 101 });
    mixed.packet(0, { tsSec: 1, tsNsec: 0, data: new Uint8Array(60) });
    mixed.packet(1, { tsSec: 2, tsNsec: 0, data: new Uint8Array(40).fill(0x45, 0, 1) });
    const path = join(dir, 'mixed.pcapng');
    writeFileSync(path, mixed.bytes());
    expect(() => saveCaptureAs(path, join(dir, 'mixed.pcap'), 'pcap')).toThrow(/more than one link type/);
  });
});
