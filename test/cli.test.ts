/** The tshark-compatible command line: output formats, options, and one-line errors with status 2. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/run.ts';
import { REPO } from './golden-support.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-cli-'));
const file = join(dir, 'tls.pcap');
writeFileSync(file, pcapOf(oneConnection()));

function cli(...args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err, code };
}

describe('wirelens CLI', () => {
  it('prints tshark one-line summaries by default', () => {
    const { out, code } = cli('-r', file, '-c', '4');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '    1   0.000000     10.0.0.1 → 10.0.0.2     TCP 58 50000 → 443 [SYN] Seq=0 Win=65535 Len=0 MSS=1460',
    );
    expect(lines[3]).toMatch(/^ {4}4 {3}0\.000450 {5}10\.0\.0\.1 → 10\.0\.0\.2 {5}TLSv1 \d+ Client Hello$/);
  });

  it('prints -T fields with header, separator, occurrence and aggregator', () => {
    const args = [
      '-r',
      file,
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      'tls.handshake.ciphersuite',
      '-e',
      'ssl.handshake.extensions_server_name',
    ];
    const all = cli(...args, '-E', 'header=y', '-E', 'separator=,', '-E', 'aggregator=/s').out.split('\n');
    expect(all[0]).toBe('frame.number,tls.handshake.ciphersuite,ssl.handshake.extensions_server_name');
    expect(all[4]).toBe('4,0xc02f 0xc030 0x009c 0x002f,host1.example');
    const first = cli(...args, '-E', 'occurrence=f').out.split('\n');
    expect(first[3]).toBe('4\t0xc02f\thost1.example');
    const quoted = cli(...args, '-E', 'quote=d', '-E', 'occurrence=l').out.split('\n');
    expect(quoted[3]).toBe('"4"\t"0x002f"\t"host1.example"');
  });

  it('prints -T json with the layers of each packet', () => {
    const { out, code } = cli('-r', file, '-T', 'json', '-c', '1');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { _source: { layers: Record<string, unknown> } }[];
    expect(parsed).toHaveLength(1);
    expect(Object.keys(parsed[0]!._source.layers)).toEqual(['frame', 'eth', 'ip', 'tcp']);
  });

  it('fails with one line and status 2 on bad input', () => {
    for (const [args, message] of [
      [['-r', join(dir, 'missing.pcap')], `wirelens: The file "${join(dir, 'missing.pcap')}" doesn't exist.\n`],
      [['-r', file, '-T', 'fields', '-e', 'no.such.field'], "wirelens: Some fields aren't valid: no.such.field\n"],
      [['-r', file, '-T', 'xml'], 'wirelens: invalid -T parameter "xml"; it must be one of text, fields, json\n'],
      [['-r', file, '-c', 'x'], 'wirelens: invalid packet count "x"; it must be a positive integer\n'],
      [['-r', dir], `wirelens: "${dir}" is a directory (folder), not a file.\n`],
      [['-T', 'fields', '-e', 'frame.number'], 'wirelens: no capture file given: use -r FILE\n'],
    ] as const) {
      const { err, code, out } = cli(...args);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(message);
    }
  });

  it('prints the intact prefix of a truncated file and warns', () => {
    const whole = pcapOf(oneConnection());
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, whole.length - 10));
    const { out, err, code } = cli('-r', cut, '-T', 'fields', '-e', 'frame.number');
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').length).toBe(oneConnection().length - 1);
    expect(err).toMatch(
      /^wirelens: The file ".*cut\.pcap" appears to have been cut short in the middle of a packet at offset \d+/,
    );
  });

  it('runs as `npm run --silent cli`', () => {
    const out = execFileSync(
      'npm',
      ['run', '--silent', 'cli', '--', '-r', file, '-T', 'fields', '-e', '_ws.col.Info', '-c', '4'],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    );
    expect(out.split('\n')[3]).toBe('Client Hello');
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', '-r', join(dir, 'nope')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
