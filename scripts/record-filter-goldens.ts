/**
 * Records what tshark 4.0 matches for a set of display filters on every capture in ../shared/captures, into
 * test/fixtures/filter-goldens.json (CI has no tshark; the test compares the CLI's -Y with this file).
 * Needs tshark on PATH: `npx tsx scripts/record-filter-goldens.ts`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
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
  'eth.src[1-3] == 1b:21:3c',
  'tcp.payload[-2:] == 00:00',
  'tls.handshake.extensions_server_name in {"www.google.com", "google.com"}',
  'upper(tls.handshake.extensions_server_name) contains "GOOGLE"',
  'string(tcp.port) == "443"',
  'tls.handshake.extensions_server_name ~ "goo"',
  'tls.handshake.type !== 1',
  'tls.handshake.type === 1',
  'tcp.port any_ne 443',
  'tls.handshake.type all_eq 1',
  'tcp.len gt 100 and tcp.len le 1400',
  'tcp.payload[0:3] == 16-03-01',
  'tcp.payload[0:3] == 160301',
  'ipv6.addr == 2001:db8::/32',
  'frame.time_relative > 1',
  'tls.handshake.type == "Client Hello"',
  'tls.handshake.ciphersuite == 0xc014 || tls.handshake.ciphersuite == 0xc02f',
  '!tcp',
  'tcp.srcport eq 443 or tcp.dstport eq 443',
  'ip.ttl >= 64',
  'tcp.window_size_value < 1000',
  'ssl.record.content_type == 22 && !(ssl.handshake.type == 1)',
  'tcp.flags.push == 1 && tls',
  'dns.qry.name contains "google"',
  'http.request.method == "GET"',
  'tls.record.length > 1000',
  'tcp.seq == 1',
  'tcp.ack == 1 && tcp.len == 0',
  'tls.handshake.version == 0x0303',
  'tls.alert_message',
  'tls.handshake.extensions_server_name matches "(?i)GOOGLE"',
  'tcp.options.mss_val == 1460',
];

const out: Record<string, Record<string, number[]>> = {};
const jobs: [string, string][] = [];
for (const capture of goldenCaptures()) {
  out[capture] = {};
  for (const filter of GOLDEN_FILTERS) jobs.push([capture, filter]);
}
const run = promisify(execFile);
async function worker(): Promise<void> {
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    const [capture, filter] = job;
    const args = ['-r', join(CAPTURES, capture), '-o', 'tcp.desegment_tcp_streams:TRUE', '-Y', filter];
    const { stdout } = await run('tshark', [...args, '-T', 'fields', '-e', 'frame.number'], { maxBuffer: 1 << 26 });
    out[capture]![filter] = stdout.split('\n').filter(Boolean).map(Number);
  }
}
await Promise.all([worker(), worker(), worker()]);
// Filters tshark 4.0 rejects, with its message (first line of stderr, without the "tshark: " prefix).
export const REJECTED_FILTERS = [
  'tls.handshake.type == client_hello',
  'tls.handshake.type in {11 14}',
  'tls xor tcp',
  'foo.bar',
  'tcp.port == 443 &&',
  'ip.addr == 1.2.3',
  'tcp.flags.syn == true',
  'tls.foo == 1',
  'tcp.port == "abc"',
  'tcp.port ==',
  '(tcp.port == 443',
  'tcp.port == 443)',
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
