/** Small synthetic captures for tests, built with the project's writer. */
import { tlsConnection, ipv4, type Endpoint, type SynthPacket } from '../shared/capture/synth.ts';
import { PcapWriter } from '../shared/capture/writer.ts';

export const CLIENT: Endpoint = {
  mac: Uint8Array.of(0, 0x1b, 0x21, 0x3c, 0x4d, 0x5e),
  ip: ipv4(10, 0, 0, 1),
  port: 50000,
};
export const SERVER: Endpoint = {
  mac: Uint8Array.of(0, 0x50, 0x56, 0x01, 0x02, 0x03),
  ip: ipv4(10, 0, 0, 2),
  port: 443,
};

export function oneConnection(certSize = 3000, appRecords = 2): SynthPacket[] {
  return tlsConnection({
    client: CLIENT,
    server: SERVER,
    host: 'host1.example',
    baseSec: 1_700_000_000,
    startNs: 0,
    appRecords,
    appRecordSize: 200,
    certificate: new Uint8Array(certSize).fill(0x42),
    seed: 7,
  });
}

export function pcapOf(packets: SynthPacket[]): Uint8Array {
  const w = new PcapWriter({ linkType: 1 });
  for (const p of packets) w.add(p);
  return w.bytes();
}
