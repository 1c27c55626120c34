/** Saves a capture file (e.g. a finished live capture) as pcapng (a copy) or as pcap (packets rewritten). */
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import { PcapWriter } from '../../shared/capture/writer.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';

export type SaveFormat = 'pcapng' | 'pcap';

/** pcap keeps one link type per file: packets of another link type make it fail with a clear message. */
export function saveCaptureAs(source: string, target: string, format: SaveFormat): void {
  if (format === 'pcapng') {
    copyFileSync(source, target);
    return;
  }
  const cap = openCaptureFile(source);
  const fd = openSync(target, 'w');
  try {
    let writer: PcapWriter | undefined;
    let mixed = false;
    const flush = (): void => {
      for (const chunk of writer?.drain() ?? []) writeSync(fd, chunk);
    };
    forEachPacket(cap, (n, rec, bytes) => {
      writer ??= new PcapWriter({ linkType: rec.linkType, nanosecond: true });
      if (rec.linkType !== writer.opts.linkType) {
        mixed = true;
        return false;
      }
      writer.add({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: bytes, origlen: rec.origlen });
      if ((n & 255) === 0) flush();
      return true;
    });
    if (mixed)
      throw new Error('The capture has packets of more than one link type, which pcap cannot hold: save it as pcapng.');
    writer ??= new PcapWriter({ linkType: 1, nanosecond: true });
    flush();
  } finally {
    closeSync(fd);
    cap.source.close();
  }
}
