/**
 * TLS decryption on the Node side: the primitives of shared/dissect/tls/crypto.ts over `node:crypto`, and the key
 * sources (an NSS key log file, and the Decryption Secrets Blocks of pcapng files as they are read). Keys stay in
 * this process: the renderer only ever sees decrypted bytes.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  type DecipherCCM,
  type DecipherChaCha20Poly1305,
  type DecipherGCM,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setPcapngSecretsHandler } from '../../shared/capture/pcapng.ts';
import {
  setTlsDecryption,
  type QuicHeaderCipher,
  type TlsAeadCipher,
  type TlsBlockCipher,
  type TlsCrypto,
  type TlsHash,
  type TlsStreamCipher,
  type TlsStreamState,
} from '../../shared/dissect/tls/crypto.ts';
import { TlsKeyStore } from './tls-key-store.ts';

function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

export const nodeTlsCrypto: TlsCrypto = {
  hash(hash: TlsHash, data: Uint8Array): Uint8Array {
    return u8(createHash(hash).update(data).digest());
  },
  hmac(hash: TlsHash, key: Uint8Array, data: Uint8Array): Uint8Array {
    return u8(createHmac(hash, key).update(data).digest());
  },
  aeadDecrypt(
    alg: TlsAeadCipher,
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
  ): Uint8Array | undefined {
    try {
      if (alg === 'aes-128-ccm' || alg === 'aes-256-ccm') {
        const d: DecipherCCM = createDecipheriv(alg, key, nonce, { authTagLength: tag.length });
        d.setAuthTag(tag);
        d.setAAD(aad, { plaintextLength: ciphertext.length });
        const out = d.update(ciphertext);
        d.final();
        return u8(out);
      }
      const d: DecipherGCM | DecipherChaCha20Poly1305 =
        alg === 'chacha20-poly1305'
          ? createDecipheriv(alg, key, nonce, { authTagLength: tag.length })
          : createDecipheriv(alg, key, nonce, { authTagLength: tag.length });
      d.setAAD(aad);
      d.setAuthTag(tag);
      const out = Buffer.concat([d.update(ciphertext), d.final()]);
      return u8(out);
    } catch {
      return undefined;
    }
  },
  cbcDecrypt(alg: TlsBlockCipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined {
    try {
      const d = createDecipheriv(alg, key, iv);
      d.setAutoPadding(false);
      return u8(Buffer.concat([d.update(data), d.final()]));
    } catch {
      return undefined;
    }
  },
  streamCipher(alg: TlsStreamCipher, key: Uint8Array): TlsStreamState | undefined {
    // RC4 lives in OpenSSL 3's legacy provider: Node needs --openssl-legacy-provider for it.
    try {
      const d = createDecipheriv(alg, key, null);
      return { update: (data: Uint8Array) => u8(d.update(data)) };
    } catch {
      return undefined;
    }
  },
  headerProtectionMask(alg: QuicHeaderCipher, key: Uint8Array, sample: Uint8Array): Uint8Array | undefined {
    try {
      if (alg === 'chacha20') return u8(createCipheriv(alg, key, sample).update(new Uint8Array(5)));
      const c = createCipheriv(alg, key, null);
      c.setAutoPadding(false);
      return u8(c.update(sample));
    } catch {
      return undefined;
    }
  },
};

export interface TlsDecryptionOptions {
  /** Path of an NSS key log file (tshark's tls.keylog_file). */
  keylogFile?: string;
  /** Key log text given directly (drag-and-drop, preferences). */
  keylogText?: string;
  /** RSA private keys (PEM, PKCS#1 or PKCS#8) for RSA key exchange, with their passwords ('' for none). */
  rsaKeyFiles?: readonly { path: string; password?: string }[];
  /** Also take keys from pcapng Decryption Secrets Blocks as files are read (default true). */
  embeddedSecrets?: boolean;
}

/**
 * Installs decryption for every later dissection and returns the store that collects the keys (more can be
 * added to it). Throws when the key log file or an RSA key cannot be read (RsaKeyError for a bad key).
 */
export function installTlsDecryption(opts: TlsDecryptionOptions = {}): TlsKeyStore {
  const keys = new TlsKeyStore();
  if (opts.keylogFile) keys.addText(readFileSync(opts.keylogFile, 'utf8'));
  if (opts.keylogText) keys.addText(opts.keylogText);
  for (const k of opts.rsaKeyFiles ?? []) keys.rsa.addFile(k.path, k.password);
  setTlsDecryption({ crypto: nodeTlsCrypto, keys });
  setPcapngSecretsHandler(
    opts.embeddedSecrets === false ? undefined : (type, data) => keys.addSecretsBlock(type, data),
  );
  return keys;
}

/** Removes decryption (and the pcapng secrets hook). */
export function uninstallTlsDecryption(): void {
  setTlsDecryption(undefined);
  setPcapngSecretsHandler(undefined);
}
