/**
 * The pieces of TLS decryption on known vectors: the TLS 1.2 PRF, HKDF-Expand(-Label) (RFC 5869, RFC 8448),
 * cipher suite parameters, NSS key log parsing, pcapng Decryption Secrets Blocks, the node:crypto primitives, and
 * HPACK (RFC 7541 Appendix C).
 */
import { createCipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeTlsCrypto } from '../electron/backend/tls-crypto.ts';
import { PcapngReader, setPcapngSecretsHandler } from '../shared/capture/pcapng.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { HpackDecoder, huffmanCodes, huffmanDecode } from '../shared/dissect/hpack.ts';
import { bytesToHex, DSB_TLS_KEY_LOG, hexToBytes, TlsKeyLog } from '../shared/dissect/tls/keylog.ts';
import { hkdfExpand, hkdfExpandLabel, suiteParams, tlsPrf } from '../shared/dissect/tls/prf.ts';

const c = nodeTlsCrypto;
const hex = (s: string): Uint8Array => hexToBytes(s.replace(/\s+/g, ''))!;
const enc = new TextEncoder();

describe('key derivation', () => {
  it('computes the TLS 1.2 PRF (P_SHA256) of the well-known test vector', () => {
    const out = tlsPrf(
      c,
      0x0303,
      'sha256',
      hex('9bbe436ba940f017b17652849a71db35'),
      'test label',
      hex('a0ba9f936cda311827a6f796ffd5198c'),
      100,
    );
    expect(bytesToHex(out)).toBe(
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7' +
        '077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
    );
  });

  it('computes the TLS 1.0 PRF as P_MD5 XOR P_SHA1 over the two halves of the secret', () => {
    const secret = hex('000102030405060708090a0b0c0d0e0f10111213141516171819');
    const seed = enc.encode('seed');
    const pHash = (h: 'md5' | 'sha1', key: Uint8Array, n: number): Buffer => {
      const ls = Buffer.concat([Buffer.from('label'), seed]);
      let a: Buffer = ls;
      const parts: Buffer[] = [];
      while (Buffer.concat(parts).length < n) {
        a = createHmac(h, key).update(a).digest();
        parts.push(
          createHmac(h, key)
            .update(Buffer.concat([a, ls]))
            .digest(),
        );
      }
      return Buffer.concat(parts).subarray(0, n);
    };
    const md5 = pHash('md5', secret.subarray(0, 13), 48);
    const sha = pHash('sha1', secret.subarray(13), 48);
    const want = md5.map((x, i) => x ^ sha[i]!);
    expect(bytesToHex(tlsPrf(c, 0x0301, 'sha256', secret, 'label', seed, 48))).toBe(bytesToHex(want));
  });

  it('matches RFC 5869 test case 1 and Node’s HKDF', () => {
    const ikm = new Uint8Array(22).fill(0x0b);
    const salt = hex('000102030405060708090a0b0c');
    const info = hex('f0f1f2f3f4f5f6f7f8f9');
    const prk = c.hmac('sha256', salt, ikm);
    expect(bytesToHex(prk)).toBe('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
    const okm = hkdfExpand(c, 'sha256', prk, info, 42);
    expect(bytesToHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
    expect(bytesToHex(okm)).toBe(Buffer.from(hkdfSync('sha256', ikm, salt, info, 42)).toString('hex'));
  });

  it('derives the RFC 8448 traffic keys with HKDF-Expand-Label', () => {
    const none = new Uint8Array(0);
    const serverHs = hex('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
    expect(bytesToHex(hkdfExpandLabel(c, 'sha256', serverHs, 'key', none, 16))).toBe(
      '3fce516009c21727d0f2e4e86ee403bc',
    );
    expect(bytesToHex(hkdfExpandLabel(c, 'sha256', serverHs, 'iv', none, 12))).toBe('5d313eb2671276ee13000b30');
    const clientHs = hex('b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21');
    expect(bytesToHex(hkdfExpandLabel(c, 'sha256', clientHs, 'key', none, 16))).toBe(
      'dbfaa693d1762c5b666af5d950258d01',
    );
    expect(bytesToHex(hkdfExpandLabel(c, 'sha256', clientHs, 'iv', none, 12))).toBe('5bd3c71b836e0b76bb73265f');
  });

  it('reads cipher parameters from suite names', () => {
    expect(suiteParams(0xc030)).toMatchObject({
      cipher: { kind: 'aead', alg: 'aes-256-gcm', fixedIvLen: 4, explicitNonce: 8 },
      prf: 'sha384',
      mac: undefined,
      tls13: false,
    });
    expect(suiteParams(0xc013)).toMatchObject({ cipher: { kind: 'block', alg: 'aes-128-cbc' }, mac: 'sha1' });
    expect(suiteParams(0x003d)).toMatchObject({ cipher: { kind: 'block', alg: 'aes-256-cbc' }, mac: 'sha256' });
    expect(suiteParams(0xc028)).toMatchObject({ cipher: { kind: 'block' }, mac: 'sha384', prf: 'sha384' });
    expect(suiteParams(0x0005)).toMatchObject({ cipher: { kind: 'stream', alg: 'rc4' }, mac: 'sha1' });
    expect(suiteParams(0xcca8)).toMatchObject({ cipher: { alg: 'chacha20-poly1305', fixedIvLen: 12 } });
    expect(suiteParams(0x1301)).toMatchObject({ cipher: { alg: 'aes-128-gcm' }, prf: 'sha256', tls13: true });
    expect(suiteParams(0x1302)).toMatchObject({ cipher: { alg: 'aes-256-gcm' }, prf: 'sha384', tls13: true });
    expect(suiteParams(0x1303)).toMatchObject({ cipher: { alg: 'chacha20-poly1305' }, tls13: true });
    expect(suiteParams(0x0003)).toBeUndefined(); // RSA_EXPORT_WITH_RC4_40_MD5
  });
});

describe('key logs', () => {
  const cr = '00'.repeat(31) + '01';
  const text = [
    '# comment',
    `CLIENT_RANDOM ${cr} ${'ab'.repeat(48)}`,
    `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${cr.toUpperCase()} ${'cd'.repeat(32)}`,
    `SERVER_TRAFFIC_SECRET_0 ${cr} ${'ef'.repeat(48)}`,
    `RSA 0102030405060708 ${'99'.repeat(48)}`,
    'GARBAGE line here',
    `CLIENT_RANDOM short ${'ab'.repeat(48)}`,
    '',
  ].join('\r\n');

  it('parses NSS key log lines by label and client random', () => {
    const k = new TlsKeyLog();
    expect(k.hasKeys()).toBe(false);
    expect(k.addText(text)).toEqual({ added: 4, ignored: 2 });
    const random = hex(cr);
    expect(bytesToHex(k.secret('CLIENT_RANDOM', random)!)).toBe('ab'.repeat(48));
    expect(bytesToHex(k.secret('CLIENT_HANDSHAKE_TRAFFIC_SECRET', random)!)).toBe('cd'.repeat(32));
    expect(k.secret('SERVER_HANDSHAKE_TRAFFIC_SECRET', random)).toBeUndefined();
    expect(bytesToHex(k.rsaPremaster(hex('0102030405060708aabb'))!)).toBe('99'.repeat(48));
    expect(k.size).toBe(4);
  });

  it('takes TLS key logs from pcapng Decryption Secrets Blocks while reading', () => {
    const keylog = enc.encode(`CLIENT_RANDOM ${cr} ${'ab'.repeat(48)}\n`);
    const pad = (n: number) => (4 - (n % 4)) % 4;
    const block = (type: number, body: Uint8Array): Uint8Array => {
      const len = 12 + body.length + pad(body.length);
      const out = new Uint8Array(len);
      const dv = new DataView(out.buffer);
      dv.setUint32(0, type, true);
      dv.setUint32(4, len, true);
      out.set(body, 8);
      dv.setUint32(len - 4, len, true);
      return out;
    };
    const shb = new Uint8Array(16);
    new DataView(shb.buffer).setUint32(0, 0x1a2b3c4d, true);
    new DataView(shb.buffer).setUint16(4, 1, true);
    new DataView(shb.buffer).setBigInt64(8, -1n, true);
    const dsbBody = new Uint8Array(8 + keylog.length + pad(keylog.length));
    new DataView(dsbBody.buffer).setUint32(0, DSB_TLS_KEY_LOG, true);
    new DataView(dsbBody.buffer).setUint32(4, keylog.length, true);
    dsbBody.set(keylog, 8);
    const file = new Uint8Array([...block(0x0a0d0d0a, shb), ...block(0x0a, dsbBody)]);
    const keys = new TlsKeyLog();
    setPcapngSecretsHandler((type, data) => keys.addSecretsBlock(type, data));
    try {
      const r = new PcapngReader(new BufferSource(file));
      expect(r.next(emptyRecord())).toBe(false);
      expect(r.problem).toBeUndefined();
    } finally {
      setPcapngSecretsHandler(undefined);
    }
    expect(bytesToHex(keys.secret('CLIENT_RANDOM', hex(cr))!)).toBe('ab'.repeat(48));
  });
});

describe('node:crypto primitives', () => {
  const key = hex('000102030405060708090a0b0c0d0e0f');
  const iv = hex('0f0e0d0c0b0a09080706050403020100');
  const data = enc.encode('sixteen byte msg' + 'and another one!');

  it('opens AES-GCM and ChaCha20-Poly1305 and rejects a bad tag', () => {
    for (const [alg, k] of [
      ['aes-128-gcm', key],
      ['chacha20-poly1305', new Uint8Array(32).fill(7)],
    ] as const) {
      const nonce = iv.subarray(0, 12);
      const aad = enc.encode('header');
      // One call per algorithm: each has its own overload of createCipheriv.
      const e =
        alg === 'aes-128-gcm'
          ? createCipheriv(alg, k, nonce, { authTagLength: 16 })
          : createCipheriv(alg, k, nonce, { authTagLength: 16 });
      e.setAAD(aad);
      const ct = Buffer.concat([e.update(data), e.final()]);
      const tag = e.getAuthTag();
      expect(nodeTlsCrypto.aeadDecrypt(alg, k, nonce, aad, ct, tag)).toEqual(data);
      tag[0]! ^= 1;
      expect(nodeTlsCrypto.aeadDecrypt(alg, k, nonce, aad, ct, tag)).toBeUndefined();
    }
  });

  it('opens AES-CCM', () => {
    const nonce = iv.subarray(0, 12);
    const aad = enc.encode('header');
    const e = createCipheriv('aes-128-ccm', key, nonce, { authTagLength: 8 });
    e.setAAD(aad, { plaintextLength: data.length });
    const ct = Buffer.concat([e.update(data), e.final()]);
    expect(nodeTlsCrypto.aeadDecrypt('aes-128-ccm', key, nonce, aad, ct, e.getAuthTag())).toEqual(data);
  });

  it('decrypts CBC without touching the padding', () => {
    const e = createCipheriv('aes-128-cbc', key, iv);
    e.setAutoPadding(false);
    const ct = Buffer.concat([e.update(data), e.final()]);
    expect(nodeTlsCrypto.cbcDecrypt('aes-128-cbc', key, iv, ct)).toEqual(data);
  });

  it('runs RC4 as a stream when OpenSSL offers it', () => {
    const s = nodeTlsCrypto.streamCipher('rc4', hex('0102030405'));
    if (!s) return; // OpenSSL 3 without the legacy provider has no RC4 (node --openssl-legacy-provider)
    // RFC 6229, 40-bit key 0x0102030405: keystream starts b2 39 63 05 f0 3d c0 27.
    const a = s.update(new Uint8Array(4));
    const b = s.update(new Uint8Array(4));
    expect(bytesToHex(a) + bytesToHex(b)).toBe('b2396305f03dc027');
  });
});

describe('HPACK', () => {
  it('builds the RFC 7541 Huffman code from its lengths', () => {
    const codes = huffmanCodes();
    expect(codes[0]).toEqual([0x1ff8, 13]);
    expect(codes[1]).toEqual([0x7fffd8, 23]);
    expect(codes[10]).toEqual([0x3ffffffc, 30]);
    expect(codes[48]).toEqual([0x0, 5]);
    expect(codes[97]).toEqual([0x3, 5]);
    expect(codes[255]).toEqual([0x3ffffee, 26]);
    expect(codes[256]).toEqual([0x3fffffff, 30]);
  });

  it('decodes the Appendix C Huffman strings', () => {
    expect(huffmanDecode(hex('f1e3c2e5f23a6ba0ab90f4ff'))).toBe('www.example.com');
    expect(huffmanDecode(hex('a8eb10649cbf'))).toBe('no-cache');
    expect(huffmanDecode(hex('25a849e95ba97d7f'))).toBe('custom-key');
    expect(huffmanDecode(hex('d07abe941054d444a8200595040b8166e082a62d1bff'))).toBe('Mon, 21 Oct 2013 20:13:21 GMT');
    expect(huffmanDecode(hex('9d29ad171863c78f0b97c8e9ae82ae43d3'))).toBe('https://www.example.com');
  });

  it('keeps the dynamic table across the Appendix C.4 requests', () => {
    const d = new HpackDecoder();
    const names = (s: string) => d.decode(hex(s)).headers.map((h) => `${h.name}: ${h.value}`);
    expect(names('828684418cf1e3c2e5f23a6ba0ab90f4ff')).toEqual([
      ':method: GET',
      ':scheme: http',
      ':path: /',
      ':authority: www.example.com',
    ]);
    expect(names('828684be5886a8eb10649cbf')).toEqual([
      ':method: GET',
      ':scheme: http',
      ':path: /',
      ':authority: www.example.com',
      'cache-control: no-cache',
    ]);
    expect(names('828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf')).toEqual([
      ':method: GET',
      ':scheme: https',
      ':path: /index.html',
      ':authority: www.example.com',
      'custom-key: custom-value',
    ]);
  });
});
