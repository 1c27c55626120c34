/**
 * TLS 1.3 decryption against tshark 4.0.17 on sessions made for the repository with `openssl s_server`/`s_client`
 * on 127.0.0.1:443 (captured with dumpcap, key logs written by `s_client -keylogfile`): TLS_AES_256_GCM_SHA384, and
 * TLS_CHACHA20_POLY1305_SHA256 whose first application data is not HTTP (tshark keeps "Application Data" in Info).
 * See test/fixtures/decryption/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/run.ts';
import { fieldsArgs, GOLDEN_ARGS, REPO } from './golden-support.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'decryption');

const DECRYPTED_ARGS = fieldsArgs([
  'frame.number',
  '_ws.col.Protocol',
  '_ws.col.Info',
  'http.request.method',
  'http.request.uri',
  'http.response.code',
  'tls.handshake.type',
  'tls.record.content_type',
  'http2.type',
  'http2.streamid',
]);

function cli(args: string[]): { out: string; code: number } {
  let out = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: () => undefined });
  return { out, code };
}

describe('TLS 1.3 sessions made with OpenSSL, against tshark', () => {
  for (const name of ['tls13-aes256-gcm', 'tls13-chacha20']) {
    const keys = ['-o', `tls.keylog_file:${join(FIXTURES, `${name}.keylog`)}`];
    const capture = join(FIXTURES, `${name}.pcap`);
    it(`${name}: decrypted fields`, () => {
      const { out, code } = cli(['-r', capture, ...keys, ...DECRYPTED_ARGS]);
      expect(code).toBe(0);
      expect(out).toBe(readFileSync(join(FIXTURES, `${name}.decrypted.tsv`), 'utf8'));
    });
    it(`${name}: the golden columns`, () => {
      const { out, code } = cli(['-r', capture, ...keys, ...GOLDEN_ARGS]);
      expect(code).toBe(0);
      expect(out).toBe(readFileSync(join(FIXTURES, `${name}.golden.tsv`), 'utf8'));
    });
  }
});
