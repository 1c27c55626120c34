/**
 * RSA key exchange decryption against tshark 4.0.17. The fixtures (test/fixtures/decryption/rsa-*) are two TLS 1.2
 * sessions between `openssl s_server`/`s_client` on 127.0.0.1:443 captured with dumpcap: TLS_RSA_WITH_AES_128_CBC_SHA
 * without the extended master secret, and TLS_RSA_WITH_AES_256_GCM_SHA384 with it. The server key was made for them
 * (PKCS#8, and the same key as PKCS#1). See test/fixtures/decryption/README.md for the tshark commands.
 */
import { generateKeyPairSync, privateDecrypt, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTlsCrypto } from '../electron/backend/tls-crypto.ts';
import { TlsKeyStore } from '../electron/backend/tls-key-store.ts';
import { parseRsaPrivateKey, RsaKeyError, unpadPkcs1Type2 } from '../electron/backend/tls-rsa-keys.ts';
import { runCli } from '../electron/cli/run.ts';
import { parseUatRecord, tlsKeyOptions } from '../electron/cli/tls-options.ts';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { Dissection, type DissectedPacket } from '../shared/dissect/packet.ts';
import { setTlsDecryption } from '../shared/dissect/tls/crypto.ts';
import { bytesToHex } from '../shared/dissect/tls/keylog.ts';
import { findAll } from '../shared/dissect/tree.ts';
import { fieldsArgs, GOLDEN_ARGS, REPO } from './golden-support.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'decryption');
const KEY = join(FIXTURES, 'rsa-server.key.pem');
const KEY_PKCS1 = join(FIXTURES, 'rsa-server.pkcs1.pem');
const CAPTURES = ['rsa-aes128-sha', 'rsa-ems-aes256-gcm'];

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

function cli(args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { out, err, code };
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function dissectWith(keys: TlsKeyStore, file: Uint8Array): DissectedPacket[] {
  setTlsDecryption({ crypto: nodeTlsCrypto, keys });
  try {
    const opened = openCapture(new BufferSource(file));
    if (!opened.ok) throw new Error(opened.problem.message);
    const d = new Dissection();
    const rec = emptyRecord();
    const out: DissectedPacket[] = [];
    let n = 0;
    while (opened.reader.next(rec))
      out.push(d.dissect(++n, rec, file.subarray(rec.dataOffset, rec.dataOffset + rec.caplen)));
    return out;
  } finally {
    setTlsDecryption(undefined);
  }
}

function values(packets: DissectedPacket[], field: string): string[] {
  return packets.flatMap((p) => findAll(p.tree, field).map((n) => `#${p.number} ${String(n.value)}`));
}

describe('RSA private keys on the CLI, against tshark', () => {
  const keyOptions: [string, string][] = [
    ['uat:rsa_keys (PKCS#8)', `uat:rsa_keys:"${KEY}",""`],
    ['uat:rsa_keys (PKCS#1)', `uat:rsa_keys:"${KEY_PKCS1}",""`],
    ['tls.keys_list', `tls.keys_list:127.0.0.1,443,http,${KEY}`],
  ];
  for (const name of CAPTURES) {
    for (const [label, opt] of keyOptions) {
      it(`${name}: decrypted fields with ${label}`, () => {
        const { out, err, code } = cli(['-r', join(FIXTURES, `${name}.pcap`), '-o', opt, ...DECRYPTED_ARGS]);
        expect(err).toBe('');
        expect(code).toBe(0);
        expect(out).toBe(fixture(`${name}.decrypted.tsv`));
      });
    }
    it(`${name}: the golden columns with the key`, () => {
      const { out, code } = cli(['-r', join(FIXTURES, `${name}.pcap`), '-o', keyOptions[0]![1], ...GOLDEN_ARGS]);
      expect(code).toBe(0);
      expect(out).toBe(fixture(`${name}.golden.tsv`));
    });
    it(`${name}: without the key, what tshark shows without it`, () => {
      const { out, code } = cli(['-r', join(FIXTURES, `${name}.pcap`), ...DECRYPTED_ARGS]);
      expect(code).toBe(0);
      expect(out).toBe(fixture(`${name}.nokey.tsv`));
    });
  }

  it('says which key file it cannot use, and goes on', () => {
    const { out, err, code } = cli([
      '-r',
      join(FIXTURES, 'rsa-aes128-sha.pcap'),
      '-o',
      `uat:rsa_keys:"${join(FIXTURES, 'rsa-server.cert.pem')}",""`,
      ...DECRYPTED_ARGS,
    ]);
    expect(code).toBe(0);
    expect(err).toMatch(/cannot use the RSA key ".*rsa-server\.cert\.pem": not a readable PEM private key/);
    expect(out).toBe(fixture('rsa-aes128-sha.nokey.tsv'));
  });
});

describe('RSA key exchange in the dissector', () => {
  const file = readFileSync(join(FIXTURES, 'rsa-aes128-sha.pcap'));

  it('explains a key that does not open the pre-master secret', () => {
    const keys = new TlsKeyStore();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    keys.rsa.add(other);
    const failures = values(dissectWith(keys, file), 'tls.decrypt_failed');
    expect(failures[0]).toMatch(
      /^#8 no key for client random [0-9a-f]{16}… \(no RSA private key decrypts the pre-master secret\)$/,
    );
    expect(values(dissectWith(keys, file), 'http.request.method')).toEqual([]);
  });

  it('takes the pre-master secret from an RSA key log line as well', () => {
    // The line a client would log: the first 8 bytes of the encrypted pre-master secret, and the secret itself.
    const epms = dissectWith(new TlsKeyStore(), file).flatMap((p) => findAll(p.tree, 'tls.handshake.epms'))[0]!
      .value as Uint8Array;
    const key = parseRsaPrivateKey(readFileSync(KEY_PKCS1, 'utf8'));
    const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, epms);
    const premaster = unpadPkcs1Type2(new Uint8Array(block))!;
    const keys = new TlsKeyStore();
    keys.addText(`RSA ${bytesToHex(epms.subarray(0, 8))} ${bytesToHex(premaster)}\n`);
    const packets = dissectWith(keys, file);
    expect(values(packets, 'http.request.uri')).toEqual(['#10 /index.txt']);
    expect(values(packets, 'http.response.code')).toEqual(['#11 200']);
    expect(values(packets, 'tls.decrypt_failed')).toEqual([]);
  });
});

describe('RSA key parsing', () => {
  it('reads PKCS#1 and PKCS#8 PEM as the same key, and refuses other PEM', () => {
    const a = parseRsaPrivateKey(readFileSync(KEY, 'utf8'));
    const b = parseRsaPrivateKey(readFileSync(KEY_PKCS1, 'utf8'));
    expect(a.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(a.export({ format: 'der', type: 'pkcs1' }).equals(b.export({ format: 'der', type: 'pkcs1' }))).toBe(true);
    expect(() => parseRsaPrivateKey(readFileSync(join(FIXTURES, 'rsa-server.cert.pem'), 'utf8'))).toThrow(RsaKeyError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    expect(() => parseRsaPrivateKey(ec)).toThrow(/ec key, not RSA/);
  });

  it('reads an encrypted key with its password', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-128-cbc', passphrase: 'secret' });
    expect(parseRsaPrivateKey(pem, 'secret').asymmetricKeyType).toBe('rsa');
    expect(() => parseRsaPrivateKey(pem, 'wrong')).toThrow(RsaKeyError);
  });

  it('checks PKCS#1 v1.5 type 2 padding', () => {
    const msg = [1, 2, 3];
    expect(unpadPkcs1Type2(Uint8Array.of(0, 2, 9, 9, 9, 9, 9, 9, 9, 9, 0, ...msg))).toEqual(Uint8Array.from(msg));
    expect(unpadPkcs1Type2(Uint8Array.of(0, 1, 9, 9, 9, 9, 9, 9, 9, 9, 0, ...msg))).toBeUndefined();
    // Fewer than 8 padding bytes, or no separator.
    expect(unpadPkcs1Type2(Uint8Array.of(0, 2, 9, 9, 9, 9, 9, 9, 9, 0, ...msg))).toBeUndefined();
    expect(unpadPkcs1Type2(Uint8Array.of(0, 2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9))).toBeUndefined();
  });
});

describe("tshark's TLS key preferences", () => {
  it('parses UAT records', () => {
    expect(parseUatRecord('"/k.pem",""')).toEqual(['/k.pem', '']);
    expect(parseUatRecord('"/a\\x2cb.pem","pa\\"ss"')).toEqual(['/a,b.pem', 'pa"ss']);
    expect(parseUatRecord('"/k.pem')).toBeUndefined();
  });

  it('collects key log, RSA keys of both forms, in order', () => {
    const o = tlsKeyOptions([
      ['tls.keylog_file', '/k.log'],
      ['uat', 'rsa_keys:"/a.pem","pw"'],
      ['uat', 'some_other_table:"x"'],
      ['ssl.keys_list', '10.0.0.1,443,http,/b.pem;0.0.0.0,0,data,/c.pem,pw2'],
      ['tls.keys_list', 'broken'],
    ]);
    expect(o.keylogFile).toBe('/k.log');
    expect(o.rsaKeyFiles).toEqual([
      { path: '/a.pem', password: 'pw' },
      { path: '/b.pem', password: '' },
      { path: '/c.pem', password: 'pw2' },
    ]);
    expect(o.problems).toEqual(['invalid keys_list entry "broken"']);
  });
});
