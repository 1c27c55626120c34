/**
 * `-q -z follow,tls,MODE,STREAM` against tshark 4.0.17's output, saved in test/fixtures/decryption/follow/ (the
 * command is the one each case runs, with `tshark` in place of `wirelens`). Captures of ../shared/captures are
 * skipped when that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFollowSpec } from '../electron/cli/follow.ts';
import { runCli } from '../electron/cli/run.ts';
import { CAPTURES, REPO } from './golden-support.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'decryption');
const RSA_KEY = `uat:rsa_keys:"${join(FIXTURES, 'rsa-server.key.pem')}",""`;

interface Case {
  expected: string;
  capture: string;
  pref?: string;
  mode: 'ascii' | 'hex' | 'raw';
}

const CASES: Case[] = [
  { expected: 'rsa-aes128-sha.ascii', capture: join(FIXTURES, 'rsa-aes128-sha.pcap'), pref: RSA_KEY, mode: 'ascii' },
  { expected: 'rsa-aes128-sha.hex', capture: join(FIXTURES, 'rsa-aes128-sha.pcap'), pref: RSA_KEY, mode: 'hex' },
  { expected: 'rsa-aes128-sha.raw', capture: join(FIXTURES, 'rsa-aes128-sha.pcap'), pref: RSA_KEY, mode: 'raw' },
  { expected: 'rsa-aes128-sha.nokey', capture: join(FIXTURES, 'rsa-aes128-sha.pcap'), mode: 'ascii' },
  ...(['ascii', 'hex'] as const).map((mode) => ({
    expected: `tls13-chacha20.${mode}`,
    capture: join(FIXTURES, 'tls13-chacha20.pcap'),
    pref: `tls.keylog_file:${join(FIXTURES, 'tls13-chacha20.keylog')}`,
    mode,
  })),
  {
    expected: 'tls12-decryption.hex',
    capture: join(CAPTURES, 'tls12-decryption.pcap'),
    pref: `tls.keylog_file:${join(FIXTURES, 'tls12-decryption.keylog')}`,
    mode: 'hex',
  },
  {
    expected: 'illustrated-tls12.ascii',
    capture: join(CAPTURES, 'illustrated-tls12.pcap'),
    pref: `tls.keylog_file:${join(CAPTURES, 'illustrated-tls12.keylog')}`,
    mode: 'ascii',
  },
];

function cli(args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err, code };
}

describe('-z follow,tls against tshark', () => {
  for (const c of CASES) {
    it.skipIf(!existsSync(c.capture))(`${c.expected}`, () => {
      const prefs = c.pref ? ['-o', c.pref] : [];
      const { out, code } = cli(['-r', c.capture, ...prefs, '-q', '-z', `follow,tls,${c.mode},0`]);
      expect(code).toBe(0);
      expect(out).toBe(readFileSync(join(FIXTURES, 'follow', `${c.expected}.txt`), 'utf8'));
    });
  }

  it('prints the packets first without -q', () => {
    const capture = join(FIXTURES, 'rsa-aes128-sha.pcap');
    const { out } = cli(['-r', capture, '-o', RSA_KEY, '-z', 'follow,tls,raw,0', '-T', 'fields', '-e', 'frame.number']);
    const lines = out.split('\n');
    expect(lines.slice(0, 17)).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
    expect(lines.slice(17).join('\n')).toBe(readFileSync(join(FIXTURES, 'follow', 'rsa-aes128-sha.raw.txt'), 'utf8'));
  });

  it('refuses what it cannot follow', () => {
    expect(parseFollowSpec('io,stat,1')).toBeUndefined();
    expect(parseFollowSpec('follow,tcp,ascii,0')).toEqual({ error: expect.stringMatching(/only tls/) });
    expect(parseFollowSpec('follow,tls,yaml,0')).toEqual({ error: expect.stringMatching(/invalid mode "yaml"/) });
    expect(parseFollowSpec('follow,tls,hex,x')).toEqual({ error: expect.stringMatching(/stream index/) });
    expect(parseFollowSpec('follow,ssl,hex,3')).toEqual({ mode: 'hex', stream: 3 });
    const { err, code } = cli(['-r', join(FIXTURES, 'rsa-aes128-sha.pcap'), '-z', 'io,stat,1']);
    expect(code).toBe(2);
    expect(err).toMatch(/invalid -z argument "io,stat,1"/i);
    const bad = cli(['-r', join(FIXTURES, 'rsa-aes128-sha.pcap'), '-z', 'follow,tcp,ascii,0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/only tls/);
  });
});
