/** What the live capture tests need: whether capture works here, and a real TLS exchange on 127.0.0.1. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { describeOpenError } from '../electron/capture/capture-errors.ts';
import { loadPcapBinding } from '../electron/capture/pcap-binding.ts';

export const SNI = 'wirelens.test';
const FIXTURES = join(import.meta.dirname, 'fixtures', 'live-tls');

/** Why live capture on `lo` can't run in this process (no addon, no rights), or undefined when it can. */
export function loopbackCaptureUnavailable(): string | undefined {
  const load = loadPcapBinding();
  if (!load.ok) return load.message;
  try {
    const probe = new load.binding.Capture('lo', { filter: 'tcp port 9' });
    probe.close();
    return undefined;
  } catch (e) {
    return describeOpenError(e, 'lo', 'tcp port 9').message;
  }
}

/** A TLS echo server on 127.0.0.1 (an ephemeral port) with the fixture certificate. */
export async function startTlsServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(
    { key: readFileSync(join(FIXTURES, 'key.pem')), cert: readFileSync(join(FIXTURES, 'cert.pem')) },
    (socket) => socket.pipe(socket),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the TLS server has no port');
  return { server, port: address.port };
}

/** One TLS connection with SNI: handshake, one echoed message, close. */
export function tlsExchange(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: SNI, rejectUnauthorized: false }, () => {
      socket.write('hello over TLS');
    });
    socket.once('data', () => socket.end());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
