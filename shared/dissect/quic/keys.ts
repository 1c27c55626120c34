/**
 * QUIC packet protection (RFC 9001 §5): keys from a traffic secret, the Initial secrets from the client's first
 * Destination Connection ID, header protection removal and AEAD payload decryption. The primitives come from the
 * host's TlsCrypto (shared/ holds no cipher code).
 */
import type { QuicHeaderCipher, TlsAeadCipher, TlsCrypto, TlsHash } from '../tls/crypto.ts';
import { hkdfExpandLabel } from '../tls/prf.ts';
import { initialSalt, labelPrefix, QUIC_V2 } from './versions.ts';

const NONE = new Uint8Array(0);
/** AEAD tag length of every QUIC cipher suite. */
export const TAG_LEN = 16;
/** Header protection samples 16 bytes starting 4 bytes after the packet number's start. */
const SAMPLE_LEN = 16;

export interface PacketKeys {
  readonly aead: TlsAeadCipher;
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
  readonly hp: Uint8Array;
  readonly hpCipher: QuicHeaderCipher;
}

/** The AEAD, header protection cipher and hash of the TLS 1.3 suites QUIC can use. */
export interface SuiteCiphers {
  aead: TlsAeadCipher;
  hpCipher: QuicHeaderCipher;
  hash: TlsHash;
  keyLen: number;
}

export function quicSuite(suite: number): SuiteCiphers | undefined {
  switch (suite) {
    case 0x1301:
      return { aead: 'aes-128-gcm', hpCipher: 'aes-128-ecb', hash: 'sha256', keyLen: 16 };
    case 0x1302:
      return { aead: 'aes-256-gcm', hpCipher: 'aes-256-ecb', hash: 'sha384', keyLen: 32 };
    case 0x1303:
      return { aead: 'chacha20-poly1305', hpCipher: 'chacha20', hash: 'sha256', keyLen: 32 };
    default:
      return undefined;
  }
}

/** Packet keys derived from one direction's traffic secret. */
export function packetKeys(c: TlsCrypto, suite: SuiteCiphers, secret: Uint8Array, version: number): PacketKeys {
  const p = labelPrefix(version);
  return {
    aead: suite.aead,
    hpCipher: suite.hpCipher,
    key: hkdfExpandLabel(c, suite.hash, secret, `${p}key`, NONE, suite.keyLen),
    iv: hkdfExpandLabel(c, suite.hash, secret, `${p}iv`, NONE, 12),
    hp: hkdfExpandLabel(c, suite.hash, secret, `${p}hp`, NONE, suite.keyLen),
  };
}

const INITIAL_SUITE = quicSuite(0x1301)!;

/** Both directions' Initial keys for a version and the client's first Destination Connection ID. */
export function initialKeys(
  c: TlsCrypto,
  version: number,
  dcid: Uint8Array,
): { client: PacketKeys; server: PacketKeys } | undefined {
  const salt = initialSalt(version);
  if (!salt) return undefined;
  const initialSecret = c.hmac('sha256', salt, dcid);
  const client = hkdfExpandLabel(c, 'sha256', initialSecret, 'client in', NONE, 32);
  const server = hkdfExpandLabel(c, 'sha256', initialSecret, 'server in', NONE, 32);
  return {
    client: packetKeys(c, INITIAL_SUITE, client, version),
    server: packetKeys(c, INITIAL_SUITE, server, version),
  };
}

export interface Unprotected {
  /** The first byte without header protection. */
  firstByte: number;
  /** Packet number length in bytes (1–4) and its truncated value. */
  pnLength: number;
  truncatedPn: number;
  /** The header as it was before protection: the AEAD's associated data. */
  header: Uint8Array;
}

/**
 * Removes header protection from the packet `b[start, end)` whose packet number starts at `pnOffset`; undefined
 * when the packet is too short to sample or the cipher is unavailable. Does not modify `b`.
 */
export function removeHeaderProtection(
  c: TlsCrypto,
  keys: PacketKeys,
  b: Uint8Array,
  start: number,
  pnOffset: number,
  end: number,
): Unprotected | undefined {
  if (pnOffset + 4 + SAMPLE_LEN > end || !c.headerProtectionMask) return undefined;
  const mask = c.headerProtectionMask(keys.hpCipher, keys.hp, b.subarray(pnOffset + 4, pnOffset + 4 + SAMPLE_LEN));
  if (!mask || mask.length < 5) return undefined;
  const long = (b[start]! & 0x80) !== 0;
  const firstByte = b[start]! ^ (mask[0]! & (long ? 0x0f : 0x1f));
  const pnLength = (firstByte & 3) + 1;
  const header = b.slice(start, pnOffset + pnLength);
  header[0] = firstByte;
  let truncatedPn = 0;
  for (let i = 0; i < pnLength; i++) {
    const v = b[pnOffset + i]! ^ mask[1 + i]!;
    header[pnOffset - start + i] = v;
    truncatedPn = truncatedPn * 256 + v;
  }
  return { firstByte, pnLength, truncatedPn, header };
}

/** The full packet number nearest to the next expected one (RFC 9000 Appendix A.3). */
export function decodePacketNumber(largest: number, truncated: number, pnLength: number): number {
  const expected = largest + 1;
  const win = 2 ** (pnLength * 8);
  const half = win / 2;
  const candidate = Math.floor(expected / win) * win + truncated;
  if (candidate <= expected - half && candidate < 2 ** 62 - win) return candidate + win;
  if (candidate > expected + half && candidate >= win) return candidate - win;
  return candidate;
}

/** Decrypts a payload (ciphertext with its tag) protected with packet number `pn`; undefined when the tag fails. */
export function decryptPayload(
  c: TlsCrypto,
  keys: PacketKeys,
  header: Uint8Array,
  pn: number,
  payload: Uint8Array,
): Uint8Array | undefined {
  if (payload.length < TAG_LEN) return undefined;
  const nonce = keys.iv.slice();
  let v = pn;
  for (let i = nonce.length - 1; i >= nonce.length - 8 && v > 0; i--) {
    nonce[i]! ^= v % 256;
    v = Math.floor(v / 256);
  }
  const n = payload.length - TAG_LEN;
  return c.aeadDecrypt(keys.aead, keys.key, nonce, header, payload.subarray(0, n), payload.subarray(n));
}

function fromHex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
}

/** The fixed AES-128-GCM key and nonce of Retry integrity tags (RFC 9001 §5.8, RFC 9369 §3.3.3). */
const RETRY_V1 = { key: fromHex('be0c690b9f66575a1d766b54e368c84e'), nonce: fromHex('461599d35d632bf2239825bb') };
const RETRY_V2 = { key: fromHex('8fb4b01b56ac48e260fbcbcead7ccc92'), nonce: fromHex('d86969bc2d7c6d9990efb04a') };

/**
 * Does a Retry packet's integrity tag verify? `packet` is the Retry without its tag, `odcid` the Destination
 * Connection ID of the client's Initial. The tag is the AEAD tag of no plaintext over the Retry pseudo-packet.
 */
export function retryTagValid(
  c: TlsCrypto,
  version: number,
  odcid: Uint8Array,
  packet: Uint8Array,
  tag: Uint8Array,
): boolean {
  if (tag.length !== TAG_LEN) return false;
  const k = version === QUIC_V2 ? RETRY_V2 : RETRY_V1;
  const pseudo = new Uint8Array(1 + odcid.length + packet.length);
  pseudo[0] = odcid.length;
  pseudo.set(odcid, 1);
  pseudo.set(packet, 1 + odcid.length);
  return c.aeadDecrypt('aes-128-gcm', k.key, k.nonce, pseudo, new Uint8Array(0), tag) !== undefined;
}
