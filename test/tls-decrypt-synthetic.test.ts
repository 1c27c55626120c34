/**
 * Decryption of synthetic TLS 1.0–1.2 connections for the ciphers the real captures do not cover (CBC with TLS 1.0
 * IV chaining, TLS 1.1 explicit IVs, HMAC-SHA256, ChaCha20-Poly1305, RC4): the records are protected here with
 * node:crypto and keys from a made-up master secret, then dissected with that secret in a key log.
 */
import { constants, createCipheriv, createHmac, createPublicKey, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTlsCrypto } from '../electron/backend/tls-crypto.ts';
import { TlsKeyStore } from '../electron/backend/tls-key-store.ts';
import { parseRsaPrivateKey } from '../electron/backend/tls-rsa-keys.ts';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { clientHello, handshake, serverHello, tcpFrame, tlsRecord } from '../shared/capture/synth.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { findAll } from '../shared/dissect/tree.ts';
import { setTlsDecryption, type TlsCrypto } from '../shared/dissect/tls/crypto.ts';
import { bytesToHex, TlsKeyLog } from '../shared/dissect/tls/keylog.ts';
import { concat, hkdfExpandLabel, suiteParams, tlsPrf } from '../shared/dissect/tls/prf.ts';
import { REPO } from './golden-support.ts';
import { CLIENT, pcapOf, SERVER } from './synthetic.ts';

const enc = new TextEncoder();
const MASTER = new Uint8Array(48).map((_, i) => (i * 37 + 11) & 0xff);

interface Sender {
  seq: bigint;
  key: Uint8Array;
  iv: Uint8Array;
  mac: Uint8Array;
  rc4?: ReturnType<typeof createCipheriv>;
}

function seq8(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n);
  return b;
}

/** Protects one record as a TLS 1.0–1.2 sender would. */
function protect(suite: number, version: number, s: Sender, type: number, content: Uint8Array): Uint8Array {
  const p = suiteParams(suite)!;
  const c = p.cipher;
  const seq = s.seq++;
  const hdr = (len: number) => Uint8Array.of(type, version >> 8, version & 0xff, len >> 8, len & 0xff);
  if (c.kind === 'aead') {
    const nonce = c.explicitNonce ? concat(s.iv, seq8(seq)) : s.iv.map((x, i) => x ^ (i >= 4 ? seq8(seq)[i - 4]! : 0));
    const e = createCipheriv(c.alg as 'aes-128-gcm', s.key, nonce, { authTagLength: 16 });
    e.setAAD(concat(seq8(seq), hdr(content.length)));
    const body = concat(e.update(content), e.final(), e.getAuthTag());
    return tlsRecord(type, version, c.explicitNonce ? concat(seq8(seq), body) : body);
  }
  const mac = createHmac(p.mac!, s.mac)
    .update(concat(seq8(seq), hdr(content.length), content))
    .digest();
  if (c.kind === 'stream') return tlsRecord(type, version, s.rc4!.update(concat(content, mac)));
  if (c.kind !== 'block') throw new Error('unexpected cipher');
  const plain = concat(content, mac);
  const padLen = c.blockLen - ((plain.length + 1) % c.blockLen);
  const padded = concat(plain, new Uint8Array(padLen + 1).fill(padLen));
  const iv = version >= 0x0302 ? new Uint8Array(c.blockLen).fill(seq === 0n ? 0x5a : Number(seq)) : s.iv;
  const e = createCipheriv(c.alg, s.key, iv);
  e.setAutoPadding(false);
  const ct = concat(e.update(padded), e.final());
  if (version < 0x0302) s.iv = ct.slice(ct.length - c.blockLen);
  return tlsRecord(type, version, version >= 0x0302 ? concat(iv, ct) : ct);
}

/**
 * One connection: handshake, both Finished, a request, a response and an alert. `kx` gives the master secret and
 * the ClientKeyExchange body (a real RSA-encrypted pre-master secret); by default a made-up master secret is used.
 */
function connection(
  suite: number,
  version: number,
  kx: { master: Uint8Array; clientKeyExchange: Uint8Array } = {
    master: MASTER,
    clientKeyExchange: Uint8Array.of(0, 2, 1, 2),
  },
): Uint8Array {
  const ch = clientHello('synthetic.example', 3);
  const sh = serverHello(suite, 4);
  sh[4] = version >> 8;
  sh[5] = version & 0xff;
  const clientRandom = ch.slice(6, 38);
  const serverRandom = sh.slice(6, 38);
  const p = suiteParams(suite)!;
  const c = p.cipher;
  const macLen = c.kind === 'aead' ? 0 : p.mac === 'sha1' ? 20 : p.mac === 'sha256' ? 32 : 48;
  const keyLen = c.kind === 'null' ? 0 : c.keyLen;
  const ivLen = c.kind === 'aead' ? c.fixedIvLen : c.kind === 'block' ? c.blockLen : 0;
  const kb = tlsPrf(
    nodeTlsCrypto,
    version,
    p.prf,
    kx.master,
    'key expansion',
    concat(serverRandom, clientRandom),
    2 * (macLen + keyLen + ivLen),
  );
  let o = 0;
  const take = (n: number) => kb.slice(o, (o += n));
  const [cm, sm, ck, sk, ci, si] = [take(macLen), take(macLen), take(keyLen), take(keyLen), take(ivLen), take(ivLen)];
  const client: Sender = { seq: 0n, key: ck, iv: ci, mac: cm };
  const server: Sender = { seq: 0n, key: sk, iv: si, mac: sm };
  if (c.kind === 'stream') {
    client.rc4 = createCipheriv('rc4', ck, null);
    server.rc4 = createCipheriv('rc4', sk, null);
  }
  const frames: Uint8Array[] = [];
  let cseq = 1000;
  let sseq = 5000;
  const send = (fromClient: boolean, payload: Uint8Array) => {
    const [src, dst] = fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
    const seq = fromClient ? cseq : sseq;
    frames.push(tcpFrame({ src, dst, seq, ack: fromClient ? sseq : cseq, flags: 0x18, payload }));
    if (fromClient) cseq += payload.length;
    else sseq += payload.length;
  };
  frames.push(tcpFrame({ src: CLIENT, dst: SERVER, seq: cseq - 1, ack: 0, flags: 0x02 }));
  frames.push(tcpFrame({ src: SERVER, dst: CLIENT, seq: sseq - 1, ack: cseq, flags: 0x12 }));
  send(true, tlsRecord(22, 0x0301, ch));
  send(false, tlsRecord(22, version, concat(sh, handshake(14, new Uint8Array(0)))));
  const fin = handshake(20, new Uint8Array(12).fill(0x77));
  const ccs = tlsRecord(20, version, Uint8Array.of(1));
  send(
    true,
    concat(tlsRecord(22, version, handshake(16, kx.clientKeyExchange)), ccs, protect(suite, version, client, 22, fin)),
  );
  send(false, concat(ccs, protect(suite, version, server, 22, fin)));
  send(
    true,
    protect(suite, version, client, 23, enc.encode('GET /secret HTTP/1.1\r\nHost: synthetic.example\r\n\r\n')),
  );
  send(false, protect(suite, version, server, 23, enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi')));
  send(true, protect(suite, version, client, 21, Uint8Array.of(1, 0)));
  return pcapOf(frames.map((data, i) => ({ tsSec: 1_700_000_000, tsNsec: i * 1000, data })));
}

function infos(file: Uint8Array, keylog: string): string[] {
  const keys = new TlsKeyLog();
  keys.addText(keylog);
  setTlsDecryption({ crypto: nodeTlsCrypto, keys });
  try {
    const opened = openCapture(new BufferSource(file));
    if (!opened.ok) throw new Error(opened.problem.message);
    const d = new Dissection();
    const rec = emptyRecord();
    const out: string[] = [];
    let n = 0;
    while (opened.reader.next(rec)) {
      const p = d.dissect(++n, rec, file.subarray(rec.dataOffset, rec.dataOffset + rec.caplen));
      if (p.bug) throw new Error(p.bug);
      out.push(`${p.cols.protocol} ${p.cols.info}`);
    }
    return out;
  } finally {
    setTlsDecryption(undefined);
  }
}

const rc4 = nodeTlsCrypto.streamCipher('rc4', new Uint8Array(16)) !== undefined;

const CASES: [string, number, number, boolean][] = [
  ['TLS 1.0 AES-128-CBC-SHA (chained IVs, MD5/SHA-1 PRF)', 0x002f, 0x0301, true],
  ['TLS 1.1 AES-256-CBC-SHA (explicit IVs)', 0x0035, 0x0302, true],
  ['TLS 1.2 AES-128-CBC-SHA256', 0x003c, 0x0303, true],
  ['TLS 1.2 3DES-EDE-CBC-SHA', 0x000a, 0x0303, true],
  ['TLS 1.2 ECDHE-RSA-CHACHA20-POLY1305', 0xcca8, 0x0303, true],
  ['TLS 1.2 AES-128-GCM', 0x009c, 0x0303, true],
  ['TLS 1.2 RC4-128-SHA', 0x0005, 0x0303, rc4],
];

describe('decrypting synthetic connections', () => {
  for (const [name, suite, version, available] of CASES) {
    it.skipIf(!available)(name, () => {
      const file = connection(suite, version);
      const cr = bytesToHex(clientHello('synthetic.example', 3).slice(6, 38));
      const v = version === 0x0301 ? 'TLSv1' : version === 0x0302 ? 'TLSv1.1' : 'TLSv1.2';
      const got = infos(file, `CLIENT_RANDOM ${cr} ${bytesToHex(MASTER)}\n`);
      expect(got.slice(2)).toEqual([
        'TLSv1 Client Hello',
        `${v} Server Hello, Server Hello Done`,
        `${v} Client Key Exchange, Change Cipher Spec, Finished`,
        `${v} Change Cipher Spec, Finished`,
        'HTTP GET /secret HTTP/1.1 ',
        'HTTP HTTP/1.1 200 OK ',
        `${v} Alert (Level: Warning, Description: Close Notify)`,
      ]);
      // Without the key the same records stay encrypted.
      expect(infos(file, '')[6]).toBe(`${v} Application Data`);
    });
  }
});

/** A TLS 1.3 connection with TLS_CHACHA20_POLY1305_SHA256 whose client updates its keys mid-connection. */
function tls13Connection(): { file: Uint8Array; keylog: string } {
  const ch = clientHello('synthetic.example', 5);
  const exts = Uint8Array.of(0, 43, 0, 2, 3, 4);
  const sh = handshake(
    2,
    concat(Uint8Array.of(3, 3), new Uint8Array(32).fill(0x42), Uint8Array.of(0, 0x13, 0x03, 0, 0, exts.length), exts),
  );
  const secret = (n: number) => new Uint8Array(32).fill(n);
  const labels: [string, number][] = [
    ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 1],
    ['SERVER_HANDSHAKE_TRAFFIC_SECRET', 2],
    ['CLIENT_TRAFFIC_SECRET_0', 3],
    ['SERVER_TRAFFIC_SECRET_0', 4],
  ];
  const cr = bytesToHex(ch.slice(6, 38));
  const keylog = labels.map(([l, n]) => `${l} ${cr} ${bytesToHex(secret(n))}`).join('\n');
  const none = new Uint8Array(0);
  const keysOf = (s: Uint8Array) => ({
    secret: s,
    key: hkdfExpandLabel(nodeTlsCrypto, 'sha256', s, 'key', none, 32),
    iv: hkdfExpandLabel(nodeTlsCrypto, 'sha256', s, 'iv', none, 12),
    seq: 0n,
  });
  type K = ReturnType<typeof keysOf>;
  const seal = (k: K, type: number, content: Uint8Array): Uint8Array => {
    const inner = concat(content, Uint8Array.of(type));
    const nonce = k.iv.slice();
    const sq = seq8(k.seq++);
    for (let i = 0; i < 8; i++) nonce[4 + i]! ^= sq[i]!;
    const hdr = Uint8Array.of(23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 0xff);
    const e = createCipheriv('chacha20-poly1305', k.key, nonce, { authTagLength: 16 });
    e.setAAD(hdr);
    return concat(hdr, e.update(inner), e.final(), e.getAuthTag());
  };
  const cHs = keysOf(secret(1));
  const sHs = keysOf(secret(2));
  let cApp = keysOf(secret(3));
  const sApp = keysOf(secret(4));
  const frames: Uint8Array[] = [];
  let cseq = 1000;
  let sseq = 5000;
  const send = (fromClient: boolean, payload: Uint8Array) => {
    const [src, dst] = fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
    frames.push(
      tcpFrame({ src, dst, seq: fromClient ? cseq : sseq, ack: fromClient ? sseq : cseq, flags: 0x18, payload }),
    );
    if (fromClient) cseq += payload.length;
    else sseq += payload.length;
  };
  const ccs = tlsRecord(20, 0x0303, Uint8Array.of(1));
  send(true, tlsRecord(22, 0x0301, ch));
  const fin = handshake(20, new Uint8Array(32).fill(9));
  send(false, concat(tlsRecord(22, 0x0303, sh), ccs, seal(sHs, 22, concat(handshake(8, Uint8Array.of(0, 0)), fin))));
  send(true, concat(ccs, seal(cHs, 22, fin)));
  send(true, seal(cApp, 23, enc.encode('GET /one HTTP/1.1\r\nHost: a\r\n\r\n')));
  send(false, seal(sApp, 23, enc.encode('HTTP/1.1 204 No Content\r\n\r\n')));
  send(true, seal(cApp, 22, handshake(24, Uint8Array.of(0))));
  cApp = keysOf(hkdfExpandLabel(nodeTlsCrypto, 'sha256', cApp.secret, 'traffic upd', none, 32));
  send(true, seal(cApp, 23, enc.encode('GET /two HTTP/1.1\r\nHost: a\r\n\r\n')));
  send(true, seal(cApp, 21, Uint8Array.of(1, 0)));
  return { file: pcapOf(frames.map((data, i) => ({ tsSec: 1_700_000_000, tsNsec: i * 1000, data }))), keylog };
}

describe('decrypting a synthetic TLS 1.3 connection', () => {
  it('follows the handshake, application and updated traffic keys', () => {
    const { file, keylog } = tls13Connection();
    expect(infos(file, keylog)).toEqual([
      'TLSv1 Client Hello',
      'TLSv1.3 Server Hello, Change Cipher Spec, Encrypted Extensions, Finished',
      'TLSv1.3 Change Cipher Spec, Finished',
      'HTTP GET /one HTTP/1.1 ',
      'HTTP HTTP/1.1 204 No Content ',
      'TLSv1.3 Key Update',
      'HTTP GET /two HTTP/1.1 ',
      'TLSv1.3 Alert (Level: Warning, Description: Close Notify)',
    ]);
    expect(infos(file, '').slice(3)).toEqual([
      'TLSv1.3 Application Data',
      'TLSv1.3 Application Data',
      'TLSv1.3 Application Data',
      'TLSv1.3 Application Data',
      'TLSv1.3 Application Data',
    ]);
  });
});

/**
 * RSA key exchange as in seed 000's TLS_RSA_WITH_RC4_128_SHA session (whose server key is not public): the
 * pre-master secret is encrypted with the fixture server key, and only the private key is given to the dissector.
 */
describe('RSA key exchange in synthetic connections', () => {
  const pem = readFileSync(join(REPO, 'test', 'fixtures', 'decryption', 'rsa-server.key.pem'), 'utf8');
  const premaster = concat(
    Uint8Array.of(3, 3),
    new Uint8Array(46).map((_, i) => (i * 13 + 5) & 0xff),
  );
  const epms = new Uint8Array(
    publicEncrypt({ key: createPublicKey(pem), padding: constants.RSA_PKCS1_PADDING }, premaster),
  );
  /** The synthetic ServerHello echoes extended_master_secret: the seed is the hash of the handshake so far. */
  const rsaConnection = (suite: number, version: number): Uint8Array => {
    const body = concat(Uint8Array.of(epms.length >> 8, epms.length & 0xff), epms);
    const sh = serverHello(suite, 4);
    sh[4] = version >> 8;
    sh[5] = version & 0xff;
    const messages = concat(
      clientHello('synthetic.example', 3),
      sh,
      handshake(14, new Uint8Array(0)),
      handshake(16, body),
    );
    const prf = suiteParams(suite)!.prf;
    const sessionHash =
      version >= 0x0303
        ? nodeTlsCrypto.hash(prf, messages)
        : concat(nodeTlsCrypto.hash('md5', messages), nodeTlsCrypto.hash('sha1', messages));
    const master = tlsPrf(nodeTlsCrypto, version, prf, premaster, 'extended master secret', sessionHash, 48);
    return connection(suite, version, { master, clientKeyExchange: body });
  };
  const withKey = (file: Uint8Array, crypto: TlsCrypto = nodeTlsCrypto): { infos: string[]; failures: string[] } => {
    const keys = new TlsKeyStore();
    keys.rsa.add(parseRsaPrivateKey(pem));
    setTlsDecryption({ crypto, keys });
    try {
      const opened = openCapture(new BufferSource(file));
      if (!opened.ok) throw new Error(opened.problem.message);
      const d = new Dissection();
      const rec = emptyRecord();
      const out = { infos: [] as string[], failures: [] as string[] };
      let n = 0;
      while (opened.reader.next(rec)) {
        const p = d.dissect(++n, rec, file.subarray(rec.dataOffset, rec.dataOffset + rec.caplen));
        out.infos.push(`${p.cols.protocol} ${p.cols.info}`);
        out.failures.push(...findAll(p.tree, 'tls.decrypt_failed').map((f) => `#${n} ${String(f.value)}`));
      }
      return out;
    } finally {
      setTlsDecryption(undefined);
    }
  };

  it.skipIf(!rc4)('TLS 1.2 TLS_RSA_WITH_RC4_128_SHA with the server key', () => {
    const r = withKey(rsaConnection(0x0005, 0x0303));
    expect(r.failures).toEqual([]);
    expect(r.infos.slice(6)).toEqual([
      'HTTP GET /secret HTTP/1.1 ',
      'HTTP HTTP/1.1 200 OK ',
      'TLSv1.2 Alert (Level: Warning, Description: Close Notify)',
    ]);
  });

  it('says so when the cipher is not available in OpenSSL', () => {
    const noCbc: TlsCrypto = { ...nodeTlsCrypto, cbcDecrypt: () => undefined };
    const r = withKey(rsaConnection(0x002f, 0x0303), noCbc);
    expect(r.failures[0]).toBe('#5 cipher aes-128-cbc is not available');
  });

  it('TLS 1.0 TLS_RSA_WITH_AES_128_CBC_SHA (MD5/SHA-1 PRF and session hash for the master secret)', () => {
    const r = withKey(rsaConnection(0x002f, 0x0301));
    expect(r.failures).toEqual([]);
    expect(r.infos.slice(6)).toEqual([
      'HTTP GET /secret HTTP/1.1 ',
      'HTTP HTTP/1.1 200 OK ',
      'TLSv1 Alert (Level: Warning, Description: Close Notify)',
    ]);
  });
});
