/**
 * What TLS decryption needs from its host: the cryptographic primitives (the Node side implements them with its
 * `crypto` module, so shared/ stays free of Node built-ins and of cipher code) and the secrets, looked up by the
 * ClientHello random. The host installs both with `setTlsDecryption`; without it TLS shows ciphertext as before.
 */

export type TlsHash = 'md5' | 'sha1' | 'sha256' | 'sha384';

/** AEAD ciphers: `decrypt` verifies the tag and gives undefined when it does not match. */
export type TlsAeadCipher = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm' | 'aes-256-ccm';

/** Block ciphers in CBC mode (no padding removal: the record layer checks padding and MAC itself). */
export type TlsBlockCipher = 'aes-128-cbc' | 'aes-256-cbc' | 'des-ede3-cbc' | 'camellia-128-cbc' | 'camellia-256-cbc';

export type TlsStreamCipher = 'rc4';

/** QUIC header protection (RFC 9001 §5.4): AES in ECB mode on one block, or the ChaCha20 keystream. */
export type QuicHeaderCipher = 'aes-128-ecb' | 'aes-256-ecb' | 'chacha20';

/** A stream cipher's running state: each call continues where the last one stopped. */
export interface TlsStreamState {
  update(data: Uint8Array): Uint8Array;
}

export interface TlsCrypto {
  hash(hash: TlsHash, data: Uint8Array): Uint8Array;
  hmac(hash: TlsHash, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** Authenticated decryption; undefined when the tag does not verify (or the cipher is unavailable). */
  aeadDecrypt(
    alg: TlsAeadCipher,
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
  ): Uint8Array | undefined;
  /** CBC decryption of whole blocks, padding left in place; undefined when the cipher is unavailable. */
  cbcDecrypt(alg: TlsBlockCipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined;
  /** A stream cipher keyed once for a direction; undefined when unavailable. */
  streamCipher(alg: TlsStreamCipher, key: Uint8Array): TlsStreamState | undefined;
  /**
   * QUIC header protection: the mask for a 16-byte sample (AES: the encrypted block; ChaCha20: the keystream with
   * the sample as counter and nonce). Undefined when the cipher is unavailable.
   */
  headerProtectionMask?(alg: QuicHeaderCipher, key: Uint8Array, sample: Uint8Array): Uint8Array | undefined;
}

/**
 * NSS key log labels: `CLIENT_RANDOM` (the TLS 1.0–1.2 master secret) and the TLS 1.3 traffic secrets.
 * Lookups are by the 32-byte ClientHello random.
 */
export type TlsSecretLabel =
  | 'CLIENT_RANDOM'
  | 'CLIENT_EARLY_TRAFFIC_SECRET'
  | 'CLIENT_HANDSHAKE_TRAFFIC_SECRET'
  | 'SERVER_HANDSHAKE_TRAFFIC_SECRET'
  | 'CLIENT_TRAFFIC_SECRET_0'
  | 'SERVER_TRAFFIC_SECRET_0'
  | 'EARLY_EXPORTER_SECRET'
  | 'EXPORTER_SECRET';

export interface TlsKeySource {
  secret(label: TlsSecretLabel, clientRandom: Uint8Array): Uint8Array | undefined;
  /**
   * The pre-master secret of an RSA key exchange, given the whole encrypted pre-master secret (key log `RSA` lines
   * match its first 8 bytes; an RSA private key decrypts it).
   */
  rsaPremaster?(encrypted: Uint8Array): Uint8Array | undefined;
  /** False when the source holds no keys at all (then connections without keys are not reported as failures). */
  hasKeys?(): boolean;
}

export interface TlsDecryption {
  readonly crypto: TlsCrypto;
  readonly keys: TlsKeySource;
}

let current: TlsDecryption | undefined;

/** Installs (or with undefined removes) the decryption provider every later dissection uses. */
export function setTlsDecryption(d: TlsDecryption | undefined): void {
  current = d;
}

export function tlsDecryption(): TlsDecryption | undefined {
  return current;
}
