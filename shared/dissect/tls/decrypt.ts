/**
 * Record decryption for one TLS connection: keys from the installed key source (TLS 1.0–1.2 master secrets,
 * TLS 1.3 handshake and application traffic secrets), per-direction sequence numbers, and the record protection
 * of each cipher kind (AEAD, CBC with HMAC, RC4). Failures are remembered with a reason that names the record.
 */
import { u16 } from '../../bytes.ts';
import type { StreamInfo } from '../stream.ts';
import type { TlsCrypto, TlsDecryption, TlsSecretLabel, TlsStreamState } from './crypto.ts';
import { tlsDecryption } from './crypto.ts';
import { concat, HASH_LEN, hkdfExpandLabel, suiteParams, tlsPrf, type SuiteParams } from './prf.ts';
import { isRsaKeyExchange, masterFromRsa } from './rsa-kx.ts';
import type { TlsSession } from './session.ts';

interface DirCipher {
  params: SuiteParams;
  /** Protocol version the keys were made for (0x0301–0x0304). */
  version: number;
  key: Uint8Array;
  iv: Uint8Array;
  macKey: Uint8Array;
  seq: bigint;
  stream: TlsStreamState | undefined;
  /** TLS 1.3: the traffic secret, for KeyUpdate. */
  secret: Uint8Array | undefined;
  epoch: 'tls12' | 'handshake' | 'application';
  /** Records this cipher protected, for messages ("record 3"). */
  records: number;
}

/** Handshake bytes decrypted so far in one direction (TLS 1.3), to find Finished and KeyUpdate messages. */
interface HsScan {
  buf: Uint8Array;
}

export interface DecryptState {
  active: [DirCipher | undefined, DirCipher | undefined];
  /** TLS 1.2: the keys a ChangeCipherSpec switches each direction to. */
  tls12Keys: [DirCipher, DirCipher] | undefined;
  /** TLS 1.3: handshake keys installed (they are looked up once, after the ServerHello). */
  tls13Started: boolean;
  scan: [HsScan, HsScan];
  /** Why decryption is not possible for this connection, once known (no key, unsupported suite). */
  problem: string;
  /** Per direction: the next protected record should carry `problem` (said once, and only when keys are loaded). */
  tellProblem: [boolean, boolean];
  /** Per-conversation state of the protocols that read the decrypted application data. */
  appState: Map<string, unknown>;
  /** Application-data reassembly per direction (owned by app-data.ts). */
  app: [unknown, unknown];
}

export type DecryptResult = { ok: true; plain: Uint8Array; type: number } | { ok: false; reason: string };

export function decryptState(info: StreamInfo): DecryptState {
  let st = info.convState.get('tls.decrypt') as DecryptState | undefined;
  if (!st) {
    st = {
      active: [undefined, undefined],
      tls12Keys: undefined,
      tls13Started: false,
      scan: [{ buf: new Uint8Array(0) }, { buf: new Uint8Array(0) }],
      problem: '',
      tellProblem: [false, false],
      appState: new Map(),
      app: [undefined, undefined],
    };
    info.convState.set('tls.decrypt', st);
  }
  return st;
}

function isTls13(v: number): boolean {
  return v === 0x0304 || (v & 0xff00) === 0x7f00;
}

function clientDir(s: TlsSession, info: StreamInfo): 0 | 1 {
  if (s.serverDirection >= 0) return s.serverDirection === 0 ? 1 : 0;
  return info.direction;
}

function hexShort(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < Math.min(b.length, 8); i++) s += b[i]!.toString(16).padStart(2, '0');
  return s + (b.length > 8 ? '…' : '');
}

/** TLS 1.0–1.2: derives both directions' keys from the master secret (done at the first ChangeCipherSpec). */
function tls12Keys(d: TlsDecryption, s: TlsSession, st: DecryptState): [DirCipher, DirCipher] | undefined {
  if (st.tls12Keys) return st.tls12Keys;
  if (!s.clientRandom || !s.serverRandom || s.cipherSuite < 0) return undefined;
  const params = suiteParams(s.cipherSuite);
  if (!params || params.tls13) {
    st.problem = `cipher suite 0x${s.cipherSuite.toString(16).padStart(4, '0')} cannot be decrypted`;
    return undefined;
  }
  if (s.version < 0x0301 || s.version > 0x0303) {
    st.problem = 'only TLS 1.0–1.3 can be decrypted';
    return undefined;
  }
  let master = d.keys.secret('CLIENT_RANDOM', s.clientRandom);
  if (!master && isRsaKeyExchange(s.cipherSuite)) {
    const rsa = masterFromRsa(d, s, params);
    if (rsa.ok) master = rsa.master;
    else {
      st.problem = `no key for client random ${hexShort(s.clientRandom)} (${rsa.reason})`;
      return undefined;
    }
  }
  if (!master) {
    st.problem = `no key for client random ${hexShort(s.clientRandom)}`;
    return undefined;
  }
  const c = params.cipher;
  const macLen = params.mac && c.kind !== 'aead' ? HASH_LEN[params.mac] : 0;
  const keyLen = c.kind === 'null' ? 0 : c.keyLen;
  const ivLen = c.kind === 'aead' ? c.fixedIvLen : c.kind === 'block' ? c.blockLen : 0;
  const block = tlsPrf(
    d.crypto,
    s.version,
    params.prf,
    master,
    'key expansion',
    concat(s.serverRandom, s.clientRandom),
    2 * (macLen + keyLen + ivLen),
  );
  let o = 0;
  const take = (n: number) => block.slice(o, (o += n));
  const cMac = take(macLen);
  const sMac = take(macLen);
  const cKey = take(keyLen);
  const sKey = take(keyLen);
  const cIv = take(ivLen);
  const sIv = take(ivLen);
  const mk = (key: Uint8Array, iv: Uint8Array, macKey: Uint8Array): DirCipher => ({
    params,
    version: s.version,
    key,
    iv,
    macKey,
    seq: 0n,
    stream: c.kind === 'stream' ? d.crypto.streamCipher(c.alg, key) : undefined,
    secret: undefined,
    epoch: 'tls12',
    records: 0,
  });
  st.tls12Keys = [mk(cKey, cIv, cMac), mk(sKey, sIv, sMac)];
  return st.tls12Keys;
}

/** TLS 1.3 record keys from a traffic secret. */
function tls13Cipher(c: TlsCrypto, params: SuiteParams, secret: Uint8Array, epoch: DirCipher['epoch']): DirCipher {
  const keyLen = params.cipher.kind === 'aead' ? params.cipher.keyLen : 16;
  return {
    params,
    version: 0x0304,
    key: hkdfExpandLabel(c, params.prf, secret, 'key', new Uint8Array(0), keyLen),
    iv: hkdfExpandLabel(c, params.prf, secret, 'iv', new Uint8Array(0), 12),
    macKey: new Uint8Array(0),
    seq: 0n,
    stream: undefined,
    secret,
    epoch,
    records: 0,
  };
}

/** A ChangeCipherSpec (before TLS 1.3): the sender's later records use the new keys, from sequence number 0. */
export function onChangeCipherSpec(s: TlsSession, info: StreamInfo): void {
  const d = tlsDecryption();
  if (!d || isTls13(s.version)) return;
  const st = decryptState(info);
  const keys = tls12Keys(d, s, st);
  if (!keys) {
    if (d.keys.hasKeys?.() !== false) st.tellProblem[info.direction] = true;
    return;
  }
  const fromClient = info.direction === clientDir(s, info);
  const k = keys[fromClient ? 0 : 1];
  // A renegotiation or resumption in the same connection gets fresh state.
  st.active[info.direction] = {
    ...k,
    seq: 0n,
    records: 0,
    stream: k.params.cipher.kind === 'stream' ? d.crypto.streamCipher(k.params.cipher.alg, k.key) : undefined,
    iv: k.iv.slice(),
  };
}

function startTls13(d: TlsDecryption, s: TlsSession, st: DecryptState, info: StreamInfo): void {
  if (st.tls13Started || !s.clientRandom || s.cipherSuite < 0 || s.serverDirection < 0) return;
  st.tls13Started = true;
  const params = suiteParams(s.cipherSuite);
  if (!params || !params.tls13) {
    st.problem = `cipher suite 0x${s.cipherSuite.toString(16).padStart(4, '0')} cannot be decrypted`;
    return;
  }
  const cs = d.keys.secret('CLIENT_HANDSHAKE_TRAFFIC_SECRET', s.clientRandom);
  const ss = d.keys.secret('SERVER_HANDSHAKE_TRAFFIC_SECRET', s.clientRandom);
  if (!cs && !ss) {
    st.problem = `no key for client random ${hexShort(s.clientRandom)}`;
    if (d.keys.hasKeys?.() !== false) st.tellProblem = [true, true];
    return;
  }
  const cd = clientDir(s, info);
  if (cs) st.active[cd] = tls13Cipher(d.crypto, params, cs, 'handshake');
  if (ss) st.active[cd === 0 ? 1 : 0] = tls13Cipher(d.crypto, params, ss, 'handshake');
}

/** Whether records of this type from this direction are protected now (and so should be decrypted). */
export function wantsDecryption(s: TlsSession, info: StreamInfo, ct: number): boolean {
  const d = tlsDecryption();
  if (!d) return false;
  const st = decryptState(info);
  if (isTls13(s.version)) {
    if (ct !== 23) return false;
    startTls13(d, s, st, info);
  } else if (ct === 20) return false;
  return st.active[info.direction] !== undefined || st.tellProblem[info.direction];
}

function nonceXor(iv: Uint8Array, seq: bigint): Uint8Array {
  const n = iv.slice();
  for (let i = 0; i < 8; i++) n[n.length - 1 - i]! ^= Number((seq >> BigInt(8 * i)) & 0xffn);
  return n;
}

function seqBytes(seq: bigint): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[7 - i] = Number((seq >> BigInt(8 * i)) & 0xffn);
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let x = 0;
  for (let i = 0; i < a.length; i++) x |= a[i]! ^ b[i]!;
  return x === 0;
}

/**
 * Decrypts one record (`header` is its 5-byte header, `frag` its body). The direction's sequence number advances
 * whether or not the record decrypts, as the sender's did.
 */
export function decryptRecord(s: TlsSession, info: StreamInfo, header: Uint8Array, frag: Uint8Array): DecryptResult {
  const d = tlsDecryption();
  if (!d) return { ok: false, reason: 'no decryption keys are loaded' };
  const st = decryptState(info);
  const dir = info.direction;
  const k = st.active[dir];
  if (!k) {
    st.tellProblem[dir] = false;
    return { ok: false, reason: st.problem || 'no key for this connection' };
  }
  const seq = k.seq;
  k.seq++;
  k.records++;
  const recNo = k.records;
  const ct = header[0]!;
  const version = u16(header, 1);
  const c = k.params.cipher;
  const macFail = { ok: false as const, reason: `MAC failure at record ${recNo} (${k.epoch} keys)` };
  if (k.version === 0x0304) {
    if (c.kind !== 'aead' || frag.length < c.tagLen) return macFail;
    const plain = d.crypto.aeadDecrypt(
      c.alg,
      k.key,
      nonceXor(k.iv, seq),
      header,
      frag.subarray(0, frag.length - c.tagLen),
      frag.subarray(frag.length - c.tagLen),
    );
    if (!plain) return macFail;
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) return { ok: false, reason: `record ${recNo} has no content type` };
    const inner = plain[end - 1]!;
    const content = plain.slice(0, end - 1);
    if (inner === 22) scanHandshake(d, s, st, info, content);
    return { ok: true, plain: content, type: inner };
  }
  const macInput = (content: Uint8Array): Uint8Array =>
    concat(
      seqBytes(seq),
      Uint8Array.of(ct, version >> 8, version & 0xff, content.length >> 8, content.length & 0xff),
      content,
    );
  switch (c.kind) {
    case 'aead': {
      const explicit = c.explicitNonce;
      if (frag.length < explicit + c.tagLen) return macFail;
      const nonce = explicit ? concat(k.iv, frag.subarray(0, explicit)) : nonceXor(k.iv, seq);
      const body = frag.subarray(explicit, frag.length - c.tagLen);
      const aad = concat(
        seqBytes(seq),
        Uint8Array.of(ct, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff),
      );
      const plain = d.crypto.aeadDecrypt(c.alg, k.key, nonce, aad, body, frag.subarray(frag.length - c.tagLen));
      return plain ? { ok: true, plain, type: ct } : macFail;
    }
    case 'block': {
      const bl = c.blockLen;
      let iv: Uint8Array;
      let body: Uint8Array;
      if (k.version >= 0x0302) {
        if (frag.length < 2 * bl || frag.length % bl) return macFail;
        iv = frag.subarray(0, bl);
        body = frag.subarray(bl);
      } else {
        if (frag.length < bl || frag.length % bl) return macFail;
        iv = k.iv;
        body = frag;
        k.iv = frag.slice(frag.length - bl);
      }
      const plain = d.crypto.cbcDecrypt(c.alg, k.key, iv, body);
      if (!plain) return { ok: false, reason: `cipher ${c.alg} is not available` };
      const pad = plain[plain.length - 1]!;
      const macLen = HASH_LEN[k.params.mac!];
      if (pad + 1 + macLen > plain.length) return macFail;
      for (let i = plain.length - 1 - pad; i < plain.length; i++) if (plain[i] !== pad) return macFail;
      const contentEnd = plain.length - pad - 1 - macLen;
      const content = plain.slice(0, contentEnd);
      const mac = plain.subarray(contentEnd, contentEnd + macLen);
      if (!equal(d.crypto.hmac(k.params.mac!, k.macKey, macInput(content)), mac)) return macFail;
      return { ok: true, plain: content, type: ct };
    }
    case 'stream':
    case 'null': {
      let plain: Uint8Array = frag;
      if (c.kind === 'stream') {
        if (!k.stream) return { ok: false, reason: `cipher ${c.alg} is not available` };
        plain = k.stream.update(frag);
      }
      const macLen = HASH_LEN[k.params.mac!];
      if (plain.length < macLen) return macFail;
      const content = plain.slice(0, plain.length - macLen);
      const mac = plain.subarray(plain.length - macLen);
      if (!equal(d.crypto.hmac(k.params.mac!, k.macKey, macInput(content)), mac)) return macFail;
      return { ok: true, plain: content, type: ct };
    }
  }
}

const NO_CONTEXT = new Uint8Array(0);

/**
 * TLS 1.3 key schedule events inside decrypted handshake data: a Finished ends the sender's handshake epoch (its
 * next record uses the application traffic secret); a KeyUpdate moves the sender to the next generation.
 */
function scanHandshake(d: TlsDecryption, s: TlsSession, st: DecryptState, info: StreamInfo, content: Uint8Array): void {
  const dir = info.direction;
  const scan = st.scan[dir];
  let buf = scan.buf.length ? concat(scan.buf, content) : content;
  let p = 0;
  while (buf.length - p >= 4) {
    const len = (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
    if (buf.length - p < 4 + len) break;
    const type = buf[p]!;
    const k = st.active[dir];
    if (k && type === 20 && k.epoch === 'handshake') {
      const fromClient = dir === clientDir(s, info);
      const label: TlsSecretLabel = fromClient ? 'CLIENT_TRAFFIC_SECRET_0' : 'SERVER_TRAFFIC_SECRET_0';
      const secret = s.clientRandom ? d.keys.secret(label, s.clientRandom) : undefined;
      st.active[dir] = secret ? tls13Cipher(d.crypto, k.params, secret, 'application') : undefined;
      if (!secret) {
        st.problem = `no ${label} for client random ${hexShort(s.clientRandom!)}`;
        st.tellProblem[dir] = true;
      }
    } else if (k && type === 24 && k.epoch === 'application' && k.secret) {
      const next = hkdfExpandLabel(d.crypto, k.params.prf, k.secret, 'traffic upd', NO_CONTEXT, HASH_LEN[k.params.prf]);
      st.active[dir] = tls13Cipher(d.crypto, k.params, next, 'application');
    }
    p += 4 + len;
  }
  buf = buf.slice(p);
  scan.buf = buf;
}
