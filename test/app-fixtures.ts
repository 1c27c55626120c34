/** Capture files for the app's tests (backend session, serve mode, e2e), written with the project's pcap writer. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clientHello,
  ipv4,
  tcpFrame,
  tlsConnection,
  tlsRecord,
  type Endpoint,
  type SynthPacket,
} from '../shared/capture/synth.ts';
import { CLIENT, SERVER, oneConnection, pcapOf } from './synthetic.ts';

/** A connection the server refuses: ClientHello, then a plaintext fatal handshake_failure alert, then FIN. */
export function refusedConnection(client: Endpoint, server: Endpoint, baseSec: number): SynthPacket[] {
  const out: SynthPacket[] = [];
  let t = 0;
  const push = (data: Uint8Array): void => {
    out.push({ tsSec: baseSec, tsNsec: t, data });
    t += 250_000;
  };
  let c = 1000;
  let s = 5000;
  const mss = Uint8Array.of(2, 4, 0x05, 0xb4);
  push(tcpFrame({ src: client, dst: server, seq: c, ack: 0, flags: 0x02, options: mss }));
  push(tcpFrame({ src: server, dst: client, seq: s, ack: c + 1, flags: 0x12, options: mss }));
  c++;
  s++;
  push(tcpFrame({ src: client, dst: server, seq: c, ack: s, flags: 0x10 }));
  const hello = tlsRecord(22, 0x0301, clientHello('refused.example', 3));
  push(tcpFrame({ src: client, dst: server, seq: c, ack: s, flags: 0x18, payload: hello }));
  c += hello.length;
  const alert = tlsRecord(21, 0x0303, Uint8Array.of(2, 40));
  push(tcpFrame({ src: server, dst: client, seq: s, ack: c, flags: 0x18, payload: alert }));
  s += alert.length;
  push(tcpFrame({ src: server, dst: client, seq: s, ack: c, flags: 0x11 }));
  return out;
}

/** One full TLS 1.2 connection (ending with an encrypted alert) followed by a refused one. */
export function appFixturePackets(): SynthPacket[] {
  const refusedClient: Endpoint = { ...CLIENT, port: 50001 };
  return [...oneConnection(), ...refusedConnection(refusedClient, SERVER, 1_700_000_001)];
}

/** Many connections, for the tests that need indexing to take a while. */
export function manyConnections(count: number): SynthPacket[] {
  const out: SynthPacket[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      ...tlsConnection({
        client: { ...CLIENT, ip: ipv4(10, 1, (i >> 8) & 0xff, i & 0xff), port: 40000 + (i % 20000) },
        server: SERVER,
        host: `h${i}.example`,
        baseSec: 1_700_000_000 + i,
        startNs: 0,
        appRecords: 1,
        appRecordSize: 100,
        certificate: new Uint8Array(600).fill(0x33),
        seed: i + 1,
      }),
    );
  }
  return out;
}

/** Writes bytes into a fresh temporary folder and returns the file's path. */
export function writeTemp(name: string, bytes: Uint8Array | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wirelens-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export function writeFixture(name = 'fixture.pcap'): string {
  return writeTemp(name, pcapOf(appFixturePackets()));
}
