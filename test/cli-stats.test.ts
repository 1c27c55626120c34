/**
 * `-z` statistics of the CLI. tshark 4.0's conv and io,phs tables must come out byte for byte: on a synthetic capture
 * (expected text recorded from tshark 4.0.17 on the same bytes) and, when tshark and ../shared/captures are both
 * present, against tshark itself on the shared captures. tls,sessions is Wirelens's own: checked for its content.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/run.ts';
import { CAPTURES } from './golden-support.ts';
import { pcapOf } from './synthetic.ts';
import { goodConnection, refusedConnection } from './insight-fixtures.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-stats-'));
const file = join(dir, 'two.pcap');
writeFileSync(file, pcapOf([...goodConnection(), ...refusedConnection()]));

function cli(...args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err, code };
}

/** What tshark 4.0.17 printed for `-q -z io,phs -z conv,tcp,tls` on the synthetic capture. */
const TSHARK_PHS_AND_FILTERED_CONV =
  [
    '================================================================================',
    'TCP Conversations',
    'Filter:tls',
    '                                                           |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |',
    '                                                           | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |',
    '10.0.0.1:50000             <-> 10.0.0.2:443                     4 1573 bytes       5 750 bytes       9 2323 bytes     0.000450000         0.0018',
    '10.0.0.1:50001             <-> 10.0.0.2:443                     1 61 bytes        1 167 bytes       2 228 bytes     5.003000000         0.0010',
    '================================================================================',
    '',
    '===================================================================',
    'Protocol Hierarchy Statistics',
    'Filter: ',
    '',
    'eth                                      frames:25 bytes:3315',
    '  ip                                     frames:25 bytes:3315',
    '    tcp                                  frames:25 bytes:3315',
    '      tls                                frames:11 bytes:2551',
    '===================================================================',
  ].join('\n') + '\n';

/** What tshark 4.0.17 printed for `-q -z conv,ip` on the synthetic capture. */
const TSHARK_CONV_IP =
  [
    '================================================================================',
    'IPv4 Conversations',
    'Filter:<No Filter>',
    '                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |',
    '                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |',
    '10.0.0.1             <-> 10.0.0.2                   9 1854 bytes      16 1461 bytes      25 3315 bytes     0.000000000         5.0050',
    '================================================================================',
  ].join('\n') + '\n';

describe('-z statistics on a synthetic capture', () => {
  it('prints conv and io,phs as tshark does, the last asked for first, each with its own filter', () => {
    const { out, err, code } = cli('-r', file, '-q', '-z', 'io,phs', '-z', 'conv,tcp,tls');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(TSHARK_PHS_AND_FILTERED_CONV);
    expect(cli('-r', file, '-q', '-z', 'conv,ip').out).toBe(TSHARK_CONV_IP);
  });

  it('prints the packets before the statistics without -q, and -Y does not limit the statistics', () => {
    const { out } = cli('-r', file, '-Y', 'tls.alert_message.level == 2', '-z', 'conv,ip');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/Alert \(Level: Fatal, Description: Handshake Failure\)$/);
    expect(lines[1]).toBe(TSHARK_CONV_IP.split('\n')[0]);
    expect(out.slice(out.indexOf('='))).toBe(TSHARK_CONV_IP);
  });

  it('rejects an unknown statistic and a bad statistic filter', () => {
    expect(cli('-r', file, '-z', 'conv,sctp').code).toBe(2);
    const bad = cli('-r', file, '-z', 'conv,tcp,tls.record.length >');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^wirelens: /);
  });

  it('prints the TLS sessions as text, and as JSON with the certificate in base64 DER', () => {
    const text = cli('-r', file, '-q', '-z', 'tls,sessions').out;
    expect(text).toContain('Stream 0: 10.0.0.1:50000 -> 10.0.0.2:443  complete handshake');
    expect(text).toContain('Stream 1: 10.0.0.1:50001 -> 10.0.0.2:443  failed with alert Handshake Failure');
    expect(text).toMatch(/sni: +insight\.test/);
    const { out, code } = cli('-r', file, '-q', '-T', 'json', '-z', 'tls,sessions');
    expect(code).toBe(0);
    const sessions = JSON.parse(out) as {
      stream: number;
      sni: string;
      ja3: string;
      offeredSuites: string[];
      certificates: { der: string; subjectCN: string }[];
    }[];
    expect(sessions.map((s) => s.sni)).toEqual(['insight.test', 'refused.test']);
    expect(sessions[0]!.ja3).toMatch(/^[0-9a-f]{32}$/);
    expect(sessions[0]!.offeredSuites[0]).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    const cert = sessions[0]!.certificates[0]!;
    expect(cert.subjectCN).toBe('insight.test');
    expect(Uint8Array.from(Buffer.from(cert.der, 'base64'))).toEqual(INSIGHT_CERT);
  });
});

const tsharkHere = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const haveCaptures = existsSync(CAPTURES);
if (!tsharkHere || !haveCaptures)
  console.warn('cli-stats.test: tshark or ../shared/captures is absent, the comparison with tshark is skipped');

/**
 * Captures and statistics that match tshark byte for byte. Left out: io,phs where a protocol is still pending (QUIC,
 * DTLS, STUN, OCSP are shown as data), and conv,eth with multicast destinations (tshark names them `IPv4mcast_…`).
 */
const COMPARED: readonly [string, readonly string[]][] = [
  ['chrome-34-google.pcap', ['conv,tcp', 'conv,ip', 'conv,eth', 'io,phs']],
  ['certificate-request-failed.pcap', ['conv,tcp', 'conv,ipv6', 'conv,eth', 'io,phs']],
  ['ja4-tls-alpn-h2.pcap', ['conv,tcp', 'conv,ipv6', 'io,phs']],
  ['zeek-ipv6.pcap', ['conv,tcp', 'io,phs']],
  ['ja4-https-connect.pcap', ['conv,tcp', 'io,phs']],
  ['ja4-http1-with-cookies.pcapng', ['conv,tcp', 'io,phs']],
  ['google-cert-repeat.pcap', ['conv,tcp', 'conv,ip', 'io,phs']],
  ['ja4-tls3.pcapng', ['conv,tcp', 'conv,udp', 'conv,ip', 'conv,ipv6']],
  ['ml-dsa-44-cert.pcap', ['conv,tcp', 'conv,ip']],
];

describe.skipIf(!tsharkHere || !haveCaptures)('-z statistics against tshark on the shared captures', () => {
  for (const [name, stats] of COMPARED) {
    it.skipIf(!existsSync(join(CAPTURES, name)))(name, () => {
      const path = join(CAPTURES, name);
      const args = stats.flatMap((z) => ['-z', z]);
      const want = spawnSync('tshark', ['-r', path, '-q', ...args], { encoding: 'utf8' }).stdout;
      expect(cli('-r', path, '-q', ...args).out).toBe(want);
    });
  }
});
