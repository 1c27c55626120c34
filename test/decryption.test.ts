/**
 * TLS decryption against tshark 4.0.17: the CLI with `-o tls.keylog_file:…` (or the keys embedded in a pcapng
 * Decryption Secrets Block) must print what tshark printed for the same captures and fields. tshark's output was
 * saved in test/fixtures/decryption/ (CI has no tshark); the captures live in ../shared/captures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTlsCrypto } from '../electron/backend/tls-crypto.ts';
import { runCli } from '../electron/cli/run.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import { setTlsDecryption } from '../shared/dissect/tls/crypto.ts';
import { TlsKeyLog } from '../shared/dissect/tls/keylog.ts';
import { findAll } from '../shared/dissect/tree.ts';
import { CAPTURES, fieldsArgs, GOLDEN_ARGS, REPO } from './golden-support.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'decryption');

/** The fields the decryption fixtures were made with (see test/fixtures/decryption/README.md). */
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

interface Case {
  capture: string;
  /** Key log: in ../shared/captures, or made for the test in the fixtures folder; none = keys inside the file. */
  keylog?: string;
}

const CASES: Case[] = [
  { capture: 'illustrated-tls12.pcap', keylog: join(CAPTURES, 'illustrated-tls12.keylog') },
  { capture: 'tls12-decryption.pcap', keylog: join(FIXTURES, 'tls12-decryption.keylog') },
  { capture: 'tls-1.2-stream-keylog.pcap', keylog: join(FIXTURES, 'tls-1.2-stream-keylog.keylog') },
  { capture: 'ja4-chrome-cloudflare-quic-with-secrets.pcapng' },
];

/** Protocols Wirelens does not dissect yet (their rows are not compared): QUIC is a later issue. */
const NOT_YET = new Set<string>([]);

function cli(args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err, code };
}

function compare(expected: string, actual: string): string[] {
  const exp = expected.split('\n').filter(Boolean);
  const act = actual.split('\n').filter(Boolean);
  const diffs: string[] = [];
  if (exp.length !== act.length) diffs.push(`rows: tshark ${exp.length}, wirelens ${act.length}`);
  const col = exp[0]!.split('\t').indexOf('_ws.col.Protocol');
  for (let i = 0; i < exp.length; i++) {
    if (i > 0 && NOT_YET.has(exp[i]!.split('\t')[col] ?? '')) continue;
    if (exp[i] !== act[i]) diffs.push(`tshark:   ${exp[i]}\nwirelens: ${act[i] ?? '(none)'}`);
  }
  return diffs;
}

function dissect(file: Uint8Array): DissectedPacket[] {
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) throw new Error(opened.problem.message);
  const d = new Dissection();
  const rec = emptyRecord();
  const out: DissectedPacket[] = [];
  let n = 0;
  while (opened.reader.next(rec))
    out.push(d.dissect(++n, rec, file.subarray(rec.dataOffset, rec.dataOffset + rec.caplen)));
  return out;
}

const present = existsSync(CAPTURES);

describe.skipIf(!present)(`TLS decryption against tshark on ${CAPTURES}`, () => {
  for (const c of CASES) {
    const base = c.capture.replace(/\.(pcapng|pcap)$/, '');
    const keyArgs = c.keylog ? ['-o', `tls.keylog_file:${c.keylog}`] : [];
    it(`${c.capture}: decrypted HTTP and handshake fields`, () => {
      const { out, code } = cli(['-r', join(CAPTURES, c.capture), ...keyArgs, ...DECRYPTED_ARGS]);
      expect(code).toBe(0);
      expect(compare(readFileSync(join(FIXTURES, `${base}.decrypted.tsv`), 'utf8'), out)).toEqual([]);
    });
    it(`${c.capture}: the golden columns with decryption`, () => {
      const { out, code } = cli(['-r', join(CAPTURES, c.capture), ...keyArgs, ...GOLDEN_ARGS]);
      expect(code).toBe(0);
      expect(compare(readFileSync(join(FIXTURES, `${base}.golden.tsv`), 'utf8'), out)).toEqual([]);
    });
  }

  it('explains a missing key and a wrong key', () => {
    const file = readFileSync(join(CAPTURES, 'tls12-decryption.pcap'));
    const good = readFileSync(join(FIXTURES, 'tls12-decryption.keylog'), 'utf8');
    const failures = (keylog: string): string[] => {
      const keys = new TlsKeyLog();
      keys.addText(keylog);
      setTlsDecryption({ crypto: nodeTlsCrypto, keys });
      try {
        return dissect(file).flatMap((p) =>
          findAll(p.tree, 'tls.decrypt_failed').map((n) => `#${p.number} ${n.value}`),
        );
      } finally {
        setTlsDecryption(undefined);
      }
    };
    expect(failures(good)).toEqual([]);
    // Without any keys loaded nothing is reported; with keys for other connections, each direction says why once.
    expect(failures('')).toEqual([]);
    expect(failures(`CLIENT_RANDOM ${'00'.repeat(32)} ${'11'.repeat(48)}\n`)).toEqual([
      '#8 no key for client random 4d98940fb40a244b…',
      '#9 no key for client random 4d98940fb40a244b…',
    ]);
    const wrong = good.replace(/[0-9a-f]{8}\n$/, '00000000\n');
    expect(failures(wrong).slice(0, 3)).toEqual([
      '#8 MAC failure at record 1 (tls12 keys)',
      '#9 MAC failure at record 1 (tls12 keys)',
      '#10 MAC failure at record 2 (tls12 keys)',
    ]);
  });
});

describe.skipIf(present)('TLS decryption against tshark', () => {
  it.skip(`skipped: ${CAPTURES} is absent (reference captures live beside the repository)`, () => {});
});
