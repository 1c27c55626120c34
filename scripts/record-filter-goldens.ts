/**
 * Records what tshark 4.0 matches for a set of display filters on every capture in ../shared/captures, into
 * test/fixtures/filter-goldens.json (CI has no tshark; the test compares the CLI's -Y with this file).
 * Needs tshark on PATH: `npx tsx scripts/record-filter-goldens.ts`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES, goldenCaptures, REPO } from '../test/golden-support.ts';

export const GOLDEN_FILTERS = [
  'ssl',
  'tls',
  'tcp',
  'udp',
  'ip',
  'ipv6',
  'dns',
  'http',
  'tls.handshake',
  'tls.handshake.type == 1',
  'tls.handshake.type == 2 || tls.handshake.type == 11',
  'tls.handshake.type in {11, 14}',
  'tcp.port in {80..443}',
  'tls.record.content_type == 21',
  'tls.alert_message.desc == 40',
  'tls.record.version == 0x0301',
  'tls.handshake.ciphersuite == 0xc02f',
  'tls.handshake.extensions_server_name',
  'tls.handshake.extensions_server_name contains "google"',
  'tls.handshake.extensions_server_name matches "^www\\\\."',
  'ssl.handshake.ciphersuite != 0x0035',
  'tcp.port == 443',
  'tcp.srcport >= 1024 && !(tcp.dstport == 443)',
  'ip.addr == 192.168.0.0/16',
  'ip.src == 10.0.0.0/8 or ipv6.src == 2001:db8::/32',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'tcp.flags & 0x12 == 0x12',
  'tcp.analysis.flags',
  'tcp.analysis.retransmission',
  'tcp.stream == 1',
  'tcp.len > 1000',
  'frame.len > 1000',
  'frame.number <= 5',
  'frame[0:2] == 00:1b',
  'eth.type == 0x0800',
  'len(tls.handshake.extensions_server_name) > 12',
  'count(tls.handshake.type) >= 2',
  'lower(tls.handshake.extensions_server_name) contains "com"',
  'tcp.payload[0] == 0x16',
  'not tls and tcp.len > 0',
];

const out: Record<string, Record<string, number[]>> = {};
for (const capture of goldenCaptures()) {
  out[capture] = {};
  for (const filter of GOLDEN_FILTERS) {
    const text = execFileSync(
      'tshark',
      [
        '-r',
        join(CAPTURES, capture),
        '-o',
        'tcp.desegment_tcp_streams:TRUE',
        '-Y',
        filter,
        '-T',
        'fields',
        '-e',
        'frame.number',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    out[capture]![filter] = text.split('\n').filter(Boolean).map(Number);
  }
}
// Filters tshark 4.0 rejects, with its message (first line of stderr, without the "tshark: " prefix).
export const REJECTED_FILTERS = [
  'tls.handshake.type == client_hello',
  'tls.handshake.type in {11 14}',
  'tls xor tcp',
  'foo.bar',
  'tcp.port == 443 &&',
  'ip.addr == 1.2.3',
];
const rejected: Record<string, string> = {};
for (const filter of REJECTED_FILTERS) {
  const r = spawnSync('tshark', ['-r', join(CAPTURES, 'ecdhe.pcap'), '-Y', filter], { encoding: 'utf8' });
  rejected[filter] = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('tshark: '))[0]!
    .slice('tshark: '.length);
}
writeFileSync(
  join(REPO, 'test', 'fixtures', 'filter-goldens.json'),
  JSON.stringify({ filters: GOLDEN_FILTERS, matches: out, rejected }) + '\n',
);
console.log(`recorded ${GOLDEN_FILTERS.length} filters on ${Object.keys(out).length} captures`);
