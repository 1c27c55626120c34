/**
 * Key derivation (RFC 2246 / 4346 / 5246 PRF and RFC 8446 HKDF-Expand-Label) over the host's HMAC, and the cipher
 * parameters of a cipher suite, read from its IANA name.
 */
import type { TlsAeadCipher, TlsBlockCipher, TlsCrypto, TlsHash, TlsStreamCipher } from './crypto.ts';
import { cipherSuites } from './tables.ts';

const enc = new TextEncoder();

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** P_hash of RFC 5246 §5: HMAC chained over A(i) until `length` bytes are produced. */
export function pHash(c: TlsCrypto, hash: TlsHash, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = seed;
  let o = 0;
  while (o < length) {
    a = c.hmac(hash, secret, a);
    const block = c.hmac(hash, secret, concat(a, seed));
    const n = Math.min(block.length, length - o);
    out.set(block.subarray(0, n), o);
    o += n;
  }
  return out;
}

/**
 * The TLS PRF: TLS 1.2 uses P_hash with the suite's hash; TLS 1.0 and 1.1 XOR P_MD5 over the first half of the
 * secret with P_SHA1 over the second (the halves overlap by one byte when the length is odd).
 */
export function tlsPrf(
  c: TlsCrypto,
  version: number,
  prfHash: TlsHash,
  secret: Uint8Array,
  label: string,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  const labelSeed = concat(enc.encode(label), seed);
  if (version >= 0x0303) return pHash(c, prfHash, secret, labelSeed, length);
  const half = Math.ceil(secret.length / 2);
  const md5 = pHash(c, 'md5', secret.subarray(0, half), labelSeed, length);
  const sha = pHash(c, 'sha1', secret.subarray(secret.length - half), labelSeed, length);
  for (let i = 0; i < length; i++) md5[i]! ^= sha[i]!;
  return md5;
}

/** HKDF-Expand (RFC 5869). */
export function hkdfExpand(c: TlsCrypto, hash: TlsHash, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  let o = 0;
  for (let i = 1; o < length; i++) {
    t = c.hmac(hash, prk, concat(t, info, Uint8Array.of(i)));
    const n = Math.min(t.length, length - o);
    out.set(t.subarray(0, n), o);
    o += n;
  }
  return out;
}

/** HKDF-Expand-Label of RFC 8446 §7.1 ("tls13 " prefix). */
export function hkdfExpandLabel(
  c: TlsCrypto,
  hash: TlsHash,
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  const full = enc.encode('tls13 ' + label);
  const info = concat(
    Uint8Array.of(length >> 8, length & 0xff, full.length),
    full,
    Uint8Array.of(context.length),
    context,
  );
  return hkdfExpand(c, hash, secret, info, length);
}

export const HASH_LEN: Record<TlsHash, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48 };

export type SuiteCipher =
  | { kind: 'aead'; alg: TlsAeadCipher; keyLen: number; tagLen: number; fixedIvLen: number; explicitNonce: number }
  | { kind: 'block'; alg: TlsBlockCipher; keyLen: number; blockLen: number }
  | { kind: 'stream'; alg: TlsStreamCipher; keyLen: number }
  | { kind: 'null' };

export interface SuiteParams {
  name: string;
  cipher: SuiteCipher;
  /** MAC hash of CBC and stream suites (undefined for AEAD). */
  mac: TlsHash | undefined;
  /** PRF hash for TLS 1.2, and the HKDF hash for TLS 1.3. */
  prf: TlsHash;
  tls13: boolean;
}

/** The cipher, MAC and PRF of a suite, or undefined when it cannot be decrypted here (export, IDEA, GOST, …). */
export function suiteParams(suite: number): SuiteParams | undefined {
  const name = cipherSuites.get(suite);
  if (!name) return undefined;
  const tls13 = /^TLS_(AES|CHACHA20)_/.test(name);
  const spec = tls13 ? name.slice(4) : name.split('_WITH_')[1];
  if (!spec || /EXPORT|_anon_.*NULL/.test(name)) return undefined;
  let mac: TlsHash | undefined;
  let prf: TlsHash = 'sha256';
  const hashOf = (s: string): TlsHash | undefined =>
    s === 'SHA' ? 'sha1' : s === 'SHA256' ? 'sha256' : s === 'SHA384' ? 'sha384' : s === 'MD5' ? 'md5' : undefined;
  const m = /^(.*?)_(SHA|SHA256|SHA384|MD5)$/.exec(spec);
  const cipherPart = m ? m[1]! : spec;
  if (m) {
    const h = hashOf(m[2]!)!;
    if (h === 'sha384') prf = 'sha384';
    mac = h;
  }
  let cipher: SuiteCipher;
  switch (cipherPart) {
    case 'AES_128_GCM':
      cipher = { kind: 'aead', alg: 'aes-128-gcm', keyLen: 16, tagLen: 16, fixedIvLen: 4, explicitNonce: 8 };
      break;
    case 'AES_256_GCM':
      cipher = { kind: 'aead', alg: 'aes-256-gcm', keyLen: 32, tagLen: 16, fixedIvLen: 4, explicitNonce: 8 };
      break;
    case 'AES_128_CCM':
    case 'AES_128_CCM_8':
      cipher = {
        kind: 'aead',
        alg: 'aes-128-ccm',
        keyLen: 16,
        tagLen: cipherPart.endsWith('_8') ? 8 : 16,
        fixedIvLen: 4,
        explicitNonce: 8,
      };
      break;
    case 'AES_256_CCM':
    case 'AES_256_CCM_8':
      cipher = {
        kind: 'aead',
        alg: 'aes-256-ccm',
        keyLen: 32,
        tagLen: cipherPart.endsWith('_8') ? 8 : 16,
        fixedIvLen: 4,
        explicitNonce: 8,
      };
      break;
    case 'CHACHA20_POLY1305':
      cipher = { kind: 'aead', alg: 'chacha20-poly1305', keyLen: 32, tagLen: 16, fixedIvLen: 12, explicitNonce: 0 };
      break;
    case 'AES_128_CBC':
      cipher = { kind: 'block', alg: 'aes-128-cbc', keyLen: 16, blockLen: 16 };
      break;
    case 'AES_256_CBC':
      cipher = { kind: 'block', alg: 'aes-256-cbc', keyLen: 32, blockLen: 16 };
      break;
    case 'CAMELLIA_128_CBC':
      cipher = { kind: 'block', alg: 'camellia-128-cbc', keyLen: 16, blockLen: 16 };
      break;
    case 'CAMELLIA_256_CBC':
      cipher = { kind: 'block', alg: 'camellia-256-cbc', keyLen: 32, blockLen: 16 };
      break;
    case '3DES_EDE_CBC':
      cipher = { kind: 'block', alg: 'des-ede3-cbc', keyLen: 24, blockLen: 8 };
      break;
    case 'RC4_128':
      cipher = { kind: 'stream', alg: 'rc4', keyLen: 16 };
      break;
    case 'NULL':
      cipher = { kind: 'null' };
      break;
    default:
      return undefined;
  }
  if (cipher.kind === 'aead') mac = undefined;
  else if (!mac) return undefined;
  return { name, cipher, mac, prf, tls13 };
}
