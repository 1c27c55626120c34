/** DTLS and STUN through the CLI: a pcap written with the project's writer, filtered as `dtls`, `dtls.*`, `stun`. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/run.ts';
import {
  DTLS_1_0,
  dtlsClientHelloBody,
  dtlsFragment,
  dtlsRecord,
  helloVerifyRequestBody,
  stunMessage,
} from '../shared/capture/synth-dtls.ts';
import { PcapWriter } from '../shared/capture/writer.ts';
import { ethernet, ipv4, udp } from '../shared/dissect/test-frames.ts';

const cookie = Uint8Array.of(1, 2, 3, 4);
const up = (p: Uint8Array) => ethernet(0x0800, ipv4('10.1.1.1', '10.1.1.2', 17, udp(40000, 5684, p)));
const down = (p: Uint8Array) => ethernet(0x0800, ipv4('10.1.1.2', '10.1.1.1', 17, udp(5684, 40000, p)));
const hello = dtlsClientHelloBody('coap.example', cookie, DTLS_1_0);
const half = hello.length >> 1;

const frames = [
  up(stunMessage(0x0001, new Uint8Array(12).fill(9), [])),
  up(
    dtlsRecord(
      22,
      DTLS_1_0,
      0,
      0,
      dtlsFragment(1, 0, dtlsClientHelloBody('coap.example', new Uint8Array(0), DTLS_1_0)),
    ),
  ),
  down(dtlsRecord(22, DTLS_1_0, 0, 0, dtlsFragment(3, 0, helloVerifyRequestBody(cookie)))),
  up(dtlsRecord(22, DTLS_1_0, 0, 1, dtlsFragment(1, 1, hello, 0, half))),
  up(dtlsRecord(22, DTLS_1_0, 0, 2, dtlsFragment(1, 1, hello, half))),
];

const dir = mkdtempSync(join(tmpdir(), 'wirelens-dtls-'));
const file = join(dir, 'dtls-stun.pcap');
const w = new PcapWriter({ linkType: 1 });
frames.forEach((data, i) => w.add({ tsSec: 1_700_000_000, tsNsec: i * 1000, data }));
writeFileSync(file, w.bytes());

function fields(filter: string, ...names: string[]): string[] {
  let out = '';
  const code = runCli(['-r', file, '-Y', filter, '-T', 'fields', ...names.flatMap((n) => ['-e', n])], {
    stdout: (s) => (out += s),
    stderr: () => {},
  });
  expect(code).toBe(0);
  return out.split('\n').slice(0, -1);
}

describe('DTLS and STUN in the CLI', () => {
  it('filters on dtls and dtls.* fields, with the columns tshark prints', () => {
    expect(fields('dtls', 'frame.number', '_ws.col.Protocol', '_ws.col.Info')).toEqual([
      '2\tDTLS\tClient Hello',
      '3\tDTLSv1.0\tHello Verify Request',
      '4\tDTLSv1.0\tClient Hello (Fragment)',
      '5\tDTLSv1.0\tClient Hello (Reassembled)',
    ]);
    expect(fields('dtls.handshake.cookie_length > 0', 'frame.number', 'dtls.handshake.extensions_server_name')).toEqual(
      ['3\t', '5\tcoap.example'],
    );
    expect(fields('dtls', 'frame.number', 'tls.handshake.type')).toEqual(['2\t', '3\t', '4\t', '5\t']);
  });

  it('filters on stun', () => {
    expect(fields('stun', 'frame.number', '_ws.col.Info', 'stun.att.crc32.status')).toEqual(['1\tBinding Request\t1']);
  });
});
