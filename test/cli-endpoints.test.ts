/**
 * `-z endpoints,eth|ip|ipv6|tcp|udp[,FILTER]`: tshark 4.0's endpoint tables byte for byte. Checked on a synthetic capture
 * against text recorded from tshark 4.0.17 on the same bytes, and, when tshark and ../shared/captures are both present,
 * against tshark itself on the shared captures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/run.ts';
import { CAPTURES } from './golden-support.ts';
import { goodConnection, refusedConnection } from './insight-fixtures.ts';
import { pcapOf } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-endpoints-'));
const file = join(dir, 'two.pcap');
writeFileSync(file, pcapOf([...goodConnection(), ...refusedConnection()]));

function cli(...args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err, code };
}

const ALL_KINDS = ['endpoints,eth', 'endpoints,ip', 'endpoints,ipv6', 'endpoints,tcp,tls', 'endpoints,udp'];

/** What tshark 4.0.17 printed for `-q` with ALL_KINDS (in that order) on the synthetic capture. */
const TSHARK_ENDPOINTS =
  [
    '================================================================================',
    'UDP Endpoints',
    'Filter:<No Filter>',
    '                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |',
    '================================================================================',
    '================================================================================',
    'TCP Endpoints',
    'Filter:tls',
    '                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |',
    '10.0.0.2                    443         11          2551          5            1634           6             917   ',
    '10.0.0.1                  50000          9          2323          5             750           4            1573   ',
    '10.0.0.1                  50001          2           228          1             167           1              61   ',
    '================================================================================',
    '================================================================================',
    'IPv6 Endpoints',
    'Filter:<No Filter>',
    '                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |',
    '================================================================================',
    '================================================================================',
    'IPv4 Endpoints',
    'Filter:<No Filter>',
    '                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |',
    '10.0.0.1                      25          3315         16            1461           9            1854   ',
    '10.0.0.2                      25          3315          9            1854          16            1461   ',
    '================================================================================',
    '================================================================================',
    'Ethernet Endpoints',
    'Filter:<No Filter>',
    '                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |',
    'IntelCor_3c:4d:5e             25          3315         16            1461           9            1854   ',
    'VMware_01:02:03               25          3315          9            1854          16            1461   ',
    '================================================================================',
  ].join('\n') + '\n';

describe('-z endpoints on a synthetic capture', () => {
  it('prints every endpoint table as tshark does, the last asked for first, each with its own filter', () => {
    const { out, err, code } = cli('-r', file, '-q', ...ALL_KINDS.flatMap((z) => ['-z', z]));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(TSHARK_ENDPOINTS);
  });

  it('rejects an endpoint type tshark 4.0 has but Wirelens does not count, and a bad filter', () => {
    expect(cli('-r', file, '-q', '-z', 'endpoints,sctp').code).toBe(2);
    const bad = cli('-r', file, '-q', '-z', 'endpoints,ip,ip.src ==');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^wirelens: /);
  });
});

const tsharkHere = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const haveCaptures = existsSync(CAPTURES);
if (!tsharkHere || !haveCaptures)
  console.warn('cli-endpoints.test: tshark or ../shared/captures is absent, the comparison with tshark is skipped');

const NETWORK_KINDS = ['endpoints,ip', 'endpoints,ipv6', 'endpoints,tcp', 'endpoints,udp'];

/**
 * Captures compared with tshark. IPv4, IPv6, TCP and UDP endpoints match on every shared capture; Ethernet only where
 * each vendor name agrees with Wireshark's manuf file (it names some prefixes differently, e.g. `Cisco_` or
 * `IPv4mcast_`), the same limitation as conv,eth.
 */
const COMPARED: readonly [string, readonly string[]][] = [
  ['chrome-34-google.pcap', [...NETWORK_KINDS, 'endpoints,eth']],
  ['certificate-request-failed.pcap', [...NETWORK_KINDS, 'endpoints,eth']],
  ['zeek-ipv6.pcap', NETWORK_KINDS],
  ['ja4-tls3.pcapng', [...NETWORK_KINDS, 'endpoints,tcp,tls', 'endpoints,udp,quic']],
  ['ja4-socks4-https.pcap', NETWORK_KINDS],
  ['dtls-sequence-number-jumps.pcap', NETWORK_KINDS],
  ['zeek-icmp.pcap', NETWORK_KINDS],
  ['google-cert-repeat.pcap', [...NETWORK_KINDS, 'endpoints,eth']],
];

describe.skipIf(!tsharkHere || !haveCaptures)('-z endpoints against tshark on the shared captures', () => {
  for (const [name, stats] of COMPARED) {
    it.skipIf(!existsSync(join(CAPTURES, name)))(name, () => {
      const path = join(CAPTURES, name);
      const args = stats.flatMap((z) => ['-z', z]);
      const want = spawnSync('tshark', ['-r', path, '-q', ...args], { encoding: 'utf8' }).stdout;
      expect(want).toContain('Endpoints');
      expect(cli('-r', path, '-q', ...args).out).toBe(want);
    });
  }
});
