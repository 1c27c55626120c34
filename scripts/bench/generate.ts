/** Writes a realistic TLS capture of N packets (independent TLS 1.2 connections) with the project's pcap writer. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ipv4, tlsConnection } from '../../shared/capture/synth.ts';
import { PcapWriter } from '../../shared/capture/writer.ts';

export function generateTlsCapture(path: string, packets: number): { packets: number; bytes: number } {
  const fd = openSync(path, 'w');
  const w = new PcapWriter({ linkType: 1 });
  let written = 0;
  let bytes = 0;
  const flush = (): void => {
    for (const chunk of w.drain()) {
      writeSync(fd, chunk);
      bytes += chunk.length;
    }
  };
  const cert = new Uint8Array(2600).map((_, i) => (i * 31) & 0xff);
  let conn = 0;
  let t = 0;
  while (written < packets) {
    const n = conn++;
    const frames = tlsConnection({
      client: {
        mac: Uint8Array.of(0x00, 0x1b, 0x21, 0x3c, (n >> 8) & 0xff, n & 0xff),
        ip: ipv4(10, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff),
        port: 1024 + (n % 60000),
      },
      server: { mac: Uint8Array.of(0x00, 0x50, 0x56, 0x01, 0x02, 0x03), ip: ipv4(192, 0, 2, 1 + (n % 200)), port: 443 },
      host: `host${n % 1000}.example`,
      baseSec: 1_700_000_000,
      startNs: t,
      appRecords: 3 + (n % 5),
      appRecordSize: 300 + (n % 7) * 100,
      certificate: cert,
      seed: n + 1,
    });
    t += 2_000_000;
    for (const f of frames) {
      if (written >= packets) break;
      w.add(f);
      written++;
    }
    if (conn % 200 === 0) flush();
  }
  flush();
  closeSync(fd);
  return { packets: written, bytes };
}
